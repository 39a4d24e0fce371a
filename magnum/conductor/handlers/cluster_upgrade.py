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

"""Upgrading a nodegroup to another cluster template (an RPC call).

The caller waits for the driver's answer: a driver that cannot upgrade
raises ``NotSupported``, which reaches the caller with the cluster left
exactly as it was. Once the driver has started, the cluster and the
nodegroup are ``UPDATE_IN_PROGRESS``; any other driver error leaves them
``UPDATE_FAILED`` and is passed on too.
"""

from magnum.common import exception
from magnum.conductor.handlers import common
from magnum.i18n import _

S = common.S


def cluster_upgrade(runtime, context, cluster, cluster_template,
                    max_batch_size, nodegroup, rollback=False):
    try:
        with common.Operation(runtime, cluster.uuid, common.UPDATE_ALLOWED,
                              _('Upgrading a cluster')) as op:
            future = _start(op, context, cluster_template, max_batch_size,
                            nodegroup, rollback)
    except exception.NotSupported:
        common.notify(context, cluster, 'update', 'failure')
        raise
    future.result()


def _start(op, context, cluster_template, max_batch_size, nodegroup,
           rollback):
    cluster = op.cluster
    target = (common.find_nodegroup(cluster, nodegroup.uuid)
              if nodegroup is not None else cluster.default_ng_worker)
    common.notify(context, cluster, 'update', 'pending')

    def work():
        driver = common.get_driver(context, cluster)
        driver.upgrade_cluster(context, cluster, cluster_template,
                               max_batch_size, target, rollback=rollback)
        for changed in [target] if target is not None else []:
            changed.status = S.UPDATE_IN_PROGRESS
            changed.status_reason = None
        cluster.status = S.UPDATE_IN_PROGRESS
        cluster.status_reason = None
        cluster.save()
        common.save_nodegroups(cluster.nodegroups)

    def on_error(error):
        common.notify(context, cluster, 'update', 'failure')
        if isinstance(error, exception.NotSupported):
            return
        common.mark_failed(cluster, S.UPDATE_FAILED, common.reason_of(error),
                           [target] if target is not None else [])

    return op.run(work, on_error)
