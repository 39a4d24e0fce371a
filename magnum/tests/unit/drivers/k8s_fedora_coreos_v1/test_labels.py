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

import pytest

from magnum.common import exception
from magnum.drivers.k8s_fedora_coreos_v1 import labels


@pytest.mark.parametrize('values', [
    {},
    None,
    {'kube_tag': 'v1.27.4', 'anything_unknown': '%0', 'x': ''},
    {'flannel_backend': 'host-gw', 'flannel_network_cidr': '10.1.0.0/16',
     'flannel_network_subnetlen': '24'},
    {'calico_ipv4pool': '192.168.0.0/16', 'calico_ipv4pool_ipip': 'Off'},
    {'service_cluster_ip_range': 'fd00::/108'},
    {'boot_volume_size': '20', 'etcd_volume_size': '0',
     'docker_volume_size': ' 5 '},
    {'auto_scaling_enabled': 'True', 'cinder_csi_enabled': 'no',
     'min_node_count': '1', 'max_node_count': '1'},
    {'auto_healing_controller': 'magnum-auto-healer'},
])
def test_valid_labels_pass(values):
    assert labels.validate_labels(values) is None


@pytest.mark.parametrize('values, named', [
    ({'boot_volume_size': 'ten'}, 'boot_volume_size'),
    ({'etcd_volume_size': '-1'}, 'etcd_volume_size'),
    ({'etcd_volume_size': '2.5'}, 'etcd_volume_size'),
    ({'flannel_backend': 'geneve'}, 'flannel_backend'),
    ({'flannel_network_cidr': '10.100.0.0'}, 'flannel_network_cidr'),
    ({'calico_ipv4pool': '10.100.1.0/16'}, 'calico_ipv4pool'),
    ({'service_cluster_ip_range': 'banana'}, 'service_cluster_ip_range'),
    ({'calico_ipv4pool_ipip': 'sometimes'}, 'calico_ipv4pool_ipip'),
    ({'cinder_csi_enabled': 'maybe'}, 'cinder_csi_enabled'),
    ({'master_lb_floating_ip_enabled': ''}, 'master_lb_floating_ip_enabled'),
    ({'cgroup_driver': 'cgroupfs2'}, 'cgroup_driver'),
    ({'min_node_count': '3', 'max_node_count': '2'}, 'min_node_count'),
    ({'flannel_network_cidr': '10.0.0.0/24',
      'flannel_network_subnetlen': '24'}, 'flannel_network_subnetlen'),
])
def test_invalid_values_are_a_bad_request(values, named):
    with pytest.raises(exception.InvalidParameterValue) as err:
        labels.validate_labels(values)
    assert err.value.code == 400
    assert named in str(err.value)


def test_labels_are_not_modified():
    values = {'flannel_backend': 'vxlan', 'unknown': 'kept'}
    labels.validate_labels(values)
    assert values == {'flannel_backend': 'vxlan', 'unknown': 'kept'}
