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

"""Narrow list reads: pages of plain dicts for the API's list views.

A list page needs a dozen columns of each row, not a model instance per
row and per nodegroup: these queries select only the columns asked for,
with the nodegroup-derived counts summed by the database in the same
statement, and hand back dicts (JSON columns decoded, datetimes naive UTC
as stored). Scoping, sorting and markers are those of the model lists
(``scoping``, ``paging``), so a page holds the same rows in the same
order.
"""

import json

import sqlalchemy as sa

from magnum.common import exception
from magnum.db.sqlalchemy import models
from magnum.db.sqlalchemy import paging
from magnum.db.sqlalchemy import scoping
from magnum.db.sqlalchemy import session
from magnum.db.sqlalchemy import types

# The nodegroup role whose nodes count as masters; every other role, and
# none, counts as workers (as ``objects.NodeGroup.is_master`` decides).
MASTER_ROLE = 'master'

# Derived values a cluster page may ask for besides its columns.
NODE_COUNTS = ('node_count', 'master_count')
ADDRESSES = ('node_addresses', 'master_addresses')


_JSON_TYPES = (types.JSONEncodedDict, types.JSONEncodedList)


def _columns(model, names):
    """The columns named, JSON ones as their text (see ``_decode_json``)."""
    table = model.__table__.columns
    unknown = [name for name in names if name not in table]
    if unknown:
        raise exception.InvalidParameterValue(
            err='Unknown column for %s: %s' % (model.__tablename__,
                                               ', '.join(unknown)))
    return [sa.type_coerce(table[name], sa.Text).label(name)
            if isinstance(table[name].type, _JSON_TYPES) else table[name]
            for name in names]


def _decode_json(rows, keys):
    """Decode the JSON text of ``keys`` in every row, with one
    ``json.loads`` per key for the whole page: a page decodes thousands of
    small documents, for which the call costs more than the parsing."""
    for key in keys:
        texts = [row[key] for row in rows]
        values = json.loads('[%s]' % ','.join(
            'null' if text is None else text for text in texts))
        for row, value in zip(rows, values):
            row[key] = value


def _json_keys(model, names):
    table = model.__table__.columns
    return [name for name in names
            if isinstance(table[name].type, _JSON_TYPES)]


def _node_sum(cluster_uuid, masters):
    """Correlated sum of ``node_count`` over the master (or worker)
    nodegroups of the cluster ``cluster_uuid`` (a column); 0 without
    any."""
    ng = models.NodeGroup
    is_master = ng.role == MASTER_ROLE
    nodes = sa.func.coalesce(ng.node_count, 0)
    counted = (sa.case((is_master, nodes), else_=0) if masters
               else sa.case((is_master, 0), else_=nodes))
    return sa.select(sa.func.coalesce(sa.func.sum(counted), 0)).where(
        ng.cluster_id == cluster_uuid).scalar_subquery()


def _with_node_counts(page, columns, derived, sort_key, sort_dir):
    """The page of clusters with the counts of ``derived`` summed around
    it: the page is cut first, so the sums run for its rows only, whatever
    order it is sorted in."""
    model = models.Cluster
    names = list(dict.fromkeys(list(columns) + ['uuid', 'id',
                                                sort_key or 'id']))
    inner = page(sa.select(*_columns(model, names))).subquery()
    selected = [inner.c[name] for name in columns]
    for name in NODE_COUNTS:
        if name in derived:
            selected.append(_node_sum(inner.c.uuid, name == 'master_count')
                            .label(name))
    return sa.select(*selected).order_by(
        *paging.order(model, sort_key, sort_dir, columns=inner.c))


def _pager(s, model, scoped, context, limit, marker, sort_key, sort_dir,
           not_found):
    """The function giving a select of ``model`` the caller's scope and
    this page's order, marker and limit."""
    paging.sort_column(model, sort_key or 'id')
    marker_row = None
    if marker is not None:
        marker_row = scoped(s.query(model), model, context).filter(
            model.uuid == marker).first()
        if marker_row is None:
            raise not_found(marker)

    def page(query):
        return paging.paginate(scoped(query, model, context), model, limit,
                               marker_row, sort_key, sort_dir)
    return page


def _dicts(s, query):
    # Core, not ORM, execution: the ORM would run a Python function per
    # column of every row.
    result = s.connection().execute(query)
    keys = tuple(result.keys())
    return [dict(zip(keys, row)) for row in result.all()]


def cluster_rows(context, columns, limit=None, marker=None, sort_key=None,
                 sort_dir=None, derived=()):
    """A page of clusters as dicts of ``columns`` plus the ``derived``
    values named (any of ``NODE_COUNTS`` and ``ADDRESSES``)."""
    model = models.Cluster
    with session.reader() as s:
        page = _pager(s, model, scoping.scope, context, limit, marker,
                      sort_key, sort_dir,
                      lambda m: exception.ClusterNotFound(cluster=m))
        if set(NODE_COUNTS) & set(derived):
            query = _with_node_counts(page, columns, derived, sort_key,
                                      sort_dir)
        else:
            query = page(sa.select(*_columns(model, columns)))
        rows = _dicts(s, query)
        _decode_json(rows, _json_keys(model, columns))
        for name in NODE_COUNTS:
            if name in derived:
                # MySQL's SUM is a DECIMAL.
                for row in rows:
                    row[name] = int(row[name])
        if rows and set(ADDRESSES) & set(derived):
            _add_addresses(s, rows, page(sa.select(model.uuid)).subquery())
    return rows


def _add_addresses(s, rows, page):
    """``node_addresses`` and ``master_addresses`` of each cluster row: its
    nodegroups' addresses in nodegroup order, read in one query joined to
    the ``page`` (a subquery of its clusters' uuids) rather than with an
    IN list of up to a thousand uuids."""
    ng = models.NodeGroup
    by_uuid = {}
    for row in rows:
        row['node_addresses'], row['master_addresses'] = [], []
        by_uuid[row['uuid']] = row
    found = _dicts(s, sa.select(
        ng.cluster_id, ng.role,
        sa.type_coerce(ng.node_addresses, sa.Text).label('addresses'),
    ).join(page, ng.cluster_id == page.c.uuid).order_by(ng.id))
    _decode_json(found, ('addresses',))
    for row in found:
        key = ('master_addresses' if row['role'] == MASTER_ROLE
               else 'node_addresses')
        by_uuid[row['cluster_id']][key].extend(row['addresses'] or ())


def cluster_template_rows(context, columns, uuids=None, limit=None,
                          marker=None, sort_key=None, sort_dir=None):
    """A page of the cluster templates the caller may see, as dicts of
    ``columns``; only those of ``uuids`` when given."""
    model = models.ClusterTemplate
    with session.reader() as s:
        query = sa.select(*_columns(model, columns))
        if uuids is not None:
            query = query.where(model.uuid.in_(list(uuids)))
        page = _pager(s, model, scoping.template_visibility, context, limit,
                      marker, sort_key, sort_dir,
                      lambda m: exception.ClusterTemplateNotFound(
                          clustertemplate=m))
        rows = _dicts(s, page(query))
    _decode_json(rows, _json_keys(model, columns))
    return rows
