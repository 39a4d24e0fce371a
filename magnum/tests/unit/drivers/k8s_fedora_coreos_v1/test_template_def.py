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

"""Rendering: the exact Heat parameters and environment files produced for
template/cluster/label combinations (in-memory objects, no database)."""

import os
import urllib.parse

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives import serialization
from keystoneauth1 import loading as ks_loading
import pytest

from magnum.common import exception
from magnum.common import keystone
from magnum.common import trustee_password
from magnum.drivers.heat import template_def as heat_def
from magnum.drivers.k8s_fedora_coreos_v1 import driver
from magnum.drivers.k8s_fedora_coreos_v1 import template_def
from magnum.tests.unit.drivers.conftest import make_cluster
from magnum.tests.unit.drivers.conftest import make_template
from magnum.tests.unit.fixtures import cloud as fake_cloud

ENV_DIR = os.path.join(template_def.TEMPLATES, 'environments')
SA_KEYS = ('kube_service_account_key', 'kube_service_account_private_key')

cloud = fake_cloud.cloud
cloud_conf = fake_cloud.cloud_conf


@pytest.fixture(autouse=True)
def keystone_with_magnum(cloud, cloud_conf, tmp_path):
    """Magnum's service credentials point at the loopback cloud, whose
    catalog lists Magnum's own endpoint (``container-infra``)."""
    cloud.services['container-infra'] = 'container-infra'
    conf_file = tmp_path / 'magnum.conf'
    conf_file.write_text(
        '[keystone_authtoken]\n'
        'www_authenticate_uri = %(identity)s\n'
        '[keystone_auth]\n'
        'auth_type = v3token\n'
        'auth_url = %(identity)s\n'
        'token = %(token)s\n'
        'project_id = %(project)s\n' % {
            'identity': cloud.url + '/identity', 'token': fake_cloud.TOKEN,
            'project': fake_cloud.PROJECT_ID})
    cloud_conf(['--config-file', str(conf_file)], project='magnum',
               default_config_files=[])
    keystone.reset_service_session()
    yield cloud
    keystone.reset_service_session()
    # keystoneauth registered the plugin's options (auth_url required) when
    # it loaded them; left behind, they would fail later parses of CONF.
    cloud_conf.reset()
    cloud_conf.unregister_opts(
        ks_loading.get_auth_plugin_conf_options('v3token'),
        group='keystone_auth')


@pytest.fixture
def urls(keystone_with_magnum):
    base = keystone_with_magnum.url
    return {'auth_url': base + '/identity/v3',
            'magnum_url': base + '/container-infra/v1'}


def split_keys(params):
    """``params`` without the service account key pair, after checking
    that the pair is a matching RSA 2048 key pair in PEM."""
    rest = dict(params)
    public_pem, private_pem = (rest.pop(key) for key in SA_KEYS)
    private = serialization.load_pem_private_key(private_pem.encode(), None)
    public = serialization.load_pem_public_key(public_pem.encode())
    assert isinstance(private, rsa.RSAPrivateKey)
    assert private.key_size == 2048
    assert public.public_numbers() == private.public_key().public_numbers()
    return rest


def envs(*names):
    return [os.path.join(ENV_DIR, name + '.yaml') for name in names]


def template(**values):
    values.setdefault('image_id', 'fcos-image')
    values.setdefault('flavor_id', 'm1.small')
    values.setdefault('master_flavor_id', 'm1.medium')
    values.setdefault('external_network_id', 'public')
    values.setdefault('network_driver', 'flannel')
    values.setdefault('tls_disabled', False)
    values.setdefault('docker_volume_size', None)
    return make_template(**values)


def cluster(ctx, tmpl, **values):
    values.setdefault('uuid', '5d12f6fd-a196-4bf0-ae4c-1f639a523a52')
    values.setdefault('name', 'k8s')
    values.setdefault('keypair', 'testkey')
    values.setdefault('discovery_url', 'https://discovery.etcd.io/abc')
    c = make_cluster(ctx, masters=1, workers=2, template=tmpl, **values)
    for ng in c.nodegroups:
        ng.image_id = 'fcos-image'
        ng.flavor_id = 'm1.medium' if ng.role == 'master' else 'm1.small'
        ng.docker_volume_size = None
        ng.labels = {}
        ng.max_node_count = None
    return c


