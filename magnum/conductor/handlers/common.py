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

"""What every workflow shares: allowed states, the runtime, the skeleton.

A workflow runs in two parts. The *synchronous* part, on the RPC thread,
claims a worker slot (``ConductorBusy`` when there is none), reserves the
cluster (``OperationInProgress`` when another operation holds it), checks
the cluster's state against the operation (``NotSupported``, nothing
changed) and saves the intent (``*_IN_PROGRESS``). The *long* part — the
driver call — then runs in the worker pool; when it returns, its outcome is
saved and the reservation released, and the periodic status sync follows
the cluster from there.
"""

import contextlib

from oslo_log import log as logging

from magnum.common import context as magnum_context
from magnum.common import exception
import magnum.conf
from magnum.conductor import reservation
from magnum.conductor import workers
from magnum.drivers.common import registry
from magnum.i18n import _
from magnum import objects
from magnum.objects import fields

CONF = magnum.conf.CONF
LOG = logging.getLogger(__name__)
S = fields.ClusterStatus

# The states a cluster may be updated, upgraded or have its CA rotated in.
UPDATE_ALLOWED = (
    S.CREATE_COMPLETE, S.UPDATE_COMPLETE, S.RESUME_COMPLETE,
    S.RESTORE_COMPLETE, S.ROLLBACK_COMPLETE, S.SNAPSHOT_COMPLETE,
    S.CHECK_COMPLETE, S.ADOPT_COMPLETE)
# Resize also retries a failed update and joins a running one (the
# cluster autoscaler resizes while an update is in progress).
RESIZE_ALLOWED = UPDATE_ALLOWED + (S.UPDATE_FAILED, S.UPDATE_IN_PROGRESS)
# Nodegroup operations and credential rotation.
NODEGROUP_ALLOWED = (
    S.CREATE_COMPLETE, S.UPDATE_COMPLETE, S.UPDATE_IN_PROGRESS,
    S.UPDATE_FAILED, S.RESUME_COMPLETE, S.RESTORE_COMPLETE,
    S.ROLLBACK_COMPLETE, S.SNAPSHOT_COMPLETE, S.CHECK_COMPLETE,
    S.ADOPT_COMPLETE)


class Runtime:
    """This conductor's identity and worker pool, shared by workflows."""

    def __init__(self, host=None, pool=None):
        self.host = host or CONF.host
        self.pool = pool if pool is not None else workers.WorkerPool()


def admin_context():
    """Reads by the conductor see every project: the API has checked the
    caller's rights already."""
    return magnum_context.make_admin_context(all_tenants=True)


def load_cluster(cluster_uuid):
    """The stored cluster with its nodegroups, whatever its project."""
    return objects.Cluster.get_by_uuid(admin_context(), cluster_uuid)


def find_nodegroup(cluster, nodegroup_uuid):
    for nodegroup in cluster.nodegroups:
        if nodegroup.uuid == nodegroup_uuid:
            return nodegroup
    raise exception.NodeGroupNotFound(nodegroup=nodegroup_uuid)


def get_driver(context, cluster):
    return registry.get_driver_for_cluster(context, cluster)


def notify(context, cluster, action, outcome):
    """A CADF notification, when the notifications module is there; a
    notification that cannot be sent never fails the workflow."""
    try:
        from magnum.conductor import notifications
    except ImportError:
        return
    try:
        notifications.notify(context, cluster, action, outcome)
    except Exception:
        LOG.exception('Could not send the %s/%s notification of cluster '
                      '%s', action, outcome, getattr(cluster, 'uuid', None))


def check_state(cluster, allowed, operation):
    """``NotSupported`` unless the cluster's status is in ``allowed``."""
    if cluster.status not in allowed:
        raise exception.NotSupported(
            operation=_("%(operation)s while the cluster is %(status)s") % {
                'operation': operation, 'status': cluster.status})


def reason_of(error):
    """The status reason for ``error``: its message, or its class name
    when it has none."""
    text = str(error)
    return text if text else type(error).__name__


