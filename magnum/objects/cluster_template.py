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

"""ClusterTemplate: the reusable recipe clusters are created from."""

from oslo_versionedobjects import fields

from magnum.db import api as db_api
from magnum.objects import base
from magnum.objects import fields as m_fields


@base.MagnumObjectRegistry.register
class ClusterTemplate(base.MagnumPersistentObject, base.MagnumObject):
    """A template; lookups also see other projects' public templates."""

    VERSION = '1.0'

    dbapi = db_api.get_instance()

    fields = {
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(nullable=True),
        'project_id': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
        'name': fields.StringField(nullable=True),
        'image_id': fields.StringField(nullable=True),
        'flavor_id': fields.StringField(nullable=True),
        'master_flavor_id': fields.StringField(nullable=True),
        'keypair_id': fields.StringField(nullable=True),
        'external_network_id': fields.StringField(nullable=True),
        'fixed_network': fields.StringField(nullable=True),
        'fixed_subnet': fields.StringField(nullable=True),
        'network_driver': fields.StringField(nullable=True),
        'volume_driver': fields.StringField(nullable=True),
        'dns_nameserver': fields.StringField(nullable=True),
        'apiserver_port': fields.IntegerField(nullable=True),
        'docker_volume_size': fields.IntegerField(nullable=True),
        'docker_storage_driver': fields.StringField(nullable=True),
        'cluster_distro': fields.StringField(nullable=True),
        'coe': fields.StringField(nullable=True),
        'http_proxy': fields.StringField(nullable=True),
        'https_proxy': fields.StringField(nullable=True),
        'no_proxy': fields.StringField(nullable=True),
        'registry_enabled': fields.BooleanField(default=False),
        'labels': m_fields.DictOfStringsField(nullable=True),
        'tls_disabled': fields.BooleanField(default=False),
        'public': fields.BooleanField(default=False),
        'server_type': m_fields.ServerTypeField(nullable=True),
        'insecure_registry': fields.StringField(nullable=True),
        'master_lb_enabled': fields.BooleanField(default=False),
        'floating_ip_enabled': fields.BooleanField(default=True),
        'hidden': fields.BooleanField(default=False),
        'tags': fields.StringField(nullable=True),
        'driver': fields.StringField(nullable=True),
    }

    @classmethod
    def get(cls, context, cluster_template_id):
        """By integer id, uuid or name."""
        return base.lookup(
            cluster_template_id,
            lambda i: cls.get_by_id(context, i),
            lambda u: cls.get_by_uuid(context, u),
            lambda n: cls.get_by_name(context, n))

    @classmethod
    def get_by_id(cls, context, cluster_template_id):
        row = cls.dbapi.get_cluster_template_by_id(context,
                                                   cluster_template_id)
        return cls._from_db_object(cls(context), row)

    @classmethod
    def get_by_uuid(cls, context, uuid):
        row = cls.dbapi.get_cluster_template_by_uuid(context, uuid)
        return cls._from_db_object(cls(context), row)

    @classmethod
    def get_by_name(cls, context, name):
        """``Conflicts`` if several visible templates have this name."""
        row = cls.dbapi.get_cluster_template_by_name(context, name)
        return cls._from_db_object(cls(context), row)

    @classmethod
    def list(cls, context, limit=None, marker=None, sort_key=None,
             sort_dir=None, filters=None):
        """One page; ``marker`` is the uuid of the previous page's last."""
        rows = cls.dbapi.get_cluster_template_list(
            context, filters=filters, limit=limit, marker=marker,
            sort_key=sort_key, sort_dir=sort_dir)
        return cls._from_db_object_list(context, rows)

    @classmethod
    def list_rows(cls, context, columns, uuids=None, limit=None, marker=None,
                  sort_key=None, sort_dir=None):
        """One page as plain dicts of ``columns`` (see
        ``Connection.get_cluster_template_list_rows``), only the templates
        of ``uuids`` when given."""
        return cls.dbapi.get_cluster_template_list_rows(
            context, columns, uuids=uuids, limit=limit, marker=marker,
            sort_key=sort_key, sort_dir=sort_dir)

    def create(self):
        row = self.dbapi.create_cluster_template(self._db_values())
        self._from_db_object(self, row)

    def save(self):
        """Write the changed fields only."""
        updates = self._db_changes()
        if updates:
            row = self.dbapi.update_cluster_template(self.uuid, updates)
            self.updated_at = row.updated_at
        self.obj_reset_changes()

    def destroy(self):
        """``ClusterTemplateReferenced`` while a cluster uses it."""
        self.dbapi.destroy_cluster_template(self.uuid)
        self.obj_reset_changes()

    def refresh(self):
        """Reload every stored field from the database."""
        self._refresh_from(self.get_by_uuid(self._context, self.uuid))