def render(ctx, tmpl, c, **kwargs):
    definition = driver.Driver().get_template_definition()
    return definition.extract_definition(ctx, tmpl, c, **kwargs)


BASE_PARAMS = {
    'ssh_key_name': 'testkey',
    'external_network': 'public',
    'network_driver': 'flannel',
    'tls_disabled': False,
    'cluster_uuid': '5d12f6fd-a196-4bf0-ae4c-1f639a523a52',
    'discovery_url': 'https://discovery.etcd.io/abc',
    'number_of_masters': 1,
    'master_nodegroup_name': 'default-master',
    'number_of_minions': 2,
    'worker_nodegroup_name': 'default-worker',
    'fixed_network_name': 'k8s',
    'master_flavor': 'm1.medium',
    'master_image': 'fcos-image',
    'minion_flavor': 'm1.small',
    'minion_image': 'fcos-image',
    'docker_volume_type': '',
    'boot_volume_size': 0,
    'boot_volume_type': '',
    'max_node_count': 3,
    'nodes_affinity_policy': 'soft-anti-affinity',
    'kubernetes_port': 6443,
    'pods_network_cidr': '10.100.0.0/16',
    'dns_service_ip': '10.254.0.10',
    'cloud_provider_enabled': False,
    'verify_ca': True,
    # No stored CA (see test_ca_rotation.py for a cluster with one).
    'kube_ca_fingerprint': '',
    # auth_url and magnum_url: see the ``urls`` fixture.
}

DEFAULT_ENVS = envs('with_private_network', 'no_etcd_volume', 'no_volume',
                    'no_master_lb', 'enable_floating_ip')


def test_defaults(ctx, urls):
    tmpl = template()
    path, params, env_files = render(ctx, tmpl, cluster(ctx, tmpl))
    assert path == os.path.join(template_def.TEMPLATES, 'kubecluster.yaml')
    assert split_keys(params) == dict(BASE_PARAMS, **urls)
    assert env_files == DEFAULT_ENVS
    for env in env_files:
        assert os.path.exists(env)


def test_labels_calico_lb_volumes_and_existing_network(ctx, urls):
    tmpl = template(network_driver='calico', master_lb_enabled=True,
                    floating_ip_enabled=False, docker_volume_size=20,
                    fixed_network='net-a', fixed_subnet='subnet-a',
                    dns_nameserver='1.1.1.1', no_proxy='localhost',
                    labels={'kube_tag': 'v1.27.4', 'etcd_volume_size': '5',
                            'calico_ipv4pool': '10.200.0.0/16',
                            'calico_ipv4pool_ipip': 'Always',
                            'service_cluster_ip_range': '10.96.0.0/12',
                            'master_lb_floating_ip_enabled': 'true',
                            'cinder_csi_enabled': 'false',
                            'container_infra_prefix': 'registry.local/',
                            'my_own_label': 'kept'})
    c = cluster(ctx, tmpl, labels={'auto_scaling_enabled': 'true',
                                   'min_node_count': '1',
                                   'max_node_count': '5'})
    _, params, env_files = render(ctx, tmpl, c)
    expected = dict(BASE_PARAMS, **urls)
    expected.update({
        'network_driver': 'calico',
        'fixed_network': 'net-a', 'fixed_subnet': 'subnet-a',
        'dns_nameserver': '1.1.1.1', 'no_proxy': 'localhost,10.0.0.0/24',
        'docker_volume_size': 20,
        'kube_tag': 'v1.27.4', 'kube_version': 'v1.27.4',
        'pods_network_cidr': '10.200.0.0/16',
        'calico_ipv4pool_ipip': 'Always',
        'portal_network_cidr': '10.96.0.0/12',
        'dns_service_ip': '10.96.0.10',
        'cinder_csi_enabled': False,
        'container_infra_prefix': 'registry.local/',
        'auto_scaling_enabled': True,
        'min_node_count': 1, 'max_node_count': 5,
    })
    assert split_keys(params) == expected
    assert 'my_own_label' not in params
    assert env_files == envs('no_private_network', 'with_etcd_volume',
                             'with_volume', 'with_master_lb_octavia',
                             'disable_floating_ip', 'enable_lb_floating_ip')


