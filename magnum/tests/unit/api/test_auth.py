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

"""Authentication: keystone (public routes, 401s), noauth, the context."""

import json
import pytest

from magnum.api.middleware import auth_token
from magnum.api.middleware import noauth


@pytest.mark.parametrize('path', ['/', '/v1', '/v1/', '/v1.json',
                                  '/.json'])
def test_public_routes_need_no_token(keystone_app, path):
    response = keystone_app.get(path)
    assert response.status_int == 200


def test_healthcheck_needs_no_token(keystone_app):
    response = keystone_app.get('/healthcheck')
    assert response.status_int == 200
    assert response.text == 'OK'


@pytest.mark.parametrize('path', ['/v1/clusters', '/clusters',
                                  '/v1/clusters/', '/v10'])
def test_missing_token_is_401_in_errors_shape(keystone_app, path):
    response = keystone_app.get(path, expect_errors=True)
    assert response.status_int == 401
    assert response.content_type == 'application/json'
    (error,) = response.json['errors']
    assert error['status'] == 401
    assert error['code'] == 'client'
    assert error['request_id'] == response.headers['x-openstack-request-id']
    assert error['title'] == \
        'The request you have made requires authentication'
    assert error['links'] == []
    assert 'WWW-Authenticate' in response.headers


def test_public_route_matching(keystone_app):
    middleware = auth_token.AuthTokenMiddleware(
        lambda environ, start_response: None, {},
        public_api_routes='/, /v1')
    for path in ('/', '/v1', '/v1/', '/v1.json', '/.json'):
        assert middleware.is_public(path), path
    for path in ('/v1/clusters', '/v10', '/v1x', '/x/v1', '/v1.xml'):
        assert not middleware.is_public(path), path


def test_public_route_drops_claimed_identity(keystone_app):
    seen = {}

    def app(environ, start_response):
        seen.update(environ)
        start_response('200 OK', [])
        return [b'']

    middleware = auth_token.AuthTokenMiddleware(app, {})
    environ = {'PATH_INFO': '/v1', 'REQUEST_METHOD': 'GET',
               'HTTP_X_ROLES': 'admin', 'HTTP_X_PROJECT_ID': 'p',
               'HTTP_X_IDENTITY_STATUS': 'Confirmed'}
    middleware(environ, lambda *args: None)
    assert 'HTTP_X_ROLES' not in seen
    assert 'HTTP_X_PROJECT_ID' not in seen
    assert 'HTTP_X_IDENTITY_STATUS' not in seen


def test_noauth_defaults(noauth_app, gadgets):
    ctx = noauth_app.get('/v1/whoami').json
    assert ctx['project_id'] == noauth.DEFAULT_PROJECT_ID
    assert ctx['project_name'] == noauth.DEFAULT_PROJECT_ID
    assert ctx['user_id'] == noauth.DEFAULT_USER_ID
    assert ctx['user_name'] == noauth.DEFAULT_USER_ID
    assert ctx['user_domain_id'] == 'default'
    assert sorted(ctx['roles']) == ['admin', 'member', 'reader']
    assert ctx['is_admin'] is True
    assert ctx['request_id'].startswith('req-')


def test_context_from_identity_headers(noauth_app, gadgets):
    ctx = noauth_app.get('/v1/whoami', headers={
        'X-User-Id': 'u1', 'X-User-Name': 'alice',
        'X-Project-Id': 'p1', 'X-Project-Name': 'proj',
        'X-User-Domain-Id': 'd1', 'X-User-Domain-Name': 'Dom',
        'X-Auth-Token': 'tok', 'X-Roles': 'member, reader',
    }).json
    assert ctx['user_id'] == 'u1'
    assert ctx['user_name'] == 'alice'
    assert ctx['project_id'] == 'p1'
    assert ctx['project_name'] == 'proj'
    assert ctx['user_domain_id'] == 'd1'
    assert ctx['user_domain_name'] == 'Dom'
    assert ctx['auth_token'] == 'tok'
    assert sorted(ctx['roles']) == ['member', 'reader']
    assert ctx['is_admin'] is False


def test_admin_role_makes_admin_context(noauth_app, gadgets):
    ctx = noauth_app.get('/v1/whoami', headers={
        'X-Project-Id': 'p1', 'X-Roles': 'reader,admin'}).json
    assert ctx['is_admin'] is True


def test_service_catalog_header_reaches_the_context(noauth_app, gadgets):
    catalog = [{'type': 'image', 'endpoints': [
        {'interface': 'public', 'url': 'http://127.0.0.1:9292'}]}]
    ctx = noauth_app.get('/v1/whoami', headers={
        'X-Service-Catalog': json.dumps(catalog)}).json
    assert ctx['service_catalog'] == catalog


def test_malformed_service_catalog_header_is_ignored(noauth_app, gadgets):
    ctx = noauth_app.get('/v1/whoami', headers={
        'X-Service-Catalog': '{not json'}).json
    assert ctx['service_catalog'] is None
