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

"""Cluster objects on a real database (every engine)."""

import datetime
import json
import re

from oslo_utils import uuidutils
from oslo_versionedobjects import exception as ovo_exception
import pytest
import sqlalchemy as sa

from magnum.common import exception
from magnum import objects
from magnum.objects import base
from magnum.objects import fields as m_fields
from magnum.tests.unit.objects.utils import make_nodegroup


@pytest.fixture
def count_selects(db_engine):
    """A list that collects every SELECT with a FROM sent to the engine
    (connection pings like ``SELECT 1`` are left out)."""
    statements = []

    def collect(conn, cursor, statement, parameters, context, executemany):
        text = statement.lstrip().upper()
        if text.startswith('SELECT') and re.search(r'\bFROM\b', text):
            statements.append(statement)

    sa.event.listen(db_engine, 'before_cursor_execute', collect)
    yield statements
    sa.event.remove(db_engine, 'before_cursor_execute', collect)


def test_get_by_id_uuid_and_name(make_cluster, ctx):
    cluster = make_cluster(name='alpha')
    for ident in (cluster.id, str(cluster.id), cluster.uuid, 'alpha'):
        found = objects.Cluster.get(ctx, ident)
        assert found.uuid == cluster.uuid
        assert found.name == 'alpha'
        assert found.obj_what_changed() == set()


def test_get_missing_raises_not_found(db, ctx):
    with pytest.raises(exception.ClusterNotFound):
        objects.Cluster.get(ctx, uuidutils.generate_uuid())
    with pytest.raises(exception.ClusterNotFound):
        objects.Cluster.get(ctx, 'nobody')


def test_other_project_cannot_see_cluster(make_cluster, other_ctx,
                                          admin_ctx):
    cluster = make_cluster()
    with pytest.raises(exception.ClusterNotFound):
        objects.Cluster.get_by_uuid(other_ctx, cluster.uuid)
    assert objects.Cluster.get_by_uuid(admin_ctx, cluster.uuid).id == \
        cluster.id


def test_ambiguous_name_is_a_conflict(make_cluster, make_template, ctx):
    template = make_template()
    make_cluster(name='twin', template=template)
    make_cluster(name='twin', template=template)
    with pytest.raises(exception.Conflicts) as info:
        objects.Cluster.get(ctx, 'twin')
    assert info.value.code == 409


def test_derived_counts_and_addresses(make_cluster, ctx):
    cluster = make_cluster(
        masters=[['m1', 'm2', 'm3']],
        workers=[['w1', 'w2'], ['x1'], []])
    for loaded in (cluster, objects.Cluster.get(ctx, cluster.uuid),
                   objects.Cluster.list(ctx)[0]):
        assert loaded.master_count == 3
        assert loaded.node_count == 3
        assert loaded.master_addresses == ['m1', 'm2', 'm3']
        assert sorted(loaded.node_addresses) == ['w1', 'w2', 'x1']
        assert len(loaded.nodegroups) == 4
        assert loaded.default_ng_master.name == 'default-master'
        assert loaded.default_ng_worker.name == 'default-worker'


def test_non_master_roles_count_as_workers(make_cluster, ctx):
    cluster = make_cluster(masters=[['m1']], workers=[['w1']])
    make_nodegroup(cluster, name='gpu', role='gpu-worker', node_count=2,
                   node_addresses=['g1', 'g2'])
    cluster.refresh()
    assert cluster.node_count == 3
    assert cluster.master_count == 1
    assert sorted(cluster.node_addresses) == ['g1', 'g2', 'w1']


def test_derived_fields_are_read_only(make_cluster):
    cluster = make_cluster(workers=[['w1']])
    with pytest.raises(ovo_exception.ReadOnlyFieldError):
        cluster.node_count = 7


def test_refresh_follows_nodegroup_changes(make_cluster, ctx):
    cluster = make_cluster(workers=[['w1']])
    worker = objects.NodeGroup.get(ctx, cluster.uuid, 'default-worker')
    worker.node_count = 5
    worker.save()
    assert cluster.node_count == 1
    cluster.refresh()
    assert cluster.node_count == 5
    assert cluster.obj_what_changed() == set()


