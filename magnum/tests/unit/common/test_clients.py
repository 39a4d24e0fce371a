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

"""The OpenStack clients facade against a loopback stand-in cloud."""

import socket

from keystonemiddleware import auth_token  # noqa: F401 (its options)
import pytest

from magnum.common import clients
from magnum.common import context
from magnum.common import exception
from magnum.tests.unit.fixtures import cloud as fake


# The stand-in cloud's fixtures, used here by name.
caller = fake.caller
cloud = fake.cloud
cloud_conf = fake.cloud_conf


def _service_paths(cloud):
    return [path for path in cloud.paths()
            if not path.startswith('/identity')]


def _closed_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


@pytest.fixture
def osc(caller):
    return clients.OpenStackClients(caller)


# --- Glance ------------------------------------------------------------------

def test_image_by_id(osc, cloud):
    image = osc.find_image(fake.IMAGE_FCOS)
    assert image['name'] == 'fedora-coreos-40'
    assert cloud.paths() == ['/image/v2/images/' + fake.IMAGE_FCOS]
    assert cloud.requests[0][2] == fake.TOKEN


def test_image_by_name(osc, cloud):
    assert osc.find_image('plain-image')['id'] == fake.IMAGE_NO_DISTRO
    assert cloud.paths() == ['/image/v2/images?name=plain-image']


def test_image_missing(osc, cloud):
    assert osc.find_image('nope') is None


def test_unknown_uuid_falls_back_to_name_lookup(osc, cloud):
    ident = '00000000-0000-0000-0000-000000000000'
    assert osc.find_image(ident) is None
    assert cloud.paths() == ['/image/v2/images/' + ident,
                             '/image/v2/images?name=' + ident]


def test_image_duplicate_name_conflicts(osc):
    with pytest.raises(exception.Conflicts) as info:
        osc.find_image('twin-image')
    assert info.value.code == 409
    assert 'Multiple images' in str(info.value)


def test_image_properties_are_the_extra_keys(osc):
    props = clients.image_properties(osc.find_image(fake.IMAGE_FCOS))
    assert props == {'os_distro': 'fedora-coreos',
                     'magnum_driver': 'k8s_capi_helm_v1'}


# --- Nova --------------------------------------------------------------------

def test_flavor_by_id(osc, cloud):
    assert osc.find_flavor('3')['disk'] == 0
    assert cloud.paths() == ['/compute/v2.1/flavors/3']


def test_flavor_by_name_follows_pages(osc, cloud):
    flavor = osc.find_flavor('m1.last-page')
    assert flavor['id'] == '6'
    paths = cloud.paths()
    assert paths[0] == '/compute/v2.1/flavors/m1.last-page'
    assert paths[1] == '/compute/v2.1/flavors/detail?is_public=None'
    assert len(paths) == 4  # three pages of two flavors


def test_flavor_missing(osc):
    assert osc.find_flavor('m9.huge') is None


def test_flavor_name_is_quoted_in_path(osc, cloud):
    assert osc.find_flavor('a/b c') is None
    assert cloud.paths()[0] == '/compute/v2.1/flavors/a%2Fb%20c'


def test_flavor_duplicate_name_conflicts(osc):
    with pytest.raises(exception.Conflicts) as info:
        osc.find_flavor('twin-flavor')
    assert 'Multiple flavors' in str(info.value)


def test_keypair(osc, cloud):
    assert osc.find_keypair('mykey')['name'] == 'mykey'
    assert osc.find_keypair('other') is None
    assert cloud.paths() == ['/compute/v2.1/os-keypairs/mykey',
                             '/compute/v2.1/os-keypairs/other']


# --- Neutron -----------------------------------------------------------------

def test_network_by_id_and_name(osc, cloud):
    assert osc.find_network(fake.NET_PRIVATE)['name'] == 'private'
    assert osc.find_network('private')['id'] == fake.NET_PRIVATE
    assert cloud.paths() == ['/network/v2.0/networks/' + fake.NET_PRIVATE,
                             '/network/v2.0/networks?name=private']


def test_external_network_filter(osc, cloud):
    assert osc.find_network('public', external=True)['id'] == fake.NET_PUBLIC
    assert osc.find_network(fake.NET_PUBLIC, external=True) is not None
    assert osc.find_network('private', external=True) is None
    assert osc.find_network(fake.NET_PRIVATE, external=True) is None
    assert osc.find_network('public', external=False) is None
    assert ('/network/v2.0/networks?name=public&router%3Aexternal=True'
            in cloud.paths())


def test_network_duplicate_name_conflicts(osc):
    with pytest.raises(exception.Conflicts) as info:
        osc.find_network('twin-net')
    assert 'Multiple networks' in str(info.value)


def test_subnet(osc):
    assert osc.find_subnet(fake.SUBNET_PRIVATE)['name'] == 'private-subnet'
    assert osc.find_subnet('private-subnet')['id'] == fake.SUBNET_PRIVATE
    assert osc.find_subnet('nope') is None


# --- one facade per request --------------------------------------------------

def test_lookups_are_remembered(osc, cloud):
    first = osc.find_flavor('1')
    assert osc.find_flavor('1') is first
    osc.find_keypair('nokey')
    osc.find_keypair('nokey')
    assert len(cloud.requests) == 2


def test_session_is_built_once(osc):
    assert osc.session is osc.session
    assert osc.adapter('image').session is osc.adapter('compute').session


def test_get_clients_is_per_context(caller):
    other = context.RequestContext(auth_token=fake.TOKEN)
    assert clients.get_clients(caller) is clients.get_clients(caller)
    assert clients.get_clients(caller) is not clients.get_clients(other)


