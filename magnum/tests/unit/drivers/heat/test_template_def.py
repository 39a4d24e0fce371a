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

"""Rendering Heat parameters, environment files and outputs."""

import pytest

from magnum.common import exception
from magnum.drivers.heat import template_def as td
from magnum.tests.unit.drivers.conftest import make_cluster
from magnum.tests.unit.drivers.conftest import make_nodegroup
from magnum.tests.unit.drivers.conftest import make_template


class SampleDefinition(td.HeatTemplateDefinition):
    template_path = '/templates/cluster.yaml'
    environment_dir = '/templates/env'
    api_port = 6443
    insecure_api_port = 8080

    def __init__(self):
        super().__init__()
        self.add_parameter('external_network',
                           cluster_template_attr='external_network_id',
                           required=True)
        self.add_parameter('ssh_key_name', cluster_template_attr='keypair_id',
                           cluster_attr='keypair')
        self.add_parameter('tls_disabled', cluster_template_attr='tls_disabled',
                           param_type=bool)
        self.add_parameter('cluster_uuid', cluster_attr='uuid')
        self.add_nodegroup_parameter('number_of_masters', 'node_count',
                                     'master', param_type=int)
        self.add_nodegroup_parameter('number_of_minions', 'node_count',
                                     'worker', param_type=int)
        self.add_nodegroup_parameter('minion_flavor', 'flavor_id', 'worker')
        self.add_label_parameter('kube_tag', 'kube_tag', default='v1.30.1')
        self.add_label_parameter('etcd_volume_size', 'etcd_volume_size',
                                 param_type=int)
        self.add_label_parameter('cinder_csi_enabled', 'cinder_csi_enabled',
                                 default='true', param_type=bool)
        self.add_output('api_address', cluster_attr='api_address')
        self.add_nodegroup_output('kube_masters', 'node_addresses', 'master')
        self.add_nodegroup_output('kube_minions', 'node_addresses', 'worker')
        self.add_nodegroup_output('number_of_minions', 'node_count', 'worker',
                                  is_stack_param=True)


@pytest.fixture
def definition():
    return SampleDefinition()


def cluster_with(ctx, template_values=None, **values):
    template_values = dict(template_values or {})
    template_values.setdefault('tls_disabled', False)
    template = make_template(external_network_id='public', **template_values)
    return make_cluster(ctx, template=template, **values)


def test_parameters_from_template_cluster_nodegroups_and_labels(ctx,
                                                                definition):
    cluster = cluster_with(ctx, {'labels': {'kube_tag': 'v1.28.0'}},
                           keypair='mykey', masters=3, workers=2,
                           labels={'kube_tag': 'v1.29.2',
                                   'etcd_volume_size': '10'})
    cluster.default_ng_worker.flavor_id = 'm1.large'
    path, params, env_files = definition.extract_definition(
        ctx, cluster.cluster_template, cluster)
    assert path == '/templates/cluster.yaml'
    assert params == {
        'external_network': 'public',
        'ssh_key_name': 'mykey',
        'tls_disabled': False,
        'cluster_uuid': cluster.uuid,
        'number_of_masters': 3,
        'number_of_minions': 2,
        'minion_flavor': 'm1.large',
        'kube_tag': 'v1.29.2',          # the cluster's label wins
        'etcd_volume_size': 10,
        'cinder_csi_enabled': True,      # default, converted
    }
    assert '/templates/env/with_etcd_volume.yaml' in env_files


def test_template_attribute_wins_over_cluster_attribute(ctx, definition):
    cluster = cluster_with(ctx, {'keypair_id': 'template-key'},
                           keypair='cluster-key')
    params = definition.get_params(ctx, cluster.cluster_template, cluster)
    assert params['ssh_key_name'] == 'template-key'


def test_unset_optional_parameters_are_left_to_the_template(ctx, definition):
    cluster = cluster_with(ctx)
    params = definition.get_params(ctx, cluster.cluster_template, cluster)
    assert 'ssh_key_name' not in params
    assert 'etcd_volume_size' not in params
    assert 'minion_flavor' not in params
    assert params['kube_tag'] == 'v1.30.1'


def test_template_label_used_when_cluster_has_none(ctx, definition):
    cluster = cluster_with(ctx, {'labels': {'kube_tag': 'v1.28.0',
                                            'cinder_csi_enabled': 'False'}})
    params = definition.get_params(ctx, cluster.cluster_template, cluster)
    assert params['kube_tag'] == 'v1.28.0'
    assert params['cinder_csi_enabled'] is False


def test_required_parameter_missing_names_parameter_and_source(ctx,
                                                               definition):
    cluster = make_cluster(ctx, template=make_template())
    with pytest.raises(exception.RequiredParameterNotProvided) as raised:
        definition.extract_definition(ctx, cluster.cluster_template, cluster)
    assert raised.value.code == 400
    assert 'external_network' in str(raised.value)
    assert "cluster template's external_network_id" in str(raised.value)


def test_invalid_label_value_is_refused(ctx, definition):
    cluster = cluster_with(ctx, labels={'etcd_volume_size': 'lots'})
    with pytest.raises(exception.InvalidParameterValue) as raised:
        definition.get_params(ctx, cluster.cluster_template, cluster)
    assert 'etcd_volume_size' in str(raised.value)


def test_extra_params_override_mappings(ctx, definition):
    cluster = cluster_with(ctx)
    params = definition.get_params(
        ctx, cluster.cluster_template, cluster,
        extra_params={'number_of_minions': 5, 'minions_to_remove': ['a']})
    assert params['number_of_minions'] == 5
    assert params['minions_to_remove'] == ['a']


