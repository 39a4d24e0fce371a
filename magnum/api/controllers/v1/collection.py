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

"""Base type of the list documents: the items plus a ``next`` link.

A subclass names its item list in ``_type`` (``'clusters'``) and declares
that attribute. ``next`` is set only when the page is full, i.e. there may
be more: ``<app_url>/v1/<resource>?sort_key=..&sort_dir=..&limit=N&marker=M``
where ``M`` is the ``marker_attribute`` of the last item.

A page of a thousand items is rendered by a JSON converter compiled once
per document type (``render``): it gives exactly what WSME's generic
``tojson`` gives, without dispatching on every attribute of every item.
"""

import datetime
import urllib.parse

from wsme.rest import json as wsme_json
from wsme import types as wtypes

from magnum.api.controllers import base
from magnum.api.controllers import link


_NATIVE = (wtypes.text, str, int, float, bool)
_ISO = (datetime.datetime, datetime.date, datetime.time)
_compiled = {}


def _compile(datatype):
    """A function rendering a value of ``datatype`` as WSME's ``tojson``
    does, or None when that is the value itself."""
    key = datatype if isinstance(datatype, type) else id(datatype)
    if key in _compiled:
        return _compiled[key][0]
    # Placeholder for recursive types; filled in below.
    cell = []
    _compiled[key] = (lambda value: cell[0](value), datatype)
    convert = _build(datatype)
    _compiled[key] = (convert, datatype)
    cell.append(convert or (lambda value: value))
    return convert


def _build(datatype):
    if datatype in _NATIVE:
        return None
    if datatype in _ISO:
        return lambda value: None if value is None else value.isoformat()
    if wtypes.iscomplex(datatype):
        return _complex(datatype)
    if isinstance(datatype, wtypes.ArrayType):
        item = _compile(datatype.item_type)
        if item is None:
            return lambda value: None if value is None else list(value)
        return lambda value: (None if value is None
                              else [item(v) for v in value])
    if isinstance(datatype, wtypes.DictType):
        k_conv = _compile(datatype.key_type)
        v_conv = _compile(datatype.value_type)
        if k_conv is None and v_conv is None:
            return lambda value: None if value is None else dict(value)
        k_conv = k_conv or (lambda v: v)
        v_conv = v_conv or (lambda v: v)
        return lambda value: (None if value is None else
                              {k_conv(k): v_conv(v) for k, v in value.items()})
    if (wtypes.isusertype(datatype)
            and type(datatype).tobasetype is wtypes.UserType.tobasetype):
        return _compile(datatype.basetype)
    # bytes, Decimal and anything unusual: WSME's own converter.
    return lambda value: wsme_json.tojson(datatype, value)


def _complex(datatype):
    attributes = [(a.key, a.name, _compile(a.datatype))
                  for a in wtypes.list_attributes(datatype)]
    unset = wtypes.Unset

    def convert(value):
        if value is None:
            return None
        document = {}
        for key, name, conv in attributes:
            item = getattr(value, key)
            if item is not unset:
                document[name] = item if conv is None else conv(item)
        return document
    return convert


class Rendered:
    """A document already in its JSON-ready form (see ``magnum.api.views``),
    which a collection type hands on as it is."""

    __slots__ = ('document',)

    def __init__(self, document):
        self.document = document


def render(datatype, value):
    """``value`` (of WSME type ``datatype``) as JSON-ready data."""
    if type(value) is Rendered:
        return value.document
    convert = _compile(datatype)
    return value if convert is None else convert(value)


def next_link(limit, count, url, marker, **kwargs):
    """The ``next`` URL of a page of ``count`` items whose last one has
    the marker value ``marker``, or ``wtypes.Unset`` when the page is not
    full (see ``Collection.get_next``)."""
    if not (limit and count and count == limit):
        return wtypes.Unset
    query = [(key, value) for key, value in kwargs.items()
             if value is not None and value is not wtypes.Unset]
    query += [('limit', limit), ('marker', marker)]
    return link.build_url(url, '?' + urllib.parse.urlencode(query))


class Collection(base.APIBase):

    next = wtypes.text
    """URL of the next page, present when this page is full."""

    _type = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        wsme_json.tojson.when_object(cls)(render)

    @property
    def collection(self):
        return getattr(self, self._type)

    def has_next(self, limit):
        """True when this page holds ``limit`` items, so more may follow."""
        items = self.collection
        return bool(limit) and bool(items) and len(items) == limit

    def get_next(self, limit, url=None, marker_attribute='uuid', **kwargs):
        """The URL of the page after this one, or ``wtypes.Unset``.

        ``url`` is the resource path under /v1 (``clusters/detail``,
        ``clusters/<uuid>/nodegroups``), ``_type`` by default; ``kwargs``
        are extra query arguments (``sort_key``, ``sort_dir``, filters),
        written before ``limit`` and ``marker`` in the order given.
        """
        if not self.has_next(limit):
            return wtypes.Unset
        marker = getattr(self.collection[-1], marker_attribute)
        return next_link(limit, limit, url or self._type, marker, **kwargs)

    def set_next(self, limit, url=None, marker_attribute='uuid', **kwargs):
        """Fill ``next`` (see ``get_next``); returns self for chaining."""
        self.next = self.get_next(limit, url=url,
                                  marker_attribute=marker_attribute,
                                  **kwargs)
        return self
