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

import os
import socket

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
