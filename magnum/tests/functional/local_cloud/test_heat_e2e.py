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

"""A Kubernetes cluster end to end through the real ``openstack coe`` CLI.

``magnum-all`` of the local cloud builds ``--image fedora-coreos-latest``
templates with the ``k8s_fedora_coreos_v1`` Heat driver: the stacks are
real Heat stacks made from the driver's templates, with the cloud's
servers, networks and load balancers stood in.  Everything runs as
``demo_member`` with python-magnumclient 5.0.0 from the local cloud venv;
Heat is read back with the same user's token.  Two stacks in all, one
after the other.
"""

import json
import os
import subprocess
import sys
import time
import uuid

from heatclient import exc as heat_exc
import pytest

from magnum.tests.functional.local_cloud import coe_cli
from magnum.tests.functional.local_cloud import magnum_api as api

# Deadline of each wait; a cluster stack takes 10-25 s here.
TIMEOUT = int(os.environ.get('LOCAL_CLOUD_STACK_TIMEOUT', 240))
USER = 'demo_member'
DRIVER = 'k8s_fedora_coreos_v1'
SERVER = 'OS::Nova::Server'
_NOISE = ("Could not load '",)


def log(msg):
    sys.stderr.write('heat-e2e: %s\n' % msg)


class Coe(object):
    """``openstack ...`` as demo_member, output as JSON."""

    def __init__(self, local_cloud):
        self.cloud = local_cloud
        state = local_cloud.state
        user = state['users'][USER]
        self.binary = os.path.join(state['venv'], 'bin', 'openstack')
        self.env = coe_cli.clean_env()
        self.env.update({
            'OS_AUTH_URL': state['auth_url'], 'OS_AUTH_TYPE': 'password',
            'OS_IDENTITY_API_VERSION': '3', 'OS_USERNAME': user['username'],
            'OS_PASSWORD': user['password'],
            'OS_PROJECT_NAME': user['project_name'],
            'OS_USER_DOMAIN_ID': 'default', 'OS_PROJECT_DOMAIN_ID': 'default',
            'OS_REGION_NAME': state['region'], 'OS_INTERFACE': 'public'})

    def run(self, *args, check=True):
        proc = subprocess.run([self.binary] + list(args), env=self.env,
                              stdin=subprocess.DEVNULL, capture_output=True,
                              text=True, timeout=120)
        err = '\n'.join(line for line in proc.stderr.splitlines()
                        if not line.startswith(_NOISE)).strip()
        if check:
            assert proc.returncode == 0, 'openstack %s: %s' % (
                ' '.join(args), err or proc.stdout)
        return proc.returncode, proc.stdout, err

    def show(self, *args):
        """``<args> -f json`` as a dict; None when the thing is gone."""
        code, out, err = self.run(*(args + ('-f', 'json')), check=False)
        if code != 0:
            assert 'could not be found' in err or '404' in err, err
            return None
        return json.loads(out)

    def wait(self, what, path, done, timeout=TIMEOUT):
        """Wait until the status of ``path`` (an API path) is ``done``
        (None: until it is gone); answer the API's document.

        The polling asks Magnum's API directly: a CLI run costs about a
        CPU-second, which heat-engine needs more on a 2-core machine.
        """
        begun = time.monotonic()
        while True:
            code, data = api.call(self.cloud, USER, 'GET', path)
            assert code in (200, 404), data
            status = data['status'] if code == 200 else None
            if status == done:
                log('%s: %s after %.1fs' % (what, done or 'gone',
                                            time.monotonic() - begun))
                return data if done else None
            assert not (status or '').endswith('_FAILED'), (
                '%s went to %s: %s' % (what, status, data['status_reason']))
            if time.monotonic() - begun > timeout:
                pytest.fail('%s still %s after %ss' % (what, status, timeout))
            time.sleep(0.5)


def unique(prefix):
    return '%s-%s' % (prefix, uuid.uuid4().hex[:6])


def stack_id_of(info):
    # python-magnumclient shows the stack id of a cluster as cluster_id.
    return info.get('stack_id') or info['cluster_id']


