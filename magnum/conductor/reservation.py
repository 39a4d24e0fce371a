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

import datetime

from oslo_log import log as logging
from oslo_utils import timeutils

from magnum.common import exception
import magnum.conf
from magnum.db import api as db_api
from magnum.objects import fields

CONF = magnum.conf.CONF
LOG = logging.getLogger(__name__)

BINARY = fields.MagnumServiceBinary.MAGNUM_CONDUCTOR


def _dbapi():
    return db_api.get_instance()


def _is_up(service, now):
    if service.forced_down:
        return False
    seen = service.last_seen_up or service.updated_at or service.created_at
    if seen is None:
        return False
    if seen.tzinfo is not None:
        seen = seen.replace(tzinfo=None) - seen.utcoffset()
    limit = datetime.timedelta(seconds=CONF.service_down_time)
    return now - seen <= limit


def live_hosts():
    """Hosts whose conductor heartbeat is recent enough."""
    now = timeutils.utcnow()
    return {service.host for service in _dbapi().get_magnum_service_list()
            if service.binary == BINARY and _is_up(service, now)}


def host_is_alive(host):
    service = _dbapi().get_magnum_service_by_host_and_binary(host, BINARY)
    return service is not None and _is_up(service, timeutils.utcnow())


def acquire(cluster_uuid, host):
    """Reserve the cluster for ``host``.

    ``OperationInProgress`` while a live conductor holds it; a dead
    holder's reservation is broken and taken over.
    """
    dbapi = _dbapi()
    try:
        dbapi.reserve_cluster(cluster_uuid, host)
        return
    except exception.OperationInProgress as exc:
        in_progress = exc
    holder, _since = dbapi.get_cluster_reservation(cluster_uuid)
    if holder is not None:
        if holder == host or host_is_alive(holder):
            raise in_progress
        LOG.warning('Breaking the reservation of cluster %s held by %s, '
                    'whose conductor is down', cluster_uuid, holder)
        dbapi.release_cluster(cluster_uuid, holder)
    # Still atomic: whoever else raced for the freed row wins instead.
    dbapi.reserve_cluster(cluster_uuid, host)


def release(cluster_uuid, host):
    """Drop ``host``'s reservation of the cluster, if it holds it."""
    try:
        return _dbapi().release_cluster(cluster_uuid, host)
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
    freed = _dbapi().break_stale_reservations(hosts)
    if freed:
        LOG.warning('Broke the reservations of %d cluster(s) held by '
                    'conductors that are down: %s', len(freed),
                    ', '.join(freed))
    return freed


def release_host(host):
    """Free everything ``host`` held; for a conductor starting up, which
    cannot have work in flight yet."""
    freed = _dbapi().release_host_reservations(host)
    if freed:
        LOG.info('Released %d reservation(s) left by an earlier run of '
                 'this conductor: %s', len(freed), ', '.join(freed))
    return freed
