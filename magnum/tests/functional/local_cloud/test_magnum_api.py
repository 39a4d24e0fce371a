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

"""Magnum's API (``magnum-all`` started by ``local-cloud up``) with real
Keystone tokens: authentication, roles, project isolation, and the cloud
resource checks Magnum makes against the catalog's stand-in services."""

import json
import urllib.error
import urllib.request

from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session
import pytest

from magnum.tests.functional.local_cloud import magnum_api as api


def raw(local_cloud, path, token=None):
    url = local_cloud.state['magnum_url'] + path
    req = urllib.request.Request(url)
    if token is not None:
        req.add_header('X-Auth-Token', token)
    try:
        with urllib.request.urlopen(req, timeout=15) as resp:
            return resp.status, dict(resp.headers), json.load(resp)
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), json.loads(exc.read())


@pytest.fixture(scope='module')
def demo_cluster(local_cloud):
    """A private template and a CREATE_COMPLETE cluster of project demo."""
    template = api.create_template(local_cloud, 'demo_member')
    status, data = api.call(local_cloud, 'demo_member', 'POST', '/clusters',
                            {'name': api.unique('lc-cluster'),
                             'cluster_template_id': template['uuid'],
                             'node_count': 1})
    assert status == 202, data
    cluster = api.wait_cluster(local_cloud, 'demo_member', data['uuid'],
                               'CREATE_COMPLETE')
    yield template, cluster
    api.delete_cluster(local_cloud, 'demo_member', cluster['uuid'])
    api.delete_template(local_cloud, 'demo_member', template['uuid'])


@pytest.mark.parametrize('token', [None, 'gAAAAAB-not-a-real-token'])
def test_missing_or_bad_token_is_401(local_cloud, token):
    status, headers, body = raw(local_cloud, '/v1/clusters', token)
    assert status == 401
    assert body['errors'][0]['status'] == 401
    assert 'Keystone uri=' in headers.get('WWW-Authenticate', '')


def test_revoked_token_is_401(local_cloud):
    # A token Magnum has not seen yet (keystonemiddleware caches the tokens
    # it validated, as on any cloud): Keystone refuses it once revoked.
    user = local_cloud.state['users']['demo_reader']
    auth = v3.Password(auth_url=local_cloud.auth_url,
                       username=user['username'], password=user['password'],
                       project_name=user['project_name'],
                       user_domain_id='default', project_domain_id='default')
    token = ks_session.Session(auth=auth).get_token()
    resp = local_cloud.session('admin').delete(
        local_cloud.auth_url + '/auth/tokens',
        headers={'X-Subject-Token': token})
    assert resp.status_code == 204
    status, _, body = raw(local_cloud, '/v1/clustertemplates', token)
    assert status == 401, body
    assert body['errors'][0]['status'] == 401


def test_version_documents_need_no_token(local_cloud):
    status, _, body = raw(local_cloud, '/')
    assert status == 200
    assert 'versions' in body


def test_reader_reads_but_cannot_create(local_cloud, demo_cluster):
    template, cluster = demo_cluster
    for path in ('/clusters', '/clustertemplates'):
        status, data = api.call(local_cloud, 'demo_reader', 'GET', path)
        assert status == 200, data
    status, data = api.call(local_cloud, 'demo_reader', 'GET',
                            '/clusters/' + cluster['uuid'])
    assert status == 200 and data['name'] == cluster['name']
    status, data = api.call(local_cloud, 'demo_reader', 'POST',
                            '/clustertemplates',
                            api.template_body(api.unique('lc-reader')))
    assert status == 403, data
    status, data = api.call(local_cloud, 'demo_reader', 'POST', '/clusters',
                            {'name': api.unique('lc-reader'),
                             'cluster_template_id': template['uuid']})
    assert status == 403, data


def test_member_cannot_publish_but_admin_can(local_cloud):
    status, data = api.call(local_cloud, 'demo_member', 'POST',
                            '/clustertemplates',
                            api.template_body(api.unique('lc-pub'),
                                              public=True))
    assert status == 403, data
    public = api.create_template(local_cloud, 'admin', public=True)
    try:
        assert public['public'] is True
        # A public template is visible from every project.
        status, data = api.call(local_cloud, 'alt_reader', 'GET',
                                '/clustertemplates/' + public['uuid'])
        assert status == 200, data
    finally:
        api.delete_template(local_cloud, 'admin', public['uuid'])


@pytest.mark.parametrize('user', ['alt_member', 'alt_reader'])
def test_other_project_cannot_see_demo_resources(local_cloud, demo_cluster,
                                                 user):
    template, cluster = demo_cluster
    for kind, item in (('clustertemplates', template),
                       ('clusters', cluster)):
        for ident in (item['uuid'], item['name']):
            status, data = api.call(local_cloud, user, 'GET',
                                    '/%s/%s' % (kind, ident))
            assert status == 404, (kind, ident, data)
        status, data = api.call(local_cloud, user, 'GET', '/' + kind)
        assert status == 200, data
        assert item['uuid'] not in [x['uuid'] for x in data[kind]]
    status, data = api.call(local_cloud, user, 'GET',
                            '/clusters/%s/nodegroups' % cluster['uuid'])
    assert status == 404, data


def test_other_project_cannot_change_demo_resources(local_cloud,
                                                    demo_cluster):
    template, cluster = demo_cluster
    for method, path in (('DELETE', '/clusters/' + cluster['uuid']),
                         ('DELETE', '/clustertemplates/' + template['uuid'])):
        status, data = api.call(local_cloud, 'alt_member', method, path)
        assert status == 404, (path, data)
    status, data = api.call(local_cloud, 'alt_member', 'POST', '/clusters',
                            {'name': api.unique('lc-alt'),
                             'cluster_template_id': template['uuid']})
    assert status == 404, data
    status, data = api.call(local_cloud, 'demo_member', 'GET',
                            '/clusters/' + cluster['uuid'])
    assert status == 200 and data['status'] == 'CREATE_COMPLETE'


def test_admin_sees_every_project(local_cloud, demo_cluster):
    _, cluster = demo_cluster
    status, data = api.call(local_cloud, 'admin', 'GET', '/clusters')
    assert status == 200, data
    assert cluster['uuid'] in [c['uuid'] for c in data['clusters']]


def test_demo_cluster_has_its_nodegroups(local_cloud, demo_cluster):
    _, cluster = demo_cluster
    status, data = api.call(local_cloud, 'demo_member', 'GET',
                            '/clusters/%s/nodegroups' % cluster['uuid'])
    assert status == 200, data
    roles = sorted(ng['role'] for ng in data['nodegroups'])
    assert roles == ['master', 'worker']


@pytest.mark.parametrize('field, value', [
    ('image_id', 'no-such-image'),
    ('flavor_id', 'no-such-flavor'),
    ('external_network_id', 'no-such-network'),
])
def test_template_resources_are_checked_in_the_cloud(local_cloud, field,
                                                     value):
    # Magnum looks these up in the stand-in image/compute/network APIs it
    # finds through the Keystone catalog, with the caller's token.
    body = api.template_body(api.unique('lc-bad'), **{field: value})
    status, data = api.call(local_cloud, 'demo_member', 'POST',
                            '/clustertemplates', body)
    assert status in (400, 404), data
    assert value in ' '.join(api.error_titles(data)), data


def test_image_os_distro_comes_from_the_image_service(local_cloud):
    template = api.create_template(local_cloud, 'demo_member',
                                   image_id='fedora-coreos-latest')
    try:
        assert template['cluster_distro'] == 'fedora-coreos'
    finally:
        api.delete_template(local_cloud, 'demo_member', template['uuid'])
