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

"""CADF audit notifications about cluster operations.

``notify`` publishes (from a thread of its own, see ``_Publisher``) one
oslo.messaging notification with event type
``magnum.cluster.<action>`` whose payload is a CADF ``activity`` event:
the initiator is the user of the request context, target and observer are
the cluster. Workflows send ``pending`` when an operation starts and
``failure`` when it is refused or breaks; the status sync sends
``success`` / ``failure`` when a cluster reaches a terminal state.

Compatibility quirk: the ``cluster_data`` attachment carries the volume
size under the key ``docker_volume_size:`` (with a trailing colon), the
key existing consumers of these events read.
"""

import datetime
import queue
import threading
import time

from oslo_log import log as logging
from pycadf import attachment
from pycadf import cadftaxonomy as taxonomy
from pycadf import cadftype
from pycadf import event as cadf_event
from pycadf import reason as cadf_reason
from pycadf import resource

from magnum.common import rpc
from magnum.objects import fields

LOG = logging.getLogger(__name__)

CREATE = taxonomy.ACTION_CREATE
UPDATE = taxonomy.ACTION_UPDATE
DELETE = taxonomy.ACTION_DELETE
ACTIONS = (CREATE, UPDATE, DELETE)

PENDING = taxonomy.OUTCOME_PENDING
SUCCESS = taxonomy.OUTCOME_SUCCESS
FAILURE = taxonomy.OUTCOME_FAILURE
OUTCOMES = (PENDING, SUCCESS, FAILURE)

CLUSTER_TYPE_URI = 'service/magnum/cluster'
EVENT_TYPE = 'magnum.cluster.%s'

# cluster_data key -> Cluster field. The colon is deliberate (see above).
_CLUSTER_DATA = (
    ('status', 'status'),
    ('status_reason', 'status_reason'),
    ('project_id', 'project_id'),
    ('created_at', 'created_at'),
    ('updated_at', 'updated_at'),
    ('cluster_template_id', 'cluster_template_id'),
    ('keypair', 'keypair'),
    ('docker_volume_size:', 'docker_volume_size'),
    ('labels', 'labels'),
    ('master_flavor_id', 'master_flavor_id'),
    ('flavor_id', 'flavor_id'),
    ('stack_id', 'stack_id'),
    ('health_status', 'health_status'),
    ('create_timeout', 'create_timeout'),
    ('api_address', 'api_address'),
    ('discovery_url', 'discovery_url'),
    ('node_addresses', 'node_addresses'),
    ('master_addresses', 'master_addresses'),
    ('node_count', 'node_count'),
    ('master_count', 'master_count'),
)

_STATUS_ACTIONS = {'CREATE': CREATE, 'UPDATE': UPDATE,
                   'ROLLBACK': UPDATE, 'DELETE': DELETE}


def terminal_outcome(status):
    """``(action, outcome)`` to announce when a cluster reaches ``status``,
    or ``None`` when the status is not a terminal one worth an event:
    ``*_COMPLETE`` is a success, ``*_FAILED`` a failure, and the action is
    ``delete`` for DELETE_*, ``create`` for CREATE_*, else ``update``."""
    if not status:
        return None
    if status in fields.ClusterStatus.STATUS_FAILED:
        outcome = FAILURE
    elif status.endswith('_COMPLETE'):
        outcome = SUCCESS
    else:
        return None
    return _STATUS_ACTIONS.get(status.split('_', 1)[0], UPDATE), outcome


_UNSET = object()


def _value(cluster, name):
    # Where oslo.versionedobjects stores a set field: reading it there
    # skips the field getter, a fifth of the cost of a notification.
    value = vars(cluster).get('_obj_' + name, _UNSET)
    if value is _UNSET:
        try:
            # Derived fields (counts, addresses) load on first access.
            value = getattr(cluster, name)
        except Exception:  # unset, and nothing to load it from
            return None
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, list):
        return list(value)
    return value


def cluster_data(cluster):
    """The ``cluster_data`` attachment content for ``cluster``."""
    return {key: _value(cluster, name) for key, name in _CLUSTER_DATA}


def _initiator(context):
    user_id = getattr(context, 'user_id', None)
    project_id = getattr(context, 'project_id', None)
    domain_id = (getattr(context, 'domain_id', None)
                 or getattr(context, 'user_domain_id', None))
    # Without a user (periodic tasks) pycadf generates an id.
    initiator = resource.Resource(typeURI=taxonomy.ACCOUNT_USER,
                                  id=user_id or None)
    initiator.user_id = user_id
    initiator.project_id = project_id
    initiator.domain_id = domain_id
    return initiator


def build_event(context, cluster, action, outcome, reason=None):
    """The CADF event (a ``pycadf.event.Event``) describing the operation."""
    return _event(context, cluster.uuid, cluster.name, cluster_data(cluster),
                  action, outcome, reason)


