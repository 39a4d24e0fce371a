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

"""``/v1/clustertemplates`` over the whole application (noauth, SQLite).

Cloud-resource validation is switched off (``[api]
validate_cloud_resources = False``): the image is taken as named, with
``[api] default_os_distro`` as its distribution. The beta fake driver is
enabled so that template creation finds a driver.
"""

import re

from oslo_utils import uuidutils
import pytest

from magnum.tests.unit.db import utils as db_utils

pytestmark = pytest.mark.parametrize('db_server', ['sqlite'], indirect=True)

URL = '/v1/clustertemplates'

ADMIN = {'X-Project-Id': 'project-admin', 'X-User-Id': 'admin',
         'X-Roles': 'admin,member,reader'}
MEMBER_A = {'X-Project-Id': 'project-a', 'X-User-Id': 'user-a',
            'X-Roles': 'member,reader'}
MEMBER_B = {'X-Project-Id': 'project-b', 'X-User-Id': 'user-b',
            'X-Roles': 'member,reader'}
READER_A = {'X-Project-Id': 'project-a', 'X-User-Id': 'reader-a',
            'X-Roles': 'reader'}
READER_B = {'X-Project-Id': 'project-b', 'X-User-Id': 'reader-b',
            'X-Roles': 'reader'}

API_FIELDS = {
    'uuid', 'name', 'coe', 'image_id', 'cluster_distro', 'driver',
    'server_type', 'flavor_id', 'master_flavor_id', 'keypair_id',
    'external_network_id', 'fixed_network', 'fixed_subnet',
    'network_driver', 'volume_driver', 'dns_nameserver', 'apiserver_port',
    'docker_volume_size', 'docker_storage_driver', 'http_proxy',
    'https_proxy', 'no_proxy', 'insecure_registry', 'registry_enabled',
    'tls_disabled', 'public', 'master_lb_enabled', 'floating_ip_enabled',
    'hidden', 'labels', 'tags', 'project_id', 'user_id', 'links',
    'created_at', 'updated_at'}


@pytest.fixture
def app(noauth_app, db, api_conf):
    api_conf.set_override('validate_cloud_resources', False, group='api')
    api_conf.set_override('enabled_beta_drivers', ['fake'], group='drivers')
    return noauth_app


def body(**kw):
    values = {'coe': 'kubernetes', 'image_id': 'fedora-coreos-40'}
    values.update(kw)
    return values


def create(app, headers=MEMBER_A, **kw):
    return app.post_json(URL, body(**kw), headers=headers).json


def make(db, **kw):
    """A template row written directly, for read/update/delete tests."""
    kw.setdefault('driver', 'fake')
    kw.setdefault('cluster_distro', 'fedora-coreos')
    kw.setdefault('server_type', 'vm')
    kw.setdefault('network_driver', 'flannel')
    return db.create_cluster_template(db_utils.template_values(**kw))


def count(db, admin_ctx):
    return len(db.get_cluster_template_list(admin_ctx))


def error(response):
    return response.json['errors'][0]['detail']


def uuids(response):
    return [t['uuid'] for t in response.json['clustertemplates']]


# -- create ---------------------------------------------------------------

def test_create_returns_201_location_and_defaults(app, db, admin_ctx):
    response = app.post_json(URL, body(labels={'a': 1, 'b': True,
                                               'c': 'x'}),
                             headers=MEMBER_A)
    assert response.status_int == 201
    ct = response.json
    assert set(ct) == API_FIELDS
    assert response.headers['Location'] == (
        'http://localhost/v1/clustertemplates/%s' % ct['uuid'])
    assert ct['links'] == [
        {'href': 'http://localhost/v1/clustertemplates/' + ct['uuid'],
         'rel': 'self'},
        {'href': 'http://localhost/clustertemplates/' + ct['uuid'],
         'rel': 'bookmark'}]
    assert re.match(r'^[a-z]+-([1-9]|1\d|2[0-4])-template$', ct['name'])
    assert ct['server_type'] == 'vm'
    assert ct['floating_ip_enabled'] is True
    for flag in ('public', 'hidden', 'tls_disabled', 'registry_enabled',
                 'master_lb_enabled'):
        assert ct[flag] is False
    assert ct['network_driver'] == 'flannel'
    assert ct['labels'] == {'a': '1', 'b': 'True', 'c': 'x'}
    assert ct['cluster_distro'] == 'fedora-coreos'
    assert ct['driver'] == 'fake'
    assert ct['project_id'] == 'project-a'
    assert ct['user_id'] == 'user-a'
    assert ct['image_id'] == 'fedora-coreos-40'
    stored = db.get_cluster_template_by_uuid(admin_ctx, ct['uuid'])
    assert stored.labels == {'a': '1', 'b': 'True', 'c': 'x'}
    assert stored.project_id == 'project-a'


