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

"""The Heat driver framework against the real Keystone and Heat.

A minimal driver (a small cluster-shaped HOT built on the shared test
templates) goes through create -> bulk status -> resize -> delete with a
trust taken from demo_member's real token, and a stand-in told to fail
gives CREATE_FAILED naming the resource, then a delete that fails is
retried and finally reported DELETE_FAILED. Two stacks in all.
"""

import os
import shutil
import time
import uuid

from heatclient import exc as heat_exc
from heatclient.v1 import stacks as heat_stacks
from keystoneauth1 import exceptions as ks_exc
from keystoneauth1 import adapter as ks_adapter
import pytest

from magnum.common import context as magnum_context
from magnum.common import keystone
from magnum.drivers.heat import driver as heat_driver
from magnum.drivers.heat import template_def
from magnum import objects
from magnum.objects import fields as m_fields
from magnum.tests.functional.local_cloud.cloud import STACK_TIMEOUT
from magnum.tests.functional.local_cloud.cloud import TEMPLATES
from magnum.tests.functional.local_cloud import magnum_conf

S = m_fields.ClusterStatus

CLUSTER_HOT = """
heat_template_version: 2021-04-16
description: Cluster stack of the Heat driver functional test.
parameters:
  external_network: {type: string, default: public}
  number_of_masters: {type: number, default: 1}
  number_of_minions: {type: number, default: 1}
  minions_to_remove: {type: comma_delimited_list, default: []}
  minion_flavor: {type: string, default: m1.small}
  keypair: {type: string, default: testkey}
resources:
  network: {type: OS::Neutron::Net}
  subnet:
    type: OS::Neutron::Subnet
    properties: {network: {get_resource: network}, cidr: 10.0.0.0/24}
  secgroup: {type: OS::Neutron::SecurityGroup}
  api_lb:
    type: OS::Octavia::LoadBalancer
    properties: {vip_subnet: {get_resource: subnet}}
  api_pool: {type: OS::Octavia::Pool, properties: {lb_algorithm: ROUND_ROBIN,
             protocol: TCP, loadbalancer: {get_resource: api_lb}}}
  api_floating_ip:
    type: OS::Neutron::FloatingIP
    properties:
      floating_network: {get_param: external_network}
      port_id: {get_attr: [api_lb, vip_port_id]}
  master:
    type: master.yaml
    properties:
      image: fedora-coreos-latest
      flavor: m1.small
      keypair: {get_param: keypair}
      network: {get_resource: network}
      subnet: {get_resource: subnet}
      secgroup: {get_resource: secgroup}
      external_network: {get_param: external_network}
      pool: {get_resource: api_pool}
      api_address: {get_attr: [api_floating_ip, floating_ip_address]}
  minions:
    type: OS::Heat::ResourceGroup
    properties:
      count: {get_param: number_of_minions}
      removal_policies: [{resource_list: {get_param: minions_to_remove}}]
      resource_def:
        type: minion.yaml
        properties:
          name: minion-%index%
          image: fedora-coreos-latest
          flavor: {get_param: minion_flavor}
          keypair: {get_param: keypair}
          network: {get_resource: network}
          subnet: {get_resource: subnet}
          secgroup: {get_resource: secgroup}
          external_network: {get_param: external_network}
          master_address: {get_attr: [master, private_address]}
outputs:
  api_address: {value: {get_attr: [api_floating_ip, floating_ip_address]}}
  kube_masters: {value: [{get_attr: [master, public_address]}]}
  kube_minions: {value: {get_attr: [minions, private_address]}}
  minion_ids: {value: {get_attr: [minions, refs_map]}}
"""

NO_ENV = """
parameter_defaults: {}
"""


