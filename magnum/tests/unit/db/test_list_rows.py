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

"""The narrow list reads: the same rows as the model lists, as dicts, with
node counts summed by the database, on every engine."""

import pytest

from magnum.common import exception
from magnum.tests.unit.db import utils

COLUMNS = ('uuid', 'name', 'labels', 'created_at')


def _uuids(rows):
    return [row['uuid'] if isinstance(row, dict) else row.uuid
            for row in rows]


@pytest.fixture
def clusters(db):
    specs = [('b', 3), ('a', None), ('b', 1), (None, 2), ('c', 3)]
    return [db.create_cluster(utils.cluster_values(
        name=name, docker_volume_size=size, labels={'n': str(number)}))
        for number, (name, size) in enumerate(specs)]


@pytest.mark.parametrize('sort_dir', ['asc', 'desc'])
@pytest.mark.parametrize('sort_key', ['name', 'docker_volume_size', 'id'])
def test_cluster_pages_match_the_model_list(db, ctx, clusters, sort_key,
                                            sort_dir):
    everything = db.get_cluster_list(ctx, sort_key=sort_key,
                                     sort_dir=sort_dir)
    marker = everything[1].uuid
    for kw in ({}, {'limit': 2}, {'limit': 2, 'marker': marker}):
        rows = db.get_cluster_list_rows(ctx, COLUMNS, sort_key=sort_key,
                                        sort_dir=sort_dir, **kw)
        expected = db.get_cluster_list(ctx, sort_key=sort_key,
                                       sort_dir=sort_dir, **kw)
        assert _uuids(rows) == _uuids(expected)
        assert [set(row) for row in rows] == [set(COLUMNS)] * len(rows)
        assert [row['labels'] for row in rows] == [
            model.labels for model in expected]


def test_cluster_rows_are_scoped_to_the_project(db, ctx, other_ctx,
                                                admin_ctx, clusters):
    theirs = db.create_cluster(utils.cluster_values(
        project_id=other_ctx.project_id, name='theirs'))
    assert _uuids(db.get_cluster_list_rows(other_ctx, COLUMNS)) == [
        theirs.uuid]
    assert theirs.uuid not in _uuids(db.get_cluster_list_rows(ctx, COLUMNS))
    assert len(db.get_cluster_list_rows(admin_ctx, COLUMNS)) == 6
    # Another project's row is no marker.
    with pytest.raises(exception.ClusterNotFound):
        db.get_cluster_list_rows(ctx, COLUMNS, marker=theirs.uuid)


def test_unknown_sort_key_and_column_are_refused(db, ctx, clusters):
    with pytest.raises(exception.InvalidSortKey):
        db.get_cluster_list_rows(ctx, COLUMNS, sort_key='nope')
    with pytest.raises(exception.InvalidParameterValue):
        db.get_cluster_list_rows(ctx, ('uuid', 'nope'))


def test_node_counts_and_addresses_are_summed_per_role(db, ctx):
    full = db.create_cluster(utils.cluster_values(name='full'))
    empty = db.create_cluster(utils.cluster_values(name='empty'))
    for name, role, count, addresses in (
            ('m1', 'master', 1, ['10.0.0.1']),
            ('w1', 'worker', 3, ['10.0.1.1', '10.0.1.2']),
            ('m2', 'master', 2, ['10.0.0.2']),
            ('gpu', 'gpu', 4, ['10.0.2.1']),
            ('unsized', 'worker', None, None),
            ('no-role', None, 5, [])):
        db.create_nodegroup(utils.nodegroup_values(
            full, name=name, role=role, node_count=count,
            node_addresses=addresses, is_default=False))
    rows = db.get_cluster_list_rows(
        ctx, ('uuid',), derived=('node_count', 'master_count',
                                 'node_addresses', 'master_addresses'))
    by_uuid = {row['uuid']: row for row in rows}
    assert by_uuid[full.uuid] == {
        'uuid': full.uuid, 'node_count': 12, 'master_count': 3,
        'node_addresses': ['10.0.1.1', '10.0.1.2', '10.0.2.1'],
        'master_addresses': ['10.0.0.1', '10.0.0.2']}
    assert by_uuid[empty.uuid] == {
        'uuid': empty.uuid, 'node_count': 0, 'master_count': 0,
        'node_addresses': [], 'master_addresses': []}
    assert all(type(row[key]) is int for row in rows
               for key in ('node_count', 'master_count'))
    counted_only = db.get_cluster_list_rows(ctx, ('uuid',),
                                            derived=('master_count',))
    assert {row['uuid']: row for row in counted_only}[full.uuid] == {
        'uuid': full.uuid, 'master_count': 3}


def test_template_rows_follow_the_visibility_rules(db, ctx, other_ctx,
                                                   admin_ctx):
    def template(project, name, public=False, hidden=False):
        return db.create_cluster_template(utils.template_values(
            project_id=project, name=name, public=public, hidden=hidden))

    mine = template(ctx.project_id, 'mine', hidden=True)
    public = template(other_ctx.project_id, 'public', public=True)
    hidden = template(other_ctx.project_id, 'hidden', public=True,
                      hidden=True)
    private = template(other_ctx.project_id, 'private')
    for context in (ctx, other_ctx, admin_ctx):
        for kw in ({}, {'sort_key': 'name', 'sort_dir': 'desc'},
                   {'limit': 1, 'marker': public.uuid}):
            assert _uuids(db.get_cluster_template_list_rows(
                context, ('uuid',), **kw)) == _uuids(
                    db.get_cluster_template_list(context, **kw))
    assert _uuids(db.get_cluster_template_list_rows(ctx, ('uuid',))) == [
        mine.uuid, public.uuid]
    assert _uuids(db.get_cluster_template_list_rows(
        admin_ctx, ('uuid',))) == _uuids([mine, public, hidden, private])
    chosen = db.get_cluster_template_list_rows(
        ctx, ('uuid', 'labels'), uuids=[hidden.uuid, public.uuid, mine.uuid])
    assert _uuids(chosen) == [mine.uuid, public.uuid]
    with pytest.raises(exception.ClusterTemplateNotFound):
        db.get_cluster_template_list_rows(ctx, ('uuid',),
                                          marker=private.uuid)


@pytest.mark.parametrize('sort_key', ['name', 'id'])
def test_addresses_follow_the_page(db, ctx, other_ctx, sort_key):
    made = []
    for number, project in enumerate([ctx.project_id] * 4
                                     + [other_ctx.project_id]):
        cluster = db.create_cluster(utils.cluster_values(
            name='c%d' % (number % 3), project_id=project))
        for role in ('master', 'worker'):
            db.create_nodegroup(utils.nodegroup_values(
                cluster, name=role, role=role, node_count=1,
                node_addresses=['%s-%d' % (role, number)]))
        made.append(cluster)
    derived = ('node_addresses', 'master_addresses', 'node_count')
    everything = db.get_cluster_list_rows(ctx, ('uuid',), sort_key=sort_key,
                                          sort_dir='desc', derived=derived)
    assert len(everything) == 4
    page = db.get_cluster_list_rows(
        ctx, ('uuid',), sort_key=sort_key, sort_dir='desc', limit=2,
        marker=everything[0]['uuid'], derived=derived)
    assert page == everything[1:3]
    number = {c.uuid: n for n, c in enumerate(made)}
    for row in page:
        n = number[row['uuid']]
        assert row['node_addresses'] == ['worker-%d' % n]
        assert row['master_addresses'] == ['master-%d' % n]
        assert row['node_count'] == 1
