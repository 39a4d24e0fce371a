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

"""``/v1/clusters``: list, detail, show, create, update and delete."""

import re
import urllib.parse

import oslo_messaging as messaging
from oslo_messaging import transport as om_transport
from oslo_utils import uuidutils
import pytest

from magnum import objects
from magnum.tests.unit.api.conftest import SQLITE_ONLY
from magnum.tests.unit.api.controllers.v1 import cluster_fixtures as cf

pytestmark = SQLITE_ONLY

# The shared fixtures, under their own names.
app = cf.app
seed = cf.seed

TRIMMED = {'uuid', 'name', 'cluster_template_id', 'keypair',
           'docker_volume_size', 'labels', 'node_count', 'status',
           'master_flavor_id', 'flavor_id', 'create_timeout', 'master_count',
           'health_status', 'links', 'merge_labels'}


@pytest.fixture
def template(seed):
    return seed.template()


@pytest.fixture
def cluster(seed, template):
    return seed.cluster(template)


# --- reading ----------------------------------------------------------------

@pytest.mark.parametrize('version,id_field', [
    (None, 'stack_id'), ('1.12', 'stack_id'), ('1.13', 'cluster_id'),
    ('latest', 'cluster_id')])
def test_list_is_trimmed_and_names_the_stack_by_version(app, cluster,
                                                        version, id_field):
    body = app.get('/v1/clusters', headers=cf.headers(version)).json
    [entry] = body['clusters']
    assert set(entry) == TRIMMED | {id_field}
    assert entry[id_field] == 'stack-c1'
    assert entry['node_count'] == 2 and entry['master_count'] == 1
    assert entry['merge_labels'] is False
    assert 'next' not in body


@pytest.mark.parametrize('version,present,absent', [
    ('1.12', 'stack_id', 'cluster_id'), ('1.13', 'cluster_id', 'stack_id')])
def test_detail_and_show_carry_every_field(app, cluster, version, present,
                                           absent):
    detail = app.get('/v1/clusters/detail',
                     headers=cf.headers(version)).json['clusters'][0]
    shown = app.get('/v1/clusters/%s' % cluster.uuid,
                    headers=cf.headers(version)).json
    for entry in (detail, shown):
        assert entry[present] == 'stack-c1' and absent not in entry
        assert entry['api_address'] == 'https://10.0.0.1:6443'
        assert entry['node_addresses'] == ['10.0.1.1', '10.0.1.2']
        assert entry['master_addresses'] == ['10.0.0.2']
        assert entry['project_id'] == cf.PROJECT_A
        # Template labels {kube_tag: v1.30, a: 1}; cluster {kube_tag: v1.31,
        # b: 2}: overridden shows the template's value.
        assert entry['labels_overridden'] == {'kube_tag': 'v1.30'}
        assert entry['labels_added'] == {'b': '2'}
        assert entry['labels_skipped'] == {'a': '1'}
        assert 'faults' not in entry
        assert entry['links'][0]['href'].endswith(
            '/v1/clusters/%s' % cluster.uuid)
        assert entry['links'][1]['rel'] == 'bookmark'


def test_show_by_name_and_duplicate_names(app, seed, template, cluster):
    assert app.get('/v1/clusters/c1',
                   headers=cf.headers()).json['uuid'] == cluster.uuid
    seed.cluster(template, name='c1')
    response = app.get('/v1/clusters/c1', headers=cf.headers(), status=409)
    assert 'Multiple clusters' in cf.error_of(response)
    app.get('/v1/clusters/%s' % cluster.uuid, headers=cf.headers())
    app.get('/v1/clusters/nope', headers=cf.headers(), status=404)


def test_faults_only_on_show_of_a_failed_cluster(app, seed, template):
    failed = seed.cluster(template, name='bad', status='CREATE_FAILED')
    seed.nodegroup(failed, 'extra', status='CREATE_FAILED',
                   status_reason='quota exceeded')
    shown = app.get('/v1/clusters/bad', headers=cf.headers()).json
    assert shown['faults'] == {'extra': 'quota exceeded'}
    detail = app.get('/v1/clusters/detail', headers=cf.headers()).json
    assert 'faults' not in detail['clusters'][0]


def _query(url):
    return dict(urllib.parse.parse_qsl(urllib.parse.urlparse(url).query))


