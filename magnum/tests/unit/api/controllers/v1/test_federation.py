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

"""/v1/federations: reads from the database, writes cast to a real
conductor endpoint over ``fake://``."""

import urllib.parse

from oslo_utils import uuidutils
import pytest

from magnum import objects
from magnum.tests.unit.api import conftest as helpers
from magnum.tests.unit.db import utils as db_utils

pytestmark = helpers.SQLITE_ONLY

LIST_FIELDS = {'uuid', 'name', 'hostcluster_id', 'member_ids', 'status',
               'properties', 'links'}
DETAIL_FIELDS = LIST_FIELDS | {'status_reason', 'created_at', 'updated_at'}


def _cluster(db, name, project='project-a'):
    return db.create_cluster(db_utils.cluster_values(name=name,
                                                     project_id=project))


def _federation(db, name='fed', project='project-a', **values):
    return db.create_federation(dict({
        'uuid': uuidutils.generate_uuid(), 'name': name,
        'project_id': project, 'hostcluster_id': uuidutils.generate_uuid(),
        'member_ids': [], 'status': 'CREATE_COMPLETE',
        'status_reason': 'ok', 'properties': {'dns-zone': 'example.com.'},
    }, **values))


@pytest.fixture
def world(db):
    host = _cluster(db, 'host')
    member = _cluster(db, 'member')
    spare = _cluster(db, 'spare')
    fed = _federation(db, hostcluster_id=host.uuid, member_ids=[member.uuid])
    return type('World', (), dict(host=host, member=member, spare=spare,
                                  fed=fed))


def _stored(db):
    ctx = helpers_admin()
    return sorted((f.name, f.project_id, tuple(f.member_ids or ()),
                   tuple(sorted((f.properties or {}).items())))
                  for f in db.get_federation_list(ctx))


def helpers_admin():
    from magnum.common import context
    return context.make_admin_context(all_tenants=True)


def _nothing_sent(conductor):
    assert conductor.sent == []
    assert conductor.handlers.calls == []


# --- reads --------------------------------------------------------------------

def test_list_is_trimmed_and_detail_is_full(noauth_app, world):
    listed = noauth_app.get('/v1/federations',
                            headers=helpers.READER_A).json
    [entry] = listed['federations']
    assert set(entry) == LIST_FIELDS
    assert entry['uuid'] == world.fed.uuid
    assert entry['member_ids'] == [world.member.uuid]
    assert entry['properties'] == {'dns-zone': 'example.com.'}
    assert entry['links'][0]['href'] == \
        'http://localhost/v1/federations/%s' % world.fed.uuid
    assert 'next' not in listed
    detailed = noauth_app.get('/v1/federations/detail',
                              headers=helpers.READER_A).json
    [entry] = detailed['federations']
    assert set(entry) == DETAIL_FIELDS
    assert entry['status_reason'] == 'ok'


@pytest.mark.parametrize('ident', ['uuid', 'name'])
def test_get_one(noauth_app, world, ident):
    body = noauth_app.get('/v1/federations/%s' % getattr(world.fed, ident),
                          headers=helpers.READER_A).json
    assert set(body) == DETAIL_FIELDS
    assert body['hostcluster_id'] == world.host.uuid
    assert body['status'] == 'CREATE_COMPLETE'


def test_other_projects_see_nothing(noauth_app, world):
    assert noauth_app.get('/v1/federations', headers=helpers.MEMBER_B).json \
        == {'federations': []}
    for path in ('/v1/federations/%s' % world.fed.uuid, '/v1/federations/fed'):
        response = noauth_app.get(path, headers=helpers.MEMBER_B,
                                  expect_errors=True)
        helpers.error_of(response, 404)


def test_ambiguous_name_is_409(noauth_app, world, db):
    _federation(db, name='fed')
    response = noauth_app.get('/v1/federations/fed',
                              headers=helpers.MEMBER_A, expect_errors=True)
    helpers.error_of(response, 409)


