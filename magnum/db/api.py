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

"""The database contract: everything above ``magnum.db`` talks to this.

Conventions shared by every method:

* ``context`` is a ``magnum.common.context.RequestContext``. Methods that take
  one are *project scoped*: they only see rows of ``context.project_id``
  unless ``context.is_admin and context.all_tenants``. Methods without a
  context are for Magnum's own use (conductor, periodic tasks) and see
  everything.
* Lookups that find nothing raise the resource's ``*NotFound``; a name that
  matches several rows raises ``Conflicts`` (HTTP 409).
* List methods take ``limit``, ``marker`` (the uuid — or integer id for
  quotas and services — of the last row of the previous page), ``sort_key``
  (any column; unknown ⇒ ``InvalidSortKey``) and ``sort_dir`` (``asc`` or
  ``desc``; default ``asc``). ``id`` is always added as the last sort key so
  pages are stable. ``filters`` is a dict of column → value; a list or tuple
  value means "IN". Unknown filter keys raise ``InvalidParameterValue``.
* Create methods take a dict of column values, generate ``uuid`` when the
  table has one and none is given, and return the new row. Duplicates raise
  the resource's ``*AlreadyExists``.
* Update methods take the row's integer id or uuid and a dict of the columns
  to change (changing ``id`` or ``uuid`` raises ``InvalidParameterValue``),
  and return the updated row.
* Rows returned are ORM model instances detached from their session; callers
  only read their attributes.
"""

import abc

from oslo_db import api as db_api

import magnum.conf

_BACKEND_MAPPING = {'sqlalchemy': 'magnum.db.sqlalchemy.api'}
IMPL = db_api.DBAPI.from_config(magnum.conf.CONF,
                                backend_mapping=_BACKEND_MAPPING, lazy=True)


def get_instance():
    """The ``Connection`` of the configured backend."""
    return IMPL


