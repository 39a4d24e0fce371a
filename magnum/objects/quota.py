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

"""Quota: a project's limit on how many of a resource it may own."""

from oslo_versionedobjects import fields

from magnum.db import api as db_api
from magnum.objects import base
from magnum.objects import fields as m_fields


@base.MagnumObjectRegistry.register
class Quota(base.MagnumPersistentObject, base.MagnumObject):
    """One (project_id, resource) limit; quotas have no uuid."""

    VERSION = '1.0'

    dbapi = db_api.get_instance()

    fields = {
        'id': fields.IntegerField(),
        'project_id': fields.StringField(nullable=True),
        'resource': m_fields.QuotaResourceNameField(nullable=True),
        'hard_limit': fields.IntegerField(nullable=True),
    }

    @classmethod
    def get_by_id(cls, context, quota_id):
        row = cls.dbapi.get_quota_by_id(context, quota_id)
        return cls._from_db_object(cls(context), row)

    @classmethod
    def get_quota_by_project_id_resource(cls, context, project_id,
                                         resource):
        """``QuotaNotFound`` if the project has no quota for it."""
        row = cls.dbapi.get_quota_by_project_id_resource(project_id,
                                                         resource)
        return cls._from_db_object(cls(context), row)

    @classmethod
    def quota_get_all_by_project_id(cls, context, project_id):
        rows = cls.dbapi.quota_get_all_by_project_id(project_id)
        return cls._from_db_object_list(context, rows)

    @classmethod
    def list(cls, context, limit=None, marker=None, sort_key=None,
             sort_dir=None, filters=None):
        """``marker`` is the integer id; filters: project_id, resource."""
        rows = cls.dbapi.get_quota_list(
            context, filters=filters, limit=limit, marker=marker,
            sort_key=sort_key, sort_dir=sort_dir)
        return cls._from_db_object_list(context, rows)

    @classmethod
    def update_quota(cls, context, project_id, quota):
        """Set ``quota['hard_limit']`` on (project_id, quota['resource'])."""
        row = cls.dbapi.update_quota(project_id, quota)
        return cls._from_db_object(cls(context), row)

    def create(self):
        """``QuotaAlreadyExists`` if (project_id, resource) has one."""
        row = self.dbapi.create_quota(self._db_values())
        self._from_db_object(self, row)

    def save(self):
        """Write a changed ``hard_limit`` (the only changeable field)."""
        if 'hard_limit' in self.obj_what_changed():
            row = self.dbapi.update_quota(
                self.project_id,
                {'resource': self.resource, 'hard_limit': self.hard_limit})
            self.updated_at = row.updated_at
        self.obj_reset_changes()

    def delete(self):
        self.dbapi.delete_quota(self.project_id, self.resource)
        self.obj_reset_changes()
