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

"""The conductor RPC contract over a real RabbitMQ broker, server in a
thread of this process."""

import time

import oslo_messaging as messaging
import pytest

from magnum.common import exception
from magnum.common import rpc
from magnum.common import rpc_service
from magnum.conductor import api as conductor_api
from magnum.conductor import manager
from magnum import objects
from magnum.objects import base as objects_base
from magnum.tests.unit.conductor import utils


@pytest.fixture
def objs(ctx):
    return utils.make_objects(ctx)


@pytest.fixture
def start_conductor(rabbit_messaging, topic):
    services = []

    def start(handlers, host='conductor-a'):
        service = rpc_service.Service(
            [manager.ConductorEndpoint(handlers)],
            serializer=objects_base.MagnumObjectSerializer(),
            topic=topic, host=host)
        service.start()
        services.append(service)
        return service

    yield start
    for service in services:
        service.stop()
        service.wait()


def test_cast_and_call_round_trip(start_conductor, topic, objs, ctx):
    handlers = utils.RecordingHandlers()
    answer = objects.Certificate(ctx, cluster_uuid=objs.cluster.uuid,
                                 pem='-----BEGIN CERTIFICATE-----')
    handlers.returns['get_ca_certificate'] = answer
    start_conductor(handlers)
    api = conductor_api.API(topic=topic)

    api.cluster_create(ctx, objs.cluster, 3, 5, 60)
    [call] = handlers.wait_for(1)
    assert call.name == 'cluster_create'
    assert call.arguments['master_count'] == 3
    cluster = call.arguments['cluster']
    assert isinstance(cluster, objects.Cluster)
    assert [ng.name for ng in cluster.nodegroups] == ['default-master',
                                                      'default-worker']
    assert call.context.project_id == ctx.project_id
    assert call.context.user_id == ctx.user_id
    assert call.context.roles == ctx.roles

    result = api.get_ca_certificate(ctx, objs.cluster, 'etcd')
    assert isinstance(result, objects.Certificate)
    assert result.pem == answer.pem
    assert api.ping_conductor(ctx) is True
    assert conductor_api.ListenerAPI(topic=topic, server='conductor-a') \
        .ping_conductor(ctx) is True


def test_endpoint_errors_cross_the_broker_as_themselves(start_conductor,
                                                        topic, objs, ctx):
    handlers = utils.RecordingHandlers()
    handlers.raises['cluster_upgrade'] = \
        exception.ClusterUpgradeNotSupported(reason='no way')
    start_conductor(handlers)
    with pytest.raises(exception.ClusterUpgradeNotSupported) as info:
        conductor_api.API(topic=topic).cluster_upgrade(
            ctx, objs.cluster, objs.template, 1, objs.worker)
    assert info.value.code == 400
    # str() of a rebuilt remote exception carries the conductor's
    # traceback; the message meant for users is format_message().
    assert info.value.format_message() == \
        exception.ClusterUpgradeNotSupported.message
    assert 'Traceback' in str(info.value)


def test_cast_without_any_queue_is_refused(rabbit_messaging, topic, objs,
                                           ctx):
    """No conductor ever listened on the topic, so no queue is bound.

    Mechanism (checked against oslo.messaging 18.3 and RabbitMQ): the
    client's ``TransportOptions(at_least_once=True)`` makes the rabbit
    driver publish with the AMQP ``mandatory`` flag; the broker returns an
    unroutable message (basic.return) ahead of the publisher confirm the
    driver always waits for, and kombu's on_return raises
    ``MessageUndeliverable``. Without the option the same cast is accepted
    and the message is dropped by the broker.
    """
    api = conductor_api.API(topic=topic)
    with pytest.raises(exception.ConductorUnavailable) as info:
        api.cluster_delete(ctx, objs.cluster.uuid)
    assert info.value.code == 503
    assert isinstance(info.value.__cause__, messaging.MessageUndeliverable)

    # A call fails the same way at once instead of waiting for a timeout.
    started = time.monotonic()
    with pytest.raises(exception.ConductorUnavailable):
        conductor_api.API(topic=topic, timeout=60).credential_rotate(
            ctx, objs.cluster)
    assert time.monotonic() - started < 30

    # The control: a plain client (no at_least_once) loses the message
    # without a word.
    plain = messaging.get_rpc_client(
        rpc.get_transport(), messaging.Target(topic=topic, version='1.0'))
    assert plain.cast(ctx, 'cluster_delete', uuid='lost') is None


def test_casts_wait_in_the_queue_for_a_restarting_conductor(
        start_conductor, topic, objs, ctx):
    """Once a conductor has declared the topic queue, casts sent while no
    conductor runs are kept there and served by the next one."""
    first = utils.RecordingHandlers()
    service = start_conductor(first, host='conductor-a')
    api = conductor_api.API(topic=topic)
    assert api.ping_conductor(ctx) is True
    service.stop()
    service.wait()

    for uuid in ('one', 'two', 'three'):
        api.cluster_delete(ctx, uuid)  # accepted: the queue is bound

    second = utils.RecordingHandlers()
    start_conductor(second, host='conductor-b')
    calls = second.wait_for(3)
    assert [c.arguments['uuid'] for c in calls] == ['one', 'two', 'three']
    assert first.calls == []


def test_two_conductors_share_the_topic(start_conductor, topic, ctx):
    """Each cast is delivered to exactly one of the conductors."""
    handlers = utils.RecordingHandlers()
    start_conductor(handlers, host='conductor-a')
    start_conductor(handlers, host='conductor-b')
    api = conductor_api.API(topic=topic)
    for index in range(20):
        api.cluster_delete(ctx, 'uuid-%d' % index)
    calls = handlers.wait_for(20)
    assert sorted(c.arguments['uuid'] for c in calls) == sorted(
        'uuid-%d' % i for i in range(20))
    with handlers._cond:
        assert len(handlers.calls) == 20
