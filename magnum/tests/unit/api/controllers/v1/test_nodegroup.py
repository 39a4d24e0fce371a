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

"""``/v1/clusters/<ident>/nodegroups`` (microversion 1.9 and later)."""

import urllib.parse

from oslo_utils import uuidutils
import pytest

from magnum.tests.unit.api.conftest import SQLITE_ONLY
from magnum.tests.unit.api.controllers.v1 import cluster_fixtures as cf

pytestmark = SQLITE_ONLY

# The shared fixtures, under their own names.
app = cf.app
seed = cf.seed

TRIMMED = {'uuid', 'name', 'flavor_id', 'node_count', 'role', 'is_default',
           'image_id', 'status', 'stack_id', 'min_node_count',
           'max_node_count', 'merge_labels'}

URL = '/v1/clusters/c1/nodegroups'


@pytest.fixture
def template(seed):
    return seed.template()


@pytest.fixture
def cluster(seed, template):
    return seed.cluster(template)


def _post(app, body, status=202, headers=None):
    return app.post_json(URL, body, headers=headers or cf.headers(),
                         status=status)


def _patch(app, ng, ops, status=202, headers=None):
    return app.patch_json('%s/%s' % (URL, ng), ops,
                          headers=headers or cf.headers(), status=status)


# --- reading ----------------------------------------------------------------

def test_list_is_trimmed_and_filters_by_role(app, seed, cluster):
    seed.nodegroup(cluster, 'extra', min_node_count=1, max_node_count=5)
    body = app.get(URL, headers=cf.headers()).json
    assert [ng['name'] for ng in body['nodegroups']] == [
        'default-master', 'default-worker', 'extra']
    for entry in body['nodegroups']:
        assert set(entry) == TRIMMED
        # WSME defaults leak into trimmed entries, as upstream.
        assert (entry['min_node_count'], entry['max_node_count']) == (0, None)
    workers = app.get(URL + '?role=worker', headers=cf.headers()).json
    assert [ng['name'] for ng in workers['nodegroups']] == [
        'default-worker', 'extra']


def test_list_paging_and_next_link(app, seed, cluster):
    seed.nodegroup(cluster, 'extra')
    first = app.get(URL + '?limit=2', headers=cf.headers()).json
    assert len(first['nodegroups']) == 2
    url = urllib.parse.urlparse(first['next'])
    assert url.path == '/v1/clusters/%s/nodegroups' % cluster.uuid
    query = dict(urllib.parse.parse_qsl(url.query))
    assert query == {'sort_key': 'id', 'sort_dir': 'asc', 'limit': '2',
                     'marker': first['nodegroups'][1]['uuid']}
    second = app.get(first['next'], headers=cf.headers()).json
    assert len(second['nodegroups']) == 1 and 'next' not in second
    app.get(URL + '?limit=0', headers=cf.headers(), status=400)
    app.get(URL + '?marker=bad', headers=cf.headers(), status=400)


def test_show_by_name_uuid_and_labels_diff(app, seed, cluster):
    extra = seed.nodegroup(cluster, 'extra',
                           labels={'kube_tag': 'v9', 'b': '2', 'z': '0'},
                           node_labels={'team': 'a'})
    for ident in ('extra', extra.uuid):
        shown = app.get('%s/%s' % (URL, ident), headers=cf.headers()).json
        assert shown['uuid'] == extra.uuid
        assert shown['cluster_id'] == cluster.uuid
        assert shown['labels_overridden'] == {'kube_tag': 'v1.31'}
        assert shown['labels_added'] == {'z': '0'}
        assert shown['labels_skipped'] == {}
        assert shown['links'][0]['href'].endswith(
            '/v1/clusters/%s/nodegroups/%s' % (cluster.uuid, extra.uuid))
        assert shown['node_labels'] == {'team': 'a'}
    app.get(URL + '/missing', headers=cf.headers(), status=404)


def test_node_labels_and_taints_are_hidden_below_1_14(app, seed, cluster):
    seed.nodegroup(cluster, 'extra', node_labels={'team': 'a'})
    shown = app.get(URL + '/extra', headers=cf.headers('1.13')).json
    assert 'node_labels' not in shown and 'node_taints' not in shown
    shown = app.get(URL + '/extra', headers=cf.headers('1.14')).json
    assert shown['node_labels'] == {'team': 'a'}
    assert shown['node_taints'] is None


@pytest.mark.parametrize('method,path', [
    ('get', URL), ('get', URL + '/default-worker'), ('post', URL),
    ('patch', URL + '/default-worker'), ('delete', URL + '/extra')])
