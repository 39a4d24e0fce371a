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

"""WSME types shared by the v1 resources.

Validation failures raise exceptions that are both a ``MagnumException``
of the 400 family and a ``ValueError``, so they answer 400 wherever they
are raised. Request-body types decorated with ``named_errors`` report any
conversion or validation failure as "Invalid input for field/attribute
<name>", so the client learns which field was wrong.
"""

import re

from oslo_utils import strutils
from oslo_utils import uuidutils
import wsme.exc
from wsme.rest import json as wsme_json
from wsme import types as wtypes

from magnum.common import exception
from magnum.i18n import _


class InvalidUUIDValue(exception.InvalidUUID, ValueError):
    pass


class InvalidNameValue(exception.InvalidName, ValueError):
    pass


class InvalidValue(exception.InvalidParameterValue, ValueError):
    pass


class UuidType(wtypes.UserType):
    """A UUID in its usual textual forms."""

    basetype = wtypes.text
    name = 'uuid'

    @staticmethod
    def validate(value):
        if not uuidutils.is_uuid_like(value):
            raise InvalidUUIDValue(uuid=value)
        return value

    @staticmethod
    def frombasetype(value):
        if value is None:
            return None
        return UuidType.validate(value)


class NameType(wtypes.UserType):
    """A resource name: a letter, then letters, digits, ``_``, ``.``, ``-``.

    ``max_length`` bounds the length (the cluster name is 242 at most, so
    that names derived from it fit the 255 characters of other services).
    """

    basetype = wtypes.text
    name = 'name'
    PATTERN = re.compile(r'^[a-zA-Z][a-zA-Z0-9_.-]*$')

    def __init__(self, min_length=1, max_length=255):
        self.min_length = min_length
        self.max_length = max_length

    def validate(self, value):
        if (not isinstance(value, str) or not self.PATTERN.match(value)
                or not self.min_length <= len(value) <= self.max_length):
            raise InvalidNameValue(name=value)
        return value

    def frombasetype(self, value):
        if value is None:
            return None
        return self.validate(value)


class UuidOrNameType(wtypes.UserType):
    """A UUID, or any non-empty text taken as a name."""

    basetype = wtypes.text
    name = 'uuid_or_name'

    @staticmethod
    def validate(value):
        if not isinstance(value, str) or not value:
            raise InvalidValue(
                err=_("Expected a uuid or a name but received %s.") % value)
        return value

    @staticmethod
    def frombasetype(value):
        if value is None:
            return None
        return UuidOrNameType.validate(value)


class BooleanType(wtypes.UserType):
    """A boolean, also accepted as the usual strings (true/false, 1/0,
    yes/no, on/off) so query strings and JSON agree."""

    basetype = wtypes.text
    name = 'boolean'

    @staticmethod
    def validate(value):
        if isinstance(value, bool):
            return value
        try:
            return strutils.bool_from_string(str(value), strict=True)
        except ValueError:
            raise InvalidValue(
                err=_("Invalid boolean value: %s") % value)

    @staticmethod
    def frombasetype(value):
        if value is None:
            return None
        return BooleanType.validate(value)


class MultiType(wtypes.UserType):
    """A value of any one of the given types (tried in order).

    ``bool`` is never taken for ``int``: JSON ``true`` stays a boolean.
    """

    def __init__(self, *types):
        self.types = types

    def __str__(self):
        return ' | '.join(str(t) for t in self.types)

    def validate(self, value):
        for datatype in self.types:
            if datatype is int and isinstance(value, bool):
                continue
            try:
                return wtypes.validate_value(datatype, value)
            except (exception.Invalid, ValueError, TypeError):
                continue
        raise InvalidValue(
            err=_("Wrong type. Expected '%(type)s', got '%(value)s'.")
            % {'type': self, 'value': type(value).__name__})


class JsonPatchValueType(wtypes.UserType):
    """The ``value`` of a JSON patch operation: text or a number.

    JSON booleans pass (as integers, like upstream); objects and arrays do
    not — clients send dicts and lists as Python-literal strings.
    """

    basetype = wtypes.text
    name = 'patch_value'

    @staticmethod
    def validate(value):
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, (str, int)):
            return value
        if isinstance(value, float):
            return value
        raise InvalidValue(
            err=_("Wrong type. Expected text or number, got '%s'.")
            % type(value).__name__)

    @staticmethod
    def frombasetype(value):
        return JsonPatchValueType.validate(value)


