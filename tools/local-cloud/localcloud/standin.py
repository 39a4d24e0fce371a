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

import json
import os

from localcloud.common import (
    BEHAVIOUR_FILE, DEFAULT_BEHAVIOUR, ETC, HOST, TOOL_DIR, UpError,
    child_env, port_open, venv_bin, write)
from localcloud.procs import read_pid, spawn


def write_behaviour_default():
    if not os.path.exists(BEHAVIOUR_FILE):
        write(BEHAVIOUR_FILE, json.dumps(DEFAULT_BEHAVIOUR, indent=2) + '\n')


def start_standin(conf, state):
    if read_pid('standin-api'):
        return None
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
    return spawn('standin-api', [venv_bin('python'), '-u',
                                 os.path.join(TOOL_DIR, 'standin_api.py'),
                                 path], env=child_env())
