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

"""The API asks the template's driver to check the well-known labels.

Templates here use ``k8s_fedora_coreos_v1`` (which has ``validate_labels``);
the fake driver has none, so every label value passes with it.
"""

import pytest

from magnum.tests.unit.api.controllers.v1 import cluster_fixtures as cf

pytestmark = pytest.mark.parametrize('db_server', ['sqlite'], indirect=True)

app = cf.app
seed = cf.seed

K8S = 'k8s_fedora_coreos_v1'
TEMPLATES = '/v1/clustertemplates'
BAD = [
    ({'cinder_csi_enabled': 'maybe'}, 'cinder_csi_enabled'),
    ({'boot_volume_size': '-1'}, 'boot_volume_size'),
    ({'service_cluster_ip_range': '10.254.0.0'}, 'service_cluster_ip_range'),
    ({'flannel_backend': 'ipsec'}, 'flannel_backend'),
    ({'min_node_count': '3', 'max_node_count': '2'}, 'min_node_count'),
]
GOOD = {'cinder_csi_enabled': 'true', 'boot_volume_size': '20',
        'service_cluster_ip_range': '10.254.0.0/16',
        'flannel_backend': 'vxlan', 'my_own_label': 'anything at all'}


def _template_body(labels, driver=K8S):
    return {'coe': 'kubernetes', 'image_id': 'fedora-coreos-40',
            'driver': driver, 'labels': labels}


@pytest.fixture
def template(seed):
    return seed.template(driver=K8S, labels={'kube_tag': 'v1.30'})


@pytest.fixture
def cluster(seed, template):
    return seed.cluster(template, labels={'kube_tag': 'v1.30'})


@pytest.mark.parametrize('labels,named', BAD)
def test_template_create_refuses_bad_label_values(app, labels, named):
    response = app.post_json(TEMPLATES, _template_body(labels),
                             headers=cf.headers(), status=400)
    assert named in cf.error_of(response)
    assert app.get(TEMPLATES, headers=cf.headers()).json[
        'clustertemplates'] == []


def test_template_create_keeps_good_and_unknown_labels(app):
    response = app.post_json(TEMPLATES, _template_body(GOOD),
                             headers=cf.headers(), status=201)
    assert response.json['labels'] == GOOD


def test_driver_without_validate_labels_accepts_anything(app):
    response = app.post_json(
        TEMPLATES, _template_body({'cinder_csi_enabled': 'maybe'},
                                  driver='fake'),
        headers=cf.headers(), status=201)
    assert response.json['labels'] == {'cinder_csi_enabled': 'maybe'}


def test_template_patch_refuses_bad_label_values(app, template):
    url = '%s/%s' % (TEMPLATES, template.uuid)
    response = app.patch_json(
        url, [{'op': 'add', 'path': '/labels/flannel_backend',
               'value': 'ipsec'}], headers=cf.headers(), status=400)
    assert 'flannel_backend' in cf.error_of(response)
    assert app.get(url, headers=cf.headers()).json['labels'] == {
        'kube_tag': 'v1.30'}
    app.patch_json(url, [{'op': 'add', 'path': '/labels/flannel_backend',
                          'value': 'vxlan'}],
                   headers=cf.headers(), status=200)


@pytest.mark.parametrize('labels,named', BAD)
def test_cluster_create_refuses_bad_label_values(app, template, labels,
                                                 named):
    response = app.post_json(
        '/v1/clusters', {'name': 'c', 'cluster_template_id': template.uuid,
                         'labels': labels},
        headers=cf.headers(), status=400)
    assert named in cf.error_of(response)
    cf.assert_nothing_sent(app)


def test_cluster_create_checks_merged_labels(app, template):
    app.post_json('/v1/clusters',
                  {'name': 'c', 'cluster_template_id': template.uuid,
                   'labels': dict(GOOD), 'merge_labels': True},
                  headers=cf.headers(), status=202)
    [call] = cf.calls(app, 1)
    assert call.arguments['cluster'].labels == dict(GOOD, kube_tag='v1.30')


@pytest.mark.parametrize('labels,named', BAD)
def test_nodegroup_create_refuses_bad_label_values(app, cluster, labels,
                                                   named):
    response = app.post_json(
        '/v1/clusters/%s/nodegroups' % cluster.uuid,
        {'name': 'extra', 'labels': labels}, headers=cf.headers(),
        status=400)
    assert named in cf.error_of(response)
    cf.assert_nothing_sent(app)


def test_nodegroup_create_accepts_good_labels(app, cluster):
    app.post_json('/v1/clusters/%s/nodegroups' % cluster.uuid,
                  {'name': 'extra', 'labels': GOOD}, headers=cf.headers(),
                  status=202)
    [call] = cf.calls(app, 1)
    assert call.arguments['nodegroup'].labels == GOOD
