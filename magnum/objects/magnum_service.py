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

"""MagnumService: the heartbeat row of one Magnum process."""

from oslo_utils import timeutils
from oslo_versionedobjects import fields

from magnum.db import api as db_api
from magnum.objects import base


@base.MagnumObjectRegistry.register
class MagnumService(base.MagnumPersistentObject, base.MagnumObject):
    """One (host, binary) pair; ``binary`` is e.g. ``magnum-conductor``
    (see ``fields.MagnumServiceBinary``)."""

    VERSION = '1.0'

    dbapi = db_api.get_instance()

    fields = {
        'id': fields.IntegerField(),
        'host': fields.StringField(nullable=True),
        'binary': fields.StringField(nullable=True),
        'disabled': fields.BooleanField(default=False),
        'disabled_reason': fields.StringField(nullable=True),
        'last_seen_up': fields.DateTimeField(nullable=True),
        'forced_down': fields.BooleanField(default=False),
        'report_count': fields.IntegerField(default=0),
    }

    @classmethod
    def get_by_host_and_binary(cls, context, host, binary):
        """The service, or ``None`` if it never registered."""
        row = cls.dbapi.get_magnum_service_by_host_and_binary(host, binary)
        if row is None:
            return None
        return cls._from_db_object(cls(context), row)

    @classmethod
    def list(cls, context, limit=None, marker=None, sort_key=None,
             sort_dir=None):
        """Every service; ``marker`` is the integer id of the last one."""
        rows = cls.dbapi.get_magnum_service_list(
            limit=limit, marker=marker, sort_key=sort_key, sort_dir=sort_dir)
        return cls._from_db_object_list(context, rows)

    def create(self):
        """``MagnumServiceAlreadyExists`` if (host, binary) is taken."""
        row = self.dbapi.create_magnum_service(self._db_values())
        self._from_db_object(self, row)

    def save(self):
        """Write the changed fields only."""
        updates = self._db_changes()
        if updates:
            row = self.dbapi.update_magnum_service(self.id, updates)
            self.updated_at = row.updated_at
        self.obj_reset_changes()

    def destroy(self):
        self.dbapi.destroy_magnum_service(self.id)
        self.obj_reset_changes()

    def report_state_up(self):
        """Record a heartbeat: one more report, seen up now."""
        self.report_count += 1
        self.last_seen_up = timeutils.utcnow()
        self.save()
