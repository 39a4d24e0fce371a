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

"""The RPC service: start, serve on its topic and host, stop cleanly."""

import threading

from oslo_messaging import conffixture
from oslo_utils import uuidutils
import pytest

from magnum.common import rpc
from magnum.common import rpc_service
from magnum.conductor import api as conductor_api
from magnum.conductor import manager
import magnum.conf
from magnum.objects import base as objects_base
from magnum.tests.unit.conductor import utils

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


def _service(handlers=None, **kwargs):
    return rpc_service.Service(
        [manager.ConductorEndpoint(handlers)],
        serializer=objects_base.MagnumObjectSerializer(), **kwargs)


def test_defaults_come_from_config(fake_messaging):
    fake_messaging.set_override('host', 'conductor-host')
    fake_messaging.set_override('topic', 'conductor-topic',
                                group='conductor')
    service = _service()
    assert (service.topic, service.host) == ('conductor-topic',
                                             'conductor-host')


def test_serves_topic_and_own_server_queue(fake_messaging, ctx):
    fake_messaging.set_override('host', 'conductor-host')
    topic = 'svc-%s' % uuidutils.generate_uuid()
    service = _service(topic=topic)
    service.start()
    service.start()  # a second start is a no-op
    try:
        assert service.started
        assert conductor_api.API(topic=topic).ping_conductor(ctx) is True
        assert conductor_api.ListenerAPI(
            topic=topic, server='conductor-host').ping_conductor(ctx) is True
    finally:
        service.stop()
        service.wait()
    assert not service.started


def test_stop_lets_running_work_finish(fake_messaging, ctx, objs):
    handlers = utils.RecordingHandlers()
    handlers.block.add('cluster_delete')
    topic = 'svc-%s' % uuidutils.generate_uuid()
    service = _service(handlers, topic=topic, host='h')
    service.start()
    conductor_api.API(topic=topic).cluster_delete(ctx, objs.cluster.uuid)
    assert handlers.entered.wait(10)

    service.stop()
    waited = threading.Event()
    waiter = threading.Thread(target=lambda: (service.wait(), waited.set()))
    waiter.start()
    # wait() must not return while the handler runs.
    assert not waited.wait(0.3)
    handlers.release.set()
    assert waited.wait(10)
    waiter.join(10)
    assert [c.name for c in handlers.calls] == ['cluster_delete']


def test_casts_sent_before_start_are_served(fake_messaging, ctx, objs):
    """In-process messaging keeps what was cast until a server listens:
    the embedded mode loses nothing sent while the conductor starts."""
    handlers = utils.RecordingHandlers()
    topic = 'svc-%s' % uuidutils.generate_uuid()
    api = conductor_api.API(topic=topic)
    api.cluster_delete(ctx, 'one')
    api.cluster_delete(ctx, 'two')
    service = _service(handlers, topic=topic, host='h')
    service.start()
    try:
        calls = handlers.wait_for(2)
    finally:
        service.stop()
        service.wait()
    assert [c.arguments['uuid'] for c in calls] == ['one', 'two']


def test_stop_and_wait_before_start_do_nothing(fake_messaging):
    service = _service(topic='never')
    service.stop()
    service.wait()
    service.reset()
    assert not service.started


@pytest.fixture
def objs(ctx):
    return utils.make_objects(ctx)
