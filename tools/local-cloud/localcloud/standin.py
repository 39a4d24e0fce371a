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

"""The stand-in HTTP APIs (image, compute, network, load-balancer)."""

import hashlib
import json
import os

from localcloud.common import (
    BEHAVIOUR_FILE, DEFAULT_BEHAVIOUR, ETC, HOST, RUN, TOOL_DIR, UpError,
    child_env, port_open, say, venv_bin, write)
from localcloud.procs import read_pid, spawn, stop

SCRIPT = os.path.join(TOOL_DIR, 'standin_api.py')
# Digest of the stand-in code the running process was started from.
CODE_FILE = os.path.join(RUN, 'standin-api.code')


def write_behaviour_default():
    if not os.path.exists(BEHAVIOUR_FILE):
        write(BEHAVIOUR_FILE, json.dumps(DEFAULT_BEHAVIOUR, indent=2) + '\n')


def _code_digest():
    with open(SCRIPT, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def _running_code():
    try:
        with open(CODE_FILE, encoding='utf-8') as f:
            return f.read().strip()
    except OSError:
        return None


def start_standin(conf, state):
    """Start the stand-in APIs; a running one started from other code is
    restarted (its in-memory load balancers and keypairs are lost, the
    seeded images, flavors and networks come back the same)."""
    if read_pid('standin-api'):
        if _running_code() == _code_digest():
            return None
        say('stand-in API code changed: restarting it')
        stop('standin-api')
    ports = {name: conf['ports'][name]
             for name in ('image', 'compute', 'network', 'load-balancer')}
    for port in ports.values():
        if port_open(HOST, port):
            raise UpError('port %d is taken by another program' % port)
    svc = state['users']['standin']
    path = os.path.join(ETC, 'standin-api.json')
    write(path, json.dumps({
        'host': HOST, 'ports': ports, 'keystone_url': 'http://%s:%d' % (
            HOST, conf['ports']['keystone']),
        'auth': {'username': svc['username'], 'password': svc['password'],
                 'project_name': svc['project_name']}}, indent=2), 0o600)
    digest = _code_digest()
    proc = spawn('standin-api', [venv_bin('python'), '-u', SCRIPT, path],
                 env=child_env())
    write(CODE_FILE, digest + '\n')
    return proc
