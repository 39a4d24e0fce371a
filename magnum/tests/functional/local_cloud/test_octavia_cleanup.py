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

"""The pre-delete of a cluster's Service load balancers, against the local
cloud's Octavia-shaped stand-in (whose tags make a delete slow or fail)."""

import uuid

from keystoneauth1 import adapter as ks_adapter
import pytest

from magnum.common import exception
import magnum.conf
from magnum.drivers.heat import octavia_cleanup
from magnum.drivers.k8s_fedora_coreos_v1 import driver as k8s_driver
from magnum import objects
from magnum.tests.functional.local_cloud import magnum_conf

LB_PATH = '/v2/lbaas/loadbalancers'


conf = magnum_conf.conf


@pytest.fixture
def lbaas(local_cloud):
    return ks_adapter.Adapter(local_cloud.session('demo_member'),
                              service_type='load-balancer')


@pytest.fixture
def cluster_uuid():
    return str(uuid.uuid4())


def make_lb(lbaas, cluster_uuid, name, *tags):
    return lbaas.post(LB_PATH, json={'loadbalancer': {
        'name': name, 'tags': list(tags),
        'description': 'Kubernetes external service default/%s from '
                       'cluster %s' % (name, cluster_uuid)}}).json()[
                           'loadbalancer']


def exists(lbaas, lb):
    status = lbaas.get('%s/%s' % (LB_PATH, lb['id']),
                       raise_exc=False).status_code
    assert status in (200, 404), status
    return status == 200


def test_waits_for_slow_deletes(conf, local_cloud, lbaas, cluster_uuid):
    slow = make_lb(lbaas, cluster_uuid, 'slow', 'standin:delete-seconds=1')
    quick = make_lb(lbaas, cluster_uuid, 'quick')
    other = make_lb(lbaas, str(uuid.uuid4()), 'other')
    try:
        octavia_cleanup.delete_load_balancers(
            local_cloud.session('demo_member'), cluster_uuid, timeout=30)
        # Returned only once Octavia no longer had them.
        assert not exists(lbaas, slow)
        assert not exists(lbaas, quick)
        assert exists(lbaas, other)
    finally:
        lbaas.delete('%s/%s' % (LB_PATH, other['id']))


def test_names_the_load_balancer_still_there(conf, local_cloud, lbaas,
                                             cluster_uuid):
    stuck = make_lb(lbaas, cluster_uuid, 'stuck', 'standin:delete-seconds=3')
    with pytest.raises(exception.PreDeletionFailed) as failure:
        octavia_cleanup.delete_load_balancers(
            local_cloud.session('demo_member'), cluster_uuid, timeout=0.5)
    message = str(failure.value)
    assert stuck['id'] in message and '(stuck)' in message
    assert 'PENDING_DELETE' in message and cluster_uuid in message
    assert exists(lbaas, stuck)
    # Deleting the cluster again later finds it gone and goes on.
    octavia_cleanup.delete_load_balancers(
        local_cloud.session('demo_member'), cluster_uuid, timeout=30)
    assert not exists(lbaas, stuck)


def test_a_load_balancer_octavia_failed_to_delete(conf, local_cloud, lbaas,
                                                  cluster_uuid):
    broken = make_lb(lbaas, cluster_uuid, 'broken', 'standin:delete-error')
    with pytest.raises(exception.PreDeletionFailed) as failure:
        octavia_cleanup.delete_load_balancers(
            local_cloud.session('demo_member'), cluster_uuid, timeout=30)
    assert broken['id'] in str(failure.value)
    assert 'ERROR' in str(failure.value)
    # A retried delete (Octavia accepts deleting an ERROR load balancer).
    octavia_cleanup.delete_load_balancers(
        local_cloud.session('demo_member'), cluster_uuid, timeout=30)
    assert not exists(lbaas, broken)


def test_driver_honours_pre_delete_lb_timeout(conf, local_cloud, lbaas,
                                              cluster_uuid):
    context = magnum_conf.user_context(local_cloud)
    cluster = objects.Cluster(context, uuid=cluster_uuid, trust_id=None,
                              project_id=context.project_id)
    stuck = make_lb(lbaas, cluster_uuid, 'web', 'standin:delete-seconds=2')
    conf.config(group='cluster', pre_delete_lb_timeout=0)
    try:
        with pytest.raises(exception.PreDeletionFailed) as failure:
            k8s_driver.Driver().pre_delete_cluster(context, cluster)
        assert stuck['id'] in str(failure.value)
        conf.config(group='cluster', pre_delete_lb_timeout=30)
        k8s_driver.Driver().pre_delete_cluster(context, cluster)
        assert not exists(lbaas, stuck)
    finally:
        magnum.conf.CONF.clear_override('pre_delete_lb_timeout',
                                        group='cluster')
