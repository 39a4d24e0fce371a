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

"""Nodegroups: unique name per cluster, lookups within a cluster, lists."""

from oslo_db import exception as db_exc
from oslo_utils import uuidutils
import pytest
import sqlalchemy as sa

from magnum.common import exception
from magnum.tests.unit.db import utils


@pytest.fixture
def cluster(db):
    return db.create_cluster(utils.cluster_values())


def _create(db, cluster, **kw):
    return db.create_nodegroup(utils.nodegroup_values(cluster, **kw))


def test_create_and_get(db, ctx, cluster):
    ng = _create(db, cluster, name='workers', node_addresses=['10.0.0.5'],
                 node_labels={'zone': 'a'},
                 node_taints=[{'key': 'k', 'effect': 'NoSchedule'}])
    assert ng.min_node_count == 0
    assert ng.max_node_count is None
    for found in (db.get_nodegroup_by_id(ctx, cluster.uuid, ng.id),
                  db.get_nodegroup_by_uuid(ctx, cluster.uuid, ng.uuid),
                  db.get_nodegroup_by_name(ctx, cluster.uuid, 'workers'),
                  db.get_nodegroup_by_name(ctx, cluster.id, 'workers')):
        assert found.uuid == ng.uuid
        assert found.node_addresses == ['10.0.0.5']
        assert found.node_labels == {'zone': 'a'}
        assert found.node_taints == [{'key': 'k', 'effect': 'NoSchedule'}]


def test_name_unique_within_cluster_only(db, cluster):
    other = db.create_cluster(utils.cluster_values())
    _create(db, cluster, name='ng')
    _create(db, other, name='ng')
    with pytest.raises(exception.NodeGroupAlreadyExists) as raised:
        _create(db, cluster, name='ng')
    assert raised.value.code == 409


def test_rename_onto_existing_name(db, cluster):
    _create(db, cluster, name='one')
    two = _create(db, cluster, name='two')
    with pytest.raises(exception.NodeGroupAlreadyExists):
        db.update_nodegroup(cluster.uuid, two.uuid, {'name': 'one'})


def test_lookups_are_per_cluster(db, ctx, cluster):
    other = db.create_cluster(utils.cluster_values())
    ng = _create(db, other, name='elsewhere')
    with pytest.raises(exception.NodeGroupNotFound):
        db.get_nodegroup_by_uuid(ctx, cluster.uuid, ng.uuid)
    with pytest.raises(exception.NodeGroupNotFound):
        db.get_nodegroup_by_id(ctx, cluster.uuid, ng.id)
    with pytest.raises(exception.NodeGroupNotFound):
        db.get_nodegroup_by_name(ctx, cluster.uuid, 'elsewhere')
    with pytest.raises(exception.NodeGroupNotFound):
        db.update_nodegroup(cluster.uuid, ng.uuid, {'node_count': 3})
    with pytest.raises(exception.NodeGroupNotFound):
        db.destroy_nodegroup(cluster.uuid, ng.uuid)


def test_project_scoping(db, ctx, other_ctx, admin_ctx):
    theirs = db.create_cluster(utils.cluster_values(
        project_id=other_ctx.project_id))
    ng = _create(db, theirs)
    with pytest.raises(exception.NodeGroupNotFound):
        db.get_nodegroup_by_uuid(ctx, theirs.uuid, ng.uuid)
    assert db.list_cluster_nodegroups(ctx, theirs.uuid) == []
    assert db.get_cluster_nodegroup_count(ctx, theirs.uuid) == 0
    assert db.get_nodegroup_by_uuid(admin_ctx, theirs.uuid, ng.uuid)
    assert db.get_cluster_nodegroup_count(admin_ctx, theirs.uuid) == 1


