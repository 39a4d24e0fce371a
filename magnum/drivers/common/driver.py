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

"""The contract between the conductor and a cluster driver.

A driver turns cluster operations into work on the cloud (Heat stacks,
Cluster API objects, nothing at all for the fake driver) and later tells
the conductor how that work went. The split of duties:

* The conductor owns the database. It sets ``*_IN_PROGRESS`` statuses,
  calls the driver, and saves the objects it passed in afterwards. A driver
  never calls ``save()``, ``create()`` or ``destroy()``; it only sets fields
  on the objects it was handed (``stack_id`` on the cluster or nodegroup,
  for instance) and the conductor persists them.
* Operation methods start work and return quickly. Anything they raise
  puts the cluster (or nodegroup) into ``*_FAILED`` with ``str(error)`` as
  the reason, so messages should be ones a user can act on.
* Completion is learnt by polling: the conductor's status sync hands every
  in-progress cluster of one driver to ``update_cluster_status`` in one
  batch and applies the ``StatusReport`` values it gets back.
"""

import abc
import dataclasses

from magnum.common import exception
from magnum.i18n import _


@dataclasses.dataclass
class NodeGroupReport:
    """What a driver knows about one nodegroup.

    ``None`` in any field means "unchanged": the conductor leaves the
    stored value alone.
    """

    status: str = None
    status_reason: str = None
    node_addresses: list = None
    node_count: int = None
    stack_id: str = None


@dataclasses.dataclass
class StatusReport:
    """The answer about one cluster from ``update_cluster_status``.

    ``status`` is a ``ClusterStatus`` value. ``nodegroups`` maps nodegroup
    uuids to ``NodeGroupReport``; a nodegroup reported ``DELETE_COMPLETE``
    is removed by the conductor, and a cluster reported ``DELETE_COMPLETE``
    is removed together with its nodegroups and certificates. ``faults``
    maps the names of the failed cloud resources to their error messages;
    it is what users see as the cluster's faults. ``None`` fields mean
    "unchanged".
    """

    cluster_uuid: str
    status: str
    status_reason: str = None
    api_address: str = None
    nodegroups: dict = dataclasses.field(default_factory=dict)
    faults: dict = dataclasses.field(default_factory=dict)
    coe_version: str = None
    container_version: str = None


@dataclasses.dataclass
class HealthReport:
    """A monitor's verdict: a ``ClusterHealthStatus`` value and a
    dict of strings explaining it (for example ``{"api": "ok"}``)."""

    status: str
    reason: dict = dataclasses.field(default_factory=dict)


class Monitor(abc.ABC):
    """Checks the health of one running cluster, for the health sync."""

    @abc.abstractmethod
    def poll_health_status(self):
        """Return a ``HealthReport``; must not modify the cluster."""