def test_create_without_labels_stores_empty_dict(app):
    assert create(app)['labels'] == {}


@pytest.mark.parametrize('coe, distro, network_driver', [
    ('kubernetes', 'fedora-coreos', 'flannel'),
    ('swarm-mode', 'fedora-coreos', 'docker'),
    ('mesos', 'ubuntu', 'docker'),
])
def test_create_default_network_driver_per_coe(app, api_conf, coe, distro,
                                               network_driver):
    api_conf.set_override('default_os_distro', distro, group='api')
    ct = create(app, coe=coe)
    assert ct['network_driver'] == network_driver
    assert ct['cluster_distro'] == distro


def test_create_network_driver_default_from_option(app, api_conf):
    api_conf.set_override('kubernetes_default_network_driver', 'calico',
                          group='cluster_template')
    assert create(app)['network_driver'] == 'calico'


def test_create_keeps_given_fields(app):
    ct = create(app, name='k8s', driver='fake', server_type='bm',
                flavor_id='m1.small', master_flavor_id='m1.large',
                keypair_id='kp', external_network_id='public',
                fixed_network='private', fixed_subnet='private-subnet',
                network_driver='calico', volume_driver='cinder',
                dns_nameserver='8.8.8.8, 1.1.1.1', apiserver_port=6443,
                docker_volume_size=5, docker_storage_driver='overlay2',
                http_proxy='http://proxy:3128', no_proxy='localhost',
                insecure_registry='10.0.0.1:5000', tls_disabled=True,
                registry_enabled=True, master_lb_enabled=True,
                floating_ip_enabled=False, tags='a,b')
    assert ct['name'] == 'k8s'
    assert ct['server_type'] == 'bm'
    assert ct['dns_nameserver'] == '8.8.8.8, 1.1.1.1'
    assert ct['apiserver_port'] == 6443
    assert ct['docker_volume_size'] == 5
    assert ct['floating_ip_enabled'] is False
    assert ct['tls_disabled'] is True
    assert ct['tags'] == 'a,b'
    assert ct['volume_driver'] == 'cinder'


def test_create_ignores_client_cluster_distro(app, api_conf):
    api_conf.set_override('default_os_distro', 'fedora-coreos', group='api')
    assert create(app, cluster_distro='ubuntu')['cluster_distro'] == (
        'fedora-coreos')


def test_create_name_may_repeat(app):
    assert create(app, name='same')['uuid'] != create(app,
                                                      name='same')['uuid']


@pytest.mark.parametrize('extra, field', [
    ({'foo': 1}, 'foo'),
    ({'apiserver_port': 'abc'}, 'apiserver_port'),
    ({'apiserver_port': 80}, 'apiserver_port'),
    ({'apiserver_port': 65536}, 'apiserver_port'),
    ({'docker_volume_size': 0}, 'docker_volume_size'),
    ({'public': 'maybe'}, 'public'),
    ({'floating_ip_enabled': 'x'}, 'floating_ip_enabled'),
    ({'labels': ['a']}, 'labels'),
    ({'labels': {'a': {'b': 'c'}}}, 'labels'),
    ({'coe': 'dcos'}, 'coe'),
    ({'coe': None}, 'coe'),
    ({'server_type': 'container'}, 'server_type'),
    ({'uuid': uuidutils.generate_uuid()}, 'uuid'),
    ({'project_id': 'project-b'}, 'project_id'),
    ({'http_proxy': 'x' * 256}, 'http_proxy'),
    ({'https_proxy': 'x' * 256}, 'https_proxy'),
    ({'no_proxy': 'x' * 256}, 'no_proxy'),
    ({'name': ''}, 'name'),
    ({'name': 'n' * 256}, 'name'),
    ({'image_id': ''}, 'image_id'),
    ({'image_id': 5}, 'image_id'),
])
def test_create_bad_field_is_400_naming_it(app, db, admin_ctx, extra, field):
    values = body()
    values.update(extra)
    if extra.get('coe', 'x') is None:
        del values['coe']
    response = app.post_json(URL, values, headers=MEMBER_A, status=400)
    assert field in error(response)
    assert count(db, admin_ctx) == 0


