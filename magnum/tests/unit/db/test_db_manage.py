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

"""`magnum-db-manage` as an operator runs it: a real process."""

import os
import socket
import subprocess
import sys

import pytest

from magnum.db.sqlalchemy import migration

_SCRIPT = os.path.join(os.path.dirname(sys.executable), 'magnum-db-manage')


def _command():
    if os.path.exists(_SCRIPT):
        return [_SCRIPT]
    return [sys.executable, '-m', 'magnum.cmd.db_manage']


def _run(tmp_path, connection, *args):
    config = tmp_path / 'magnum.conf'
    config.write_text('[database]\nconnection = %s\n' % connection)
    return subprocess.run(
        _command() + ['--config-file', str(config)] + list(args),
        capture_output=True, text=True, timeout=60)


def _url(engine):
    return engine.url.render_as_string(hide_password=False)


def test_upgrade_then_version_prints_head(fresh_database, tmp_path):
    url = _url(fresh_database)
    upgraded = _run(tmp_path, url, 'upgrade')
    assert upgraded.returncode == 0, upgraded.stderr
    version = _run(tmp_path, url, 'version')
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == migration.head()
    assert migration.version(engine=fresh_database) == migration.head()


def test_stamp_then_version(tmp_path):
    # Engine-independent: alembic writes one row either way.
    url = 'sqlite:///%s' % (tmp_path / 'stamped.db')
    assert _run(tmp_path, url, 'version').stdout.strip() == 'None'
    stamped = _run(tmp_path, url, 'stamp', migration.head())
    assert stamped.returncode == 0, stamped.stderr
    assert _run(tmp_path, url, 'version').stdout.strip() == migration.head()


def _closed_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize('connection, expected', [
    ('foo://x', "unknown database type 'foo'"),
    ('mysql+pymysql://root@127.0.0.1:%(port)s/magnum',
     'cannot connect to the database at mysql+pymysql://root@127.0.0.1'),
    ('postgresql+psycopg2://u:secret@127.0.0.1:%(port)s/magnum',
     'cannot connect to the database at postgresql+psycopg2://u:***@'),
    ('', 'no database configured'),
    ('not a url', 'invalid [database] connection'),
], ids=['unknown-scheme', 'mysql-unreachable', 'postgresql-unreachable',
        'missing-connection', 'malformed-url'])
def test_bad_config_one_clear_line(tmp_path, connection, expected):
    result = _run(tmp_path, connection % {'port': _closed_port()}, 'upgrade')
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith('magnum-db-manage: error: ')
    assert expected in lines[0]
    assert 'secret' not in result.stderr


def test_missing_config_file(tmp_path):
    result = subprocess.run(
        _command() + ['--config-file', str(tmp_path / 'absent.conf'),
                      'version'], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert 'absent.conf' in result.stderr


def test_unknown_revision(tmp_path):
    result = _run(tmp_path, 'sqlite:///%s' % (tmp_path / 'x.db'),
                  'upgrade', 'nosuchrevision')
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert 'nosuchrevision' in result.stderr
