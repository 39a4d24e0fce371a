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

"""How the conductor RPC client fails: ``ConductorUnavailable`` (503) for
whatever kept a message from its conductor, the endpoint's own errors
otherwise."""

import socket

import oslo_messaging as messaging
import pytest

from magnum.common import exception
from magnum.common import rpc
from magnum.common import rpc_service
from magnum.conductor import api as conductor_api
from magnum.conductor import manager
from magnum.objects import base as objects_base
from magnum.tests.unit.conductor import utils


@pytest.fixture
def make_service(fake_messaging):
    services = []

    def make(handlers=None, topic='topic-under-test', host='h'):
        service = rpc_service.Service(
            [manager.ConductorEndpoint(handlers)],
            serializer=objects_base.MagnumObjectSerializer(),
            topic=topic, host=host)
        service.start()
        services.append(service)
        return service

    yield make
    for service in services:
        service.stop()
        service.wait()


def test_ping_of_an_absent_conductor_is_unavailable(make_service, ctx):
    make_service(topic='pinged', host='somebody')
    assert conductor_api.ListenerAPI(topic='pinged', server='somebody') \
        .ping_conductor(ctx) is True
    listener = conductor_api.ListenerAPI(topic='pinged', server='nobody',
                                         timeout=0.5)
    with pytest.raises(exception.ConductorUnavailable) as info:
        listener.ping_conductor(ctx)
    assert info.value.code == 503
    assert isinstance(info.value.__cause__, messaging.MessagingTimeout)


def test_without_handlers_the_endpoint_is_not_implemented(
        make_service, objs, ctx):
    make_service(handlers=None, topic='no-handlers')
    api = conductor_api.API(topic='no-handlers')
    with pytest.raises(NotImplementedError):
        api.rotate_ca_certificate(ctx, objs.cluster)
    assert api.ping_conductor(ctx) is True


@pytest.mark.parametrize('error', [
    messaging.MessagingTimeout('no reply'),
    messaging.MessageDeliveryFailure('broker gone'),
    messaging.MessageUndeliverable(Exception('NO_ROUTE'), 'magnum',
                                   'magnum-conductor', {}),
])
@pytest.mark.parametrize('name', ['cluster_create', 'sign_certificate'])
def test_messaging_failures_become_conductor_unavailable(
        name, error, fake_messaging, monkeypatch, objs, ctx):
    def fail(self, *args, **kwargs):
        raise error

    monkeypatch.setattr(messaging.RPCClient, 'cast', fail)
    monkeypatch.setattr(messaging.RPCClient, 'call', fail)
    api = conductor_api.API()
    with pytest.raises(exception.ConductorUnavailable) as info:
        getattr(api, name)(ctx, **utils.METHODS[name][1](objs))
    assert info.value.code == 503
    assert info.value.__cause__ is error
    assert type(error).__name__ in str(info.value)


def test_remote_errors_are_not_conductor_unavailable(
        fake_messaging, monkeypatch, objs, ctx):
    error = messaging.RemoteError('KeyError', 'x', 'trace')

    def fail(self, *args, **kwargs):
        raise error

    monkeypatch.setattr(messaging.RPCClient, 'call', fail)
    with pytest.raises(messaging.RemoteError):
        conductor_api.API().credential_rotate(ctx, objs.cluster)


def test_unreachable_broker_is_unavailable(fake_messaging, objs, ctx):
    """A real rabbit transport to a port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        port = sock.getsockname()[1]
    fake_messaging.set_override(
        'transport_url', 'rabbit://guest:guest@127.0.0.1:%d/' % port)
    api = conductor_api.API(retry=0)
    with pytest.raises(exception.ConductorUnavailable) as info:
        api.cluster_delete(ctx, objs.cluster.uuid)
    assert info.value.code == 503
    assert api._rpc_client().retry == 0


def test_clients_retry_a_bounded_number_of_times_by_default():
    assert conductor_api.API().retry == rpc.PUBLISH_RETRIES > 0
    assert conductor_api.ListenerAPI().retry == rpc.PUBLISH_RETRIES
    assert conductor_api.ListenerAPI(retry=1).retry == 1


def test_client_follows_a_messaging_reset(make_service, ctx):
    service = make_service(topic='reset')
    api = conductor_api.API(topic='reset')
    assert api.ping_conductor(ctx) is True
    first = rpc.get_transport()
    service.stop()
    service.wait()
    rpc.cleanup()
    service.start()
    assert rpc.get_transport() is not first
    assert api.ping_conductor(ctx) is True


def test_api_defaults_to_the_configured_topic(fake_messaging):
    fake_messaging.set_override('topic', 'elsewhere', group='conductor')
    assert conductor_api.API().topic == 'elsewhere'
    assert conductor_api.API(topic='t').topic == 't'