def test_create_missing_image_is_400(app, db, admin_ctx):
    response = app.post_json(URL, {'coe': 'kubernetes'}, headers=MEMBER_A,
                             status=400)
    assert 'image_id' in error(response)
    assert 'Mandatory' in error(response)
    assert count(db, admin_ctx) == 0


@pytest.mark.parametrize('payload', ['[1]', '"x"', '{bad json'])
def test_create_malformed_body_is_400(app, db, admin_ctx, payload):
    app.post(URL, payload, headers=dict(MEMBER_A,
                                        **{'Content-Type':
                                           'application/json'}),
             status=400)
    assert count(db, admin_ctx) == 0


@pytest.mark.parametrize('extra, message', [
    ({'network_driver': 'docker'}, 'not supported'),
    ({'network_driver': 'cilium'}, 'not allowed'),
    ({'coe': 'mesos', 'network_driver': 'flannel'}, 'not supported'),
    ({'volume_driver': 'rexray'}, 'Volume driver'),
    ({'dns_nameserver': 'dns.example.com'}, 'Invalid DNS'),
    ({'dns_nameserver': '8.8.8.8,1.2.3'}, 'Invalid DNS'),
    ({'dns_nameserver': '8.8.8.8,'}, 'Invalid DNS'),
    ({'docker_storage_driver': 'devicemapper', 'docker_volume_size': 2},
     'devicemapper'),
    ({'docker_storage_driver': 'devicemapper'}, 'devicemapper'),
])
def test_create_invalid_combination_is_400(app, db, admin_ctx, extra,
                                           message):
    response = app.post_json(URL, body(**extra), headers=MEMBER_A,
                             status=400)
    assert message in error(response)
    assert count(db, admin_ctx) == 0


def test_create_devicemapper_needs_three_gb(app):
    ct = create(app, docker_storage_driver='devicemapper',
                docker_volume_size=3)
    assert ct['docker_volume_size'] == 3


def test_create_network_driver_allowed_by_option(app, api_conf):
    api_conf.set_override('kubernetes_allowed_network_drivers', ['all'],
                          group='cluster_template')
    assert create(app, network_driver='cilium')['network_driver'] == 'cilium'


def test_create_image_without_os_distro_is_400(app, api_conf, db,
                                               admin_ctx):
    api_conf.set_override('default_os_distro', '', group='api')
    response = app.post_json(URL, body(), headers=MEMBER_A, status=400)
    assert "doesn't contain os_distro" in error(response)
    assert count(db, admin_ctx) == 0


def test_create_unknown_driver_is_400(app, db, admin_ctx):
    response = app.post_json(URL, body(driver='nope'), headers=MEMBER_A,
                             status=400)
    assert 'nope' in error(response)
    assert count(db, admin_ctx) == 0


def test_create_without_fitting_driver_is_400(app, api_conf, db,
                                              admin_ctx):
    api_conf.set_override('default_os_distro', 'windows', group='api')
    response = app.post_json(URL, body(), headers=MEMBER_A, status=400)
    assert 'windows' in error(response)
    assert count(db, admin_ctx) == 0


def test_create_beta_driver_not_enabled_is_400(app, api_conf, db,
                                               admin_ctx):
    api_conf.set_override('enabled_beta_drivers', [], group='drivers')
    app.post_json(URL, body(driver='fake'), headers=MEMBER_A, status=400)
    # Only the beta fake driver provides (vm, ubuntu, mesos).
    api_conf.set_override('default_os_distro', 'ubuntu', group='api')
    app.post_json(URL, body(coe='mesos', image_id='ubuntu-22.04'),
                  headers=MEMBER_A, status=400)
    assert count(db, admin_ctx) == 0


def test_create_prefers_a_non_beta_driver(app, api_conf, db, admin_ctx):
    api_conf.set_override('enabled_beta_drivers', [], group='drivers')
    assert create(app)['driver'] == 'k8s_fedora_coreos_v1'


def test_create_default_driver_option(app, api_conf, db, admin_ctx):
    api_conf.set_override('default_driver', 'fake', group='drivers')
    assert create(app)['driver'] == 'fake'
    api_conf.set_override('default_driver', 'missing', group='drivers')
    response = app.post_json(URL, body(), headers=MEMBER_A, status=400)
    assert 'missing' in error(response)
    assert count(db, admin_ctx) == 1


