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

"""The SQLAlchemy implementation of ``magnum.db.api.Connection``.

Tenancy lives in ``scoping``, paging in ``paging``; this module only
composes queries. Each method runs in one transaction of its own.
"""

import json

from oslo_db import api as oslo_db_api
from oslo_db import exception as db_exc
from oslo_utils import strutils
from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from magnum.common import exception
from magnum.db import api
from magnum.db.sqlalchemy import conductor_queries
from magnum.db.sqlalchemy import list_rows
from magnum.db.sqlalchemy import models
from magnum.db.sqlalchemy import paging
from magnum.db.sqlalchemy import scoping
from magnum.db.sqlalchemy import session
from magnum.db.sqlalchemy import types


def get_backend():
    """The backend object oslo.db's ``DBAPI`` loads."""
    return Connection()


# -- query helpers ------------------------------------------------------------

def _column_names(model):
    return model.__table__.columns.keys()


def _check_columns(model, keys, what):
    unknown = sorted(set(keys) - set(_column_names(model)))
    if unknown:
        raise exception.InvalidParameterValue(
            err='Unknown %s for %s: %s' % (what, model.__tablename__,
                                           ', '.join(unknown)))


def _add_filters(query, model, filters):
    """Column equality filters; a list or tuple value means IN."""
    if not filters:
        return query
    _check_columns(model, filters, 'filter')
    for key, value in filters.items():
        column = getattr(model, key)
        if isinstance(value, (list, tuple, set, frozenset)):
            query = query.filter(column.in_(list(value)))
        elif value is None:
            query = query.filter(column.is_(None))
        else:
            query = query.filter(column == value)
    return query


def _by_identity(query, model, ident):
    """Filter on ``uuid`` for uuid-like values, else on the integer id."""
    if 'uuid' in _column_names(model) and uuidutils.is_uuid_like(ident):
        return query.filter(model.uuid == ident)
    if strutils.is_int_like(ident):
        return query.filter(model.id == int(ident))
    raise exception.InvalidIdentity(identity=ident)


def _by_id(query, model, ident):
    """Filter on the integer id; a value that is no integer matches
    nothing."""
    if not strutils.is_int_like(ident):
        return query.filter(sa.false())
    return query.filter(model.id == int(ident))


def _one(query, not_found, plural=None):
    rows = query.limit(2).all()
    if not rows:
        raise not_found()
    if len(rows) > 1:
        raise exception.Conflicts(name=plural)
    return rows[0]


def _page(query, model, limit, marker, sort_key, sort_dir, marker_query,
          not_found):
    """Order and page ``query``; ``marker_query`` finds the marker row
    (already scoped), ``not_found`` is raised if it does not."""
    paging.sort_column(model, sort_key or 'id')
    marker_row = None
    if marker is not None:
        marker_row = _by_identity(marker_query, model, marker).first()
        if marker_row is None:
            raise not_found(marker)
    return paging.paginate(query, model, limit, marker_row, sort_key,
                           sort_dir).all()


def _new_row(model, values):
    values = dict(values)
    _check_columns(model, values, 'column')
    if 'uuid' in _column_names(model) and not values.get('uuid'):
        values['uuid'] = uuidutils.generate_uuid()
    row = model()
    row.update(values)
    return row


def _create(model, values, already_exists):
    row = _new_row(model, values)
    # Built up front: after a failed flush the row can no longer be read.
    duplicate = already_exists(row)
    with session.writer() as s:
        try:
            s.add(row)
            s.flush()
        except db_exc.DBDuplicateEntry:
            raise duplicate
    return row


def _update(query_fn, model, values, not_found, already_exists):
    """Apply ``values`` to the one row ``query_fn(session)`` selects."""
    for immutable in ('id', 'uuid'):
        if immutable in values:
            raise exception.InvalidParameterValue(
                err='Cannot change the %s of an existing %s'
                    % (immutable, model.__tablename__))
    _check_columns(model, values, 'column')
    with session.writer() as s:
        row = query_fn(s).with_for_update().first()
        if row is None:
            raise not_found()
        row.update(values)
        duplicate = already_exists(row)
        try:
            s.flush()
        except db_exc.DBDuplicateEntry:
            raise duplicate
    return row


