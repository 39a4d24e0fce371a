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

"""Cluster: one COE cluster and the nodegroups it is made of.

A cluster row stores no node counts or addresses. ``node_count``,
``master_count``, ``node_addresses`` and ``master_addresses`` are read-only
fields summed up from the cluster's nodegroups (role ``master`` versus any
other role) whenever the cluster is loaded:

* ``get*`` costs two queries (the cluster, then its nodegroups);
* ``list`` costs two queries for a whole page (the clusters, then the
  nodegroups of every cluster of the page in one query).

The nodegroups themselves are kept in the ``nodegroups`` field, from the
same query, so they travel with the cluster over RPC and the
``default_ng_master`` / ``default_ng_worker`` accessors cost nothing. On an
object that was never loaded (e.g. just created) reading any of these fields
loads the nodegroups from the database then. ``save`` writes the cluster's
own columns only; nodegroups are saved through their own objects, and
``refresh`` re-reads both. The conductor's workflows write a cluster with
its nodegroups (and its reservation) in one transaction instead:
``create_with_nodegroups`` and ``save_with_nodegroups``.

``cluster_template`` is loaded on first access, from ``cluster_template_id``.
"""

from oslo_utils import timeutils
from oslo_versionedobjects import fields

from magnum.common import exception
from magnum.db import api as db_api
from magnum.objects import base
from magnum.objects import cluster_template as ct_obj
from magnum.objects import fields as m_fields
from magnum.objects import nodegroup as nodegroup_obj

# Fields summed up from the nodegroups.
_NODE_FIELDS = ('node_count', 'master_count', 'node_addresses',
                'master_addresses')


