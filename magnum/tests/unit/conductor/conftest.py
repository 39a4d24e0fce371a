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

"""Conductor RPC over oslo.messaging's in-process ``fake://`` driver.

``fake_messaging``
    Global CONF with oslo.messaging's options and ``transport_url =
    fake://``; Magnum's transports are reset before and after. A module
    uses either this or ``conductor``, not both (each resets messaging).
``conductor``
    A running ``rpc_service.Service`` with a ``ConductorEndpoint`` over
    fresh ``RecordingHandlers``, on a topic of its own; exposes ``api``
    (the client), ``handlers``, ``host``, ``topic`` and ``sent`` (every
    message the transport was asked to send in this test: method, whether
    a reply was awaited, transport options, retry). The service is shared
    by the tests of a module: stopping an RPC server takes a second
    (futurist's idle worker timeout).
"""

import collections
import contextlib
import types

from oslo_messaging import conffixture
from oslo_messaging import transport as om_transport
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

Sent = collections.namedtuple('Sent', 'method wait_for_reply options retry')


@contextlib.contextmanager
def _fake_messaging():
    fixture = conffixture.ConfFixture(CONF)
    fixture.setUp()
    fixture.transport_url = 'fake://'
    rpc.cleanup()
    try:
        yield CONF
    finally:
        rpc.cleanup()
        fixture.cleanUp()


@pytest.fixture
def fake_messaging():
    with _fake_messaging() as conf:
        yield conf


@contextlib.contextmanager
def _spy_on_sends():
    messages = []
    original = om_transport.Transport._send

    def _send(self, target, ctxt, message, wait_for_reply=None, *args,
              **kwargs):
        messages.append(Sent(message.get('method'), bool(wait_for_reply),
                             kwargs.get('transport_options'),
                             kwargs.get('retry')))
        return original(self, target, ctxt, message, wait_for_reply, *args,
                        **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(om_transport.Transport, '_send', _send)
        yield messages


@pytest.fixture(scope='module')
def _shared_conductor():
    topic = 'magnum-conductor-test-%s' % uuidutils.generate_uuid()[:8]
    endpoint = manager.ConductorEndpoint()
    service = rpc_service.Service(
        [endpoint], serializer=objects_base.MagnumObjectSerializer(),
        topic=topic, host='conductor-1')
    with _fake_messaging(), _spy_on_sends() as sent:
        service.start()
        try:
            yield types.SimpleNamespace(
                api=conductor_api.API(topic=topic), endpoint=endpoint,
                service=service, topic=topic, host='conductor-1', sent=sent)
        finally:
            service.stop()
            service.wait()


@pytest.fixture
def conductor(_shared_conductor):
    shared = _shared_conductor
    shared.handlers = shared.endpoint.handlers = utils.RecordingHandlers()
    shared.sent.clear()
    try:
        yield shared
    finally:
        shared.handlers.release.set()


@pytest.fixture
def objs(ctx):
    return utils.make_objects(ctx)
