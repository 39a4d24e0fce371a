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

"""Heat stack statuses -> cluster and nodegroup statuses, as pure functions.

Inputs are plain data: a cluster (anything with ``uuid``, ``status``,
``stack_id`` and ``nodegroups``, each with ``uuid``, ``name``,
``is_default``, ``role``, ``status`` and ``stack_id``) and the stacks Heat
listed, as dicts keyed by stack id (``stack_status``,
``stack_status_reason``). Nothing here talks to Heat; the driver does the
follow-up calls the result asks for (outputs, failed resources, delete
retries).

Rules:

* a nodegroup takes the status and reason of its stack (default
  nodegroups share the cluster stack, extra ones have their own);
* a stack Heat no longer lists means ``DELETE_COMPLETE`` for a nodegroup
  being deleted, ``CREATE_FAILED`` / ``UPDATE_FAILED`` ("Stack with id ...
  not found in Heat.") for one being created or updated;
* the cluster aggregates its nodegroups: the first of IN_PROGRESS, FAILED,
  COMPLETE found among them decides the suffix; with only default
  nodegroups the cluster takes the default master's status as is, else
  ``DELETE_<suffix>`` when the master is being deleted and
  ``UPDATE_<suffix>`` otherwise; ``CREATE_COMPLETE`` reached from anything
  but a create becomes ``UPDATE_COMPLETE``.
"""

import dataclasses

from magnum.objects import fields as m_fields

S = m_fields.ClusterStatus

#: Stack outputs are (re)read when a stack reaches one of these.
OUTPUT_STATUSES = (S.CREATE_COMPLETE, S.UPDATE_COMPLETE, S.CREATE_FAILED,
                   S.UPDATE_FAILED, S.ROLLBACK_COMPLETE)
_SUFFIXES = ('_IN_PROGRESS', '_FAILED', '_COMPLETE')


def stack_not_found_reason(stack_id):
    return 'Stack with id %s not found in Heat.' % stack_id


def nodegroup_stack_id(cluster, nodegroup):
    """The stack a nodegroup lives in: its own, or the cluster's."""
    if nodegroup.stack_id:
        return nodegroup.stack_id
    if nodegroup.is_default:
        return cluster.stack_id
    return None


def stack_ids(clusters):
    """Every stack id worth asking Heat about, in a stable order."""
    seen = []
    for cluster in clusters:
        for stack_id in [cluster.stack_id] + [
                nodegroup_stack_id(cluster, ng)
                for ng in cluster.nodegroups or []]:
            if stack_id and stack_id not in seen:
                seen.append(stack_id)
    return seen


def map_nodegroup(current_status, stack_id, stack):
    """``(status, reason)`` for one nodegroup, or ``None`` (no news).

    ``stack`` is the listed stack dict, ``None`` when Heat did not list
    ``stack_id``.
    """
    if not stack_id:
        # Nothing was built (or the operation has not got that far): only a
        # delete can be concluded.
        if current_status == S.DELETE_IN_PROGRESS:
            return S.DELETE_COMPLETE, None
        return None
    if stack is None or stack.get('stack_status') == S.DELETE_COMPLETE:
        if current_status == S.DELETE_IN_PROGRESS:
            return S.DELETE_COMPLETE, None
        if current_status == S.CREATE_IN_PROGRESS:
            return S.CREATE_FAILED, stack_not_found_reason(stack_id)
        if current_status in (S.UPDATE_IN_PROGRESS,
                              S.ROLLBACK_IN_PROGRESS):
            return S.UPDATE_FAILED, stack_not_found_reason(stack_id)
        return None
    status = stack.get('stack_status')
    if status not in S.ALL:
        # SUSPEND_*, CHECK_IN_PROGRESS, ...: nothing Magnum can show.
        return None
    return status, stack.get('stack_status_reason')


def aggregate(previous_status, master_status, statuses, only_defaults):
    """The cluster status from its nodegroups' (new) statuses."""
    if only_defaults and master_status:
        status = master_status
    else:
        status = None
        for suffix in _SUFFIXES:
            if any(s and s.endswith(suffix) for s in statuses):
                action = ('DELETE' if master_status
                          and master_status.startswith('DELETE')
                          else 'UPDATE')
                status = action + suffix
                break
    if (status == S.CREATE_COMPLETE
            and previous_status not in (S.CREATE_IN_PROGRESS,
                                        S.CREATE_COMPLETE)):
        status = S.UPDATE_COMPLETE
    return status


