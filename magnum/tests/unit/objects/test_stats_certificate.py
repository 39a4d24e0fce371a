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

"""Stats and Certificate: objects without a table of their own."""

from magnum import objects
from magnum.tests.unit.objects.utils import make_nodegroup


def test_stats_empty(db, admin_ctx):
    stats = objects.Stats.get_cluster_stats(admin_ctx)
    assert (stats.clusters, stats.nodes) == (0, 0)


def test_stats_count_every_nodegroup(make_cluster, make_template, ctx,
                                     other_ctx, admin_ctx):
    template = make_template()
    one = make_cluster(name='one', template=template,
                       masters=[['m1']], workers=[['w1', 'w2']])
    make_nodegroup(one, name='extra', node_count=4)
    make_cluster(other_ctx, name='two', masters=[['m1']], workers=[['w1']])

    everything = objects.Stats.get_cluster_stats(admin_ctx)
    assert (everything.clusters, everything.nodes) == (2, 9)
    mine = objects.Stats.get_cluster_stats(ctx, ctx.project_id)
    assert (mine.clusters, mine.nodes) == (1, 7)


def test_certificate_from_cluster_object(make_cluster, ctx):
    cluster = make_cluster()
    cert = objects.Certificate.from_object_cluster(cluster)
    assert cert.cluster_uuid == cluster.uuid
    assert (cert.project_id, cert.user_id) == (ctx.project_id, ctx.user_id)
    assert not cert.obj_attr_is_set('csr')


def test_certificate_from_db_cluster(make_cluster, db, ctx):
    cluster = make_cluster()
    row = db.get_cluster_by_uuid(ctx, cluster.uuid)
    cert = objects.Certificate.from_db_cluster(row)
    assert (cert.cluster_uuid, cert.project_id, cert.user_id) == (
        cluster.uuid, ctx.project_id, ctx.user_id)
