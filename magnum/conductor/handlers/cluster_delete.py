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

"""Deleting a cluster, from any state no other operation holds.

The cluster and its nodegroups go ``DELETE_IN_PROGRESS`` before the driver
is asked to remove the cloud resources. The rows, nodegroups and
certificates are removed by the status sync once the driver reports
``DELETE_COMPLETE``; a driver error leaves ``DELETE_FAILED`` with its
message (deleting again is allowed).
"""

from magnum.common import exception
from magnum.conductor.handlers import common
from magnum.i18n import _

S = common.S


def cluster_delete(runtime, context, uuid):
    try:
        with common.Operation(runtime, uuid, None,
                              _('Deleting a cluster'),
                              cast=True) as op:
            _start(op, context)
    except exception.ConductorBusy as busy:
        stored = common.record_busy(uuid, _('deletion'), busy)
        if stored is not None:
            common.notify(context, stored, 'delete', 'failure')
        raise


def _start(op, context):
    cluster = op.cluster
    common.notify(context, cluster, 'delete', 'pending')
    for nodegroup in cluster.nodegroups:
        nodegroup.status = S.DELETE_IN_PROGRESS
        nodegroup.status_reason = None
        nodegroup.save()
    cluster.status = S.DELETE_IN_PROGRESS
    cluster.status_reason = None
    cluster.save()

    def work():
        driver = common.get_driver(context, cluster)
        driver.pre_delete_cluster(context, cluster)
        driver.delete_cluster(context, cluster)
        cluster.save()
        common.save_nodegroups(cluster.nodegroups)

    def on_error(error):
        common.mark_failed(cluster, S.DELETE_FAILED, common.reason_of(error),
                           cluster.nodegroups)
        common.notify(context, cluster, 'delete', 'failure')

    op.run(work, on_error)
