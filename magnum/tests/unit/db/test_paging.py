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

"""Paging: marker/limit/sort_key/sort_dir, the same on every engine."""

from oslo_utils import uuidutils
import pytest

from magnum.common import exception
from magnum.tests.unit.db import utils


def _walk(list_page, limit, **kw):
    """Every row, fetched limit at a time by marker."""
    rows, marker = [], None
    while True:
        page = list_page(limit=limit, marker=marker, **kw)
        assert len(page) <= limit
        rows.extend(page)
        if len(page) < limit:
            return rows
        marker = page[-1].uuid


def _expected(rows, key, descending):
    # NULL first when ascending, id breaks ties.
    ordered = sorted(rows, key=lambda r: (r[key] is not None,
                                          r[key] if r[key] is not None else 0,
                                          r.id))
    return [r.uuid for r in (reversed(ordered) if descending else ordered)]


@pytest.fixture
def clusters(db):
    specs = [('b', True, 3), ('a', False, None), ('b', None, 1),
             (None, True, 2), ('c', False, 3), ('b', True, None),
             (None, False, 1)]
    return [db.create_cluster(utils.cluster_values(
        name=name, master_lb_enabled=lb, docker_volume_size=size))
        for name, lb, size in specs]


def test_default_order_is_id(db, ctx, clusters):
    assert [c.id for c in db.get_cluster_list(ctx)] == sorted(
        c.id for c in clusters)


@pytest.mark.parametrize('sort_dir', ['asc', 'desc'])
@pytest.mark.parametrize('sort_key', ['name', 'master_lb_enabled',
                                      'docker_volume_size', 'id'])
@pytest.mark.parametrize('limit', [1, 3])
def test_pages_are_stable(db, ctx, clusters, sort_key, sort_dir, limit):
    walked = _walk(lambda **kw: db.get_cluster_list(ctx, **kw), limit,
                   sort_key=sort_key, sort_dir=sort_dir)
    assert [c.uuid for c in walked] == _expected(
        clusters, sort_key, sort_dir == 'desc')


def test_limit_only(db, ctx, clusters):
    assert len(db.get_cluster_list(ctx, limit=4)) == 4


def test_paging_with_filter(db, ctx, clusters):
    walked = _walk(lambda **kw: db.get_cluster_list(ctx, **kw), 1,
                   sort_key='name', filters={'name': ['b', 'c']})
    assert [c.name for c in walked] == ['b', 'b', 'b', 'c']


def test_invalid_sort_key(db, ctx, clusters):
    with pytest.raises(exception.InvalidSortKey) as raised:
        db.get_cluster_list(ctx, sort_key='node_count')
    assert raised.value.code == 400


def test_invalid_sort_dir(db, ctx, clusters):
    with pytest.raises(exception.InvalidSortDir):
        db.get_cluster_list(ctx, sort_dir='sideways')


def test_unknown_marker(db, ctx, clusters):
    with pytest.raises(exception.ClusterNotFound):
        db.get_cluster_list(ctx, marker=uuidutils.generate_uuid())


def test_marker_of_other_project(db, ctx, other_ctx, clusters):
    theirs = db.create_cluster(utils.cluster_values(
        project_id=other_ctx.project_id))
    with pytest.raises(exception.ClusterNotFound):
        db.get_cluster_list(ctx, marker=theirs.uuid)


def test_template_paging(db, ctx):
    templates = [db.create_cluster_template(utils.template_values(name=n))
                 for n in ('x', 'y', 'x', 'w')]
    walked = _walk(lambda **kw: db.get_cluster_template_list(ctx, **kw), 2,
                   sort_key='name', sort_dir='desc')
    assert [t.uuid for t in walked] == _expected(templates, 'name', True)
    with pytest.raises(exception.ClusterTemplateNotFound):
        db.get_cluster_template_list(ctx, marker=uuidutils.generate_uuid())
