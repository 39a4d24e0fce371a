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

"""GET /v1/stats: cluster and node counts, per project or cloud-wide."""

import pytest

from magnum.tests.unit.api import conftest as helpers
from magnum.tests.unit.db import utils as db_utils

pytestmark = helpers.SQLITE_ONLY


def _cluster(db, project, name, master=1, workers=(2,)):
    cluster = db.create_cluster(db_utils.cluster_values(
        name=name, project_id=project, user_id='someone'))
    db.create_nodegroup(db_utils.nodegroup_values(
        cluster, name='default-master', role='master', node_count=master))
    for n, count in enumerate(workers):
        db.create_nodegroup(db_utils.nodegroup_values(
            cluster, name='worker-%d' % n, node_count=count,
            is_default=(n == 0)))
    return cluster


@pytest.fixture
def clusters(db):
    # project-a: 2 clusters, 1+2 and 3+(4+5) nodes; project-b: 1, 1+1.
    _cluster(db, 'project-a', 'a1')
    _cluster(db, 'project-a', 'a2', master=3, workers=(4, 5))
    _cluster(db, 'project-b', 'b1', workers=(1,))


def _stats(app, headers, query='', status=200):
    return app.get('/v1/stats' + query, headers=headers,
                   expect_errors=status != 200)


@pytest.mark.parametrize('headers', [helpers.MEMBER_A, helpers.READER_A],
                         ids=['member', 'reader'])
def test_project_users_count_their_own_project(noauth_app, clusters,
                                               headers):
    response = _stats(noauth_app, headers)
    assert response.status_int == 200
    assert response.json == {'clusters': 2, 'nodes': 15}
    assert _stats(noauth_app, headers,
                  '?project_id=project-a').json == {'clusters': 2,
                                                    'nodes': 15}


def test_project_users_may_not_count_another_project(noauth_app, clusters):
    response = _stats(noauth_app, helpers.MEMBER_A, '?project_id=project-b',
                      status=403)
    error = helpers.error_of(response, 403)
    assert 'stats:get_all' in error['detail']


def test_admin_counts_everything_or_one_project(noauth_app, clusters):
    assert _stats(noauth_app, helpers.ADMIN).json == {'clusters': 3,
                                                      'nodes': 17}
    assert _stats(noauth_app, helpers.ADMIN,
                  '?project_id=project-b').json == {'clusters': 1,
                                                    'nodes': 2}
    assert _stats(noauth_app, helpers.ADMIN,
                  '?project_id=nobody').json == {'clusters': 0, 'nodes': 0}


def test_empty_project(noauth_app, db):
    assert _stats(noauth_app, helpers.MEMBER_B).json == {'clusters': 0,
                                                         'nodes': 0}


def test_type_cluster_is_the_only_type(noauth_app, clusters):
    assert _stats(noauth_app, helpers.MEMBER_A,
                  '?type=Cluster').json['clusters'] == 2
    response = _stats(noauth_app, helpers.MEMBER_A, '?type=node',
                      status=400)
    error = helpers.error_of(response, 400)
    assert "Allowed values are 'cluster'" in error['detail']


def test_caller_without_reader_role_is_refused(noauth_app, clusters):
    helpers.error_of(_stats(noauth_app, helpers.NO_ROLE_A, status=403),
                     403)


def test_served_at_every_microversion(noauth_app, clusters):
    for version in ('1.1', '1.4', 'latest'):
        response = noauth_app.get(
            '/v1/stats', headers=dict(helpers.MEMBER_A,
                                      **helpers.version_header(version)))
        assert response.json == {'clusters': 2, 'nodes': 15}
