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

"""PATCH /v1/credentials/{cluster}: microversion 1.12 and up, a project
member only, an RPC call to the conductor."""

import pytest

from magnum.common import exception
from magnum import objects
from magnum.tests.unit.api import conftest as helpers
from magnum.tests.unit.db import utils as db_utils

pytestmark = helpers.SQLITE_ONLY


@pytest.fixture
def cluster(db):
    return db.create_cluster(db_utils.cluster_values(
        name='c1', status='CREATE_COMPLETE'))


def _rotate(app, ident, headers=helpers.MEMBER_A, version='1.12',
            status=202):
    headers = dict(headers)
    if version is not None:
        headers.update(helpers.version_header(version))
    return app.patch('/v1/credentials/%s' % ident, headers=headers,
                     expect_errors=status != 202)


def _nothing_sent(conductor):
    assert conductor.sent == []
    assert conductor.handlers.calls == []


@pytest.mark.parametrize('ident', ['uuid', 'name'])
@pytest.mark.parametrize('version', ['1.12', '1.14', 'latest'])
def test_rotate(noauth_app, cluster, conductor, ident, version):
    response = _rotate(noauth_app, getattr(cluster, ident), version=version)

    assert response.status_int == 202
    assert response.json == {'uuid': cluster.uuid}
    [call] = conductor.handlers.calls
    assert call.name == 'credential_rotate'
    assert isinstance(call.arguments['cluster'], objects.Cluster)
    assert call.arguments['cluster'].uuid == cluster.uuid
    assert call.context.project_id == 'project-a'
    assert [(m.method, m.wait_for_reply) for m in conductor.sent] == [
        ('credential_rotate', True)]


@pytest.mark.parametrize('version', [None, '1.1', '1.11'])
def test_older_microversions_are_refused(noauth_app, cluster, conductor,
                                         version):
    response = _rotate(noauth_app, cluster.uuid, version=version,
                       status=406)
    error = helpers.error_of(response, 406)
    assert 'is not supported for this version' in error['detail']
    _nothing_sent(conductor)


@pytest.mark.parametrize('headers,status', [
    (helpers.MEMBER_A, 202),
    (helpers.OTHER_MEMBER_A, 202),
    (helpers.caller('project-a', 'admin-a', 'admin,member'), 202),
    # credential:rotate wants the member role: admin alone is refused.
    (helpers.caller('project-a', 'admin-a', 'admin'), 403),
    (helpers.READER_A, 403),
    (helpers.MEMBER_B, 404),
    (helpers.ADMIN, 404),
], ids=['creator', 'project-member', 'admin-member', 'admin-only',
        'reader', 'other-project', 'admin-other-project'])
def test_policy(noauth_app, cluster, conductor, headers, status):
    response = _rotate(noauth_app, cluster.uuid, headers=headers,
                       status=status)
    if status == 202:
        assert response.status_int == 202
        return
    error = helpers.error_of(response, status)
    if status == 403:
        assert 'credential:rotate' in error['detail']
    _nothing_sent(conductor)


def test_unknown_cluster(noauth_app, db, conductor):
    error = helpers.error_of(_rotate(noauth_app, 'nowhere', status=404),
                             404)
    assert error['detail'] == 'Cluster nowhere could not be found.'
    _nothing_sent(conductor)


def test_conductor_errors_reach_the_client(noauth_app, cluster, conductor):
    conductor.handlers.raises['credential_rotate'] = exception.NotSupported(
        operation='Credential rotation of this driver')
    error = helpers.error_of(_rotate(noauth_app, cluster.uuid, status=400),
                             400)
    assert error['detail'] == \
        'Credential rotation of this driver is not supported.'


def test_other_methods_are_not_routes(noauth_app, cluster):
    for method in ('get', 'delete'):
        response = getattr(noauth_app, method)(
            '/v1/credentials/%s' % cluster.uuid,
            headers=dict(helpers.MEMBER_A,
                         **helpers.version_header('1.12')),
            expect_errors=True)
        assert response.status_int in (404, 405)
