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

"""Clusters built in bulk from the status sync's rows are the clusters the
usual loading gives (every engine)."""

import datetime

from magnum import objects
from magnum.objects import bulk_rows
from magnum.objects import fields

S = fields.ClusterStatus


def _built(ctx, cluster, template=None):
    [(row, nodegroup_rows)] = [
        pair for pair in objects.Cluster.rows_for_status_sync(S.IN_PROGRESS)
        if pair[0]['uuid'] == cluster.uuid]
    return bulk_rows.cluster_from_rows(ctx, row, nodegroup_rows, template)


def test_built_cluster_equals_the_loaded_one(ctx, make_cluster):
    cluster = make_cluster(
        status=S.CREATE_IN_PROGRESS, health_status_reason={'api': 'ok'},
        masters=(['10.0.0.1', '10.0.0.2'],),
        workers=(['10.0.1.1'], ['10.0.2.1', '10.0.2.2']))
    reference = objects.Cluster.get_by_uuid(ctx, cluster.uuid)
    built = _built(ctx, cluster, template=reference.cluster_template)

    for name in objects.Cluster.fields:
        if name in ('nodegroups', 'cluster_template'):
            continue
        assert getattr(built, name) == getattr(reference, name), name
    assert (built.master_count, built.node_count) == (2, 3)
    assert built.obj_get_changes() == {}
    assert [ng.obj_to_primitive() for ng in built.nodegroups] == [
        ng.obj_to_primitive() for ng in reference.nodegroups]
    assert built.cluster_template.uuid == reference.cluster_template.uuid
    assert built.created_at.tzinfo is not None


def test_peek_store_and_set_nodegroups(ctx, make_cluster):
    cluster = make_cluster(status=S.CREATE_IN_PROGRESS,
                           workers=(['10.0.1.1'], ['10.0.2.1']))
    built = _built(ctx, cluster)
    assert bulk_rows.peek(built, 'status') == S.CREATE_IN_PROGRESS

    bulk_rows.store(built, 'status', S.CREATE_COMPLETE)
    bulk_rows.store(built, 'updated_at', datetime.datetime(2030, 1, 2))
    assert built.status == S.CREATE_COMPLETE
    assert built.updated_at.tzinfo is not None
    assert built.obj_get_changes() == {}

    kept = [ng for ng in built.nodegroups if ng.name != 'worker-1']
    bulk_rows.set_nodegroups(built, kept)
    assert built.node_count == 1
    assert built.node_addresses == ['10.0.1.1']
    assert [ng.name for ng in built.nodegroups] == [
        ng.name for ng in kept]
