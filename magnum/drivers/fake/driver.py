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

"""The fake cluster driver: records what it is asked and reports statuses
as its behaviour file says (see ``behaviour``), without touching a cloud.

Like Ironic's fake hardware type, it lets the conductor's workflows, status
sync, deadlines and restarts be tested end to end. Every call is appended
to ``self.calls`` and, when ``[fake_driver] calls_file`` is set, to that
file as a JSON line ``{"op", "cluster_uuid", "cluster_name",
"nodegroup_uuid", "nodegroup_name", "args", "pid", "time"}``.
"""

import os
import threading
import time
import uuid

from oslo_log import log as logging

import magnum.conf
from magnum.drivers.common import driver
from magnum.drivers.fake import behaviour as behaviour_mod
from magnum.drivers.fake import files
from magnum.drivers.fake import state as state_mod
from magnum.objects import fields

CONF = magnum.conf.CONF
LOG = logging.getLogger(__name__)
S = fields.ClusterStatus

# operation -> (cluster action, nodegroup action)
_ACTIONS = {
    'create': ('CREATE', 'CREATE'),
    'update': ('UPDATE', 'UPDATE'),
    'delete': ('DELETE', 'DELETE'),
    'resize': ('UPDATE', 'UPDATE'),
    'upgrade': ('UPDATE', 'UPDATE'),
    'rotate_ca': ('UPDATE', 'UPDATE'),
    'nodegroup_create': ('UPDATE', 'CREATE'),
    'nodegroup_update': ('UPDATE', 'UPDATE'),
    'nodegroup_delete': ('UPDATE', 'DELETE'),
}

# Where the fake API of each COE pretends to listen, and the versions it
# reports; 192.0.2.0/24 is reserved for documentation (RFC 5737).
_API_URL = {
    'kubernetes': 'https://192.0.2.%d:6443',
    'swarm-mode': 'tcp://192.0.2.%d:2375',
    'mesos': 'http://192.0.2.%d:5050',
}
_COE_VERSION = {'kubernetes': 'v1.30.4', 'swarm-mode': '24.0.9',
                'mesos': '1.11.0'}
CONTAINER_VERSION = '1.7.20'