@pytest.mark.parametrize('path', ['/v1/clusters', '/v1/clusters/detail'])
def test_paging_and_next_links(app, seed, template, path):
    made = [seed.cluster(template, name='c%d' % i) for i in range(3)]
    first = app.get(path + '?limit=2&sort_key=name&sort_dir=desc',
                    headers=cf.headers()).json
    assert [c['name'] for c in first['clusters']] == ['c2', 'c1']
    assert first['next'].startswith('http://localhost' + path + '?')
    assert _query(first['next']) == {
        'sort_key': 'name', 'sort_dir': 'desc', 'limit': '2',
        'marker': made[1].uuid}
    second = app.get(first['next'], headers=cf.headers()).json
    assert [c['name'] for c in second['clusters']] == ['c0']
    assert 'next' not in second


@pytest.mark.parametrize('query,status', [
    ('limit=0', 400), ('limit=-1', 400), ('sort_dir=up', 400),
    ('sort_key=nope', 400), ('marker=not-a-uuid', 400),
    ('marker=%s' % uuidutils.generate_uuid(), 404)])
def test_bad_paging_arguments(app, cluster, query, status):
    app.get('/v1/clusters?' + query, headers=cf.headers(), status=status)


# --- creating ---------------------------------------------------------------

def _create(app, body=None, status=202, **kwargs):
    values = {'cluster_template_id': 'k8s'}
    values.update(body or {})
    kwargs.setdefault('headers', cf.headers())
    return app.post_json('/v1/clusters', values, status=status, **kwargs)


def test_create_answers_the_uuid_and_casts_cluster_create(app, template):
    response = _create(app, {'name': 'mine', 'node_count': 3,
                             'create_timeout': 15})
    assert response.status_int == 202
    assert set(response.json) == {'uuid'}
    [call] = cf.calls(app, 1)
    assert call.name == 'cluster_create'
    args = call.arguments
    assert (args['master_count'], args['node_count'],
            args['create_timeout']) == (1, 3, 15)
    sent = args['cluster']
    assert sent.uuid == response.json['uuid']
    assert sent.name == 'mine'
    assert sent.cluster_template_id == template.uuid
    assert sent.project_id == cf.PROJECT_A and sent.user_id == 'user-a'
    # Inherited from the template.
    assert sent.labels == template.labels
    assert (sent.keypair, sent.flavor_id, sent.master_flavor_id,
            sent.docker_volume_size) == ('kp', 'm1.small', 'm1.medium', 5)
    assert [m.method for m in app.conductor.sent] == ['cluster_create']
    assert app.conductor.sent[0].wait_for_reply is False
    # The conductor writes the row, not the API.
    assert cf.count_rows(None) == (0, 0)


def test_create_defaults_and_label_merging(app, template):
    _create(app, {'labels': {'x': 1, 'kube_tag': 'v2'},
                  'merge_labels': True, 'flavor_id': 'big'})
    _create(app, {'labels': {'x': True}})
    first, second = [c.arguments['cluster'] for c in cf.calls(app, 2)]
    assert first.labels == {'kube_tag': 'v2', 'a': '1', 'x': '1'}
    assert first.flavor_id == 'big'
    assert second.labels == {'x': 'True'}
    assert re.match(r'^[a-z]+-\d+-cluster$', first.name)
    assert first.create_timeout == 60
    assert cf.calls(app, 2)[0].arguments['node_count'] == 1


@pytest.mark.parametrize('body,status,message', [
    ({'name': '1bad'}, 400, 'name'),
    ({'name': 'x' * 243}, 400, 'name'),
    ({'node_count': -1}, 400, 'node_count'),
    ({'master_count': 0}, 400, 'master_count'),
    ({'master_count': 2}, 400, 'even number'),
    ({'master_count': 3}, 400, 'master_lb_enabled'),
    ({'color': 'red'}, 400, 'color'),
    ({'status': 'CREATE_COMPLETE'}, 400, 'status'),
    ({'cluster_template_id': 'nope'}, 404, 'nope'),
])
def test_create_refusals_send_nothing(app, template, body, status, message):
    response = _create(app, body, status=status)
    assert message in cf.error_of(response)
    cf.assert_nothing_sent(app)


def test_create_without_template_id(app, template):
    response = app.post_json('/v1/clusters', {'name': 'x'},
                             headers=cf.headers(), status=400)
    assert 'cluster_template_id' in cf.error_of(response)


def test_several_masters_with_a_load_balancer(app, template):
    _create(app, {'master_count': 3, 'master_lb_enabled': True})
    assert cf.calls(app, 1)[0].arguments['master_count'] == 3


