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

"""The list routes read plain rows (``magnum.api.views``): every entry
must be what the object-built show document of the same resource says,
for every microversion and caller."""

import datetime

import pytest

from magnum.tests.unit.api.conftest import SQLITE_ONLY
from magnum.tests.unit.api.controllers.v1 import cluster_fixtures as cf

pytestmark = SQLITE_ONLY

app = cf.app
seed = cf.seed

VERSIONS = (None, '1.12', '1.13', '1.14', '1.15', 'latest')
TRIMMED = {'uuid', 'name', 'cluster_template_id', 'keypair',
           'docker_volume_size', 'labels', 'node_count', 'status',
           'master_flavor_id', 'flavor_id', 'create_timeout', 'master_count',
           'health_status', 'links', 'merge_labels'}
EXPIRY = datetime.datetime(2031, 2, 3, 4, 5, 6, 7000,
                           tzinfo=datetime.timezone.utc)


@pytest.fixture
def clusters(seed):
    """Clusters of project A from templates of every visibility, and one
    of project B."""
    own = seed.template(name='own')
    public = seed.template(project=cf.PROJECT_B, name='public', public=True,
                           labels={'kube_tag': 'v1.29', 'x': 'y'})
    hidden = seed.template(project=cf.PROJECT_B, name='hidden', public=True,
                           hidden=True)
    private = seed.template(project=cf.PROJECT_B, name='private',
                            labels=None)
    made = [
        seed.cluster(own, name='plain'),
        seed.cluster(public, name='from-public', node_count=3,
                     master_count=2, ca_cert_ref='ref-ca',
                     ca_cert_expires_at=EXPIRY,
                     magnum_cert_expires_at=EXPIRY),
        seed.cluster(hidden, name='from-hidden', status='CREATE_FAILED',
                     labels=None, health_status='UNHEALTHY',
                     health_status_reason={'api': 'down'}),
        seed.cluster(private, name='from-private', magnum_cert_ref='ref-c',
                     magnum_cert_expires_at=EXPIRY),
        seed.cluster(own, name='bare', nodegroups=False, stack_id=None,
                     create_timeout=None, docker_volume_size=None),
        seed.cluster(private, project=cf.PROJECT_B, name='theirs'),
    ]
    extra = made[1]
    seed.nodegroup(extra, 'gpu', role='gpu', node_count=4,
                   node_addresses=['10.0.3.1'])
    seed.nodegroup(extra, 'more-masters', role='master', node_count=2,
                   node_addresses=['10.0.0.9'])
    seed.nodegroup(extra, 'unsized', node_count=None)
    seed.nodegroup(made[2], 'broken', status='CREATE_FAILED',
                   status_reason='quota')
    return made


def _listed(app, path, headers):
    return app.get(path, headers=headers).json


def _shown(app, uuid, headers):
    document = app.get('/v1/clusters/%s' % uuid, headers=headers).json
    document.pop('faults', None)
    return document


CALLERS = {'member-a': cf.headers, 'reader-a': cf.reader,
           'member-b': lambda v: cf.headers(v, project=cf.PROJECT_B,
                                            user='user-b'),
           'admin': cf.admin}


@pytest.mark.parametrize('caller', sorted(CALLERS))
@pytest.mark.parametrize('version', VERSIONS)
def test_detail_entries_are_the_show_documents(app, clusters, caller,
                                               version):
    headers = CALLERS[caller](version)
    entries = _listed(app, '/v1/clusters/detail', headers)['clusters']
    assert entries
    for entry in entries:
        assert entry == _shown(app, entry['uuid'], headers)
    with_expiry = version in ('1.15', 'latest')
    assert all(('certificates_expire_at' in e) is with_expiry
               for e in entries)


@pytest.mark.parametrize('caller', sorted(CALLERS))
@pytest.mark.parametrize('version', VERSIONS)
def test_list_entries_are_the_trimmed_show_documents(app, clusters, caller,
                                                     version):
    headers = CALLERS[caller](version)
    id_field = 'stack_id' if version in (None, '1.12') else 'cluster_id'
    entries = _listed(app, '/v1/clusters', headers)['clusters']
    assert entries
    for entry in entries:
        shown = _shown(app, entry['uuid'], headers)
        assert set(entry) == TRIMMED | {id_field}
        assert entry == {key: shown[key] for key in entry}


def test_what_each_caller_lists(app, clusters):
    def names(headers, path='/v1/clusters'):
        return [c['name'] for c in _listed(app, path, headers)['clusters']]

    mine = ['plain', 'from-public', 'from-hidden', 'from-private', 'bare']
    assert names(cf.headers()) == mine
    assert names(cf.reader()) == mine
    assert names(cf.headers(project=cf.PROJECT_B, user='user-b')) == [
        'theirs']
    assert names(cf.admin()) == mine + ['theirs']
    assert names(cf.admin(), '/v1/clusters/detail') == mine + ['theirs']