class Driver(abc.ABC):
    """Base class of every cluster driver.

    Subclasses are registered as entry points in the ``magnum.drivers``
    group and must be constructible without arguments. The registry keeps
    one instance per driver per process and calls it from several threads,
    so an instance must not keep per-call state without locking.
    """

    #: The combinations this driver can build: a list of dicts with the
    #: keys ``server_type``, ``os`` and ``coe``.
    provides = []

    #: A beta driver is only used when its entry-point name is listed in
    #: ``[drivers] enabled_beta_drivers``.
    beta = False

    # --- cluster operations ------------------------------------------------

    @abc.abstractmethod
    def create_cluster(self, context, cluster, cluster_create_timeout):
        """Start building ``cluster`` and its nodegroups.

        ``cluster_create_timeout`` is in minutes. The cluster and its
        default nodegroups exist in the database already, in
        ``CREATE_IN_PROGRESS``. Set ``cluster.stack_id`` (or whatever
        identifies the cloud-side resource); the conductor saves it and
        copies it to the default nodegroups.
        """

    @abc.abstractmethod
    def update_cluster(self, context, cluster, scale_manager=None,
                       rollback=False):
        """Bring the cloud in line with the cluster's new settings.

        The conductor has already written the new node counts to the
        nodegroups. ``rollback`` asks the driver to undo the update if it
        fails, where the backend can.
        """

    @abc.abstractmethod
    def delete_cluster(self, context, cluster):
        """Start removing everything the cluster owns in the cloud.

        The rows stay until ``update_cluster_status`` reports
        ``DELETE_COMPLETE``.
        """

    @abc.abstractmethod
    def resize_cluster(self, context, cluster, resize_manager, node_count,
                       nodes_to_remove, nodegroup=None):
        """Change the number of nodes of one nodegroup.

        ``nodegroup`` defaults to the cluster's default worker nodegroup;
        its ``node_count`` already holds the new value. ``nodes_to_remove``
        lists node identifiers (names, ids or addresses) the caller prefers
        to see removed when shrinking.
        """

    @abc.abstractmethod
    def upgrade_cluster(self, context, cluster, cluster_template,
                        max_batch_size, nodegroup, scale_manager=None,
                        rollback=False):
        """Move ``nodegroup`` to the versions of ``cluster_template``,
        replacing at most ``max_batch_size`` nodes at a time. Raise
        ``ClusterUpgradeNotSupported`` (or another ``NotSupported``) when
        the upgrade cannot be done; the conductor then leaves the status
        untouched."""

    # --- nodegroup operations ----------------------------------------------

    @abc.abstractmethod
    def create_nodegroup(self, context, cluster, nodegroup):
        """Start building a new, non-default nodegroup. It exists in the
        database in ``CREATE_IN_PROGRESS``; set ``nodegroup.stack_id`` if
        the nodegroup gets a cloud resource of its own."""

    @abc.abstractmethod
    def update_nodegroup(self, context, cluster, nodegroup):
        """Apply the nodegroup's new settings (node counts, limits)."""

    @abc.abstractmethod
    def delete_nodegroup(self, context, cluster, nodegroup):
        """Start removing a non-default nodegroup; its row goes once the
        nodegroup is reported ``DELETE_COMPLETE``."""

    # --- status and health -------------------------------------------------

    def update_cluster_status(self, context, clusters):
        """Report on many in-progress clusters at once.

        ``clusters`` are the ``Cluster`` objects (nodegroups loaded) in
        ``*_IN_PROGRESS`` that the calling conductor owns and that use this
        driver. Return a dict mapping cluster uuids to ``StatusReport``.
        A cluster left out of the answer has no news this round. Answer from
        one bulk query where the backend allows it: this is called every
        few seconds for possibly thousands of clusters. Must not modify or
        save the passed objects.

        The default reports nothing, for drivers whose operations finish
        inside the operation calls.
        """
        return {}

    def get_monitor(self, context, cluster):
        """A ``Monitor`` for the health sync, or ``None`` when the driver
        cannot check health."""
        return None

    def get_scale_manager(self, context, osclient, cluster):
        """An object choosing which nodes to remove on scale-down, or
        ``None`` to let the backend choose."""
        return None

    # --- checks and hooks --------------------------------------------------

    def pre_delete_cluster(self, context, cluster):
        """Called before ``delete_cluster``; a driver may clean up
        resources the cluster created itself (load balancers of services,
        volumes of persistent claims). The default does nothing."""

    def validate_master_size(self, node_count):
        """Refuse master counts the driver cannot run.

        The default asks for an odd number of at least one, so that etcd
        keeps a quorum.
        """
        if node_count < 1 or node_count % 2 == 0:
            raise exception.MasterNGSizeInvalid(requested_size=node_count)

    def validate_master_resize(self, node_count):
        """Refuse resizing the master nodegroup to ``node_count``; the
        default refuses any master resize."""
        raise exception.MasterNGResizeNotSupported()

    # --- credentials -------------------------------------------------------

    def rotate_ca_certificate(self, context, cluster):
        """Distribute the cluster's newly generated CA and certificates to
        its nodes. The conductor has already stored the new certificates.
        """
        raise exception.NotSupported(
            operation=_("Rotating the CA certificate of this cluster type"))

    def rotate_credential(self, context, cluster):
        """Replace the cloud credentials the cluster's nodes use."""
        raise CredentialRotationNotSupported()

    # --- federations -------------------------------------------------------

    def create_federation(self, context, federation):
        raise NotImplementedError(_("Federations are not implemented."))

    def update_federation(self, context, federation):
        raise NotImplementedError(_("Federations are not implemented."))

    def delete_federation(self, context, federation):
        raise NotImplementedError(_("Federations are not implemented."))


class CredentialRotationNotSupported(exception.NotSupported,
                                     NotImplementedError):
    """A 400 error that callers catching ``NotImplementedError`` (the way
    drivers have always said "not supported") also recognise."""

    message = _("Credential rotation is not supported by driver.")
