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

"""The per-cluster reservation a conductor holds while it acts.

The reservation is the ``cluster.reservation`` column: the ``host`` of the
conductor acting on the cluster, set by one conditional UPDATE so that two
conductors (or two threads of one) never drive a cluster at once. A second
operation meanwhile gets ``OperationInProgress``.

A holder is alive while its ``magnum-conductor`` row in ``magnum_service``
was seen up within ``[DEFAULT] service_down_time``. The reservation of a
dead holder is broken — when someone asks for the cluster, and by
``break_stale`` — and the cluster is left as it was for the status sync to
reconcile with the driver.
"""

from oslo_log import log as logging

from magnum.common import context as magnum_context
from magnum.common import exception
from magnum.conductor import heartbeat
from magnum import objects

LOG = logging.getLogger(__name__)


def _admin_context():
    return magnum_context.make_admin_context(all_tenants=True)


def live_hosts():
    """Hosts whose conductor heartbeat is recent enough."""
    return set(heartbeat.live_hosts(_admin_context()))


def host_is_alive(host):
    service = objects.MagnumService.get_by_host_and_binary(
        _admin_context(), host, heartbeat.BINARY)
    return service is not None and heartbeat.is_up(service)


def acquire(cluster_uuid, host):
    """Reserve the cluster for ``host``.

    ``OperationInProgress`` while a live conductor holds it; a dead
    holder's reservation is broken and taken over.
    """
    try:
        objects.Cluster.reserve(cluster_uuid, host)
        return
    except exception.OperationInProgress as exc:
        in_progress = exc
    holder, _since = objects.Cluster.get_reservation(cluster_uuid)
    if holder is not None:
        if holder == host or host_is_alive(holder):
            raise in_progress
        LOG.warning('Breaking the reservation of cluster %s held by %s, '
                    'whose conductor is down', cluster_uuid, holder)
        objects.Cluster.release_reservation(cluster_uuid, holder)
    # Still atomic: whoever else raced for the freed row wins instead.
    objects.Cluster.reserve(cluster_uuid, host)


def release(cluster_uuid, host):
    """Drop ``host``'s reservation of the cluster, if it holds it."""
    try:
        return objects.Cluster.release_reservation(cluster_uuid, host)
    except Exception:
        # The workflow's outcome is saved already; a reservation left
        # behind is broken once this host is seen down, or at its restart.
        LOG.exception('Could not release the reservation of cluster %s',
                      cluster_uuid)
        return False


def break_stale(own_host=None):
    """Free the clusters held by dead conductors; returns their uuids.

    ``own_host`` always counts as alive (the caller runs).
    """
    hosts = live_hosts()
    if own_host:
        hosts.add(own_host)
    freed = objects.Cluster.break_stale_reservations(hosts)
    if freed:
        LOG.warning('Broke the reservations of %d cluster(s) held by '
                    'conductors that are down: %s', len(freed),
                    ', '.join(freed))
    return freed


def release_host(host):
    """Free everything ``host`` held; for a conductor starting up, which
    cannot have work in flight yet."""
    freed = objects.Cluster.release_host_reservations(host)
    if freed:
        LOG.info('Released %d reservation(s) left by an earlier run of '
                 'this conductor: %s', len(freed), ', '.join(freed))
    return freed
