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

"""The well-known labels of the Fedora CoreOS Kubernetes driver.

``validate_labels`` checks the values of the labels this driver
interprets and raises ``InvalidParameterValue`` (HTTP 400) for a value the
templates would choke on later. Labels it does not know are left alone:
they are stored and passed through untouched.
"""

import ipaddress

from oslo_utils import strutils

from magnum.common import exception

BOOLEAN_LABELS = (
    'auto_healing_enabled', 'auto_scaling_enabled', 'cinder_csi_enabled',
    'cloud_provider_enabled', 'master_lb_floating_ip_enabled',
    'octavia_lb_healthcheck', 'keystone_auth_enabled', 'npd_enabled',
    'cert_manager_api', 'kube_dashboard_enabled', 'metrics_server_enabled',
    'monitoring_enabled', 'use_podman',
)

#: Labels holding a count or a size in GB, with their smallest value.
INTEGER_LABELS = {
    'boot_volume_size': 0, 'docker_volume_size': 0, 'etcd_volume_size': 0,
    'min_node_count': 0, 'max_node_count': 0,
    'flannel_network_subnetlen': 1, 'system_pods_initial_delay': 0,
    'system_pods_timeout': 0,
}

CIDR_LABELS = ('flannel_network_cidr', 'calico_ipv4pool',
               'service_cluster_ip_range', 'fixed_subnet_cidr')

CHOICE_LABELS = {
    'flannel_backend': ('udp', 'vxlan', 'host-gw'),
    'calico_ipv4pool_ipip': ('Always', 'CrossSubnet', 'Never', 'Off'),
    'cgroup_driver': ('cgroupfs', 'systemd'),
    'auto_healing_controller': ('draino', 'magnum-auto-healer'),
    'octavia_lb_algorithm': ('ROUND_ROBIN', 'LEAST_CONNECTIONS',
                             'SOURCE_IP', 'SOURCE_IP_PORT'),
    'selinux_mode': ('enforcing', 'permissive', 'disabled'),
    'ingress_controller': ('', 'octavia', 'nginx', 'traefik'),
}


def _invalid(label, value, expected):
    raise exception.InvalidParameterValue(
        err='Label %s has the invalid value %r: expected %s.'
            % (label, value, expected))


def _cidr(label, value):
    try:
        if '/' not in value:
            raise ValueError(value)
        return ipaddress.ip_network(value, strict=True)
    except ValueError:
        _invalid(label, value, 'a network in CIDR notation such as '
                 '10.100.0.0/16')


def validate_labels(labels):
    """Refuse invalid values of the well-known labels; return None."""
    labels = labels or {}
    for label in BOOLEAN_LABELS:
        if label in labels:
            try:
                strutils.bool_from_string(labels[label], strict=True)
            except ValueError:
                _invalid(label, labels[label], 'true or false')
    for label, minimum in INTEGER_LABELS.items():
        if label in labels:
            try:
                value = int(str(labels[label]).strip())
            except ValueError:
                value = None
            if value is None or value < minimum:
                _invalid(label, labels[label],
                         'an integer of at least %d' % minimum)
    for label in CIDR_LABELS:
        if label in labels:
            _cidr(label, labels[label])
    for label, choices in CHOICE_LABELS.items():
        if label in labels and labels[label] not in choices:
            _invalid(label, labels[label],
                     'one of %s' % ', '.join(repr(c) for c in choices))
    if 'min_node_count' in labels and 'max_node_count' in labels:
        if int(labels['min_node_count']) > int(labels['max_node_count']):
            _invalid('min_node_count', labels['min_node_count'],
                     'at most max_node_count (%s)' % labels['max_node_count'])
    if 'flannel_network_subnetlen' in labels and (
            'flannel_network_cidr' in labels):
        network = _cidr('flannel_network_cidr', labels['flannel_network_cidr'])
        if int(labels['flannel_network_subnetlen']) <= network.prefixlen:
            _invalid('flannel_network_subnetlen',
                     labels['flannel_network_subnetlen'],
                     'longer than the prefix of flannel_network_cidr (/%d)'
                     % network.prefixlen)