def _node_address(number):
    """The ``number``-th fake node address, in 10.0.0.0/8 without .0 and
    broadcast-looking hosts."""
    return '10.%d.%d.%d' % ((number // 64000) % 256,
                            (number // 250) % 256, number % 250 + 1)


def _uuid_of(obj):
    return getattr(obj, 'uuid', None) if obj is not None else None


def _new_stack_id(obj):
    """Keep an existing stack id; a versioned object may not have the field
    loaded at all."""
    if obj.obj_attr_is_set('stack_id') and obj.stack_id:
        return obj.stack_id
    return str(uuid.uuid4())


class FakeMonitor(driver.Monitor):
    """Reports the health the behaviour file's ``health`` entry sets."""

    def __init__(self, cluster, behaviour):
        self.cluster = cluster
        self.behaviour = behaviour

    def poll_health_status(self):
        status, reason = self.behaviour.health(self.cluster)
        return driver.HealthReport(status=status, reason=reason)


class FakeDriver(driver.Driver):
    """A beta driver that builds nothing; see the module docstring."""

    provides = [
        {'server_type': 'vm', 'os': 'fedora-coreos', 'coe': 'kubernetes'},
        {'server_type': 'vm', 'os': 'ubuntu', 'coe': 'mesos'},
        {'server_type': 'vm', 'os': 'fedora-coreos', 'coe': 'swarm-mode'},
    ]
    beta = True

    def __init__(self, clock=time.time):
        """``clock`` returns the current time in seconds; it dates the
        recorded calls and times the ``seconds`` behaviour. Tests give a
        controllable one; the entry point uses the wall clock."""
        self._clock = clock
        self.calls = []
        self._calls_lock = threading.Lock()
        self._stores_lock = threading.Lock()
        self._stores = {}

    # --- plumbing ----------------------------------------------------------

    @property
    def store(self):
        """The state store ``[fake_driver]`` currently points at."""
        path = state_mod.state_path(CONF)
        with self._stores_lock:
            store = self._stores.get(path)
            if store is None:
                store = self._stores[path] = state_mod.StateStore(path)
            return store

    def _behaviour(self):
        return behaviour_mod.Behaviour.load(CONF.fake_driver.behaviour_file)

    def _record(self, op, cluster=None, nodegroup=None, **args):
        record = {
            'op': op,
            'cluster_uuid': _uuid_of(cluster),
            'cluster_name': getattr(cluster, 'name', None),
            'nodegroup_uuid': _uuid_of(nodegroup),
            'nodegroup_name': getattr(nodegroup, 'name', None),
            'args': args,
            'pid': os.getpid(),
            'time': self._clock(),
        }
        with self._calls_lock:
            self.calls.append(record)
        if CONF.fake_driver.calls_file:
            files.append_json_line(CONF.fake_driver.calls_file, record)

    def _call(self, op, cluster, nodegroup=None, **args):
        """Record a call and return its plan, raising if told to."""
        self._record(op, cluster, nodegroup, **args)
        plan = self._behaviour().plan(op, cluster)
        plan.hold()
        error = plan.error()
        if error is not None:
            raise error
        return plan

    def _start(self, op, cluster, plan, nodegroups, target=None,
               nodes_to_remove=(), **extra):
        """Remember that ``op`` runs on ``cluster`` from now on."""
        with self.store.transaction() as state:
            entry = state['clusters'].get(cluster.uuid)
            if entry is None:
                counters = state.setdefault('counters', {})
                counters['slot'] = counters.get('slot', 0) + 1
                entry = state['clusters'][cluster.uuid] = {
                    'slot': counters['slot'], 'addresses': {},
                    'coe': 'kubernetes', 'coe_version': None}
            entry.update(extra)
            entry['op'] = {
                'name': op, 'plan': plan.to_dict(), 'started': self._clock(),
                'polls_seen': 0, 'nodegroups': [ng.uuid for ng in nodegroups],
                'target': _uuid_of(target), 'done': False,
                'nodes_to_remove': list(nodes_to_remove or ()),
            }

    @staticmethod
    def _nodegroups(cluster):
        return list(cluster.nodegroups or [])

    # --- cluster operations ------------------------------------------------

    def create_cluster(self, context, cluster, cluster_create_timeout):
        plan = self._call('create', cluster,
                          create_timeout=cluster_create_timeout)
        template = cluster.cluster_template
        coe = template.coe or 'kubernetes'
        labels = dict(template.labels or {}, **(cluster.labels or {}))
        cluster.stack_id = _new_stack_id(cluster)
        self._start('create', cluster, plan, self._nodegroups(cluster),
                    coe=coe, coe_version=labels.get(
                        'kube_tag', _COE_VERSION.get(coe)))

    def update_cluster(self, context, cluster, scale_manager=None,
                       rollback=False):
        plan = self._call('update', cluster, rollback=rollback)
        self._start('update', cluster, plan,
                    [ng for ng in self._nodegroups(cluster) if ng.is_default])

    def delete_cluster(self, context, cluster):
        plan = self._call('delete', cluster)
        self._start('delete', cluster, plan, self._nodegroups(cluster))

    def pre_delete_cluster(self, context, cluster):
        self._call('pre_delete', cluster)

    def resize_cluster(self, context, cluster, resize_manager, node_count,
                       nodes_to_remove, nodegroup=None):
        nodegroup = nodegroup or cluster.default_ng_worker
        plan = self._call('resize', cluster, nodegroup,
                          node_count=node_count,
                          nodes_to_remove=list(nodes_to_remove or []))
        self._start('resize', cluster, plan, [nodegroup], target=nodegroup,
                    nodes_to_remove=list(nodes_to_remove or []))

    def upgrade_cluster(self, context, cluster, cluster_template,
                        max_batch_size, nodegroup, scale_manager=None,
                        rollback=False):
        plan = self._call('upgrade', cluster, nodegroup,
                          cluster_template=_uuid_of(cluster_template),
                          max_batch_size=max_batch_size, rollback=rollback)
        labels = getattr(cluster_template, 'labels', None) or {}
        extra = {}
        if labels.get('kube_tag'):
            extra['coe_version'] = labels['kube_tag']
        targets = [nodegroup] if nodegroup else self._nodegroups(cluster)
        self._start('upgrade', cluster, plan, targets, target=nodegroup,
                    **extra)

    def rotate_ca_certificate(self, context, cluster):
        plan = self._call('rotate_ca', cluster)
        self._start('rotate_ca', cluster, plan, [])

    def rotate_credential(self, context, cluster):
        self._call('rotate_credential', cluster)

    # --- nodegroup operations ----------------------------------------------

    def create_nodegroup(self, context, cluster, nodegroup):
        plan = self._call('nodegroup_create', cluster, nodegroup)
        nodegroup.stack_id = _new_stack_id(nodegroup)
        self._start('nodegroup_create', cluster, plan, [nodegroup],
                    target=nodegroup)

    def update_nodegroup(self, context, cluster, nodegroup):
        plan = self._call('nodegroup_update', cluster, nodegroup)
        self._start('nodegroup_update', cluster, plan, [nodegroup],
                    target=nodegroup)

    def delete_nodegroup(self, context, cluster, nodegroup):
        plan = self._call('nodegroup_delete', cluster, nodegroup)
        self._start('nodegroup_delete', cluster, plan, [nodegroup],
                    target=nodegroup)

    # --- status and health -------------------------------------------------

    def get_monitor(self, context, cluster):
        return FakeMonitor(cluster, self._behaviour())

    def update_cluster_status(self, context, clusters):
        self._record('update_cluster_status',
                     clusters=[cluster.uuid for cluster in clusters])
        reports = {}
        with self.store.transaction() as state:
            for cluster in clusters:
                report = self._report(state, cluster)
                if report is not None:
                    reports[cluster.uuid] = report
        return reports

    def _report(self, state, cluster):
        entry = state['clusters'].get(cluster.uuid)
        op = entry and entry.get('op')
        if (op is None or cluster.status is None
                or not cluster.status.startswith(_ACTIONS[op['name']][0])):
            return self._unknown(cluster, entry)
        plan = behaviour_mod.Plan.from_dict(op['plan'])
        if not op['done']:
            op['polls_seen'] += 1
            op['done'] = self._finished(plan, op)
        if not op['done']:
            return self._in_progress(cluster, op)
        if op['name'] == 'delete' and plan.outcome == 'COMPLETE':
            del state['clusters'][cluster.uuid]
        return self._outcome(state, cluster, entry, op, plan)

    def _finished(self, plan, op):
        if plan.never_finish:
            return False
        if plan.seconds is not None:
            return self._clock() - op['started'] >= plan.seconds
        return op['polls_seen'] > plan.polls

    def _unknown(self, cluster, entry):
        """The answer for a cluster in progress that the driver has no
        running operation for (state lost, or the call never arrived):
        like Heat with a missing stack, deletes succeed and the rest fail.
        """
        status = cluster.status or ''
        if status not in S.IN_PROGRESS:
            return None
        action = status.rsplit('_', 2)[0]
        if action == 'DELETE':
            return driver.StatusReport(
                cluster_uuid=cluster.uuid, status=S.DELETE_COMPLETE,
                status_reason='Nothing left to delete.',
                nodegroups={ng.uuid: driver.NodeGroupReport(
                    status=S.DELETE_COMPLETE)
                    for ng in self._nodegroups(cluster)})
        reason = ('The fake driver has no %s operation running for cluster '
                  '%s.' % (action.lower(), cluster.uuid))
        return driver.StatusReport(
            cluster_uuid=cluster.uuid, status=action + '_FAILED',
            status_reason=reason,
            nodegroups={ng.uuid: driver.NodeGroupReport(
                status=action + '_FAILED', status_reason=reason)
                for ng in self._nodegroups(cluster)
                if ng.status in S.IN_PROGRESS})

    def _in_progress(self, cluster, op):
        cluster_action, ng_action = _ACTIONS[op['name']]
        reason = 'Fake %s in progress (status poll %d).' % (
            op['name'], op['polls_seen'])
        return driver.StatusReport(
            cluster_uuid=cluster.uuid,
            status=cluster_action + '_IN_PROGRESS', status_reason=reason,
            nodegroups={ng_uuid: driver.NodeGroupReport(
                status=ng_action + '_IN_PROGRESS', status_reason=reason)
                for ng_uuid in op['nodegroups']})

    def _outcome(self, state, cluster, entry, op, plan):
        cluster_action, ng_action = _ACTIONS[op['name']]
        suffix = '_' + plan.outcome
        nodegroups = {}
        cluster_nodegroups = self._nodegroups(cluster)
        for ng in cluster_nodegroups:
            affected = ng.uuid in op['nodegroups']
            report = driver.NodeGroupReport()
            if affected:
                report.status = ng_action + suffix
                report.status_reason = (
                    (plan.reason or 'Fake %s failed.' % op['name'])
                    if plan.outcome == 'FAILED'
                    else 'Fake %s complete.' % op['name'])
            if (plan.outcome == 'COMPLETE'
                    and report.status != S.DELETE_COMPLETE):
                report.node_addresses = self._addresses(state, entry, ng, op)
                report.node_count = len(report.node_addresses)
            elif report.status == S.DELETE_COMPLETE:
                entry['addresses'].pop(ng.uuid, None)
            nodegroups[ng.uuid] = report

        result = driver.StatusReport(
            cluster_uuid=cluster.uuid, status=cluster_action + suffix,
            nodegroups=nodegroups)
        if plan.outcome == 'FAILED':
            reason = plan.reason or 'Fake %s failed.' % op['name']
            target = [ng.name for ng in cluster_nodegroups
                      if ng.uuid == op['target']]
            result.status_reason = (
                '%s failed: %s' % (target[0], reason) if target else reason)
            result.faults = {plan.resource or 'fake_resource': reason}
            return result
        result.status_reason = 'Fake %s complete.' % op['name']
        if cluster_action != 'DELETE':
            coe = entry.get('coe') or 'kubernetes'
            url = _API_URL.get(coe, _API_URL['kubernetes'])
            result.api_address = url % (entry['slot'] % 254 + 1)
            result.coe_version = entry.get('coe_version')
            result.container_version = CONTAINER_VERSION
        return result

    @staticmethod
    def _addresses(state, entry, nodegroup, op):
        """Stable addresses for the nodegroup's current node count."""
        addresses = list(entry['addresses'].get(nodegroup.uuid, []))
        if op['target'] in (None, nodegroup.uuid):
            removed = set(op.get('nodes_to_remove') or ())
            addresses = [a for a in addresses if a not in removed]
        wanted = nodegroup.node_count or 0
        counters = state.setdefault('counters', {})
        while len(addresses) < wanted:
            counters['address'] = counters.get('address', 0) + 1
            addresses.append(_node_address(counters['address']))
        del addresses[wanted:]
        entry['addresses'][nodegroup.uuid] = addresses
        return list(addresses)
