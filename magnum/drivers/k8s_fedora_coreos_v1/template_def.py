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

"""Heat parameters and outputs of the Fedora CoreOS Kubernetes templates.

The tables below follow the upstream parameter names (see the templates'
own parameter descriptions). Values a table cannot express (networks
chosen from the cluster before the template, API ports depending on TLS,
keys generated per stack, Magnum's and Keystone's URLs) are computed in
``get_params``.
"""

import ipaddress
import os
import urllib.parse

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from oslo_log import log as logging
from oslo_utils import strutils

from magnum.common.cert_manager import get_backend
from magnum.common import clients
from magnum.common import exception
from magnum.common import keystone
from magnum.common.x509 import key_pool
from magnum.common.x509 import operations as x509_ops
import magnum.conf
from magnum.drivers.heat import template_def as heat_def
from magnum.drivers.k8s_fedora_coreos_v1 import node_files
from magnum.drivers.k8s_fedora_coreos_v1 import version

CONF = magnum.conf.CONF
LOG = logging.getLogger(__name__)

TEMPLATES = node_files.TEMPLATES
MASTER = heat_def.MASTER
WORKER = heat_def.WORKER

DEFAULT_PODS_CIDR = '10.100.0.0/16'
DEFAULT_SERVICE_CIDR = '10.254.0.0/16'
DEFAULT_SUBNET_CIDR = '10.0.0.0/24'

#: (Heat parameter, label, type): passed when the label is set, otherwise
#: the template's default (the upstream default) applies.
LABEL_PARAMETERS = [
    ('kube_tag', 'kube_tag', str),
    ('hyperkube_prefix', 'hyperkube_prefix', str),
    ('container_infra_prefix', 'container_infra_prefix', str),
    ('cgroup_driver', 'cgroup_driver', str),
    ('etcd_tag', 'etcd_tag', str),
    ('flannel_backend', 'flannel_backend', str),
    ('flannel_network_subnetlen', 'flannel_network_subnetlen', int),
    ('flannel_tag', 'flannel_tag', str),
    ('calico_tag', 'calico_tag', str),
    ('calico_ipv4pool_ipip', 'calico_ipv4pool_ipip', str),
    ('coredns_tag', 'coredns_tag', str),
    ('admission_control_list', 'admission_control_list', str),
    ('kubelet_options', 'kubelet_options', str),
    ('kubeapi_options', 'kubeapi_options', str),
    ('kubecontroller_options', 'kubecontroller_options', str),
    ('kubeproxy_options', 'kubeproxy_options', str),
    ('kubescheduler_options', 'kubescheduler_options', str),
    ('cloud_provider_tag', 'cloud_provider_tag', str),
    ('cinder_csi_enabled', 'cinder_csi_enabled', bool),
    ('cinder_csi_plugin_tag', 'cinder_csi_plugin_tag', str),
    ('csi_attacher_tag', 'csi_attacher_tag', str),
    ('csi_provisioner_tag', 'csi_provisioner_tag', str),
    ('csi_node_driver_registrar_tag', 'csi_node_driver_registrar_tag', str),
    ('auto_healing_enabled', 'auto_healing_enabled', bool),
    ('auto_healing_controller', 'auto_healing_controller', str),
    ('magnum_auto_healer_tag', 'magnum_auto_healer_tag', str),
    ('auto_scaling_enabled', 'auto_scaling_enabled', bool),
    ('autoscaler_tag', 'autoscaler_tag', str),
    ('min_node_count', 'min_node_count', int),
    ('octavia_provider', 'octavia_provider', str),
    ('octavia_lb_algorithm', 'octavia_lb_algorithm', str),
    ('octavia_lb_healthcheck', 'octavia_lb_healthcheck', bool),
    ('master_lb_allowed_cidrs', 'master_lb_allowed_cidrs', str),
    ('availability_zone', 'availability_zone', str),
    ('portal_network_cidr', 'service_cluster_ip_range', str),
    ('fixed_subnet_cidr', 'fixed_subnet_cidr', str),
]


