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

"""CADF notifications of a real ``magnum-conductor`` read from RabbitMQ.

The conductor process publishes with ``[oslo_messaging_notifications]
driver = messaging`` on a topic unique to the test; this process reads the
events with an oslo.messaging notification listener on the same broker
and exchange. The requests come through ``magnum.conductor.api`` (as from
the REST API); terminal events come from the conductor's status sync.
"""

import queue

import kombu
import oslo_messaging as messaging
from oslo_utils import uuidutils
import pytest

from magnum.common import context as magnum_context
from magnum.common import exception
from magnum.conductor import api as conductor_api
from magnum.conf import opts
from magnum import objects
from magnum.objects import fields
from magnum.tests.functional.conductor import conftest
from magnum.tests.functional.conductor.conftest import wait_for
from magnum.tests.functional.rpc.conftest import _kombu_url

S = fields.ClusterStatus
HOST = 'conductor-n'

pytestmark = pytest.mark.parametrize('db_server', ['mysql'], indirect=True)


class _NotifyingConductors(conftest.Conductors):
    """Conductors that publish their notifications to ``events_topic``."""

    events_topic = None

    def config(self, host):
        path = super().config(host)
        with open(path, 'a') as config:
            config.write('[oslo_messaging_notifications]\n'
                         'driver = messaging\n'
                         'topics = %s\n' % self.events_topic)
        return path


class _Endpoint:
    def __init__(self, received):
        self.received = received

    def _take(self, priority, publisher_id, event_type, payload):
        self.received.put((priority, publisher_id, event_type, payload))
        return messaging.NotificationResult.HANDLED

    def info(self, ctxt, publisher_id, event_type, payload, metadata):
        return self._take('info', publisher_id, event_type, payload)

    def error(self, ctxt, publisher_id, event_type, payload, metadata):
        return self._take('error', publisher_id, event_type, payload)


class _Events:
    """Notifications received so far; ``expect`` waits for one."""

    def __init__(self):
        self.queue = queue.Queue()
        self.seen = []

    def expect(self, cluster_uuid, action, outcome, timeout=40):
        def match(item):
            payload = item[3]
            return (payload.get('target', {}).get('id') == cluster_uuid
                    and payload.get('action') == action
                    and payload.get('outcome') == outcome)

        def arrived():
            while True:
                try:
                    self.seen.append(self.queue.get_nowait())
                except queue.Empty:
                    break
            return [item for item in self.seen if match(item)]
        found = wait_for(arrived, timeout=timeout, interval=0.1,
                         what='%s/%s notification of %s' % (
                             action, outcome, cluster_uuid))
        assert len(found) == 1, found
        return found[0]

    def about(self, cluster_uuid):
        return [(item[3]['action'], item[3]['outcome'])
                for item in self.seen
                if item[3].get('target', {}).get('id') == cluster_uuid]


def _delete_queues(rabbit_url, names):
    with kombu.Connection(_kombu_url(rabbit_url)) as conn:
        channel = conn.channel()
        for name in names:
            try:
                channel.queue_delete(name)
            except Exception:  # absent queue closes the channel
                channel = conn.channel()


@pytest.fixture
def events_topic(rabbit_url, topic):
    name = 'magnum-notify-functest-%s' % uuidutils.generate_uuid()[:12]
    yield name
    _delete_queues(rabbit_url, ['%s.info' % name, '%s.error' % name,
                                '%s.%s' % (topic, HOST)])


@pytest.fixture
def events(api, rabbit_messaging, events_topic):
    """The listener, started before any conductor publishes."""
    # Declare the control exchange as the services do (durable): RabbitMQ
    # refuses to redeclare an exchange with another durability.
    rabbit_messaging.set_override('amqp_durable_queues', True,
                                  group='oslo_messaging_rabbit')
    received = _Events()
    transport = messaging.get_notification_transport(rabbit_messaging)
    listener = messaging.get_notification_listener(
        transport,
        [messaging.Target(topic=events_topic,
                          exchange=opts.CONTROL_EXCHANGE)],
        [_Endpoint(received.queue)], executor='threading')
    listener.start()
    try:
        yield received
    finally:
        listener.stop()
        listener.wait()
        transport.cleanup()
        rabbit_messaging.clear_override('amqp_durable_queues',
                                        group='oslo_messaging_rabbit')


@pytest.fixture
def notifying(tmp_path, rabbit_url, topic, shared_db, events_topic):
    _NotifyingConductors.events_topic = events_topic
    group = _NotifyingConductors(tmp_path, rabbit_url, topic,
                                 shared_db.url_text)
    try:
        yield group
    finally:
        group.close()


@pytest.fixture
def ctx():
    return magnum_context.make_context(
        project_id='project-n', user_id='user-n', roles=['member'],
        overwrite=False)


