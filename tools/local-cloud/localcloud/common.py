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

"""Paths, settings, users, catalog and small helpers shared by every part."""

import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request

TOOL_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


REPO = os.path.dirname(os.path.dirname(TOOL_DIR))


HOME = os.path.abspath(os.environ.get('LOCAL_CLOUD_HOME')
                       or os.path.join(REPO, '.local-cloud'))
# LOCAL_CLOUD_VENV lets several clones (CI) share one installed venv.


VENV = os.path.abspath(os.environ.get('LOCAL_CLOUD_VENV')
                       or os.path.join(HOME, 'venv'))


ETC = os.path.join(HOME, 'etc')


LOGS = os.path.join(HOME, 'logs')


RUN = os.path.join(HOME, 'run')


STATE_FILE = os.path.join(HOME, 'state.json')


BEHAVIOUR_FILE = os.path.join(HOME, 'standin-behaviour.json')


HOST = '127.0.0.1'


DEFAULT_BEHAVIOUR = {'delays': {'create': {}, 'delete': {}},
                     'failures': [], 'reject': {}}


def env_int(name, default):
    return int(os.environ.get(name) or default)


def settings():
    """Effective settings: defaults overridden by LOCAL_CLOUD_* variables."""
    return {
        'ports': {
            'keystone': env_int('LOCAL_CLOUD_KEYSTONE_PORT', 35357),
            'heat': env_int('LOCAL_CLOUD_HEAT_PORT', 18004),
            'magnum': env_int('LOCAL_CLOUD_MAGNUM_PORT', 9511),
            'image': env_int('LOCAL_CLOUD_IMAGE_PORT', 19292),
            'compute': env_int('LOCAL_CLOUD_COMPUTE_PORT', 18774),
            'network': env_int('LOCAL_CLOUD_NETWORK_PORT', 19696),
            'load-balancer': env_int('LOCAL_CLOUD_LB_PORT', 19876),
        },
        'db': {
            'host': os.environ.get('LOCAL_CLOUD_DB_HOST', HOST),
            'port': env_int('LOCAL_CLOUD_DB_PORT', 3306),
            'root_user': os.environ.get('LOCAL_CLOUD_DB_ROOT_USER', 'root'),
            'root_password': os.environ.get('LOCAL_CLOUD_DB_ROOT_PASSWORD',
                                            ''),
            'user': 'localcloud', 'password': 'localcloud-db-pass',
            'keystone': 'keystone', 'heat': 'heat',
        },
        'rabbit': {
            'host': os.environ.get('LOCAL_CLOUD_RABBIT_HOST', HOST),
            'port': env_int('LOCAL_CLOUD_RABBIT_PORT', 5672),
            'vhost': 'localcloud', 'user': 'localcloud',
            'password': 'localcloud-rabbit-pass',
        },
        'heat_engine_workers': env_int('LOCAL_CLOUD_HEAT_ENGINE_WORKERS', 2),
        # Heat's own default is 5 retries with back-off (about 90 s before a
        # stand-in failure surfaces); tests want the failure at once.
        'heat_action_retry_limit': env_int(
            'LOCAL_CLOUD_HEAT_ACTION_RETRY_LIMIT', 0),
        'real_signals': os.environ.get('LOCAL_CLOUD_REAL_SIGNALS') == '1',
        'start_timeout': env_int('LOCAL_CLOUD_START_TIMEOUT', 180),
    }


def users():
    """Every Keystone user of the local cloud: name, password, scope."""
    def user(name, project, roles):
        return {'username': name, 'password': name + '-pass',
                'project_name': project, 'roles': roles}
    return {
        'admin': user('admin', 'admin', ['admin']),
        'demo_member': user('demo_member', 'demo',
                            ['member', 'heat_stack_owner']),
        'demo_reader': user('demo_reader', 'demo', ['reader']),
        'alt_member': user('alt_member', 'alt_demo',
                           ['member', 'heat_stack_owner']),
        'alt_reader': user('alt_reader', 'alt_demo', ['reader']),
        'magnum': user('magnum', 'service', ['admin', 'service']),
        'heat': user('heat', 'service', ['admin', 'service']),
        'standin': user('standin', 'service', ['admin', 'service']),
    }