def _event(context, uuid, name, data, action, outcome, reason):
    if action not in ACTIONS:
        raise ValueError('unknown cluster action %r' % (action,))
    if outcome not in OUTCOMES:
        raise ValueError('unknown outcome %r' % (outcome,))
    target = resource.Resource(id=uuid, name=name, typeURI=CLUSTER_TYPE_URI)
    target.add_attachment(attachment.Attachment(
        typeURI=CLUSTER_TYPE_URI, name='cluster_data', content=data))
    event = cadf_event.Event(
        eventType=cadftype.EVENTTYPE_ACTIVITY, action=action,
        outcome=outcome, initiator=_initiator(context), target=target,
        observer=resource.Resource(typeURI=CLUSTER_TYPE_URI))
    if reason:
        event.reason = _reason(outcome, reason)
    return event


def _reason(outcome, text):
    return cadf_reason.Reason(reasonType=outcome, reasonCode=str(text))


def as_primitive(value):
    """``event.as_dict()`` without oslo.serialization's generic walk,
    which costs more than building the event."""
    if isinstance(value, cadftype.CADFAbstractType):
        value = vars(value)
    if isinstance(value, dict):
        return {str(k): as_primitive(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [as_primitive(v) for v in value]
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return value


def notify(context, cluster, action, outcome, reason=None):
    """Queue the event for publishing; never raises (a notification that
    cannot be built or sent is logged and the operation carries on)."""
    try:
        item = _Item(context, cluster.uuid, cluster.name,
                     cluster_data(cluster), action, outcome, reason)
        _PUBLISHER.put(item)
    except Exception:
        LOG.exception('Could not send the %s/%s notification for cluster '
                      '%s', action, outcome, getattr(cluster, 'uuid', None))


def notify_many(events):
    """``notify`` for each ``(context, cluster, action, outcome[, reason])``
    in ``events``, queued together."""
    items = []
    for event in events:
        context, cluster, action, outcome = event[:4]
        reason = event[4] if len(event) > 4 else None
        try:
            items.append(_Item(context, cluster.uuid, cluster.name,
                               cluster_data(cluster), action, outcome,
                               reason))
        except Exception:
            LOG.exception('Could not send the %s/%s notification for '
                          'cluster %s', action, outcome,
                          getattr(cluster, 'uuid', None))
    if items:
        _PUBLISHER.put_many(items)


def flush(timeout=None):
    """Wait until every queued notification has been handed to
    oslo.messaging; ``True`` if the queue drained in time."""
    return _PUBLISHER.flush(timeout)


class _Item:
    __slots__ = ('context', 'uuid', 'name', 'data', 'action', 'outcome',
                 'reason')

    def __init__(self, context, uuid, name, data, action, outcome, reason):
        self.context = context
        self.uuid = uuid
        self.name = name
        self.data = data
        self.action = action
        self.outcome = outcome
        self.reason = reason


def _send(item):
    event = _event(item.context, item.uuid, item.name, item.data,
                   item.action, item.outcome, item.reason)
    notifier = rpc.get_notifier()
    method = notifier.error if item.outcome == FAILURE else notifier.info
    method(item.context, EVENT_TYPE % item.action, as_primitive(event))


class _Publisher:
    """One thread handing notifications to oslo.messaging in order.

    ``notify`` only snapshots the cluster and queues: a notifier waiting
    for an unreachable broker (oslo.messaging retries for ever by default)
    must hold up neither a workflow nor the status sync. The queue is
    bounded; when it is full, new notifications are dropped and logged.
    """

    MAX_QUEUED = 10000

    def __init__(self):
        self._queue = queue.Queue(self.MAX_QUEUED)
        self._lock = threading.Lock()
        self._thread = None

    def put(self, item):
        self.put_many([item])

    def put_many(self, items):
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, daemon=True,
                    name='magnum-notifications')
                self._thread.start()
        for item in items:
            try:
                self._queue.put_nowait(item)
            except queue.Full:
                LOG.error('Notification queue full; dropped the %s/%s '
                          'notification for cluster %s', item.action,
                          item.outcome, item.uuid)

    def _run(self):
        while True:
            item = self._queue.get()
            try:
                _send(item)
            except Exception:
                LOG.exception('Could not send the %s/%s notification for '
                              'cluster %s', item.action, item.outcome,
                              item.uuid)
            finally:
                self._queue.task_done()

    def flush(self, timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._queue.all_tasks_done:
            while self._queue.unfinished_tasks:
                remaining = (None if deadline is None
                             else deadline - time.monotonic())
                if remaining is not None and remaining <= 0:
                    return False
                self._queue.all_tasks_done.wait(remaining)
        return True


_PUBLISHER = _Publisher()