def test_created_cluster_loads_nodegroups_on_access(make_template, ctx):
    template = make_template()
    cluster = objects.Cluster(ctx, name='lazy', project_id=ctx.project_id,
                              cluster_template_id=template.uuid)
    cluster.create()
    make_nodegroup(cluster, name='default-worker', is_default=True,
                   node_count=2, node_addresses=['a', 'b'])
    assert cluster.node_count == 2
    assert cluster.default_ng_worker.node_addresses == ['a', 'b']
    assert cluster.default_ng_master is None


def test_cluster_template_is_loaded_on_access(make_cluster, ctx):
    cluster = make_cluster()
    fresh = objects.Cluster.get(ctx, cluster.uuid)
    assert not fresh.obj_attr_is_set('cluster_template')
    assert fresh.cluster_template.uuid == cluster.cluster_template_id
    assert fresh.obj_what_changed() == set()


def test_create_generates_uuid_and_timestamps(make_cluster):
    cluster = make_cluster()
    assert uuidutils.is_uuid_like(cluster.uuid)
    assert cluster.created_at is not None
    assert cluster.obj_what_changed() == set()


def test_list_pages_with_marker(make_cluster, make_template, ctx):
    template = make_template()
    made = [make_cluster(name='c%d' % i, template=template)
            for i in range(5)]
    first = objects.Cluster.list(ctx, limit=2, sort_key='name')
    assert [c.name for c in first] == ['c0', 'c1']
    second = objects.Cluster.list(ctx, limit=2, marker=first[-1].uuid,
                                  sort_key='name')
    assert [c.name for c in second] == ['c2', 'c3']
    desc = objects.Cluster.list(ctx, sort_key='name', sort_dir='desc')
    assert [c.uuid for c in desc] == [c.uuid for c in reversed(made)]


def test_list_filters_status_in(make_cluster, make_template, ctx):
    template = make_template()
    make_cluster(name='ok', status='CREATE_COMPLETE', template=template)
    make_cluster(name='bad', status='CREATE_FAILED', template=template)
    make_cluster(name='busy', status='UPDATE_IN_PROGRESS', template=template)
    found = objects.Cluster.list(
        ctx, filters={'status': list(m_fields.ClusterStatus.STATUS_FAILED)})
    assert [c.name for c in found] == ['bad']


def test_list_costs_two_selects(make_cluster, make_template, ctx,
                                count_selects):
    template = make_template()
    for i in range(6):
        make_cluster(name='c%d' % i, template=template,
                     workers=[['w%d' % i], ['x%d' % i]])
    count_selects.clear()
    clusters = objects.Cluster.list(ctx)
    assert len(clusters) == 6
    assert all(c.node_count == 2 and c.master_count == 1 for c in clusters)
    assert all(len(c.nodegroups) == 3 for c in clusters)
    assert len(count_selects) == 2, count_selects


def test_get_costs_two_selects(make_cluster, ctx, count_selects):
    cluster = make_cluster()
    count_selects.clear()
    loaded = objects.Cluster.get_by_uuid(ctx, cluster.uuid)
    assert loaded.node_count == 2
    assert len(count_selects) == 2, count_selects


