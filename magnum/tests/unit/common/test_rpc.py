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

"""Messaging plumbing over oslo.messaging's in-process ``fake://``."""

import threading

from oslo_context import context as oslo_context
import oslo_messaging as messaging
from oslo_messaging import conffixture
from oslo_messaging.rpc import dispatcher
from oslo_utils import uuidutils
import pytest

from magnum.common import context as magnum_context
from magnum.common import rpc
import magnum.conf
from magnum import objects
from magnum.objects import base as objects_base

CONF = magnum.conf.CONF


@pytest.fixture
def fake_messaging():
    fixture = conffixture.ConfFixture(CONF)
    fixture.setUp()
    fixture.transport_url = 'fake://'
    rpc.cleanup()
    yield CONF
    rpc.cleanup()
    fixture.cleanUp()


def _context():
    return magnum_context.make_context(
        project_id='p1', user_id='u1', roles=['reader', 'member'],
        all_tenants=True, is_admin=True, user_name='bob',
        project_name='proj', auth_token='secret', overwrite=False)


def test_context_round_trip():
    serializer = rpc.RequestContextSerializer()
    context = _context()
    values = serializer.serialize_context(context)
    assert isinstance(values, dict)
    assert values['all_tenants'] is True
    restored = serializer.deserialize_context(values)
    assert isinstance(restored, magnum_context.RequestContext)
    for name in ('project_id', 'user_id', 'all_tenants', 'is_admin',
                 'request_id', 'user_name', 'project_name'):
        assert getattr(restored, name) == getattr(context, name), name
    assert sorted(restored.roles) == ['member', 'reader']


def test_deserializing_leaves_the_threads_current_context_alone():
    serializer = rpc.RequestContextSerializer()
    values = serializer.serialize_context(_context())
    mine = magnum_context.make_context(project_id='mine')  # overwrites
    serializer.deserialize_context(values)
    assert oslo_context.get_current() is mine


def test_entities_go_through_the_base_serializer(ctx):
    serializer = rpc.RequestContextSerializer(
        objects_base.MagnumObjectSerializer())
    ng = objects.NodeGroup(ctx, uuid=uuidutils.generate_uuid(), name='ng',
                           cluster_id='c', node_count=2)
    primitive = serializer.serialize_entity(ctx, {'ng': ng, 'n': 1})
    assert primitive['ng']['magnum_object.name'] == 'NodeGroup'
    back = serializer.deserialize_entity(ctx, primitive)
    assert isinstance(back['ng'], objects.NodeGroup)
    assert back['ng'].uuid == ng.uuid and back['n'] == 1


def test_without_base_entities_pass_unchanged(ctx):
    serializer = rpc.RequestContextSerializer()
    assert serializer.serialize_entity(ctx, {'a': [1]}) == {'a': [1]}
    assert serializer.deserialize_entity(ctx, 'x') == 'x'


def test_transport_is_built_once_and_reset_by_cleanup(fake_messaging):
    assert not rpc.initialized()
    transport = rpc.get_transport()
    assert rpc.initialized()
    assert rpc.get_transport() is transport
    assert type(transport._driver).__name__ == 'FakeDriver'
    rpc.cleanup()
    assert not rpc.initialized()
    assert rpc.get_transport() is not transport


def test_init_is_idempotent(fake_messaging):
    first = rpc.init(fake_messaging)
    assert rpc.init(fake_messaging) is first


def test_concurrent_first_use_builds_one_transport(fake_messaging):
    seen = []
    start = threading.Barrier(8)

    def use():
        start.wait(10)
        seen.append(rpc.get_transport())

    threads = [threading.Thread(target=use) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert len(seen) == 8 and len(set(map(id, seen))) == 1


def test_client_publishes_at_least_once_with_bounded_retries(
        fake_messaging):
    client = rpc.get_client(messaging.Target(topic='t', version='1.0'),
                            version_cap='1.0', timeout=7)
    assert client.transport_options.at_least_once is True
    assert client.retry == rpc.PUBLISH_RETRIES > 0
    assert client.timeout == 7
    assert client.version_cap == '1.0'
    assert isinstance(client.serializer, rpc.RequestContextSerializer)


class _Echo:
    target = messaging.Target(version='1.0')

    def echo(self, context, value):
        return {'project': context.project_id, 'value': value}

    def _secret(self, context):
        return 'leaked'


@pytest.fixture
def echo_server(fake_messaging):
    target = messaging.Target(topic='echo-%s' % uuidutils.generate_uuid(),
                              server='h1')
    server = rpc.get_server(target, [_Echo()])
    server.start()
    yield target
    server.stop()
    server.wait()


def test_server_uses_threads_and_default_access_policy(echo_server):
    server = rpc.get_server(echo_server, [_Echo()])
    assert server.executor_type == 'threading'
    assert isinstance(server.dispatcher.access_policy,
                      dispatcher.DefaultRPCAccessPolicy)


def test_round_trip_with_context(echo_server):
    client = rpc.get_client(messaging.Target(topic=echo_server.topic))
    assert client.call(_context(), 'echo', value=[1, 2]) == {
        'project': 'p1', 'value': [1, 2]}


def test_private_methods_cannot_be_called(echo_server):
    client = rpc.get_client(messaging.Target(topic=echo_server.topic))
    with pytest.raises(dispatcher.NoSuchMethod):
        client.call(_context(), '_secret')


def test_notifier_publisher_is_container_infra_host(fake_messaging):
    fake_messaging.set_override('host', 'node-7')
    assert rpc.get_notifier().publisher_id == 'container-infra.node-7'
    assert rpc.get_notifier('other.x').publisher_id == 'other.x'


def test_notification_is_delivered(fake_messaging):
    fake_messaging.set_override('driver', ['messaging'],
                                group='oslo_messaging_notifications')
    fake_messaging.set_override('host', 'node-7')
    received = []
    arrived = threading.Event()

    class Endpoint:
        def info(self, ctxt, publisher_id, event_type, payload, metadata):
            received.append((ctxt, publisher_id, event_type, payload))
            arrived.set()

    rpc.get_notifier().info(_context(), 'magnum.cluster.create',
                            {'outcome': 'pending'})
    listener = messaging.get_notification_listener(
        rpc._notification_transport,
        [messaging.Target(topic='notifications')], [Endpoint()])
    listener.start()
    try:
        assert arrived.wait(10)
    finally:
        listener.stop()
        listener.wait()
    [(ctxt, publisher_id, event_type, payload)] = received
    assert publisher_id == 'container-infra.node-7'
    assert event_type == 'magnum.cluster.create'
    assert payload == {'outcome': 'pending'}
    # oslo.messaging sends a redacted copy of the context (no token).
    assert ctxt['project_id'] == 'p1' and ctxt['user_name'] == 'bob'
    assert ctxt['auth_token'] is None
    assert ctxt['all_tenants'] is True


def test_delivery_errors_cover_the_messaging_failures():
    for error in (messaging.MessagingTimeout,
                  messaging.MessageDeliveryFailure,
                  messaging.MessageUndeliverable):
        assert issubclass(error, rpc.DELIVERY_ERRORS)
    assert not issubclass(messaging.RemoteError, rpc.DELIVERY_ERRORS)