def test_reader_cannot_create(app, db, admin_ctx):
    response = app.post_json(URL, body(), headers=READER_A, status=403)
    assert 'clustertemplate:create' in error(response)
    assert count(db, admin_ctx) == 0


# -- publishing -------------------------------------------------------------

@pytest.mark.parametrize('flag', ['public', 'hidden'])
def test_member_cannot_publish_on_create(app, db, admin_ctx, flag):
    response = app.post_json(URL, body(**{flag: True}), headers=MEMBER_A,
                             status=403)
    assert 'public or hidden' in error(response)
    assert count(db, admin_ctx) == 0


def test_member_may_say_not_public(app):
    ct = create(app, public=False, hidden=False)
    assert ct['public'] is False


@pytest.mark.parametrize('flag', ['public', 'hidden'])
def test_admin_can_publish_on_create(app, flag):
    assert create(app, headers=ADMIN, **{flag: True})[flag] is True


@pytest.mark.parametrize('flag', ['public', 'hidden'])
def test_member_cannot_publish_by_patch(app, db, admin_ctx, flag):
    row = make(db)
    response = app.patch_json(
        '%s/%s' % (URL, row.uuid),
        [{'op': 'replace', 'path': '/' + flag, 'value': True}],
        headers=MEMBER_A, status=403)
    assert 'public or hidden' in error(response)
    assert getattr(db.get_cluster_template_by_uuid(admin_ctx, row.uuid),
                   flag) is False


def test_admin_publishes_by_patch_with_string_value(app, db):
    row = make(db)
    ct = app.patch_json('%s/%s' % (URL, row.uuid),
                        [{'op': 'replace', 'path': '/public',
                          'value': 'True'}], headers=ADMIN).json
    assert ct['public'] is True


def test_patch_leaving_public_unchanged_needs_no_publish(app, db):
    row = make(db, public=True, project_id='project-a')
    ct = app.patch_json('%s/%s' % (URL, row.uuid),
                        [{'op': 'replace', 'path': '/public',
                          'value': True},
                         {'op': 'replace', 'path': '/name', 'value': 'n2'}],
                        headers=MEMBER_A).json
    assert ct['name'] == 'n2'


# -- read -------------------------------------------------------------------

def test_get_one_by_uuid_and_name(app, db):
    row = make(db, name='by-name')
    by_uuid = app.get('%s/%s' % (URL, row.uuid), headers=READER_A).json
    by_name = app.get('%s/by-name' % URL, headers=READER_A).json
    assert by_uuid == by_name
    assert set(by_uuid) == API_FIELDS
    assert by_uuid['labels'] == {'kube_tag': 'v1.30.1'}


def test_get_one_numeric_name_is_a_name(app, db):
    row = make(db, name='42')
    assert app.get(URL + '/42', headers=READER_A).json['uuid'] == row.uuid


def test_get_one_duplicate_name_is_409(app, db):
    make(db, name='twin')
    make(db, name='twin')
    response = app.get(URL + '/twin', headers=READER_A, status=409)
    assert 'uuid instead' in error(response)


def test_get_one_missing_is_404(app, db):
    app.get('%s/%s' % (URL, uuidutils.generate_uuid()), headers=READER_A,
            status=404)
    app.get(URL + '/nothing', headers=READER_A, status=404)


def test_get_detail_is_not_a_template_name(app, db):
    make(db, name='detail')
    response = app.get(URL + '/detail', headers=READER_A)
    assert 'clustertemplates' in response.json


# -- isolation --------------------------------------------------------------

def test_other_projects_private_template_is_404(app, db):
    row = make(db, project_id='project-a')
    for method in (app.get, app.delete):
        method('%s/%s' % (URL, row.uuid), headers=MEMBER_B, status=404)
    app.patch_json('%s/%s' % (URL, row.uuid),
                   [{'op': 'replace', 'path': '/name', 'value': 'x'}],
                   headers=MEMBER_B, status=404)
    app.get(URL + '/k8s-template', headers=MEMBER_B, status=404)
    assert uuids(app.get(URL, headers=MEMBER_B)) == []


def test_public_template_is_visible_to_other_projects(app, db):
    row = make(db, project_id='project-a', public=True)
    # clustertemplate:get is skipped for public templates: a reader of
    # another project passes although the rule checks the project.
    ct = app.get('%s/%s' % (URL, row.uuid), headers=READER_B).json
    assert ct['uuid'] == row.uuid
    assert uuids(app.get(URL, headers=READER_B)) == [row.uuid]


