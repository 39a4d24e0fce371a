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

"""CA rotation of a Kubernetes cluster on the local test bed.

A real ``k8s_fedora_coreos_v1`` cluster stack in the local Heat, driven
with the real ``openstack coe`` CLI as ``demo_member``: the kubeconfig of
``coe cluster config`` verifies against the cluster's CA; ``coe ca
rotate`` updates the stack (only the CA fingerprint parameter changes, and
it reaches the nodes' configuration) and the cluster comes back to
``UPDATE_COMPLETE`` through the status sync; the old client certificate
no longer verifies against the new CA, a new kubeconfig does. A rotation
Heat refuses leaves the cluster ``UPDATE_FAILED`` with Heat's reason and
the CA it had.
"""

import base64
import json
import time

from cryptography import x509
from cryptography.hazmat.primitives import hashes
import pytest
import yaml

from magnum.tests.functional.local_cloud import magnum_api as api
from magnum.tests.functional.local_cloud.test_coe_cli import verifies
from magnum.tests.functional.local_cloud import test_heat_e2e
from magnum.tests.functional.local_cloud.test_heat_e2e import stack_id_of
from magnum.tests.functional.local_cloud.test_heat_e2e import TIMEOUT
from magnum.tests.functional.local_cloud.test_heat_e2e import unique
from magnum.tests.functional.local_cloud.test_heat_e2e import USER

PARAM = 'kube_ca_fingerprint'


def fingerprint(cert):
    return cert.fingerprint(hashes.SHA256()).hex()


def kubeconfig(coe, cluster, directory):
    """``(CA, client certificate)`` of the kubeconfig that ``coe cluster
    config`` writes."""
    directory.mkdir()
    coe.run('coe', 'cluster', 'config', cluster, '--dir', str(directory))
    config = yaml.safe_load((directory / 'config').read_text())
    ca = x509.load_pem_x509_certificate(base64.b64decode(
        config['clusters'][0]['cluster']['certificate-authority-data']))
    client = x509.load_pem_x509_certificate(base64.b64decode(
        config['users'][0]['user']['client-certificate-data']))
    return ca, client


def ca_of(coe, cluster):
    pem = coe.run('coe', 'ca', 'show', cluster)[1]
    return x509.load_pem_x509_certificate(pem.encode())