@pytest.mark.parametrize('resource', ['federations', 'federations/detail'])
def test_paging(noauth_app, db, resource):
    made = [_federation(db, name='f%d' % n) for n in range(3)]
    url = '/v1/%s?limit=2' % resource
    body = noauth_app.get(url, headers=helpers.MEMBER_A).json
    assert [f['uuid'] for f in body['federations']] == \
        [f.uuid for f in made[:2]]
    parsed = urllib.parse.urlsplit(body['next'])
    assert parsed.path == '/v1/' + resource
    assert urllib.parse.parse_qs(parsed.query) == {
        'sort_key': ['id'], 'sort_dir': ['asc'], 'limit': ['2'],
        'marker': [made[1].uuid]}
    rest = noauth_app.get(parsed.path + '?' + parsed.query,
                          headers=helpers.MEMBER_A).json
    assert [f['uuid'] for f in rest['federations']] == [made[2].uuid]
    assert 'next' not in rest


@pytest.mark.parametrize('query,status', [
    ('marker=not-a-uuid', 400),
    ('marker=%s' % uuidutils.generate_uuid(), 404),
    ('limit=0', 400),
    ('sort_key=colour', 400),
    ('sort_dir=sideways', 400),
])
def test_list_rejects_bad_arguments(noauth_app, world, query, status):
    response = noauth_app.get('/v1/federations?' + query,
                              headers=helpers.MEMBER_A, expect_errors=True)
    helpers.error_of(response, status)


@pytest.mark.parametrize('path,rule', [
    ('/v1/federations', 'federation:get_all'),
    ('/v1/federations/detail', 'federation:detail'),
    ('/v1/federations/fed', 'federation:get'),
])
def test_reads_need_the_reader_role(noauth_app, world, path, rule):
    response = noauth_app.get(path, headers=helpers.NO_ROLE_A,
                              expect_errors=True)
    assert rule in helpers.error_of(response, 403)['detail']


# --- POST ---------------------------------------------------------------------

def test_create_casts_to_the_conductor(noauth_app, world, conductor, db):
    before = _stored(db)
    response = noauth_app.post_json('/v1/federations', {
        'name': 'fed2', 'hostcluster_id': 'host',
        'member_ids': [world.member.uuid],
        'properties': {'dns-zone': 'example.org.', 'weight': 3}},
        headers=helpers.MEMBER_A)

    assert response.status_int == 202
    uuid = response.json['uuid']
    assert set(response.json) == {'uuid'}
    assert uuidutils.is_uuid_like(uuid)
    [call] = conductor.handlers.wait_for(1)
    assert call.name == 'federation_create'
    sent = call.arguments['federation']
    assert isinstance(sent, objects.Federation)
    assert (sent.uuid, sent.name, sent.project_id, sent.hostcluster_id,
            sent.member_ids) == (uuid, 'fed2', 'project-a', world.host.uuid,
                                 [world.member.uuid])
    assert sent.properties == {'dns-zone': 'example.org.', 'weight': '3'}
    assert call.arguments['create_timeout'] == 15
    assert [(m.method, m.wait_for_reply) for m in conductor.sent] == [
        ('federation_create', False)]
    # The conductor decides what to store; the API wrote nothing.
    assert _stored(db) == before


def test_create_generates_a_name(noauth_app, world, conductor):
    noauth_app.post_json('/v1/federations', {
        'hostcluster_id': world.host.uuid,
        'properties': {'dns-zone': 'example.org.'}},
        headers=helpers.MEMBER_A)
    [call] = conductor.handlers.wait_for(1)
    assert call.arguments['federation'].name.endswith('-federation')
    assert call.arguments['federation'].member_ids == []