def _body_fromjson(datatype, value):
    """WSME's conversion of a JSON object into ``datatype``, reporting the
    offending attribute by name on any failure."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise wsme.exc.ClientSideError(
            _("Expected a JSON object, got %s.") % type(value).__name__)
    attributes = wtypes.list_attributes(datatype)
    unknown = set(value) - {attr.name for attr in attributes}
    if unknown:
        raise wsme.exc.UnknownAttribute(None, sorted(unknown))
    obj = datatype()
    for attr in attributes:
        if attr.name not in value:
            if attr.mandatory:
                raise wsme.exc.InvalidInput(attr.name, None,
                                            _("Mandatory field missing."))
            continue
        raw = value[attr.name]
        if attr.readonly:
            raise wsme.exc.InvalidInput(attr.name, raw,
                                        _("Cannot set read only field."))
        try:
            setattr(obj, attr.key, wsme_json.fromjson(attr.datatype, raw))
        except wsme.exc.UnknownAttribute as err:
            err.add_fieldname(attr.name)
            raise
        except wsme.exc.InvalidInput:
            raise
        except (ValueError, TypeError, AttributeError,
                exception.Invalid) as err:
            raise wsme.exc.InvalidInput(attr.name, raw, str(err))
    return wtypes.validate_value(datatype, obj)


def named_errors(cls):
    """Class decorator for request-body types: conversion errors name the
    attribute (400 "Invalid input for field/attribute <name>")."""
    wsme_json.fromjson.when_object(cls)(_body_fromjson)
    return cls


def set_unchecked(document, name, value):
    """Give attribute ``name`` of the WSME ``document`` a value the server
    produced itself (from an object), skipping the input validation a
    ``setattr`` does: that check costs more than everything else in
    rendering a long list. ``Unset`` leaves the attribute unset."""
    if value is wtypes.Unset:
        return
    attribute = getattr(type(document), name)
    setattr(attribute._get_dataholder(document), attribute.key, value)


uuid = UuidType()
name = NameType()
uuid_or_name = UuidOrNameType()
boolean = BooleanType()
patch_value = JsonPatchValueType()

# Labels and similar: keys are text, values text, numbers or booleans
# (stored as text by the objects).
labels_type = wtypes.DictType(wtypes.text,
                              MultiType(wtypes.text, int, bool, float))
dict_of_strings = wtypes.DictType(wtypes.text, wtypes.text)
list_of_strings = wtypes.ArrayType(wtypes.text)


@named_errors
class JsonPatchType(wtypes.Base):
    """One JSON patch operation, as PATCH bodies carry them.

    Subclasses (registered with ``named_errors`` automatically) name what
    may not be touched: ``_extra_internal_attrs``
    (never patchable) and ``_extra_non_removable_attrs`` (may be replaced
    but not removed), on top of the common sets below.
    """

    path = wtypes.wsattr(wtypes.StringType(pattern=r'^(/[\w-]+)+$'),
                         mandatory=True)
    op = wtypes.wsattr(wtypes.Enum(wtypes.text, 'add', 'replace', 'remove'),
                       mandatory=True)
    value = wtypes.wsattr(patch_value)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        named_errors(cls)

    _internal_attrs = ('/created_at', '/id', '/links', '/updated_at',
                       '/uuid', '/project_id', '/user_id')
    _extra_internal_attrs = ()
    _non_removable_attrs = ()
    _extra_non_removable_attrs = ()

    @classmethod
    def internal_attrs(cls):
        """Paths no patch may name."""
        return set(cls._internal_attrs) | set(cls._extra_internal_attrs)

    @classmethod
    def non_removable_attrs(cls):
        """Paths a ``remove`` may not name."""
        return (set(cls._non_removable_attrs)
                | set(cls._extra_non_removable_attrs))

    @classmethod
    def validate(cls, patch):
        """Check one operation against the rules of its resource."""
        if patch.path in cls.internal_attrs():
            raise exception.PatchError(
                patch=patch.path,
                reason=_("'%s' is an internal attribute and can not be "
                         "updated") % patch.path)
        if patch.op == 'remove' and patch.path in cls.non_removable_attrs():
            raise exception.PatchError(
                patch=patch.path,
                reason=_("'%s' is a mandatory attribute and can not be "
                         "removed") % patch.path)
        if patch.op != 'remove' and patch.value in (wtypes.Unset, None):
            raise exception.PatchError(
                patch=patch.path,
                reason=_("'add' and 'replace' operations needs value"))
        return patch

    def as_operation(self):
        """The operation as a plain dict for ``jsonpatch``."""
        operation = {'op': self.op, 'path': self.path}
        if self.value is not wtypes.Unset:
            operation['value'] = self.value
        return operation
