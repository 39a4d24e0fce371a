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

"""Cluster-shaped stacks through the real heat-api and heat-engine.

Stacks are few and sequential: each costs heat-engine several CPU-seconds.
"""

import ipaddress
import os
import time
import uuid

import pytest
from heatclient import exc as heat_exc
from heatclient.common import template_utils

from magnum.tests.functional.local_cloud.cloud import delete_stack
from magnum.tests.functional.local_cloud.cloud import outputs
from magnum.tests.functional.local_cloud.cloud import TEMPLATES
from magnum.tests.functional.local_cloud.cloud import wait_for_stack

PRIVATE = ipaddress.ip_network('10.0.0.0/24')
PUBLIC = ipaddress.ip_network('172.24.4.0/24')


def cluster_template():
    return template_utils.get_template_contents(
        template_file=os.path.join(TEMPLATES, 'cluster.yaml'))


def create_cluster(heat, name, **parameters):
    files, template = cluster_template()
    created = heat.stacks.create(stack_name=name, template=template,
                                 files=files, parameters=parameters)
    return created['stack']['id']


def in_net(address, net):
    return ipaddress.ip_address(address) in net


def stack_name(prefix):
    return '%s-%s' % (prefix, uuid.uuid4().hex[:6])


def assert_gone(heat, stack_id, name):
    """No stack left: neither the stack nor any of its nested stacks."""
    try:
        # Heat still shows a deleted stack by id, as DELETE_COMPLETE.
        assert heat.stacks.get(stack_id).stack_status == 'DELETE_COMPLETE'
    except heat_exc.HTTPNotFound:
        pass
    # The stack row goes a moment after DELETE_COMPLETE: poll, with a
    # deadline, until neither it nor a nested stack is listed.
    deadline = time.monotonic() + 60
    while True:
        left = ['%s %s' % (s.stack_name, s.stack_status)
                for s in heat.stacks.list(show_nested=True)
                if s.stack_name.startswith(name)]
        if not left or time.monotonic() > deadline:
            break
        time.sleep(1)
    assert left == []


def test_cluster_create_scale_and_delete(local_cloud):
    heat = local_cloud.heat('demo_member')
    name = stack_name('lc-cluster')
    stack_id = create_cluster(heat, name, number_of_minions=1)
    try:
        stack = wait_for_stack(heat, stack_id, ('CREATE_COMPLETE',))
        assert stack.stack_status == 'CREATE_COMPLETE', (
            stack.stack_status_reason)
        out = outputs(stack)
        assert in_net(out['api_address'], PUBLIC)
        assert in_net(out['lb_vip_address'], PRIVATE)
        assert in_net(out['master_private_address'], PRIVATE)
        assert in_net(out['master_public_address'], PUBLIC)
        assert len(out['minion_private_addresses']) == 1
        assert all(in_net(a, PRIVATE) for a in out['minion_private_addresses'])
        assert all(in_net(a, PUBLIC) for a in out['minion_public_addresses'])
        assert len(set(out['minion_server_ids'])) == 1

        # Heat still reports the template's own types: the stand-in is
        # mapped by the global environment, not written into templates.
        types = {r.resource_type for r in heat.resources.list(
            stack_id, nested_depth=2)}
        assert {'OS::Nova::Server', 'OS::Neutron::Port',
                'OS::Octavia::LoadBalancer',
                'OS::Heat::ResourceGroup'} <= types

        # Another project cannot see the stack.
        alt = local_cloud.heat('alt_member')
        with pytest.raises(heat_exc.HTTPNotFound):
            alt.stacks.get(stack_id)
        assert stack_id not in [s.id for s in alt.stacks.list()]

        for count in (3, 2):
            heat.stacks.update(stack_id, existing=True,
                               parameters={'number_of_minions': count})
            stack = wait_for_stack(heat, stack_id, ('UPDATE_COMPLETE',))
            assert stack.stack_status == 'UPDATE_COMPLETE', (
                stack.stack_status_reason)
            out = outputs(stack)
            assert len(out['minion_private_addresses']) == count
            assert len(out['minion_public_addresses']) == count
            assert len(set(out['minion_server_ids'])) == count
            assert in_net(out['api_address'], PUBLIC)
    finally:
        delete_stack(heat, stack_id)
    assert_gone(heat, stack_id, name)


def test_injected_failure_fails_the_stack(local_cloud):
    heat = local_cloud.heat('alt_member')
    name = stack_name('lc-broken')
    message = 'No valid host was found (stand-in %s)' % uuid.uuid4().hex[:8]
    behaviour = {
        'delays': {'create': {'OS::Octavia::LoadBalancer': 2}},
        'failures': [{'action': 'create', 'type': 'OS::Nova::Server',
                      'name': 'minion_server', 'stack': name + '*',
                      'message': message}],
    }
    with local_cloud.behaviour(**behaviour):
        started = time.monotonic()
        stack_id = create_cluster(heat, name, number_of_minions=1)
        try:
            stack = wait_for_stack(heat, stack_id, ('CREATE_COMPLETE',))
            assert stack.stack_status == 'CREATE_FAILED'
            assert time.monotonic() - started >= 2
            reason = stack.stack_status_reason
            assert 'minion_server' in reason, reason
            assert message in reason, reason
        finally:
            delete_stack(heat, stack_id)
    assert_gone(heat, stack_id, name)


def test_rejected_keypair_is_a_bad_request(local_cloud):
    heat = local_cloud.heat('demo_member')
    with local_cloud.behaviour(reject={'nova.keypair': ['no-such-key']}):
        with pytest.raises(heat_exc.HTTPBadRequest) as err:
            create_cluster(heat, stack_name('lc-nokey'),
                           keypair='no-such-key')
    assert 'no-such-key' in str(err.value)
