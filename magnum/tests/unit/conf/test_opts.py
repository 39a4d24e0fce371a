# Licensed under the Apache License, Version 2.0 (the "License"); you may
# not use this file except in compliance with the License. You may obtain
# a copy of the License at
#
#      http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS, WITHOUT
# WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the
# License for the specific language governing permissions and limitations
# under the License.

"""The option listing handed to oslo-config-generator is complete."""

import importlib
import pathlib
import unittest

from keystoneauth1 import loading as ks_loading
from oslo_config import cfg
from oslo_db import options as db_options
from oslo_log import log
from oslo_messaging import opts as messaging_opts
from oslo_middleware import cors

import magnum.conf
from magnum.conf import opts

CONF_DIR = pathlib.Path(magnum.conf.__file__).parent
NOT_GROUP_MODULES = {'__init__', 'opts'}


def _group_name(group):
    return group.name if isinstance(group, cfg.OptGroup) else group


def _module_files():
    return sorted(path.stem for path in CONF_DIR.glob('*.py')
                  if path.stem not in NOT_GROUP_MODULES
                  and not path.stem.startswith('_'))


def _listed():
    """{group name: {option dest}} from opts.list_opts()."""
    return {_group_name(group): {opt.dest for opt in group_opts}
            for group, group_opts in opts.list_opts()}


class TestListOpts(unittest.TestCase):

    def test_every_module_is_a_group_module(self):
        registered = sorted(module.__name__.rsplit('.', 1)[1]
                            for module in magnum.conf.GROUP_MODULES)
        self.assertEqual(_module_files(), registered)

    def test_every_module_option_is_listed(self):
        listed = _listed()
        for name in _module_files():
            module = importlib.import_module('magnum.conf.' + name)
            for group, group_opts in module.list_opts().items():
                for opt in group_opts:
                    with self.subTest(module=name, opt=opt.dest):
                        self.assertIn(opt.dest,
                                      listed.get(_group_name(group), ()))

    def test_every_option_has_help(self):
        for group, group_opts in opts.list_opts():
            for opt in group_opts:
                with self.subTest(group=_group_name(group), opt=opt.dest):
                    self.assertTrue(opt.help and opt.help.strip())

    def test_every_described_group_has_help(self):
        for group, _ in opts.list_opts():
            if isinstance(group, cfg.OptGroup):
                with self.subTest(group=group.name):
                    self.assertTrue(group.help and group.help.strip())

    def test_groups_sorted_with_default_first(self):
        names = [_group_name(group) for group, _ in opts.list_opts()]
        self.assertEqual('DEFAULT', names[0])
        self.assertEqual(sorted(names[1:]), names[1:])
        self.assertEqual(len(set(names)), len(names))

    def test_no_option_listed_twice_in_a_group(self):
        for group, group_opts in opts.list_opts():
            dests = [opt.dest for opt in group_opts]
            with self.subTest(group=_group_name(group)):
                self.assertEqual(len(set(dests)), len(dests))

    def test_default_group_merges_several_modules(self):
        default = _listed()['DEFAULT']
        self.assertIn('host', default)
        self.assertIn('auth_strategy', default)

    def test_listed_options_are_registered_on_conf(self):
        # keystoneauth1 registers a plugin's own options only when the
        # plugin is loaded, so those are left out here.
        skipped = {opt.dest for opt in
                   ks_loading.get_auth_plugin_conf_options('password')}
        for group, group_opts in opts.list_opts():
            name = _group_name(group)
            section = (magnum.conf.CONF if name == 'DEFAULT'
                       else magnum.conf.CONF[name])
            for opt in group_opts:
                if name == 'keystone_auth' and opt.dest in skipped:
                    continue
                with self.subTest(group=name, opt=opt.dest):
                    self.assertIn(opt.dest, section)

    def test_secrets_are_marked_secret(self):
        secret = {(_group_name(group), opt.dest)
                  for group, group_opts in opts.list_opts()
                  for opt in group_opts if opt.secret}
        self.assertIn(('certificates', 'encryption_key'), secret)
        self.assertIn(('trust', 'trustee_domain_admin_password'), secret)
        self.assertIn(('keystone_auth', 'password'), secret)


class TestUpdateOptDefaults(unittest.TestCase):

    def setUp(self):
        super().setUp()
        opts.update_opt_defaults()

    def _fresh(self, register):
        conf = cfg.ConfigOpts()
        register(conf)
        conf(args=[], default_config_files=[], default_config_dirs=[])
        return conf

    def test_cors(self):
        conf = self._fresh(
            lambda c: c.register_opts(cors.CORS_OPTS, group='cors'))
        self.assertIn('X-Auth-Token', conf.cors.allow_headers)
        self.assertIn('OpenStack-API-Version', conf.cors.allow_headers)
        self.assertIn('OpenStack-API-Maximum-Version',
                      conf.cors.expose_headers)
        self.assertEqual(['GET', 'PUT', 'POST', 'DELETE', 'PATCH'],
                         conf.cors.allow_methods)

    def test_log_levels_added_once(self):
        opts.update_opt_defaults()
        conf = self._fresh(log.register_options)
        self.assertEqual(1, conf.default_log_levels.count('pecan=WARN'))
        self.assertIn('sqlalchemy=WARN', conf.default_log_levels)

    def test_messaging_control_exchange(self):
        defaults = {opt.dest: opt.default
                    for group, group_opts in messaging_opts.list_opts()
                    if group in (None, 'DEFAULT')
                    for opt in group_opts}
        self.assertEqual('magnum', defaults['control_exchange'])

    def test_oslo_db_lists_magnum_connection(self):
        connection = next(opt for opt in db_options.database_opts
                          if opt.dest == 'connection')
        self.assertEqual('sqlite:///$state_path/magnum.sqlite',
                         connection.default)

    def test_rabbit_queues_are_durable(self):
        defaults = {opt.dest: opt.default
                    for group, group_opts in messaging_opts.list_opts()
                    if group == 'oslo_messaging_rabbit'
                    for opt in group_opts}
        self.assertIs(True, defaults['amqp_durable_queues'])
