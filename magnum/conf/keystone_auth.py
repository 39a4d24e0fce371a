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

"""``[keystone_auth]`` options: Magnum's own service credentials.

The options come from keystoneauth1: the session options, the plugin
selector (``auth_type``) and, for the sample file, the options of the
``password`` plugin. The plugin's options are registered by keystoneauth1
itself when the plugin is loaded.
"""

import copy

from keystoneauth1 import loading as ks_loading
from oslo_config import cfg

GROUP_NAME = 'keystone_auth'
DEFAULT_AUTH_TYPE = 'password'

keystone_auth_group = cfg.OptGroup(
    name=GROUP_NAME,
    title='Magnum service credentials',
    help='Credentials and session settings Magnum uses to call Keystone '
         'and the other OpenStack services as itself (trusts, '
         'certificates in Barbican, cluster stacks).')


def register_opts(conf):
    conf.register_group(keystone_auth_group)
    ks_loading.register_session_conf_options(conf, GROUP_NAME)
    ks_loading.register_auth_conf_options(conf, GROUP_NAME)
    conf.set_default('auth_type', DEFAULT_AUTH_TYPE, group=GROUP_NAME)


def _unique(opts):
    seen = set()
    result = []
    for opt in opts:
        if opt.dest not in seen:
            seen.add(opt.dest)
            result.append(opt)
    return result


def list_opts():
    opts = copy.deepcopy(
        ks_loading.get_session_conf_options()
        + ks_loading.get_auth_common_conf_options()
        + ks_loading.get_auth_plugin_conf_options(DEFAULT_AUTH_TYPE))
    for opt in opts:
        if opt.dest == 'auth_type':
            opt.default = DEFAULT_AUTH_TYPE
    return {keystone_auth_group: _unique(opts)}
