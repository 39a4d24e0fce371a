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

"""Magnum itself: its own virtualenv, magnum.conf, and ``magnum-all``.

``magnum-all`` runs the API and the conductor in one process, with the
in-process ``fake://`` transport and a SQLite file, against the local
Keystone (keystonemiddleware on) and the stand-in cloud APIs.  Magnum runs
from ``.local-cloud/magnum-venv`` (``pip install -e <repo>``), never from
the Keystone/Heat venv; ``LOCAL_CLOUD_MAGNUM_VENV`` names another
environment that already has Magnum installed (it is used as it is).
"""

import base64
import hashlib
import json
import os
import time

from localcloud.common import (
    ETC, HOME, HOST, LOGS, REPO, UpError, child_env, http, port_open, run,
    say, users, wait_for, write)
from localcloud.procs import alive, read_pid, spawn
from localcloud.venv import base_python

MAGNUM_HOME = os.path.join(HOME, 'magnum')
CONF_FILE = os.path.join(ETC, 'magnum', 'magnum.conf')
KEY_FILE = os.path.join(HOME, 'magnum-encryption-key')
FAKE_DRIVER_DIR = os.path.join(MAGNUM_HOME, 'fake-driver')
FAKE_BEHAVIOUR_FILE = os.path.join(FAKE_DRIVER_DIR, 'behaviour.json')
# Keystone domain of the per-cluster trustee users, and its admin.
TRUSTEE_DOMAIN = {'domain': 'magnum', 'username': 'magnum_domain_admin',
                  'password': 'magnum_domain_admin-pass'}


def magnum_venv():
    """(path, managed): managed venvs are installed and refreshed here."""
    external = os.environ.get('LOCAL_CLOUD_MAGNUM_VENV')
    if external:
        return os.path.abspath(external), False
    return os.path.join(HOME, 'magnum-venv'), True


def magnum_bin(name):
    return os.path.join(magnum_venv()[0], 'bin', name)


def install_digest():
    """Changes when Magnum's dependencies or entry points change."""
    h = hashlib.sha256()
    for name in ('requirements.txt', 'setup.cfg', 'setup.py'):
        with open(os.path.join(REPO, name), 'rb') as f:
            h.update(f.read())
    return h.hexdigest()


def ensure_magnum_venv():
    venv, managed = magnum_venv()
    if not managed:
        if not os.path.exists(magnum_bin('magnum-all')):
            raise UpError('LOCAL_CLOUD_MAGNUM_VENV=%s has no bin/magnum-all'
                          % venv)
        return False
    marker = os.path.join(venv, '.local-cloud-installed')
    digest = install_digest()
    try:
        with open(marker) as f:
            if f.read().strip() == digest:
                return False
    except OSError:
        pass
    say('installing Magnum (pip install -e %s) into %s' % (REPO, venv))
    started = time.monotonic()
    python = os.path.join(venv, 'bin', 'python')
    if not os.path.exists(python):
        run([base_python(), '-m', 'venv', venv], 'install.log')
    # An editable install: the running Magnum is the working tree's code.
    run([python, '-m', 'pip', 'install', '-q',
         '--disable-pip-version-check', '-e', REPO], 'install.log',
        timeout=1800)
    write(marker, digest + '\n')
    say('Magnum installed in %.0fs' % (time.monotonic() - started))
    return True


def encryption_key():
    """The x509keypair store's Fernet key, made once and kept (0600)."""
    try:
        with open(KEY_FILE) as f:
            key = f.read().strip()
        if key:
            return key
    except OSError:
        pass
    # A Fernet key is 32 random bytes, URL-safe base64 encoded.
    key = base64.urlsafe_b64encode(os.urandom(32)).decode()
    write(KEY_FILE, key + '\n', 0o600)
    return key