def _delete(query_fn, not_found):
    with session.writer() as s:
        if not query_fn(s).delete(synchronize_session=False):
            raise not_found()


_UPDATE_CHUNK = 50


def _update_many(s, table, items):
    """UPDATE ``table`` rows by integer id: ``items`` is ``[(id, values),
    ...]``.

    Rows setting the same columns go out together. On SQLite, which runs
    in-process, as one executemany. Elsewhere an executemany costs a round
    trip per row (the MySQL and PostgreSQL drivers batch only INSERTs), so
    the rows go out in chunks of ``_UPDATE_CHUNK`` as ``UPDATE t SET c =
    CASE id WHEN ? THEN ? ... END, ... WHERE id IN (...)``; larger chunks
    lose again to the linear CASE. The text is built here: the SQL compiler
    would spend more time on it than the database. Values go through the
    columns' own bind processing (JSON, datetimes).
    """
    groups = {}
    for ident, values in items:
        if values:
            groups.setdefault(tuple(sorted(values)), []).append(
                (ident, values))
    if not groups:
        return
    conn = s.connection()
    dialect = conn.dialect
    mark = '?' if dialect.paramstyle == 'qmark' else '%s'
    quote = dialect.identifier_preparer.quote
    for keys, rows in groups.items():
        unknown = [k for k in keys if k not in table.c or k == 'id']
        if unknown:
            raise exception.InvalidParameterValue(
                err='Cannot set %s of %s' % (', '.join(unknown), table.name))
        processors = [table.c[k].type.dialect_impl(dialect).bind_processor(
            dialect) for k in keys]

        def bound(values):
            return [values[k] if process is None else process(values[k])
                    for k, process in zip(keys, processors)]

        if dialect.name == 'sqlite':
            conn.exec_driver_sql(
                'UPDATE %s SET %s WHERE %s = %s' % (
                    quote(table.name),
                    ', '.join('%s = %s' % (quote(k), mark) for k in keys),
                    quote('id'), mark),
                [tuple(bound(values)) + (ident,) for ident, values in rows])
            continue
        casts = [None] * len(keys)
        if dialect.name == 'postgresql':
            # An all-NULL CASE would be text, which PostgreSQL does not
            # assign to other column types.
            casts = [dialect.type_compiler_instance.process(table.c[k].type)
                     for k in keys]
        for start in range(0, len(rows), _UPDATE_CHUNK):
            chunk = rows[start:start + _UPDATE_CHUNK]
            case = 'CASE %s %s END' % (quote('id'), ' '.join(
                ['WHEN %s THEN %s' % (mark, mark)] * len(chunk)))
            columns = [[] for _ in keys]
            for ident, values in chunk:
                for column, value in zip(columns, bound(values)):
                    column.extend((ident, value))
            sets, params = [], []
            for key, cast, column in zip(keys, casts, columns):
                sets.append('%s = %s' % (quote(key), 'CAST(%s AS %s)' % (
                    case, cast) if cast else case))
                params.extend(column)
            params.extend(ident for ident, _ in chunk)
            conn.exec_driver_sql(
                'UPDATE %s SET %s WHERE %s IN (%s)' % (
                    quote(table.name), ', '.join(sets), quote('id'),
                    ', '.join([mark] * len(chunk))), tuple(params))


_JSON_TYPES = (types.JSONEncodedDict, types.JSONEncodedList)


def _raw_rows(conn, table, condition, order, join=None):
    """``(column names, row tuples)`` of ``table``; JSON columns come as
    their text (see ``_plain_dicts``)."""
    columns = [sa.type_coerce(c, sa.Text).label(c.name)
               if isinstance(c.type, _JSON_TYPES) else c for c in table.c]
    source = table if join is None else table.join(*join)
    result = conn.execute(sa.select(*columns).select_from(source).where(
        condition).order_by(order))
    return tuple(result.keys()), result.all()