@pytest.mark.parametrize('body,status,words', [
    ({'hostcluster_id': 'host', 'properties': {}}, 400, 'dns-zone'),
    ({'hostcluster_id': 'host'}, 400, 'properties'),
    ({'properties': {'dns-zone': 'z.'}}, 400, 'hostcluster_id'),
    ({'hostcluster_id': 'nowhere', 'properties': {'dns-zone': 'z.'}}, 404,
     'nowhere'),
    ({'hostcluster_id': 'host', 'properties': {'dns-zone': 'z.'},
      'status': 'CREATE_COMPLETE'}, 400, 'status'),
    ({'hostcluster_id': 'host', 'properties': {'dns-zone': 'z.'},
      'colour': 'red'}, 400, 'colour'),
    ({'hostcluster_id': 'host', 'properties': {'dns-zone': 'z.'},
      'name': '1-starts-with-a-digit'}, 400, 'name'),
    ({'hostcluster_id': 'host', 'properties': {'dns-zone': 'z.'},
      'member_ids': 'not-a-list'}, 400, 'member_ids'),
], ids=['no-dns-zone', 'no-properties', 'no-host', 'unknown-host',
        'read-only-status', 'unknown-field', 'bad-name', 'members-not-list'])
def test_create_rejections_send_nothing(noauth_app, world, conductor, db,
                                        body, status, words):
    before = _stored(db)
    response = noauth_app.post_json('/v1/federations', body,
                                    headers=helpers.MEMBER_A,
                                    expect_errors=True)
    assert words in helpers.error_of(response, status)['detail']
    _nothing_sent(conductor)
    assert _stored(db) == before


@pytest.mark.parametrize('headers,status', [
    (helpers.READER_A, 403),
    (helpers.NO_ROLE_A, 403),
    # The host cluster must be in the caller's project.
    (helpers.MEMBER_B, 404),
], ids=['reader', 'no-role', 'other-project'])
def test_create_policy(noauth_app, world, conductor, headers, status):
    response = noauth_app.post_json('/v1/federations', {
        'hostcluster_id': world.host.uuid,
        'properties': {'dns-zone': 'z.'}}, headers=headers,
        expect_errors=True)
    error = helpers.error_of(response, status)
    if status == 403:
        assert 'federation:create' in error['detail']
    _nothing_sent(conductor)


# --- PATCH --------------------------------------------------------------------

def _patch(app, ident, ops, headers=helpers.MEMBER_A, query='', status=202):
    return app.patch_json('/v1/federations/%s%s' % (ident, query), ops,
                          headers=headers, expect_errors=status != 202)


def _update_call(conductor):
    [call] = conductor.handlers.wait_for(1)
    assert call.name == 'federation_update'
    assert [(m.method, m.wait_for_reply) for m in conductor.sent] == [
        ('federation_update', False)]
    return call


def test_join_by_name(noauth_app, world, conductor, db):
    before = _stored(db)
    response = _patch(noauth_app, 'fed', [
        {'op': 'add', 'path': '/member_ids', 'value': 'spare'}])
    assert response.status_int == 202
    assert response.json == {'uuid': world.fed.uuid}
    call = _update_call(conductor)
    sent = call.arguments['federation']
    assert sent.uuid == world.fed.uuid
    assert sent.member_ids == [world.member.uuid, world.spare.uuid]
    assert 'member_ids' in sent.obj_what_changed()
    assert call.arguments['rollback'] is False
    assert _stored(db) == before


def test_unjoin(noauth_app, world, conductor):
    _patch(noauth_app, world.fed.uuid, [
        {'op': 'remove', 'path': '/member_ids', 'value': world.member.uuid}],
        query='?rollback=True')
    call = _update_call(conductor)
    assert call.arguments['federation'].member_ids == []
    assert call.arguments['rollback'] is True


def test_change_a_property(noauth_app, world, conductor):
    _patch(noauth_app, 'fed', [
        {'op': 'replace', 'path': '/properties/dns-zone',
         'value': 'other.org.'},
        {'op': 'add', 'path': '/properties/weight', 'value': 2}])
    sent = _update_call(conductor).arguments['federation']
    assert sent.properties == {'dns-zone': 'other.org.', 'weight': '2'}
    assert sent.member_ids == [world.member.uuid]


