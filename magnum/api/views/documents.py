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

"""Plain dicts in the shape of a WSME type's JSON document.

``shape(datatype, keys, values)`` gives what WSME would render for an
instance of ``datatype`` whose attributes ``keys`` hold ``values``: the
attributes in the type's order, the defaults of the attributes not given,
attributes whose value is ``Unset`` left out. Values must already be
JSON-ready (as the rows' JSON columns decode); datetimes go through
``iso_utc`` first.
"""

import datetime
import operator

from wsme import types as wtypes

from magnum.api.controllers import link
from magnum.api.controllers.v1 import collection

_UTC = datetime.timezone.utc
UNSET = wtypes.Unset
_plans = {}


def _plan(datatype, keys):
    """``(names, sources, defaults)``: the document's names in order, the
    key each value is read from, and the defaults (under keys no column
    can have) of the attributes not in ``keys``."""
    plan = _plans.get((datatype, keys))
    if plan is None:
        names, sources, defaults = [], [], {}
        for attr in wtypes.list_attributes(datatype):
            if attr.key in keys:
                names.append(attr.name)
                sources.append(attr.key)
            elif attr.default is not wtypes.Unset:
                names.append(attr.name)
                sources.append(('default', attr.name))
                defaults[sources[-1]] = collection.render(attr.datatype,
                                                          attr.default)
        plan = _plans[(datatype, keys)] = (tuple(names), tuple(sources),
                                           defaults)
    return plan


def shaper(datatype, keys):
    """``shape`` for many documents of the same ``datatype`` and
    ``keys``: the function of ``values`` alone (which it may add to)."""
    names, sources, defaults = _plan(datatype, frozenset(keys))
    if len(sources) == 1:
        def read(values):
            return (values[sources[0]],)
    else:
        read = operator.itemgetter(*sources)

    def shape_one(values):
        values.update(defaults)
        found = read(values)
        document = dict(zip(names, found))
        if UNSET in found:
            document = {name: value for name, value in document.items()
                        if value is not UNSET}
        return document
    return shape_one


def shape(datatype, keys, values):
    """The JSON document of ``datatype`` with ``values`` for ``keys``."""
    return shaper(datatype, keys)(values)


def iso_utc(value):
    """A stored datetime (naive UTC) as the API writes it, or None."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=_UTC)
    return value.isoformat()


def links_maker(base_url, resource):
    """The function of an object's ident giving its ``self`` and
    ``bookmark`` links, as ``link.self_and_bookmark`` links render."""
    own = link.build_url(resource, '', base_url=base_url)
    bookmark = link.build_url(resource, '', bookmark=True, base_url=base_url)

    def links(ident):
        return [{'href': own + ident, 'rel': 'self'},
                {'href': bookmark + ident, 'rel': 'bookmark'}]
    return links


def page(datatype, items, next_url):
    """The list document of collection ``datatype`` (its item list and
    ``next``), ready to return from an exposed method."""
    return collection.Rendered(shape(datatype, (datatype._type, 'next'),
                                     {datatype._type: items,
                                      'next': next_url}))