def test_public_template_cannot_be_changed_by_other_projects(app, db,
                                                             admin_ctx):
    row = make(db, project_id='project-a', public=True)
    app.patch_json('%s/%s' % (URL, row.uuid),
                   [{'op': 'replace', 'path': '/name', 'value': 'x'}],
                   headers=MEMBER_B, status=403)
    app.delete('%s/%s' % (URL, row.uuid), headers=MEMBER_B, status=403)
    assert db.get_cluster_template_by_uuid(admin_ctx,
                                           row.uuid).name == 'k8s-template'


def test_hidden_template_of_other_project_is_404(app, db):
    row = make(db, project_id='project-a', public=True, hidden=True)
    app.get('%s/%s' % (URL, row.uuid), headers=MEMBER_B, status=404)
    assert uuids(app.get(URL, headers=MEMBER_B)) == []
    # Its own project still sees it.
    assert uuids(app.get(URL, headers=MEMBER_A)) == [row.uuid]


def test_admin_sees_every_project(app, db):
    rows = [make(db, project_id='project-a'),
            make(db, project_id='project-b', hidden=True)]
    listed = uuids(app.get(URL, headers=ADMIN))
    assert listed == [r.uuid for r in rows]
    detail = uuids(app.get(URL + '/detail', headers=ADMIN))
    assert detail == listed
    for row in rows:
        app.get('%s/%s' % (URL, row.uuid), headers=ADMIN)


def test_admin_updates_and_deletes_other_projects_templates(
        app, db, admin_ctx):
    row = make(db, project_id='project-b')
    ct = app.patch_json('%s/%s' % (URL, row.uuid),
                        [{'op': 'replace', 'path': '/name', 'value': 'x'}],
                        headers=ADMIN).json
    assert ct['name'] == 'x'
    assert ct['project_id'] == 'project-b'
    app.delete('%s/%s' % (URL, row.uuid), headers=ADMIN, status=204)
    assert count(db, admin_ctx) == 0


def test_reader_can_read_but_not_change(app, db, admin_ctx):
    row = make(db, project_id='project-a')
    app.get('%s/%s' % (URL, row.uuid), headers=READER_A)
    app.get(URL, headers=READER_A)
    app.get(URL + '/detail', headers=READER_A)
    app.patch_json('%s/%s' % (URL, row.uuid),
                   [{'op': 'replace', 'path': '/name', 'value': 'x'}],
                   headers=READER_A, status=403)
    app.delete('%s/%s' % (URL, row.uuid), headers=READER_A, status=403)
    assert count(db, admin_ctx) == 1


def test_no_role_cannot_list(app, db):
    headers = dict(MEMBER_A, **{'X-Roles': 'other'})
    response = app.get(URL, headers=headers, status=403)
    assert 'clustertemplate:get_all' in error(response)
    response = app.get(URL + '/detail', headers=headers, status=403)
    assert 'clustertemplate:detail' in error(response)


# -- paging -----------------------------------------------------------------

@pytest.fixture
def three(db):
    return [make(db, name=name) for name in ('b', 'c', 'a')]


def test_list_is_full_representation(app, three):
    response = app.get(URL, headers=MEMBER_A)
    assert 'next' not in response.json
    for item in response.json['clustertemplates']:
        assert set(item) == API_FIELDS


def test_list_next_link_is_exact(app, three):
    page = app.get(URL + '?limit=2', headers=MEMBER_A).json
    assert uuids_of(page) == [three[0].uuid, three[1].uuid]
    assert page['next'] == (
        'http://localhost/v1/clustertemplates?sort_key=id&sort_dir=asc'
        '&limit=2&marker=%s' % three[1].uuid)
    last = app.get(page['next'], headers=MEMBER_A).json
    assert uuids_of(last) == [three[2].uuid]
    assert 'next' not in last


def test_list_full_last_page_still_links_next(app, three):
    page = app.get(URL + '?limit=3', headers=MEMBER_A).json
    assert page['next'].endswith('limit=3&marker=%s' % three[2].uuid)
    assert uuids_of(app.get(page['next'], headers=MEMBER_A).json) == []


def test_list_sorting(app, three):
    page = app.get(URL + '?sort_key=name&sort_dir=desc&limit=2',
                   headers=MEMBER_A).json
    assert [t['name'] for t in page['clustertemplates']] == ['c', 'b']
    assert page['next'] == (
        'http://localhost/v1/clustertemplates?sort_key=name&sort_dir=desc'
        '&limit=2&marker=%s' % three[0].uuid)
    rest = app.get(page['next'], headers=MEMBER_A).json
    assert [t['name'] for t in rest['clustertemplates']] == ['a']