def test_missing_template_is_400_before_1_10(app, template):
    _create(app, {'cluster_template_id': 'nope'}, status=400,
            headers=cf.headers('1.9'))
    cf.assert_nothing_sent(app)


def test_zero_nodes_need_1_10(app, template):
    response = _create(app, {'node_count': 0}, status=400,
                       headers=cf.headers('1.9'))
    assert 'zero' in cf.error_of(response)
    cf.assert_nothing_sent(app)
    _create(app, {'node_count': 0}, headers=cf.headers('1.10'))
    assert cf.calls(app, 1)[0].arguments['node_count'] == 0


def test_unsupported_cluster_type(app, seed):
    seed.template(name='odd', cluster_distro='windows')
    response = _create(app, {'cluster_template_id': 'odd'}, status=400)
    assert 'not supported' in cf.error_of(response)
    cf.assert_nothing_sent(app)


def test_hidden_template_needs_an_admin(app, seed):
    seed.template(name='secret', hidden=True)
    _create(app, {'cluster_template_id': 'secret'}, status=403)
    cf.assert_nothing_sent(app)
    _create(app, {'cluster_template_id': 'secret'},
            headers=cf.admin(project=cf.PROJECT_A))
    assert cf.calls(app, 1)[0].name == 'cluster_create'


def test_quota_from_the_project_row(app, seed, template):
    seed.cluster(template)
    objects.Quota(cf.context_of(cf.PROJECT_A), project_id=cf.PROJECT_A,
                  resource='Cluster', hard_limit=1).create()
    response = _create(app, status=403)
    assert 'maximum clusters per project, 1' in cf.error_of(response)
    cf.assert_nothing_sent(app)
    # Another project is not limited by project A's quota.
    seed.template(project=cf.PROJECT_B)
    _create(app, headers=cf.headers(project=cf.PROJECT_B))


def test_quota_from_the_configuration(app, api_conf, seed, template):
    api_conf.set_override('max_clusters_per_project', 2, group='quotas')
    seed.cluster(template, name='one')
    _create(app)
    seed.cluster(template, name='two')
    response = _create(app, status=403)
    assert 'maximum clusters per project, 2' in cf.error_of(response)
    assert len(app.conductor.sent) == 1