def test_tls_disabled_uses_plain_http_port(ctx):
    tmpl = template(tls_disabled=True, master_lb_enabled=True,
                    labels={'master_lb_floating_ip_enabled': 'false'})
    _, params, env_files = render(ctx, tmpl, cluster(ctx, tmpl))
    assert params['tls_disabled'] is True
    assert params['kubernetes_port'] == 8080
    assert params['loadbalancing_protocol'] == 'HTTP'
    assert env_files == envs('with_private_network', 'no_etcd_volume',
                             'no_volume', 'with_master_lb_octavia',
                             'enable_floating_ip', 'disable_lb_floating_ip')


def test_apiserver_port_of_the_template(ctx):
    tmpl = template(apiserver_port=8443)
    _, params, _ = render(ctx, tmpl, cluster(ctx, tmpl))
    assert params['kubernetes_port'] == 8443


def test_cluster_labels_override_template_labels(ctx):
    tmpl = template(labels={'flannel_backend': 'udp', 'kube_tag': 'v1.1'})
    c = cluster(ctx, tmpl, labels={'flannel_backend': 'host-gw'},
                coe_version='v1.2')
    _, params, _ = render(ctx, tmpl, c)
    assert params['flannel_backend'] == 'host-gw'
    assert params['kube_tag'] == 'v1.1'
    assert params['kube_version'] == 'v1.2'


def test_resize_extra_params_win(ctx):
    tmpl = template()
    _, params, _ = render(ctx, tmpl, cluster(ctx, tmpl), extra_params={
        'number_of_minions': 1, 'minions_to_remove': ['server-1']})
    assert params['number_of_minions'] == 1
    assert params['minions_to_remove'] == ['server-1']


def test_cloud_provider_and_cinder_volume_driver(ctx, conf):
    tmpl = template(volume_driver='cinder',
                    labels={'cloud_provider_enabled': 'false'})
    with pytest.raises(exception.InvalidParameterValue):
        render(ctx, tmpl, cluster(ctx, tmpl))
    conf.config(group='trust', cluster_user_trust=True)
    tmpl = template()
    _, params, _ = render(ctx, tmpl, cluster(ctx, tmpl))
    assert params['cloud_provider_enabled'] is True


def test_node_credentials_only_with_a_trustee_of_the_cluster(ctx):
    tmpl = template()
    c = cluster(ctx, tmpl, trust_id='trust-of-magnum')
    _, params, _ = render(ctx, tmpl, c)
    assert 'trust_id' not in params
    assert 'trustee_password' not in params


def test_nodes_get_the_trustee_of_the_cluster_in_clear(ctx, conf):
    conf.config(group='certificates',
                encryption_key=Fernet.generate_key().decode())
    conf.config(group='trust', trustee_domain_id='domain-of-trustees')
    tmpl = template()
    c = cluster(ctx, tmpl, trust_id='trust-to-trustee',
                trustee_user_id='trustee-id', trustee_username='k8s_proj',
                trustee_password=trustee_password.seal('s3cret'))
    assert c.trustee_password != 's3cret'
    _, params, _ = render(ctx, tmpl, c)
    assert {key: params[key] for key in (
        'trustee_user_id', 'trustee_username', 'trustee_password',
        'trustee_domain_id', 'trust_id')} == {
            'trustee_user_id': 'trustee-id', 'trustee_username': 'k8s_proj',
            'trustee_password': 's3cret',
            'trustee_domain_id': 'domain-of-trustees',
            'trust_id': 'trust-to-trustee'}


def test_openstack_ca_is_url_quoted(ctx, conf, tmp_path):
    ca = tmp_path / 'ca.pem'
    ca.write_text('-----BEGIN CERTIFICATE-----\nMIIB+x/=\n')
    conf.config(group='drivers', openstack_ca_file=str(ca), verify_ca=False)
    tmpl = template()
    _, params, _ = render(ctx, tmpl, cluster(ctx, tmpl))
    assert params['verify_ca'] is False
    assert urllib.parse.unquote(params['openstack_ca']) == ca.read_text()
    assert '\n' not in params['openstack_ca']


def test_missing_external_network_is_refused(ctx):
    tmpl = template(external_network_id=None)
    with pytest.raises(exception.RequiredParameterNotProvided):
        render(ctx, tmpl, cluster(ctx, tmpl))


