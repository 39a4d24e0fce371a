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

"""Migrations on every engine: each revision applies on its own, and the
result is exactly what the models describe."""

from alembic import autogenerate
from alembic import migration as alembic_migration
import sqlalchemy as sa

from magnum.db.sqlalchemy import migration
from magnum.db.sqlalchemy import models


def test_walk_revisions_one_by_one(fresh_database):
    assert migration.version(engine=fresh_database) is None
    revisions = migration.revisions()
    assert revisions[-1] == migration.head()
    for revision in revisions:
        migration.upgrade(revision, engine=fresh_database)
        assert migration.version(engine=fresh_database) == revision
    # Upgrading again at head is a no-op.
    migration.upgrade('head', engine=fresh_database)
    assert migration.version(engine=fresh_database) == migration.head()


def test_models_match_migrated_schema(fresh_database):
    migration.upgrade('head', engine=fresh_database)
    with fresh_database.connect() as connection:
        context = alembic_migration.MigrationContext.configure(
            connection, opts={'compare_type': True,
                              'compare_server_default': True})
        diff = autogenerate.compare_metadata(context, models.Base.metadata)
    assert diff == []


def test_migrated_schema_has_named_constraints(fresh_database):
    migration.upgrade('head', engine=fresh_database)
    inspector = sa.inspect(fresh_database)
    uniques = {tuple(u['column_names']): u['name']
               for u in inspector.get_unique_constraints('nodegroup')}
    assert uniques[('cluster_id', 'name')] == 'uniq_nodegroup0cluster_id0name'
    indexed = {tuple(i['column_names'])
               for i in inspector.get_indexes('cluster')}
    assert {('project_id',), ('status',), ('cluster_template_id',),
            ('name',)} <= indexed
    assert set(inspector.get_table_names()) == set(
        models.Base.metadata.tables) | {'alembic_version'}


def test_create_schema_stamps_head(fresh_database):
    migration.create_schema(engine=fresh_database)
    assert migration.version(engine=fresh_database) == migration.head()
