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

"""Clusters: CRUD, project scoping, filters, counts and stats."""

from oslo_utils import uuidutils
import pytest

from magnum.common import exception
from magnum.tests.unit.db import utils


def _create(db, **kw):
    return db.create_cluster(utils.cluster_values(**kw))


def test_create_and_get(db, ctx):
    cluster = _create(db, name='c1', labels={'k': 'v'},
                      health_status_reason={'api': 'ok'})
    for found in (db.get_cluster_by_id(ctx, cluster.id),
                  db.get_cluster_by_uuid(ctx, cluster.uuid),
                  db.get_cluster_by_name(ctx, 'c1')):
        assert found.uuid == cluster.uuid
        assert found.labels == {'k': 'v'}
        assert found.health_status_reason == {'api': 'ok'}
        assert found.status == 'CREATE_IN_PROGRESS'


def test_create_duplicate_uuid(db):
    cluster = _create(db)
    with pytest.raises(exception.ClusterAlreadyExists):
        _create(db, uuid=cluster.uuid, name='other')


def test_no_node_count_column(db):
    with pytest.raises(exception.InvalidParameterValue):
        _create(db, node_count=3)


def test_ambiguous_name_conflicts(db, ctx, other_ctx):
    _create(db, name='dup')
    _create(db, name='dup')
    with pytest.raises(exception.Conflicts):
        db.get_cluster_by_name(ctx, 'dup')
    # The same name in another project is no conflict for either.
    db_other = _create(db, name='solo', project_id=other_ctx.project_id)
    _create(db, name='solo')
    assert db.get_cluster_by_name(other_ctx, 'solo').uuid == db_other.uuid


def test_other_project_not_found(db, ctx, other_ctx):
    cluster = _create(db, project_id=other_ctx.project_id, name='theirs')
    with pytest.raises(exception.ClusterNotFound):
        db.get_cluster_by_uuid(ctx, cluster.uuid)
    with pytest.raises(exception.ClusterNotFound):
        db.get_cluster_by_id(ctx, cluster.id)
    with pytest.raises(exception.ClusterNotFound):
        db.get_cluster_by_name(ctx, 'theirs')
    assert db.get_cluster_list(ctx) == []
    assert db.get_cluster_count_all(ctx) == 0


def test_admin_all_tenants_sees_all(db, ctx, other_ctx, admin_ctx):
    mine = _create(db)
    theirs = _create(db, project_id=other_ctx.project_id)
    assert {c.uuid for c in db.get_cluster_list(admin_ctx)} == {
        mine.uuid, theirs.uuid}
    assert db.get_cluster_by_uuid(admin_ctx, theirs.uuid).id == theirs.id
    assert db.get_cluster_count_all(admin_ctx) == 2
    admin_ctx.all_tenants = False
    assert db.get_cluster_list(admin_ctx) == []


def test_status_in_filter(db, ctx):
    a = _create(db, status='CREATE_IN_PROGRESS')
    b = _create(db, status='UPDATE_IN_PROGRESS')
    _create(db, status='CREATE_COMPLETE')
    found = db.get_cluster_list(
        ctx, filters={'status': ['CREATE_IN_PROGRESS', 'UPDATE_IN_PROGRESS']})
    assert {c.uuid for c in found} == {a.uuid, b.uuid}
    assert db.get_cluster_count_all(
        ctx, filters={'status': ('CREATE_COMPLETE',)}) == 1
    assert db.get_cluster_list(ctx, filters={'status': []}) == []


def test_filters_on_other_columns(db, ctx):
    template = uuidutils.generate_uuid()
    a = _create(db, cluster_template_id=template, stack_id='s1')
    _create(db)
    assert [c.uuid for c in db.get_cluster_list(
        ctx, filters={'cluster_template_id': template})] == [a.uuid]
    assert [c.uuid for c in db.get_cluster_list(
        ctx, filters={'stack_id': 's1'})] == [a.uuid]
    with pytest.raises(exception.InvalidParameterValue):
        db.get_cluster_list(ctx, filters={'node_count': 1})


def test_update(db, ctx):
    cluster = _create(db)
    updated = db.update_cluster(cluster.uuid, {
        'status': 'CREATE_COMPLETE', 'api_address': 'https://1.2.3.4:6443',
        'health_status_reason': {'api': 'ok'}})
    assert updated.status == 'CREATE_COMPLETE'
    found = db.get_cluster_by_id(ctx, cluster.id)
    assert found.api_address == 'https://1.2.3.4:6443'
    assert found.health_status_reason == {'api': 'ok'}
    db.update_cluster(cluster.id, {'status_reason': 'x' * 5000})
    assert len(db.get_cluster_by_id(ctx, cluster.id).status_reason) == 5000


def test_update_refusals(db):
    cluster = _create(db)
    with pytest.raises(exception.InvalidParameterValue):
        db.update_cluster(cluster.id, {'uuid': uuidutils.generate_uuid()})
    with pytest.raises(exception.ClusterNotFound):
        db.update_cluster(uuidutils.generate_uuid(), {'name': 'x'})
    with pytest.raises(exception.InvalidIdentity):
        db.update_cluster('not-an-id', {'name': 'x'})


def test_destroy_deletes_its_nodegroups(db, ctx):
    cluster = _create(db)
    other = _create(db)
    for name in ('default-master', 'default-worker'):
        db.create_nodegroup(utils.nodegroup_values(cluster, name=name))
    db.create_nodegroup(utils.nodegroup_values(other))
    db.destroy_cluster(cluster.uuid)
    with pytest.raises(exception.ClusterNotFound):
        db.get_cluster_by_uuid(ctx, cluster.uuid)
    remaining = db.list_nodegroups_for_clusters([cluster.uuid, other.uuid])
    assert remaining[cluster.uuid] == []
    assert len(remaining[other.uuid]) == 1
    with pytest.raises(exception.ClusterNotFound):
        db.destroy_cluster(cluster.id)


def test_stats(db, ctx, other_ctx, admin_ctx):
    assert db.get_cluster_stats(admin_ctx) == (0, 0)
    a = _create(db)
    _create(db)  # no nodegroups yet: counts, adds no nodes
    b = _create(db, project_id=other_ctx.project_id)
    db.create_nodegroup(utils.nodegroup_values(
        a, name='default-master', role='master', node_count=3))
    db.create_nodegroup(utils.nodegroup_values(a, node_count=4))
    db.create_nodegroup(utils.nodegroup_values(b, node_count=5))
    assert db.get_cluster_stats(admin_ctx) == (3, 12)
    assert db.get_cluster_stats(ctx, project_id=ctx.project_id) == (2, 7)
    assert db.get_cluster_stats(ctx, project_id=other_ctx.project_id) == (
        1, 5)
    assert db.get_cluster_stats(ctx, project_id='nobody') == (0, 0)
    clusters, nodes = db.get_cluster_stats(admin_ctx)
    assert type(clusters) is int and type(nodes) is int
