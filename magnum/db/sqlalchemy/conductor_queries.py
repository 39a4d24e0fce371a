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

"""A cluster and its nodegroups written together, for the workflows.

A workflow step that touches the cluster row, its nodegroups and its
reservation does so in one transaction of plain Core statements: every
commit of the embedded mode's SQLite waits for the disk, and the ORM's
unit of work costs more than the few rows written. Mixed into the
SQLAlchemy ``Connection``.
"""

from oslo_db import api as oslo_db_api
from oslo_db import exception as db_exc
from oslo_utils import timeutils
from oslo_utils import uuidutils

from magnum.common import exception
from magnum.db.sqlalchemy import models
from magnum.db.sqlalchemy import session

_CLUSTER = models.Cluster.__table__
_NODEGROUP = models.NodeGroup.__table__


def _checked(table, values, immutable=()):
    unknown = sorted(k for k in values
                     if k not in table.c or k in immutable)
    if unknown:
        raise exception.InvalidParameterValue(
            err='Cannot set %s of %s' % (', '.join(unknown), table.name))
    return values


def _insert(conn, model, values):
    """Insert one row; returns it as a detached model instance with the
    defaults and the generated id filled in."""
    table = model.__table__
    values = dict(_checked(table, values))
    if not values.get('uuid'):
        values['uuid'] = uuidutils.generate_uuid()
    result = conn.execute(table.insert(), values)
    stored = dict(result.last_inserted_params())
    stored['id'] = result.inserted_primary_key[0]
    return model(**{c.name: stored.get(c.name) for c in table.c})


class ConductorQueries:
    """The cluster-with-nodegroups writes of ``magnum.db.api.Connection``."""

    def create_cluster_with_nodegroups(self, cluster_values,
                                       nodegroups_values):
        cluster_values = dict(cluster_values)
        if not cluster_values.get('uuid'):
            cluster_values['uuid'] = uuidutils.generate_uuid()
        with session.writer() as s:
            conn = s.connection()
            try:
                cluster = _insert(conn, models.Cluster, cluster_values)
            except db_exc.DBDuplicateEntry:
                raise exception.ClusterAlreadyExists(
                    uuid=cluster_values['uuid'])
            nodegroups = []
            for values in nodegroups_values:
                values = dict(values, cluster_id=cluster.uuid)
                try:
                    nodegroups.append(_insert(conn, models.NodeGroup,
                                              values))
                except db_exc.DBDuplicateEntry:
                    raise exception.NodeGroupAlreadyExists(
                        name=values.get('name'),
                        cluster_id=cluster.uuid)
        return cluster, nodegroups

    @oslo_db_api.retry_on_deadlock
    def update_cluster_with_nodegroups(self, cluster_uuid, values,
                                       nodegroups=None, release_host=None):
        nodegroups = {uuid: ng_values
                      for uuid, ng_values in (nodegroups or {}).items()
                      if ng_values}
        now = timeutils.utcnow()
        with session.writer() as s:
            conn = s.connection()
            if values:
                values = dict(_checked(_CLUSTER, values, ('id', 'uuid')),
                              updated_at=now)
                found = conn.execute(_CLUSTER.update().where(
                    _CLUSTER.c.uuid == cluster_uuid).values(values))
                if not found.rowcount:
                    raise exception.ClusterNotFound(cluster=cluster_uuid)
            for ng_uuid, ng_values in nodegroups.items():
                ng_values = dict(
                    _checked(_NODEGROUP, ng_values,
                             ('id', 'uuid', 'cluster_id')),
                    updated_at=now)
                found = conn.execute(_NODEGROUP.update().where(
                    _NODEGROUP.c.uuid == ng_uuid,
                    _NODEGROUP.c.cluster_id == cluster_uuid).values(
                        ng_values))
                if not found.rowcount:
                    raise exception.NodeGroupNotFound(nodegroup=ng_uuid)
            if release_host is not None:
                # Releasing is no change of the cluster: updated_at stays.
                conn.execute(_CLUSTER.update().where(
                    _CLUSTER.c.uuid == cluster_uuid,
                    _CLUSTER.c.reservation == release_host).values(
                        reservation=None, reserved_at=None,
                        updated_at=_CLUSTER.c.updated_at))
        return now if values or nodegroups else None
