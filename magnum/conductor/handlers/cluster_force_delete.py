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

"""Forgetting a cluster at once, whatever state it is stuck in (admins).

For when the normal delete cannot converge: the cloud side is already gone
or broken, or the cluster is held ``*_IN_PROGRESS`` by a conductor that
died. Unlike every other workflow this one takes no reservation and checks
no state: removing the cluster's row removes its reservation with it, and
a workflow still running elsewhere finds the cluster gone when it next
writes.

Magnum's records go first, synchronously (the caller sees the cluster gone
when the call returns): the cluster, its nodegroups and the reservation,
then its certificates. Then, in the worker pool when a slot is free (else
right here), the cloud side is cleaned up on a best-effort basis, each
step on its own, errors logged: the driver's pre-delete clean-up and stack
delete, then the cluster's trust and trustee (the stack delete acts
through them, so they go after it).
"""

from oslo_log import log as logging

from magnum.common import exception
from magnum.conductor.handlers import common
from magnum.conductor import status_sync

LOG = logging.getLogger(__name__)

FORCED = 'Force-deleted by an administrator.'


def cluster_force_delete(runtime, context, uuid):
    """Remove the cluster's records; ``ClusterNotFound`` when there are
    none. The cloud clean-up may still run when this returns."""
    cluster = common.load_cluster(uuid)
    # Looked up while the cluster (and its template) are still stored.
    driver = _driver(context, cluster)
    common.notify(context, cluster, 'delete', 'pending')
    cluster.destroy()
    status_sync.delete_certificates(context, cluster)
    LOG.warning('Cluster %s (%s) was force-deleted in status %s; its cloud '
                'resources are deleted on a best-effort basis only',
                cluster.uuid, cluster.name, cluster.status)
    # What the notification reports; the row is gone, nothing is saved.
    cluster.status = common.S.DELETE_COMPLETE
    cluster.status_reason = FORCED
    common.notify(context, cluster, 'delete', 'success')
    try:
        slot = runtime.pool.claim()
    except exception.ConductorBusy:
        clean_up_outside(context, cluster, driver)
        return
    slot.run(clean_up_outside, context, cluster, driver)


def clean_up_outside(context, cluster, driver):
    """Best-effort removal of the forgotten ``cluster``'s stacks, load
    balancers and trust; never raises."""
    if driver is not None:
        _attempt(cluster, 'remove its load balancers',
                 driver.pre_delete_cluster, context, cluster)
        _attempt(cluster, 'delete its stacks',
                 driver.delete_cluster, context, cluster)
        if hasattr(driver, 'delete_trust'):
            _attempt(cluster, 'delete its trust',
                     driver.delete_trust, cluster)


def _driver(context, cluster):
    try:
        return common.get_driver(context, cluster)
    except Exception as error:
        LOG.warning('Force-deleted cluster %s: no driver to delete its '
                    'cloud resources: %s', cluster.uuid,
                    common.reason_of(error))
        return None


def _attempt(cluster, what, func, *args):
    try:
        func(*args)
    except Exception as error:
        LOG.warning('Force-deleted cluster %s: could not %s: %s',
                    cluster.uuid, what, common.reason_of(error))