class SmallDefinition(template_def.HeatTemplateDefinition):
    api_port = 6443
    insecure_api_port = 8080

    def __init__(self, directory):
        super().__init__()
        self.template_path = os.path.join(directory, 'cluster.yaml')
        self.environment_dir = directory
        self.add_parameter('external_network',
                           cluster_template_attr='external_network_id',
                           required=True)
        self.add_parameter('keypair', cluster_attr='keypair')
        self.add_nodegroup_parameter('number_of_masters', 'node_count',
                                     'master', param_type=int)
        self.add_nodegroup_parameter('number_of_minions', 'node_count',
                                     'worker', param_type=int)
        self.add_nodegroup_parameter('minion_flavor', 'flavor_id', 'worker')
        self.add_output('api_address', cluster_attr='api_address')
        self.add_nodegroup_output('kube_masters', 'node_addresses', 'master')
        self.add_nodegroup_output('kube_minions', 'node_addresses', 'worker')
        self.add_nodegroup_output('number_of_minions', 'node_count', 'worker',
                                  is_stack_param=True)

    def get_env_files(self, cluster_template, cluster, nodegroup=None):
        return [self.env_file('no_env')]


class SmallDriver(heat_driver.HeatDriver):
    provides = [{'server_type': 'vm', 'os': 'test', 'coe': 'kubernetes'}]

    def __init__(self, directory):
        super().__init__()
        self.definition = SmallDefinition(directory)

    def get_template_definition(self):
        return self.definition


@pytest.fixture(scope='module')
def conf(local_cloud):
    with magnum_conf.service_conf(local_cloud) as fixture:
        fixture.config(group='heat_client',
                       region_name=local_cloud.state['region'])
        fixture.config(group='cluster_heat', delete_retries=1)
        yield fixture


@pytest.fixture(scope='module')
def driver(tmp_path_factory, conf):
    directory = tmp_path_factory.mktemp('hot')
    for name in ('master.yaml', 'minion.yaml'):
        shutil.copy(os.path.join(TEMPLATES, name), directory / name)
    (directory / 'cluster.yaml').write_text(CLUSTER_HOT)
    (directory / 'no_env.yaml').write_text(NO_ENV)
    return SmallDriver(str(directory))


@pytest.fixture(scope='module')
def demo_context(local_cloud):
    session = local_cloud.session('demo_member')
    return magnum_context.make_context(
        auth_token=session.get_token(), user_id=session.get_user_id(),
        project_id=session.get_project_id(),
        roles=list(local_cloud.state['users']['demo_member']['roles']),
        overwrite=False)


def make_cluster(context, name):
    cluster_uuid = str(uuid.uuid4())
    template = objects.ClusterTemplate(
        uuid=str(uuid.uuid4()), external_network_id='public',
        tls_disabled=False, apiserver_port=None, labels={},
        fixed_network=None, docker_volume_size=None, keypair_id=None,
        master_lb_enabled=True, floating_ip_enabled=True)
    cluster = objects.Cluster(
        context, uuid=cluster_uuid, name=name, project_id=context.project_id,
        user_id=context.user_id, status=S.CREATE_IN_PROGRESS, labels={},
        keypair='testkey', stack_id=None, trust_id=None, create_timeout=10,
        fixed_network=None, master_lb_enabled=True, floating_ip_enabled=True,
        docker_volume_size=None)
    cluster.cluster_template = template
    cluster.nodegroups = [
        objects.NodeGroup(uuid=str(uuid.uuid4()), name='default-%s' % role,
                          cluster_id=cluster_uuid, role=role, is_default=True,
                          node_count=1, flavor_id='m1.small', labels={},
                          status=S.CREATE_IN_PROGRESS, status_reason=None,
                          stack_id=None, node_addresses=[],
                          docker_volume_size=None)
        for role in ('master', 'worker')]
    return cluster


def apply(cluster, report):
    """What the conductor does with a report (in memory only)."""
    if report.status:
        cluster.status = report.status
        cluster.status_reason = report.status_reason
    if report.api_address:
        cluster.api_address = report.api_address
    for ng in cluster.nodegroups:
        ng_report = report.nodegroups.get(ng.uuid)
        if ng_report is None:
            continue
        for field in ('status', 'status_reason', 'node_addresses',
                      'node_count'):
            value = getattr(ng_report, field)
            if value is not None:
                setattr(ng, field, value)


