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

"""Creating a cluster.

The API sends an unsaved ``Cluster``; the row is inserted here, already
reserved by this conductor (so the status sync leaves it alone until the
driver has been called), together with the default nodegroups
``default-master`` and ``default-worker``, all ``CREATE_IN_PROGRESS``. The
long part generates the certificates and calls the driver. Any failure
leaves the cluster and its nodegroups ``CREATE_FAILED`` with the error as
reason, and no certificate behind.
"""

from oslo_log import log as logging
from oslo_utils import timeutils

from magnum.common import exception
from magnum.conductor.handlers import certificates
from magnum.conductor.handlers import common
from magnum.conductor import reservation
from magnum.db import api as db_api
from magnum import objects
from magnum.objects import nodegroup as nodegroup_obj

LOG = logging.getLogger(__name__)
S = common.S

MASTER_NAME = 'default-master'
WORKER_NAME = 'default-worker'


def _label_int(labels, name):
    value = (labels or {}).get(name)
    try:
        return int(value) if value not in (None, '') else None
    except ValueError:
        return None


def _insert_reserved(runtime, cluster):
    """Insert the cluster row with this conductor's reservation in the same
    statement: no moment exists where it is in progress yet free."""
    values = cluster._db_values()
    values.update(reservation=runtime.host, reserved_at=timeutils.utcnow())
    row = db_api.get_instance().create_cluster(values)
    objects.Cluster._from_db_object(cluster, row)


def _default_nodegroups(cluster, template, master_count, node_count,
                        status):
    labels = dict(cluster.labels or {})
    common_values = dict(
        cluster_id=cluster.uuid, project_id=cluster.project_id,
        image_id=template.image_id,
        docker_volume_size=cluster.docker_volume_size,
        is_default=True, status=status)
    master = objects.NodeGroup(
        cluster._context, name=MASTER_NAME, role=nodegroup_obj.MASTER_ROLE,
        node_count=master_count, min_node_count=master_count,
        flavor_id=cluster.master_flavor_id or template.master_flavor_id,
        labels=dict(labels), **common_values)
    worker = objects.NodeGroup(
        cluster._context, name=WORKER_NAME, role=nodegroup_obj.WORKER_ROLE,
        node_count=node_count,
        min_node_count=_label_int(labels, 'min_node_count') or 0,
        max_node_count=_label_int(labels, 'max_node_count'),
        flavor_id=cluster.flavor_id or template.flavor_id,
        labels=dict(labels), **common_values)
    return [master, worker]


def cluster_create(runtime, context, cluster, master_count, node_count,
                   create_timeout):
    try:
        slot = runtime.pool.claim()
    except exception.ConductorBusy as busy:
        _record_refused(cluster, master_count, node_count, create_timeout,
                        busy)
        common.notify(context, cluster, 'create', 'failure')
        raise

    try:
        cluster.status = S.CREATE_IN_PROGRESS
        cluster.status_reason = None
        cluster.create_timeout = create_timeout
        _insert_reserved(runtime, cluster)
    except BaseException:
        slot.give_back()
        raise

    try:
        template = objects.ClusterTemplate.get_by_uuid(
            common.admin_context(), cluster.cluster_template_id)
        for nodegroup in _default_nodegroups(cluster, template, master_count,
                                             node_count,
                                             S.CREATE_IN_PROGRESS):
            nodegroup.create()
        stored = common.load_cluster(cluster.uuid)
    except BaseException as error:
        slot.give_back()
        _fail(runtime, context, cluster.uuid, error)
        raise

    common.notify(context, stored, 'create', 'pending')
    common.run_long(runtime, slot, stored.uuid,
                    lambda: _build(context, stored, create_timeout),
                    lambda error: _fail(runtime, context, stored.uuid,
                                        error, release=False))


def _build(context, cluster, create_timeout):
    certificates.generate_for_cluster(context, cluster)
    try:
        cluster.save()
        driver = common.get_driver(context, cluster)
        driver.create_cluster(context, cluster, create_timeout)
    except Exception:
        certificates.delete_cluster_certificates(cluster)
        _forget_certificates(cluster)
        raise
    for nodegroup in cluster.nodegroups:
        if nodegroup.is_default and cluster.stack_id:
            nodegroup.stack_id = cluster.stack_id
    cluster.save()
    common.save_nodegroups(cluster.nodegroups)


def _forget_certificates(cluster):
    for field in certificates.ALL_REFS:
        setattr(cluster, field, None)


def _fail(runtime, context, cluster_uuid, error, release=True):
    """``CREATE_FAILED`` for the cluster and its nodegroups."""
    reason = common.reason_of(error)
    try:
        cluster = common.load_cluster(cluster_uuid)
        for field in certificates.ALL_REFS:
            setattr(cluster, field, None)
        common.mark_failed(cluster, S.CREATE_FAILED, reason,
                           cluster.nodegroups)
        common.notify(context, cluster, 'create', 'failure')
    finally:
        if release:
            reservation.release(cluster_uuid, runtime.host)


def _record_refused(cluster, master_count, node_count, create_timeout,
                    busy):
    """The conductor was busy: keep the cluster the API promised, failed,
    with a reason saying to retry."""
    reason = common.busy_reason('creation', busy)
    cluster.status = S.CREATE_FAILED
    cluster.status_reason = reason
    cluster.create_timeout = create_timeout
    cluster.create()
    template = objects.ClusterTemplate.get_by_uuid(
        common.admin_context(), cluster.cluster_template_id)
    for nodegroup in _default_nodegroups(cluster, template, master_count,
                                         node_count, S.CREATE_FAILED):
        nodegroup.status_reason = reason
        nodegroup.create()