def test_list_filters_and_paging(db, ctx, cluster):
    master = _create(db, cluster, name='default-master', role='master')
    worker = _create(db, cluster, name='default-worker')
    extra = _create(db, cluster, name='gpu', is_default=False,
                    status='CREATE_COMPLETE')
    assert [n.uuid for n in db.list_cluster_nodegroups(
        ctx, cluster.uuid, filters={'role': 'master'})] == [master.uuid]
    assert [n.uuid for n in db.list_cluster_nodegroups(
        ctx, cluster.uuid, filters={'is_default': True})] == [
            master.uuid, worker.uuid]
    assert [n.uuid for n in db.list_cluster_nodegroups(
        ctx, cluster.uuid, filters={'status': ['CREATE_COMPLETE']})] == [
            extra.uuid]
    page = db.list_cluster_nodegroups(ctx, cluster.id, sort_key='name',
                                      sort_dir='desc', limit=2)
    assert [n.name for n in page] == ['gpu', 'default-worker']
    page = db.list_cluster_nodegroups(ctx, cluster.uuid, sort_key='name',
                                      sort_dir='desc', marker=page[-1].uuid)
    assert [n.name for n in page] == ['default-master']
    with pytest.raises(exception.InvalidSortKey):
        db.list_cluster_nodegroups(ctx, cluster.uuid, sort_key='nope')
    with pytest.raises(exception.NodeGroupNotFound):
        db.list_cluster_nodegroups(ctx, cluster.uuid,
                                   marker=uuidutils.generate_uuid())
    assert db.get_cluster_nodegroup_count(ctx, cluster.uuid) == 3


def test_list_nodegroups_for_clusters(db, cluster):
    other = db.create_cluster(utils.cluster_values())
    empty = db.create_cluster(utils.cluster_values())
    a = _create(db, cluster, name='default-master', role='master')
    b = _create(db, cluster, name='default-worker')
    c = _create(db, other)
    found = db.list_nodegroups_for_clusters(
        [cluster.uuid, other.uuid, empty.uuid])
    assert {k: [n.uuid for n in v] for k, v in found.items()} == {
        cluster.uuid: [a.uuid, b.uuid], other.uuid: [c.uuid],
        empty.uuid: []}
    assert db.list_nodegroups_for_clusters([]) == {}


def test_list_nodegroups_for_clusters_is_one_query(db, db_engine, cluster):
    clusters = [db.create_cluster(utils.cluster_values()) for _ in range(5)]
    for c in clusters:
        _create(db, c)
    statements = []

    def count(*args, **kwargs):
        statements.append(args)

    sa.event.listen(db_engine, 'before_cursor_execute', count)
    try:
        found = db.list_nodegroups_for_clusters([c.uuid for c in clusters])
    finally:
        sa.event.remove(db_engine, 'before_cursor_execute', count)
    assert len(found) == 5
    selects = [s for s in statements if s[2].lstrip().upper()
               .startswith('SELECT')]
    assert len(selects) == 1


def test_update_and_destroy(db, ctx, cluster):
    ng = _create(db, cluster)
    updated = db.update_nodegroup(cluster.uuid, ng.id, {
        'node_count': 5, 'max_node_count': 10,
        'node_addresses': ['10.0.0.1', '10.0.0.2']})
    assert updated.node_count == 5
    found = db.get_nodegroup_by_uuid(ctx, cluster.uuid, ng.uuid)
    assert (found.max_node_count, found.node_addresses) == (
        10, ['10.0.0.1', '10.0.0.2'])
    with pytest.raises(exception.InvalidParameterValue):
        db.update_nodegroup(cluster.uuid, ng.id, {'uuid': 'x'})
    db.destroy_nodegroup(cluster.id, ng.uuid)
    with pytest.raises(exception.NodeGroupNotFound):
        db.get_nodegroup_by_uuid(ctx, cluster.uuid, ng.uuid)
    with pytest.raises(exception.NodeGroupNotFound):
        db.destroy_nodegroup(cluster.uuid, ng.id)


def test_json_columns_reject_wrong_types(db, cluster):
    with pytest.raises(db_exc.DBError, match='expects a list'):
        _create(db, cluster, node_addresses={'not': 'a list'})
    with pytest.raises(db_exc.DBError, match='expects a dict'):
        _create(db, cluster, labels=['not', 'a', 'dict'])
