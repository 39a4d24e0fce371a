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

"""Clusters built in bulk from plain rows, for the conductor's status sync.

The status sync reads a thousand clusters every few seconds as plain dicts
(``Cluster.rows_for_status_sync``). Objects are built straight from them,
without oslo.versionedobjects' per-field coercion: with a thousand clusters
the coercion alone would cost more than the whole pass may take. The
values come from our own columns, whose types match the fields.

``peek`` and ``store`` read and write a built object's stored values
without the field machinery either (no getter, no change tracking); they
are for what the sync already wrote to the database.
"""

import datetime

from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import fields as ovo_fields

from magnum.objects import cluster as cluster_obj
from magnum.objects import nodegroup as nodegroup_obj

_UTC = datetime.timezone.utc


# Where oslo.versionedobjects keeps a field's value.
_storage = ovo_base._get_attrname


class _Plan:
    """How ``_fill`` copies a row into objects of one class: the field
    names, where each is stored and which hold datetimes."""

    def __init__(self, cls, skip):
        names = [name for name in cls.fields if name not in skip]
        self.names = tuple(names)
        self.attrs = tuple(_storage(name) for name in names)
        self.datetimes = tuple(
            (name, _storage(name)) for name in names
            if isinstance(cls.fields[name], ovo_fields.DateTimeField))


_PLANS = {}


def _plan(cls, skip):
    key = (cls, skip)
    plan = _PLANS.get(key)
    if plan is None:
        plan = _PLANS[key] = _Plan(cls, skip)
    return plan


def _fill(obj, row, skip=()):
    """Set every stored field of ``obj`` from ``row`` without coercion."""
    plan = _plan(type(obj), skip)
    values = obj.__dict__
    values.update(zip(plan.attrs, map(row.get, plan.names)))
    for name, attr in plan.datetimes:
        value = values[attr]
        if value is not None and value.tzinfo is None:
            values[attr] = value.replace(tzinfo=_UTC)
    return obj


def _aware(value):
    if isinstance(value, datetime.datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=_UTC)
    return value


def _new(cls, context):
    # What VersionedObject.__init__ sets, without its per-call overhead
    # (test_bulk_rows compares the result with objects loaded as usual).
    obj = cls.__new__(cls)
    obj.__dict__.update(_changed_fields=set(), _context=context)
    return obj


def _nodegroup(context, row):
    return _fill(_new(nodegroup_obj.NodeGroup, context), row)


_CLUSTER_SKIP = tuple(cluster_obj.Cluster.DERIVED_FIELDS)
_ROLE = _storage('role')
_NODE_COUNT = _storage('node_count')
_NODE_ADDRESSES = _storage('node_addresses')


def _derived(nodegroups):
    """The values Cluster sums up from its nodegroups."""
    counts = {True: 0, False: 0}
    addresses = {True: [], False: []}
    for ng in nodegroups:
        stored = ng.__dict__
        master = stored[_ROLE] == nodegroup_obj.MASTER_ROLE
        counts[master] += stored[_NODE_COUNT] or 0
        addresses[master].extend(stored[_NODE_ADDRESSES] or ())
    return {
        'nodegroups': nodegroups,
        'node_count': counts[False],
        'master_count': counts[True],
        'node_addresses': addresses[False],
        'master_addresses': addresses[True],
    }


def cluster_from_rows(context, row, nodegroup_rows, template=None):
    """A Cluster with its nodegroups (and template) from raw rows; the
    derived counts and addresses are summed as Cluster does."""
    cluster = _fill(_new(cluster_obj.Cluster, context), row,
                    skip=_CLUSTER_SKIP)
    derived = _derived([_nodegroup(context, ng) for ng in nodegroup_rows])
    if template is not None:
        derived['cluster_template'] = template
    cluster.__dict__.update(
        {_storage(name): value for name, value in derived.items()})
    return cluster


def peek(obj, name):
    """A built object's stored value, without the field getter (which
    costs more than everything else a no-news cluster needs)."""
    return obj.__dict__.get(_storage(name))


def store(obj, name, value):
    """Set a stored value as loading does: no coercion, no change
    tracking; naive datetimes are taken as UTC."""
    obj.__dict__[_storage(name)] = _aware(value)


def set_nodegroups(cluster, nodegroups):
    """Give ``cluster`` these nodegroups, with the counts and addresses
    summed up from them again."""
    cluster.__dict__.update(
        {_storage(name): value
         for name, value in _derived(nodegroups).items()})
