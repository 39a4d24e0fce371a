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

import json
import threading

import pytest

from magnum.common import cert_manager
from magnum.common import exception
from magnum.conductor import notifications
from magnum.drivers.common import driver as driver_base
from magnum.drivers.fake import driver as fake_driver
from magnum import objects
from magnum.tests.unit.conductor.periodic import conftest
from magnum.tests.unit.conductor import test_notifications


class _Nothing(driver_base.Driver):
    """The operation methods of the contract, doing nothing."""

    provides = []

    def _nothing(self, *args, **kwargs):
        return None

    create_cluster = update_cluster = delete_cluster = _nothing
    resize_cluster = upgrade_cluster = _nothing
    create_nodegroup = update_nodegroup = delete_nodegroup = _nothing


class ScriptedDriver(_Nothing):
    """Answers with the reports a test puts in ``script`` and counts
    calls."""

    script = {}
    calls = []

    def update_cluster_status(self, context, clusters):
        type(self).calls.append(sorted(c.uuid for c in clusters))
        return {c.uuid: type(self).script[c.uuid](c) for c in clusters
                if c.uuid in type(self).script}


@pytest.fixture
def scripted(drivers):
    ScriptedDriver.script = {}
    ScriptedDriver.calls = []
    drivers({'scripted': ScriptedDriver})
    return ScriptedDriver


def _ng(cluster, role):
    return [ng for ng in cluster.nodegroups if ng.role == role][0]


def test_fake_create_completes_with_addresses(world, tasks):
    cluster = world.cluster()
    tasks.sync_status()  # the fake answers in progress on the first poll
    assert world.get(cluster.uuid).status == 'CREATE_IN_PROGRESS'
    result = tasks.sync_status()
    assert result.updated == 1
    done = world.get(cluster.uuid)
    assert done.status == 'CREATE_COMPLETE'
    assert done.api_address.startswith('https://192.0.2.')
    assert done.coe_version == 'v1.30.4'
    assert done.container_version == fake_driver.CONTAINER_VERSION
    assert done.node_count == 2 and done.master_count == 1
    assert len(done.node_addresses) == 2 and len(done.master_addresses) == 1
    assert {ng.status for ng in done.nodegroups} == {'CREATE_COMPLETE'}


def test_failure_reason_and_faults(world, tasks, behaviour):
    behaviour({'create': {'polls': 0, 'outcome': 'FAILED',
                          'reason': 'No valid host was found.',
                          'resource': 'kube_masters'}})
    cluster = world.cluster()
    tasks.sync_status()
    failed = world.get(cluster.uuid)
    assert failed.status == 'CREATE_FAILED'
    assert 'No valid host was found.' in failed.status_reason
    for ng in failed.nodegroups:
        assert ng.status == 'CREATE_FAILED'
        assert 'kube_masters: No valid host was found.' in ng.status_reason


def test_faults_fill_an_empty_nodegroup_reason(world, tasks, scripted):
    cluster = world.cluster(driver='scripted')
    master = _ng(cluster, 'master')
    scripted.script[cluster.uuid] = lambda c: driver_base.StatusReport(
        cluster_uuid=c.uuid, status='CREATE_FAILED',
        nodegroups={master.uuid: driver_base.NodeGroupReport(
            status='CREATE_FAILED')},
        faults={'kube_masters': 'Quota exceeded for cores'})
    tasks.sync_status()
    failed = world.get(cluster.uuid)
    assert failed.status_reason == 'kube_masters: Quota exceeded for cores'
    master_reason = _ng(failed, 'master').status_reason
    assert master_reason == 'kube_masters: Quota exceeded for cores'
    # The worker was not reported failed: no faults on it.
    assert _ng(failed, 'worker').status == 'CREATE_IN_PROGRESS'
    assert _ng(failed, 'worker').status_reason is None


def test_none_fields_leave_values_alone(world, tasks, scripted):
    cluster = world.cluster(driver='scripted', api_address='https://x:6443',
                            status_reason='Building')
    scripted.script[cluster.uuid] = lambda c: driver_base.StatusReport(
        cluster_uuid=c.uuid, status='CREATE_COMPLETE')
    tasks.sync_status()
    done = world.get(cluster.uuid)
    assert done.status == 'CREATE_COMPLETE'
    assert done.api_address == 'https://x:6443'
    assert done.status_reason == 'Building'


def test_nodegroup_reported_deleted_is_removed(world, tasks, scripted):
    cluster = world.cluster(driver='scripted', status='UPDATE_IN_PROGRESS')
    extra = objects.NodeGroup(
        world.context, uuid='2f3b5d1c-9b6e-4c1e-8f3a-5d6e7f8a9b0c',
        name='extra', cluster_id=cluster.uuid, role='worker', node_count=1,
        project_id=world.context.project_id, status='DELETE_IN_PROGRESS')
    extra.create()
    scripted.script[cluster.uuid] = lambda c: driver_base.StatusReport(
        cluster_uuid=c.uuid, status='UPDATE_COMPLETE',
        nodegroups={extra.uuid: driver_base.NodeGroupReport(
            status='DELETE_COMPLETE')})
    tasks.sync_status()
    after = world.get(cluster.uuid)
    assert after.status == 'UPDATE_COMPLETE'
    assert sorted(ng.name for ng in after.nodegroups) == [
        'default-master', 'default-worker']