@pytest.mark.parametrize('ops,status,words', [
    ([{'op': 'add', 'path': '/member_ids', 'value': 'member'}], 409,
     'already a member'),
    ([{'op': 'add', 'path': '/member_ids', 'value': 'nowhere'}], 404,
     'nowhere'),
    ([{'op': 'remove', 'path': '/member_ids', 'value': 'spare-uuid'}], 404,
     'spare-uuid'),
    ([{'op': 'remove', 'path': '/properties/dns-zone'}], 400, 'dns-zone'),
    ([{'op': 'remove', 'path': '/properties'}], 400, 'properties'),
    ([{'op': 'replace', 'path': '/properties', 'value': 'x'}], 400,
     'properties'),
    ([{'op': 'replace', 'path': '/member_ids', 'value': 'x'}], 400,
     'member_ids'),
    ([{'op': 'add', 'path': '/member_ids/-', 'value': 'spare'}], 400,
     'member_ids'),
    ([{'op': 'replace', 'path': '/name', 'value': 'x'}], 400, '/name'),
    ([{'op': 'replace', 'path': '/hostcluster_id', 'value': 'x'}], 400,
     '/hostcluster_id'),
    ([{'op': 'replace', 'path': '/uuid', 'value': 'x'}], 400, '/uuid'),
    ([{'op': 'move', 'path': '/properties/a', 'value': 'x'}], 400, 'op'),
    ({'op': 'replace', 'path': '/name'}, 400, ''),
], ids=['already-member', 'unknown-cluster', 'not-a-member',
        'drop-dns-zone', 'drop-properties', 'properties-not-dict',
        'members-not-list', 'member-index', 'name', 'host', 'uuid',
        'bad-op', 'not-a-list'])
def test_patch_rejections_send_nothing(noauth_app, world, conductor, db,
                                       ops, status, words):
    before = _stored(db)
    response = _patch(noauth_app, 'fed', ops, status=status)
    assert words in helpers.error_of(response, status)['detail']
    _nothing_sent(conductor)
    assert _stored(db) == before


@pytest.mark.parametrize('headers,status', [
    (helpers.READER_A, 403),
    (helpers.MEMBER_B, 404),
], ids=['reader', 'other-project'])
def test_patch_policy(noauth_app, world, conductor, headers, status):
    response = _patch(noauth_app, world.fed.uuid, [
        {'op': 'add', 'path': '/member_ids', 'value': world.spare.uuid}],
        headers=headers, status=status)
    error = helpers.error_of(response, status)
    if status == 403:
        assert 'federation:update' in error['detail']
    _nothing_sent(conductor)


# --- DELETE -------------------------------------------------------------------

@pytest.mark.parametrize('ident', ['uuid', 'name'])
def test_delete_casts(noauth_app, world, conductor, db, ident):
    before = _stored(db)
    response = noauth_app.delete('/v1/federations/%s'
                                 % getattr(world.fed, ident),
                                 headers=helpers.MEMBER_A)
    assert response.status_int == 204
    [call] = conductor.handlers.wait_for(1)
    assert (call.name, call.arguments) == ('federation_delete',
                                           {'uuid': world.fed.uuid})
    assert [(m.method, m.wait_for_reply) for m in conductor.sent] == [
        ('federation_delete', False)]
    assert _stored(db) == before


@pytest.mark.parametrize('headers,status', [
    (helpers.READER_A, 403),
    (helpers.MEMBER_B, 404),
    (helpers.ADMIN, 404),
], ids=['reader', 'other-project', 'admin-other-project'])
def test_delete_policy(noauth_app, world, conductor, headers, status):
    response = noauth_app.delete('/v1/federations/%s' % world.fed.uuid,
                                 headers=headers, expect_errors=True)
    error = helpers.error_of(response, status)
    if status == 403:
        assert 'federation:delete' in error['detail']
    _nothing_sent(conductor)
