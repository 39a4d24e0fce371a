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

"""Resizing one nodegroup of a cluster (the default worker if none named).

Allowed in the eight ``*_COMPLETE`` states and also in ``UPDATE_FAILED``
and ``UPDATE_IN_PROGRESS``: the cluster autoscaler resizes while updates
run, and a resize is how a failed update is retried. On a driver error the
nodegroup gets its old count back and both it and the cluster are
``UPDATE_FAILED``.
"""

from magnum.common import exception
from magnum.conductor.handlers import common
from magnum.i18n import _

S = common.S


def cluster_resize(runtime, context, cluster, node_count, nodes_to_remove,
                   nodegroup):
    try:
        with common.Operation(runtime, cluster.uuid, common.RESIZE_ALLOWED,
                              _('Resizing a cluster'),
                              cast=True) as op:
            _start(op, context, node_count, nodes_to_remove, nodegroup)
    except exception.ConductorBusy as busy:
        stored = common.record_busy(cluster.uuid, _('resize'), busy)
        common.notify(context, stored or cluster, 'update', 'failure')
        raise
    except exception.NotSupported:
        common.notify(context, cluster, 'update', 'failure')
        raise


def _start(op, context, node_count, nodes_to_remove, nodegroup):
    cluster = op.cluster
    if nodegroup is None:
        target = cluster.default_ng_worker
        if target is None:
            raise exception.NodeGroupNotFound(nodegroup='default-worker')
    else:
        target = common.find_nodegroup(cluster, nodegroup.uuid)
    old_count = target.node_count

    common.notify(context, cluster, 'update', 'pending')
    target.node_count = node_count
    target.status = S.UPDATE_IN_PROGRESS
    target.status_reason = None
    target.save()
    cluster.status = S.UPDATE_IN_PROGRESS
    cluster.status_reason = None
    cluster.save()

    def work():
        driver = common.get_driver(context, cluster)
        driver.resize_cluster(context, cluster, None, node_count,
                              list(nodes_to_remove or []), target)
        cluster.save()
        common.save_nodegroups(cluster.nodegroups)

    def on_error(error):
        target.node_count = old_count
        common.mark_failed(cluster, S.UPDATE_FAILED,
                           common.reason_of(error), [target])
        common.notify(context, cluster, 'update', 'failure')

    op.run(work, on_error)