def _start(notifying, topic, ctx):
    notifying.start(HOST)

    def ping():
        try:
            return conductor_api.ListenerAPI(
                topic=topic, server=HOST, timeout=2).ping_conductor(ctx)
        except exception.ConductorUnavailable:
            return False
    wait_for(ping, timeout=40, interval=0.3, what='conductor %s' % HOST)


def _new_cluster(ctx, name):
    template = objects.ClusterTemplate(
        ctx, uuid=uuidutils.generate_uuid(), name='tpl-' + name,
        project_id=ctx.project_id, server_type='vm',
        cluster_distro='fedora-coreos', coe='kubernetes', driver='fake',
        image_id='fcos', flavor_id='m1.small', master_flavor_id='m1.small',
        labels={})
    template.create()
    return objects.Cluster(
        ctx, uuid=uuidutils.generate_uuid(), name=name,
        project_id=ctx.project_id, user_id=ctx.user_id,
        cluster_template_id=template.uuid, labels={}, create_timeout=60,
        master_flavor_id='m1.small', flavor_id='m1.small',
        keypair='kp-n')


def _check(item, cluster, priority, action, outcome, status):
    got_priority, publisher_id, event_type, payload = item
    assert got_priority == priority
    assert publisher_id == 'container-infra.%s' % HOST
    assert event_type == 'magnum.cluster.%s' % action
    assert payload['typeURI'] == 'http://schemas.dmtf.org/cloud/audit/1.0/event'
    assert payload['eventType'] == 'activity'
    assert (payload['action'], payload['outcome']) == (action, outcome)
    assert payload['id'] and payload['eventTime']
    target = payload['target']
    assert target['id'] == cluster.uuid
    assert target['name'] == cluster.name
    assert target['typeURI'] == 'service/magnum/cluster'
    assert payload['observer']['typeURI'] == 'service/magnum/cluster'
    [attachment] = target['attachments']
    assert attachment['name'] == 'cluster_data'
    data = attachment['content']
    if status is not None:
        assert data['status'] == status
    assert data['project_id'] == cluster.project_id
    assert data['keypair'] == 'kp-n'
    assert data['cluster_template_id'] == cluster.cluster_template_id
    return payload, data


def test_create_pending_then_success_then_delete(notifying, events, api,
                                                 ctx, topic):
    _start(notifying, topic, ctx)
    cluster = _new_cluster(ctx, 'notified')
    api.cluster_create(ctx, cluster, 1, 2, 60)

    pending = events.expect(cluster.uuid, 'create', 'pending')
    payload, data = _check(pending, cluster, 'info', 'create', 'pending',
                           S.CREATE_IN_PROGRESS)
    # The workflow publishes with the requester's context.
    assert payload['initiator']['id'] == 'user-n'
    assert payload['initiator']['project_id'] == 'project-n'
    assert (data['master_count'], data['node_count']) == (1, 2)

    success = events.expect(cluster.uuid, 'create', 'success')
    _, data = _check(success, cluster, 'info', 'create', 'success',
                     S.CREATE_COMPLETE)
    # The status sync's snapshot is taken after its write: addresses and
    # the API address the driver reported are in it.
    stored = objects.Cluster.get_by_uuid(ctx, cluster.uuid)
    assert stored.status == S.CREATE_COMPLETE
    assert data['api_address'] == stored.api_address
    assert data['node_addresses'] == stored.node_addresses
    assert len(data['node_addresses']) == 2

    api.cluster_delete(ctx, cluster.uuid)
    # (The snapshot of a pending delete is taken as the workflow starts;
    # its status is not asserted here.)
    _check(events.expect(cluster.uuid, 'delete', 'pending'), cluster,
           'info', 'delete', 'pending', None)
    _check(events.expect(cluster.uuid, 'delete', 'success'), cluster,
           'info', 'delete', 'success', S.DELETE_COMPLETE)
    assert events.about(cluster.uuid) == [
        ('create', 'pending'), ('create', 'success'),
        ('delete', 'pending'), ('delete', 'success')]


def test_create_failure_is_an_error_notification(notifying, events, api,
                                                 ctx, topic):
    notifying.behave({'create': {'polls': 0, 'outcome': 'FAILED',
                                 'reason': 'No valid host was found.',
                                 'resource': 'kube_masters'}})
    _start(notifying, topic, ctx)
    cluster = _new_cluster(ctx, 'refused')
    api.cluster_create(ctx, cluster, 1, 1, 60)

    _check(events.expect(cluster.uuid, 'create', 'pending'), cluster,
           'info', 'create', 'pending', S.CREATE_IN_PROGRESS)
    failure = events.expect(cluster.uuid, 'create', 'failure')
    _, data = _check(failure, cluster, 'error', 'create', 'failure',
                     S.CREATE_FAILED)
    assert 'No valid host was found.' in data['status_reason']
    assert 'success' not in [o for _, o in events.about(cluster.uuid)]