def _store_certs(world, cluster):
    backend = cert_manager.get_backend()
    refs = {}
    for name in ('ca_cert_ref', 'magnum_cert_ref', 'etcd_ca_cert_ref'):
        refs[name] = backend.store_cert('CERT ' + name, 'KEY ' + name,
                                        context=world.admin)
    # A reference whose certificate is gone already must not stop anything.
    refs['front_proxy_ca_cert_ref'] = '6c1d3bb0-1f0c-4a59-9b0e-0d6fb1f40a3b'
    objects.Cluster.dbapi.update_cluster(cluster.uuid, refs)
    return refs


def test_delete_complete_removes_row_nodegroups_and_certs(world, tasks):
    cluster = world.cluster(status='DELETE_IN_PROGRESS')
    refs = _store_certs(world, cluster)
    tasks.sync_status()
    tasks.sync_status()
    with pytest.raises(exception.ClusterNotFound):
        world.get(cluster.uuid)
    assert objects.Cluster.dbapi.list_nodegroups_for_clusters(
        [cluster.uuid]) == {cluster.uuid: []}
    backend = cert_manager.get_backend()
    for ref in refs.values():
        with pytest.raises(exception.CertificateNotFound):
            backend.get_cert(ref, context=world.admin)


def test_create_deadline_fails_cluster_and_nodegroups(world, tasks,
                                                      behaviour):
    behaviour({'create': {'never_finish': True}})
    cluster = world.cluster(create_timeout=1, age=61)
    result = tasks.sync_status()
    assert result.timed_out == 1
    failed = world.get(cluster.uuid)
    assert failed.status == 'CREATE_FAILED'
    assert failed.status_reason == (
        'Timed out after 60 seconds waiting for create to finish')
    assert {ng.status for ng in failed.nodegroups} == {'CREATE_FAILED'}


def test_create_within_deadline_stays(world, tasks, behaviour):
    behaviour({'create': {'never_finish': True}})
    cluster = world.cluster(create_timeout=1, age=30)
    tasks.sync_status()
    assert world.get(cluster.uuid).status == 'CREATE_IN_PROGRESS'


def test_other_operations_use_in_progress_timeout(world, tasks, behaviour,
                                                  conf):
    conf.config(group='conductor', in_progress_timeout=120)
    behaviour({'update': {'never_finish': True}})
    old = world.cluster(status='UPDATE_IN_PROGRESS', age=121)
    young = world.cluster(status='UPDATE_IN_PROGRESS', age=60)
    tasks.sync_status()
    assert world.get(old.uuid).status == 'UPDATE_FAILED'
    assert world.get(old.uuid).status_reason == (
        'Timed out after 120 seconds waiting for update to finish')
    assert world.get(young.uuid).status == 'UPDATE_IN_PROGRESS'


def test_reason_only_change_keeps_updated_at(world, tasks, scripted):
    cluster = world.cluster(driver='scripted', status='UPDATE_IN_PROGRESS',
                            age=100)
    before = world.get(cluster.uuid).updated_at
    scripted.script[cluster.uuid] = lambda c: driver_base.StatusReport(
        cluster_uuid=c.uuid, status='UPDATE_IN_PROGRESS',
        status_reason='Still going')
    tasks.sync_status()
    after = world.get(cluster.uuid)
    assert after.status_reason == 'Still going'
    assert after.updated_at == before


def test_reserved_clusters_are_skipped(world, tasks, scripted):
    free = world.cluster(driver='scripted')
    held = world.cluster(driver='scripted')
    objects.Cluster.dbapi.reserve_cluster(held.uuid, conftest.HOST)
    for c in (free, held):
        scripted.script[c.uuid] = lambda c: driver_base.StatusReport(
            cluster_uuid=c.uuid, status='CREATE_COMPLETE')
    tasks.sync_status()
    assert scripted.calls == [[free.uuid]]
    assert world.get(free.uuid).status == 'CREATE_COMPLETE'
    assert world.get(held.uuid).status == 'CREATE_IN_PROGRESS'


def test_cluster_taken_over_mid_pass_is_left_alone(world, tasks, drivers):
    """A workflow reserving the cluster while the driver is being asked
    wins: the pass's results for it are dropped."""
    cluster = world.cluster(driver='grabbing')

    class GrabbingDriver(_Nothing):
        def update_cluster_status(self, context, clusters):
            objects.Cluster.dbapi.reserve_cluster(cluster.uuid, 'other')
            return {c.uuid: driver_base.StatusReport(
                cluster_uuid=c.uuid, status='CREATE_FAILED')
                for c in clusters}
    drivers({'grabbing': GrabbingDriver})
    result = tasks.sync_status()
    assert result.updated == 0
    assert world.get(cluster.uuid).status == 'CREATE_IN_PROGRESS'


