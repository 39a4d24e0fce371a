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

"""Fixtures for the policy tests.

``conf`` gives each test a clean ``[oslo_policy]`` (no policy file, no
policy directories, overrides undone afterwards) and a fresh enforcer.
The enforcer needs ``CONF`` parsed; if nothing has parsed it yet it is
parsed here without any file and put back afterwards.
"""

from oslo_config import cfg
from oslo_config import fixture as config_fixture
import pytest

from magnum.common import policy
import magnum.conf

CONF = magnum.conf.CONF


@pytest.fixture(autouse=True)
def conf(tmp_path):
    parsed_here = False
    try:
        CONF.find_file('policy.yaml')
    except cfg.NotInitializedError:
        CONF([], project='magnum', default_config_files=[],
             default_config_dirs=[])
        parsed_here = True
    fixture = config_fixture.Config(CONF)
    fixture.setUp()
    fixture.config(group='oslo_policy',
                   policy_file=str(tmp_path / 'absent-policy.yaml'),
                   policy_dirs=[])
    policy.reset()
    yield fixture
    policy.reset()
    fixture.cleanUp()
    if parsed_here:
        CONF.clear()
