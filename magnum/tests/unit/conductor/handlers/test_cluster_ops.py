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

"""Update, resize, upgrade and delete of existing clusters."""

import pytest

from magnum.common import exception
from magnum.conductor.handlers import common
from magnum.objects import fields

S = fields.ClusterStatus

pytestmark = pytest.mark.parametrize('db_server', ['sqlite'], indirect=True)

NOT_UPDATABLE = sorted(set(S.ALL) - set(common.UPDATE_ALLOWED))


def test_the_allowed_state_sets(db_server):
    assert len(common.UPDATE_ALLOWED) == 8
    assert all(s.endswith('_COMPLETE') for s in common.UPDATE_ALLOWED)
    assert S.DELETE_COMPLETE not in common.UPDATE_ALLOWED
    assert set(common.RESIZE_ALLOWED) - set(common.UPDATE_ALLOWED) == {
        S.UPDATE_FAILED, S.UPDATE_IN_PROGRESS}


# -- update -------------------------------------------------------------------

def test_update_sets_worker_count_and_calls_driver(wf):
    cluster = wf.create(status=S.CREATE_COMPLETE, workers=2)
    wf.handlers.cluster_update(wf.ctx, cluster, 4, None, None,
                               rollback=True)
    wf.settle()
    stored = wf.get(cluster.uuid)
    assert stored.status == S.UPDATE_IN_PROGRESS
    assert stored.node_count == 4
    assert stored.default_ng_worker.status == S.UPDATE_IN_PROGRESS
    assert stored.default_ng_master.node_count == 1
    calls = wf.calls('update')
    assert [(c['cluster_uuid'], c['args']) for c in calls] == [
        (cluster.uuid, {'rollback': True})]
    assert wf.reservation(cluster.uuid) is None


@pytest.mark.parametrize('status', [S.CREATE_IN_PROGRESS, S.UPDATE_FAILED,
                                    S.DELETE_IN_PROGRESS, S.CREATE_FAILED])
def test_update_refused_outside_complete_states_changes_nothing(wf, status):
    cluster = wf.create(status=status)
    before = wf.snapshot(cluster.uuid)
    with pytest.raises(exception.NotSupported) as raised:
        wf.handlers.cluster_update(wf.ctx, cluster, 5, 'HEALTHY', {})
    assert raised.value.code == 400
    assert status in str(raised.value)
    assert wf.snapshot(cluster.uuid) == before
    assert wf.calls('update') == []
    assert wf.handlers.pool.running == 0


def test_update_health_only_is_saved_without_driver(wf):
    cluster = wf.create(status=S.CREATE_COMPLETE)
    wf.handlers.cluster_update(wf.ctx, cluster, cluster.node_count,
                               'UNHEALTHY', {'api': 'down'})
    stored = wf.get(cluster.uuid)
    assert (stored.health_status, stored.health_status_reason) == (
        'UNHEALTHY', {'api': 'down'})
    assert stored.status == S.CREATE_COMPLETE
    assert wf.calls('update') == []
    assert wf.reservation(cluster.uuid) is None


def test_update_without_change_is_a_no_op(wf):
    cluster = wf.create(status=S.UPDATE_COMPLETE)
    before = wf.snapshot(cluster.uuid)
    wf.handlers.cluster_update(wf.ctx, cluster, cluster.node_count,
                               cluster.health_status,
                               cluster.health_status_reason)
    assert wf.snapshot(cluster.uuid) == before
    assert wf.calls('update') == []


def test_update_driver_error_restores_count(wf):
    wf.behave({'update': {'raise': 'Quota exceeded for instances.'}})
    cluster = wf.create(status=S.CREATE_COMPLETE, workers=2)
    wf.handlers.cluster_update(wf.ctx, cluster, 7, None, None)
    wf.settle()
    stored = wf.get(cluster.uuid)
    assert stored.status == S.UPDATE_FAILED
    assert stored.status_reason == 'Quota exceeded for instances.'
    assert stored.node_count == 2
    assert stored.default_ng_worker.status == S.UPDATE_FAILED
    assert wf.reservation(cluster.uuid) is None


# -- resize -------------------------------------------------------------------

@pytest.mark.parametrize('status', [S.CREATE_COMPLETE, S.UPDATE_FAILED,
                                    S.UPDATE_IN_PROGRESS])
def test_resize_allowed_states(wf, status):
    cluster = wf.create(status=status, workers=3)
    worker = cluster.default_ng_worker
    wf.handlers.cluster_resize(wf.ctx, cluster, 1, ['node-1', 'node-2'],
                               worker)
    wf.settle()
    stored = wf.get(cluster.uuid)
    assert stored.status == S.UPDATE_IN_PROGRESS
    assert stored.default_ng_worker.node_count == 1
    assert stored.default_ng_worker.status == S.UPDATE_IN_PROGRESS
    (call,) = wf.calls('resize')
    assert call['nodegroup_uuid'] == worker.uuid
    assert call['args'] == {'node_count': 1,
                            'nodes_to_remove': ['node-1', 'node-2']}


@pytest.mark.parametrize('status', [S.CREATE_FAILED, S.CREATE_IN_PROGRESS,
                                    S.DELETE_FAILED])
