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

"""Magnum's one oslo.db transaction context.

Every database access goes through ``context_manager``: ``reader()`` and
``writer()`` open a session bound to the engine built from ``[database]``
on first use. Tests swap the engine with
``context_manager.patch_factory(...)``.
"""

import contextlib
import threading

from oslo_db.sqlalchemy import enginefacade
import sqlalchemy as sa

context_manager = enginefacade.transaction_context()
# oslo.db's default sleeps on every connection checkin to let eventlet
# switch green threads; with OS threads it only gives the GIL away.
context_manager.configure(thread_checkin=False)

# Connection methods mostly take no request context, so transactions are
# tracked on this thread-local object instead of on a RequestContext.
_TXN = threading.local()

# How deep the current thread is in writer() blocks (see _sqlite_begin).
_WRITING = threading.local()

# How long a SQLite connection waits for another one's write lock.
SQLITE_BUSY_TIMEOUT_MS = 30000


def reader():
    """A session for reading, committed (nothing to commit) on exit."""
    return context_manager.reader.using(_TXN)


@contextlib.contextmanager
def writer():
    """A session for writing, committed on exit, rolled back on error."""
    _WRITING.depth = getattr(_WRITING, 'depth', 0) + 1
    try:
        with context_manager.writer.using(_TXN) as session:
            yield session
    finally:
        _WRITING.depth -= 1


# SQLite (the embedded mode) allows one writer at a time. A transaction
# that reads first and writes later takes the write lock only at its first
# write; two such transactions then deadlock and one fails at once with
# "database is locked", whatever the busy timeout. Writers therefore take
# the write lock when they begin (BEGIN IMMEDIATE) and wait for each other,
# readers begin normally, and WAL lets readers run beside a writer.

@sa.event.listens_for(sa.engine.Engine, 'connect')
def _sqlite_connect(dbapi_connection, connection_record):
    if type(dbapi_connection).__module__.split('.')[0] != 'sqlite3':
        return
    # Let SQLAlchemy's begin event, not pysqlite, start transactions.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute('PRAGMA busy_timeout = %d' % SQLITE_BUSY_TIMEOUT_MS)
        cursor.execute('PRAGMA journal_mode = WAL')
    finally:
        cursor.close()


@sa.event.listens_for(sa.engine.Engine, 'begin', insert=True)
def _sqlite_begin(connection):
    # oslo.db emits a plain BEGIN for SQLite engines unless its
    # "in_transaction" marker says one was already emitted; this runs
    # first and sets that marker.
    if (connection.dialect.name != 'sqlite'
            or 'in_transaction' in connection.info):
        return
    if getattr(_WRITING, 'depth', 0):
        connection.exec_driver_sql('BEGIN IMMEDIATE')
    else:
        connection.exec_driver_sql('BEGIN')
    connection.info['in_transaction'] = True


def get_engine():
    """The writer engine, built from ``[database]`` if not yet started."""
    return context_manager.writer.get_engine()