def _plain_dicts(keys, rows, table, decode):
    """Rows as dicts, JSON text decoded by ``decode``; dict(zip()) runs
    in C where ``Row._mapping`` costs a Python call per column."""
    json_keys = [c.name for c in table.c if isinstance(c.type, _JSON_TYPES)]
    dicts = [dict(zip(keys, row)) for row in rows]
    for row in dicts:
        for key in json_keys:
            row[key] = decode(row[key])
    return dicts


class _FlatJsonMemo:
    """``json.loads`` remembering flat results (no nested containers).

    Rows read together repeat the same texts (empty lists, the labels of
    one template): a remembered value is handed out as a shallow copy,
    which for a flat value is as good as a fresh decode, at a tenth of
    the cost.
    """

    LIMIT = 4096

    def __init__(self):
        self.memo = {}

    def __call__(self, text):
        if text is None:
            return None
        value = self.memo.get(text)
        if value is not None:
            return value.copy()
        value = json.loads(text)
        if isinstance(value, (dict, list)) and len(self.memo) < self.LIMIT:
            items = value.values() if isinstance(value, dict) else value
            if not any(isinstance(item, (dict, list)) for item in items):
                self.memo[text] = value
                return value.copy()
        return value


_FREE = {'reservation': None, 'reserved_at': None,
         'updated_at': models.Cluster.updated_at}


def _get_by_column(scoped_query, context, model, column, value, not_found,
                   plural):
    """One row of ``model`` whose ``column`` equals ``value``, among those
    ``scoped_query(session, context)`` lets the caller see."""
    with session.reader() as s:
        query = scoped_query(s, context)
        if column == 'id':
            query = _by_id(query, model, value)
        else:
            query = query.filter(getattr(model, column) == value)
        return _one(query, lambda: not_found(value), plural)


