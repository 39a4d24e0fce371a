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

"""A private ``magnum-all`` and the real ``openstack coe`` CLI against it.

``MagnumAll`` runs this tree's ``magnum-all`` (from the environment running
the tests) on a free loopback port with its own configuration: SQLite in a
temporary directory, Keystone auth against the local cloud's Keystone, the
beta fake driver and x509keypair certificates. It is not the tool-managed
Magnum of the catalog, so other tests may restart that one freely.

``CoeCli`` drives python-openstackclient with python-magnumclient 5.0.0
from the local cloud's venv. The CLI authenticates with a real Keystone
token of the chosen user and OSC's ``admin_token`` auth type
(``--os-endpoint``), which is how it reaches this Magnum instead of the
catalog's. Starting ``openstack`` costs ~5 s here (it loads every installed
client plugin), so the commands run in one long-lived Python process of that
venv, each in a fresh ``OpenStackShell`` with its own argv and environment,
exactly as ``openstack <argv>`` would run them; ``CoeCli.run_executable``
runs the real ``openstack`` script for comparison.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

START_TIMEOUT = 60
COMMAND_TIMEOUT = 60

# Runs in the CLI venv: one JSON request per line in, one JSON answer per
# line out on the original stdout; everything the command prints is captured.
_DRIVER = r'''
import contextlib, io, json, logging, os, sys, traceback
from osc_lib import clientmanager as osc_clientmanager
from openstackclient import shell
from openstackclient.common import clientmanager


def forget_clients():
    # OSC caches each plugin's client on the ClientManager class; a new
    # process would start without them.
    for cls in clientmanager.ClientManager.__mro__:
        for attr in vars(cls).values():
            if isinstance(attr, osc_clientmanager.ClientCache):
                attr._handle = None


answers = sys.stdout
root = logging.getLogger()
for line in sys.stdin:
    request = json.loads(line)
    for key in [k for k in os.environ if k.startswith('OS_')]:
        del os.environ[key]
    os.environ.update(request['env'])
    os.chdir(request['cwd'])
    out, err = io.StringIO(), io.StringIO()
    handlers = root.handlers[:]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            rc = shell.OpenStackShell().run(request['argv'])
        except SystemExit as exc:
            rc = exc.code if isinstance(exc.code, int) else 1
        except BaseException:
            traceback.print_exc()
            rc = 1
    root.handlers[:] = handlers
    forget_clients()
    answers.write(json.dumps({'rc': rc, 'stdout': out.getvalue(),
                              'stderr': err.getvalue()}) + '\n')
    answers.flush()
'''


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def _keystone_section(auth_url, with_middleware):
    lines = []
    if with_middleware:
        lines += ['www_authenticate_uri = %s' % auth_url,
                  'auth_url = %s' % auth_url.rsplit('/v3', 1)[0],
                  'region_name = RegionOne']
    else:
        lines.append('auth_url = %s' % auth_url)
    lines += ['auth_type = password', 'username = magnum',
              'password = magnum-pass', 'project_name = service',
              'user_domain_id = default', 'project_domain_id = default']
    return '\n'.join(lines)


class MagnumAll(object):
    """This tree's magnum-all on a free port, with its own files."""

    def __init__(self, workdir, auth_url, encryption_key):
        self.workdir = workdir
        self.port = free_port()
        self.url = 'http://127.0.0.1:%d' % self.port
        self.endpoint = self.url + '/v1'
        self.log_file = os.path.join(workdir, 'magnum.log')
        self.conf = os.path.join(workdir, 'magnum.conf')
        fake = os.path.join(workdir, 'fake-driver')
        os.makedirs(fake, exist_ok=True)
        # Every fake operation reports its outcome at the first status sync.
        with open(os.path.join(fake, 'behaviour.json'), 'w') as f:
            json.dump({'default': {'polls': 0}}, f)
        self.calls_file = os.path.join(fake, 'calls.jsonl')
        with open(self.conf, 'w') as f:
            f.write(_CONF % {
                'workdir': workdir, 'port': self.port, 'fake': fake,
                'key': encryption_key, 'log_file': self.log_file,
                'authtoken': _keystone_section(auth_url, True),
                'auth': _keystone_section(auth_url, False)})
        self.proc = None
        self._log_checked = 0

    def start(self):
        binary = os.path.join(sys.prefix, 'bin', 'magnum-all')
        self.proc = subprocess.Popen(
            [binary, '--config-file', self.conf], stdin=subprocess.DEVNULL,
            stdout=open(os.path.join(self.workdir, 'stdout.txt'), 'w'),
            stderr=subprocess.STDOUT, cwd=self.workdir)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail('magnum-all exited with %s:\n%s'
                            % (self.proc.returncode, self.log_tail()),
                            pytrace=False)
            try:
                with urllib.request.urlopen(self.url + '/', timeout=2):
                    return
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        self.stop()
        pytest.fail('magnum-all did not answer within %ss:\n%s'
                    % (START_TIMEOUT, self.log_tail()), pytrace=False)

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)

    def log_tail(self, size=6000):
        try:
            with open(self.log_file, encoding='utf-8') as f:
                return f.read()[-size:]
        except OSError:
            return '(no log)'

    def assert_no_lost_writes(self):
        """Fail at once when the conductor lost a request to SQLite's
        write lock, instead of waiting for a status that will not come."""
        try:
            with open(self.log_file, encoding='utf-8') as f:
                f.seek(self._log_checked)
                new = f.read()
        except OSError:
            return
        self._log_checked += len(new.encode('utf-8'))
        start = new.find('database is locked')
        if start >= 0:
            pytest.fail('magnum-all dropped a request: SQLite said '
                        '"database is locked" (concurrent writers); log:\n%s'
                        % new[max(0, start - 1500):start + 1500],
                        pytrace=False)

    def driver_calls(self, op):
        """The fake driver's recorded calls of one operation."""
        if not os.path.exists(self.calls_file):
            return []
        with open(self.calls_file, encoding='utf-8') as f:
            calls = [json.loads(line) for line in f if line.strip()]
        return [c for c in calls if c['op'] == op]


