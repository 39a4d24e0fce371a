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

"""Keystone sessions reused on the create path and by the status sync,
against the stand-in cloud on loopback."""

from keystoneauth1 import loading as ks_loading
from oslo_config import fixture as config_fixture
import pytest

from magnum.common import clients
from magnum.common import context
from magnum.common import keystone
from magnum.tests.unit.fixtures import cloud as fake

caller = fake.caller
cloud = fake.cloud
cloud_conf = fake.cloud_conf

LOGIN = ('POST', '/identity/v3/auth/tokens')


def logins(cloud):
    return [r for r in cloud.requests if (r[0], r[1]) == LOGIN]


@pytest.fixture
def service_conf(cloud_conf, cloud):
    fixture = config_fixture.Config(cloud_conf)
    fixture.setUp()
    fixture.register_opts(ks_loading.get_auth_plugin_conf_options('password'),
                          group='keystone_auth')
    cloud_conf.set_override('auth_type', 'password', group='keystone_auth')
    cloud_conf.set_override('auth_url', cloud.url + '/identity/v3',
                            group='keystone_auth')
    cloud_conf.set_override('username', 'magnum', group='keystone_auth')
    cloud_conf.set_override('password', 'secret', group='keystone_auth')
    yield cloud_conf
    keystone.forget_trust_sessions('trust-1')
    keystone.forget_trust_sessions('trust-2')
    fixture.cleanUp()


def test_user_session_is_shared_with_the_cloud_lookups(caller):
    session = keystone.user_session(caller)
    assert keystone.user_session(caller) is session
    assert clients.get_clients(caller).session is session


def test_user_session_with_the_catalog_needs_no_login(caller, cloud):
    session = keystone.user_session(caller)
    url = session.get_endpoint(service_type='network', interface='public')
    assert url.startswith(cloud.url)
    assert session.get_token() == fake.TOKEN
    assert logins(cloud) == []


def test_user_session_without_catalog_logs_in_once(caller, cloud,
                                                   service_conf):
    caller.service_catalog = None
    session = keystone.user_session(caller)
    session.get_endpoint(service_type='network', interface='public')
    keystone.user_session(caller).get_endpoint(service_type='image',
                                               interface='public')
    assert len(logins(cloud)) == 1


def test_catalog_travels_with_the_context(caller):
    restored = context.RequestContext.from_dict(caller.to_dict())
    assert restored.service_catalog == caller.service_catalog
    assert restored.auth_token == caller.auth_token


def test_context_without_catalog_stays_without(caller):
    caller.service_catalog = None
    values = caller.to_dict()
    assert 'service_catalog' not in values
    restored = context.RequestContext.from_dict(values)
    assert getattr(restored, 'service_catalog', None) is None


def test_cached_trust_session_is_reused_per_trust(service_conf):
    first = keystone.cached_trust_session('trust-1')
    assert keystone.cached_trust_session('trust-1') is first
    other = keystone.cached_trust_session('trust-2')
    assert other is not first
    assert other.auth._trust_id == 'trust-2'
    # A plain trust_session is always a new one.
    assert keystone.trust_session('trust-1') is not first


def test_cached_trust_session_differs_per_trustee(service_conf):
    trustee = keystone.Trustee('u-trustee', 'pw')
    own = keystone.cached_trust_session('trust-1', trustee)
    assert own is not keystone.cached_trust_session('trust-1')
    assert keystone.cached_trust_session('trust-1', trustee) is own


def test_deleting_a_trust_forgets_its_sessions(service_conf):
    first = keystone.cached_trust_session('trust-1')
    # The stand-in refuses the trust login: the trust counts as gone.
    assert keystone.delete_trust('trust-1') is True
    assert keystone.cached_trust_session('trust-1') is not first
