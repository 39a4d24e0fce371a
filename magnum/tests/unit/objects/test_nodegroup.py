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

"""NodeGroup objects on a real database (every engine)."""

import pytest

from magnum.common import exception
from magnum import objects
from magnum.tests.unit.objects.utils import make_nodegroup


def test_get_within_cluster(make_cluster, ctx):
    cluster = make_cluster()
    worker = cluster.default_ng_worker
    for ident in (worker.id, worker.uuid, 'default-worker'):
        found = objects.NodeGroup.get(ctx, cluster.uuid, ident)
        assert found.uuid == worker.uuid
        assert found.role == 'worker'
        assert found.is_default is True


def test_same_name_in_two_clusters_is_not_ambiguous(make_cluster,
                                                    make_template, ctx):
    template = make_template()
    one = make_cluster(name='one', template=template)
    two = make_cluster(name='two', template=template)
    found = objects.NodeGroup.get(ctx, two.uuid, 'default-master')
    assert found.uuid == two.default_ng_master.uuid
    with pytest.raises(exception.NodeGroupNotFound):
        objects.NodeGroup.get(ctx, one.uuid, two.default_ng_master.uuid)


def test_name_clash_in_cluster(make_cluster):
    cluster = make_cluster()
    with pytest.raises(exception.NodeGroupAlreadyExists):
        make_nodegroup(cluster, name='default-worker')


def test_list_and_filters(make_cluster, ctx):
    cluster = make_cluster()
    make_nodegroup(cluster, name='extra', role='worker')
    names = [ng.name for ng in objects.NodeGroup.list(ctx, cluster.uuid)]
    assert names == ['default-master', 'default-worker', 'extra']
    masters = objects.NodeGroup.list(ctx, cluster.uuid,
                                     filters={'role': 'master'})
    assert [ng.name for ng in masters] == ['default-master']
    page = objects.NodeGroup.list(ctx, cluster.uuid, limit=1,
                                  marker=cluster.default_ng_master.uuid)
    assert [ng.name for ng in page] == ['default-worker']
    assert objects.NodeGroup.get_count_all(ctx, cluster.uuid) == 3


def test_json_columns_round_trip(make_cluster, ctx):
    cluster = make_cluster()
    taints = [{'key': 'gpu', 'value': None, 'effect': 'NoSchedule'}]
    ng = make_nodegroup(cluster, name='tainted', node_taints=taints,
                        node_labels={'zone': 'a'}, labels={'x': 1})
    stored = objects.NodeGroup.get(ctx, cluster.uuid, ng.uuid)
    assert stored.node_taints == taints
    assert stored.node_labels == {'zone': 'a'}
    assert stored.labels == {'x': '1'}
    assert stored.min_node_count == 0


def test_save_writes_only_changed_fields(make_cluster, ctx):
    cluster = make_cluster()
    mine = objects.NodeGroup.get(ctx, cluster.uuid, 'default-worker')
    theirs = objects.NodeGroup.get(ctx, cluster.uuid, 'default-worker')
    theirs.status = 'UPDATE_IN_PROGRESS'
    theirs.save()
    mine.max_node_count = 10
    mine.save()
    assert mine.obj_what_changed() == set()
    stored = objects.NodeGroup.get(ctx, cluster.uuid, 'default-worker')
    assert stored.max_node_count == 10
    assert stored.status == 'UPDATE_IN_PROGRESS'


def test_refresh_and_destroy(make_cluster, ctx):
    cluster = make_cluster()
    ng = make_nodegroup(cluster, name='gone')
    other = objects.NodeGroup.get(ctx, cluster.uuid, ng.uuid)
    other.node_count = 4
    other.save()
    ng.refresh()
    assert ng.node_count == 4
    ng.destroy()
    with pytest.raises(exception.NodeGroupNotFound):
        objects.NodeGroup.get(ctx, cluster.uuid, ng.uuid)