def _fake_status_calls(tmp_path):
    lines = (tmp_path / 'calls.jsonl').read_text().splitlines()
    return [json.loads(line) for line in lines
            if json.loads(line)['op'] == 'update_cluster_status']


def test_one_driver_call_per_pass_for_many_clusters(world, tasks, scripted,
                                                    tmp_path):
    clusters = [world.cluster(driver='scripted') for _ in range(25)]
    fakes = [world.cluster() for _ in range(3)]
    result = tasks.sync_status()
    assert result.owned == 28 and result.driver_calls == 2
    assert scripted.calls == [sorted(c.uuid for c in clusters)]
    [fake_call] = _fake_status_calls(tmp_path)
    assert sorted(fake_call['args']['clusters']) == sorted(
        c.uuid for c in fakes)


def test_driver_error_does_not_stop_the_pass(world, tasks, drivers,
                                             behaviour):
    class BrokenDriver(_Nothing):
        def update_cluster_status(self, context, clusters):
            raise RuntimeError('backend down')
    drivers({'broken': BrokenDriver})
    behaviour({'create': {'polls': 0}})
    broken = world.cluster(driver='broken', create_timeout=1, age=61)
    fine = world.cluster()
    tasks.sync_status()
    assert world.get(fine.uuid).status == 'CREATE_COMPLETE'
    # Deadlines still apply to the clusters of a failing driver.
    assert world.get(broken.uuid).status == 'CREATE_FAILED'


def test_not_live_conductor_does_nothing(world, conf, db):
    from magnum.conductor import periodic
    cluster = world.cluster()
    silent = periodic.PeriodicTasks('never-sent-a-heartbeat')
    assert silent.sync_status().owned == 0
    assert world.get(cluster.uuid).status == 'CREATE_IN_PROGRESS'


def test_fast_loader_matches_objects(world, tasks):
    cluster = world.cluster(masters=3, workers=4,
                            health_status_reason={'api': 'ok'})
    ring, _ = tasks.status_sync.ring()
    [(loaded, _)] = tasks.status_sync.load(ring)
    reference = world.get(cluster.uuid)
    for name in objects.Cluster.fields:
        if name in ('nodegroups', 'cluster_template'):
            continue
        assert getattr(loaded, name) == getattr(reference, name), name
    assert loaded.obj_get_changes() == {}
    for mine, theirs in zip(loaded.nodegroups, reference.nodegroups):
        assert mine.obj_to_primitive() == theirs.obj_to_primitive()
    assert loaded.cluster_template.uuid == reference.cluster_template.uuid


def test_stale_reservation_is_broken(world, tasks):
    cluster = world.cluster(start=False)
    objects.Cluster.dbapi.reserve_cluster(cluster.uuid, 'dead-conductor')
    tasks.sync_status()
    assert objects.Cluster.dbapi.get_cluster_reservation(cluster.uuid) == (
        None, None)


def test_passes_never_overlap(world, tasks, drivers):
    inside = threading.Event()
    release = threading.Event()
    overlaps = []

    class SlowDriver(_Nothing):
        running = 0

        def update_cluster_status(self, context, clusters):
            type(self).running += 1
            overlaps.append(type(self).running)
            inside.set()
            release.wait(10)
            type(self).running -= 1
            return {}
    drivers({'slow': SlowDriver})
    world.cluster(driver='slow')
    first = threading.Thread(target=tasks.sync_status)
    first.start()
    assert inside.wait(10)
    second = threading.Thread(target=tasks.sync_status)
    second.start()
    release.set()
    first.join(10)
    second.join(10)
    assert overlaps == [1, 1]


def test_terminal_states_are_announced(world, tasks, scripted, listener):
    done = world.cluster(driver='scripted')
    failed = world.cluster(driver='scripted', status='DELETE_IN_PROGRESS')
    busy = world.cluster(driver='scripted')
    scripted.script[done.uuid] = lambda c: driver_base.StatusReport(
        cluster_uuid=c.uuid, status='CREATE_COMPLETE')
    scripted.script[failed.uuid] = lambda c: driver_base.StatusReport(
        cluster_uuid=c.uuid, status='DELETE_FAILED', status_reason='locked')
    scripted.script[busy.uuid] = lambda c: driver_base.StatusReport(
        cluster_uuid=c.uuid, status='CREATE_IN_PROGRESS',
        status_reason='still')
    assert tasks.sync_status().notified == 2
    assert notifications.flush(10)
    got = {}
    for _ in range(2):
        priority, _, event_type, payload = listener.get(timeout=10)
        got[payload['target']['id']] = (
            priority, event_type, payload['outcome'],
            payload['target']['attachments'][0]['content']['status'])
    assert got == {
        done.uuid: ('info', 'magnum.cluster.create', 'success',
                    'CREATE_COMPLETE'),
        failed.uuid: ('error', 'magnum.cluster.delete', 'failure',
                      'DELETE_FAILED')}


listener = test_notifications.listener