def test_lost_cast_answers_503(app, template, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise messaging.MessageDeliveryFailure('broker gone')

    monkeypatch.setattr(om_transport.Transport, '_send', refuse)
    response = _create(app, status=503)
    assert 'conductor' in cf.error_of(response)


# --- updating ---------------------------------------------------------------

def _patch(app, ident, ops, status=202, query='', **kwargs):
    kwargs.setdefault('headers', cf.headers())
    return app.patch_json('/v1/clusters/%s%s' % (ident, query), ops,
                          status=status, **kwargs)


def test_patch_node_count_goes_to_the_default_worker(app, seed, cluster):
    seed.nodegroup(cluster, 'extra', node_count=4)
    response = _patch(app, 'c1', [{'op': 'replace', 'path': '/node_count',
                                   'value': 5}])
    assert response.json == {'uuid': cluster.uuid}
    [call] = cf.calls(app, 1)
    assert call.name == 'cluster_update'
    assert call.arguments['cluster'].uuid == cluster.uuid
    assert call.arguments['node_count'] == 5
    assert call.arguments['health_status'] is None
    assert call.arguments['rollback'] is False


def test_patch_health_with_a_python_literal(app, cluster):
    _patch(app, 'c1', [
        {'op': 'replace', 'path': '/health_status', 'value': 'UNHEALTHY'},
        {'op': 'replace', 'path': '/health_status_reason',
         'value': "{'api': 'down', 'node-0.Ready': False}"}])
    [call] = cf.calls(app, 1)
    assert call.arguments['health_status'] == 'UNHEALTHY'
    assert call.arguments['health_status_reason'] == {
        'api': 'down', 'node-0.Ready': 'False'}
    assert call.arguments['node_count'] == 2


def test_rollback_from_1_3(app, cluster):
    op = [{'op': 'replace', 'path': '/node_count', 'value': 1}]
    _patch(app, 'c1', op, query='?rollback=True', status=400,
           headers=cf.headers('1.2'))
    cf.assert_nothing_sent(app)
    _patch(app, 'c1', op, query='?rollback=True', headers=cf.headers('1.3'))
    assert cf.calls(app, 1)[0].arguments['rollback'] is True


@pytest.mark.parametrize('ops,message', [
    ([{'op': 'replace', 'path': '/name', 'value': 'other'}],
     'cannot change cluster property(ies) name'),
    ([{'op': 'replace', 'path': '/master_count', 'value': 3}],
     'master_count'),
    ([{'op': 'add', 'path': '/labels/new', 'value': 'x'}], 'labels'),
    ([{'op': 'replace', 'path': '/api_address', 'value': 'x'}],
     'internal attribute'),
    ([{'op': 'remove', 'path': '/node_count'}], 'node_count'),
    ([{'op': 'replace', 'path': '/node_count', 'value': -1}], 'node_count'),
    ([{'op': 'replace', 'path': '/health_status', 'value': 'GREAT'}],
     'health_status'),
    ([{'op': 'move', 'path': '/node_count'}], 'op'),
])
def test_patch_refusals_send_nothing(app, cluster, ops, message):
    response = _patch(app, 'c1', ops, status=400)
    assert message in cf.error_of(response)
    cf.assert_nothing_sent(app)


def test_patch_zero_nodes_need_1_10(app, cluster):
    op = [{'op': 'replace', 'path': '/node_count', 'value': 0}]
    _patch(app, 'c1', op, status=400, headers=cf.headers('1.9'))
    cf.assert_nothing_sent(app)
    _patch(app, 'c1', op, headers=cf.headers('1.10'))
    assert cf.calls(app, 1)[0].arguments['node_count'] == 0


def test_health_updates_are_for_the_owner_other_updates_for_members(
        app, cluster):
    other_member = cf.headers(user='user-z')
    health = [{'op': 'replace', 'path': '/health_status',
               'value': 'HEALTHY'}]
    _patch(app, 'c1', health, status=403, headers=other_member)
    _patch(app, 'c1', [{'op': 'replace', 'path': '/node_count',
                        'value': 3}], headers=other_member)
    _patch(app, 'c1', health)
    assert [c.name for c in cf.calls(app, 2)] == ['cluster_update'] * 2


# --- deleting ---------------------------------------------------------------

def test_delete_casts_and_keeps_the_row(app, cluster):
    response = app.delete('/v1/clusters/c1', headers=cf.headers())
    assert response.status_int == 204 and not response.body
    [call] = cf.calls(app, 1)
    assert call.name == 'cluster_delete'
    assert call.arguments == {'uuid': cluster.uuid}
    assert cf.count_rows(None) == (1, 2)


# --- policy and isolation ---------------------------------------------------

def test_reader_reads_but_does_not_write(app, cluster):
    app.get('/v1/clusters', headers=cf.reader())
    app.get('/v1/clusters/detail', headers=cf.reader())
    app.get('/v1/clusters/c1', headers=cf.reader())
    _create(app, status=403, headers=cf.reader())
    _patch(app, 'c1', [{'op': 'replace', 'path': '/node_count',
                        'value': 3}], status=403, headers=cf.reader())
    app.delete('/v1/clusters/c1', headers=cf.reader(), status=403)
    cf.assert_nothing_sent(app)


def test_member_without_reader_role_cannot_list(app, cluster):
    app.get('/v1/clusters', headers=cf.headers(roles='member'), status=403)


def test_projects_are_isolated_and_admins_see_all(app, seed, template,
                                                  cluster):
    theirs = seed.cluster(seed.template(project=cf.PROJECT_B),
                          project=cf.PROJECT_B, name='c2')
    b = cf.headers(project=cf.PROJECT_B, user='user-b')
    listed = app.get('/v1/clusters', headers=b).json['clusters']
    assert [c['uuid'] for c in listed] == [theirs.uuid]
    op = [{'op': 'replace', 'path': '/node_count', 'value': 3}]
    for ident in ('c1', cluster.uuid):
        app.get('/v1/clusters/%s' % ident, headers=b, status=404)
        _patch(app, ident, op, status=404, headers=b)
        app.delete('/v1/clusters/%s' % ident, headers=b, status=404)
    cf.assert_nothing_sent(app)

    everything = app.get('/v1/clusters/detail', headers=cf.admin()).json
    assert {c['uuid'] for c in everything['clusters']} == {
        cluster.uuid, theirs.uuid}
    app.get('/v1/clusters/c2', headers=cf.admin())
    app.delete('/v1/clusters/c2', headers=cf.admin())
    assert cf.calls(app, 1)[0].arguments == {'uuid': theirs.uuid}
