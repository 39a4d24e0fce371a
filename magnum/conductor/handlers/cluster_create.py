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
``default-master`` and ``default-worker``, all ``CREATE_IN_PROGRESS``, in
one transaction. The long part generates the certificates and calls the
driver, and writes the outcome together with the release of the
reservation. Any failure leaves the cluster and its nodegroups
``CREATE_FAILED`` with the error as reason, and no certificate (nor its
expiry time) behind.
"""

from oslo_log import log as logging
from oslo_utils import uuidutils

from magnum.common import exception
from magnum.conductor.handlers import certificates
from magnum.conductor.handlers import common
from magnum.conductor.handlers import trustee
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


def _given(cluster, name):
    """A field of the cluster the API sent, ``None`` when it left it
    out (the row is not written yet)."""
    return getattr(cluster, name) if cluster.obj_attr_is_set(name) else None


def _default_nodegroups(cluster, template, master_count, node_count,
                        status):
    labels = dict(_given(cluster, 'labels') or {})
    common_values = dict(
        cluster_id=cluster.uuid, project_id=_given(cluster, 'project_id'),
        image_id=template.image_id,
        docker_volume_size=_given(cluster, 'docker_volume_size'),
        is_default=True, status=status)
    master = objects.NodeGroup(
        cluster._context, name=MASTER_NAME, role=nodegroup_obj.MASTER_ROLE,
        node_count=master_count, min_node_count=master_count,
        flavor_id=(_given(cluster, 'master_flavor_id')
                   or template.master_flavor_id),
        labels=dict(labels), **common_values)
    worker = objects.NodeGroup(
        cluster._context, name=WORKER_NAME, role=nodegroup_obj.WORKER_ROLE,
        node_count=node_count,
        min_node_count=_label_int(labels, 'min_node_count') or 0,
        max_node_count=_label_int(labels, 'max_node_count'),
        flavor_id=_given(cluster, 'flavor_id') or template.flavor_id,
        labels=dict(labels), **common_values)
    return [master, worker]


def cluster_create(runtime, context, cluster, master_count, node_count,
                   create_timeout):
    if not _given(cluster, 'uuid'):
        cluster.uuid = uuidutils.generate_uuid()
    try:
        slot = runtime.pool.claim(wait=common.cast_slot_wait())
    except exception.ConductorBusy as busy:
        _record_refused(cluster, master_count, node_count, create_timeout,
                        busy)
        common.notify(context, cluster, 'create', 'failure')
        raise

    cluster.create_timeout = create_timeout
    try:
        template = _template(cluster)
    except Exception as error:
        slot.give_back()
        _record_failed(context, cluster, common.reason_of(error))
        raise

    cluster.status = S.CREATE_IN_PROGRESS
    cluster.status_reason = None
    try:
        # Reserved from its first moment: the status sync never sees it
        # in progress yet free.
        cluster.create_with_nodegroups(
            _default_nodegroups(cluster, template, master_count, node_count,
                                S.CREATE_IN_PROGRESS),
            reserved_by=runtime.host)
    except BaseException:
        slot.give_back()
        raise
    # What was just written is what is stored: no need to read it back.
    cluster.cluster_template = template
    cluster.obj_reset_changes(['cluster_template'])

    common.notify(context, cluster, 'create', 'pending')
    common.run_long(runtime, slot, cluster.uuid,
                    lambda: _build(runtime, context, cluster,
                                   create_timeout),
                    lambda error: _fail(context, cluster.uuid, error),
                    releases=True)


def _template(cluster):
    return objects.ClusterTemplate.get_by_uuid(common.admin_context(),
                                               cluster.cluster_template_id)


def _build(runtime, context, cluster, create_timeout):
    """Certificates, then the driver; the outcome is written together
    with the release of the reservation."""
    certificates.generate_for_cluster(context, cluster)
    try:
        # The references are stored before the driver runs, so that
        # certificates of a create cut short are known and deleted with
        # the cluster.
        cluster.save_with_nodegroups()
        driver = common.get_driver(context, cluster)
        trustee.create_for_cluster(context, cluster, driver)
        driver.create_cluster(context, cluster, create_timeout)
    except Exception:
        certificates.delete_cluster_certificates(cluster)
        _forget_certificates(cluster)
        raise
    for nodegroup in cluster.nodegroups:
        if nodegroup.is_default and cluster.stack_id:
            nodegroup.stack_id = cluster.stack_id
    cluster.save_with_nodegroups(release_host=runtime.host)


def _forget_certificates(cluster):
    """No references, and no expiry times of certificates that are
    gone."""
    for field in certificates.ALL_REFS + (certificates.CA_EXPIRY,
                                          certificates.CLIENT_EXPIRY):
        setattr(cluster, field, None)


def _fail(context, cluster_uuid, error):
    """``CREATE_FAILED`` for the cluster and its nodegroups, without
    certificates (any still stored are deleted)."""
    reason = common.reason_of(error)
    cluster = common.load_cluster(cluster_uuid)
    if any(getattr(cluster, field) for field in certificates.ALL_REFS):
        certificates.delete_cluster_certificates(cluster)
    _forget_certificates(cluster)
    trustee.forget_after_failed_create(cluster)
    _set_failed(cluster, reason)
    cluster.save_with_nodegroups()
    common.notify(context, cluster, 'create', 'failure')


def _set_failed(cluster, reason):
    for nodegroup in cluster.nodegroups:
        nodegroup.status = S.CREATE_FAILED
        nodegroup.status_reason = reason
    cluster.status = S.CREATE_FAILED
    cluster.status_reason = reason


def _record_refused(cluster, master_count, node_count, create_timeout,
                    busy):
    """The conductor was busy: keep the cluster the API promised, failed,
    with a reason saying to retry."""
    reason = common.busy_reason('creation', busy)
    cluster.create_timeout = create_timeout
    cluster.status = S.CREATE_FAILED
    cluster.status_reason = reason
    try:
        template = _template(cluster)
    except exception.ClusterTemplateNotFound:
        cluster.create()
        return
    nodegroups = _default_nodegroups(cluster, template, master_count,
                                     node_count, S.CREATE_FAILED)
    for nodegroup in nodegroups:
        nodegroup.status_reason = reason
    cluster.create_with_nodegroups(nodegroups)


def _record_failed(context, cluster, reason):
    """The create could not start (its template is gone): keep the
    cluster the API promised, failed, with the reason."""
    cluster.status = S.CREATE_FAILED
    cluster.status_reason = reason
    cluster.create()
    common.notify(context, cluster, 'create', 'failure')
