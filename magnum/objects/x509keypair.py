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

"""X509KeyPair: a stored certificate with its private key."""

from oslo_versionedobjects import fields

from magnum.db import api as db_api
from magnum.objects import base
from magnum.objects import fields as m_fields


@base.MagnumObjectRegistry.register
class X509KeyPair(base.MagnumPersistentObject, base.MagnumObject):
    """A key pair; it has no name, so lookups take an id or a uuid."""

    VERSION = '1.0'

    dbapi = db_api.get_instance()

    fields = {
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(nullable=True),
        'certificate': fields.StringField(nullable=True),
        'private_key': m_fields.SecretStringField(nullable=True),
        'private_key_passphrase': m_fields.SecretStringField(nullable=True),
        'intermediates': fields.StringField(nullable=True),
        'project_id': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
    }

    @classmethod
    def get(cls, context, x509keypair_id):
        """By integer id or uuid; anything else is ``InvalidIdentity``."""
        return base.lookup(
            x509keypair_id,
            lambda i: cls.get_by_id(context, i),
            lambda u: cls.get_by_uuid(context, u))

    @classmethod
    def get_by_id(cls, context, x509keypair_id):
        row = cls.dbapi.get_x509keypair_by_id(context, x509keypair_id)
        return cls._from_db_object(cls(context), row)

    @classmethod
    def get_by_uuid(cls, context, uuid):
        row = cls.dbapi.get_x509keypair_by_uuid(context, uuid)
        return cls._from_db_object(cls(context), row)

    @classmethod
    def list(cls, context, limit=None, marker=None, sort_key=None,
             sort_dir=None, filters=None):
        rows = cls.dbapi.get_x509keypair_list(
            context, filters=filters, limit=limit, marker=marker,
            sort_key=sort_key, sort_dir=sort_dir)
        return cls._from_db_object_list(context, rows)

    def create(self):
        row = self.dbapi.create_x509keypair(self._db_values())
        self._from_db_object(self, row)

    def save(self):
        """Write the changed fields only."""
        updates = self._db_changes()
        if updates:
            row = self.dbapi.update_x509keypair(self.uuid, updates)
            self.updated_at = row.updated_at
        self.obj_reset_changes()

    def destroy(self):
        self.dbapi.destroy_x509keypair(self.uuid)
        self.obj_reset_changes()

    def refresh(self):
        """Reload every stored field from the database."""
        self._refresh_from(self.get_by_uuid(self._context, self.uuid))