def test_worker_mappings_read_the_given_nodegroup(ctx, definition):
    cluster = cluster_with(ctx, workers=2)
    extra = make_nodegroup(cluster.uuid, 'worker', name='gpu',
                           is_default=False, node_count=4,
                           flavor_id='gpu.large', labels={'kube_tag': 'v9'})
    params = definition.get_params(ctx, cluster.cluster_template, cluster,
                                   nodegroup=extra)
    assert params['number_of_minions'] == 4
    assert params['minion_flavor'] == 'gpu.large'
    assert params['kube_tag'] == 'v9'
    assert params['number_of_masters'] == 1


@pytest.mark.parametrize('value,param_type,expected', [
    ('True', bool, True), ('no', bool, False), (1, bool, True),
    ('3', int, 3), (True, str, 'true'), (7, str, '7'),
    (['a', 'b'], list, 'a,b'), (None, int, None),
])
def test_to_heat_value(value, param_type, expected):
    assert td.to_heat_value(value, param_type) == expected


def test_nodegroup_role_is_checked():
    with pytest.raises(ValueError):
        td.NodeGroupParameterMapping('p', 'node_count', 'minion')


# --- environment files -----------------------------------------------------

def env_names(definition, cluster):
    return [path.rsplit('/', 1)[-1][:-len('.yaml')] for path in
            definition.get_env_files(cluster.cluster_template, cluster)]


def test_default_environment_files(ctx, definition):
    cluster = cluster_with(ctx, floating_ip_enabled=True,
                           master_lb_enabled=False)
    assert env_names(definition, cluster) == [
        'with_private_network', 'no_etcd_volume', 'no_volume',
        'no_master_lb', 'enable_floating_ip']


def test_environment_files_for_existing_network_lb_and_volumes(ctx,
                                                               definition):
    cluster = cluster_with(
        ctx, {'docker_volume_size': 20}, fixed_network='private',
        master_lb_enabled=True, floating_ip_enabled=False,
        labels={'etcd_volume_size': '5',
                'master_lb_floating_ip_enabled': 'true'})
    assert env_names(definition, cluster) == [
        'no_private_network', 'with_etcd_volume', 'with_volume',
        'with_master_lb_octavia', 'disable_floating_ip',
        'enable_lb_floating_ip']


def test_lb_floating_ip_follows_floating_ip_without_label(ctx, definition):
    cluster = cluster_with(ctx, master_lb_enabled=True,
                           floating_ip_enabled=False)
    assert env_names(definition, cluster)[-1] == 'disable_lb_floating_ip'


def test_env_file_adds_extension(definition):
    assert definition.env_file('x') == '/templates/env/x.yaml'
    assert definition.env_file('y.yaml') == '/templates/env/y.yaml'


# --- outputs -----------------------------------------------------------------

def stack(outputs, parameters=None):
    return {'outputs': [{'output_key': key, 'output_value': value}
                        for key, value in outputs.items()],
            'parameters': parameters or {}}


def test_outputs_fill_api_address_and_nodegroups(ctx, definition):
    cluster = cluster_with(ctx)
    result = definition.update_outputs(
        stack({'api_address': '172.24.4.10',
               'kube_masters': ['172.24.4.11'],
               'kube_minions': ['10.0.0.5', None, '10.0.0.6']},
              {'number_of_minions': '2'}),
        cluster.cluster_template, cluster)
    assert result.cluster == {'api_address': 'https://172.24.4.10:6443'}
    assert result.nodegroups == {
        cluster.default_ng_master.uuid: {'node_addresses': ['172.24.4.11']},
        cluster.default_ng_worker.uuid: {
            'node_addresses': ['10.0.0.5', '10.0.0.6'], 'node_count': 2},
    }


def test_api_address_without_tls_and_with_custom_port(ctx, definition):
    cluster = cluster_with(ctx, {'tls_disabled': True})
    assert definition.get_api_address(
        cluster.cluster_template, cluster, '1.2.3.4') == 'http://1.2.3.4:8080'
    cluster = cluster_with(ctx, {'apiserver_port': 443})
    assert definition.get_api_address(
        cluster.cluster_template, cluster, 'fd00::1') == 'https://[fd00::1]:443'
    assert definition.get_api_address(
        cluster.cluster_template, cluster, 'https://lb:6443') == \
        'https://lb:6443'
    assert definition.get_api_address(
        cluster.cluster_template, cluster, None) is None


def test_missing_outputs_give_nothing(ctx, definition):
    cluster = cluster_with(ctx)
    result = definition.update_outputs({'outputs': []},
                                       cluster.cluster_template, cluster)
    assert result.cluster == {} and result.nodegroups == {}


def test_coe_version_from_stack_parameter(ctx):
    class Versioned(SampleDefinition):
        coe_version_param = 'kube_version'
        container_version = '1.7.2'
    assert Versioned().get_versions(
        {'parameters': {'kube_version': 'v1.30.1'}}) == ('v1.30.1', '1.7.2')


# --- stack names -------------------------------------------------------------

def test_cluster_stack_name(ctx):
    cluster = make_cluster(ctx, name='My_Cluster.prod!with-a-very-long-name-x')
    assert td.cluster_stack_name(cluster, suffix='abc123') == \
        'my-cluster-prodwith-a-very-lo-abc123'  # cut, then cleaned


def test_nodegroup_stack_name(ctx):
    cluster = make_cluster(ctx, name='cluster_with_long_name_1')
    ng = make_nodegroup(cluster.uuid, 'worker', name='gpu.workers')
    assert td.nodegroup_stack_name(cluster, ng, suffix='s1') == \
        'cluster-with-long-na-gpu-worke-s1'


def test_stack_names_are_unique_without_suffix(ctx):
    cluster = make_cluster(ctx, name='c')
    assert td.cluster_stack_name(cluster) != td.cluster_stack_name(cluster)
