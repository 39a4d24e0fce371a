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

"""Force delete: records gone at once from any state, cloud clean-up
attempted, the delete notification sent."""

import time

import pytest

from magnum.common import exception
from magnum.conductor.handlers import cluster_force_delete
from magnum.conductor import notifications
from magnum.db.sqlalchemy import models
from magnum.db.sqlalchemy import session
from magnum import objects
from magnum.objects import fields
from magnum.tests.unit.conductor.test_notifications import listener  # noqa

S = fields.ClusterStatus


def _rows(uuid):
    with session.reader() as s:
        return (s.query(models.Cluster).filter_by(uuid=uuid).count(),
                s.query(models.NodeGroup).filter_by(cluster_id=uuid).count())


def _ops(wf):
    return [c['op'] for c in wf.calls()
            if c['op'] in ('pre_delete', 'delete')]


@pytest.mark.parametrize('status', [
    S.CREATE_IN_PROGRESS, S.UPDATE_IN_PROGRESS, S.DELETE_IN_PROGRESS,
    S.DELETE_FAILED, S.CREATE_FAILED, S.CREATE_COMPLETE])
def test_records_go_whatever_the_state(wf, status):
    cluster = wf.create(status=status)
    assert wf.keypair_count() > 0
    wf.handlers.cluster_force_delete(wf.ctx, cluster.uuid)
    # Gone when the call returns, before the cloud clean-up finishes.
    assert _rows(cluster.uuid) == (0, 0)
    assert wf.keypair_count() == 0
    with pytest.raises(exception.ClusterNotFound):
        wf.get(cluster.uuid)
    wf.settle()
    assert _ops(wf) == ['pre_delete', 'delete']


def test_a_cluster_held_by_a_dead_conductor(wf):
    cluster = wf.create(status=S.CREATE_IN_PROGRESS)
    objects.Cluster.reserve(cluster.uuid, 'conductor-that-died')
    wf.handlers.cluster_force_delete(wf.ctx, cluster.uuid)
    assert _rows(cluster.uuid) == (0, 0)
    wf.settle()


def test_a_workflow_still_running_does_not_bring_it_back(wf):
    cluster = wf.create(status=S.CREATE_COMPLETE)
    go = wf.tmp_path / 'go'
    wf.behave({'update': {'hold_until': str(go)}})
    wf.handlers.cluster_update(wf.ctx, cluster, 4, None, None)
    _wait_for_call(wf, 'update')
    assert wf.reservation(cluster.uuid) == wf.handlers.host
    wf.handlers.cluster_force_delete(wf.ctx, cluster.uuid)
    assert _rows(cluster.uuid) == (0, 0)
    go.touch()
    wf.settle()
    assert _rows(cluster.uuid) == (0, 0)


def _wait_for_call(wf, op, timeout=30):
    deadline = time.monotonic() + timeout
    while not wf.calls(op):
        assert time.monotonic() < deadline, 'no %s call' % op
        time.sleep(0.05)


def test_cloud_errors_do_not_bring_the_cluster_back(wf):
    wf.behave({'pre_delete': {'raise': 'Octavia is down.'},
               'delete': {'raise': 'Stack is locked.'}})
    cluster = wf.create(status=S.DELETE_FAILED)
    wf.handlers.cluster_force_delete(wf.ctx, cluster.uuid)
    wf.settle()
    assert _rows(cluster.uuid) == (0, 0)
    # Each step is attempted on its own.
    assert _ops(wf) == ['pre_delete', 'delete']
    assert wf.keypair_count() == 0


def test_with_a_full_pool_the_clean_up_runs_in_the_call(wf):
    cluster = wf.create(status=S.CREATE_COMPLETE)
    slots = [wf.handlers.pool.claim()
             for _ in range(wf.handlers.pool.size)]
    try:
        wf.handlers.cluster_force_delete(wf.ctx, cluster.uuid)
        assert _ops(wf) == ['pre_delete', 'delete']
        assert _rows(cluster.uuid) == (0, 0)
    finally:
        for slot in slots:
            slot.give_back()


def test_unknown_cluster(wf):
    with pytest.raises(exception.ClusterNotFound):
        wf.handlers.cluster_force_delete(
            wf.ctx, '1f0ab2a4-0d8f-4c39-9f52-2b8d7e0b8a11')
    assert wf.handlers.pool.running == 0


def test_other_clusters_are_left_alone(wf):
    kept = wf.create(status=S.CREATE_COMPLETE)
    gone = wf.create(status=S.CREATE_COMPLETE)
    keypairs = wf.keypair_count()
    wf.handlers.cluster_force_delete(wf.ctx, gone.uuid)
    wf.settle()
    assert _rows(kept.uuid) == (1, 2)
    assert wf.get(kept.uuid).status == S.CREATE_COMPLETE
    assert 0 < wf.keypair_count() < keypairs


def test_the_delete_notification_is_sent(wf, listener):  # noqa: F811
    cluster = wf.create(status=S.UPDATE_IN_PROGRESS)
    wf.handlers.cluster_force_delete(wf.ctx, cluster.uuid)
    assert notifications.flush(10)
    # The create's own events may arrive late; only deletes count here.
    received = []
    while len(received) < 2:
        event = listener.get(timeout=10)
        if event[2] == 'magnum.cluster.delete':
            received.append(event)
    assert [(priority, event_type, payload['outcome'])
            for priority, _, event_type, payload in received] == [
        ('info', 'magnum.cluster.delete', 'pending'),
        ('info', 'magnum.cluster.delete', 'success')]
    described = []
    for _, _, _, payload in received:
        assert payload['target']['id'] == cluster.uuid
        [attachment] = payload['target']['attachments']
        data = attachment['content']
        described.append((data['status'], data['status_reason']))
    assert described == [
        (S.UPDATE_IN_PROGRESS, None),
        (S.DELETE_COMPLETE, cluster_force_delete.FORCED)]
    wf.settle()
