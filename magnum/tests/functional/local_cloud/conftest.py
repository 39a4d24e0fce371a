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

"""Session fixture: the local cloud (real Keystone + real Heat) on loopback.

``tools/local-cloud/local-cloud up`` runs once per test session, as a
subprocess of whatever Python runs pytest (the tool needs only the standard
library; Keystone and Heat run from their own virtualenv).  If it cannot come
up, every test here errors with the tool's output and log tail: nothing is
skipped.

At the end of the session the cloud is stopped again if this session started
it.  A cloud that was already running is left running, and so is the one
this session started when LOCAL_CLOUD_KEEP=1 (faster reruns).
"""

import json
import os
import subprocess
import sys
import time

import pytest

from magnum.tests.functional.local_cloud.cloud import HOME
from magnum.tests.functional.local_cloud.cloud import LocalCloud
from magnum.tests.functional.local_cloud.cloud import run_tool


@pytest.fixture(scope='session')
def local_cloud():
    was_up = run_tool('status', 60).returncode == 0
    started = time.monotonic()
    try:
        proc = run_tool('up', 1800)
    except subprocess.TimeoutExpired as exc:
        if not was_up:
            run_tool('down', 300)
        pytest.fail('local-cloud up timed out:\n%s' % (exc.stdout or ''),
                    pytrace=False)
    if proc.returncode != 0:
        if not was_up:   # leave no half-started daemon behind
            run_tool('down', 300)
        pytest.fail('local-cloud up failed (exit %d):\n%s\n%s'
                    % (proc.returncode, proc.stdout[-8000:],
                       proc.stderr[-4000:]), pytrace=False)
    sys.stderr.write('\nlocal cloud up in %.0fs\n' % (time.monotonic() -
                                                      started))
    with open(os.path.join(HOME, 'state.json'), encoding='utf-8') as f:
        cloud = LocalCloud(json.load(f))
    yield cloud
    if not was_up and os.environ.get('LOCAL_CLOUD_KEEP') != '1':
        run_tool('down', 300)