def wait_stack(heat, stack_id, done, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while True:
        stack = heat.stacks.get(stack_id)
        if stack.stack_status == done:
            return stack
        if time.monotonic() > deadline:
            pytest.fail('stack %s still %s after %ss' % (
                stack_id, stack.stack_status, timeout))
        time.sleep(0.5)


def wait_status(coe, path, done, timeout=TIMEOUT):
    """Like ``Coe.wait``, but a ``*_FAILED`` status may be the goal."""
    deadline = time.monotonic() + timeout
    while True:
        code, data = api.call(coe.cloud, USER, 'GET', path)
        assert code == 200, data
        if data['status'] == done:
            return data
        if time.monotonic() > deadline:
            pytest.fail('%s still %s after %ss' % (path, data['status'],
                                                   timeout))
        time.sleep(0.5)


def node_envs(heat, stack_id):
    """The ``node_env`` each master and worker stack was given, parsed."""
    found = []
    for resource in heat.resources.list(stack_id, nested_depth=2):
        # heatclient sends nested templates as file:// URLs.
        if resource.resource_type.endswith(('/kubemaster.yaml',
                                            '/kubeminion.yaml')):
            nested = heat.stacks.get(resource.physical_resource_id)
            value = nested.parameters['node_env']
            found.append(json.loads(value) if isinstance(value, str)
                         else value)
    return found


# The same CLI runner and cluster template as the end-to-end test.
coe = test_heat_e2e.coe
template = test_heat_e2e.template


@pytest.fixture(scope='module')
def cluster(coe, template):
    name = unique('rot')
    path = '/clusters/' + name
    try:
        coe.run('coe', 'cluster', 'create', name, '--cluster-template',
                template['name'], '--master-count', '1',
                '--node-count', '1')
        coe.wait('create', path, 'CREATE_COMPLETE')
        yield name
    finally:
        if api.call(coe.cloud, USER, 'GET', path)[0] != 404:
            coe.run('coe', 'cluster', 'delete', name, check=False)
            coe.wait('delete', path, None)


def test_rotation_updates_the_stack_and_replaces_the_ca(local_cloud, coe,
                                                        cluster, tmp_path):
    heat = local_cloud.heat(USER)
    path = '/clusters/' + cluster
    before = coe.show('coe', 'cluster', 'show', cluster)
    stack_id = stack_id_of(before)
    expiry_before = api.call(local_cloud, USER, 'GET', path)[1][
        'certificates_expire_at']
    old_ca, old_client = kubeconfig(coe, cluster, tmp_path / 'before')
    assert old_ca == ca_of(coe, cluster)
    assert verifies(old_client, old_ca)
    stack = heat.stacks.get(stack_id)
    assert stack.parameters[PARAM] == fingerprint(old_ca)
    assert stack.updated_time is None
    envs = node_envs(heat, stack_id)
    assert len(envs) == 2
    assert {env['@KUBE_CA_FINGERPRINT@'] for env in envs} == {
        fingerprint(old_ca)}
    old_params = dict(stack.parameters)

    out = coe.run('coe', 'ca', 'rotate', cluster)[1]
    assert out == ('Request to rotate the CA certificate for cluster %s '
                   'has been accepted.\n' % before['uuid'])
    # The answer comes once the stack update has been asked for.
    data = api.call(local_cloud, USER, 'GET', path)[1]
    assert data['status'] in ('UPDATE_IN_PROGRESS', 'UPDATE_COMPLETE'), data
    after = coe.wait('rotation', path, 'UPDATE_COMPLETE')

    new_ca = ca_of(coe, cluster)
    assert fingerprint(new_ca) != fingerprint(old_ca)
    assert not verifies(old_client, new_ca)
    stack = wait_stack(heat, stack_id, 'UPDATE_COMPLETE')
    assert stack.updated_time is not None
    assert stack.parameters[PARAM] == fingerprint(new_ca)
    # Only the fingerprint changed (the service account keys, for one,
    # did not: tokens issued in the cluster stay valid).
    changed = {key for key, value in stack.parameters.items()
               if old_params.get(key) != value}
    assert changed == {PARAM}
    assert {env['@KUBE_CA_FINGERPRINT@']
            for env in node_envs(heat, stack_id)} == {fingerprint(new_ca)}
    # New certificates, so new expiry times (a cluster is older than 1 s).
    assert after['certificates_expire_at']['ca'] > expiry_before['ca']
    assert after['certificates_expire_at']['client'] > \
        expiry_before['client']

    ca, client = kubeconfig(coe, cluster, tmp_path / 'after')
    assert ca == new_ca
    assert verifies(client, new_ca)
    assert not verifies(client, old_ca)


def test_a_refused_stack_update_fails_the_rotation(local_cloud, coe,
                                                   cluster):
    heat = local_cloud.heat(USER)
    path = '/clusters/' + cluster
    info = coe.show('coe', 'cluster', 'show', cluster)
    stack_id = stack_id_of(info)
    ca = ca_of(coe, cluster)
    # Heat refuses to update a suspended stack.
    heat.actions.suspend(stack_id)
    wait_stack(heat, stack_id, 'SUSPEND_COMPLETE')
    try:
        code, out, err = coe.run('coe', 'ca', 'rotate', cluster, check=False)
        assert code != 0, out
        data = wait_status(coe, path, 'UPDATE_FAILED')
        assert 'suspended' in data['status_reason'], data['status_reason']
        assert 'suspended' in err, err
        assert fingerprint(ca_of(coe, cluster)) == fingerprint(ca)
        assert heat.stacks.get(stack_id).parameters[PARAM] == \
            fingerprint(ca)
    finally:
        heat.actions.resume(stack_id)
        wait_stack(heat, stack_id, 'RESUME_COMPLETE')