def _label(cluster_template, cluster, name, nodegroup=None):
    for labels in (heat_def.attr(nodegroup, 'labels'),
                   heat_def.attr(cluster, 'labels'),
                   heat_def.attr(cluster_template, 'labels')):
        if labels and labels.get(name) not in (None, ''):
            return labels[name]
    return None


def _first(*values):
    for value in values:
        if value not in (None, ''):
            return value
    return None


def service_account_keys():
    """A fresh RSA key pair (public PEM, private PEM) for service accounts."""
    key = key_pool.private_key(2048)
    private = key.private_bytes(serialization.Encoding.PEM,
                                serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM,
        serialization.PublicFormat.SubjectPublicKeyInfo)
    return public.decode(), private.decode()


def ca_params(cluster):
    """``kube_ca_fingerprint``: the SHA-256 fingerprint of the cluster's
    Kubernetes CA as stored now ('' when the cluster has none, as with
    TLS disabled). It is the one parameter a CA rotation changes."""
    ref = heat_def.attr(cluster, 'ca_cert_ref')
    if not ref:
        return {'kube_ca_fingerprint': ''}
    pem = get_backend().get_cert(ref).get_certificate()
    certificate = x509_ops.load_certificate(pem)
    return {'kube_ca_fingerprint':
            certificate.fingerprint(hashes.SHA256()).hex()}


def magnum_url():
    """Magnum's v1 endpoint from the catalog, or '' when unknown."""
    try:
        from magnum.common import keystone
        url = keystone.service_session().get_endpoint(
            service_type='container-infra', interface='public')
    except Exception as error:  # the catalog is optional here
        LOG.warning('Magnum endpoint not found in the catalog: %s', error)
        return ''
    url = (url or '').rstrip('/')
    if url and not url.endswith('/v1'):
        url += '/v1'
    return url