def busy_reason(operation, error):
    return _("The conductor did not start the %(operation)s: %(error)s") % {
        'operation': operation, 'error': reason_of(error)}


@contextlib.contextmanager
def reserved(runtime, cluster_uuid):
    """Reserve the cluster; the reservation is dropped if the block
    raises, and kept otherwise (the long part releases it)."""
    reservation.acquire(cluster_uuid, runtime.host)
    try:
        yield
    except BaseException:
        reservation.release(cluster_uuid, runtime.host)
        raise


def run_long(runtime, slot, cluster_uuid, work, on_error, releases=False):
    """Run ``work()`` in the pool; if it raises, ``on_error(error)``
    records the failure. The reservation is released either way: by
    ``work`` itself when ``releases`` says it does so in its last write
    (one transaction less), else here."""
    def _long_part():
        released = False
        try:
            result = work()
            released = releases
            return result
        except Exception as error:
            LOG.warning('Cluster %s: %s', cluster_uuid, reason_of(error))
            try:
                on_error(error)
            except Exception:
                LOG.exception('Could not record the failure of cluster %s',
                              cluster_uuid)
            raise
        finally:
            if not released:
                reservation.release(cluster_uuid, runtime.host)
    return slot.run(_long_part)


def save_nodegroups(nodegroups):
    """Save every nodegroup with changed fields."""
    for nodegroup in nodegroups:
        if nodegroup.obj_what_changed():
            nodegroup.save()


def mark_failed(cluster, status, reason, nodegroups=()):
    """Record a failure on the cluster and the given nodegroups."""
    for nodegroup in nodegroups:
        nodegroup.status = status
        nodegroup.status_reason = reason
        nodegroup.save()
    cluster.status = status
    cluster.status_reason = reason
    cluster.save()


class Operation:
    """The synchronous part of a workflow on an existing cluster.

    ``with Operation(...) as op:`` claims a slot, reserves the cluster,
    loads it (``op.cluster``) and checks its state against ``allowed``;
    the block then saves the intent and ends with ``op.run(work,
    on_error)``. If the block raises, the slot and the reservation are
    given back and nothing the block did not save has changed.
    """

    def __init__(self, runtime, cluster_uuid, allowed, operation,
                 cast=False):
        self.runtime = runtime
        self._slot_wait = cast_slot_wait() if cast else 0
        self.cluster_uuid = cluster_uuid
        self.allowed = allowed
        self.operation = operation
        self.cluster = None
        self._slot = None
        self._started = False

    def __enter__(self):
        self._slot = self.runtime.pool.claim(wait=self._slot_wait)
        try:
            reservation.acquire(self.cluster_uuid, self.runtime.host)
        except BaseException:
            self._slot.give_back()
            raise
        try:
            self.cluster = load_cluster(self.cluster_uuid)
            if self.allowed is not None:
                check_state(self.cluster, self.allowed, self.operation)
        except BaseException:
            self._undo()
            raise
        return self

    def _undo(self):
        reservation.release(self.cluster_uuid, self.runtime.host)
        self._slot.give_back()

    def run(self, work, on_error):
        """Hand ``work`` to the pool (see ``run_long``); returns its
        future."""
        self._started = True
        return run_long(self.runtime, self._slot, self.cluster_uuid, work,
                        on_error)

    def __exit__(self, exc_type, exc, tb):
        if not self._started:
            self._undo()
        return False


def cast_slot_wait():
    """How long a cast's workflow waits for a worker slot: its caller got
    its answer already and cannot be told to retry."""
    return CONF.conductor.cast_slot_wait


def record_busy(cluster_uuid, operation, busy):
    """A cast the conductor was too busy to start: the status stays as it
    was (the request may simply be sent again) and the reason says so."""
    try:
        cluster = load_cluster(cluster_uuid)
        cluster.status_reason = busy_reason(operation, busy)
        cluster.save()
        return cluster
    except exception.ClusterNotFound:
        return None
