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

"""What the conductor asks of Cluster: a cluster written together with its
nodegroups and reservation, the reservation itself, and the status sync's
bulk rows (every engine)."""

from oslo_utils import uuidutils
import pytest
import sqlalchemy as sa

from magnum.common import exception
from magnum import objects
from magnum.objects import fields

S = fields.ClusterStatus


@pytest.fixture
def count_transactions(db_engine):
    """A list collecting one entry per COMMIT sent to the engine."""
    commits = []

    def collect(conn):
        commits.append(conn)

    sa.event.listen(db_engine, 'commit', collect)
    yield commits
    sa.event.remove(db_engine, 'commit', collect)


def _seconds(when):
    # MySQL's DATETIME keeps no fraction of a second.
    return when.replace(microsecond=0)


def _new(ctx, template, **values):
    values.setdefault('uuid', uuidutils.generate_uuid())
    values.setdefault('name', 'c-' + values['uuid'][:8])
    values.setdefault('status', S.CREATE_IN_PROGRESS)
    cluster = objects.Cluster(
        ctx, project_id=ctx.project_id, user_id=ctx.user_id,
        cluster_template_id=template.uuid, labels={'a': 'b'}, **values)
    nodegroups = [
        objects.NodeGroup(ctx, name=name, role=role, node_count=count,
                          project_id=ctx.project_id, is_default=True,
                          status=S.CREATE_IN_PROGRESS, labels={'a': 'b'})
        for name, role, count in (('default-master', 'master', 1),
                                  ('default-worker', 'worker', 3))]
    return cluster, nodegroups


def test_create_with_nodegroups_is_one_transaction(
        ctx, make_template, count_transactions):
    template = make_template()
    cluster, nodegroups = _new(ctx, template)
    count_transactions.clear()
    cluster.create_with_nodegroups(nodegroups, reserved_by='conductor-a')
    assert len(count_transactions) == 1

    assert cluster.id and cluster.created_at is not None
    assert not cluster.obj_what_changed()
    assert (cluster.master_count, cluster.node_count) == (1, 3)
    assert [ng.name for ng in cluster.nodegroups] == [
        'default-master', 'default-worker']
    for nodegroup in nodegroups:
        assert nodegroup.id and nodegroup.uuid
        assert nodegroup.cluster_id == cluster.uuid
        assert nodegroup.min_node_count == 0      # the column's default
        assert not nodegroup.obj_what_changed()

    stored = objects.Cluster.get_by_uuid(ctx, cluster.uuid)
    assert stored.labels == {'a': 'b'}
    assert _seconds(stored.created_at) == _seconds(cluster.created_at)
    assert sorted(ng.uuid for ng in stored.nodegroups) == sorted(
        ng.uuid for ng in nodegroups)
    holder, since = objects.Cluster.get_reservation(cluster.uuid)
    assert holder == 'conductor-a' and since is not None


def test_create_with_nodegroups_unreserved(ctx, make_template):
    cluster, nodegroups = _new(ctx, make_template())
    cluster.create_with_nodegroups(nodegroups)
    assert objects.Cluster.get_reservation(cluster.uuid) == (None, None)


def test_create_with_nodegroups_leaves_nothing_on_a_clash(
        ctx, make_template):
    template = make_template()
    cluster, nodegroups = _new(ctx, template)
    cluster.create_with_nodegroups(nodegroups)

    again, more = _new(ctx, template, uuid=cluster.uuid)
    with pytest.raises(exception.ClusterAlreadyExists):
        again.create_with_nodegroups(more)

    other, clashing = _new(ctx, template)
    clashing[1].name = clashing[0].name
    with pytest.raises(exception.NodeGroupAlreadyExists):
        other.create_with_nodegroups(clashing)
    with pytest.raises(exception.ClusterNotFound):
        objects.Cluster.get_by_uuid(ctx, other.uuid)
    assert objects.NodeGroup.list(ctx, other.uuid) == []
    assert objects.Cluster.get_count_all(ctx) == 1


def test_save_with_nodegroups_writes_all_and_releases_in_one_go(
        ctx, make_template, count_transactions):
    cluster, nodegroups = _new(ctx, make_template())
    cluster.create_with_nodegroups(nodegroups, reserved_by='conductor-a')
    untouched = cluster.default_ng_master.updated_at

    cluster.stack_id = 'stack-1'
    cluster.default_ng_worker.stack_id = 'stack-1'
    cluster.default_ng_worker.node_addresses = ['10.0.0.5']
    count_transactions.clear()
    cluster.save_with_nodegroups(release_host='conductor-a')
    assert len(count_transactions) == 1
    assert not cluster.obj_what_changed()
    assert not cluster.default_ng_worker.obj_what_changed()
    assert cluster.updated_at is not None

    stored = objects.Cluster.get_by_uuid(ctx, cluster.uuid)
    assert stored.stack_id == 'stack-1'
    assert _seconds(stored.updated_at) == _seconds(cluster.updated_at)
    assert stored.default_ng_worker.stack_id == 'stack-1'
    assert stored.default_ng_worker.node_addresses == ['10.0.0.5']
    assert stored.default_ng_master.stack_id is None
    assert stored.default_ng_master.updated_at == untouched
    assert objects.Cluster.get_reservation(cluster.uuid) == (None, None)


