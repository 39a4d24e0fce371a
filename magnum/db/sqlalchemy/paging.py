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

"""Keyset paging: sort by one column then ``id``, continue after a marker.

NULLs sort as the smallest value on every engine (PostgreSQL alone would
put them last), so a page boundary falls at the same row everywhere, and a
marker row whose sort value is NULL still pages correctly.
"""

import sqlalchemy as sa

from magnum.common import exception

SORT_DIRS = ('asc', 'desc')


def sort_column(model, sort_key):
    """The column named ``sort_key``; ``InvalidSortKey`` if there is none."""
    column = model.__table__.columns.get(sort_key)
    if column is None:
        raise exception.InvalidSortKey(key=sort_key)
    return getattr(model, sort_key)


def _after(attr, value, descending):
    """Rows strictly after ``value`` in the order of ``attr``."""
    if isinstance(attr.type, sa.Boolean):
        attr = sa.cast(attr, sa.Integer)
        value = None if value is None else int(value)
    if descending:
        if value is None:
            return sa.false()
        return sa.or_(attr < value, attr.is_(None))
    if value is None:
        return attr.is_not(None)
    return attr > value


def _equal(attr, value):
    return attr.is_(None) if value is None else attr == value


def order(model, sort_key=None, sort_dir=None, columns=None):
    """The ORDER BY expressions of a page: ``sort_key`` then ``id``.

    ``columns`` (e.g. a subquery's ``.c``) gives the columns to order by
    when they are not the model's own.
    """
    sort_key = sort_key or 'id'
    descending = (sort_dir or 'asc') == 'desc'
    keys = [sort_key] if sort_key == 'id' else [sort_key, 'id']
    expressions = []
    for key in keys:
        attr = (sort_column(model, key) if columns is None
                else columns[key])
        if model.__table__.columns[key].nullable:
            # NULLs first when ascending, last when descending.
            nulls = attr.is_not(None)
            expressions.append(nulls.desc() if descending else nulls)
        expressions.append(attr.desc() if descending else attr.asc())
    return expressions


def paginate(query, model, limit=None, marker=None, sort_key=None,
             sort_dir=None):
    """Apply order, marker and limit to ``query``.

    ``marker`` is the model instance of the previous page's last row.
    """
    sort_key = sort_key or 'id'
    sort_dir = sort_dir or 'asc'
    if sort_dir not in SORT_DIRS:
        raise exception.InvalidSortDir(sort_dir=sort_dir)
    descending = sort_dir == 'desc'
    keys = [sort_key] if sort_key == 'id' else [sort_key, 'id']
    attrs = [sort_column(model, key) for key in keys]

    query = query.order_by(*order(model, sort_key, sort_dir))

    if marker is not None:
        values = [getattr(marker, key) for key in keys]
        alternatives = []
        for i, attr in enumerate(attrs):
            same_before = [_equal(attrs[j], values[j]) for j in range(i)]
            alternatives.append(
                sa.and_(*same_before, _after(attr, values[i], descending)))
        query = query.filter(sa.or_(*alternatives))

    if limit is not None:
        query = query.limit(limit)
    return query
