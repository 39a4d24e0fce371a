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

"""Real ``magnum-conductor`` processes over RabbitMQ and MariaDB.

``shared_db``
    A fresh MariaDB database migrated to head; this process's Magnum
    database layer points at it too (``shared_db.url`` for the
    conductors).
``conductors``
    ``conductors.start(host)`` runs ``magnum-conductor`` with a config of
    its own (the broker, ``topic``, ``shared_db``, the fake driver with
    files under ``tmp_path``); ``kill(host)`` SIGKILLs its whole process
    group, ``stop(host)`` sends SIGTERM; ``calls(op)`` reads the fake
    driver's calls file; ``behave(dict)`` writes its behaviour file.
``api``
    The conductor RPC client on ``topic`` (the caller the REST API uses),
    on the services' control exchange.
"""

import os
import signal
import subprocess
import sys
import time

from cryptography.fernet import Fernet
from oslo_db.sqlalchemy import enginefacade
from oslo_db.sqlalchemy import orm
import pytest

from magnum.conductor import api as conductor_api
from magnum.conf import opts
from magnum.drivers.fake import behaviour
from magnum.drivers.fake import files
from magnum.tests.functional.rpc.conftest import rabbit_messaging  # noqa
from magnum.tests.functional.rpc.conftest import rabbit_url  # noqa
from magnum.tests.functional.rpc.conftest import topic  # noqa


def wait_for(predicate, timeout=30, interval=0.1, what='condition'):
    """Poll ``predicate`` until it returns a true value, or fail."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError('timed out waiting for %s' % what)
        time.sleep(interval)


@pytest.fixture
def shared_db(fresh_database):
    from magnum.db.sqlalchemy import migration
    from magnum.db.sqlalchemy import session

    migration.upgrade('head', engine=fresh_database)
    factory = enginefacade._TestTransactionFactory(
        fresh_database,
        orm.get_maker(engine=fresh_database, expire_on_commit=False),
        apply_global=False, from_factory=session.context_manager._factory)
    reset = session.context_manager.patch_factory(factory)
    fresh_database.url_text = fresh_database.url.render_as_string(
        hide_password=False)
    try:
        yield fresh_database
    finally:
        reset()


class Conductors:

    def __init__(self, tmp_path, broker_url, topic_name, db_url):
        self.tmp_path = tmp_path
        self.rabbit_url = broker_url
        self.topic = topic_name
        self.db_url = db_url
        self.key = Fernet.generate_key().decode()
        self.behaviour_file = str(tmp_path / 'behaviour.json')
        self.calls_file = str(tmp_path / 'calls.jsonl')
        self.procs = {}
        self.behave({})

    def behave(self, data):
        behaviour.write(self.behaviour_file, data)

    def calls(self, op=None):
        return [r for r in files.read_json_lines(self.calls_file)
                if op is None or r['op'] == op]

    def config(self, host):
        path = self.tmp_path / ('%s.conf' % host)
        path.write_text('\n'.join([
            '[DEFAULT]',
            'host = %s' % host,
            'transport_url = %s' % self.rabbit_url,
            'service_down_time = 6',
            'graceful_shutdown_timeout = 10',
            'log_file = %s' % (self.tmp_path / ('%s.log' % host)),
            '[conductor]',
            'topic = %s' % self.topic,
            'workers = 1',
            'status_sync_interval = 1',
            'heartbeat_interval = 1',
            '[database]',
            'connection = %s' % self.db_url,
            '[drivers]',
            'enabled_beta_drivers = fake',
            '[fake_driver]',
            'behaviour_file = %s' % self.behaviour_file,
            'state_file = %s' % (self.tmp_path / 'state.json'),
            'calls_file = %s' % self.calls_file,
            '[certificates]',
            'cert_manager_type = x509keypair',
            'encryption_key = %s' % self.key,
            '[kubernetes]',
            'health_polling_interval = -1',
            '']))
        return str(path)

    def start(self, host):
        proc = subprocess.Popen(
            [sys.executable, '-m', 'magnum.cmd.conductor', '--config-file',
             self.config(host)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
        self.procs[host] = proc
        return proc

    def log(self, host):
        path = self.tmp_path / ('%s.log' % host)
        return path.read_text() if path.exists() else ''

    def kill(self, host):
        proc = self.procs.pop(host)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)

    def stop(self, host, timeout=30):
        proc = self.procs.pop(host)
        os.killpg(proc.pid, signal.SIGTERM)
        return proc.wait(timeout)

    def close(self):
        for host in list(self.procs):
            try:
                self.kill(host)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass


@pytest.fixture
def conductors(tmp_path, rabbit_url, topic, shared_db):  # noqa: F811
    group = Conductors(tmp_path, rabbit_url, topic, shared_db.url_text)
    try:
        yield group
    finally:
        group.close()


@pytest.fixture
def api(rabbit_messaging, topic):  # noqa: F811
    # The exchange the services use (set by their prepare_service).
    rabbit_messaging.set_override('control_exchange', opts.CONTROL_EXCHANGE)
    try:
        yield conductor_api.API(topic=topic)
    finally:
        rabbit_messaging.clear_override('control_exchange')