def test_detail_next_link(app, three):
    page = app.get(URL + '/detail?limit=1', headers=MEMBER_A).json
    assert page['next'] == (
        'http://localhost/v1/clustertemplates/detail?sort_key=id'
        '&sort_dir=asc&limit=1&marker=%s' % three[0].uuid)


def test_limit_capped_at_max_limit(app, api_conf, three):
    api_conf.set_override('max_limit', 2, group='api')
    page = app.get(URL + '?limit=50', headers=MEMBER_A).json
    assert len(page['clustertemplates']) == 2
    assert '&limit=2&' in page['next']
    assert len(app.get(URL, headers=MEMBER_A).json['clustertemplates']) == 2


@pytest.mark.parametrize('query, status, text', [
    ('limit=0', 400, 'Limit must be positive'),
    ('limit=-1', 400, 'Limit must be positive'),
    ('limit=abc', 400, 'limit'),
    ('marker=not-a-uuid', 400, 'not-a-uuid'),
    ('sort_key=bogus', 400, 'bogus'),
    ('sort_dir=up', 400, 'up'),
    ('marker=%s' % uuidutils.generate_uuid(), 404, 'could not be found'),
    ('unknown=1', 400, 'unknown'),
])
def test_list_bad_arguments(app, db, query, status, text):
    for url in (URL, URL + '/detail'):
        response = app.get('%s?%s' % (url, query), headers=MEMBER_A,
                           status=status)
        assert text in error(response)


def uuids_of(page):
    return [t['uuid'] for t in page['clustertemplates']]


# -- patch ------------------------------------------------------------------

def patch(app, uuid, ops, headers=MEMBER_A, **kw):
    return app.patch_json('%s/%s' % (URL, uuid), ops, headers=headers, **kw)


def test_patch_replace_name_returns_200(app, db, admin_ctx):
    row = make(db)
    response = patch(app, row.uuid,
                     [{'op': 'replace', 'path': '/name', 'value': 'new'}])
    assert response.status_int == 200
    assert response.json['name'] == 'new'
    assert response.json['updated_at'] is not None
    stored = db.get_cluster_template_by_uuid(admin_ctx, row.uuid)
    assert stored.name == 'new'
    assert stored.labels == row.labels


def test_patch_by_name(app, db):
    make(db, name='by-name')
    ct = patch(app, 'by-name',
               [{'op': 'replace', 'path': '/tags', 'value': 't'}]).json
    assert ct['tags'] == 't'


def test_patch_labels_as_python_literal(app, db, admin_ctx):
    row = make(db)
    ct = patch(app, row.uuid, [{'op': 'replace', 'path': '/labels',
                                'value': "{'a': 'b', 'n': 1}"}]).json
    assert ct['labels'] == {'a': 'b', 'n': '1'}
    assert db.get_cluster_template_by_uuid(
        admin_ctx, row.uuid).labels == {'a': 'b', 'n': '1'}


def test_patch_label_add_and_remove_by_key(app, db):
    row = make(db, labels={'keep': '1', 'drop': '2'})
    ct = patch(app, row.uuid, [
        {'op': 'add', 'path': '/labels/new_key', 'value': 'v'},
        {'op': 'remove', 'path': '/labels/drop'}]).json
    assert ct['labels'] == {'keep': '1', 'new_key': 'v'}


def test_patch_add_to_null_attribute(app, db):
    row = make(db)
    ct = patch(app, row.uuid, [{'op': 'add', 'path': '/flavor_id',
                                'value': 'm1.small'}]).json
    assert ct['flavor_id'] == 'm1.small'


def test_patch_remove_optional_attribute(app, db):
    row = make(db, flavor_id='m1.small', apiserver_port=6443)
    ct = patch(app, row.uuid, [{'op': 'remove', 'path': '/flavor_id'},
                               {'op': 'remove',
                                'path': '/apiserver_port'}]).json
    assert ct['flavor_id'] is None
    assert ct['apiserver_port'] is None


def test_patch_int_and_bool_from_text(app, db):
    row = make(db)
    ct = patch(app, row.uuid, [
        {'op': 'replace', 'path': '/apiserver_port', 'value': '8443'},
        {'op': 'replace', 'path': '/tls_disabled', 'value': 'true'},
        {'op': 'replace', 'path': '/master_lb_enabled', 'value': True}]).json
    assert ct['apiserver_port'] == 8443
    assert ct['tls_disabled'] is True
    assert ct['master_lb_enabled'] is True


