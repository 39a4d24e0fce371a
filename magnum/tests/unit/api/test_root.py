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

"""The version documents at / and /v1, and the router in front of v1."""

import pytest

RESOURCES = ('clustertemplates', 'clusters', 'quotas', 'certificates',
             'mservices', 'stats', 'federations', 'credentials')


def test_root_document(noauth_app):
    response = noauth_app.get('/')
    assert response.status_int == 200
    assert response.content_type == 'application/json'
    assert response.json == {
        'name': 'OpenStack Magnum API',
        'description': 'Magnum is an OpenStack project which aims to '
                       'provide container cluster management.',
        'versions': [{
            'id': 'v1',
            'links': [{'href': 'http://localhost/v1/', 'rel': 'self'}],
            'status': 'CURRENT',
            'max_version': '1.16',
            'min_version': '1.1',
        }],
    }


@pytest.mark.parametrize('path', ['/v1', '/v1/'])
def test_v1_document(noauth_app, path):
    doc = noauth_app.get(path).json
    assert doc['id'] == 'v1'
    assert doc['media_types'] == [{
        'base': 'application/json',
        'type': 'application/vnd.openstack.magnum.v1+json'}]
    assert doc['links'] == [
        {'href': 'http://localhost/v1/', 'rel': 'self'},
        {'href': 'http://docs.openstack.org/developer/magnum/dev/'
                 'api-spec-v1.html',
         'rel': 'describedby', 'type': 'text/html'},
    ]
    for resource in RESOURCES:
        assert doc[resource] == [
            {'href': 'http://localhost/v1/%s/' % resource, 'rel': 'self'},
            {'href': 'http://localhost/%s/' % resource, 'rel': 'bookmark'},
        ]
    assert doc['nodegroups'] == [
        {'href': 'http://localhost/v1/clusters/{cluster_id}/nodegroups',
         'rel': 'self'},
        {'href': 'http://localhost/clusters/{cluster_id}/nodegroups',
         'rel': 'bookmark'},
    ]
    assert set(doc) == {'id', 'media_types', 'links', 'nodegroups',
                        *RESOURCES}


def test_links_follow_the_mount_point(noauth_app):
    response = noauth_app.get(
        '/v1', extra_environ={'SCRIPT_NAME': '/container-infra',
                              'HTTP_HOST': 'cloud.example:8080'})
    assert response.json['links'][0]['href'] == \
        'http://cloud.example:8080/container-infra/v1/'
    assert response.json['clusters'][1]['href'] == \
        'http://cloud.example:8080/container-infra/clusters/'


def test_paths_outside_v1_are_served_by_v1(noauth_app, gadgets):
    direct = noauth_app.get('/v1/gadgets/thing')
    rerouted = noauth_app.get('/gadgets/thing')
    assert direct.json == rerouted.json == {'name': 'thing', 'size': 1}
    # Re-routed requests are /v1 requests: they carry the version headers.
    assert rerouted.headers['OpenStack-API-Version'] == \
        'container-infrastructure-management 1.1'


def test_unknown_resource_is_404_under_v1(noauth_app):
    response = noauth_app.get('/no-such-resource', expect_errors=True)
    assert response.status_int == 404
    assert 'OpenStack-API-Maximum-Version' in response.headers