class Connection(metaclass=abc.ABCMeta):
    """The interface every database backend implements."""

    # -- cluster templates --------------------------------------------------

    @abc.abstractmethod
    def get_cluster_template_list(self, context, filters=None, limit=None,
                                  marker=None, sort_key=None, sort_dir=None):
        """Templates of the caller's project plus public ones.

        Public templates (``public`` true) of other projects are included;
        hidden templates of other projects are included only for admins.
        """

    @abc.abstractmethod
    def get_cluster_template_list_rows(self, context, columns, uuids=None,
                                       limit=None, marker=None,
                                       sort_key=None, sort_dir=None):
        """Like ``get_cluster_template_list`` (same rows, same order), as
        plain dicts of the named ``columns`` (JSON decoded, datetimes
        naive UTC); only the templates of ``uuids`` when given. The
        marker is a uuid."""

    @abc.abstractmethod
    def create_cluster_template(self, values):
        """Insert a template."""

    @abc.abstractmethod
    def get_cluster_template_by_id(self, context, cluster_template_id):
        """One template by integer id (project scoped, public visible)."""

    @abc.abstractmethod
    def get_cluster_template_by_uuid(self, context, cluster_template_uuid):
        """One template by uuid (project scoped, public visible)."""

    @abc.abstractmethod
    def get_cluster_template_by_name(self, context, cluster_template_name):
        """One template by name (project scoped, public visible)."""

    @abc.abstractmethod
    def update_cluster_template(self, cluster_template_id, values):
        """Change columns of a template."""

    @abc.abstractmethod
    def destroy_cluster_template(self, cluster_template_id):
        """Delete a template; ``ClusterTemplateReferenced`` if in use."""

    # -- clusters -----------------------------------------------------------

    @abc.abstractmethod
    def get_cluster_list(self, context, filters=None, limit=None,
                         marker=None, sort_key=None, sort_dir=None):
        """Clusters of the caller's project.

        ``filters`` may use any cluster column; ``status`` takes a list.
        """

    @abc.abstractmethod
    def get_cluster_list_rows(self, context, columns, limit=None,
                              marker=None, sort_key=None, sort_dir=None,
                              derived=()):
        """Like ``get_cluster_list`` (same rows, same order), as plain
        dicts of the named ``columns`` (JSON decoded, datetimes naive UTC).

        ``derived`` adds values summed up from the nodegroups:
        ``node_count`` and ``master_count`` (computed by the database in
        the same statement), ``node_addresses`` and ``master_addresses``
        (one more query for the page). The marker is a uuid.
        """

    @abc.abstractmethod
    def create_cluster(self, values):
        """Insert a cluster."""

    @abc.abstractmethod
    def get_cluster_by_id(self, context, cluster_id):
        """One cluster by integer id (project scoped)."""

    @abc.abstractmethod
    def get_cluster_by_uuid(self, context, cluster_uuid):
        """One cluster by uuid (project scoped)."""

    @abc.abstractmethod
    def get_cluster_by_name(self, context, cluster_name):
        """One cluster by name (project scoped); ``Conflicts`` if several."""

    @abc.abstractmethod
    def update_cluster(self, cluster_id, values):
        """Change columns of a cluster."""

    @abc.abstractmethod
    def destroy_cluster(self, cluster_id):
        """Delete a cluster together with its nodegroups."""

    @abc.abstractmethod
    def get_cluster_count_all(self, context, filters=None):
        """How many clusters match (project scoped)."""

    @abc.abstractmethod
    def get_cluster_stats(self, context, project_id=None):
        """``(clusters, nodes)``: cluster count and the sum of node_count
        over all their nodegroups, masters included; for one project when
        ``project_id`` is given, else for every project."""

    @abc.abstractmethod
    def reserve_cluster(self, cluster_uuid, host):
        """Mark the cluster as being acted on by the conductor ``host``.

        One conditional UPDATE, so of two racing conductors exactly one
        wins. ``ClusterNotFound`` if there is no such cluster;
        ``OperationInProgress`` if any conductor (``host`` included) holds
        it already.
        """

    @abc.abstractmethod
    def release_cluster(self, cluster_uuid, host):
        """Drop the reservation if ``host`` holds it; ``True`` if it did.
        A missing cluster is not an error (it may have been deleted)."""

    @abc.abstractmethod
    def get_cluster_reservation(self, cluster_uuid):
        """``(host, reserved_at)`` of the cluster's holder, ``(None,
        None)`` when free; ``ClusterNotFound`` if there is no cluster."""

    @abc.abstractmethod
    def break_stale_reservations(self, live_hosts):
        """Drop every reservation held by a host not in ``live_hosts``;
        returns the uuids of the clusters freed."""

    @abc.abstractmethod
    def release_host_reservations(self, host):
        """Drop every reservation ``host`` holds (a conductor starting
        again under the same host has no work in flight); returns the
        uuids of the clusters freed."""

    # -- status sync --------------------------------------------------------

    @abc.abstractmethod
    def get_clusters_for_status_sync(self, statuses, accept=None):
        """Unreserved clusters whose status is in ``statuses``, with their
        nodegroups, for the conductor's status sync.

        Returns ``[(cluster, [nodegroup, ...]), ...]`` ordered by cluster
        id, each row a plain dict of column values: the sync reads possibly
        thousands of clusters every few seconds, so no ORM instances are
        built. ``accept``, when given, is called with each cluster's uuid
        and the clusters it answers false for are left out before their
        nodegroups are read. Two queries.
        """

    @abc.abstractmethod
    def apply_cluster_status_changes(self, changes):
        """Write the results of one status sync pass in one transaction.

        ``changes`` is a list of dicts, one per cluster: ``id`` (integer
        id), ``expected_status`` (the status the sync read), ``values``
        (cluster columns to set), ``nodegroups`` ({nodegroup integer id:
        columns to set}), ``destroy_nodegroups`` (integer ids of nodegroups
        to delete) and ``destroy`` (true: delete the cluster and all its
        nodegroups instead). Missing keys mean nothing to do.

        The clusters' rows are locked first; a cluster that got reserved,
        or whose status is no longer ``expected_status``, is left alone
        entirely (a workflow took it over since it was read). Updates go
        out in bulk: one executemany on SQLite, chunked ``UPDATE ... CASE``
        statements elsewhere. Returns the set of the
        integer ids of the clusters whose changes were applied.
        """

    # -- nodegroups ---------------------------------------------------------

    @abc.abstractmethod
    def create_nodegroup(self, values):
        """Insert a nodegroup; ``NodeGroupAlreadyExists`` on a name clash
        within its cluster."""

    @abc.abstractmethod
    def destroy_nodegroup(self, cluster_id, nodegroup_id):
        """Delete one nodegroup of a cluster (id or uuid for both)."""

    @abc.abstractmethod
    def update_nodegroup(self, cluster_id, nodegroup_id, values):
        """Change columns of one nodegroup of a cluster."""

    @abc.abstractmethod
    def get_nodegroup_by_id(self, context, cluster_id, nodegroup_id):
        """One nodegroup by integer id within a cluster (uuid)."""

    @abc.abstractmethod
    def get_nodegroup_by_uuid(self, context, cluster_id, nodegroup_uuid):
        """One nodegroup by uuid within a cluster (uuid)."""

    @abc.abstractmethod
    def get_nodegroup_by_name(self, context, cluster_id, nodegroup_name):
        """One nodegroup by name within a cluster (uuid)."""

    @abc.abstractmethod
    def list_cluster_nodegroups(self, context, cluster_id, filters=None,
                                limit=None, marker=None, sort_key=None,
                                sort_dir=None):
        """Nodegroups of one cluster; filters: role, is_default, status."""

    @abc.abstractmethod
    def list_nodegroups_for_clusters(self, cluster_ids):
        """``{cluster_uuid: [nodegroup, ...]}`` for many clusters in one
        query, so that a page of clusters costs two queries, not N+1."""

    @abc.abstractmethod
    def get_cluster_nodegroup_count(self, context, cluster_id):
        """How many nodegroups a cluster has."""

    # -- x509 key pairs -----------------------------------------------------

    @abc.abstractmethod
    def create_x509keypair(self, values):
        """Insert a key pair."""

    @abc.abstractmethod
    def get_x509keypair_by_id(self, context, x509keypair_id):
        """One key pair by integer id (project scoped)."""

    @abc.abstractmethod
    def get_x509keypair_by_uuid(self, context, x509keypair_uuid):
        """One key pair by uuid (project scoped)."""

    @abc.abstractmethod
    def destroy_x509keypair(self, x509keypair_id):
        """Delete a key pair."""

    @abc.abstractmethod
    def update_x509keypair(self, x509keypair_id, values):
        """Change columns of a key pair."""

    @abc.abstractmethod
    def get_x509keypair_list(self, context, filters=None, limit=None,
                             marker=None, sort_key=None, sort_dir=None):
        """Key pairs of the caller's project."""

    # -- magnum services ----------------------------------------------------

    @abc.abstractmethod
    def destroy_magnum_service(self, magnum_service_id):
        """Delete a service row."""

    @abc.abstractmethod
    def update_magnum_service(self, magnum_service_id, values):
        """Change columns of a service row."""

    @abc.abstractmethod
    def get_magnum_service_by_host_and_binary(self, host, binary):
        """The row of one service, or ``None``."""

    @abc.abstractmethod
    def create_magnum_service(self, values):
        """Insert a service row; ``MagnumServiceAlreadyExists`` if the
        (host, binary) pair exists."""

    @abc.abstractmethod
    def get_magnum_service_list(self, disabled=None, limit=None,
                                marker=None, sort_key=None, sort_dir=None):
        """All service rows, optionally only (not) disabled ones."""

    # -- quotas -------------------------------------------------------------

    @abc.abstractmethod
    def create_quota(self, values):
        """Insert a quota; ``QuotaAlreadyExists`` on (project_id, resource)."""

    @abc.abstractmethod
    def get_quota_by_id(self, context, quota_id):
        """One quota by integer id."""

    @abc.abstractmethod
    def get_quota_by_project_id_resource(self, project_id, resource):
        """One quota; ``QuotaNotFound`` if none."""

    @abc.abstractmethod
    def get_quota_list(self, context, filters=None, limit=None, marker=None,
                       sort_key=None, sort_dir=None):
        """Quotas; filters: project_id, resource."""

    @abc.abstractmethod
    def quota_get_all_by_project_id(self, project_id):
        """Every quota row of one project."""

    @abc.abstractmethod
    def update_quota(self, project_id, values):
        """Change ``hard_limit`` of the (project_id, values['resource'])
        quota; ``QuotaNotFound`` if absent."""

    @abc.abstractmethod
    def delete_quota(self, project_id, resource):
        """Delete one quota; ``QuotaNotFound`` if absent."""

    # -- federations --------------------------------------------------------

    @abc.abstractmethod
    def get_federation_by_id(self, context, federation_id):
        """One federation by integer id (project scoped)."""

    @abc.abstractmethod
    def get_federation_by_uuid(self, context, federation_uuid):
        """One federation by uuid (project scoped)."""

    @abc.abstractmethod
    def get_federation_by_name(self, context, federation_name):
        """One federation by name (project scoped)."""

    @abc.abstractmethod
    def get_federation_list(self, context, limit=None, marker=None,
                            sort_key=None, sort_dir=None, filters=None):
        """Federations of the caller's project."""

    @abc.abstractmethod
    def create_federation(self, values):
        """Insert a federation."""

    @abc.abstractmethod
    def destroy_federation(self, federation_id):
        """Delete a federation."""

    @abc.abstractmethod
    def update_federation(self, federation_id, values):
        """Change columns of a federation."""

    # -- a cluster with its nodegroups, for the workflows -------------------

    @abc.abstractmethod
    def create_cluster_with_nodegroups(self, cluster_values,
                                       nodegroups_values):
        """Insert a cluster and its nodegroups (their ``cluster_id`` is
        set to the cluster's uuid) in one transaction; returns ``(cluster,
        [nodegroup, ...])``. ``ClusterAlreadyExists`` or
        ``NodeGroupAlreadyExists`` leave nothing inserted."""

    @abc.abstractmethod
    def update_cluster_with_nodegroups(self, cluster_uuid, values,
                                       nodegroups=None, release_host=None):
        """In one transaction: set the cluster's columns ``values``, its
        nodegroups' (``{nodegroup uuid: values}``) and, when
        ``release_host`` is given, drop that host's reservation of the
        cluster. Returns the ``updated_at`` written, ``None`` if only the
        reservation was touched. ``ClusterNotFound`` or
        ``NodeGroupNotFound`` leave everything as it was."""
