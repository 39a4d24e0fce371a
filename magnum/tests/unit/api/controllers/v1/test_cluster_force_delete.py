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

"""``DELETE /v1/clusters/{id}?force=true``: admins only, from 1.16."""

import pytest

from magnum.conductor import handlers as handlers_mod
from magnum.conductor import workers
from magnum.tests.unit.api.controllers.v1 import cluster_fixtures as cf

app = cf.app
seed = cf.seed


@pytest.fixture
def cluster(seed):
    return seed.cluster(seed.template(), status='CREATE_IN_PROGRESS')


def test_admin_force_delete_is_a_call_for_the_cluster(app, cluster):
    response = app.delete('/v1/clusters/c1?force=true',
                          headers=cf.admin('1.16'))
    assert response.status_int == 204 and not response.body
    [call] = cf.calls(app, 1)
    assert call.name == 'cluster_force_delete'
    assert call.arguments == {'uuid': cluster.uuid}
    [message] = app.conductor.sent
    assert message.method == 'cluster_force_delete'
    assert message.wait_for_reply is True


@pytest.mark.parametrize('value', ['false', 'False', '0', 'no'])
def test_force_false_is_the_normal_delete(app, cluster, value):
    app.delete('/v1/clusters/c1?force=%s' % value, headers=cf.headers())
    [call] = cf.calls(app, 1)
    assert call.name == 'cluster_delete'


@pytest.mark.parametrize('version', [None, '1.1', '1.15'])
def test_force_below_1_16_is_refused(app, cluster, version):
    response = app.delete('/v1/clusters/c1?force=true',
                          headers=cf.admin(version), status=400)
    assert '1.16' in cf.error_of(response)
    cf.assert_nothing_sent(app)
    assert cf.count_rows(None) == (1, 2)


def test_not_a_boolean(app, cluster):
    response = app.delete('/v1/clusters/c1?force=maybe',
                          headers=cf.admin(), status=400)
    assert 'maybe' in cf.error_of(response)
    cf.assert_nothing_sent(app)


@pytest.mark.parametrize('headers', [
    cf.headers(),                      # a member of the cluster's project
    cf.headers(user='user-a2'),        # another member
    cf.reader(),
])
def test_only_admins_may_force(app, cluster, headers):
    response = app.delete('/v1/clusters/c1?force=true', headers=headers,
                          status=403)
    assert 'cluster:' in cf.error_of(response)
    cf.assert_nothing_sent(app)
    assert cf.count_rows(None) == (1, 2)


def test_member_is_refused_by_the_force_rule(app, cluster):
    response = app.delete('/v1/clusters/c1?force=true', headers=cf.headers(),
                          status=403)
    assert 'cluster:force_delete' in cf.error_of(response)


def test_unknown_cluster(app, cluster):
    app.delete('/v1/clusters/nope?force=true', headers=cf.admin(),
               status=404)
    cf.assert_nothing_sent(app)


def test_the_record_is_gone_when_the_answer_comes(app, seed, db, tmp_path):
    """Through the real handlers: the cluster cannot be read any more once
    the 204 is back (the normal delete keeps it until the cloud is
    done)."""
    handlers = handlers_mod.Handlers(host='conductor-1',
                                     pool=workers.WorkerPool(2))
    app.conductor.use(handlers)
    try:
        cluster = seed.cluster(seed.template(), status='UPDATE_IN_PROGRESS')
        app.delete('/v1/clusters/%s?force=true' % cluster.uuid,
                   headers=cf.admin())
        app.get('/v1/clusters/%s' % cluster.uuid, headers=cf.admin(),
                status=404)
        assert cf.count_rows(None) == (0, 0)
    finally:
        assert handlers.pool.shutdown(30)
        app.conductor.use(cf.recording_handlers())
