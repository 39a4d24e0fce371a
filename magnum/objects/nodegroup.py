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

"""NodeGroup: a set of identical nodes of one cluster.

Nodegroups live inside a cluster: every lookup takes the cluster's uuid
(``cluster_id``) as well as the nodegroup's own identity.
"""

from oslo_versionedobjects import fields

from magnum.db import api as db_api
from magnum.objects import base
from magnum.objects import fields as m_fields

MASTER_ROLE = 'master'
WORKER_ROLE = 'worker'


@base.MagnumObjectRegistry.register
class NodeGroup(base.MagnumPersistentObject, base.MagnumObject):
    """A nodegroup; role ``master`` holds control-plane nodes, any other
    role is a worker."""

    VERSION = '1.0'

    dbapi = db_api.get_instance()

    fields = {
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(nullable=True),
        'name': fields.StringField(),
        'cluster_id': fields.StringField(),
        'project_id': fields.StringField(nullable=True),
        'docker_volume_size': fields.IntegerField(nullable=True),
        'labels': m_fields.DictOfStringsField(nullable=True),
        'flavor_id': fields.StringField(nullable=True),
        'image_id': fields.StringField(nullable=True),
        'node_addresses': fields.ListOfStringsField(nullable=True),
        'node_count': fields.IntegerField(nullable=True),
        'role': fields.StringField(nullable=True),
        'max_node_count': fields.IntegerField(nullable=True),
        'min_node_count': fields.IntegerField(default=0),
        'is_default': fields.BooleanField(default=False),
        'stack_id': fields.StringField(nullable=True),
        'status': m_fields.ClusterStatusField(nullable=True),
        'status_reason': fields.StringField(nullable=True),
        'version': fields.StringField(nullable=True),
        'node_labels': m_fields.DictOfStringsField(nullable=True),
        # Each taint is {"key": ..., "value": ... or None, "effect": ...}.
        'node_taints': fields.ListOfDictOfNullableStringsField(nullable=True),
    }

    @property
    def is_master(self):
        return self.role == MASTER_ROLE

    @classmethod
    def get(cls, context, cluster_id, nodegroup_id):
        """By integer id, uuid or name, within the cluster ``cluster_id``."""
        return base.lookup(
            nodegroup_id,
            lambda i: cls.get_by_id(context, cluster_id, i),
            lambda u: cls.get_by_uuid(context, cluster_id, u),
            lambda n: cls.get_by_name(context, cluster_id, n))

    @classmethod
    def get_by_id(cls, context, cluster_id, nodegroup_id):
        row = cls.dbapi.get_nodegroup_by_id(context, cluster_id,
                                            nodegroup_id)
        return cls._from_db_object(cls(context), row)

    @classmethod
    def get_by_uuid(cls, context, cluster_id, uuid):
        row = cls.dbapi.get_nodegroup_by_uuid(context, cluster_id, uuid)
        return cls._from_db_object(cls(context), row)

    @classmethod
    def get_by_name(cls, context, cluster_id, name):
        row = cls.dbapi.get_nodegroup_by_name(context, cluster_id, name)
        return cls._from_db_object(cls(context), row)

    @classmethod
    def list(cls, context, cluster_id, limit=None, marker=None,
             sort_key=None, sort_dir=None, filters=None):
        """The cluster's nodegroups; filters: role, is_default, status."""
        rows = cls.dbapi.list_cluster_nodegroups(
            context, cluster_id, filters=filters, limit=limit,
            marker=marker, sort_key=sort_key, sort_dir=sort_dir)
        return cls._from_db_object_list(context, rows)

    @classmethod
    def get_count_all(cls, context, cluster_id):
        """How many nodegroups the cluster has."""
        return cls.dbapi.get_cluster_nodegroup_count(context, cluster_id)

    def create(self):
        """``NodeGroupAlreadyExists`` if the cluster has one so named."""
        row = self.dbapi.create_nodegroup(self._db_values())
        self._from_db_object(self, row)

    def save(self):
        """Write the changed fields only."""
        updates = self._db_changes()
        if updates:
            row = self.dbapi.update_nodegroup(self.cluster_id, self.uuid,
                                              updates)
            self.updated_at = row.updated_at
        self.obj_reset_changes()

    def destroy(self):
        self.dbapi.destroy_nodegroup(self.cluster_id, self.uuid)
        self.obj_reset_changes()

    def refresh(self):
        """Reload every stored field from the database."""
        self._refresh_from(
            self.get_by_uuid(self._context, self.cluster_id, self.uuid))