def test_resize_refused_changes_nothing(wf, status):
    cluster = wf.create(status=status)
    before = wf.snapshot(cluster.uuid)
    with pytest.raises(exception.NotSupported):
        wf.handlers.cluster_resize(wf.ctx, cluster, 5, [], None)
    assert wf.snapshot(cluster.uuid) == before
    assert wf.calls('resize') == []


def test_resize_driver_error_fails_cluster_and_nodegroup(wf):
    wf.behave({'resize': {'raise': 'Flavor m1.small is gone.'}})
    cluster = wf.create(status=S.CREATE_COMPLETE, workers=2)
    wf.handlers.cluster_resize(wf.ctx, cluster, 6, [], None)
    wf.settle()
    stored = wf.get(cluster.uuid)
    assert stored.status == S.UPDATE_FAILED
    assert stored.status_reason == 'Flavor m1.small is gone.'
    worker = stored.default_ng_worker
    assert (worker.status, worker.node_count) == (S.UPDATE_FAILED, 2)
    assert worker.status_reason == 'Flavor m1.small is gone.'


# -- upgrade ------------------------------------------------------------------

def test_upgrade_starts_update(wf):
    cluster = wf.create(status=S.CREATE_COMPLETE)
    new_template = wf.template(labels={'kube_tag': 'v1.31.0'})
    worker = cluster.default_ng_worker
    wf.handlers.cluster_upgrade(wf.ctx, cluster, new_template, 2, worker)
    stored = wf.get(cluster.uuid)
    assert stored.status == S.UPDATE_IN_PROGRESS
    assert stored.default_ng_worker.status == S.UPDATE_IN_PROGRESS
    assert stored.default_ng_master.status == S.CREATE_COMPLETE
    (call,) = wf.calls('upgrade')
    assert call['args']['cluster_template'] == new_template.uuid
    assert call['args']['max_batch_size'] == 2
    assert wf.reservation(cluster.uuid) is None


def test_upgrade_not_supported_leaves_status_untouched(wf):
    wf.behave({'upgrade': {'raise': 'Upgrade is not supported here.',
                           'raise_type': 'ClusterUpgradeNotSupported'}})
    cluster = wf.create(status=S.CREATE_COMPLETE)
    before = wf.snapshot(cluster.uuid)
    with pytest.raises(exception.ClusterUpgradeNotSupported):
        wf.handlers.cluster_upgrade(wf.ctx, cluster, wf.template(), 1,
                                    cluster.default_ng_worker)
    assert wf.snapshot(cluster.uuid) == before
    assert wf.reservation(cluster.uuid) is None


def test_upgrade_other_driver_error_fails_and_is_raised(wf):
    wf.behave({'upgrade': {'raise': 'Heat said no.'}})
    cluster = wf.create(status=S.CREATE_COMPLETE)
    with pytest.raises(exception.MagnumException, match='Heat said no.'):
        wf.handlers.cluster_upgrade(wf.ctx, cluster, wf.template(), 1,
                                    cluster.default_ng_worker)
    stored = wf.get(cluster.uuid)
    assert (stored.status, stored.status_reason) == (S.UPDATE_FAILED,
                                                     'Heat said no.')


def test_upgrade_refused_when_not_complete(wf):
    cluster = wf.create(status=S.UPDATE_FAILED)
    before = wf.snapshot(cluster.uuid)
    with pytest.raises(exception.NotSupported):
        wf.handlers.cluster_upgrade(wf.ctx, cluster, wf.template(), 1, None)
    assert wf.snapshot(cluster.uuid) == before


# -- delete -------------------------------------------------------------------

@pytest.mark.parametrize('status', [S.CREATE_COMPLETE, S.CREATE_FAILED,
                                    S.CREATE_IN_PROGRESS])
def test_delete_marks_in_progress_and_calls_driver(wf, status):
    cluster = wf.create(status=status)
    wf.handlers.cluster_delete(wf.ctx, cluster.uuid)
    wf.settle()
    stored = wf.get(cluster.uuid)
    assert stored.status == S.DELETE_IN_PROGRESS
    assert {ng.status for ng in stored.nodegroups} == {S.DELETE_IN_PROGRESS}
    assert [c['op'] for c in wf.calls() if c['op'] in (
        'pre_delete', 'delete')] == ['pre_delete', 'delete']
    # The row stays for the status sync to remove.
    assert wf.reservation(cluster.uuid) is None


def test_delete_driver_error_is_delete_failed(wf):
    wf.behave({'delete': {'raise': 'Stack is locked.'}})
    cluster = wf.create(status=S.CREATE_COMPLETE)
    wf.handlers.cluster_delete(wf.ctx, cluster.uuid)
    wf.settle()
    stored = wf.get(cluster.uuid)
    assert (stored.status, stored.status_reason) == (S.DELETE_FAILED,
                                                     'Stack is locked.')
    # Deleting again is allowed.
    wf.behave({})
    wf.handlers.cluster_delete(wf.ctx, cluster.uuid)
    wf.settle()
    assert wf.get(cluster.uuid).status == S.DELETE_IN_PROGRESS


def test_delete_unknown_cluster(wf):
    with pytest.raises(exception.ClusterNotFound):
        wf.handlers.cluster_delete(wf.ctx,
                                   '1f0ab2a4-0d8f-4c39-9f52-2b8d7e0b8a11')
    assert wf.handlers.pool.running == 0