_CONF = '''[DEFAULT]
host = coe-cli-test
debug = false
log_file = %(log_file)s
state_path = %(workdir)s
auth_strategy = keystone
transport_url = fake://

[database]
connection = sqlite:///%(workdir)s/magnum.sqlite

[api]
host = 127.0.0.1
port = %(port)d
validate_cloud_resources = True

[conductor]
status_sync_interval = 1

[keystone_authtoken]
%(authtoken)s

[keystone_auth]
%(auth)s

[drivers]
enabled_beta_drivers = fake

[fake_driver]
behaviour_file = %(fake)s/behaviour.json
calls_file = %(fake)s/calls.jsonl
state_file = %(fake)s/state.json

[certificates]
cert_manager_type = x509keypair
encryption_key = %(key)s

[oslo_messaging_notifications]
driver = noop
'''


class Result(object):
    def __init__(self, argv, rc, stdout, stderr):
        self.argv, self.rc = argv, rc
        self.stdout, self.stderr = stdout, stderr

    def __repr__(self):
        return ('openstack %s -> rc %s\nstdout:\n%s\nstderr:\n%s'
                % (' '.join(self.argv), self.rc, self.stdout,
                   self.stderr[-3000:]))


class CoeCli(object):
    """``openstack`` of the local cloud's venv, as a given user, against one
    Magnum endpoint."""

    def __init__(self, venv, endpoint, token_of, workdir):
        self.venv = venv
        self.endpoint = endpoint
        self.token_of = token_of
        self.workdir = workdir
        self._driver = None

    def env(self, user):
        return {'OS_AUTH_TYPE': 'admin_token', 'OS_ENDPOINT': self.endpoint,
                'OS_TOKEN': self.token_of(user)}

    def _start_driver(self):
        self._driver = subprocess.Popen(
            [os.path.join(self.venv, 'bin', 'python'), '-c', _DRIVER],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True, cwd=self.workdir,
            env=clean_env())

    def run(self, user, *argv, expect=0):
        """Run ``openstack <argv>`` as ``user``; ``expect``: the exit
        status required (None: any)."""
        argv = [str(a) for a in argv]
        if self._driver is None or self._driver.poll() is not None:
            self._start_driver()
        request = {'argv': argv, 'env': self.env(user), 'cwd': self.workdir}
        self._driver.stdin.write(json.dumps(request) + '\n')
        self._driver.stdin.flush()
        line = self._driver.stdout.readline()
        if not line:
            pytest.fail('the CLI driver died running %s' % argv)
        answer = json.loads(line)
        result = Result(argv, answer['rc'], answer['stdout'],
                        answer['stderr'])
        if expect is not None:
            assert result.rc == expect, result
        return result

    def json(self, user, *argv):
        """``-f json`` output; commands that announce themselves first
        ("Request to create ... accepted") have that line skipped."""
        result = self.run(user, *(argv + ('-f', 'json')))
        lines = result.stdout.splitlines()
        while lines and not lines[0].startswith(('{', '[')):
            lines.pop(0)
        return json.loads('\n'.join(lines))

    def value(self, user, *argv):
        return self.run(user, *(argv + ('-f', 'value'))).stdout.strip()

    def fails(self, user, *argv):
        """Run a command that must fail; returns its stderr."""
        result = self.run(user, *argv, expect=None)
        assert result.rc != 0, result
        return result.stderr

    def run_executable(self, user, *argv, timeout=COMMAND_TIMEOUT):
        env = clean_env()
        env.update(self.env(user))
        proc = subprocess.run(
            [os.path.join(self.venv, 'bin', 'openstack')] + list(argv),
            stdin=subprocess.DEVNULL, capture_output=True, text=True,
            timeout=timeout, env=env, cwd=self.workdir)
        return Result(list(argv), proc.returncode, proc.stdout, proc.stderr)

    def close(self):
        if self._driver is not None and self._driver.poll() is None:
            self._driver.stdin.close()
            try:
                self._driver.wait(10)
            except subprocess.TimeoutExpired:
                self._driver.kill()
                self._driver.wait(10)


def table(text):
    """Rows of a prettytable as printed by magnumclient's print_list and
    print_dict: a list of dicts keyed by the header."""
    lines = [line for line in text.splitlines() if line.startswith('|')]
    if not lines:
        return []
    header = [cell.strip() for cell in lines[0].strip('|').split('|')]
    return [dict(zip(header, (cell.strip() for cell in
                              line.strip('|').split('|'))))
            for line in lines[1:]]


def properties(text):
    """A print_dict table (Property | Value) as a dict."""
    return {row['Property']: row['Value'] for row in table(text)}


def clean_env():
    """The caller's environment without any OpenStack settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith('OS_')}
    env['HOME'] = env.get('HOME', '/tmp')
    # `coe cluster config` picks sh or csh syntax from $SHELL and fails
    # without it; tox does not pass it on.
    env.setdefault('SHELL', '/bin/bash')
    return env


def wait_for(fetch, done, timeout, what, log_tail=None):
    """Call ``fetch`` until ``done(value)``; returns the last value.
    ``log_tail``: a callable whose text is added to a timeout's message."""
    deadline = time.monotonic() + timeout
    while True:
        value = fetch()
        if done(value):
            return value
        if time.monotonic() > deadline:
            pytest.fail('%s: still %r after %ss\n%s' % (
                what, value, timeout, log_tail() if log_tail else ''))
        time.sleep(0.5)
