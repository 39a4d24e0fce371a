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

"""/v1/quotas: admin CRUD, the synthesized default, paging by id, and the
Keystone check of the project on create."""

import http.server
import json
import threading
import urllib.parse

import pytest

from magnum.tests.unit.api import conftest as helpers

pytestmark = helpers.SQLITE_ONLY

FIELDS = {'id', 'project_id', 'resource', 'hard_limit', 'created_at',
          'updated_at'}


@pytest.fixture(autouse=True)
def no_cloud(api_conf):
    api_conf.set_override('validate_cloud_resources', False, group='api')


def _create(db, project, hard_limit=5, resource='Cluster'):
    return db.create_quota({'project_id': project, 'resource': resource,
                            'hard_limit': hard_limit})


def _rows(db):
    return sorted((q.project_id, q.resource, q.hard_limit)
                  for q in db.get_quota_list(_all_projects()))


def _all_projects():
    from magnum.common import context
    return context.make_admin_context(all_tenants=True)


# --- POST ---------------------------------------------------------------------

def test_admin_creates_a_quota(noauth_app, db):
    response = noauth_app.post_json(
        '/v1/quotas', {'project_id': 'project-a', 'resource': 'Cluster',
                       'hard_limit': 3}, headers=helpers.ADMIN)

    assert response.status_int == 201
    body = response.json
    assert set(body) == FIELDS
    assert isinstance(body['id'], int)
    assert (body['project_id'], body['resource'], body['hard_limit']) == \
        ('project-a', 'Cluster', 3)
    assert _rows(db) == [('project-a', 'Cluster', 3)]


def test_create_defaults(noauth_app, db):
    body = noauth_app.post_json('/v1/quotas', {'project_id': 'project-a'},
                                headers=helpers.ADMIN).json
    assert (body['resource'], body['hard_limit']) == ('Cluster', 1)


def test_zero_is_a_valid_limit(noauth_app, db):
    body = noauth_app.post_json(
        '/v1/quotas', {'project_id': 'project-a', 'hard_limit': 0},
        headers=helpers.ADMIN).json
    assert body['hard_limit'] == 0


def test_duplicate_is_a_conflict(noauth_app, db):
    _create(db, 'project-a', 5)
    response = noauth_app.post_json(
        '/v1/quotas', {'project_id': 'project-a', 'hard_limit': 9},
        headers=helpers.ADMIN, expect_errors=True)
    helpers.error_of(response, 409)
    assert _rows(db) == [('project-a', 'Cluster', 5)]


@pytest.mark.parametrize('headers', [helpers.MEMBER_A, helpers.READER_A],
                         ids=['member', 'reader'])
def test_only_admins_create(noauth_app, db, headers):
    response = noauth_app.post_json(
        '/v1/quotas', {'project_id': 'project-a', 'hard_limit': 9},
        headers=headers, expect_errors=True)
    assert 'quota:create' in helpers.error_of(response, 403)['detail']
    assert _rows(db) == []


@pytest.mark.parametrize('body,words', [
    ({'resource': 'Cluster', 'hard_limit': 2}, 'project ID'),
    ({'project_id': '', 'hard_limit': 2}, 'project_id'),
    ({'project_id': 'p', 'hard_limit': -1}, 'hard_limit'),
    ({'project_id': 'p', 'hard_limit': 'many'}, 'hard_limit'),
    ({'project_id': 'p', 'resource': 'Nodes'}, 'resource'),
    ({'project_id': 'p', 'id': 7}, 'id'),
    ({'project_id': 'p', 'colour': 'red'}, 'colour'),
], ids=['no-project', 'empty-project', 'negative', 'not-int',
        'unknown-resource', 'read-only-id', 'unknown-field'])
def test_create_rejects_bad_bodies(noauth_app, db, body, words):
    response = noauth_app.post_json('/v1/quotas', body,
                                    headers=helpers.ADMIN,
                                    expect_errors=True)
    assert words in helpers.error_of(response, 400)['detail']
    assert _rows(db) == []


# --- project validation in Keystone -----------------------------------------

