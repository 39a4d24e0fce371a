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

"""Updating a cluster: the default worker count, or its health.

Allowed in the eight ``*_COMPLETE`` states only. A request that changes
nothing is a no-op; one that changes only the health fields is saved at
once, without the driver. A new node count goes to the default worker
nodegroup and the driver; if the driver refuses, the count is restored and
the cluster is ``UPDATE_FAILED`` with the driver's message.
"""

from magnum.common import exception
from magnum.conductor.handlers import common
from magnum.i18n import _

S = common.S


def cluster_update(runtime, context, cluster, node_count, health_status,
                   health_status_reason, rollback=False):
    try:
        with common.Operation(runtime, cluster.uuid, common.UPDATE_ALLOWED,
                              _('Updating a cluster'),
                              cast=True) as op:
            _start(op, context, node_count, health_status,
                   health_status_reason, rollback)
    except exception.ConductorBusy as busy:
        stored = common.record_busy(cluster.uuid, _('update'), busy)
        common.notify(context, stored or cluster, 'update', 'failure')
        raise
    except exception.NotSupported:
        common.notify(context, cluster, 'update', 'failure')
        raise


def _start(op, context, node_count, health_status, health_status_reason,
           rollback):
    cluster = op.cluster
    worker = cluster.default_ng_worker
    health_changed = (health_status != cluster.health_status
                      or health_status_reason != cluster.health_status_reason)
    if worker is None or node_count == worker.node_count:
        if health_changed:
            cluster.health_status = health_status
            cluster.health_status_reason = health_status_reason
            cluster.save()
        return

    old_count = worker.node_count
    common.notify(context, cluster, 'update', 'pending')
    worker.node_count = node_count
    worker.status = S.UPDATE_IN_PROGRESS
    worker.status_reason = None
    worker.save()
    if health_changed:
        cluster.health_status = health_status
        cluster.health_status_reason = health_status_reason
    cluster.status = S.UPDATE_IN_PROGRESS
    cluster.status_reason = None
    cluster.save()

    def work():
        driver = common.get_driver(context, cluster)
        driver.update_cluster(context, cluster, scale_manager=None,
                              rollback=rollback)
        cluster.save()
        common.save_nodegroups(cluster.nodegroups)

    def on_error(error):
        worker.node_count = old_count
        common.mark_failed(cluster, S.UPDATE_FAILED,
                           common.reason_of(error), [worker])
        common.notify(context, cluster, 'update', 'failure')

    op.run(work, on_error)