def servers(heat, stack_id):
    """``{server uuid: resource}`` of the stack, nested stacks included."""
    return {r.physical_resource_id: r
            for r in heat.resources.list(stack_id, nested_depth=5)
            if r.resource_type == SERVER}


def worker_servers(heat, stack_id):
    return sorted(uuid_ for uuid_, r in servers(heat, stack_id).items()
                  if r.resource_name == 'kube_minion')


def stack_gone(heat, stack_id):
    try:
        stack = heat.stacks.get(stack_id)
    except heat_exc.HTTPNotFound:
        return True
    return stack.stack_status == 'DELETE_COMPLETE'


def wait_stack_gone(heat, stack_id, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while not stack_gone(heat, stack_id):
        if time.monotonic() > deadline:
            pytest.fail('stack %s is still there after %ss'
                        % (stack_id, timeout))
        time.sleep(1)


@pytest.fixture(scope='module')
def coe(local_cloud):
    return Coe(local_cloud)


@pytest.fixture(scope='module')
def template(coe):
    name = unique('e2e-k8s')
    coe.run('coe', 'cluster', 'template', 'create', name,
            '--coe', 'kubernetes', '--image', 'fedora-coreos-latest',
            '--external-network', 'public', '--keypair', 'testkey',
            '--flavor', 'm1.small', '--master-flavor', 'm1.small',
            '--network-driver', 'flannel',
            '--labels', 'kube_tag=v1.30.4,my_own_label=kept')
    info = coe.show('coe', 'cluster', 'template', 'show', name)
    if info['driver'] != DRIVER:
        pytest.fail('the template got driver %r, not %s: magnum-all runs '
                    'an old magnum.conf (tools/local-cloud/local-cloud '
                    'restart-magnum)' % (info['driver'], DRIVER))
    yield info
    coe.run('coe', 'cluster', 'template', 'delete', name, check=False)


def _delete_cluster(coe, name):
    """Clean-up after a failed step: delete the cluster if it is there."""
    path = '/clusters/' + name
    if api.call(coe.cloud, USER, 'GET', path)[0] == 404:
        return
    coe.run('coe', 'cluster', 'delete', name, check=False)
    coe.wait('cleaning up %s' % name, path, None)


def test_cluster_life_cycle(local_cloud, coe, template):
    heat = local_cloud.heat(USER)
    name = unique('e2e')
    path = '/clusters/' + name
    begun = time.monotonic()
    try:
        coe.run('coe', 'cluster', 'create', name, '--cluster-template',
                template['name'], '--master-count', '1', '--node-count', '1')
        coe.wait('create', path, 'CREATE_COMPLETE')
        info = coe.show('coe', 'cluster', 'show', name)
        assert info['status'] == 'CREATE_COMPLETE'
        assert info['api_address'].startswith('https://')
        assert info['api_address'].endswith(':6443')
        assert len(info['master_addresses']) == 1
        assert len(info['node_addresses']) == 1
        assert info['labels']['my_own_label'] == 'kept'
        assert info['node_count'] == 1 and info['master_count'] == 1

        # The stack is Heat's, made from the driver's templates.
        stack_id = stack_id_of(info)
        stack = heat.stacks.get(stack_id)
        assert stack.stack_status == 'CREATE_COMPLETE'
        assert stack.stack_name.startswith(name + '-')
        assert DRIVER in heat.stacks.template(stack_id)['description']
        assert stack.parameters['cluster_uuid'] == info['uuid']
        assert stack.parameters['kube_tag'] == 'v1.30.4'
        resources = heat.resources.list(stack_id, nested_depth=5)
        types = {r.resource_type for r in resources}
        assert {SERVER, 'OS::Neutron::Net', 'OS::Neutron::SecurityGroup',
                'OS::Neutron::FloatingIP', 'OS::Heat::ResourceGroup'} <= types
        assert sorted(r.resource_name for r in resources
                      if r.resource_type == SERVER) == [
            'kube_master', 'kube_minion']

        # 1 -> 3 workers.
        coe.run('coe', 'cluster', 'resize', name, '3')
        data = coe.wait('resize 1->3', path, 'UPDATE_COMPLETE')
        assert data['node_count'] == 3
        assert len(data['node_addresses']) == 3
        workers = worker_servers(heat, stack_id)
        assert len(workers) == 3

        # 3 -> 2, naming the worker to go.
        victim = workers[1]
        coe.run('coe', 'cluster', 'resize', name, '2',
                '--nodes-to-remove', victim)
        coe.wait('resize 3->2', path, 'UPDATE_COMPLETE')
        info = coe.show('coe', 'cluster', 'show', name)
        assert info['node_count'] == 2
        assert len(info['node_addresses']) == 2
        left = worker_servers(heat, stack_id)
        assert set(left) == set(workers) - {victim}

        # An extra nodegroup gets its own stack on the cluster's network.
        coe.run('coe', 'nodegroup', 'create', name, 'extra',
                '--node-count', '1', '--flavor', 'm1.small')
        ng_path = path + '/nodegroups/extra'
        ng = coe.wait('nodegroup create', ng_path, 'CREATE_COMPLETE')
        assert ng['stack_id'] and ng['stack_id'] != stack_id
        assert len(ng['node_addresses']) == 1
        ng_stack = heat.stacks.get(ng['stack_id'])
        assert ng_stack.stack_status == 'CREATE_COMPLETE'
        cluster_outputs = {o['output_key']: o['output_value']
                           for o in stack.outputs}
        assert ng_stack.parameters['fixed_network'] == (
            cluster_outputs['fixed_network'])
        assert len(worker_servers(heat, ng['stack_id'])) == 1

        coe.run('coe', 'nodegroup', 'delete', name, 'extra')
        coe.wait('nodegroup delete', ng_path, None)
        wait_stack_gone(heat, ng['stack_id'])

        coe.run('coe', 'cluster', 'delete', name)
        coe.wait('delete', path, None)
        wait_stack_gone(heat, stack_id)
        names = [s.stack_name for s in heat.stacks.list()]
        assert not [n for n in names if n.startswith(name + '-')], names
    finally:
        _delete_cluster(coe, name)
    log('life cycle in %.0fs' % (time.monotonic() - begun))


def test_failing_server_fails_the_cluster(local_cloud, coe, template):
    heat = local_cloud.heat(USER)
    name = unique('e2e-fail')
    path = '/clusters/' + name
    message = 'No valid host was found (e2e %s)' % name
    try:
        with local_cloud.behaviour(failures=[{
                'action': 'create', 'type': SERVER, 'name': 'kube_minion',
                'stack': name + '-*', 'message': message}]):
            coe.run('coe', 'cluster', 'create', name, '--cluster-template',
                    template['name'], '--node-count', '1')
            begun = time.monotonic()
            while True:
                code, data = api.call(local_cloud, USER, 'GET', path)
                status = data.get('status') if code == 200 else None
                if status == 'CREATE_FAILED':
                    break
                assert status in (None, 'CREATE_IN_PROGRESS'), data
                if time.monotonic() - begun > TIMEOUT:
                    pytest.fail('no CREATE_FAILED after %ss' % TIMEOUT)
                time.sleep(0.5)
            log('CREATE_FAILED after %.1fs' % (time.monotonic() - begun))
        info = coe.show('coe', 'cluster', 'show', name)
        reason = info['status_reason']
        assert 'kube_minion' in reason and message in reason, reason
        faults = info['faults']
        if isinstance(faults, str):   # the CLI prints a dict's repr
            assert message in faults, faults
        else:
            assert any(message in text for text in faults.values()), faults
        stack = heat.stacks.get(stack_id_of(info))
        assert stack.stack_status == 'CREATE_FAILED'
        coe.run('coe', 'cluster', 'delete', name)
        coe.wait('delete of the failed cluster', path, None)
        wait_stack_gone(heat, stack.id)
    finally:
        _delete_cluster(coe, name)