def test_nodegroups_need_1_9(app, cluster, method, path):
    kwargs = {'headers': cf.headers('1.8'), 'status': 406}
    if method in ('post', 'patch'):
        getattr(app, method + '_json')(path, [] if method == 'patch'
                                       else {'name': 'x'}, **kwargs)
    else:
        getattr(app, method)(path, **kwargs)
    cf.assert_nothing_sent(app)


# --- creating ---------------------------------------------------------------

def test_create_casts_with_defaults_from_the_cluster(app, cluster):
    response = _post(app, {'name': 'extra', 'node_count': 2,
                           'max_node_count': 4})
    body = response.json
    assert response.status_int == 202
    assert body['name'] == 'extra' and body['role'] == 'worker'
    assert body['cluster_id'] == cluster.uuid
    assert uuidutils.is_uuid_like(body['uuid'])
    [call] = cf.calls(app, 1)
    assert call.name == 'nodegroup_create'
    assert call.arguments['cluster'].uuid == cluster.uuid
    sent = call.arguments['nodegroup']
    assert sent.uuid == body['uuid']
    assert (sent.image_id, sent.flavor_id, sent.docker_volume_size) == (
        'fcos', 'm1.small', 5)
    assert sent.labels == cluster.labels
    assert (sent.node_count, sent.min_node_count, sent.max_node_count) == (
        2, 0, 4)
    assert sent.is_default is False
    assert cf.count_rows(None) == (1, 2)


def test_create_merges_labels_and_takes_taints(app, cluster):
    _post(app, {'name': 'gpu', 'labels': {'x': 'y'}, 'merge_labels': True,
                'node_labels': {'node.kubernetes.io/gpu': 'true'},
                'node_taints': [{'key': 'gpu', 'effect': 'NoSchedule'}]})
    sent = cf.calls(app, 1)[0].arguments['nodegroup']
    assert sent.labels == dict(cluster.labels, x='y')
    assert sent.node_labels == {'node.kubernetes.io/gpu': 'true'}
    assert sent.node_taints == [{'key': 'gpu', 'value': None,
                                 'effect': 'NoSchedule'}]


@pytest.mark.parametrize('body,status,message', [
    ({'name': 'default-worker'}, 409, 'already exists'),
    ({'name': 'm', 'role': 'master'}, 400, 'master nodegroups'),
    ({'name': 'x', 'node_count': 1, 'min_node_count': 2}, 409,
     'min_node_count'),
    ({'name': 'x', 'node_count': 3, 'max_node_count': 2}, 409,
     'max_node_count'),
    ({'name': 'x', 'min_node_count': 2, 'max_node_count': 1,
      'node_count': 2}, 409, 'max_node_count'),
    ({'node_count': 1}, 400, 'name'),
    ({'name': 'x', 'status': 'CREATE_COMPLETE'}, 400, 'status'),
    ({'name': 'x', 'node_labels': {'kubernetes.io/role': 'x'}}, 400,
     'reserved'),
    ({'name': 'x', 'node_labels': {'bad key!': 'x'}}, 400, 'label key'),
    ({'name': 'x', 'node_taints': [{'key': 'a', 'effect': 'Never'}]}, 400,
     'effect'),
    ({'name': 'x', 'node_taints': [{'key': 'a', 'effect': 'NoSchedule',
                                    'colour': 'red'}]}, 400, 'colour'),
    ({'name': 'x', 'node_taints': [{'effect': 'NoSchedule'}]}, 400, 'key'),
])
def test_create_refusals_send_nothing(app, cluster, body, status, message):
    response = _post(app, body, status=status)
    assert message in cf.error_of(response)
    cf.assert_nothing_sent(app)


def test_create_needs_the_cluster_api_address(app, seed, template):
    seed.cluster(template, api_address=None)
    response = _post(app, {'name': 'x'}, status=409)
    assert 'API address' in cf.error_of(response)
    cf.assert_nothing_sent(app)


def test_create_version_gates(app, cluster):
    _post(app, {'name': 'x', 'node_count': 0}, status=400,
          headers=cf.headers('1.9'))
    response = _post(app, {'name': 'x', 'node_labels': {'a': 'b'}},
                     status=400, headers=cf.headers('1.13'))
    assert 'node_labels' in cf.error_of(response)
    cf.assert_nothing_sent(app)
    response = _post(app, {'name': 'x'}, headers=cf.headers('1.9'))
    assert 'node_labels' not in response.json
    _post(app, {'name': 'y', 'node_count': 0}, headers=cf.headers('1.10'))
    assert [c.arguments['nodegroup'].node_count
            for c in cf.calls(app, 2)] == [1, 0]


# --- updating ---------------------------------------------------------------

