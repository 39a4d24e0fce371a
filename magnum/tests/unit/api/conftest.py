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

"""Fixtures of the API tests: the Paste-built application under WebTest.

``noauth_app`` / ``keystone_app``
    ``webtest.TestApp`` over the whole pipeline of etc/magnum/api-paste.ini
    with ``auth_strategy`` noauth / keystone. The keystone one rejects
    missing tokens itself (``delay_auth_decision = False``) and points at a
    closed loopback port, so it never reaches a Keystone.
``gadgets``
    Mounts ``magnum.tests.unit.api.fakes.GadgetsController`` at
    ``/v1/gadgets`` and ``ContextController`` at ``/v1/whoami`` for the
    test, to exercise the machinery controllers rely on.
"""

import collections
import contextlib
import os
import socket
import types

import pytest
import webtest

from magnum.api import app
from magnum.api.controllers import v1
import magnum.conf
from magnum.tests.unit.api import fakes

CONF = magnum.conf.CONF

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__),
                                    '..', '..', '..', '..'))
PASTE_FILE = os.path.join(REPO, 'etc', 'magnum', 'api-paste.ini')


def closed_port():
    """A loopback TCP port nothing listens on (just released)."""
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


@pytest.fixture
def api_conf():
    app.register_log_opts()
    CONF([], project='magnum', default_config_files=[])
    CONF.set_override('api_paste_config', PASTE_FILE, group='api')
    yield CONF
    CONF.reset()


@pytest.fixture
def noauth_app(api_conf):
    api_conf.set_override('auth_strategy', 'noauth')
    return webtest.TestApp(app.load_app())


@pytest.fixture
def keystone_app(api_conf):
    from keystonemiddleware import auth_token  # noqa: registers its options

    port = closed_port()
    api_conf.set_override('auth_strategy', 'keystone')
    api_conf.set_override('delay_auth_decision', False,
                          group='keystone_authtoken')
    api_conf.set_override('www_authenticate_uri',
                          'http://127.0.0.1:%d/identity' % port,
                          group='keystone_authtoken')
    return webtest.TestApp(app.load_app())


@pytest.fixture
def gadgets(monkeypatch):
    monkeypatch.setattr(v1.Controller, 'gadgets',
                        fakes.GadgetsController(), raising=False)
    monkeypatch.setattr(v1.Controller, 'whoami',
                        fakes.ContextController(), raising=False)


def version_header(version):
    return {'OpenStack-API-Version': 'container-infra %s' % version}


# --- resources: a SQLite database and a conductor over fake:// --------------
#
# Resource tests run on SQLite only: mark the module with
#     pytestmark = SQLITE_ONLY
# and request ``db``. ``conductor`` runs a real ConductorEndpoint on the
# default conductor topic over oslo.messaging's in-process ``fake://``
# transport, answering through ``conductor.handlers`` (a fresh
# ``magnum.tests.unit.conductor.utils.RecordingHandlers`` for each test, or
# whatever ``conductor.use(...)`` installs); ``conductor.sent`` lists the
# messages the API sent in this test (method, wait_for_reply, ...).

SQLITE_ONLY = pytest.mark.parametrize('db_server', ['sqlite'], indirect=True,
                                      scope='session')

SentMessage = collections.namedtuple('SentMessage',
                                     'method wait_for_reply options retry')


@contextlib.contextmanager
def _recorded_sends():
    from oslo_messaging import transport as om_transport

    messages = []
    original = om_transport.Transport._send

    def _send(self, target, ctxt, message, wait_for_reply=None, *args,
              **kwargs):
        messages.append(SentMessage(message.get('method'),
                                    bool(wait_for_reply),
                                    kwargs.get('transport_options'),
                                    kwargs.get('retry')))
        return original(self, target, ctxt, message, wait_for_reply, *args,
                        **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(om_transport.Transport, '_send', _send)
        yield messages


@pytest.fixture(scope='module')
def _api_conductor_service():
    from oslo_messaging import conffixture

    from magnum.common import rpc
    from magnum.common import rpc_service
    from magnum.conductor import manager
    from magnum.objects import base as objects_base

    fixture = conffixture.ConfFixture(CONF)
    fixture.setUp()
    fixture.transport_url = 'fake://'
    rpc.cleanup()
    endpoint = manager.ConductorEndpoint()
    service = rpc_service.Service(
        [endpoint], serializer=objects_base.MagnumObjectSerializer(),
        topic=CONF.conductor.topic, host='conductor-1')
    try:
        with _recorded_sends() as sent:
            service.start()
            try:
                yield types.SimpleNamespace(endpoint=endpoint, sent=sent)
            finally:
                service.stop()
                service.wait()
    finally:
        rpc.cleanup()
        fixture.cleanUp()


@pytest.fixture
def conductor(_api_conductor_service):
    from magnum.tests.unit.conductor import utils as conductor_utils

    shared = _api_conductor_service

    def use(handlers):
        shared.handlers = shared.endpoint.handlers = handlers
        return handlers

    shared.use = use
    use(conductor_utils.RecordingHandlers())
    shared.sent.clear()
    try:
        yield shared
    finally:
        shared.handlers.release.set()


# --- callers and error bodies, for resource tests ---------------------------


def caller(project, user, roles):
    """noauth identity headers of a caller."""
    return {'X-Project-Id': project, 'X-User-Id': user, 'X-Roles': roles}


ADMIN = caller('project-admin', 'admin', 'admin,member,reader')
MEMBER_A = caller('project-a', 'user-a', 'member,reader')
READER_A = caller('project-a', 'user-a', 'reader')
OTHER_MEMBER_A = caller('project-a', 'user-a2', 'member,reader')
MEMBER_B = caller('project-b', 'user-b', 'member,reader')
NO_ROLE_A = caller('project-a', 'user-a', 'guest')

ERROR_KEYS = {'request_id', 'code', 'status', 'title', 'detail', 'links'}


def error_of(response, status):
    """The single error entry of an error response with ``status``."""
    assert response.status_int == status, response.text
    assert response.content_type == 'application/json'
    (error,) = response.json['errors']
    assert set(error) == ERROR_KEYS
    assert error['status'] == status
    assert error['code'] == ('client' if status < 500 else 'server')
    return error