def test_extra_nodegroup_stack(ctx):
    tmpl = template()
    c = cluster(ctx, tmpl)
    ng = c.nodegroups[1].obj_clone()
    ng.uuid, ng.name, ng.is_default = 'ng-uuid', 'gpu', False
    ng.node_count, ng.flavor_id, ng.docker_volume_size = 4, 'gpu.large', 50
    ng.labels = {'boot_volume_size': '40'}
    definition = driver.Driver().get_nodegroup_template_definition()
    path, params, env_files = definition.extract_definition(
        ctx, tmpl, c, nodegroup=ng, extra_params={'fixed_network': 'net-x'})
    assert path.endswith('nodegroup.yaml')
    assert params['number_of_minions'] == 4
    assert params['worker_nodegroup_name'] == 'gpu'
    assert params['minion_flavor'] == 'gpu.large'
    assert params['docker_volume_size'] == 50
    assert params['boot_volume_size'] == 40
    assert params['max_node_count'] == 5
    assert params['fixed_network'] == 'net-x'
    assert 'master_image' not in params
    assert 'kube_service_account_private_key' not in params
    assert envs('with_volume')[0] in env_files
    assert definition.cluster_stack_inputs['existing_security_group'] == (
        'secgroup_kube_minion')


def _stack(outputs, parameters):
    return {'outputs': [{'output_key': k, 'output_value': v}
                        for k, v in outputs.items()],
            'parameters': parameters}


def test_outputs(ctx):
    tmpl = template()
    c = cluster(ctx, tmpl)
    definition = driver.Driver().get_template_definition()
    stack = _stack({'api_address': '172.24.4.10',
                    'kube_masters': ['172.24.4.11'],
                    'kube_minions': ['172.24.4.12', None, '172.24.4.13']},
                   {'number_of_masters': '1', 'number_of_minions': '3',
                    'kube_version': 'v1.23.3-rancher1'})
    result = definition.update_outputs(stack, tmpl, c)
    assert result.cluster == {'api_address': 'https://172.24.4.10:6443'}
    master, worker = c.default_ng_master, c.default_ng_worker
    assert result.nodegroups[master.uuid] == {
        'node_addresses': ['172.24.4.11'], 'node_count': 1}
    assert result.nodegroups[worker.uuid] == {
        'node_addresses': ['172.24.4.12', '172.24.4.13'], 'node_count': 3}
    assert definition.get_versions(stack) == ('v1.23.3-rancher1', '1.6')


def test_coe_version_falls_back_to_the_stacks_kube_tag():
    definition = template_def.FedoraCoreOSK8sTemplateDefinition()
    stack = {'outputs': [], 'parameters': {'kube_version': '',
                                           'kube_tag': 'v1.23.3-rancher1'}}
    assert definition.get_versions(stack) == ('v1.23.3-rancher1', '1.6')
    stack['parameters'] = {'kube_version': 'v1.30.4', 'kube_tag': 'v1.29'}
    assert definition.get_versions(stack)[0] == 'v1.30.4'
    assert definition.get_versions({'parameters': {}})[0] is None


def test_outputs_tls_disabled(ctx):
    tmpl = template(tls_disabled=True)
    definition = driver.Driver().get_template_definition()
    result = definition.update_outputs(
        _stack({'api_address': '10.0.0.5'}, {}), tmpl, cluster(ctx, tmpl))
    assert result.cluster['api_address'] == 'http://10.0.0.5:8080'


def test_every_mapped_parameter_exists_in_the_template():
    import yaml
    for definition, name in (
            (template_def.FedoraCoreOSK8sTemplateDefinition(),
             'kubecluster.yaml'),
            (template_def.FedoraCoreOSK8sNodeGroupTemplateDefinition(),
             'nodegroup.yaml')):
        with open(os.path.join(template_def.TEMPLATES, name)) as f:
            declared = set(yaml.safe_load(f)['parameters'])
        mapped = {m.heat_param for m in definition.param_mappings}
        mapped |= set(BASE_PARAMS) | set(SA_KEYS) | {
                                      'auth_url', 'magnum_url',
                                      'fixed_network', 'fixed_subnet',
                                      'no_proxy', 'kube_version',
                                      'loadbalancing_protocol',
                                      'openstack_ca', 'docker_volume_size',
                                      'trustee_user_id', 'trustee_password',
                                      'trustee_username', 'trustee_domain_id',
                                      'trust_id', 'minions_to_remove'}
        mapped |= set(definition.cluster_stack_inputs)
        if name == 'nodegroup.yaml':
            mapped -= {'number_of_masters', 'master_nodegroup_name'}
        assert mapped - declared == set(), name
        assert heat_def.HeatTemplateDefinition.node_count_param in declared