def test_patch_without_change_writes_nothing(app, db):
    row = make(db, name='same')
    ct = patch(app, row.uuid,
               [{'op': 'replace', 'path': '/name', 'value': 'same'}]).json
    assert ct['updated_at'] is None


@pytest.mark.parametrize('ops, text', [
    ([{'op': 'remove', 'path': '/coe'}], 'mandatory'),
    ([{'op': 'remove', 'path': '/image_id'}], 'mandatory'),
    ([{'op': 'remove', 'path': '/network_driver'}], 'mandatory'),
    ([{'op': 'remove', 'path': '/external_network_id'}], 'mandatory'),
    ([{'op': 'remove', 'path': '/tls_disabled'}], 'mandatory'),
    ([{'op': 'remove', 'path': '/public'}], 'mandatory'),
    ([{'op': 'remove', 'path': '/server_type'}], 'mandatory'),
    ([{'op': 'remove', 'path': '/registry_enabled'}], 'mandatory'),
    ([{'op': 'remove', 'path': '/cluster_distro'}], 'mandatory'),
    ([{'op': 'remove', 'path': '/hidden'}], 'mandatory'),
    ([{'op': 'replace', 'path': '/uuid',
       'value': uuidutils.generate_uuid()}], 'internal'),
    ([{'op': 'replace', 'path': '/id', 'value': 5}], 'internal'),
    ([{'op': 'replace', 'path': '/project_id', 'value': 'b'}], 'internal'),
    ([{'op': 'replace', 'path': '/user_id', 'value': 'b'}], 'internal'),
    ([{'op': 'replace', 'path': '/created_at', 'value': 'x'}], 'internal'),
    ([{'op': 'replace', 'path': '/links', 'value': 'x'}], 'internal'),
    ([{'op': 'replace', 'path': '/name'}], 'needs value'),
    ([{'op': 'add', 'path': '/name'}], 'needs value'),
    ([{'op': 'add', 'path': '/name', 'value': 'x'}], "'replace'"),
    ([{'op': 'add', 'path': '/bogus', 'value': 'x'}], 'bogus'),
    ([{'op': 'replace', 'path': '/bogus', 'value': 'x'}], 'bogus'),
    ([{'op': 'move', 'path': '/name', 'value': 'x'}], 'op'),
    ([{'op': 'test', 'path': '/name', 'value': 'x'}], 'op'),
    ([{'op': 'replace', 'path': 'name', 'value': 'x'}], 'path'),
    ([{'op': 'replace', 'path': '/labels/a.b', 'value': 'x'}], 'path'),
    ([{'op': 'replace', 'path': '/name', 'value': {'a': 1}}], 'value'),
    ([{'op': 'replace', 'path': '/name', 'value': ['a']}], 'value'),
    ([{'op': 'replace', 'path': '/name', 'value': 'x', 'extra': 1}],
     'extra'),
    ([{'path': '/name', 'value': 'x'}], 'op'),
    ([{'op': 'remove', 'path': '/labels/missing'}], 'labels'),
    ([{'op': 'replace', 'path': '/labels', 'value': "{'a': "}], 'labels'),
    ([{'op': 'replace', 'path': '/labels', 'value': "['a']"}], 'labels'),
    ([{'op': 'replace', 'path': '/apiserver_port', 'value': 'abc'}],
     'apiserver_port'),
    ([{'op': 'replace', 'path': '/apiserver_port', 'value': 80}],
     'apiserver_port'),
    ([{'op': 'replace', 'path': '/coe', 'value': 'dcos'}], 'coe'),
    ([{'op': 'replace', 'path': '/public', 'value': 'maybe'}], 'public'),
    ([{'op': 'replace', 'path': '/network_driver', 'value': 'docker'}],
     'not supported'),
    ([{'op': 'replace', 'path': '/dns_nameserver', 'value': 'x'}],
     'Invalid DNS'),
    ([{'op': 'replace', 'path': '/volume_driver', 'value': 'rexray'}],
     'Volume driver'),
    ([{'op': 'replace', 'path': '/docker_storage_driver',
       'value': 'devicemapper'}], 'devicemapper'),
    ([{'op': 'replace', 'path': '/driver', 'value': 'nope'}], 'nope'),
    ([{'op': 'replace', 'path': '/name', 'value': 'ok'},
      {'op': 'remove', 'path': '/coe'}], 'mandatory'),
])
def test_patch_rejections_are_400_and_change_nothing(app, db, admin_ctx,
                                                     ops, text):
    row = make(db)
    before = db.get_cluster_template_by_uuid(admin_ctx, row.uuid)
    response = patch(app, row.uuid, ops, status=400)
    assert text in error(response)
    after = db.get_cluster_template_by_uuid(admin_ctx, row.uuid)
    assert after.name == before.name
    assert after.labels == before.labels
    assert after.updated_at is None


