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

"""Heat: configuration, global environment, engine and API."""

import json
import os
import shutil

from localcloud.common import (
    BEHAVIOUR_FILE, ETC, HOST, LOGS, TOOL_DIR, UpError, child_env, http,
    keystone_token, port_open, users, venv_bin, venv_etc, write)
from localcloud.procs import read_pid, spawn
from localcloud.shared import db_url


def write_heat_conf(conf, transport_url):
    state_users = users()
    heat = state_users['heat']
    keystone = 'http://%s:%d' % (HOST, conf['ports']['keystone'])
    path = os.path.join(ETC, 'heat', 'heat.conf')
    write(path, '''# Written by tools/local-cloud/local-cloud; edits are overwritten.
[DEFAULT]
debug = false
host = local-cloud
transport_url = {transport}
num_engine_workers = {workers}
action_retry_limit = {retries}
plugin_dirs = {plugins}
environment_dir = {etc}/heat/environment.d
template_dir = {venv_templates}
region_name_for_services = RegionOne
stack_user_domain_name = heat
stack_domain_admin = heat_domain_admin
stack_domain_admin_password = heat_domain_admin-pass
default_deployment_signal_transport = HEAT_SIGNAL
default_software_config_transport = POLL_SERVER_HEAT

[database]
connection = {db}

[keystone_authtoken]
www_authenticate_uri = {keystone}/v3
auth_url = {keystone}
auth_type = password
username = {user}
password = {password}
project_name = service
user_domain_name = Default
project_domain_name = Default

[trustee]
auth_type = password
auth_url = {keystone}
username = {user}
password = {password}
user_domain_name = Default

[clients_keystone]
auth_uri = {keystone}

[ec2authtoken]
auth_uri = {keystone}/v3

[paste_deploy]
api_paste_config = {paste}

[oslo_messaging_notifications]
driver = noop

[local_cloud]
behaviour_file = {behaviour}
'''.format(transport=transport_url, workers=conf['heat_engine_workers'],
           retries=conf['heat_action_retry_limit'],
           plugins=os.path.join(TOOL_DIR, 'heat_plugins'), etc=ETC,
           venv_templates=venv_etc('heat', 'templates'),
           db=db_url(conf, 'heat'), keystone=keystone,
           user=heat['username'], password=heat['password'],
           paste=venv_etc('heat', 'api-paste.ini'),
           behaviour=BEHAVIOUR_FILE))
    return path


def write_heat_environment(conf):
    env_dir = os.path.join(ETC, 'heat', 'environment.d')
    for old in os.listdir(env_dir):
        os.unlink(os.path.join(env_dir, old))
    stock = venv_etc('heat', 'environment.d', 'default.yaml')
    if os.path.exists(stock):
        with open(stock, encoding='utf-8') as f:
            text = f.read().replace('file:///etc/heat/templates/',
                                    'file://%s/' % venv_etc('heat',
                                                            'templates'))
        write(os.path.join(env_dir, 'default.yaml'), text)
    names = ['standin-cloud.yaml']
    if not conf['real_signals']:
        names.append('standin-signals.yaml')
    for name in names:
        shutil.copy(os.path.join(TOOL_DIR, 'environment.d', name),
                    os.path.join(env_dir, name))


def start_heat(conf, heat_conf):
    procs = {}
    if not read_pid('heat-engine'):
        procs['heat-engine'] = spawn('heat-engine', [
            venv_bin('heat-engine'), '--config-file', heat_conf,
            '--log-file', os.path.join(LOGS, 'heat-engine-app.log')],
            env=child_env())
    if not read_pid('heat-api'):
        port = conf['ports']['heat']
        if port_open(HOST, port):
            raise UpError('port %d is taken by another program' % port)
        procs['heat-api'] = spawn('heat-api', [
            venv_bin('gunicorn'), '--bind', '%s:%d' % (HOST, port),
            '--workers', '1', '--worker-class', 'gthread', '--threads', '4',
            '--timeout', '120', '--no-control-socket',
            '--pythonpath', os.path.join(TOOL_DIR, 'wsgi'),
            '--access-logfile', os.path.join(LOGS, 'heat-api-access.log'),
            'local_cloud_heat:application'],
            env=child_env(LOCAL_CLOUD_HEAT_CONF=heat_conf))
    return procs


def heat_engine_ready(state):
    token, project = keystone_token(state, 'admin')
    status, _, raw = http('GET', '%s/v1/%s/services' % (
        state['heat_url'], project), headers={'X-Auth-Token': token},
        timeout=30)
    if status != 200:
        return False
    engines = json.loads(raw).get('services', [])
    return any(s.get('status') == 'up' for s in engines)