def test_sums_addresses_and_label_differences(app, clusters):
    by_name = {c['name']: c for c in _listed(
        app, '/v1/clusters/detail', cf.headers())['clusters']}
    extra = by_name['from-public']
    # default worker 3 + gpu 4 + unsized 0; default master 2 + 2 more.
    assert (extra['node_count'], extra['master_count']) == (7, 4)
    assert extra['node_addresses'] == ['10.0.1.1', '10.0.1.2', '10.0.1.3',
                                       '10.0.3.1']
    assert extra['master_addresses'] == ['10.0.0.2', '10.0.0.9']
    assert extra['labels_overridden'] == {'kube_tag': 'v1.29'}
    assert extra['labels_added'] == {'b': '2'}
    assert extra['labels_skipped'] == {'x': 'y'}
    assert extra['certificates_expire_at'] == {
        'ca': '2031-02-03T04:05:06.007000+00:00', 'client': None}
    assert by_name['from-private']['certificates_expire_at'] == {
        'ca': None, 'client': '2031-02-03T04:05:06.007000+00:00'}
    bare = by_name['bare']
    assert (bare['node_count'], bare['master_count']) == (0, 0)
    assert bare['node_addresses'] == bare['master_addresses'] == []
    assert bare['cluster_id'] is None and bare['create_timeout'] is None
    # Templates the caller cannot see give no differences.
    for name in ('from-hidden', 'from-private'):
        assert 'labels_added' not in by_name[name]
    admin = {c['name']: c for c in _listed(
        app, '/v1/clusters/detail', cf.admin())['clusters']}
    skipped = admin['from-hidden']['labels_skipped']
    assert skipped == {'kube_tag': 'v1.30', 'a': '1'}


@pytest.mark.parametrize('path', ['/v1/clusters', '/v1/clusters/detail'])
@pytest.mark.parametrize('sort_key,sort_dir', [
    ('id', 'asc'), ('id', 'desc'), ('name', 'asc'), ('name', 'desc'),
    ('docker_volume_size', 'asc'), ('stack_id', 'desc')])
def test_next_links_walk_the_whole_list_in_order(app, clusters, path,
                                                 sort_key, sort_dir):
    headers = cf.admin()
    query = '?sort_key=%s&sort_dir=%s' % (sort_key, sort_dir)
    everything = [c['uuid'] for c in _listed(
        app, path + query, headers)['clusters']]
    assert len(everything) == 6
    walked, url = [], path + query + '&limit=2'
    while url:
        page = _listed(app, url, headers)
        assert len(page['clusters']) <= 2
        walked += [c['uuid'] for c in page['clusters']]
        url = page.get('next')
    assert walked == everything


def test_marker_of_another_project_is_not_found(app, clusters):
    theirs = clusters[-1].uuid
    app.get('/v1/clusters?marker=%s' % theirs, headers=cf.headers(),
            status=404)
    page = _listed(app, '/v1/clusters?limit=1&marker=%s' % theirs,
                   cf.admin())
    assert page['clusters'] == []


@pytest.mark.parametrize('caller', sorted(CALLERS))
@pytest.mark.parametrize('path', ['/v1/clustertemplates',
                                  '/v1/clustertemplates/detail'])
def test_template_entries_are_the_show_documents(app, clusters, caller,
                                                 path):
    headers = CALLERS[caller]('latest')
    entries = _listed(app, path, headers)['clustertemplates']
    for entry in entries:
        assert entry == app.get('/v1/clustertemplates/%s' % entry['uuid'],
                                headers=headers).json
    names = [t['name'] for t in entries]
    expected = {'member-a': ['own', 'public'],
                'reader-a': ['own', 'public'],
                'member-b': ['public', 'hidden', 'private'],
                'admin': ['own', 'public', 'hidden', 'private']}[caller]
    assert names == expected


def test_template_paging(app, clusters):
    headers = cf.admin()
    first = _listed(app, '/v1/clustertemplates/detail?limit=3&sort_key=name',
                    headers)
    assert [t['name'] for t in first['clustertemplates']] == [
        'hidden', 'own', 'private']
    assert first['next'].startswith(
        'http://localhost/v1/clustertemplates/detail?sort_key=name&')
    second = _listed(app, first['next'], headers)
    assert [t['name'] for t in second['clustertemplates']] == ['public']
    assert 'next' not in second