def write_magnum_conf(conf):
    for path in (os.path.dirname(CONF_FILE), MAGNUM_HOME, FAKE_DRIVER_DIR):
        os.makedirs(path, exist_ok=True)
    if not os.path.exists(FAKE_BEHAVIOUR_FILE):
        write(FAKE_BEHAVIOUR_FILE, json.dumps({'default': {'polls': 1}},
                                              indent=2) + '\n')
    svc = users()['magnum']
    keystone = 'http://%s:%d' % (HOST, conf['ports']['keystone'])
    write(CONF_FILE, '''# Written by tools/local-cloud/local-cloud; edits are overwritten.
[DEFAULT]
host = local-cloud
debug = false
log_file = {logs}/magnum.log
state_path = {home}
auth_strategy = keystone
# In-process messaging: magnum-all holds the API and the conductor.
transport_url = fake://

[database]
connection = sqlite:///{home}/magnum.sqlite

[api]
host = {host}
port = {port}
# The stand-in image/compute/network APIs answer these look-ups.
validate_cloud_resources = True

[keystone_authtoken]
www_authenticate_uri = {keystone}/v3
auth_url = {keystone}
auth_type = password
username = {user}
password = {password}
project_name = {project}
user_domain_id = default
project_domain_id = default
region_name = RegionOne
# No memcached: keystonemiddleware caches tokens in process.

[keystone_auth]
auth_url = {keystone}/v3
auth_type = password
username = {user}
password = {password}
project_name = {project}
user_domain_id = default
project_domain_id = default

[trust]
# Per-cluster trustee users live here (bootstrap_identity.py makes the
# domain and its admin). cluster_user_trust stays off: the nodes of the
# local cloud are stand-ins that would not use the credentials.
trustee_domain_name = {trustee_domain}
trustee_domain_admin_name = {trustee_admin}
trustee_domain_admin_password = {trustee_password}

[drivers]
# Kubernetes templates get the Heat driver (real stacks in the local Heat);
# the beta "fake" driver, which creates nothing, stays usable for templates
# that name it (--driver fake).  Without default_driver the alphabetical
# first usable driver, "fake", would win for (vm, fedora-coreos, kubernetes).
default_driver = k8s_fedora_coreos_v1
enabled_beta_drivers = fake
# Nodes could not reach the local Keystone anyway; nothing verifies TLS here.
verify_ca = false

[heat_client]
region_name = RegionOne
endpoint_type = publicURL

[cluster_heat]
# Stacks of the local cloud take seconds, not the default hour.
create_timeout = 15

[fake_driver]
behaviour_file = {fake}/behaviour.json
calls_file = {fake}/calls.jsonl
state_file = {fake}/state.json

[certificates]
cert_manager_type = x509keypair
encryption_key = {key}

[oslo_messaging_notifications]
driver = noop
'''.format(logs=LOGS, home=MAGNUM_HOME, host=HOST,
           port=conf['ports']['magnum'], keystone=keystone,
           user=svc['username'], password=svc['password'],
           project=svc['project_name'], fake=FAKE_DRIVER_DIR,
           key=encryption_key(),
           trustee_domain=TRUSTEE_DOMAIN['domain'],
           trustee_admin=TRUSTEE_DOMAIN['username'],
           trustee_password=TRUSTEE_DOMAIN['password']), 0o600)
    return CONF_FILE


def magnum_url(conf):
    return 'http://%s:%d' % (HOST, conf['ports']['magnum'])


def start_magnum(conf):
    if read_pid('magnum'):
        return None
    port = conf['ports']['magnum']
    if port_open(HOST, port):
        raise UpError('port %d is taken by another program' % port)
    return spawn('magnum', [magnum_bin('magnum-all'),
                            '--config-file', CONF_FILE], env=magnum_env())


def magnum_env():
    env = child_env()
    env['PATH'] = os.path.join(magnum_venv()[0], 'bin') + os.pathsep + (
        env['PATH'])
    return env


def wait_magnum(conf, proc, deadline):
    url = magnum_url(conf) + '/'
    wait_for('magnum', lambda: http('GET', url, timeout=5)[0] == 200,
             deadline, alive('magnum', proc), 'magnum.log')
