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

"""Concurrent writers must wait for each other, never fail.

On SQLite (the embedded mode) a transaction that reads before it writes
used to fail at once with "database is locked" when another one did the
same; see magnum.db.sqlalchemy.session.
"""

import threading

from magnum.db import api as db_api


def test_concurrent_read_then_write_transactions_all_succeed(db):
    dbapi = db_api.get_instance()
    service = dbapi.create_magnum_service(
        {'host': 'h1', 'binary': 'magnum-conductor', 'report_count': 0})
    errors = []
    start = threading.Barrier(6)

    def bump(n):
        start.wait(10)
        for i in range(20):
            try:
                dbapi.update_magnum_service(
                    service.id, {'disabled_reason': 'w%d-%d' % (n, i)})
            except Exception as error:  # noqa: BLE001 - counted below
                errors.append(repr(error))

    threads = [threading.Thread(target=bump, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    row = dbapi.get_magnum_service_by_host_and_binary('h1', 'magnum-conductor')
    assert row.disabled_reason.endswith('-19')
