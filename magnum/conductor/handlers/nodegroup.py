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

"""Creating, updating and deleting the non-default nodegroups of a cluster.

The cluster goes ``UPDATE_IN_PROGRESS`` and the nodegroup
``CREATE_``/``UPDATE_``/``DELETE_IN_PROGRESS`` before the driver call; a
driver error leaves the nodegroup ``*_FAILED`` and the cluster
``UPDATE_FAILED``, both with the error as reason. A nodegroup created or
updated must be in one of the stable or updating states (a new one has no
status yet); the cluster's own status is not checked. There are no
notifications for nodegroups.
"""

from magnum.common import exception
from magnum.conductor.handlers import common
from magnum.i18n import _

S = common.S

# What the API may change on an existing nodegroup.
_UPDATABLE = ('min_node_count', 'max_node_count', 'node_labels',
              'node_taints', 'labels', 'node_count')


def _check_nodegroup_state(nodegroup, operation):
    status = (nodegroup.status if nodegroup.obj_attr_is_set('status')
              else None)
    if status is not None and status not in common.NODEGROUP_ALLOWED:
        raise exception.NotSupported(
            operation=_("%(operation)s while the nodegroup is %(status)s")
            % {'operation': operation, 'status': status})


def _run(op, context, nodegroup, action, call):
    cluster = op.cluster
    nodegroup.status = action + '_IN_PROGRESS'
    nodegroup.status_reason = None
    if nodegroup.obj_attr_is_set('id'):
        nodegroup.save()
    else:
        nodegroup.create()
        cluster.refresh()
        nodegroup = common.find_nodegroup(cluster, nodegroup.uuid)
    cluster.status = S.UPDATE_IN_PROGRESS
    cluster.status_reason = None
    cluster.save()

    def work():
        driver = common.get_driver(context, cluster)
        getattr(driver, call)(context, cluster, nodegroup)
        cluster.save()
        common.save_nodegroups(cluster.nodegroups)

    def on_error(error):
        reason = common.reason_of(error)
        nodegroup.status = action + '_FAILED'
        nodegroup.status_reason = reason
        nodegroup.save()
        common.mark_failed(cluster, S.UPDATE_FAILED, reason)

    op.run(work, on_error)


def _busy_aware(operation):
    """A busy conductor says so in the cluster's status reason."""
    def decorator(func):
        def wrapper(runtime, context, cluster, nodegroup):
            try:
                return func(runtime, context, cluster, nodegroup)
            except exception.ConductorBusy as busy:
                common.record_busy(cluster.uuid, operation, busy)
                raise
        wrapper.__name__ = func.__name__
        wrapper.__doc__ = func.__doc__
        return wrapper
    return decorator


@_busy_aware(_('nodegroup creation'))
def nodegroup_create(runtime, context, cluster, nodegroup):
    _check_nodegroup_state(nodegroup, _('Creating a nodegroup'))
    with common.Operation(runtime, cluster.uuid, None,
                          _('Creating a nodegroup'),
                          cast=True) as op:
        if (nodegroup.obj_attr_is_set('is_default')
                and nodegroup.is_default):
            raise exception.NotSupported(
                operation=_('Creating a default nodegroup'))
        nodegroup.cluster_id = op.cluster.uuid
        nodegroup.project_id = op.cluster.project_id
        _run(op, context, nodegroup, 'CREATE', 'create_nodegroup')


@_busy_aware(_('nodegroup update'))
def nodegroup_update(runtime, context, cluster, nodegroup):
    with common.Operation(runtime, cluster.uuid, None,
                          _('Updating a nodegroup'),
                          cast=True) as op:
        stored = common.find_nodegroup(op.cluster, nodegroup.uuid)
        _check_nodegroup_state(stored, _('Updating a nodegroup'))
        for name in _UPDATABLE:
            if name in nodegroup.obj_what_changed():
                setattr(stored, name, getattr(nodegroup, name))
        _run(op, context, stored, 'UPDATE', 'update_nodegroup')


@_busy_aware(_('nodegroup deletion'))
def nodegroup_delete(runtime, context, cluster, nodegroup):
    with common.Operation(runtime, cluster.uuid, None,
                          _('Deleting a nodegroup'),
                          cast=True) as op:
        stored = common.find_nodegroup(op.cluster, nodegroup.uuid)
        if stored.is_default:
            raise exception.DeletingDefaultNGNotSupported()
        _run(op, context, stored, 'DELETE', 'delete_nodegroup')
