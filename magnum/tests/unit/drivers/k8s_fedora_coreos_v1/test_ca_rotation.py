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

"""What a CA rotation hands Heat: the fingerprint of the cluster's new
Kubernetes CA as the only changed parameter, the same value a fresh render
gives, and a value the nodes' make-certs.sh computes identically."""

import os
import re
import subprocess

from cryptography import x509
from cryptography.hazmat.primitives import hashes
import pytest
import yaml

from magnum.common.cert_manager import get_backend
from magnum.common import exception
from magnum.conductor.handlers import certificates
from magnum.drivers.heat import driver as heat_driver
from magnum.drivers.k8s_fedora_coreos_v1 import driver
from magnum.drivers.k8s_fedora_coreos_v1 import template_def
from magnum.tests.unit.drivers.conftest import make_cluster
from magnum.tests.unit.drivers.conftest import make_template

PARAM = 'kube_ca_fingerprint'
FRAGMENTS = os.path.join(template_def.TEMPLATES, 'fragments')


@pytest.fixture
def stored_certs(conf, tmp_path):
    """Certificates kept as files (the ``local`` backend) under tmp."""
    conf.config(group='certificates', cert_manager_type='local',
                storage_path=str(tmp_path / 'certs'))
    os.makedirs(tmp_path / 'certs')


def _cluster(ctx, **template_values):
    template_values.setdefault('image_id', 'fcos-image')
    template_values.setdefault('external_network_id', 'public')
    template_values.setdefault('tls_disabled', False)
    return make_cluster(ctx, template=make_template(**template_values),
                        keypair='testkey')


def _ca_pem(cluster):
    return get_backend().get_cert(cluster.ca_cert_ref).get_certificate()


def _fingerprint(pem):
    cert = x509.load_pem_x509_certificate(pem.encode())
    return cert.fingerprint(hashes.SHA256()).hex()


def test_a_cluster_without_a_ca_gets_an_empty_fingerprint(ctx):
    cluster = _cluster(ctx, tls_disabled=True)
    assert template_def.ca_params(cluster) == {PARAM: ''}


def test_the_fingerprint_is_that_of_the_stored_kubernetes_ca(ctx,
                                                             stored_certs):
    cluster = _cluster(ctx)
    certificates.generate_for_cluster(ctx, cluster)
    expected = _fingerprint(_ca_pem(cluster))
    assert template_def.ca_params(cluster) == {PARAM: expected}
    assert re.fullmatch('[0-9a-f]{64}', expected)


def test_rotation_changes_only_the_fingerprint(ctx, stored_certs):
    cluster = _cluster(ctx)
    certificates.generate_for_cluster(ctx, cluster)
    before = driver.Driver().ca_rotation_params(cluster)
    # What the conductor does before calling the driver's rotation.
    certificates.generate_for_cluster(ctx, cluster)
    after = driver.Driver().ca_rotation_params(cluster)
    assert set(after) == {PARAM}
    assert after[PARAM] == _fingerprint(_ca_pem(cluster))
    assert after[PARAM] != before[PARAM]


def test_create_renders_the_value_a_rotation_sends(ctx, stored_certs):
    cluster = _cluster(ctx)
    certificates.generate_for_cluster(ctx, cluster)
    for definition in (template_def.FedoraCoreOSK8sTemplateDefinition(),
                       template_def.FedoraCoreOSK8sNodeGroupTemplateDefinition()):
        params = definition.get_params(ctx, cluster.cluster_template,
                                       cluster)
        assert params[PARAM] == \
            driver.Driver().ca_rotation_params(cluster)[PARAM]


@pytest.mark.parametrize('name', ['kubecluster.yaml', 'nodegroup.yaml'])
def test_templates_hand_the_fingerprint_to_the_nodes(name):
    with open(os.path.join(template_def.TEMPLATES, name),
              encoding='utf-8') as f:
        hot = yaml.safe_load(f)
    assert hot['parameters'][PARAM]['default'] == ''
    node_env = hot['resources']['node_env']['properties']['value']
    assert node_env['@KUBE_CA_FINGERPRINT@'] == {'get_param': PARAM}


def test_a_heat_driver_without_rotation_support_refuses(ctx):
    class Plain(heat_driver.HeatDriver):
        def get_template_definition(self):
            return template_def.FedoraCoreOSK8sTemplateDefinition()

    with pytest.raises(exception.NotSupported) as raised:
        Plain().rotate_ca_certificate(ctx, _cluster(ctx))
    assert raised.value.code == 400


# --- the node side: make-certs.sh's own check ------------------------------------

def _node_check(tmp_path, ca_pem, expected):
    """Run make-certs.sh's fetch_kube_ca with Magnum answering ``ca_pem``;
    its exit status."""
    with open(os.path.join(FRAGMENTS, 'make-certs.sh'),
              encoding='utf-8') as f:
        function = re.search(r'^fetch_kube_ca\(\) \{\n.*?^\}\n', f.read(),
                             re.M | re.S).group(0)
    served = tmp_path / 'served.pem'
    served.write_text(ca_pem)
    script = '\n'.join([
        'set -euo pipefail',
        'log() { echo "$*" >&2; }',
        'fetch_ca() { cp "%s" "$2"; }' % served,
        "KUBE_CA_FINGERPRINT='%s'" % expected,
        function,
        'fetch_kube_ca "%s"' % (tmp_path / 'ca.crt'),
    ])
    return subprocess.run(['bash', '-c', script], capture_output=True,
                          text=True, timeout=60)


def test_node_accepts_the_ca_the_stack_names(ctx, stored_certs, tmp_path):
    cluster = _cluster(ctx)
    certificates.generate_for_cluster(ctx, cluster)
    pem = _ca_pem(cluster)
    proc = _node_check(tmp_path, pem,
                       template_def.ca_params(cluster)[PARAM])
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / 'ca.crt').read_text() == pem


def test_node_refuses_a_ca_the_stack_does_not_name(ctx, stored_certs,
                                                   tmp_path):
    cluster = _cluster(ctx)
    certificates.generate_for_cluster(ctx, cluster)
    old_pem = _ca_pem(cluster)
    certificates.generate_for_cluster(ctx, cluster)
    proc = _node_check(tmp_path, old_pem,
                       template_def.ca_params(cluster)[PARAM])
    assert proc.returncode == 1
    assert 'the stack names' in proc.stderr


def test_node_without_a_fingerprint_takes_what_magnum_serves(
        ctx, stored_certs, tmp_path):
    cluster = _cluster(ctx)
    certificates.generate_for_cluster(ctx, cluster)
    proc = _node_check(tmp_path, _ca_pem(cluster), '')
    assert proc.returncode == 0, proc.stderr
