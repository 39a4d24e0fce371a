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

"""``magnum-all`` as a process: SQLite file, fake:// messaging, noauth and
the fake driver; a template and a cluster made over HTTP reach
``CREATE_COMPLETE``, and the deleted cluster goes away."""

import json
import os
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request

from cryptography.fernet import Fernet
import pytest

from magnum.drivers.fake import files
from magnum.tests.functional.conductor.conftest import wait_for

HEADERS = {'Content-Type': 'application/json',
           'OpenStack-API-Version': 'container-infra latest'}


def _free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


class Http:
    def __init__(self, port):
        self.base = 'http://127.0.0.1:%d' % port

    def request(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data,
                                         method=method, headers=HEADERS)
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                text = answer.read().decode()
                return answer.status, json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def up(self):
        try:
            return self.request('GET', '/')[0] == 200
        except OSError:
            return False


@pytest.fixture
def magnum_all(tmp_path):
    port = _free_port()
    config = tmp_path / 'magnum.conf'
    config.write_text('\n'.join([
        '[DEFAULT]',
        'auth_strategy = noauth',
        'host = magnum-all-test',
        'state_path = %s' % (tmp_path / 'state'),
        'log_file = %s' % (tmp_path / 'magnum-all.log'),
        '[api]',
        'host = 127.0.0.1',
        'port = %d' % port,
        'validate_cloud_resources = false',
        '[conductor]',
        'status_sync_interval = 1',
        '[drivers]',
        'enabled_beta_drivers = fake',
        '[fake_driver]',
        'behaviour_file = %s' % (tmp_path / 'behaviour.json'),
        'calls_file = %s' % (tmp_path / 'calls.jsonl'),
        '[certificates]',
        'cert_manager_type = x509keypair',
        'encryption_key = %s' % Fernet.generate_key().decode(),
        '']))
    proc = subprocess.Popen(
        [sys.executable, '-m', 'magnum.cmd.all', '--config-file',
         str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)
    http = Http(port)
    http.proc = proc
    http.calls_file = str(tmp_path / 'calls.jsonl')
    http.database = tmp_path / 'state' / 'magnum.sqlite'
    try:
        wait_for(lambda: http.up() or proc.poll() is not None, timeout=40,
                 interval=0.2, what='magnum-all to answer')
        assert proc.poll() is None, 'magnum-all exited'
        yield http
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


def _status(http, uuid):
    code, body = http.request('GET', '/v1/clusters/%s' % uuid)
    return body['status'] if code == 200 else code


def test_magnum_all_serves_api_and_conductor(magnum_all):
    http = magnum_all
    assert http.database.exists()   # created and migrated at start

    code, template = http.request('POST', '/v1/clustertemplates', {
        'name': 'demo', 'coe': 'kubernetes', 'image_id': 'fedora-coreos',
        'server_type': 'vm', 'cluster_distro': 'fedora-coreos',
        'driver': 'fake', 'external_network_id': 'public',
        'flavor_id': 'm1.small', 'master_flavor_id': 'm1.small'})
    assert code == 201, template
    code, created = http.request('POST', '/v1/clusters', {
        'name': 'demo', 'cluster_template_id': template['uuid'],
        'master_count': 1, 'node_count': 2})
    assert code == 202, created
    uuid = created['uuid']

    wait_for(lambda: _status(http, uuid) == 'CREATE_COMPLETE',
             timeout=30, what='CREATE_COMPLETE over HTTP')
    code, cluster = http.request('GET', '/v1/clusters/%s' % uuid)
    assert cluster['node_count'] == 2 and len(cluster['node_addresses']) == 2
    assert cluster['api_address']

    code, _ = http.request('DELETE', '/v1/clusters/%s' % uuid)
    assert code == 204
    wait_for(lambda: _status(http, uuid) == 404, timeout=30,
             what='the deleted cluster to disappear')
    assert [c['op'] for c in files.read_json_lines(http.calls_file)
            if c['op'] in ('create', 'delete')] == ['create', 'delete']

    http.proc.send_signal(signal.SIGTERM)
    assert http.proc.wait(30) == 0
