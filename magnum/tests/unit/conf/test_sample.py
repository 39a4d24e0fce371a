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

"""oslo-config-generator turns the generator config into a full sample."""

import configparser
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

from oslo_config import cfg

from magnum.conf import opts

REPO_ROOT = pathlib.Path(__file__).resolve().parents[4]
GENERATOR_CONF = REPO_ROOT / 'etc' / 'magnum' / 'magnum-config-generator.conf'
_SECTION = re.compile(r'^\[(?P<name>[^\]]+)\]$')
_OPTION = re.compile(r'^#?(?P<name>[A-Za-z0-9_]+) =( |$)')


def _generator():
    beside_python = pathlib.Path(sys.executable).parent / 'oslo-config-generator'
    if beside_python.exists():
        return str(beside_python)
    return shutil.which('oslo-config-generator')


def _parse_sample(text):
    """{section: {option name}} for every option line, commented or not."""
    sections = {}
    current = None
    for line in text.splitlines():
        match = _SECTION.match(line)
        if match:
            current = sections.setdefault(match.group('name'), set())
            continue
        match = _OPTION.match(line)
        if match and current is not None:
            current.add(match.group('name'))
    return sections


class TestSampleConfig(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        generator = _generator()
        if generator is None:
            raise unittest.SkipTest('oslo-config-generator is not installed')
        with tempfile.TemporaryDirectory() as tmp:
            output = os.path.join(tmp, 'magnum.conf.sample')
            result = subprocess.run(
                [generator, '--config-file', str(GENERATOR_CONF),
                 '--output-file', output],
                cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
            if result.returncode != 0:
                raise AssertionError('oslo-config-generator failed:\n'
                                     + result.stderr)
            with open(output) as sample:
                cls.text = sample.read()
        cls.sections = _parse_sample(cls.text)

    def test_output_file_points_at_the_ignored_sample(self):
        parser = configparser.ConfigParser(strict=False)
        parser.read(GENERATOR_CONF)
        self.assertEqual('etc/magnum/magnum.conf.sample',
                         parser['DEFAULT']['output_file'])

    def test_every_magnum_option_is_in_the_sample(self):
        for group, group_opts in opts.list_opts():
            name = group.name if isinstance(group, cfg.OptGroup) else group
            with self.subTest(group=name):
                self.assertIn(name, self.sections)
            for opt in group_opts:
                with self.subTest(group=name, opt=opt.dest):
                    self.assertIn(opt.dest, self.sections.get(name, ()))

    def test_library_groups_are_in_the_sample(self):
        for name in ('database', 'cors', 'oslo_messaging_rabbit',
                     'oslo_policy', 'keystone_authtoken', 'oslo_concurrency'):
            with self.subTest(group=name):
                self.assertIn(name, self.sections)
        self.assertIn('connection', self.sections['database'])
        self.assertIn('debug', self.sections['DEFAULT'])
        self.assertIn('transport_url', self.sections['DEFAULT'])

    def test_magnum_defaults_of_library_options_are_shown(self):
        self.assertIn('#connection = sqlite:///$state_path/magnum.sqlite',
                      self.text)
        self.assertIn('#control_exchange = magnum', self.text)
        self.assertRegex(self.text, r'#allow_methods = GET,PUT,POST,DELETE,PATCH')

    def test_machine_dependent_defaults_are_not_baked_in(self):
        self.assertIn("#host = <this machine's hostname>", self.text)
        self.assertNotIn(str(REPO_ROOT), self.text)

    def test_secret_has_no_sample_value(self):
        self.assertIn('#encryption_key = <None>', self.text)
