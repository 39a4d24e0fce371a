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

"""``magnum.wsgi.api`` and the ``magnum-api`` command."""

import http.client
import json
import os
import socket
import subprocess
import sys
import time

import pytest

from magnum.cmd import api as api_cmd
from magnum.tests.unit.api.conftest import PASTE_FILE

BIN_DIR = os.path.dirname(sys.executable)


def _write_config(tmp_path, **api_options):
    lines = ['[DEFAULT]', 'auth_strategy = noauth', '[api]',
             'api_paste_config = %s' % PASTE_FILE]
    lines += ['%s = %s' % item for item in api_options.items()]
    path = tmp_path / 'magnum.conf'
    path.write_text('\n'.join(lines) + '\n')
    return str(path)


def _free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


_WSGI_SCRIPT = '''
import json, sys
import magnum.conf
import magnum.wsgi.api as wsgi
import webtest
built_at_import = wsgi._app is not None
parsed_at_import = magnum.conf.CONF._args is not None
response = webtest.TestApp(wsgi.application).get('/v1')
print(json.dumps({
    'built_at_import': built_at_import,
    'parsed_at_import': parsed_at_import,
    'status': response.status_int,
    'id': response.json['id'],
    'auth_strategy': magnum.conf.CONF.auth_strategy,
}))
'''


def test_wsgi_application_is_built_lazily_from_env_config(tmp_path):
    config = _write_config(tmp_path)
    env = dict(os.environ, MAGNUM_CONFIG_FILE=config)
    result = subprocess.run([sys.executable, '-c', _WSGI_SCRIPT], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {'built_at_import': False, 'parsed_at_import': False,
                       'status': 200, 'id': 'v1',
                       'auth_strategy': 'noauth'}


def test_bind_address():
    assert api_cmd.bind_address('127.0.0.1', 9511) == '127.0.0.1:9511'
    assert api_cmd.bind_address('::1', 9511) == '[::1]:9511'


def test_server_options(api_conf):
    api_conf.set_override('workers', 3, group='api')
    api_conf.set_override('threads', 2, group='api')
    api_conf.set_override('port', 1234, group='api')
    options = api_cmd.server_options()
    assert options['bind'] == ['127.0.0.1:1234']
    assert options['workers'] == 3
    assert options['threads'] == 2
    assert 'certfile' not in options


def test_workers_default_to_cpu_count(api_conf):
    assert api_cmd.server_options()['workers'] == (os.cpu_count() or 1)


def test_ssl_options(api_conf, tmp_path):
    api_conf.set_override('enabled_ssl', True, group='api')
    with pytest.raises(api_cmd.ServerError, match='ssl_cert_file'):
        api_cmd.server_options()
    cert, key = tmp_path / 'c.pem', tmp_path / 'k.pem'
    cert.write_text('x')
    api_conf.set_override('ssl_cert_file', str(cert), group='api')
    api_conf.set_override('ssl_key_file', str(key), group='api')
    with pytest.raises(api_cmd.ServerError, match='does not exist'):
        api_cmd.server_options()
    key.write_text('x')
    options = api_cmd.server_options()
    assert options['certfile'] == str(cert)
    assert options['keyfile'] == str(key)


def test_missing_gunicorn_is_reported(api_conf, monkeypatch, capsys,
                                      tmp_path):
    monkeypatch.setitem(sys.modules, 'gunicorn.app.base', None)
    monkeypatch.setitem(sys.modules, 'gunicorn.app', None)
    assert api_cmd.main(['--config-file', _write_config(tmp_path)]) == 1
    assert 'gunicorn package is not installed' in capsys.readouterr().err


def test_missing_paste_file_is_reported(tmp_path):
    """Checked before any server starts: the command ends at once with one
    line naming the file (a started server would never end by itself)."""
    port = _free_port()
    config = tmp_path / 'magnum.conf'
    config.write_text('[DEFAULT]\nauth_strategy = noauth\n'
                      '[api]\napi_paste_config = /nonexistent/paste.ini\n'
                      'host = 127.0.0.1\nport = %d\nworkers = 1\n' % port)
    try:
        done = subprocess.run(
            [os.path.join(BIN_DIR, 'magnum-api'), '--config-file',
             str(config)], capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired as timed_out:
        raise AssertionError('magnum-api started serving: %s'
                             % timed_out.stderr)
    assert done.returncode == 1, done.stderr
    assert '/nonexistent/paste.ini' in done.stderr
    assert 'Booting worker' not in done.stderr + done.stdout


def _children(pid):
    found = []
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open('/proc/%s/status' % entry) as status:
                for line in status:
                    if line.startswith('PPid:'):
                        if int(line.split()[1]) == pid:
                            found.append(int(entry))
                        break
        except OSError:
            continue
    return found


def _get(port, path):
    connection = http.client.HTTPConnection('127.0.0.1', port, timeout=5)
    try:
        connection.request('GET', path)
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def test_magnum_api_serves_with_two_workers(tmp_path):
    port = _free_port()
    config = _write_config(tmp_path, host='127.0.0.1', port=port,
                           workers=2, threads=2)
    log = open(tmp_path / 'magnum-api.log', 'w+')
    process = subprocess.Popen(
        [os.path.join(BIN_DIR, 'magnum-api'), '--config-file', config],
        stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        answer = None
        while answer is None:
            assert time.monotonic() < deadline, 'magnum-api never answered'
            try:
                answer = _get(port, '/')
            except OSError:
                # Not listening yet: wait a little for it, or for its end.
                try:
                    process.wait(timeout=0.1)
                except subprocess.TimeoutExpired:
                    continue
                raise AssertionError('magnum-api exited early')
        status, body = answer
        assert status == 200
        assert body['versions'][0]['links'][0]['href'] == \
            'http://127.0.0.1:%d/v1/' % port
        assert _get(port, '/v1/no-such-resource')[0] == 404
        assert len(_children(process.pid)) == 2
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.seek(0)
        output = log.read()
        log.close()
    assert process.returncode == 0, output
    assert output.count('Booting worker') == 2