class _FedoraCoreOSK8sBase(heat_def.HeatTemplateDefinition):
    """What the cluster and the nodegroup stacks have in common."""

    environment_dir = os.path.join(TEMPLATES, 'environments')
    api_port = 6443
    insecure_api_port = 8080
    coe_version_param = 'kube_version'
    container_version = version.container_version

    def __init__(self):
        super().__init__()
        self.add_parameter('ssh_key_name', cluster_attr='keypair')
        self.add_parameter('external_network',
                           cluster_template_attr='external_network_id',
                           required=True)
        for name in ('dns_nameserver', 'http_proxy', 'https_proxy',
                     'network_driver', 'volume_driver'):
            self.add_parameter(name, cluster_template_attr=name)
        self.add_parameter('tls_disabled', cluster_template_attr='tls_disabled',
                           required=True, param_type=bool)
        self.add_parameter('cluster_uuid', cluster_attr='uuid', required=True)
        self.add_parameter('discovery_url', cluster_attr='discovery_url')
        self.add_nodegroup_parameter('number_of_minions', 'node_count',
                                     WORKER, param_type=int)
        self.add_nodegroup_parameter('worker_nodegroup_name', 'name', WORKER)
        for heat_param, label, param_type in LABEL_PARAMETERS:
            self.add_label_parameter(heat_param, label, param_type=param_type)

    def get_versions(self, stack):
        """The reported Kubernetes version: ``kube_version`` when Magnum
        set it, else the ``kube_tag`` the stack ran with (the template's
        default when no label chose one)."""
        coe_version, container_version = super().get_versions(stack)
        if coe_version is None:
            params = heat_def.stack_as_dict(stack).get('parameters') or {}
            coe_version = params.get('kube_tag') or None
        return coe_version, container_version

    def generated_files(self):
        return dict(node_files.generated_files())

    # --- computed parameters ------------------------------------------------------

    def get_params(self, context, cluster_template, cluster, **kwargs):
        nodegroup = kwargs.get('nodegroup')
        extra = kwargs.pop('extra_params', None) or {}
        params = super().get_params(context, cluster_template, cluster,
                                    **kwargs)
        params.update(self._network_params(cluster_template, cluster))
        params.update(self._node_params(cluster_template, cluster,
                                        nodegroup))
        params.update(self._api_params(cluster_template))
        params.update(self._software_params(cluster_template, cluster,
                                            nodegroup))
        params.update(self._credential_params(cluster))
        params.update(ca_params(cluster))
        params.update(extra)
        return params

    def _network_params(self, cluster_template, cluster):
        params = {}
        network = _first(heat_def.attr(cluster, 'fixed_network'),
                         heat_def.attr(cluster_template, 'fixed_network'))
        subnet = _first(heat_def.attr(cluster, 'fixed_subnet'),
                        heat_def.attr(cluster_template, 'fixed_subnet'))
        if network:
            params['fixed_network'] = network
        if subnet:
            params['fixed_subnet'] = subnet
        if cluster.name:
            params['fixed_network_name'] = cluster.name
        cidr = _label(cluster_template, cluster,
                      'fixed_subnet_cidr') or DEFAULT_SUBNET_CIDR
        no_proxy = heat_def.attr(cluster_template, 'no_proxy')
        if no_proxy:
            params['no_proxy'] = '%s,%s' % (no_proxy, cidr)
        return params

    def _node_params(self, cluster_template, cluster, nodegroup):
        worker = heat_def.nodegroup_for(cluster, WORKER, nodegroup)
        params = {
            'minion_flavor': _first(
                heat_def.attr(worker, 'flavor_id'),
                heat_def.attr(cluster, 'flavor_id'),
                heat_def.attr(cluster_template, 'flavor_id')),
            'minion_image': _first(
                heat_def.attr(worker, 'image_id'),
                heat_def.attr(cluster_template, 'image_id')),
        }
        if params['minion_image'] is None:
            raise exception.RequiredParameterNotProvided(
                heat_param='minion_image',
                source="the cluster template's image_id")
        size = heat_def.docker_volume_size(cluster_template, cluster,
                                           nodegroup)
        if size:
            params['docker_volume_size'] = int(size)
        params['docker_volume_type'] = (
            _label(cluster_template, cluster, 'docker_volume_type', nodegroup)
            or CONF.cinder.default_docker_volume_type or '')
        params['boot_volume_size'] = int(
            _label(cluster_template, cluster, 'boot_volume_size', nodegroup)
            or CONF.cinder.default_boot_volume_size or 0)
        params['boot_volume_type'] = (
            _label(cluster_template, cluster, 'boot_volume_type', nodegroup)
            or CONF.cinder.default_boot_volume_type or '')
        max_nodes = _label(cluster_template, cluster, 'max_node_count',
                           nodegroup)
        if max_nodes is None:
            max_nodes = (heat_def.attr(worker, 'max_node_count')
                         or (heat_def.attr(worker, 'node_count') or 0) + 1)
        params['max_node_count'] = int(max_nodes)
        params['nodes_affinity_policy'] = CONF.cluster.nodes_affinity_policy
        return {k: v for k, v in params.items() if v is not None}

    def _api_params(self, cluster_template):
        if heat_def.attr(cluster_template, 'tls_disabled'):
            return {'loadbalancing_protocol': 'HTTP',
                    'kubernetes_port': self.insecure_api_port}
        return {'kubernetes_port': (
            heat_def.attr(cluster_template, 'apiserver_port')
            or self.api_port)}

    def _software_params(self, cluster_template, cluster, nodegroup):
        params = {}
        driver = heat_def.attr(cluster_template, 'network_driver') or 'flannel'
        pods_label = ('calico_ipv4pool' if driver == 'calico'
                      else 'flannel_network_cidr')
        params['pods_network_cidr'] = (
            _label(cluster_template, cluster, pods_label)
            or DEFAULT_PODS_CIDR)
        service_cidr = ipaddress.ip_network(
            _label(cluster_template, cluster, 'service_cluster_ip_range')
            or DEFAULT_SERVICE_CIDR)
        # The tenth address of the service range, as kubeadm does.
        params['dns_service_ip'] = str(service_cidr.network_address + 10)
        kube_tag = _label(cluster_template, cluster, 'kube_tag')
        kube_version = _first(heat_def.attr(cluster, 'coe_version'), kube_tag)
        if kube_version:
            params['kube_version'] = kube_version
        params['cloud_provider_enabled'] = self._cloud_provider_enabled(
            cluster_template, cluster)
        return params

    @staticmethod
    def _cloud_provider_enabled(cluster_template, cluster):
        value = _label(cluster_template, cluster, 'cloud_provider_enabled')
        if value is None:
            return bool(CONF.trust.cluster_user_trust)
        enabled = strutils.bool_from_string(value, strict=True)
        if (not enabled and
                heat_def.attr(cluster_template, 'volume_driver') == 'cinder'):
            raise exception.InvalidParameterValue(
                err='The cinder volume driver needs the OpenStack cloud '
                    'provider: cloud_provider_enabled cannot be false.')
        return enabled

    @staticmethod
    def _credential_params(cluster):
        """Keystone settings for the nodes.

        The nodes get a trust only when the cluster carries credentials of
        its own trustee (``trustee_user_id`` / ``trustee_password``);
        Magnum's own trust delegates to Magnum's service user, whose
        password never leaves the control plane.
        """
        params = {'verify_ca': bool(CONF.drivers.verify_ca)}
        auth_url = clients._auth_url()
        if auth_url:
            auth_url = auth_url.rstrip('/')
            if not auth_url.endswith('/v3'):
                auth_url += '/v3'
            params['auth_url'] = auth_url
        url = magnum_url()
        if url:
            params['magnum_url'] = url
        ca_file = CONF.drivers.openstack_ca_file
        if ca_file:
            with open(ca_file, encoding='utf-8') as f:
                params['openstack_ca'] = urllib.parse.quote(f.read())
        trustee = keystone.trustee_of(cluster)
        if trustee is not None:
            params.update(
                trustee_user_id=trustee.user_id,
                trustee_password=trustee.password,
                trustee_username=heat_def.attr(cluster, 'trustee_username')
                or '',
                trustee_domain_id=CONF.trust.trustee_domain_id or '',
                trust_id=heat_def.attr(cluster, 'trust_id') or '')
        return params