def test_save_with_nodegroups_releases_only_its_own_reservation(
        ctx, make_template):
    cluster, nodegroups = _new(ctx, make_template())
    cluster.create_with_nodegroups(nodegroups, reserved_by='conductor-a')
    cluster.save_with_nodegroups(release_host='conductor-b')
    assert objects.Cluster.get_reservation(cluster.uuid)[0] == 'conductor-a'


def test_releasing_alone_keeps_updated_at(ctx, make_template):
    cluster, nodegroups = _new(ctx, make_template())
    cluster.create_with_nodegroups(nodegroups, reserved_by='conductor-a')
    cluster.status_reason = 'set once'
    cluster.save_with_nodegroups()
    before = objects.Cluster.get_by_uuid(ctx, cluster.uuid).updated_at
    assert before is not None
    cluster.save_with_nodegroups(release_host='conductor-a')
    after = objects.Cluster.get_by_uuid(ctx, cluster.uuid)
    assert after.updated_at == before
    assert objects.Cluster.get_reservation(cluster.uuid) == (None, None)


def test_save_with_nodegroups_changes_nothing_when_a_row_is_gone(
        ctx, make_template):
    cluster, nodegroups = _new(ctx, make_template())
    cluster.create_with_nodegroups(nodegroups, reserved_by='conductor-a')
    gone = cluster.default_ng_worker
    objects.NodeGroup.get_by_uuid(ctx, cluster.uuid, gone.uuid).destroy()

    cluster.status_reason = 'never written'
    gone.status = S.CREATE_FAILED
    with pytest.raises(exception.NodeGroupNotFound):
        cluster.save_with_nodegroups(release_host='conductor-a')
    stored = objects.Cluster.get_by_uuid(ctx, cluster.uuid)
    assert stored.status_reason is None
    assert objects.Cluster.get_reservation(cluster.uuid)[0] == 'conductor-a'

    missing = objects.Cluster(ctx, uuid=uuidutils.generate_uuid())
    missing.obj_reset_changes()
    missing.status = S.CREATE_FAILED
    with pytest.raises(exception.ClusterNotFound):
        missing.save_with_nodegroups()


def test_save_with_nodegroups_refuses_unknown_or_fixed_columns(
        db, ctx, make_template):
    cluster, nodegroups = _new(ctx, make_template())
    cluster.create_with_nodegroups(nodegroups)
    with pytest.raises(exception.InvalidParameterValue):
        db.update_cluster_with_nodegroups(cluster.uuid, {'uuid': 'x'})
    with pytest.raises(exception.InvalidParameterValue):
        db.update_cluster_with_nodegroups(
            cluster.uuid, {}, {nodegroups[0].uuid: {'no_such': 1}})


def test_reservation_class_methods(ctx, make_cluster):
    a, b, c = (make_cluster(name=name) for name in 'abc')
    objects.Cluster.reserve(a.uuid, 'live')
    objects.Cluster.reserve(b.uuid, 'dead')
    objects.Cluster.reserve(c.uuid, 'dead')
    with pytest.raises(exception.OperationInProgress):
        objects.Cluster.reserve(a.uuid, 'other')
    assert objects.Cluster.get_reservation(a.uuid)[0] == 'live'

    assert sorted(objects.Cluster.break_stale_reservations(['live'])) == (
        sorted([b.uuid, c.uuid]))
    assert objects.Cluster.get_reservation(b.uuid) == (None, None)
    assert objects.Cluster.release_reservation(a.uuid, 'other') is False
    assert objects.Cluster.release_host_reservations('live') == [a.uuid]
    assert objects.Cluster.release_reservation(a.uuid, 'live') is False
    with pytest.raises(exception.ClusterNotFound):
        objects.Cluster.get_reservation(uuidutils.generate_uuid())


def test_status_sync_rows_and_changes(ctx, make_cluster):
    moving = make_cluster(name='moving', status=S.CREATE_IN_PROGRESS)
    held = make_cluster(name='held', status=S.CREATE_IN_PROGRESS)
    make_cluster(name='done', status=S.CREATE_COMPLETE)
    objects.Cluster.reserve(held.uuid, 'someone')

    rows = objects.Cluster.rows_for_status_sync(S.IN_PROGRESS)
    assert [row['uuid'] for row, _ in rows] == [moving.uuid]
    row, nodegroup_rows = rows[0]
    assert isinstance(row, dict) and row['labels'] == moving.labels
    assert sorted(ng['name'] for ng in nodegroup_rows) == [
        'default-master', 'default-worker']
    assert objects.Cluster.rows_for_status_sync(
        S.IN_PROGRESS, accept=lambda uuid: False) == []

    worker = [ng for ng in nodegroup_rows if ng['role'] == 'worker'][0]
    applied = objects.Cluster.apply_status_changes([
        {'id': row['id'], 'expected_status': S.CREATE_IN_PROGRESS,
         'values': {'status': S.CREATE_COMPLETE},
         'nodegroups': {worker['id']: {'status': S.CREATE_COMPLETE}}},
        {'id': held.id, 'expected_status': S.CREATE_IN_PROGRESS,
         'values': {'status': S.CREATE_FAILED}}])
    assert applied == {row['id']}
    stored = objects.Cluster.get_by_uuid(ctx, moving.uuid)
    assert stored.status == S.CREATE_COMPLETE
    assert stored.default_ng_worker.status == S.CREATE_COMPLETE
    assert objects.Cluster.get_by_uuid(ctx, held.uuid).status == (
        S.CREATE_IN_PROGRESS)
