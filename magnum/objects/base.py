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

"""What every Magnum object shares: registry, namespace, db-row loading.

Objects are the only shape data takes between layers and over RPC. They are
oslo.versionedobjects: a field change must come with a ``VERSION`` bump (the
fingerprint test in ``magnum/tests/unit/objects`` enforces it).
"""

import datetime

from oslo_utils import strutils
from oslo_utils import uuidutils
from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import fields as ovo_fields

from magnum.common import exception


class MagnumObjectRegistry(ovo_base.VersionedObjectRegistry):
    """Registering a class here makes it known to the serializer."""


class MagnumObject(ovo_base.VersionedObject):
    """Base class of every Magnum object.

    Subclasses list in ``DERIVED_FIELDS`` the fields that are computed or
    loaded from elsewhere rather than stored in their own table row; those
    are never copied from a row nor written back to one.
    """

    OBJ_SERIAL_NAMESPACE = 'magnum_object'
    OBJ_PROJECT_NAMESPACE = 'magnum'

    DERIVED_FIELDS = ()

    def as_dict(self):
        """The fields that are set, as a plain dict."""
        return {name: getattr(self, name) for name in self.fields
                if self.obj_attr_is_set(name)}

    @classmethod
    def _from_db_object(cls, obj, db_obj):
        """Fill ``obj`` from a database row, field by field, and return it.

        The row's values count as the stored state, so nothing is left
        marked as changed. A value that already has its field's type (the
        usual case: the columns are typed like the fields) is stored
        without going through the field's coercion, which dominates the
        cost of loading long lists; any other value is assigned normally
        and coerced or refused as on any assignment.
        """
        loaders = cls.__dict__.get('_row_loaders')
        if loaders is None:
            loaders = cls._row_loaders = _row_loaders(cls)
        for name, attr, load in loaders:
            value = getattr(db_obj, name)
            loaded = load(value)
            if loaded is _COERCE:
                setattr(obj, name, value)
            else:
                setattr(obj, attr, loaded)  # what set_loaded does
        obj.obj_reset_changes()
        return obj

    @classmethod
    def _from_db_object_list(cls, context, db_objects):
        return [cls._from_db_object(cls(context), row) for row in db_objects]

    def _db_changes(self):
        """The changed stored fields, in the form the db layer takes."""
        return {name: _to_db_value(value)
                for name, value in self.obj_get_changes().items()
                if name not in self.DERIVED_FIELDS}

    def _db_values(self):
        """Every set stored field, for an insert."""
        return {name: _to_db_value(value)
                for name, value in self.as_dict().items()
                if name not in self.DERIVED_FIELDS}

    def _refresh_from(self, current):
        """Copy every stored field of ``current`` (same class) onto self."""
        for name in self.fields:
            if (name not in self.DERIVED_FIELDS
                    and current.obj_attr_is_set(name)):
                setattr(self, name, getattr(current, name))
        self.obj_reset_changes()


class MagnumPersistentObject:
    """Mixin giving a table-backed object its timestamp fields."""

    fields = {
        'created_at': ovo_fields.DateTimeField(nullable=True),
        'updated_at': ovo_fields.DateTimeField(nullable=True),
    }


class MagnumObjectSerializer(ovo_base.VersionedObjectSerializer):
    """Turns Magnum objects into RPC primitives and back."""

    OBJ_BASE_CLASS = MagnumObject


def lookup(ident, by_id, by_uuid, by_name=None):
    """Call the lookup matching the kind of ``ident``.

    An integer (or integer-like string) is an id, a uuid-like string a
    uuid, anything else a name; objects without names pass no ``by_name``
    and get ``InvalidIdentity`` for such a value.
    """
    if strutils.is_int_like(ident):
        return by_id(int(ident))
    if uuidutils.is_uuid_like(ident):
        return by_uuid(ident)
    if by_name is not None and isinstance(ident, str):
        return by_name(ident)
    raise exception.InvalidIdentity(identity=ident)


def set_loaded(obj, name, value):
    """Store ``value`` (already of the field's type) as field ``name`` of
    ``obj`` as loading does: no coercion, no change tracking, allowed on
    read-only fields."""
    setattr(obj, ovo_base._get_attrname(name), value)


# Returned by a row loader for a value that must go through the field.
_COERCE = object()


def _plain(kind):
    def load(value):
        return value if type(value) is kind else _COERCE
    return load


def _datetime(value):
    if type(value) is not datetime.datetime:
        return _COERCE
    # Columns hold naive UTC; the fields are timezone-aware.
    if value.tzinfo is None:
        return value.replace(tzinfo=datetime.timezone.utc)
    return value


def _enum(valid):
    def load(value):
        return value if type(value) is str and value in valid else _COERCE
    return load


def _strings_list(value):
    if type(value) is list and all(type(v) is str for v in value):
        return list(value)
    return _COERCE


def _strings_dict(value):
    if (type(value) is dict
            and all(type(v) is str for v in value.values())
            and all(type(k) is str for k in value)):
        return dict(value)
    return _COERCE


def _coerce(value):
    return _COERCE


def _field_loader(field):
    """How a row value is taken for ``field`` (see ``_from_db_object``)."""
    kind = type(field._type)
    if isinstance(field._type, ovo_fields.Enum):
        load = _enum(frozenset(field._type.valid_values))
    elif kind in (ovo_fields.String, ovo_fields.UUID):
        load = _plain(str)
    elif kind is ovo_fields.Integer:
        load = _plain(int)
    elif kind is ovo_fields.Boolean:
        load = _plain(bool)
    elif kind is ovo_fields.DateTime and field._type.tzinfo_aware:
        load = _datetime
    elif (kind in (ovo_fields.List, ovo_fields.Dict)
          and type(field._type._element_type._type) is ovo_fields.String):
        load = _strings_list if kind is ovo_fields.List else _strings_dict
    else:
        load = _coerce
    if not field.nullable:
        return load

    def nullable(value):
        return None if value is None else load(value)
    return nullable


def _row_loaders(cls):
    return [(name, ovo_base._get_attrname(name), _field_loader(field))
            for name, field in cls.fields.items()
            if name not in cls.DERIVED_FIELDS]


def _to_db_value(value):
    # Object datetimes are UTC-aware; the columns hold naive UTC. Handing an
    # aware value over would let MySQL or PostgreSQL shift it by the server's
    # time zone.
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        offset = value.utcoffset()
        return value.replace(tzinfo=None) - offset
    return value
