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

"""Alembic's entry point: run the migrations on Magnum's database.

The connection is the one ``magnum.db.sqlalchemy.migration`` put in
``config.attributes['connection']``, else one from Magnum's engine.
"""

from alembic import context

from magnum.db.sqlalchemy import models
from magnum.db.sqlalchemy import session


def _run(connection):
    context.configure(
        connection=connection,
        target_metadata=models.Base.metadata,
        # SQLite cannot ALTER most things; batch mode recreates the table.
        render_as_batch=connection.dialect.name == 'sqlite',
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    connection = context.config.attributes.get('connection')
    if connection is not None:
        _run(connection)
        return
    with session.get_engine().connect() as connection:
        _run(connection)


if context.is_offline_mode():
    raise SystemExit('Offline (--sql) migrations are not supported.')
run_migrations_online()
