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

"""Keystone: configuration, schema and bootstrap, gunicorn."""

import grp
import os
import pwd

from localcloud.common import (
    ETC, HOST, LOGS, TOOL_DIR, UpError, child_env, port_open, run, users,
    venv_bin, write)
from localcloud.procs import read_pid, spawn
from localcloud.shared import db_url, mark_schema, schema_current


def write_keystone_conf(conf):
    path = os.path.join(ETC, 'keystone', 'keystone.conf')
    write(path, '''# Written by tools/local-cloud/local-cloud; edits are overwritten.
[DEFAULT]
log_file = {logs}/keystone-app.log
debug = false

[database]
connection = {db}

[token]
provider = fernet

[fernet_tokens]
key_repository = {etc}/keystone/fernet-keys

[fernet_receipts]
key_repository = {etc}/keystone/fernet-keys

[credential]
key_repository = {etc}/keystone/credential-keys

[identity]
# Test bed only: cheap password hashing keeps token issue in milliseconds.
password_hash_rounds = 4

[cache]
# In-process cache: coherent because keystone runs as one process.
enabled = true
backend = dogpile.cache.memory
'''.format(logs=LOGS, etc=ETC, db=db_url(conf, 'keystone')))
    return path


def keystone_setup(conf, keystone_conf, migrated):
    manage = [venv_bin('keystone-manage'), '--config-file', keystone_conf]
    current = schema_current('keystone', migrated)
    if not current:
        run(manage + ['db_sync'], 'setup.log', env=child_env())
    owner = ['--keystone-user', pwd.getpwuid(os.getuid()).pw_name,
             '--keystone-group', grp.getgrgid(os.getgid()).gr_name]
    for repo, command in (('fernet-keys', 'fernet_setup'),
                          ('credential-keys', 'credential_setup')):
        path = os.path.join(ETC, 'keystone', repo)
        if not os.path.isdir(path) or not os.listdir(path):
            run(manage + [command] + owner, 'setup.log', env=child_env())
    if current:
        return      # bootstrap ran with this schema; bootstrap_identity.py
        #             still re-checks every user, role and endpoint.
    url = 'http://%s:%d/v3/' % (HOST, conf['ports']['keystone'])
    admin = users()['admin']
    run(manage + ['bootstrap', '--bootstrap-password', admin['password'],
                  '--bootstrap-admin-url', url,
                  '--bootstrap-internal-url', url,
                  '--bootstrap-public-url', url,
                  '--bootstrap-region-id', 'RegionOne'], 'setup.log',
        env=child_env())
    mark_schema('keystone')


def start_keystone(conf):
    if read_pid('keystone'):
        return None
    port = conf['ports']['keystone']
    if port_open(HOST, port):
        raise UpError('port %d is taken by another program' % port)
    return spawn('keystone', [
        venv_bin('gunicorn'), '--bind', '%s:%d' % (HOST, port),
        '--workers', '1', '--worker-class', 'gthread', '--threads', '8',
        '--timeout', '120', '--no-control-socket',
        '--pythonpath', os.path.join(TOOL_DIR, 'wsgi'),
        '--access-logfile', os.path.join(LOGS, 'keystone-access.log'),
        'local_cloud_keystone:application'],
        env=child_env(OS_KEYSTONE_CONFIG_DIR=os.path.join(ETC, 'keystone'),
                      OS_KEYSTONE_CONFIG_FILES='keystone.conf'))