def test_patch_body_must_be_a_list(app, db):
    row = make(db)
    patch(app, row.uuid, {'op': 'replace', 'path': '/name', 'value': 'x'},
          status=400)


def test_patch_missing_template_is_404(app, db):
    patch(app, uuidutils.generate_uuid(),
          [{'op': 'replace', 'path': '/name', 'value': 'x'}], status=404)


# -- referenced templates -------------------------------------------------

@pytest.fixture
def referenced(db):
    row = make(db, project_id='project-a', name='used')
    db.create_cluster(db_utils.cluster_values(cluster_template_id=row.uuid,
                                              project_id='project-b'))
    return row


@pytest.mark.parametrize('ops, headers', [
    ([{'op': 'replace', 'path': '/name', 'value': 'renamed'}], MEMBER_A),
    ([{'op': 'replace', 'path': '/tags', 'value': 'x'}], MEMBER_A),
    ([{'op': 'replace', 'path': '/public', 'value': True}], ADMIN),
    ([{'op': 'replace', 'path': '/hidden', 'value': True}], ADMIN),
    ([{'op': 'replace', 'path': '/hidden', 'value': True},
      {'op': 'replace', 'path': '/name', 'value': 'renamed'}], ADMIN),
])
def test_referenced_template_allowed_changes(app, referenced, ops, headers):
    patch(app, referenced.uuid, ops, headers=headers, status=200)


@pytest.mark.parametrize('ops', [
    [{'op': 'replace', 'path': '/image_id', 'value': 'other'}],
    [{'op': 'replace', 'path': '/labels', 'value': "{'a': 'b'}"}],
    [{'op': 'replace', 'path': '/name', 'value': 'x'},
     {'op': 'replace', 'path': '/flavor_id', 'value': 'm1.small'}],
])
def test_referenced_template_other_changes_are_400(app, db, admin_ctx,
                                                   referenced, ops):
    response = patch(app, referenced.uuid, ops, status=400)
    assert 'referenced' in error(response)
    stored = db.get_cluster_template_by_uuid(admin_ctx, referenced.uuid)
    assert stored.name == 'used'
    assert stored.image_id == referenced.image_id


def test_referenced_template_cannot_be_unpublished(app, db, admin_ctx):
    row = make(db, public=True)
    db.create_cluster(db_utils.cluster_values(cluster_template_id=row.uuid))
    patch(app, row.uuid, [{'op': 'replace', 'path': '/public',
                           'value': False}], headers=ADMIN, status=400)
    assert db.get_cluster_template_by_uuid(admin_ctx, row.uuid).public


def test_referenced_template_delete_is_400(app, db, admin_ctx, referenced):
    response = app.delete('%s/%s' % (URL, referenced.uuid),
                          headers=MEMBER_A, status=400)
    assert 'referenced' in error(response)
    assert count(db, admin_ctx) == 1


# -- delete -----------------------------------------------------------------

def test_delete_by_uuid_and_name(app, db, admin_ctx):
    first = make(db, name='first')
    make(db, name='second')
    response = app.delete('%s/%s' % (URL, first.uuid), headers=MEMBER_A)
    assert response.status_int == 204
    assert response.body == b''
    app.delete(URL + '/second', headers=MEMBER_A, status=204)
    assert count(db, admin_ctx) == 0
    app.get('%s/%s' % (URL, first.uuid), headers=MEMBER_A, status=404)


def test_delete_duplicate_name_is_409(app, db, admin_ctx):
    make(db, name='twin')
    make(db, name='twin')
    app.delete(URL + '/twin', headers=MEMBER_A, status=409)
    assert count(db, admin_ctx) == 2


def test_delete_missing_is_404(app, db):
    app.delete('%s/%s' % (URL, uuidutils.generate_uuid()),
               headers=MEMBER_A, status=404)
