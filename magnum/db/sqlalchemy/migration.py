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

"""Schema migrations with alembic (the ``magnum.database.migration_backend``).

Every function works on Magnum's configured engine, or on ``engine`` when
one is given (tests, tools).
"""

import os

from alembic import command as alembic_command
from alembic import config as alembic_config
from alembic import migration as alembic_migration
from alembic import script as alembic_script

from magnum.db.sqlalchemy import session

_INI = os.path.join(os.path.dirname(__file__), 'alembic.ini')


def _config(connection=None):
    config = alembic_config.Config(_INI)
    config.set_main_option('script_location',
                           os.path.join(os.path.dirname(__file__), 'alembic'))
    if connection is not None:
        config.attributes['connection'] = connection
    return config


def _engine(engine):
    return engine if engine is not None else session.get_engine()


def upgrade(revision='head', engine=None):
    """Bring the schema up to ``revision``."""
    with _engine(engine).begin() as connection:
        alembic_command.upgrade(_config(connection), revision or 'head')


def version(engine=None):
    """The revision the database is at, or ``None`` if never migrated."""
    with _engine(engine).connect() as connection:
        return alembic_migration.MigrationContext.configure(
            connection).get_current_revision()


def stamp(revision, engine=None):
    """Record ``revision`` as current without running any migration."""
    with _engine(engine).begin() as connection:
        alembic_command.stamp(_config(connection), revision)


def revision(message=None, autogenerate=False, engine=None):
    """Write a new revision file; with ``autogenerate`` its operations are
    guessed by comparing the models to the database (review them!)."""
    if not autogenerate:
        return alembic_command.revision(_config(), message=message)
    with _engine(engine).begin() as connection:
        return alembic_command.revision(_config(connection), message=message,
                                        autogenerate=True)


def head():
    """The newest revision in the migration scripts."""
    scripts = alembic_script.ScriptDirectory.from_config(_config())
    return scripts.get_current_head()


def revisions():
    """Every revision id, oldest first."""
    scripts = alembic_script.ScriptDirectory.from_config(_config())
    return [rev.revision for rev in reversed(list(scripts.walk_revisions()))]


def create_schema(engine=None):
    """Build the schema from the models and stamp it as head, for tests
    that want a database quickly and do not test the migrations."""
    from magnum.db.sqlalchemy import models
    with _engine(engine).begin() as connection:
        models.Base.metadata.create_all(connection)
        alembic_command.stamp(_config(connection), 'head')
