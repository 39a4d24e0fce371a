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

"""Database fixtures shared by every test that touches SQL.

A test that asks for ``db`` runs once per engine — ``test_x[sqlite]``,
``test_x[mysql]``, ``test_x[postgresql]`` — each on a throwaway database
(random name) migrated to head with the real alembic migrations once per
session and dropped at the end.

``db``
    Points Magnum's enginefacade (``magnum.db.sqlalchemy.session``) at the
    engine's database for this test and returns the ``magnum.db.api``
    Connection (``magnum.db.api.get_instance()``). Anything built on
    ``magnum.db.api`` (objects, conductor code) uses that database during
    the test. Every table is emptied after the test, so ids keep growing:
    never assert on integer ids.
``ctx`` / ``other_ctx``
    Non-admin contexts of project A (``ctx.project_id``) and project B.
``admin_ctx``
    Admin context with ``all_tenants=True``: sees every project.
``db_engine``
    The session's migrated SQLAlchemy engine (``db_engine.dialect.name``
    is the engine name), for tests that look at raw tables.
``db_server`` / ``fresh_database``
    The engine's server, and a brand-new *empty* database on it for one
    test (yields the SQLAlchemy engine; ``.url`` has the URL) — for
    migration and ``magnum-db-manage`` tests.

Servers: MariaDB ``mysql+pymysql://root@127.0.0.1:3306`` and PostgreSQL
``postgresql+psycopg2://postgres@127.0.0.1:5432``, overridable with
``MAGNUM_TEST_MYSQL_URL`` / ``MAGNUM_TEST_POSTGRESQL_URL`` (server URLs, no
database name). A server that cannot be reached skips its tests, unless
``MAGNUM_TEST_REQUIRE_ENGINES=1`` (set by CI): then they fail.
"""

import os
import tempfile
import uuid

from oslo_db.sqlalchemy import engines
from oslo_db.sqlalchemy import enginefacade
from oslo_db.sqlalchemy import orm
import pytest
import sqlalchemy as sa

from magnum.common import context as magnum_context

ENGINES = ('sqlite', 'mysql', 'postgresql')

_DEFAULT_URLS = {
    'mysql': 'mysql+pymysql://root@127.0.0.1:3306',
    'postgresql': 'postgresql+psycopg2://postgres@127.0.0.1:5432',
}


class _Server:
    """Creates and drops throwaway databases on one database server."""

    def __init__(self, name):
        self.name = name
        self._tmpdir = None
        if name == 'sqlite':
            self._tmpdir = tempfile.TemporaryDirectory(prefix='magnum-db-')
            self.url = None
        else:
            env = 'MAGNUM_TEST_%s_URL' % name.upper()
            self.url = sa.engine.make_url(
                os.environ.get(env) or _DEFAULT_URLS[name])

    def check_reachable(self):
        """``None`` if the server answers, else why not."""
        if self.url is None:
            return None
        engine = self._admin_engine()
        try:
            with engine.connect():
                return None
        except Exception as exc:  # any driver error means "absent"
            return '%s at %s unreachable: %s' % (
                self.name, self.url.render_as_string(hide_password=True),
                str(exc).splitlines()[0])
        finally:
            engine.dispose()

    def _admin_engine(self):
        database = 'postgres' if self.name == 'postgresql' else None
        return sa.create_engine(
            self.url.set(database=database), isolation_level='AUTOCOMMIT',
            connect_args={'connect_timeout': 5}, poolclass=sa.pool.NullPool)

    def create_database(self):
        """A new empty database; returns its URL."""
        name = 'magnum_test_%s' % uuid.uuid4().hex[:12]
        if self.url is None:
            path = os.path.join(self._tmpdir.name, name + '.sqlite')
            return sa.engine.make_url('sqlite:///' + path)
        admin = self._admin_engine()
        try:
            with admin.connect() as conn:
                if self.name == 'mysql':
                    conn.exec_driver_sql(
                        'CREATE DATABASE %s CHARACTER SET utf8mb4' % name)
                else:
                    conn.exec_driver_sql("CREATE DATABASE %s ENCODING 'UTF8'"
                                         " TEMPLATE template0" % name)
        finally:
            admin.dispose()
        return self.url.set(database=name)

    def drop_database(self, url):
        if self.url is None:
            if os.path.exists(url.database):
                os.unlink(url.database)
            return
        admin = self._admin_engine()
        try:
            with admin.connect() as conn:
                if self.name == 'mysql':
                    conn.exec_driver_sql(
                        'DROP DATABASE IF EXISTS %s' % url.database)
                else:
                    conn.exec_driver_sql(
                        'DROP DATABASE IF EXISTS %s WITH (FORCE)'
                        % url.database)
        finally:
            admin.dispose()

    def close(self):
        if self._tmpdir is not None:
            self._tmpdir.cleanup()


def _engine_for(url):
    # oslo.db's engine: it turns IntegrityError into DBDuplicateEntry etc.,
    # as Magnum's own engine does.
    return engines.create_engine(
        url.render_as_string(hide_password=False), max_retries=0,
        mysql_sql_mode='TRADITIONAL')


@pytest.fixture(scope='session', params=ENGINES)
def db_server(request):
    server = _Server(request.param)
    reason = server.check_reachable()
    if reason is not None:
        if os.environ.get('MAGNUM_TEST_REQUIRE_ENGINES') == '1':
            pytest.fail(reason + ' (MAGNUM_TEST_REQUIRE_ENGINES=1)')
        pytest.skip(reason)
    yield server
    server.close()


@pytest.fixture
def fresh_database(db_server):
    url = db_server.create_database()
    engine = _engine_for(url)
    try:
        yield engine
    finally:
        engine.dispose()
        db_server.drop_database(url)


@pytest.fixture(scope='session')
def db_engine(db_server):
    from magnum.db.sqlalchemy import migration

    url = db_server.create_database()
    engine = _engine_for(url)
    try:
        migration.upgrade('head', engine=engine)
        yield engine
    finally:
        engine.dispose()
        db_server.drop_database(url)


@pytest.fixture
def db(db_engine):
    from magnum.db import api as db_api
    from magnum.db.sqlalchemy import models
    from magnum.db.sqlalchemy import session

    factory = enginefacade._TestTransactionFactory(
        db_engine, orm.get_maker(engine=db_engine, expire_on_commit=False),
        apply_global=False,
        from_factory=session.context_manager._factory)
    reset = session.context_manager.patch_factory(factory)
    try:
        yield db_api.get_instance()
    finally:
        reset()
        with db_engine.begin() as conn:
            for table in reversed(models.Base.metadata.sorted_tables):
                conn.execute(table.delete())


@pytest.fixture
def ctx():
    return magnum_context.make_context(
        project_id='project-a', user_id='user-a', roles=['member'],
        overwrite=False)


@pytest.fixture
def other_ctx():
    return magnum_context.make_context(
        project_id='project-b', user_id='user-b', roles=['member'],
        overwrite=False)


@pytest.fixture
def admin_ctx():
    return magnum_context.make_context(
        project_id='project-admin', user_id='admin', roles=['admin'],
        is_admin=True, all_tenants=True, overwrite=False)