@dataclasses.dataclass
class ClusterMapping:
    """The status news of one cluster, before any follow-up call.

    ``nodegroups`` maps nodegroup uuids to ``(status, reason)`` for the
    nodegroups whose status changed. ``failed_stacks`` / ``complete_stacks``
    are the stack ids whose failed resources / outputs the driver should
    read; ``delete_failed_stacks`` those the retry policy applies to.
    """

    status: str = None
    status_reason: str = None
    nodegroups: dict = dataclasses.field(default_factory=dict)
    failed_stacks: list = dataclasses.field(default_factory=list)
    complete_stacks: list = dataclasses.field(default_factory=list)
    delete_failed_stacks: list = dataclasses.field(default_factory=list)

    @property
    def changed(self):
        return bool(self.status or self.nodegroups)


def map_cluster(cluster, stacks):
    """A ``ClusterMapping`` for ``cluster`` from ``stacks`` (id -> dict)."""
    result = ClusterMapping()
    new_statuses = {}
    for ng in cluster.nodegroups or []:
        stack_id = nodegroup_stack_id(cluster, ng)
        mapped = map_nodegroup(ng.status, stack_id, stacks.get(stack_id))
        status, reason = mapped if mapped else (ng.status, None)
        new_statuses[ng.uuid] = status
        if mapped and status != ng.status:
            result.nodegroups[ng.uuid] = (status, reason)
        if not mapped or not stack_id or status == ng.status:
            continue
        if status == S.DELETE_FAILED:
            _add(result.delete_failed_stacks, stack_id)
        elif status in S.STATUS_FAILED:
            _add(result.failed_stacks, stack_id)
        if status in OUTPUT_STATUSES:
            _add(result.complete_stacks, stack_id)

    if not cluster.nodegroups:
        # A cluster row without nodegroups: follow the cluster stack alone.
        mapped = map_nodegroup(cluster.status, cluster.stack_id,
                               stacks.get(cluster.stack_id))
        if mapped:
            result.status, result.status_reason = mapped
        return _finish(cluster, result)

    masters = [ng for ng in cluster.nodegroups
               if ng.is_default and ng.role == 'master']
    master_status = new_statuses.get(masters[0].uuid) if masters else None
    only_defaults = all(ng.is_default for ng in cluster.nodegroups)
    status = aggregate(cluster.status, master_status,
                       list(new_statuses.values()), only_defaults)
    if status and status != cluster.status:
        result.status = status
        result.status_reason = _cluster_reason(cluster, status, stacks)
    return _finish(cluster, result)


def _finish(cluster, result):
    if result.status in (S.DELETE_FAILED,) and cluster.stack_id:
        _add(result.delete_failed_stacks, cluster.stack_id)
    return result


def _cluster_reason(cluster, status, stacks):
    if status.endswith('_FAILED'):
        failed = []
        for ng in cluster.nodegroups:
            stack_id = nodegroup_stack_id(cluster, ng)
            mapped = map_nodegroup(ng.status, stack_id, stacks.get(stack_id))
            if mapped and mapped[0].endswith('_FAILED'):
                failed.append('%s failed: %s' % (ng.name, mapped[1]))
        # Default nodegroups share one stack: say its reason once.
        return '; '.join(dict.fromkeys(failed)) or None
    stack = stacks.get(cluster.stack_id) or {}
    return stack.get('stack_status_reason')


def _add(items, item):
    if item not in items:
        items.append(item)


# --- failed resources ----------------------------------------------------------

def _link(resource, rel):
    for link in resource.get('links') or ():
        if link.get('rel') == rel:
            return link.get('href') or ''
    return ''


def failed_resource_faults(resources):
    """``{resource name: Heat's reason}`` for the failed leaf resources.

    ``resources`` are resource dicts from a resource list with
    ``nested_depth``. A failed resource that owns a nested stack in which
    something failed too (a ResourceGroup, a nested template) only repeats
    its child's error, so only the deepest failures are kept.
    """
    failed = [r for r in resources
              if str(r.get('resource_status', '')).endswith('_FAILED')]
    parents = set()
    for resource in failed:
        # The "stack" link ends with the id of the stack holding it.
        href = _link(resource, 'stack').rstrip('/')
        if href:
            parents.add(href.rsplit('/', 1)[-1])
    leaves = [r for r in failed
              if r.get('physical_resource_id') not in parents] or failed
    return {r.get('resource_name'): r.get('resource_status_reason') or ''
            for r in leaves}


def faults_reason(faults):
    """``"<resource>: <reason>; ..."`` for a status_reason."""
    return '; '.join('%s: %s' % (name, reason)
                     for name, reason in sorted(faults.items()))