def catalog(conf):
    url = 'http://%s:%d' % (HOST, 0)

    def at(port_name, path=''):
        return url.replace(':0', ':%d' % conf['ports'][port_name]) + path
    return [
        {'type': 'orchestration', 'name': 'heat',
         'url': at('heat', '/v1/%(project_id)s')},
        {'type': 'container-infra', 'name': 'magnum',
         'url': at('magnum', '/v1')},
        {'type': 'image', 'name': 'glance', 'url': at('image')},
        {'type': 'compute', 'name': 'nova', 'url': at('compute', '/v2.1')},
        {'type': 'network', 'name': 'neutron', 'url': at('network')},
        {'type': 'load-balancer', 'name': 'octavia',
         'url': at('load-balancer')},
    ]


class UpError(Exception):
    pass


def say(msg):
    print('local-cloud: ' + msg, flush=True)


def mkdirs():
    for path in (HOME, ETC, LOGS, RUN, os.path.join(ETC, 'keystone'),
                 os.path.join(ETC, 'heat', 'environment.d')):
        os.makedirs(path, exist_ok=True)


def write(path, text, mode=0o644):
    tmp = path + '.tmp'
    with open(tmp, 'w', encoding='utf-8') as f:
        f.write(text)
    os.chmod(tmp, mode)
    os.replace(tmp, path)


def venv_bin(name):
    return os.path.join(VENV, 'bin', name)


def venv_etc(*parts):
    return os.path.join(VENV, 'etc', *parts)


def log_tail(name, lines=40):
    path = os.path.join(LOGS, name)
    try:
        with open(path, encoding='utf-8', errors='replace') as f:
            tail = f.readlines()[-lines:]
    except OSError:
        return '(no log %s)' % path
    return '--- last lines of %s ---\n%s' % (path, ''.join(tail))


def run(cmd, log, env=None, timeout=900, input_text=None):
    """Run a setup command, appending its output to logs/<log>."""
    with open(os.path.join(LOGS, log), 'a', encoding='utf-8') as out:
        out.write('\n%s $ %s\n' % (time.strftime('%T'), ' '.join(cmd)))
        out.flush()
        begun = time.monotonic()
        try:
            proc = subprocess.run(cmd, stdout=out, stderr=subprocess.STDOUT,
                                  env=env, timeout=timeout, input=input_text,
                                  text=True,
                                  stdin=None if input_text else
                                  subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise UpError('%s timed out after %ss\n%s'
                          % (cmd[0], timeout, log_tail(log)))
        out.write('(%.1fs, exit %s)\n' % (time.monotonic() - begun,
                                          proc.returncode))
    if proc.returncode != 0:
        raise UpError('%s failed (exit %s)\n%s'
                      % (' '.join(cmd[:3]), proc.returncode, log_tail(log)))


def port_open(host, port, timeout=1.0):
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def wait_for(what, check, deadline, proc_alive=None, log=None):
    """Poll check() until it returns truthy or the deadline passes."""
    delay = 0.1
    last = None
    while True:
        try:
            result = check()
            if result:
                return result
        except Exception as exc:  # keep polling; remember why
            last = exc
        if proc_alive is not None and not proc_alive():
            raise UpError('%s exited while starting\n%s'
                          % (what, log_tail(log) if log else ''))
        if time.monotonic() > deadline:
            raise UpError('%s not ready in time (last error: %s)\n%s'
                          % (what, last, log_tail(log) if log else ''))
        time.sleep(delay)
        delay = min(delay * 1.5, 1.0)


def http(method, url, body=None, headers=None, timeout=10):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method,
                                 headers=dict(headers or {}))
    if data is not None:
        req.add_header('Content-Type', 'application/json')
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw = resp.read()
            return resp.status, resp.headers, raw
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def keystone_token(state, user_key):
    user = state['users'][user_key]
    body = {'auth': {
        'identity': {'methods': ['password'], 'password': {'user': {
            'name': user['username'], 'password': user['password'],
            'domain': {'id': 'default'}}}},
        'scope': {'project': {'name': user['project_name'],
                              'domain': {'id': 'default'}}}}}
    status, headers, raw = http('POST', state['auth_url'] + '/auth/tokens',
                                body)
    if status != 201:
        raise UpError('token for %s refused: HTTP %s' % (user_key, status))
    token = json.loads(raw)['token']
    return headers['X-Subject-Token'], token['project']['id']


def child_env(**extra):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(('OS_', 'VIRTUAL_ENV', 'PYTHON'))}
    env['PATH'] = os.path.join(VENV, 'bin') + os.pathsep + env.get('PATH',
                                                                   '')
    env.update(extra)
    return env