def sync_until(driver, clusters, done, timeout=STACK_TIMEOUT):
    """Run status syncs (each one bulk call) until every cluster's status
    is in ``done``; return the last report of each."""
    admin = magnum_context.make_admin_context()
    deadline = time.monotonic() + timeout
    last = {}
    while time.monotonic() < deadline:
        reports = driver.update_cluster_status(admin, clusters)
        for cluster in clusters:
            if cluster.uuid in reports:
                last[cluster.uuid] = reports[cluster.uuid]
                apply(cluster, reports[cluster.uuid])
        if all(c.status in done for c in clusters):
            return last
        time.sleep(1)
    pytest.fail('statuses still %s after %ss'
                % ([c.status for c in clusters], timeout))


def mark_all(cluster, status):
    cluster.status = status
    for ng in cluster.nodegroups:
        ng.status = status


def stack_gone(heat, stack_id):
    try:
        stack = heat.stacks.get(stack_id)
    except heat_exc.HTTPNotFound:
        return True
    return stack.stack_status == 'DELETE_COMPLETE'


def trust_usable(trust_id):
    try:
        keystone.trust_session(trust_id).get_token()
    except (ks_exc.Unauthorized, ks_exc.NotFound):
        return False
    return True


def test_create_resize_and_delete(local_cloud, driver, demo_context,
                                  monkeypatch):
    cluster = make_cluster(demo_context, 'hdrv_ok')
    driver.create_cluster(demo_context, cluster, 10)
    assert cluster.trust_id and cluster.stack_id
    assert trust_usable(cluster.trust_id)
    heat = local_cloud.heat('demo_member')
    stack = heat.stacks.get(cluster.stack_id)
    assert stack.stack_name.startswith('hdrv-ok-')
    assert stack.timeout_mins == 10 and stack.disable_rollback
    assert 'magnum-cluster' in (stack.tags or [])

    # One list request per sync, even with a second (already deleted)
    # cluster of another owner in the batch.
    calls = []
    real_list = heat_stacks.StackManager.list

    def counting_list(self, **kwargs):
        calls.append(kwargs)
        return real_list(self, **kwargs)
    monkeypatch.setattr(heat_stacks.StackManager, 'list', counting_list)
    gone = make_cluster(demo_context, 'gone')
    gone.stack_id = str(uuid.uuid4())
    mark_all(gone, S.DELETE_IN_PROGRESS)
    admin = magnum_context.make_admin_context()
    reports = driver.update_cluster_status(admin, [cluster, gone])
    assert len(calls) == 1
    assert sorted(calls[0]['filters']['id']) == sorted(
        [cluster.stack_id, gone.stack_id])
    assert reports[gone.uuid].status == S.DELETE_COMPLETE
    monkeypatch.undo()

    last = sync_until(driver, [cluster], (S.CREATE_COMPLETE,))
    assert cluster.status == S.CREATE_COMPLETE, cluster.status_reason
    assert cluster.api_address.startswith('https://172.24.4.')
    assert cluster.api_address.endswith(':6443')
    master, worker = cluster.default_ng_master, cluster.default_ng_worker
    assert master.status == S.CREATE_COMPLETE
    assert len(master.node_addresses) == 1
    assert len(worker.node_addresses) == 1 and worker.node_count == 1
    assert not last[cluster.uuid].faults

    # resize 1 -> 2
    mark_all(cluster, S.UPDATE_IN_PROGRESS)
    worker.node_count = 2
    driver.resize_cluster(demo_context, cluster, None, 2, [], worker)
    sync_until(driver, [cluster], (S.UPDATE_COMPLETE,))
    assert worker.node_count == 2 and len(worker.node_addresses) == 2

    # resize 2 -> 1 removing member "0": member "1" must stay
    members = heat.stacks.get(cluster.stack_id).to_dict()['outputs']
    minion_ids = next(o['output_value'] for o in members
                      if o['output_key'] == 'minion_ids')
    mark_all(cluster, S.UPDATE_IN_PROGRESS)
    worker.node_count = 1
    driver.resize_cluster(demo_context, cluster, None, 1, ['0'], worker)
    sync_until(driver, [cluster], (S.UPDATE_COMPLETE,))
    assert worker.node_count == 1
    after = heat.stacks.get(cluster.stack_id).to_dict()['outputs']
    kept = next(o['output_value'] for o in after
                if o['output_key'] == 'minion_ids')
    assert kept == {'1': minion_ids['1']}

    # pre-delete removes the cluster's Service load balancers only
    lbaas = ks_adapter.Adapter(local_cloud.session('demo_member'),
                               service_type='load-balancer')
    mine = lbaas.post('/v2/lbaas/loadbalancers', json={'loadbalancer': {
        'description': 'Kubernetes external service default/web from '
                       'cluster %s' % cluster.uuid}}).json()['loadbalancer']
    other = lbaas.post('/v2/lbaas/loadbalancers', json={'loadbalancer': {
        'description': 'Kubernetes external service default/web from '
                       'cluster %s' % uuid.uuid4()}}).json()['loadbalancer']
    trust_id = cluster.trust_id
    mark_all(cluster, S.DELETE_IN_PROGRESS)
    driver.pre_delete_cluster(demo_context, cluster)
    remaining = {lb['id'] for lb in lbaas.get(
        '/v2/lbaas/loadbalancers').json()['loadbalancers']}
    assert mine['id'] not in remaining and other['id'] in remaining
    lbaas.delete('/v2/lbaas/loadbalancers/%s' % other['id'])

    # the delete acts through the trust, not the (still valid) token
    driver.delete_cluster(magnum_context.make_admin_context(), cluster)
    sync_until(driver, [cluster], (S.DELETE_COMPLETE,))
    assert stack_gone(heat, cluster.stack_id)
    assert not trust_usable(trust_id)


