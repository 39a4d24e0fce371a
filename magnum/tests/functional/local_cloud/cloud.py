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

"""Helpers for the local cloud functional tests (see conftest.py)."""

import contextlib
import json
import os
import subprocess
import sys
import time
import uuid

import pytest
from heatclient import client as heat_client
from heatclient import exc as heat_exc
from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__))))))
TOOL = os.path.join(REPO, 'tools', 'local-cloud', 'local-cloud')
HOME = os.path.abspath(os.environ.get('LOCAL_CLOUD_HOME')
                       or os.path.join(REPO, '.local-cloud'))
TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                         'templates')

# Deadlines (seconds) for Heat operations; generous for a loaded 2-core box.
STACK_TIMEOUT = int(os.environ.get('LOCAL_CLOUD_STACK_TIMEOUT', 300))


def tool_env():
    """The tool's environment: Magnum from the environment running the
    tests when it has ``magnum-all`` (an editable install of this tree, as
    tox makes), which spares the tier installing .local-cloud/magnum-venv."""
    env = dict(os.environ)
    own = os.path.join(sys.prefix, 'bin', 'magnum-all')
    if 'LOCAL_CLOUD_MAGNUM_VENV' not in env and os.path.exists(own):
        env['LOCAL_CLOUD_MAGNUM_VENV'] = sys.prefix
    return env


def run_tool(command, timeout):
    return subprocess.run([sys.executable, TOOL, command],
                          stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=timeout, env=tool_env())


class LocalCloud(object):
    """What the tests need to reach the local cloud."""

    def __init__(self, state):
        self.state = state
        self.auth_url = state['auth_url']
        self._sessions = {}

    def session(self, user_key):
        if user_key not in self._sessions:
            user = self.state['users'][user_key]
            auth = v3.Password(auth_url=self.auth_url,
                               username=user['username'],
                               password=user['password'],
                               project_name=user['project_name'],
                               user_domain_id='default',
                               project_domain_id='default')
            self._sessions[user_key] = ks_session.Session(auth=auth)
        return self._sessions[user_key]

    def heat(self, user_key):
        """A heatclient that finds Heat through the Keystone catalog."""
        return heat_client.Client('1', session=self.session(user_key),
                                  region_name=self.state['region'])

    @contextlib.contextmanager
    def behaviour(self, **settings):
        """Steer the stand-ins for the duration of a with-block."""
        path = self.state['behaviour_file']
        with open(path, encoding='utf-8') as f:
            saved = f.read()
        data = {'delays': {'create': {}, 'delete': {}}, 'failures': [],
                'reject': {}}
        data.update(settings)
        _write_atomic(path, json.dumps(data))
        try:
            yield
        finally:
            _write_atomic(path, saved)


def _write_atomic(path, text):
    tmp = '%s.%s' % (path, uuid.uuid4().hex)
    with open(tmp, 'w', encoding='utf-8') as f:
        f.write(text)
    os.replace(tmp, path)


def wait_for_stack(heat, stack_id, done, timeout=STACK_TIMEOUT):
    """Poll Heat until the stack's status is in ``done`` or is *_FAILED.

    Returns the stack; a status outside ``done`` fails the test with Heat's
    reason.  A stack that has gone (deleted) is returned as None.
    """
    deadline = time.monotonic() + timeout
    stack = None
    while time.monotonic() < deadline:
        try:
            stack = heat.stacks.get(stack_id)
        except heat_exc.HTTPNotFound:
            return None
        status = stack.stack_status
        if status in done or status.endswith('_FAILED'):
            return stack
        time.sleep(1)
    pytest.fail('stack %s still %s after %ss' % (
        stack_id, stack.stack_status if stack else '?', timeout))


def delete_stack(heat, stack_id, timeout=STACK_TIMEOUT):
    try:
        heat.stacks.delete(stack_id)
    except heat_exc.HTTPNotFound:
        return
    stack = wait_for_stack(heat, stack_id, ('DELETE_COMPLETE',), timeout)
    assert stack is None or stack.stack_status == 'DELETE_COMPLETE', (
        'delete failed: %s' % stack.stack_status_reason)


def outputs(stack):
    return {o['output_key']: o['output_value'] for o in stack.outputs}