class Connection(conductor_queries.ConductorQueries, api.Connection):
    """Magnum's database on SQLAlchemy and oslo.db."""

    # -- cluster templates --------------------------------------------------

    @staticmethod
    def _templates(s, context):
        return scoping.template_visibility(
            s.query(models.ClusterTemplate), models.ClusterTemplate, context)

    def get_cluster_template_list(self, context, filters=None, limit=None,
                                  marker=None, sort_key=None, sort_dir=None):
        model = models.ClusterTemplate
        with session.reader() as s:
            query = _add_filters(self._templates(s, context), model, filters)
            return _page(query, model, limit, marker, sort_key, sort_dir,
                         self._templates(s, context),
                         _template_not_found)

    def get_cluster_template_list_rows(self, context, columns, uuids=None,
                                       limit=None, marker=None,
                                       sort_key=None, sort_dir=None):
        return list_rows.cluster_template_rows(
            context, columns, uuids=uuids, limit=limit, marker=marker,
            sort_key=sort_key, sort_dir=sort_dir)

    def create_cluster_template(self, values):
        return _create(models.ClusterTemplate, values,
                       lambda row: exception.ClusterTemplateAlreadyExists(
                           uuid=row.uuid))

    def _get_template(self, context, column, value):
        return _get_by_column(self._templates, context, models.ClusterTemplate,
                              column, value, _template_not_found,
                              'cluster templates')

    def get_cluster_template_by_id(self, context, cluster_template_id):
        return self._get_template(context, 'id', cluster_template_id)

    def get_cluster_template_by_uuid(self, context, cluster_template_uuid):
        return self._get_template(context, 'uuid', cluster_template_uuid)

    def get_cluster_template_by_name(self, context, cluster_template_name):
        return self._get_template(context, 'name', cluster_template_name)

    def update_cluster_template(self, cluster_template_id, values):
        model = models.ClusterTemplate
        return _update(
            lambda s: _by_identity(s.query(model), model,
                                   cluster_template_id),
            model, values, lambda: _template_not_found(cluster_template_id),
            lambda row: exception.ClusterTemplateAlreadyExists(uuid=row.uuid))

    def destroy_cluster_template(self, cluster_template_id):
        model = models.ClusterTemplate
        with session.writer() as s:
            row = _by_identity(s.query(model), model,
                               cluster_template_id).first()
            if row is None:
                raise _template_not_found(cluster_template_id)
            in_use = s.query(models.Cluster.id).filter(
                models.Cluster.cluster_template_id == row.uuid).first()
            if in_use is not None:
                raise exception.ClusterTemplateReferenced(
                    clustertemplate=cluster_template_id)
            s.delete(row)

    # -- clusters -----------------------------------------------------------

    @staticmethod
    def _clusters(s, context):
        return scoping.scope(s.query(models.Cluster), models.Cluster,
                             context)

    def get_cluster_list(self, context, filters=None, limit=None,
                         marker=None, sort_key=None, sort_dir=None):
        model = models.Cluster
        with session.reader() as s:
            query = _add_filters(self._clusters(s, context), model, filters)
            return _page(query, model, limit, marker, sort_key, sort_dir,
                         self._clusters(s, context), _cluster_not_found)

    def get_cluster_list_rows(self, context, columns, limit=None,
                              marker=None, sort_key=None, sort_dir=None,
                              derived=()):
        return list_rows.cluster_rows(
            context, columns, limit=limit, marker=marker, sort_key=sort_key,
            sort_dir=sort_dir, derived=derived)

    def create_cluster(self, values):
        return _create(models.Cluster, values,
                       lambda row: exception.ClusterAlreadyExists(
                           uuid=row.uuid))

    def _get_cluster(self, context, column, value):
        return _get_by_column(self._clusters, context, models.Cluster, column,
                              value, _cluster_not_found, 'clusters')

    def get_cluster_by_id(self, context, cluster_id):
        return self._get_cluster(context, 'id', cluster_id)

    def get_cluster_by_uuid(self, context, cluster_uuid):
        return self._get_cluster(context, 'uuid', cluster_uuid)

    def get_cluster_by_name(self, context, cluster_name):
        return self._get_cluster(context, 'name', cluster_name)

    @oslo_db_api.retry_on_deadlock
    def update_cluster(self, cluster_id, values):
        model = models.Cluster
        return _update(
            lambda s: _by_identity(s.query(model), model, cluster_id),
            model, values, lambda: _cluster_not_found(cluster_id),
            lambda row: exception.ClusterAlreadyExists(uuid=row.uuid))

    def destroy_cluster(self, cluster_id):
        model = models.Cluster
        with session.writer() as s:
            row = _by_identity(s.query(model), model, cluster_id).first()
            if row is None:
                raise _cluster_not_found(cluster_id)
            # Explicit rather than ON DELETE CASCADE: same on every engine.
            s.query(models.NodeGroup).filter(
                models.NodeGroup.cluster_id == row.uuid).delete(
                    synchronize_session=False)
            s.delete(row)

    def get_cluster_count_all(self, context, filters=None):
        model = models.Cluster
        with session.reader() as s:
            query = _add_filters(self._clusters(s, context), model, filters)
            return query.with_entities(sa.func.count(model.id)).scalar()

    def get_cluster_stats(self, context, project_id=None):
        cluster, nodegroup = models.Cluster, models.NodeGroup
        with session.reader() as s:
            query = s.query(
                sa.func.count(sa.distinct(cluster.id)),
                sa.func.coalesce(sa.func.sum(nodegroup.node_count), 0),
            ).select_from(cluster).outerjoin(
                nodegroup, nodegroup.cluster_id == cluster.uuid)
            if project_id is not None:
                query = query.filter(cluster.project_id == project_id)
            clusters, nodes = query.one()
        # MySQL's SUM is a DECIMAL.
        return int(clusters), int(nodes)

    # -- cluster reservations -----------------------------------------------
    # Taking or dropping a reservation is no change of the cluster: the
    # UPDATEs keep updated_at as it is (it would bump it otherwise).

    def reserve_cluster(self, cluster_uuid, host):
        model = models.Cluster
        with session.writer() as s:
            taken = s.query(model).filter(
                model.uuid == cluster_uuid,
                model.reservation.is_(None)).update(
                    {'reservation': host, 'reserved_at': timeutils.utcnow(),
                     'updated_at': model.updated_at},
                    synchronize_session=False)
            if taken:
                return
            row = s.query(model.name, model.reservation).filter(
                model.uuid == cluster_uuid).first()
        if row is None:
            raise _cluster_not_found(cluster_uuid)
        raise exception.OperationInProgress(cluster_name=row.name
                                            or cluster_uuid)

    def release_cluster(self, cluster_uuid, host):
        model = models.Cluster
        with session.writer() as s:
            return bool(s.query(model).filter(
                model.uuid == cluster_uuid,
                model.reservation == host).update(_FREE,
                                                  synchronize_session=False))

    def get_cluster_reservation(self, cluster_uuid):
        model = models.Cluster
        with session.reader() as s:
            row = s.query(model.reservation, model.reserved_at).filter(
                model.uuid == cluster_uuid).first()
        if row is None:
            raise _cluster_not_found(cluster_uuid)
        return row.reservation, row.reserved_at

    def _release_where(self, condition):
        model = models.Cluster
        with session.writer() as s:
            query = s.query(model).filter(model.reservation.isnot(None),
                                          condition)
            uuids = [row.uuid for row in query.with_entities(model.uuid)]
            if uuids:
                # Re-checked in the UPDATE: a row released (or taken by a
                # live host) since the SELECT is left alone.
                query.filter(model.uuid.in_(uuids)).update(
                    _FREE, synchronize_session=False)
        return uuids

    def break_stale_reservations(self, live_hosts):
        live_hosts = list(live_hosts)
        model = models.Cluster
        if not live_hosts:
            return self._release_where(sa.true())
        return self._release_where(model.reservation.notin_(live_hosts))

    def release_host_reservations(self, host):
        return self._release_where(models.Cluster.reservation == host)

    # -- status sync --------------------------------------------------------

    def get_clusters_for_status_sync(self, statuses, accept=None):
        cluster = models.Cluster.__table__
        nodegroup = models.NodeGroup.__table__
        condition = cluster.c.status.in_(list(statuses))
        if 'reservation' in cluster.c:
            condition = sa.and_(condition, cluster.c.reservation.is_(None))
        decode = _FlatJsonMemo()
        with session.reader() as s:
            conn = s.connection()
            keys, rows = _raw_rows(conn, cluster, condition, cluster.c.id)
            if accept is not None:
                at = keys.index('uuid')
                rows = [row for row in rows if accept(row[at])]
            clusters = _plain_dicts(keys, rows, cluster, decode)
            nodegroups = {row['uuid']: [] for row in clusters}
            if clusters:
                # The nodegroups through a join on the same condition
                # rather than an IN list of a thousand uuids; strays are
                # dropped below.
                keys, rows = _raw_rows(
                    conn, nodegroup, condition, nodegroup.c.id,
                    join=(cluster, nodegroup.c.cluster_id == cluster.c.uuid))
                owner_at = keys.index('cluster_id')
                rows = [row for row in rows if row[owner_at] in nodegroups]
                for row in _plain_dicts(keys, rows, nodegroup, decode):
                    nodegroups[row['cluster_id']].append(row)
        return [(row, nodegroups[row['uuid']]) for row in clusters]

    def apply_cluster_status_changes(self, changes):
        changes = {change['id']: change for change in changes}
        if not changes:
            return set()
        cluster = models.Cluster.__table__
        nodegroup = models.NodeGroup.__table__
        reservable = 'reservation' in cluster.c
        columns = [cluster.c.id, cluster.c.uuid, cluster.c.status]
        if reservable:
            columns.append(cluster.c.reservation)
        with session.writer() as s:
            current = s.execute(sa.select(*columns).where(
                cluster.c.id.in_(list(changes))).with_for_update()).all()
            applied = {
                row.id: row.uuid for row in current
                if row.status == changes[row.id].get('expected_status')
                and not (reservable and row.reservation is not None)}
            doomed = [i for i in applied if changes[i].get('destroy')]
            kept = [i for i in applied if not changes[i].get('destroy')]
            _update_many(s, cluster, [(i, changes[i].get('values'))
                                      for i in kept])
            _update_many(s, nodegroup, [
                (ng_id, values) for i in kept
                for ng_id, values in (changes[i].get('nodegroups')
                                      or {}).items()])
            dropped = [ng_id for i in kept
                       for ng_id in changes[i].get('destroy_nodegroups')
                       or ()]
            if dropped:
                s.execute(nodegroup.delete().where(
                    nodegroup.c.id.in_(dropped)))
            if doomed:
                s.execute(nodegroup.delete().where(nodegroup.c.cluster_id.in_(
                    [applied[i] for i in doomed])))
                s.execute(cluster.delete().where(cluster.c.id.in_(doomed)))
        return set(applied)

    # -- nodegroups ---------------------------------------------------------

    @staticmethod
    def _cluster_nodegroups(query, cluster_id):
        """Nodegroups of the cluster with this uuid (or integer id)."""
        if not uuidutils.is_uuid_like(cluster_id) and \
                strutils.is_int_like(cluster_id):
            cluster_uuid = sa.select(models.Cluster.uuid).where(
                models.Cluster.id == int(cluster_id)).scalar_subquery()
            return query.filter(models.NodeGroup.cluster_id == cluster_uuid)
        return query.filter(models.NodeGroup.cluster_id == cluster_id)

    def _nodegroups(self, s, context, cluster_id):
        query = scoping.scope(s.query(models.NodeGroup), models.NodeGroup,
                              context)
        return self._cluster_nodegroups(query, cluster_id)

    def create_nodegroup(self, values):
        return _create(models.NodeGroup, values, _nodegroup_exists)

    def destroy_nodegroup(self, cluster_id, nodegroup_id):
        model = models.NodeGroup
        _delete(lambda s: _by_identity(
            self._cluster_nodegroups(s.query(model), cluster_id), model,
            nodegroup_id), lambda: _nodegroup_not_found(nodegroup_id))

    @oslo_db_api.retry_on_deadlock
    def update_nodegroup(self, cluster_id, nodegroup_id, values):
        model = models.NodeGroup
        return _update(
            lambda s: _by_identity(
                self._cluster_nodegroups(s.query(model), cluster_id), model,
                nodegroup_id),
            model, values, lambda: _nodegroup_not_found(nodegroup_id),
            _nodegroup_exists)

    def _get_nodegroup(self, context, cluster_id, column, value):
        model = models.NodeGroup
        with session.reader() as s:
            query = self._nodegroups(s, context, cluster_id)
            if column == 'id':
                query = _by_id(query, model, value)
            else:
                query = query.filter(getattr(model, column) == value)
            return _one(query, lambda: _nodegroup_not_found(value),
                        'nodegroups')

    def get_nodegroup_by_id(self, context, cluster_id, nodegroup_id):
        return self._get_nodegroup(context, cluster_id, 'id', nodegroup_id)

    def get_nodegroup_by_uuid(self, context, cluster_id, nodegroup_uuid):
        return self._get_nodegroup(context, cluster_id, 'uuid',
                                   nodegroup_uuid)

    def get_nodegroup_by_name(self, context, cluster_id, nodegroup_name):
        return self._get_nodegroup(context, cluster_id, 'name',
                                   nodegroup_name)

    def list_cluster_nodegroups(self, context, cluster_id, filters=None,
                                limit=None, marker=None, sort_key=None,
                                sort_dir=None):
        model = models.NodeGroup
        with session.reader() as s:
            query = _add_filters(self._nodegroups(s, context, cluster_id),
                                 model, filters)
            return _page(query, model, limit, marker, sort_key, sort_dir,
                         self._nodegroups(s, context, cluster_id),
                         _nodegroup_not_found)

    def list_nodegroups_for_clusters(self, cluster_ids):
        cluster_ids = list(cluster_ids)
        result = {uuid: [] for uuid in cluster_ids}
        if not cluster_ids:
            return result
        model = models.NodeGroup
        with session.reader() as s:
            rows = s.query(model).filter(
                model.cluster_id.in_(cluster_ids)).order_by(model.id).all()
        for row in rows:
            result[row.cluster_id].append(row)
        return result

    def get_cluster_nodegroup_count(self, context, cluster_id):
        with session.reader() as s:
            return self._nodegroups(s, context, cluster_id).with_entities(
                sa.func.count(models.NodeGroup.id)).scalar()

    # -- x509 key pairs -----------------------------------------------------

    @staticmethod
    def _x509keypairs(s, context):
        return scoping.scope(s.query(models.X509KeyPair),
                             models.X509KeyPair, context)

    def create_x509keypair(self, values):
        return _create(models.X509KeyPair, values,
                       lambda row: exception.X509KeyPairAlreadyExists(
                           uuid=row.uuid))

    def _get_x509keypair(self, context, column, value):
        model = models.X509KeyPair
        with session.reader() as s:
            query = self._x509keypairs(s, context)
            if column == 'id':
                query = _by_id(query, model, value)
            else:
                query = query.filter(getattr(model, column) == value)
            return _one(query, lambda: _x509keypair_not_found(value))

    def get_x509keypair_by_id(self, context, x509keypair_id):
        return self._get_x509keypair(context, 'id', x509keypair_id)

    def get_x509keypair_by_uuid(self, context, x509keypair_uuid):
        return self._get_x509keypair(context, 'uuid', x509keypair_uuid)

    def destroy_x509keypair(self, x509keypair_id):
        model = models.X509KeyPair
        _delete(lambda s: _by_identity(s.query(model), model, x509keypair_id),
                lambda: _x509keypair_not_found(x509keypair_id))

    def update_x509keypair(self, x509keypair_id, values):
        model = models.X509KeyPair
        return _update(
            lambda s: _by_identity(s.query(model), model, x509keypair_id),
            model, values, lambda: _x509keypair_not_found(x509keypair_id),
            lambda row: exception.X509KeyPairAlreadyExists(uuid=row.uuid))

    def get_x509keypair_list(self, context, filters=None, limit=None,
                             marker=None, sort_key=None, sort_dir=None):
        model = models.X509KeyPair
        with session.reader() as s:
            query = _add_filters(self._x509keypairs(s, context), model,
                                 filters)
            return _page(query, model, limit, marker, sort_key, sort_dir,
                         self._x509keypairs(s, context),
                         _x509keypair_not_found)

    # -- magnum services ----------------------------------------------------

    def destroy_magnum_service(self, magnum_service_id):
        model = models.MagnumService
        _delete(lambda s: _by_id(s.query(model), model, magnum_service_id),
                lambda: _service_not_found(magnum_service_id))

    @oslo_db_api.retry_on_deadlock
    def update_magnum_service(self, magnum_service_id, values):
        model = models.MagnumService
        return _update(
            lambda s: _by_id(s.query(model), model, magnum_service_id),
            model, values, lambda: _service_not_found(magnum_service_id),
            _service_exists)

    def get_magnum_service_by_host_and_binary(self, host, binary):
        model = models.MagnumService
        with session.reader() as s:
            return s.query(model).filter(
                model.host == host, model.binary == binary).first()

    def create_magnum_service(self, values):
        return _create(models.MagnumService, values, _service_exists)

    def get_magnum_service_list(self, disabled=None, limit=None,
                                marker=None, sort_key=None, sort_dir=None):
        model = models.MagnumService
        with session.reader() as s:
            query = s.query(model)
            if disabled is not None:
                query = query.filter(model.disabled == bool(disabled))
            return _page(query, model, limit, marker, sort_key, sort_dir,
                         s.query(model), _service_not_found)

    # -- quotas -------------------------------------------------------------

    def create_quota(self, values):
        return _create(models.Quota, values, _quota_exists)

    def get_quota_by_id(self, context, quota_id):
        model = models.Quota
        with session.reader() as s:
            query = scoping.scope(s.query(model), model, context)
            return _one(_by_id(query, model, quota_id),
                        lambda: _quota_not_found('id %s' % quota_id))

    def get_quota_by_project_id_resource(self, project_id, resource):
        model = models.Quota
        with session.reader() as s:
            return _one(s.query(model).filter(model.project_id == project_id,
                                              model.resource == resource),
                        lambda: _quota_not_found(project_id, resource))

    def get_quota_list(self, context, filters=None, limit=None, marker=None,
                       sort_key=None, sort_dir=None):
        model = models.Quota
        with session.reader() as s:
            scoped = scoping.scope(s.query(model), model, context)
            return _page(_add_filters(scoped, model, filters), model, limit,
                         marker, sort_key, sort_dir,
                         scoping.scope(s.query(model), model, context),
                         lambda m: _quota_not_found('id %s' % m))

    def quota_get_all_by_project_id(self, project_id):
        model = models.Quota
        with session.reader() as s:
            return s.query(model).filter(
                model.project_id == project_id).order_by(model.id).all()

    def update_quota(self, project_id, values):
        model = models.Quota
        resource = values.get('resource')
        if resource is None:
            raise exception.InvalidParameterValue(
                err='Updating a quota needs its resource')
        return _update(
            lambda s: s.query(model).filter(model.project_id == project_id,
                                            model.resource == resource),
            model, {'hard_limit': values.get('hard_limit')},
            lambda: _quota_not_found(project_id, resource), _quota_exists)

    def delete_quota(self, project_id, resource):
        model = models.Quota
        _delete(lambda s: s.query(model).filter(
            model.project_id == project_id, model.resource == resource),
            lambda: _quota_not_found(project_id, resource))

    # -- federations --------------------------------------------------------

    @staticmethod
    def _federations(s, context):
        return scoping.scope(s.query(models.Federation), models.Federation,
                             context)

    def _get_federation(self, context, column, value):
        return _get_by_column(self._federations, context, models.Federation,
                              column, value, _federation_not_found,
                              'federations')

    def get_federation_by_id(self, context, federation_id):
        return self._get_federation(context, 'id', federation_id)

    def get_federation_by_uuid(self, context, federation_uuid):
        return self._get_federation(context, 'uuid', federation_uuid)

    def get_federation_by_name(self, context, federation_name):
        return self._get_federation(context, 'name', federation_name)

    def get_federation_list(self, context, limit=None, marker=None,
                            sort_key=None, sort_dir=None, filters=None):
        model = models.Federation
        with session.reader() as s:
            query = _add_filters(self._federations(s, context), model,
                                 filters)
            return _page(query, model, limit, marker, sort_key, sort_dir,
                         self._federations(s, context),
                         _federation_not_found)

    def create_federation(self, values):
        return _create(models.Federation, values,
                       lambda row: exception.FederationAlreadyExists(
                           uuid=row.uuid))

    def destroy_federation(self, federation_id):
        model = models.Federation
        _delete(lambda s: _by_identity(s.query(model), model, federation_id),
                lambda: _federation_not_found(federation_id))

    def update_federation(self, federation_id, values):
        model = models.Federation
        return _update(
            lambda s: _by_identity(s.query(model), model, federation_id),
            model, values, lambda: _federation_not_found(federation_id),
            lambda row: exception.FederationAlreadyExists(uuid=row.uuid))


# -- errors -------------------------------------------------------------------

def _template_not_found(ident):
    return exception.ClusterTemplateNotFound(clustertemplate=ident)


def _cluster_not_found(ident):
    return exception.ClusterNotFound(cluster=ident)


def _nodegroup_not_found(ident):
    return exception.NodeGroupNotFound(nodegroup=ident)


def _nodegroup_exists(row):
    return exception.NodeGroupAlreadyExists(name=row.name,
                                            cluster_id=row.cluster_id)


def _x509keypair_not_found(ident):
    return exception.X509KeyPairNotFound(x509keypair=ident)


def _service_not_found(ident):
    return exception.MagnumServiceNotFound(magnum_service_id=ident)


def _service_exists(row):
    return exception.MagnumServiceAlreadyExists(
        id='%s/%s' % (row.host, row.binary))


def _quota_not_found(project_id, resource=None):
    if resource is None:
        return exception.QuotaNotFound(msg=project_id)
    return exception.QuotaNotFound(
        msg='project %s, resource %s' % (project_id, resource))


def _quota_exists(row):
    return exception.QuotaAlreadyExists(project_id=row.project_id,
                                        resource=row.resource)


def _federation_not_found(ident):
    return exception.FederationNotFound(federation=ident)