def test_failure_names_resource_and_delete_retries(local_cloud, driver,
                                                   demo_context):
    cluster = make_cluster(demo_context, 'hdrv_fail')
    failure = {'action': 'create', 'type': 'OS::Nova::Server',
               'name': 'minion_server', 'stack': 'hdrv-fail*',
               'message': 'No valid host was found'}
    with local_cloud.behaviour(failures=[failure]):
        driver.create_cluster(demo_context, cluster, 10)
        last = sync_until(driver, [cluster], (S.CREATE_FAILED,))
    report = last[cluster.uuid]
    assert 'minion_server' in report.faults
    assert 'No valid host was found' in report.faults['minion_server']
    assert cluster.status_reason.startswith('minion_server: ')
    assert 'No valid host was found' in cluster.status_reason

    # deleting fails twice: one retry, then DELETE_FAILED with the blocker
    blocker = {'action': 'delete', 'type': 'OS::Neutron::SecurityGroup',
               'name': 'secgroup', 'stack': 'hdrv-fail*',
               'message': 'security group in use'}
    with local_cloud.behaviour(failures=[blocker]):
        mark_all(cluster, S.DELETE_IN_PROGRESS)
        driver.delete_cluster(demo_context, cluster)
        last = sync_until(driver, [cluster], (S.DELETE_FAILED,))
    assert 'secgroup' in last[cluster.uuid].faults
    assert 'security group in use' in cluster.status_reason

    mark_all(cluster, S.DELETE_IN_PROGRESS)
    driver.delete_cluster(demo_context, cluster)
    sync_until(driver, [cluster], (S.DELETE_COMPLETE,))
    assert stack_gone(local_cloud.heat('demo_member'), cluster.stack_id)
