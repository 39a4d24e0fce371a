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

"""``/v1/clusters/<ident>/actions/resize`` and ``.../upgrade``."""

import pytest

from magnum.common import exception
from magnum.tests.unit.api.conftest import SQLITE_ONLY
from magnum.tests.unit.api.controllers.v1 import cluster_fixtures as cf

pytestmark = SQLITE_ONLY

# The shared fixtures, under their own names.
app = cf.app
seed = cf.seed


@pytest.fixture
def template(seed):
    return seed.template()


@pytest.fixture
def cluster(seed, template):
    return seed.cluster(template)


def _resize(app, body, status=202, headers=None, ident='c1'):
    return app.post_json('/v1/clusters/%s/actions/resize' % ident, body,
                         headers=headers or cf.headers(), status=status)


def _upgrade(app, body, status=202, headers=None, ident='c1'):
    return app.post_json('/v1/clusters/%s/actions/upgrade' % ident, body,
                         headers=headers or cf.headers(), status=status)


# --- resize -----------------------------------------------------------------

def test_resize_casts_for_the_default_worker(app, cluster):
    response = _resize(app, {'node_count': 4,
                             'nodes_to_remove': ['server-1']})
    assert response.json == {'uuid': cluster.uuid}
    [call] = cf.calls(app, 1)
    assert call.name == 'cluster_resize'
    assert call.arguments['node_count'] == 4
    assert call.arguments['nodes_to_remove'] == ['server-1']
    assert call.arguments['nodegroup'].name == 'default-worker'
    assert call.arguments['cluster'].uuid == cluster.uuid
    assert app.conductor.sent[0].wait_for_reply is False


def test_resize_a_named_nodegroup_within_its_bounds(app, seed, cluster):
    extra = seed.nodegroup(cluster, 'extra', min_node_count=1,
                           max_node_count=3)
    _resize(app, {'node_count': 3, 'nodegroup': 'extra'})
    _resize(app, {'node_count': 1, 'nodegroup': extra.uuid})
    first, second = cf.calls(app, 2)
    assert first.arguments['nodegroup'].uuid == extra.uuid
    assert second.arguments['nodes_to_remove'] == []

    for count in (0, 4):
        response = _resize(app, {'node_count': count, 'nodegroup': 'extra'},
                           status=400)
        assert 'outside the allowed range' in cf.error_of(response)
    assert len(app.conductor.sent) == 2


def test_resize_master_nodegroup_is_refused(app, cluster):
    response = _resize(app, {'node_count': 3,
                             'nodegroup': 'default-master'}, status=400)
    assert 'master nodegroup' in cf.error_of(response)
    cf.assert_nothing_sent(app)


@pytest.mark.parametrize('body,status', [
    ({}, 400), ({'node_count': -1}, 400), ({'node_count': 'many'}, 400),
    ({'node_count': 1, 'extra': 1}, 400),
    ({'node_count': 1, 'nodegroup': 'missing'}, 404)])
def test_resize_refusals_send_nothing(app, cluster, body, status):
    _resize(app, body, status=status)
    cf.assert_nothing_sent(app)


def test_resize_version_gates(app, cluster):
    _resize(app, {'node_count': 2}, status=406, headers=cf.headers('1.6'))
    response = _resize(app, {'node_count': 0}, status=400,
                       headers=cf.headers('1.9'))
    assert 'zero' in cf.error_of(response)
    cf.assert_nothing_sent(app)
    _resize(app, {'node_count': 2}, headers=cf.headers('1.7'))
    _resize(app, {'node_count': 0}, headers=cf.headers('1.10'))
    assert [c.arguments['node_count'] for c in cf.calls(app, 2)] == [2, 0]


def test_resize_policy_and_isolation(app, cluster):
    _resize(app, {'node_count': 2}, status=403, headers=cf.reader())
    _resize(app, {'node_count': 2}, status=404,
            headers=cf.headers(project=cf.PROJECT_B))
    # No all-projects override for resize: an admin of another project
    # does not find the cluster.
    _resize(app, {'node_count': 2}, status=404, headers=cf.admin())
    cf.assert_nothing_sent(app)


# --- upgrade ----------------------------------------------------------------

def test_upgrade_calls_the_conductor(app, seed, cluster):
    newer = seed.template(name='k8s-new')
    response = _upgrade(app, {'cluster_template': 'k8s-new',
                              'max_batch_size': 2})
    assert response.status_int == 202
    assert response.json == {'uuid': cluster.uuid}
    [call] = cf.calls(app, 1)
    assert call.name == 'cluster_upgrade'
    assert call.arguments['cluster_template'].uuid == newer.uuid
    assert call.arguments['max_batch_size'] == 2
    assert call.arguments['nodegroup'].name == 'default-worker'
    assert app.conductor.sent[0].wait_for_reply is True


def test_upgrade_defaults_to_batches_of_one(app, seed, cluster):
    _upgrade(app, {'cluster_template': 'k8s'})
    assert cf.calls(app, 1)[0].arguments['max_batch_size'] == 1


def test_upgrade_driver_refusal_is_400(app, cluster):
    app.conductor.handlers.raises['cluster_upgrade'] = \
        exception.NotSupported(operation='Upgrading this cluster')
    response = _upgrade(app, {'cluster_template': 'k8s'}, status=400)
    assert 'Upgrading this cluster is not supported' in cf.error_of(response)


def test_upgrade_of_a_non_default_nodegroup(app, seed, cluster):
    seed.template(name='k8s-new')
    seed.nodegroup(cluster, 'extra')
    response = _upgrade(app, {'cluster_template': 'k8s-new',
                              'nodegroup': 'extra'}, status=409)
    assert 'not valid for upgrade' in cf.error_of(response)
    cf.assert_nothing_sent(app)
    _upgrade(app, {'cluster_template': 'k8s', 'nodegroup': 'extra'})
    assert cf.calls(app, 1)[0].arguments['nodegroup'].name == 'extra'


def test_upgrade_version_gates(app, cluster):
    body = {'cluster_template': 'k8s'}
    _upgrade(app, body, status=406, headers=cf.headers('1.6'))
    response = _upgrade(app, body, status=400, headers=cf.headers('1.7'))
    assert 'not supported in the provided microversion' in \
        cf.error_of(response)
    cf.assert_nothing_sent(app)
    _upgrade(app, body, headers=cf.headers('1.8'))
    assert cf.calls(app, 1)[0].name == 'cluster_upgrade'


@pytest.mark.parametrize('body,status', [
    ({}, 400), ({'cluster_template': 'nope'}, 404),
    ({'cluster_template': 'k8s', 'max_batch_size': 0}, 400)])
def test_upgrade_refusals_send_nothing(app, cluster, body, status):
    _upgrade(app, body, status=status)
    cf.assert_nothing_sent(app)


def test_upgrade_policy_and_admin_reach(app, seed, cluster):
    _upgrade(app, {'cluster_template': 'k8s'}, status=403,
             headers=cf.reader())
    _upgrade(app, {'cluster_template': 'k8s'}, status=404,
             headers=cf.headers(project=cf.PROJECT_B))
    cf.assert_nothing_sent(app)
    # Admins upgrade other projects' clusters (upgrade_all_projects).
    _upgrade(app, {'cluster_template': 'k8s'}, headers=cf.admin())
    assert cf.calls(app, 1)[0].arguments['cluster'].uuid == cluster.uuid