# --- catalog, interface, region ----------------------------------------------

def test_endpoint_type_selects_interface(osc, cloud, cloud_conf):
    cloud_conf.set_override('endpoint_type', 'internalURL',
                            group='glance_client')
    cloud_conf.set_override('endpoint_type', 'admin', group='neutron_client')
    osc.find_image('plain-image')
    osc.find_subnet('private-subnet')
    osc.find_keypair('mykey')
    assert cloud.paths() == [
        '/image-internal/v2/images?name=plain-image',
        '/network-admin/v2.0/subnets?name=private-subnet',
        '/compute/v2.1/os-keypairs/mykey']


def test_region_name_selects_region(caller, cloud, cloud_conf):
    caller.service_catalog = cloud.v2_catalog(
        regions={'RegionOne': '', 'RegionTwo': '-r2'})
    cloud_conf.set_override('region_name', 'RegionTwo', group='nova_client')
    clients.OpenStackClients(caller).find_flavor('1')
    assert cloud.paths() == ['/compute-r2/v2.1/flavors/1']


def test_v3_catalog_in_context(caller, cloud):
    caller.service_catalog = cloud.v3_catalog()
    osc = clients.OpenStackClients(caller)
    assert osc.find_network('public')['id'] == fake.NET_PUBLIC
    assert cloud.requests == [('GET', '/network/v2.0/networks?name=public',
                               fake.TOKEN)]


@pytest.mark.parametrize('uri_suffix', ['/identity', '/identity/v3'])
def test_catalog_discovered_with_the_token(cloud, cloud_conf, uri_suffix):
    cloud_conf.set_override('www_authenticate_uri', cloud.url + uri_suffix,
                            group='keystone_authtoken')
    ctx = context.RequestContext(auth_token=fake.TOKEN,
                                 project_id=fake.PROJECT_ID)
    osc = clients.OpenStackClients(ctx)
    assert osc.find_keypair('mykey') is not None
    posts = [path for method, path, _ in cloud.requests if method == 'POST']
    assert posts == ['/identity/v3/auth/tokens']
    method, path, token = cloud.requests[-1]
    assert path == '/compute/v2.1/os-keypairs/mykey'
    assert token.startswith('rescoped-')


def test_keystone_rejecting_the_token(cloud, cloud_conf):
    cloud_conf.set_override('www_authenticate_uri', cloud.url + '/identity',
                            group='keystone_authtoken')
    ctx = context.RequestContext(auth_token='revoked',
                                 project_id=fake.PROJECT_ID)
    with pytest.raises(exception.OpenStackServiceUnauthorized) as info:
        clients.OpenStackClients(ctx).find_image('plain-image')
    assert info.value.code == 403
    assert 'Keystone' in str(info.value)
    assert _service_paths(cloud) == []


def test_no_catalog_and_no_auth_url(cloud_conf):
    ctx = context.RequestContext(auth_token=fake.TOKEN)
    with pytest.raises(exception.OpenStackServiceError) as info:
        clients.OpenStackClients(ctx).find_image('x')
    assert 'www_authenticate_uri' in str(info.value)
    assert info.value.code == 503


def test_no_token(cloud, cloud_conf):
    ctx = context.RequestContext(project_id=fake.PROJECT_ID)
    ctx.service_catalog = cloud.v2_catalog()
    with pytest.raises(exception.OpenStackServiceError) as info:
        clients.OpenStackClients(ctx).find_image('x')
    assert 'validate_cloud_resources' in str(info.value)
    assert cloud.requests == []


# --- failures ----------------------------------------------------------------

def test_service_rejecting_the_token(osc, cloud):
    cloud.tokens.clear()
    with pytest.raises(exception.OpenStackServiceUnauthorized) as info:
        osc.find_flavor('1')
    assert info.value.code == 403
    assert 'Compute (Nova)' in str(info.value)
    assert '401' in str(info.value)


def test_service_forbidding(osc, cloud):
    cloud.fail['network'] = 403
    with pytest.raises(exception.OpenStackServiceUnauthorized) as info:
        osc.find_network('public')
    assert 'HTTP 403' in str(info.value)


@pytest.mark.parametrize('status', [500, 503, 400])
def test_service_failing(osc, cloud, status):
    cloud.fail['image'] = status
    with pytest.raises(exception.OpenStackServiceError) as info:
        osc.find_image('plain-image')
    assert info.value.code == 503
    assert not isinstance(info.value, exception.OpenStackServiceUnauthorized)
    assert 'HTTP %d' % status in str(info.value)
    assert 'Image (Glance)' in str(info.value)


def test_service_unreachable(caller, cloud):
    catalog = cloud.v2_catalog()
    dead = 'http://127.0.0.1:%d/network' % _closed_port()
    for service in catalog:
        if service['type'] == 'network':
            service['endpoints'][0]['publicURL'] = dead
    caller.service_catalog = catalog
    with pytest.raises(exception.OpenStackServiceError) as info:
        clients.OpenStackClients(caller).find_subnet('x')
    assert info.value.code == 503
    assert 'Network (Neutron)' in str(info.value)


def test_service_missing_from_catalog(caller, cloud):
    caller.service_catalog = [service for service in cloud.v2_catalog()
                              if service['type'] != 'image']
    with pytest.raises(exception.OpenStackServiceError) as info:
        clients.OpenStackClients(caller).find_image('x')
    assert 'no image endpoint' in str(info.value)
    assert cloud.requests == []
