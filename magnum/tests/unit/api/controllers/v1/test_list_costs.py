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

"""What list requests cost: SQL statements independent of the page size
(no N+1 for the nodegroup-derived fields nor the template labels)."""

import pytest
import sqlalchemy as sa

from magnum.tests.unit.api.conftest import SQLITE_ONLY
from magnum.tests.unit.api.controllers.v1 import cluster_fixtures as cf

pytestmark = SQLITE_ONLY

app = cf.app
seed = cf.seed


@pytest.fixture
def statements(db_engine):
    sent = []

    def collect(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith('SELECT'):
            sent.append(statement)

    sa.event.listen(db_engine, 'before_cursor_execute', collect)
    yield sent
    sa.event.remove(db_engine, 'before_cursor_execute', collect)


def _count(app, statements, path):
    del statements[:]
    response = app.get(path, headers=cf.headers())
    return len(response.json[path.split('/')[2].split('?')[0]]), \
        len(statements)


# The page with its node counts summed in the same statement; on the
# detail, the nodegroup addresses of all its clusters and the templates of
# all its clusters (for the labels_* differences).
@pytest.mark.parametrize('path,selects', [
    ('/v1/clusters', 1), ('/v1/clusters/detail', 3),
    ('/v1/clustertemplates', 1), ('/v1/clustertemplates/detail', 1)])
def test_statements_do_not_grow_with_the_page(app, seed, statements, path,
                                              selects):
    # Each cluster from its own template: the worst case for the labels.
    for number in range(2):
        seed.cluster(seed.template(name='t%d' % number), name='c%d' % number)
    small_rows, small = _count(app, statements, path)
    for number in range(2, 12):
        seed.cluster(seed.template(name='t%d' % number), name='c%d' % number)
    big_rows, big = _count(app, statements, path)
    assert (small_rows, big_rows) == (2, 12)
    assert big == small
    assert big == selects
