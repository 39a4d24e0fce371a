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

import os
import subprocess
import sys

BIN = os.path.dirname(sys.executable)


def _run(command, config):
    return subprocess.run(
        [os.path.join(BIN, command), '--config-file', str(config)] +
        (['upgrade', 'check'] if command == 'magnum-status' else ['upgrade']),
        capture_output=True, text=True, timeout=120)


def test_upgrade_check_fails_until_the_schema_is_migrated(tmp_path):
    config = tmp_path / 'magnum.conf'
    config.write_text('[database]\nconnection = sqlite:///%s\n'
                      % (tmp_path / 'magnum.sqlite'))

    before = _run('magnum-status', config)
    assert before.returncode == 2, before.stdout + before.stderr
    assert 'magnum-db-manage upgrade' in before.stdout

    assert _run('magnum-db-manage', config).returncode == 0

    after = _run('magnum-status', config)
    assert after.returncode == 0, after.stdout + after.stderr
    assert 'Failure' not in after.stdout