@pytest.fixture
def sent_sql(db_engine):
    """Every statement sent to the engine during the test, in order."""
    statements = []

    def collect(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(db_engine, 'before_cursor_execute', collect)
    yield statements
    sa.event.remove(db_engine, 'before_cursor_execute', collect)


def _updated_columns(statements, table):
    """The SET columns of each UPDATE of ``table`` among ``statements``."""
    found = []
    pattern = re.compile(r'^\s*UPDATE\s+[`"]?%s[`"]?\s+SET\s+(.*?)\s+WHERE\b'
                         % table, re.IGNORECASE | re.DOTALL)
    for statement in statements:
        match = pattern.match(statement)
        if match:
            found.append(set(re.findall(r'[`"]?(\w+)[`"]?\s*=',
                                        match.group(1))))
    return found


def _writes(statements):
    return [s for s in statements
            if s.lstrip().upper().startswith(('INSERT', 'UPDATE', 'DELETE'))]


def test_save_writes_only_changed_fields(make_cluster, ctx, sent_sql):
    cluster = make_cluster()
    mine = objects.Cluster.get(ctx, cluster.uuid)
    theirs = objects.Cluster.get(ctx, cluster.uuid)
    theirs.status_reason = 'set elsewhere'
    theirs.save()

    sent_sql.clear()
    mine.name = 'renamed'
    mine.labels = {'a': 1}
    mine.save()
    # updated_at is the row's own timestamp, set by the model on UPDATE.
    assert _updated_columns(sent_sql, 'cluster') == [
        {'name', 'labels', 'updated_at'}], sent_sql
    assert len(_writes(sent_sql)) == 1, sent_sql
    assert mine.obj_what_changed() == set()

    stored = objects.Cluster.get(ctx, cluster.uuid)
    assert stored.name == 'renamed'
    assert stored.labels == {'a': '1'}
    assert stored.status_reason == 'set elsewhere'


def test_save_without_changes_sends_no_sql(make_cluster, sent_sql):
    cluster = make_cluster()
    sent_sql.clear()
    cluster.save()
    assert sent_sql == []


def test_save_never_writes_derived_fields(make_cluster, ctx, sent_sql):
    cluster = make_cluster()
    cluster.obj_reset_changes()
    cluster._changed_fields.update({'node_count', 'nodegroups'})
    sent_sql.clear()
    cluster.save()
    assert _writes(sent_sql) == []
    assert cluster.obj_what_changed() == set()


def test_save_of_a_cluster_deleted_meanwhile_raises_not_found(
        make_cluster, ctx, admin_ctx):
    cluster = make_cluster()
    objects.Cluster.get(admin_ctx, cluster.uuid).destroy()
    cluster.name = 'too-late'
    with pytest.raises(exception.ClusterNotFound):
        cluster.save()
    with pytest.raises(exception.ClusterNotFound):
        objects.Cluster.get(ctx, cluster.uuid)


def test_save_sets_updated_at(make_cluster, ctx):
    cluster = make_cluster()
    cluster.status = m_fields.ClusterStatus.UPDATE_IN_PROGRESS
    cluster.save()
    assert cluster.updated_at is not None
    stored = objects.Cluster.get(ctx, cluster.uuid)
    assert stored.status == 'UPDATE_IN_PROGRESS'


def test_bad_status_is_refused_on_assignment(make_cluster):
    cluster = make_cluster()
    with pytest.raises(ValueError):
        cluster.status = 'SUSPEND_COMPLETE'


def test_destroy_removes_cluster_and_nodegroups(make_cluster, ctx, db):
    cluster = make_cluster()
    cluster.destroy()
    with pytest.raises(exception.ClusterNotFound):
        objects.Cluster.get(ctx, cluster.uuid)
    assert db.list_nodegroups_for_clusters([cluster.uuid]).get(
        cluster.uuid, []) == []


def test_count_all(make_cluster, make_template, ctx, other_ctx):
    template = make_template()
    make_cluster(name='a', template=template)
    make_cluster(name='b', template=template)
    make_cluster(other_ctx, name='c')
    assert objects.Cluster.get_count_all(ctx) == 2
    assert objects.Cluster.get_count_all(other_ctx) == 1


def _whole_seconds(value):
    # oslo's DateTime field travels as ISO 8601 without fractions.
    if isinstance(value, datetime.datetime):
        return value.replace(microsecond=0)
    return value


def test_serializer_round_trip_with_nodegroups(make_cluster, ctx):
    cluster = make_cluster(labels={'k': 'v'},
                           health_status_reason={'api': 'ok'})
    cluster.name = 'changed-not-saved'
    serializer = base.MagnumObjectSerializer()

    wire = json.loads(json.dumps(serializer.serialize_entity(ctx, cluster)))
    assert wire['magnum_object.namespace'] == 'magnum'
    back = serializer.deserialize_entity(ctx, wire)

    assert isinstance(back, objects.Cluster)
    assert back._context is ctx
    for name in cluster.fields:
        if name != 'nodegroups' and cluster.obj_attr_is_set(name):
            assert _whole_seconds(getattr(back, name)) == \
                _whole_seconds(getattr(cluster, name)), name
    assert back.obj_what_changed() == {'name'}
    assert [ng.uuid for ng in back.nodegroups] == \
        [ng.uuid for ng in cluster.nodegroups]
    assert all(isinstance(ng, objects.NodeGroup) and ng._context is ctx
               for ng in back.nodegroups)
    assert back.default_ng_worker.node_addresses == ['10.0.1.1', '10.0.1.2']