class FedoraCoreOSK8sTemplateDefinition(_FedoraCoreOSK8sBase):
    """The cluster stack: kubecluster.yaml."""

    template_path = os.path.join(TEMPLATES, 'kubecluster.yaml')

    def __init__(self):
        super().__init__()
        self.add_nodegroup_parameter('number_of_masters', 'node_count',
                                     MASTER, param_type=int)
        self.add_nodegroup_parameter('master_nodegroup_name', 'name', MASTER)
        self.add_output('api_address', cluster_attr='api_address')
        self.add_nodegroup_output('kube_masters', 'node_addresses', MASTER)
        self.add_nodegroup_output('kube_minions', 'node_addresses', WORKER)
        self.add_nodegroup_output('number_of_masters', 'node_count', MASTER,
                                  is_stack_param=True)
        self.add_nodegroup_output('number_of_minions', 'node_count', WORKER,
                                  is_stack_param=True)

    def get_params(self, context, cluster_template, cluster, **kwargs):
        params = super().get_params(context, cluster_template, cluster,
                                    **kwargs)
        master = cluster.default_ng_master
        params.setdefault('master_flavor', _first(
            heat_def.attr(master, 'flavor_id'),
            heat_def.attr(cluster, 'master_flavor_id'),
            heat_def.attr(cluster_template, 'master_flavor_id')))
        params.setdefault('master_image', _first(
            heat_def.attr(master, 'image_id'),
            heat_def.attr(cluster_template, 'image_id')))
        if params['master_flavor'] is None:
            del params['master_flavor']
        params['kube_service_account_key'], \
            params['kube_service_account_private_key'] = \
            service_account_keys()
        return params


class FedoraCoreOSK8sNodeGroupTemplateDefinition(_FedoraCoreOSK8sBase):
    """The stack of an extra nodegroup: nodegroup.yaml."""

    template_path = os.path.join(TEMPLATES, 'nodegroup.yaml')
    cluster_stack_inputs = {
        'fixed_network': 'fixed_network',
        'fixed_subnet': 'fixed_subnet',
        'existing_security_group': 'secgroup_kube_minion',
        'existing_master_private_ip': 'kube_api_private_address',
    }

    def __init__(self):
        super().__init__()
        self.add_nodegroup_output('kube_minions', 'node_addresses', WORKER)
        self.add_nodegroup_output('number_of_minions', 'node_count', WORKER,
                                  is_stack_param=True)
