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

"""Real Keystone tokens, the catalog, and the stand-in cloud APIs."""

import json
import urllib.error
import urllib.request

import pytest
from heatclient import exc as heat_exc

EXPECTED_ROLES = {
    'admin': {'admin'},
    'demo_member': {'member'},
    'demo_reader': {'reader'},
    'alt_member': {'member'},
    'alt_reader': {'reader'},
    'magnum': {'admin', 'service'},
}

STANDIN_PATHS = {
    'image': '/v2/images',
    'compute': '/v2.1/flavors',
    'network': '/v2.0/networks',
    'load-balancer': '/v2/lbaas/loadbalancers',
}


def raw_get(url, token=None):
    req = urllib.request.Request(url)
    if token is not None:
        req.add_header('X-Auth-Token', token)
    try:
        with urllib.request.urlopen(req, timeout=15) as resp:
            return resp.status, dict(resp.headers), json.load(resp)
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def get(local_cloud, user, service_type, path, **params):
    sess = local_cloud.session(user)
    resp = sess.get(path, params=params or None,
                    endpoint_filter={'service_type': service_type,
                                     'interface': 'public'})
    return resp.json()


@pytest.mark.parametrize('user', sorted(EXPECTED_ROLES))
def test_user_gets_a_scoped_token(local_cloud, user):
    sess = local_cloud.session(user)
    access = sess.auth.get_access(sess)
    assert sess.get_token()
    assert access.project_name == local_cloud.state['users'][user][
        'project_name']
    assert EXPECTED_ROLES[user] <= set(access.role_names)
    if user.endswith('_reader'):
        assert 'member' not in access.role_names


def test_wrong_password_is_refused(local_cloud):
    body = json.dumps({'auth': {'identity': {
        'methods': ['password'], 'password': {'user': {
            'name': 'demo_member', 'password': 'not-the-password',
            'domain': {'id': 'default'}}}}}}).encode()
    req = urllib.request.Request(local_cloud.auth_url + '/auth/tokens',
                                 data=body, method='POST',
                                 headers={'Content-Type':
                                          'application/json'})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req, timeout=15)
    assert err.value.code == 401


@pytest.mark.parametrize('service', sorted(STANDIN_PATHS))
def test_standin_requires_a_valid_token(local_cloud, service):
    url = local_cloud.state['standin_urls'][service] + STANDIN_PATHS[service]
    status, headers, _ = raw_get(url)
    assert status == 401
    status, headers, _ = raw_get(url, token='gAAAAAB-not-a-real-token')
    assert status == 401
    assert 'Keystone uri=' in headers.get('WWW-Authenticate', '')
    token = local_cloud.session('demo_reader').get_token()
    status, _, body = raw_get(url, token=token)
    assert status == 200, body


def test_catalog_lists_the_local_cloud(local_cloud):
    sess = local_cloud.session('demo_member')
    catalog = sess.auth.get_access(sess).service_catalog
    types = {entry['type']: entry for entry in catalog.catalog}
    for wanted in ('identity', 'orchestration', 'container-infra', 'image',
                   'compute', 'network', 'load-balancer'):
        assert wanted in types, wanted
    assert types['container-infra']['name'] == 'magnum'
    magnum_url = catalog.url_for(service_type='container-infra',
                                 interface='public')
    assert magnum_url == 'http://127.0.0.1:%d/v1' % (
        local_cloud.state['ports']['magnum'])


def test_heat_is_found_through_the_catalog(local_cloud):
    heat = local_cloud.heat('demo_member')
    sess = local_cloud.session('demo_member')
    project_id = sess.get_project_id()
    endpoint = sess.get_endpoint(service_type='orchestration',
                                 interface='public')
    assert endpoint == '%s/v1/%s' % (local_cloud.state['heat_url'],
                                     project_id)
    assert isinstance(list(heat.stacks.list()), list)


def test_reader_may_read_but_not_create_stacks(local_cloud):
    heat = local_cloud.heat('demo_reader')
    list(heat.stacks.list())
    with pytest.raises(heat_exc.HTTPForbidden):
        heat.stacks.create(stack_name='reader-may-not',
                           template={'heat_template_version': '2021-04-16',
                                     'resources': {}})


def test_images_carry_os_distro(local_cloud):
    images = get(local_cloud, 'demo_member', 'image', '/v2/images')['images']
    distros = {i['name']: i['os_distro'] for i in images}
    assert distros['fedora-coreos-latest'] == 'fedora-coreos'
    assert 'ubuntu' in distros.values()
    found = get(local_cloud, 'demo_member', 'image', '/v2/images',
                name='fedora-coreos-latest')['images']
    assert [i['name'] for i in found] == ['fedora-coreos-latest']
    one = get(local_cloud, 'alt_reader', 'image',
              '/v2/images/' + found[0]['id'])
    assert one['os_distro'] == 'fedora-coreos'


def test_flavors_and_keypairs(local_cloud):
    flavors = get(local_cloud, 'demo_member', 'compute',
                  '/flavors/detail')['flavors']
    by_name = {f['name']: f for f in flavors}
    for name in ('m1.small', 'm1.medium', 'ds2G'):
        assert by_name[name]['disk'] > 0
    one = get(local_cloud, 'demo_member', 'compute',
              '/flavors/' + by_name['m1.small']['id'])['flavor']
    assert one['ram'] == by_name['m1.small']['ram']
    for user in ('demo_member', 'alt_member', 'demo_reader'):
        keypair = get(local_cloud, user, 'compute',
                      '/os-keypairs/testkey')['keypair']
        assert keypair['name'] == 'testkey'
        assert keypair['user_id'] == local_cloud.session(user).get_user_id()
    resp = local_cloud.session('demo_member').get(
        '/os-keypairs/no-such-key', raise_exc=False,
        endpoint_filter={'service_type': 'compute'})
    assert resp.status_code == 404
    assert 'itemNotFound' in resp.json()


def test_networks_and_subnets(local_cloud):
    external = get(local_cloud, 'demo_member', 'network', '/v2.0/networks',
                   **{'router:external': 'True'})['networks']
    assert [n['name'] for n in external] == ['public']
    private = get(local_cloud, 'demo_member', 'network', '/v2.0/networks',
                  name='private')['networks']
    assert len(private) == 1 and not private[0]['router:external']
    subnets = get(local_cloud, 'demo_member', 'network', '/v2.0/subnets',
                  network_id=private[0]['id'])['subnets']
    assert [s['cidr'] for s in subnets] == ['10.0.0.0/24']


def test_load_balancers_are_per_project(local_cloud):
    demo = local_cloud.session('demo_member')
    alt = local_cloud.session('alt_member')
    lb_api = {'service_type': 'load-balancer'}
    created = demo.post('/v2/lbaas/loadbalancers', endpoint_filter=lb_api,
                        json={'loadbalancer': {
                            'name': 'lc-test', 'description': 'cluster x',
                            'vip_subnet_id': 'x'}}).json()['loadbalancer']
    path = '/v2/lbaas/loadbalancers/' + created['id']
    listed = demo.get('/v2/lbaas/loadbalancers', endpoint_filter=lb_api,
                      params={'name': 'lc-test'}).json()['loadbalancers']
    assert [lb['id'] for lb in listed] == [created['id']]
    assert alt.get(path, endpoint_filter=lb_api,
                   raise_exc=False).status_code == 404
    assert alt.delete(path, endpoint_filter=lb_api,
                      raise_exc=False).status_code == 404
    assert demo.delete(path, endpoint_filter=lb_api).status_code == 204
    assert demo.get(path, endpoint_filter=lb_api,
                    raise_exc=False).status_code == 404
