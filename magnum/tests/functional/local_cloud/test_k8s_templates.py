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

"""The k8s_fedora_coreos_v1 templates against the real heat-api.

Heat's own template validation for every combination of environment files
the template definition can choose (cheap: no stack is created), and one
real cluster stack rendered by the template definition, created on the
stand-ins, read back and deleted.
"""

import ipaddress
import itertools
import os
import uuid

import pytest

from magnum.common import context as magnum_context
from magnum.drivers.heat import driver as heat_driver
from magnum.drivers.k8s_fedora_coreos_v1 import driver
from magnum.drivers.k8s_fedora_coreos_v1 import node_files
from magnum.drivers.k8s_fedora_coreos_v1 import template_def
from magnum.tests.functional.local_cloud.cloud import delete_stack
from magnum.tests.functional.local_cloud.cloud import outputs
from magnum.tests.functional.local_cloud.cloud import wait_for_stack
from magnum.tests.unit.drivers.conftest import make_cluster
from magnum.tests.unit.drivers.conftest import make_template

TEMPLATES = template_def.TEMPLATES
PRIVATE = ipaddress.ip_network('10.0.0.0/24')
PUBLIC = ipaddress.ip_network('172.24.4.0/24')


def env(name):
    return os.path.join(TEMPLATES, 'environments', name + '.yaml')


def env_combinations():
    """Every list of environment files get_env_files can produce."""
    lb_choices = [['no_master_lb'],
                  ['with_master_lb_octavia', 'enable_lb_floating_ip'],
                  ['with_master_lb_octavia', 'disable_lb_floating_ip']]
    for net, etcd, vol, lb, fip in itertools.product(
            ['with_private_network', 'no_private_network'],
            ['with_etcd_volume', 'no_etcd_volume'],
            ['with_volume', 'no_volume'], lb_choices,
            ['enable_floating_ip', 'disable_floating_ip']):
        names = [net, etcd, vol, lb[0], fip] + lb[1:]
        yield [env(name) for name in names]


COMBINATIONS = list(env_combinations())


def test_the_combinations_cover_every_environment_file():
    used = {path for combo in COMBINATIONS for path in combo}
    shipped = {os.path.join(TEMPLATES, 'environments', name) for name in
               os.listdir(os.path.join(TEMPLATES, 'environments'))}
    assert used == shipped
    assert len(COMBINATIONS) == 48


@pytest.mark.parametrize('template', ['kubecluster.yaml', 'nodegroup.yaml'])
def test_heat_validates_every_environment_combination(local_cloud, template):
    heat = local_cloud.heat('demo_member')
    failures = []
    for env_files in COMBINATIONS:
        tpl, files, environment = heat_driver.render_stack_files(
            os.path.join(TEMPLATES, template), env_files,
            node_files.generated_files())
        try:
            result = heat.stacks.validate(template=tpl, files=files,
                                          environment=environment)
        except Exception as error:
            failures.append('%s: %s' % (
                [os.path.basename(p) for p in env_files], error))
            continue
        assert 'number_of_minions' in result['Parameters']
    assert failures == []


@pytest.mark.parametrize('template', ['kubemaster.yaml', 'kubeminion.yaml'])
def test_heat_validates_the_node_templates(local_cloud, template):
    heat = local_cloud.heat('demo_member')
    tpl, files, environment = heat_driver.render_stack_files(
        os.path.join(TEMPLATES, template), [], node_files.generated_files())
    result = heat.stacks.validate(template=tpl, files=files,
                                  environment=environment)
    assert 'node_env' in result['Parameters']


def _cluster():
    ctx = magnum_context.make_context(project_id='demo', user_id='demo',
                                      overwrite=False)
    tmpl = make_template(image_id='fedora-coreos-latest', flavor_id='m1.small',
                         master_flavor_id='m1.small',
                         external_network_id='public',
                         network_driver='flannel', tls_disabled=False,
                         docker_volume_size=5, master_lb_enabled=True,
                         floating_ip_enabled=True,
                         labels={'etcd_volume_size': '2',
                                 'master_lb_floating_ip_enabled': 'true'})
    name = 'lc-k8s-%s' % uuid.uuid4().hex[:6]
    cluster = make_cluster(ctx, masters=1, workers=2, template=tmpl,
                           name=name, keypair='testkey')
    for ng in cluster.nodegroups:
        ng.image_id, ng.flavor_id = 'fedora-coreos-latest', 'm1.small'
        ng.docker_volume_size, ng.labels, ng.max_node_count = None, {}, None
    return ctx, tmpl, cluster


def test_cluster_stack_from_the_definition(local_cloud):
    heat = local_cloud.heat('demo_member')
    ctx, tmpl, cluster = _cluster()
    definition = driver.Driver().get_template_definition()
    path, params, env_files = definition.extract_definition(ctx, tmpl,
                                                            cluster)
    assert os.path.basename(env_files[3]) == 'with_master_lb_octavia.yaml'
    tpl, files, environment = heat_driver.render_stack_files(
        path, env_files, definition.generated_files())
    created = heat.stacks.create(stack_name=cluster.name, template=tpl,
                                 files=files, environment=environment,
                                 parameters=params, disable_rollback=True)
    stack_id = created['stack']['id']
    try:
        stack = wait_for_stack(heat, stack_id, ('CREATE_COMPLETE',))
        assert stack.stack_status == 'CREATE_COMPLETE', (
            stack.stack_status_reason)
        out = outputs(stack)
        assert ipaddress.ip_address(out['api_address']) in PUBLIC
        assert ipaddress.ip_address(out['kube_api_private_address']) in PRIVATE
        assert len(out['kube_masters']) == 1
        assert len(out['kube_minions_private']) == 2
        assert all(ipaddress.ip_address(a) in PRIVATE
                   for a in out['kube_minions_private'])
        assert all(ipaddress.ip_address(a) in PUBLIC
                   for a in out['kube_minions'])
        assert len(set(out['kube_minion_ids'])) == 2
        assert out['secgroup_kube_minion'] and out['fixed_network']

        types = {r.resource_type for r in heat.resources.list(
            stack_id, nested_depth=2)}
        assert {'OS::Octavia::LoadBalancer', 'OS::Octavia::PoolMember',
                'OS::Cinder::Volume', 'OS::Nova::Server',
                'OS::Heat::WaitConditionHandle'} <= types

        result = definition.update_outputs(
            heat.stacks.get(stack_id), tmpl, cluster)
        assert result.cluster['api_address'] == (
            'https://%s:6443' % out['api_address'])
        worker = result.nodegroups[cluster.default_ng_worker.uuid]
        assert worker['node_count'] == 2
        assert worker['node_addresses'] == out['kube_minions']
    finally:
        delete_stack(heat, stack_id)
