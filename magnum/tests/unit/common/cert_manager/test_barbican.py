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

"""The barbican backend against an HTTP stand-in of the Key Manager API."""

import uuid

from keystoneauth1 import loading as ks_loading
from keystoneauth1 import session as ks_session
from keystoneauth1 import token_endpoint
import pytest

from magnum.common.cert_manager import barbican_cert_manager
from magnum.common import exception
from magnum.tests.unit.common.cert_manager.conftest import assert_same
from magnum.tests.unit.common.cert_manager import keymanager_standin

TOKEN = 'good-token'


@pytest.fixture(scope='module')
def keymanager():
    standin = keymanager_standin.KeyManagerStandIn(TOKEN)
    yield standin
    standin.stop()


@pytest.fixture
def clean(keymanager):
    keymanager.secrets.clear()
    keymanager.containers.clear()
    keymanager.requests.clear()
    keymanager.fail_containers = False
    return keymanager


def manager_for(url, token=TOKEN):
    session = ks_session.Session(auth=token_endpoint.Token(url, token))
    return barbican_cert_manager.BarbicanCertManager(session=session)


@pytest.fixture
def manager(clean):
    return manager_for(clean.url)


def test_round_trip(manager, clean, material):
    ref = manager.store_cert(name='cluster-1 ca', **material)
    assert ref.startswith(clean.url + '/v1/containers/')
    container = clean.containers[ref.rsplit('/', 1)[-1]]
    assert container['type'] == 'certificate'
    assert container['name'] == 'cluster-1 ca'
    assert sorted(e['name'] for e in container['secret_refs']) == [
        'certificate', 'intermediates', 'private_key',
        'private_key_passphrase']
    assert len(clean.secrets) == 4
    stored = {s['name']: s['payload'] for s in clean.secrets.values()}
    assert stored['cluster-1 ca private_key'] == material['private_key']
    assert_same(manager.get_cert(ref), material)


def test_optional_parts_are_not_stored(manager, clean, material):
    ref = manager.store_cert(material['certificate'],
                             material['private_key'])
    assert len(clean.secrets) == 2
    cert = manager.get_cert(ref)
    assert cert.get_certificate() == material['certificate']
    assert cert.get_intermediates() is None
    assert cert.get_private_key_passphrase() is None


def test_delete_removes_container_and_secrets(manager, clean, material):
    ref = manager.store_cert(**material)
    other = manager.store_cert(**material)
    manager.delete_cert(ref)
    assert list(clean.containers) == [other.rsplit('/', 1)[-1]]
    assert len(clean.secrets) == 4
    with pytest.raises(exception.CertificateNotFound) as info:
        manager.get_cert(ref)
    assert info.value.code == 404
    with pytest.raises(exception.CertificateNotFound):
        manager.delete_cert(ref)
    manager.delete_cert(other)
    assert clean.containers == {} and clean.secrets == {}


def test_bad_token_is_a_clear_error(clean, material):
    manager = manager_for(clean.url, token='expired')
    with pytest.raises(exception.CertManagerError) as info:
        manager.store_cert(**material)
    assert '401' in str(info.value)
    assert 'barbican' in str(info.value)
    assert clean.secrets == {}


def test_failed_container_leaves_no_secrets(manager, clean, material):
    clean.fail_containers = True
    with pytest.raises(exception.CertManagerError) as info:
        manager.store_cert(**material)
    assert '500' in str(info.value)
    assert clean.secrets == {} and clean.containers == {}
    assert [m for m, _p in clean.requests].count('delete') == 4


def test_only_the_uuid_of_a_reference_is_used(manager, clean, material):
    ref = manager.store_cert(**material)
    forged = 'http://attacker.invalid:1/v1/containers/' + \
        ref.rsplit('/', 1)[-1]
    assert_same(manager.get_cert(forged), material)


@pytest.mark.parametrize('ref', ['', 'http://x/v1/containers/not-a-uuid'])
def test_malformed_reference(manager, clean, ref):
    with pytest.raises(exception.CertificateNotFound):
        manager.get_cert(ref)
    assert clean.requests == []


def test_endpoint_with_version_suffix(clean, material):
    manager = manager_for(clean.url + '/v1/')
    ref = manager.store_cert(**material)
    assert_same(manager.get_cert(ref), material)


def test_unreachable_service(material):
    manager = manager_for('http://127.0.0.1:9/')
    with pytest.raises(exception.CertManagerError):
        manager.get_cert(str(uuid.uuid4()))


def test_session_from_keystone_auth_options(conf_fixture, conf, clean,
                                            material):
    opts = ks_loading.get_auth_plugin_conf_options('admin_token')
    conf_fixture.register_opts(opts, group='keystone_auth')
    conf.set_override('auth_type', 'admin_token', group='keystone_auth')
    conf.set_override('endpoint', clean.url, group='keystone_auth')
    conf.set_override('token', TOKEN, group='keystone_auth')
    session = barbican_cert_manager.session_from_conf(conf)
    manager = barbican_cert_manager.BarbicanCertManager(session=session)
    ref = manager.store_cert(**material)
    assert_same(manager.get_cert(ref), material)


def test_incomplete_keystone_auth_options(conf_fixture, conf):
    # Registered through the fixture so that they are unregistered after
    # the test: keystoneauth registers a plugin's options (auth_url is
    # required) and a leftover required option breaks later CONF() calls.
    conf_fixture.register_opts(
        ks_loading.get_auth_plugin_conf_options('password'),
        group='keystone_auth')
    conf.set_override('auth_type', 'password', group='keystone_auth')
    with pytest.raises(exception.CertManagerError) as info:
        barbican_cert_manager.session_from_conf(conf)
    assert 'keystone_auth' in str(info.value)
    assert 'auth' in str(info.value.__cause__).lower()