class FakeKeystone:
    """Keystone v3 on loopback: discovery, token re-scoping and
    ``GET /v3/projects/{id}``; records every request."""

    TOKEN = 'admin-token'

    def __init__(self):
        self.projects = {'project-a'}
        self.project_status = None  # forces an answer to project lookups
        self.requests = []
        keystone = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = 'HTTP/1.1'

            def log_message(self, *args):
                pass

            def do_GET(self):
                keystone.serve(self, 'GET')

            def do_POST(self):
                keystone.serve(self, 'POST')

        self.server = http.server.ThreadingHTTPServer(('127.0.0.1', 0),
                                                      Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={'poll_interval': 0.01},
            daemon=True)

    @property
    def url(self):
        return 'http://127.0.0.1:%d/v3' % self.server.server_address[1]

    def serve(self, handler, method):
        path = urllib.parse.urlsplit(handler.path).path.rstrip('/')
        token = handler.headers.get('X-Auth-Token')
        self.requests.append((method, path, token))
        length = int(handler.headers.get('Content-Length') or 0)
        if length:
            handler.rfile.read(length)
        version = {'id': 'v3.14', 'status': 'stable',
                   'updated': '2020-04-07T00:00:00Z',
                   'links': [{'rel': 'self', 'href': self.url + '/'}]}
        if method == 'GET' and path == '/v3':
            return self.send(handler, 200, {'version': version})
        if method == 'POST' and path == '/v3/auth/tokens':
            catalog = [{'type': 'identity', 'name': 'keystone', 'id': 'k',
                        'endpoints': [{'id': 'e', 'interface': 'public',
                                       'region': 'RegionOne',
                                       'region_id': 'RegionOne',
                                       'url': self.url}]}]
            token_body = {'token': {
                'methods': ['token'], 'audit_ids': ['a'],
                'expires_at': '2999-01-01T00:00:00.000000Z',
                'issued_at': '2026-01-01T00:00:00.000000Z',
                'user': {'id': 'admin', 'name': 'admin',
                         'domain': {'id': 'default', 'name': 'Default'}},
                'project': {'id': 'project-admin', 'name': 'admin',
                            'domain': {'id': 'default', 'name': 'Default'}},
                'roles': [{'id': 'r', 'name': 'admin'}],
                'catalog': catalog}}
            return self.send(handler, 201, token_body,
                             {'X-Subject-Token': self.TOKEN})
        if method == 'GET' and path.startswith('/v3/projects/'):
            project = urllib.parse.unquote(path[len('/v3/projects/'):])
            if self.project_status is not None:
                return self.send(handler, self.project_status, {})
            if token != self.TOKEN or project not in self.projects:
                return self.send(handler, 404, {'error': {'code': 404}})
            return self.send(handler, 200, {'project': {'id': project}})
        return self.send(handler, 404, {})

    @staticmethod
    def send(handler, status, body, headers=None):
        data = json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header('Content-Type', 'application/json')
        handler.send_header('Content-Length', str(len(data)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)

    def project_lookups(self):
        return [(path, token) for method, path, token in self.requests
                if path.startswith('/v3/projects/')]


@pytest.fixture
def keystone(api_conf):
    from keystonemiddleware import auth_token  # noqa: registers its group

    server = FakeKeystone()
    server.thread.start()
    api_conf.set_override('validate_cloud_resources', True, group='api')
    api_conf.set_override('www_authenticate_uri', server.url,
                          group='keystone_authtoken')
    yield server
    server.server.shutdown()
    server.server.server_close()
    server.thread.join()


ADMIN_WITH_TOKEN = dict(helpers.ADMIN, **{'X-Auth-Token': 'caller-token'})


def test_create_checks_the_project_in_keystone(noauth_app, db, keystone):
    response = noauth_app.post_json(
        '/v1/quotas', {'project_id': 'project-a', 'hard_limit': 2},
        headers=ADMIN_WITH_TOKEN)
    assert response.status_int == 201
    assert keystone.project_lookups() == [('/v3/projects/project-a',
                                           FakeKeystone.TOKEN)]
    assert _rows(db) == [('project-a', 'Cluster', 2)]


def test_create_for_an_unknown_project_is_404(noauth_app, db, keystone):
    response = noauth_app.post_json(
        '/v1/quotas', {'project_id': 'ghost', 'hard_limit': 2},
        headers=ADMIN_WITH_TOKEN, expect_errors=True)
    assert helpers.error_of(response, 404)['detail'] == \
        'Project ghost could not be found.'
    assert _rows(db) == []


def test_keystone_refusing_the_lookup_is_403(noauth_app, db, keystone):
    keystone.project_status = 403
    response = noauth_app.post_json(
        '/v1/quotas', {'project_id': 'project-a', 'hard_limit': 2},
        headers=ADMIN_WITH_TOKEN, expect_errors=True)
    helpers.error_of(response, 403)
    assert _rows(db) == []


def test_keystone_failing_is_503(noauth_app, db, keystone):
    keystone.project_status = 500
    response = noauth_app.post_json(
        '/v1/quotas', {'project_id': 'project-a', 'hard_limit': 2},
        headers=ADMIN_WITH_TOKEN, expect_errors=True)
    helpers.error_of(response, 503)
    assert _rows(db) == []


def test_no_keystone_lookup_when_validation_is_off(noauth_app, db, keystone,
                                                   api_conf):
    api_conf.set_override('validate_cloud_resources', False, group='api')
    response = noauth_app.post_json(
        '/v1/quotas', {'project_id': 'ghost', 'hard_limit': 2},
        headers=ADMIN_WITH_TOKEN)
    assert response.status_int == 201
    assert keystone.requests == []


# --- GET /v1/quotas/{project_id}/{resource} ---------------------------------

def test_get_a_set_quota(noauth_app, db):
    quota = _create(db, 'project-a', 7)
    body = noauth_app.get('/v1/quotas/project-a/Cluster',
                          headers=helpers.READER_A).json
    assert set(body) == FIELDS
    assert (body['id'], body['project_id'], body['resource'],
            body['hard_limit']) == (quota.id, 'project-a', 'Cluster', 7)


def test_get_the_default_when_none_is_set(noauth_app, db, api_conf):
    api_conf.set_override('max_clusters_per_project', 12, group='quotas')
    body = noauth_app.get('/v1/quotas/project-a/Cluster',
                          headers=helpers.MEMBER_A).json
    assert body == {'project_id': 'project-a', 'resource': 'Cluster',
                    'hard_limit': 12}


@pytest.mark.parametrize('headers,status', [
    (helpers.MEMBER_A, 200),
    (helpers.READER_A, 200),
    (helpers.ADMIN, 200),
    (helpers.MEMBER_B, 403),
    (helpers.NO_ROLE_A, 403),
], ids=['member', 'reader', 'admin-other-project', 'other-project',
        'no-role'])
def test_get_policy(noauth_app, db, headers, status):
    _create(db, 'project-a', 7)
    response = noauth_app.get('/v1/quotas/project-a/Cluster',
                              headers=headers, expect_errors=True)
    if status == 200:
        assert response.json['hard_limit'] == 7
    else:
        assert 'quota:get' in helpers.error_of(response, status)['detail']


def test_get_unknown_resource(noauth_app, db):
    response = noauth_app.get('/v1/quotas/project-a/Nodes',
                              headers=helpers.MEMBER_A, expect_errors=True)
    assert 'Nodes' in helpers.error_of(response, 400)['detail']


# --- GET /v1/quotas -----------------------------------------------------------

@pytest.fixture
def many(db):
    return [_create(db, project, limit) for project, limit in (
        ('project-admin', 1), ('project-a', 2), ('project-b', 3),
        ('project-c', 4), ('project-d', 5))]


def test_list_is_admin_only(noauth_app, many):
    response = noauth_app.get('/v1/quotas', headers=helpers.MEMBER_A,
                              expect_errors=True)
    assert 'quota:get_all' in helpers.error_of(response, 403)['detail']


def test_admin_lists_own_project_unless_all_tenants(noauth_app, many):
    own = noauth_app.get('/v1/quotas', headers=helpers.ADMIN).json
    assert [q['project_id'] for q in own['quotas']] == ['project-admin']
    assert set(own['quotas'][0]) == FIELDS
    assert 'next' not in own
    every = noauth_app.get('/v1/quotas?all_tenants=True',
                           headers=helpers.ADMIN).json
    assert [q['hard_limit'] for q in every['quotas']] == [1, 2, 3, 4, 5]


def test_all_tenants_is_ignored_for_non_admins(noauth_app, many, api_conf):
    # A policy letting project readers list quotas still keeps them home.
    from oslo_policy import policy as oslo_policy

    from magnum.common import policy
    policy.reset()
    enforcer = policy.init()
    enforcer.load_rules()
    enforcer.set_rules(
        oslo_policy.Rules.from_dict({'quota:get_all': 'role:reader'}),
        overwrite=False, use_conf=False)
    try:
        body = noauth_app.get('/v1/quotas?all_tenants=1',
                              headers=helpers.READER_A).json
    finally:
        policy.reset()
    assert [q['project_id'] for q in body['quotas']] == ['project-a']


def test_paging_by_id(noauth_app, many):
    url = '/v1/quotas?all_tenants=True&limit=2'
    seen = []
    pages = 0
    while url:
        body = noauth_app.get(url, headers=helpers.ADMIN).json
        seen += [q['id'] for q in body['quotas']]
        pages += 1
        url = body.get('next')
        if url:
            parsed = urllib.parse.urlsplit(url)
            query = urllib.parse.parse_qs(parsed.query)
            assert parsed.path == '/v1/quotas'
            assert query['marker'] == [str(seen[-1])]
            assert query['limit'] == ['2']
            assert query['sort_key'] == ['id']
            assert query['all_tenants'] == ['True']
            url = parsed.path + '?' + parsed.query
    assert seen == [q.id for q in many]
    assert pages == 3


def test_sorting(noauth_app, many):
    body = noauth_app.get(
        '/v1/quotas?all_tenants=yes&sort_key=hard_limit&sort_dir=desc',
        headers=helpers.ADMIN).json
    assert [q['hard_limit'] for q in body['quotas']] == [5, 4, 3, 2, 1]


@pytest.mark.parametrize('query,status', [
    ('marker=abc', 400),
    ('marker=999999', 404),
    ('limit=0', 400),
    ('limit=-3', 400),
    ('sort_key=colour', 400),
    ('sort_dir=up', 400),
    ('all_tenants=perhaps', 400),
], ids=['marker-not-int', 'marker-unknown', 'limit-zero', 'limit-negative',
        'bad-sort-key', 'bad-sort-dir', 'bad-bool'])
def test_list_rejects_bad_arguments(noauth_app, many, query, status):
    response = noauth_app.get('/v1/quotas?' + query, headers=helpers.ADMIN,
                              expect_errors=True)
    helpers.error_of(response, status)


# --- PATCH --------------------------------------------------------------------

def test_admin_updates_a_quota(noauth_app, db):
    quota = _create(db, 'project-a', 2)
    response = noauth_app.patch_json(
        '/v1/quotas/project-a/Cluster',
        {'project_id': 'project-a', 'resource': 'Cluster', 'hard_limit': 8},
        headers=helpers.ADMIN)
    assert response.status_int == 202
    assert response.json['hard_limit'] == 8
    assert response.json['id'] == quota.id
    assert response.json['updated_at'] is not None
    assert _rows(db) == [('project-a', 'Cluster', 8)]


def test_update_with_only_the_limit(noauth_app, db):
    _create(db, 'project-a', 2)
    noauth_app.patch_json('/v1/quotas/project-a/Cluster', {'hard_limit': 0},
                          headers=helpers.ADMIN)
    assert _rows(db) == [('project-a', 'Cluster', 0)]


@pytest.mark.parametrize('headers,path,body,status', [
    (helpers.MEMBER_A, '/v1/quotas/project-a/Cluster', {'hard_limit': 9},
     403),
    (helpers.ADMIN, '/v1/quotas/project-z/Cluster', {'hard_limit': 9}, 404),
    (helpers.ADMIN, '/v1/quotas/project-a/Nodes', {'hard_limit': 9}, 400),
    (helpers.ADMIN, '/v1/quotas/project-a/Cluster', {'hard_limit': -2},
     400),
    (helpers.ADMIN, '/v1/quotas/project-a/Cluster',
     {'project_id': 'project-b', 'hard_limit': 9}, 400),
    (helpers.ADMIN, '/v1/quotas/project-a/Cluster',
     [{'op': 'replace', 'path': '/hard_limit', 'value': 9}], 400),
], ids=['member', 'no-such-quota', 'unknown-resource', 'negative',
        'other-project-in-body', 'json-patch-body'])
def test_update_rejections_change_nothing(noauth_app, db, headers, path,
                                          body, status):
    _create(db, 'project-a', 2)
    response = noauth_app.patch_json(path, body, headers=headers,
                                     expect_errors=True)
    helpers.error_of(response, status)
    assert _rows(db) == [('project-a', 'Cluster', 2)]


# --- DELETE -------------------------------------------------------------------

def test_admin_deletes_a_quota(noauth_app, db):
    _create(db, 'project-a', 2)
    _create(db, 'project-b', 3)
    response = noauth_app.delete('/v1/quotas/project-a/Cluster',
                                 headers=helpers.ADMIN)
    assert response.status_int == 204
    assert response.body == b''
    assert _rows(db) == [('project-b', 'Cluster', 3)]
    # Back to the default.
    body = noauth_app.get('/v1/quotas/project-a/Cluster',
                          headers=helpers.MEMBER_A).json
    assert 'id' not in body and body['hard_limit'] == 20


@pytest.mark.parametrize('headers,path,status', [
    (helpers.MEMBER_A, '/v1/quotas/project-a/Cluster', 403),
    (helpers.ADMIN, '/v1/quotas/project-z/Cluster', 404),
    (helpers.ADMIN, '/v1/quotas/project-a/Nodes', 400),
], ids=['member', 'no-such-quota', 'unknown-resource'])
def test_delete_rejections_change_nothing(noauth_app, db, headers, path,
                                          status):
    _create(db, 'project-a', 2)
    response = noauth_app.delete(path, headers=headers, expect_errors=True)
    helpers.error_of(response, status)
    assert _rows(db) == [('project-a', 'Cluster', 2)]