@base.MagnumObjectRegistry.register
class Cluster(base.MagnumPersistentObject, base.MagnumObject):

    # 1.1: trust_id
    # 1.2: ca_cert_expires_at, magnum_cert_expires_at
    # 1.3: trustee_username, trustee_password, trustee_user_id
    VERSION = '1.3'

    dbapi = db_api.get_instance()

    DERIVED_FIELDS = _NODE_FIELDS + ('nodegroups', 'cluster_template')

    fields = {
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(nullable=True),
        'project_id': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
        'name': fields.StringField(nullable=True),
        'cluster_template_id': fields.StringField(nullable=True),
        'keypair': fields.StringField(nullable=True),
        'docker_volume_size': fields.IntegerField(nullable=True),
        'labels': m_fields.DictOfStringsField(nullable=True),
        'master_flavor_id': fields.StringField(nullable=True),
        'flavor_id': fields.StringField(nullable=True),
        'stack_id': fields.StringField(nullable=True),
        'api_address': fields.StringField(nullable=True),
        'status': m_fields.ClusterStatusField(nullable=True),
        'status_reason': fields.StringField(nullable=True),
        'health_status': m_fields.ClusterHealthStatusField(nullable=True),
        'health_status_reason': m_fields.DictOfStringsField(nullable=True),
        'create_timeout': fields.IntegerField(nullable=True),
        'discovery_url': fields.StringField(nullable=True),
        'ca_cert_ref': fields.StringField(nullable=True),
        'magnum_cert_ref': fields.StringField(nullable=True),
        'etcd_ca_cert_ref': fields.StringField(nullable=True),
        'front_proxy_ca_cert_ref': fields.StringField(nullable=True),
        'ca_cert_expires_at': fields.DateTimeField(nullable=True),
        'magnum_cert_expires_at': fields.DateTimeField(nullable=True),
        'coe_version': fields.StringField(nullable=True),
        'container_version': fields.StringField(nullable=True),
        'fixed_network': fields.StringField(nullable=True),
        'fixed_subnet': fields.StringField(nullable=True),
        'floating_ip_enabled': fields.BooleanField(default=True),
        'master_lb_enabled': fields.BooleanField(default=False),
        'trust_id': fields.StringField(nullable=True),
        # Never shown by the API; the password is sealed at rest.
        'trustee_username': fields.StringField(nullable=True),
        'trustee_password': m_fields.SecretStringField(nullable=True),
        'trustee_user_id': fields.StringField(nullable=True),

        'node_count': fields.IntegerField(nullable=True, read_only=True),
        'master_count': fields.IntegerField(nullable=True, read_only=True),
        'node_addresses': fields.ListOfStringsField(nullable=True,
                                                    read_only=True),
        'master_addresses': fields.ListOfStringsField(nullable=True,
                                                      read_only=True),
        'nodegroups': fields.ListOfObjectsField('NodeGroup', nullable=True),
        'cluster_template': fields.ObjectField('ClusterTemplate',
                                               nullable=True),
    }

    @classmethod
    def _from_db_object(cls, cluster, db_cluster, db_nodegroups=None):
        """Fill ``cluster`` from its row and, when given, its nodegroups'
        rows (``None`` leaves the nodegroup fields as they are)."""
        super()._from_db_object(cluster, db_cluster)
        if db_nodegroups is not None:
            cluster._set_nodegroups(
                nodegroup_obj.NodeGroup._from_db_object_list(
                    cluster._context, db_nodegroups))
        return cluster

    def _set_nodegroups(self, nodegroups):
        masters = [ng for ng in nodegroups if ng.is_master]
        workers = [ng for ng in nodegroups if not ng.is_master]
        values = {
            'nodegroups': nodegroups,
            'node_count': sum(ng.node_count or 0 for ng in workers),
            'master_count': sum(ng.node_count or 0 for ng in masters),
            'node_addresses': [a for ng in workers
                               for a in ng.node_addresses or []],
            'master_addresses': [a for ng in masters
                                 for a in ng.node_addresses or []],
        }
        for name, value in values.items():
            # The node fields are read-only once set; loading is the one
            # place allowed to replace them.
            base.set_loaded(self, name, value)
        self.obj_reset_changes(list(values))

    def obj_load_attr(self, attrname):
        if attrname in _NODE_FIELDS + ('nodegroups',):
            if not self.obj_attr_is_set('uuid'):
                raise exception.ObjectActionError(
                    action='obj_load_attr',
                    reason='a cluster without uuid has no nodegroups')
            rows = self.dbapi.list_nodegroups_for_clusters([self.uuid])
            self._set_nodegroups(nodegroup_obj.NodeGroup._from_db_object_list(
                self._context, rows.get(self.uuid, [])))
        elif attrname == 'cluster_template':
            self.cluster_template = ct_obj.ClusterTemplate.get_by_uuid(
                self._context, self.cluster_template_id)
            self.obj_reset_changes(['cluster_template'])
        else:
            super().obj_load_attr(attrname)

    def _default_nodegroup(self, master):
        for ng in self.nodegroups:
            if ng.is_default and ng.is_master == master:
                return ng
        return None

    @property
    def default_ng_master(self):
        """The default master nodegroup, or ``None`` before it exists."""
        return self._default_nodegroup(master=True)

    @property
    def default_ng_worker(self):
        """The default worker nodegroup, or ``None`` before it exists."""
        return self._default_nodegroup(master=False)

    @classmethod
    def _with_nodegroups(cls, context, row):
        nodegroups = cls.dbapi.list_nodegroups_for_clusters([row.uuid])
        return cls._from_db_object(cls(context), row,
                                   nodegroups.get(row.uuid, []))

    @classmethod
    def get(cls, context, cluster_id):
        """By integer id, uuid or name."""
        return base.lookup(
            cluster_id,
            lambda i: cls.get_by_id(context, i),
            lambda u: cls.get_by_uuid(context, u),
            lambda n: cls.get_by_name(context, n))

    @classmethod
    def get_by_id(cls, context, cluster_id):
        return cls._with_nodegroups(
            context, cls.dbapi.get_cluster_by_id(context, cluster_id))

    @classmethod
    def get_by_uuid(cls, context, uuid):
        return cls._with_nodegroups(
            context, cls.dbapi.get_cluster_by_uuid(context, uuid))

    @classmethod
    def get_by_name(cls, context, name):
        """``Conflicts`` if several clusters of the project have it."""
        return cls._with_nodegroups(
            context, cls.dbapi.get_cluster_by_name(context, name))

    @classmethod
    def list(cls, context, limit=None, marker=None, sort_key=None,
             sort_dir=None, filters=None):
        """One page; ``filters['status']`` may be a list."""
        rows = cls.dbapi.get_cluster_list(
            context, filters=filters, limit=limit, marker=marker,
            sort_key=sort_key, sort_dir=sort_dir)
        if not rows:
            return []
        nodegroups = cls.dbapi.list_nodegroups_for_clusters(
            [row.uuid for row in rows])
        return [cls._from_db_object(cls(context), row,
                                    nodegroups.get(row.uuid, []))
                for row in rows]

    @classmethod
    def get_count_all(cls, context, filters=None):
        return cls.dbapi.get_cluster_count_all(context, filters=filters)

    def create(self):
        """Insert the cluster row; its nodegroups are created apart."""
        row = self.dbapi.create_cluster(self._db_values())
        self._from_db_object(self, row)

    def save(self):
        """Write the changed columns of the cluster row only."""
        updates = self._db_changes()
        if updates:
            row = self.dbapi.update_cluster(self.uuid, updates)
            self.updated_at = row.updated_at
        self.obj_reset_changes()

    def destroy(self):
        """Delete the cluster and its nodegroups."""
        self.dbapi.destroy_cluster(self.uuid)
        self.obj_reset_changes()

    def refresh(self):
        """Reload the stored fields and the nodegroups."""
        current = self.get_by_uuid(self._context, self.uuid)
        self._refresh_from(current)
        self._set_nodegroups(current.nodegroups)
        if self.obj_attr_is_set('cluster_template'):
            # Loaded again on next access, from the current template id.
            del self.cluster_template

    # -- a cluster with its nodegroups, for the conductor's workflows ---------

    def create_with_nodegroups(self, nodegroups, reserved_by=None):
        """Insert the cluster and ``nodegroups`` (unsaved ``NodeGroup``
        objects) in one transaction; with ``reserved_by`` the row is
        reserved by that conductor host from its first moment. Both are
        loaded as stored afterwards, and the cluster holds the
        nodegroups."""
        values = self._db_values()
        if reserved_by is not None:
            values.update(reservation=reserved_by,
                          reserved_at=timeutils.utcnow())
        row, ng_rows = self.dbapi.create_cluster_with_nodegroups(
            values, [ng._db_values() for ng in nodegroups])
        self._from_db_object(self, row)
        for nodegroup, ng_row in zip(nodegroups, ng_rows):
            nodegroup._from_db_object(nodegroup, ng_row)
        self._set_nodegroups(list(nodegroups))

    def save_with_nodegroups(self, release_host=None):
        """Write the changed columns of the cluster and of its loaded
        nodegroups in one transaction; with ``release_host``, that
        conductor's reservation of the cluster is dropped in it too."""
        nodegroups = []
        if self.obj_attr_is_set('nodegroups'):
            nodegroups = [ng for ng in self.nodegroups
                          if ng.obj_what_changed()]
        values = self._db_changes()
        ng_values = {ng.uuid: ng._db_changes() for ng in nodegroups}
        if values or nodegroups or release_host is not None:
            updated_at = self.dbapi.update_cluster_with_nodegroups(
                self.uuid, values, ng_values, release_host=release_host)
            if values:
                self.updated_at = updated_at
            for nodegroup in nodegroups:
                if ng_values[nodegroup.uuid]:
                    nodegroup.updated_at = updated_at
                nodegroup.obj_reset_changes()
        self.obj_reset_changes()

    # -- the reservation a conductor holds while it acts (the
    # ``reservation`` column, no field of the object) -------------------------

    @classmethod
    def reserve(cls, cluster_uuid, host):
        """``OperationInProgress`` if any conductor holds the cluster."""
        cls.dbapi.reserve_cluster(cluster_uuid, host)

    @classmethod
    def release_reservation(cls, cluster_uuid, host):
        """``True`` if ``host`` held the cluster and no longer does."""
        return cls.dbapi.release_cluster(cluster_uuid, host)

    @classmethod
    def get_reservation(cls, cluster_uuid):
        """``(host, reserved_at)``, ``(None, None)`` when free."""
        return cls.dbapi.get_cluster_reservation(cluster_uuid)

    @classmethod
    def break_stale_reservations(cls, live_hosts):
        """Free the clusters held by hosts not in ``live_hosts``; returns
        their uuids."""
        return cls.dbapi.break_stale_reservations(live_hosts)

    @classmethod
    def release_host_reservations(cls, host):
        """Free every cluster ``host`` holds; returns their uuids."""
        return cls.dbapi.release_host_reservations(host)

    # -- the status sync, which reads and writes plain rows in bulk -----------

    @classmethod
    def rows_for_status_sync(cls, statuses, accept=None):
        """``[(cluster row, [nodegroup row, ...]), ...]`` as plain dicts:
        the unreserved clusters in ``statuses`` whose uuid ``accept``
        (when given) answers true for."""
        return cls.dbapi.get_clusters_for_status_sync(statuses,
                                                      accept=accept)

    @classmethod
    def apply_status_changes(cls, changes):
        """Write one status sync pass in one transaction (see
        ``Connection.apply_cluster_status_changes``); returns the integer
        ids of the clusters whose changes were applied."""
        return cls.dbapi.apply_cluster_status_changes(changes)

    # -- list pages, which the API renders straight from plain rows ----------

    @classmethod
    def list_rows(cls, context, columns, limit=None, marker=None,
                  sort_key=None, sort_dir=None, derived=()):
        """One page as plain dicts of ``columns`` (see
        ``Connection.get_cluster_list_rows``): what ``list`` would return,
        without building an object per row."""
        return cls.dbapi.get_cluster_list_rows(
            context, columns, limit=limit, marker=marker, sort_key=sort_key,
            sort_dir=sort_dir, derived=derived)