def test_patch_min_max_and_taints(app, seed, cluster):
    seed.nodegroup(cluster, 'extra', node_count=3)
    response = _patch(app, 'extra', [
        {'op': 'replace', 'path': '/min_node_count', 'value': 1},
        {'op': 'replace', 'path': '/max_node_count', 'value': 5},
        {'op': 'replace', 'path': '/node_taints',
         'value': "[{'key': 'a', 'value': 'b', 'effect': 'NoExecute'}]"},
        {'op': 'replace', 'path': '/node_labels',
         'value': "{'team': 'blue'}"}])
    assert response.json['min_node_count'] == 1
    assert response.json['max_node_count'] == 5
    [call] = cf.calls(app, 1)
    assert call.name == 'nodegroup_update'
    sent = call.arguments['nodegroup']
    assert (sent.name, sent.min_node_count, sent.max_node_count) == (
        'extra', 1, 5)
    assert sent.node_taints == [{'key': 'a', 'value': 'b',
                                 'effect': 'NoExecute'}]
    assert sent.node_labels == {'team': 'blue'}


@pytest.mark.parametrize('ops,status,message', [
    ([{'op': 'replace', 'path': '/node_count', 'value': 5}], 400,
     'internal attribute'),
    ([{'op': 'replace', 'path': '/name', 'value': 'n'}], 400,
     'internal attribute'),
    ([{'op': 'replace', 'path': '/min_node_count', 'value': 4}], 409,
     'min_node_count'),
    ([{'op': 'replace', 'path': '/max_node_count', 'value': 1}], 409,
     'max_node_count'),
    ([{'op': 'replace', 'path': '/min_node_count', 'value': 'x'}], 400,
     'min_node_count'),
    ([{'op': 'replace', 'path': '/node_labels', 'value': "{'k8s.io/x': 'y'}"}],
     400, 'reserved'),
])
def test_patch_refusals_send_nothing(app, seed, cluster, ops, status,
                                     message):
    seed.nodegroup(cluster, 'extra', node_count=3)
    response = _patch(app, 'extra', ops, status=status)
    assert message in cf.error_of(response)
    cf.assert_nothing_sent(app)


def test_patch_node_labels_gated_and_refused_on_masters(app, cluster):
    op = [{'op': 'replace', 'path': '/node_labels', 'value': "{'a': 'b'}"}]
    _patch(app, 'default-worker', op, status=400, headers=cf.headers('1.13'))
    response = _patch(app, 'default-master', op, status=400)
    assert 'master' in cf.error_of(response)
    cf.assert_nothing_sent(app)


# --- deleting ---------------------------------------------------------------

def test_delete_casts_and_default_nodegroups_stay(app, seed, cluster):
    extra = seed.nodegroup(cluster, 'extra')
    for name in ('default-worker', 'default-master'):
        response = app.delete('%s/%s' % (URL, name), headers=cf.headers(),
                              status=400)
        assert 'default nodegroup' in cf.error_of(response)
    cf.assert_nothing_sent(app)
    response = app.delete(URL + '/extra', headers=cf.headers())
    assert response.status_int == 204
    [call] = cf.calls(app, 1)
    assert call.name == 'nodegroup_delete'
    assert call.arguments['nodegroup'].uuid == extra.uuid
    assert cf.count_rows(None) == (1, 3)


# --- policy and isolation ---------------------------------------------------

def test_reader_reads_but_does_not_write(app, seed, cluster):
    seed.nodegroup(cluster, 'extra')
    app.get(URL, headers=cf.reader())
    app.get(URL + '/extra', headers=cf.reader())
    _post(app, {'name': 'x'}, status=403, headers=cf.reader())
    _patch(app, 'extra', [{'op': 'replace', 'path': '/min_node_count',
                           'value': 0}], status=403, headers=cf.reader())
    app.delete(URL + '/extra', headers=cf.reader(), status=403)
    cf.assert_nothing_sent(app)


def test_other_projects_see_nothing_admins_read_all(app, seed, cluster):
    seed.nodegroup(cluster, 'extra')
    b = cf.headers(project=cf.PROJECT_B, user='user-b')
    app.get(URL, headers=b, status=404)
    app.get(URL + '/extra', headers=b, status=404)
    _post(app, {'name': 'x'}, status=404, headers=b)
    _patch(app, 'extra', [{'op': 'replace', 'path': '/min_node_count',
                           'value': 0}], status=404, headers=b)
    app.delete(URL + '/extra', headers=b, status=404)
    cf.assert_nothing_sent(app)
    listed = app.get(URL, headers=cf.admin()).json['nodegroups']
    assert len(listed) == 3
    app.get(URL + '/extra', headers=cf.admin())
