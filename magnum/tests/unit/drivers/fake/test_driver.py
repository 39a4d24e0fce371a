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

import concurrent.futures
import ipaddress
import json
import os
import uuid

import pytest

from magnum.common import exception
from magnum.drivers.common import registry
from magnum.drivers.fake import behaviour
from magnum.drivers.fake import driver as fake
from magnum.drivers.fake import files
from magnum.drivers.fake import state
from magnum.tests.unit.drivers import conftest


@pytest.fixture
def paths(tmp_path, conf):
    """Point [fake_driver] at files in a temporary directory."""
    result = {'behaviour': str(tmp_path / 'behaviour.json'),
              'calls': str(tmp_path / 'calls.jsonl'),
              'state': str(tmp_path / state.STATE_FILE_NAME)}
    conf.config(group='fake_driver', behaviour_file=result['behaviour'],
                calls_file=result['calls'])
    return result


@pytest.fixture
def driver(paths):
    return fake.FakeDriver()


def set_behaviour(paths, data):
    behaviour.write(paths['behaviour'], data)


def apply(cluster, report):
    """What the conductor does with a report, as far as tests need it."""
    cluster.status = report.status
    for ng in cluster.nodegroups:
        ng_report = report.nodegroups.get(ng.uuid)
        if ng_report is not None and ng_report.status:
            ng.status = ng_report.status


def poll(driver, ctx, *clusters):
    reports = driver.update_cluster_status(ctx, list(clusters))
    for cluster in clusters:
        if cluster.uuid in reports:
            apply(cluster, reports[cluster.uuid])
    return reports


def created(driver, ctx, **values):
    cluster = conftest.make_cluster(ctx, **values)
    driver.create_cluster(ctx, cluster, 60)
    return cluster


def test_fake_driver_is_a_beta_entry_point(conf):
    registry.reset()
    try:
        with pytest.raises(exception.ClusterTypeBetaNotEnabled):
            registry.get_driver('vm', 'ubuntu', 'mesos')
        conf.config(group='drivers', enabled_beta_drivers=['fake'])
        for provided in fake.FakeDriver.provides:
            found = registry.get_driver(**provided)
            assert isinstance(found, fake.FakeDriver)
    finally:
        registry.reset()


def test_create_completes_after_one_in_progress_poll(driver, ctx):
    cluster = created(driver, ctx, masters=1, workers=2)
    uuid.UUID(cluster.stack_id)

    first = poll(driver, ctx, cluster)[cluster.uuid]
    assert first.status == 'CREATE_IN_PROGRESS'
    assert {r.status for r in first.nodegroups.values()} == {
        'CREATE_IN_PROGRESS'}
    assert first.api_address is None

    done = poll(driver, ctx, cluster)[cluster.uuid]
    assert done.status == 'CREATE_COMPLETE'
    assert done.faults == {}
    assert done.api_address.startswith('https://192.0.2.')
    assert done.api_address.endswith(':6443')
    assert done.coe_version == 'v1.30.4'
    assert done.container_version == fake.CONTAINER_VERSION
    master, worker = cluster.nodegroups
    assert done.nodegroups[master.uuid].status == 'CREATE_COMPLETE'
    assert done.nodegroups[master.uuid].node_count == 1
    addresses = done.nodegroups[worker.uuid].node_addresses
    assert len(addresses) == 2
    assert all(ipaddress.ip_address(a) in ipaddress.ip_network('10.0.0.0/8')
               for a in addresses)
    assert not set(addresses) & set(done.nodegroups[master.uuid]
                                    .node_addresses)


def test_polls_zero_completes_on_the_first_poll(driver, paths, ctx):
    set_behaviour(paths, {'create': {'polls': 0}})
    cluster = created(driver, ctx)
    assert poll(driver, ctx, cluster)[cluster.uuid].status == \
        'CREATE_COMPLETE'


def test_polls_count_in_progress_answers(driver, paths, ctx):
    set_behaviour(paths, {'default': {'polls': 3}})
    cluster = created(driver, ctx)
    statuses = [poll(driver, ctx, cluster)[cluster.uuid].status
                for _ in range(4)]
    assert statuses == ['CREATE_IN_PROGRESS'] * 3 + ['CREATE_COMPLETE']


def test_failure_carries_reason_and_fault(driver, paths, ctx):
    set_behaviour(paths, {'create': {
        'polls': 0, 'outcome': 'FAILED', 'reason': 'No valid host.',
        'resource': 'kube_masters'}})
    cluster = created(driver, ctx)
    report = poll(driver, ctx, cluster)[cluster.uuid]
    assert report.status == 'CREATE_FAILED'
    assert report.status_reason == 'No valid host.'
    assert report.faults == {'kube_masters': 'No valid host.'}
    assert {r.status for r in report.nodegroups.values()} == {'CREATE_FAILED'}
    assert report.api_address is None


def test_raise_on_call_is_recorded_first(driver, paths, ctx):
    set_behaviour(paths, {'delete': {'raise': 'Stack is locked.',
                                     'raise_type': 'OperationInProgress'}})
    cluster = conftest.make_cluster(ctx, status='DELETE_IN_PROGRESS')
    with pytest.raises(exception.OperationInProgress, match='locked'):
        driver.delete_cluster(ctx, cluster)
    assert driver.calls[-1]['op'] == 'delete'
    assert files.read_json_lines(paths['calls'])[-1]['cluster_uuid'] == \
        cluster.uuid
    # Nothing was started, so the in-progress cluster is not driven.
    report = poll(driver, ctx, cluster)[cluster.uuid]
    assert report.status == 'DELETE_COMPLETE'


def test_never_finish(driver, paths, ctx):
    set_behaviour(paths, {'create': {'never_finish': True, 'polls': 0}})
    cluster = created(driver, ctx)
    for _ in range(20):
        assert poll(driver, ctx, cluster)[cluster.uuid].status == \
            'CREATE_IN_PROGRESS'


def test_seconds_instead_of_polls(paths, ctx):
    clock = [1000.0]
    driver = fake.FakeDriver(clock=lambda: clock[0])
    set_behaviour(paths, {'create': {'seconds': 30}})
    cluster = created(driver, ctx)
    assert driver.calls[-1]['time'] == 1000.0
    clock[0] += 29
    assert poll(driver, ctx, cluster)[cluster.uuid].status == \
        'CREATE_IN_PROGRESS'
    clock[0] += 1
    assert poll(driver, ctx, cluster)[cluster.uuid].status == \
        'CREATE_COMPLETE'


def test_hold_until_keeps_the_call_until_the_file_exists(
        driver, paths, ctx, tmp_path):
    release = tmp_path / 'release'
    set_behaviour(paths, {'create': {'hold_until': str(release),
                                     'polls': 0}})
    cluster = conftest.make_cluster(ctx)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        call = pool.submit(driver.create_cluster, ctx, cluster, 60)
        # Recorded as soon as it is made, before the hold.
        while not files.read_json_lines(paths['calls']):
            assert not call.done(), call.exception()
            concurrent.futures.wait([call], timeout=0.01)
        assert not call.done()
        # Held: nothing started yet, so the driver has no operation.
        assert poll(driver, ctx, cluster)[cluster.uuid].status == \
            'CREATE_FAILED'
        release.touch()
        assert call.result(10) is None
    assert poll(driver, ctx, cluster)[cluster.uuid].status == \
        'CREATE_COMPLETE'


def test_hold_without_the_file_fails_the_call_after_its_timeout(
        driver, paths, ctx, tmp_path):
    set_behaviour(paths, {'delete': {'hold_until': str(tmp_path / 'never'),
                                     'hold_timeout': 0.05}})
    cluster = conftest.make_cluster(ctx, status='DELETE_IN_PROGRESS')
    with pytest.raises(behaviour.FakeDriverError, match='never appeared'):
        driver.delete_cluster(ctx, cluster)
    assert driver.calls[-1]['op'] == 'delete'


def test_behaviour_is_fixed_when_the_call_is_made(driver, paths, ctx):
    set_behaviour(paths, {'create': {'polls': 0}})
    cluster = created(driver, ctx)
    set_behaviour(paths, {'create': {'never_finish': True}})
    assert poll(driver, ctx, cluster)[cluster.uuid].status == \
        'CREATE_COMPLETE'


def test_many_clusters_in_one_answer(driver, paths, ctx):
    set_behaviour(paths, {'default': {'polls': 0}, 'clusters': {
        'slow': {'create': {'polls': 5}},
        'broken': {'create': {'outcome': 'FAILED', 'reason': 'quota'}}}})
    fast = created(driver, ctx, name='fast')
    slow = created(driver, ctx, name='slow')
    broken = created(driver, ctx, name='broken')
    idle = conftest.make_cluster(ctx, status='CREATE_COMPLETE')
    calls_before = len(driver.calls)

    reports = driver.update_cluster_status(ctx, [fast, slow, broken, idle])

    assert {u: r.status for u, r in reports.items()} == {
        fast.uuid: 'CREATE_COMPLETE', slow.uuid: 'CREATE_IN_PROGRESS',
        broken.uuid: 'CREATE_FAILED'}
    assert reports[broken.uuid].status_reason == 'quota'
    assert len({r.api_address for r in reports.values()} - {None}) == 1
    assert len(driver.calls) == calls_before + 1
    assert driver.calls[-1]['args']['clusters'] == [
        fast.uuid, slow.uuid, broken.uuid, idle.uuid]


def test_state_survives_a_new_driver_instance(driver, paths, ctx):
    set_behaviour(paths, {'create': {'polls': 2}})
    cluster = created(driver, ctx)
    assert poll(driver, ctx, cluster)[cluster.uuid].status == \
        'CREATE_IN_PROGRESS'
    assert os.path.exists(paths['state'])

    restarted = fake.FakeDriver()
    assert restarted.calls == []
    assert poll(restarted, ctx, cluster)[cluster.uuid].status == \
        'CREATE_IN_PROGRESS'
    done = poll(restarted, ctx, cluster)[cluster.uuid]
    assert done.status == 'CREATE_COMPLETE'
    # The old instance reads the same file: nothing is replayed.
    cluster.status = 'CREATE_IN_PROGRESS'
    assert poll(driver, ctx, cluster)[cluster.uuid] == done


def test_state_file_is_plain_json(driver, paths, ctx):
    cluster = created(driver, ctx)
    with open(paths['state']) as stream:
        saved = json.load(stream)
    assert saved['clusters'][cluster.uuid]['op']['name'] == 'create'


def test_explicit_state_file(conf, tmp_path, ctx):
    path = str(tmp_path / 'elsewhere.json')
    conf.config(group='fake_driver', state_file=path)
    driver = fake.FakeDriver()
    cluster = created(driver, ctx)
    assert cluster.uuid in files.read_json(path)['clusters']


def test_memory_only_without_files(conf, ctx):
    conf.config(group='fake_driver', behaviour_file=None, calls_file=None,
                state_file=None)
    driver = fake.FakeDriver()
    cluster = created(driver, ctx)
    poll(driver, ctx, cluster)
    assert poll(driver, ctx, cluster)[cluster.uuid].status == \
        'CREATE_COMPLETE'
    assert cluster.uuid in driver.store.read()['clusters']
    # Another instance has no memory of it.
    cluster.status = 'CREATE_IN_PROGRESS'
    report = poll(fake.FakeDriver(), ctx, cluster)[cluster.uuid]
    assert report.status == 'CREATE_FAILED'


def test_unknown_in_progress_clusters_are_reconciled(driver, ctx):
    creating = conftest.make_cluster(ctx, status='CREATE_IN_PROGRESS')
    updating = conftest.make_cluster(ctx, status='UPDATE_IN_PROGRESS')
    deleting = conftest.make_cluster(ctx, status='DELETE_IN_PROGRESS')
    reports = driver.update_cluster_status(ctx, [creating, updating,
                                                 deleting])
    assert reports[creating.uuid].status == 'CREATE_FAILED'
    assert 'no create operation' in reports[creating.uuid].status_reason
    assert reports[updating.uuid].status == 'UPDATE_FAILED'
    assert reports[deleting.uuid].status == 'DELETE_COMPLETE'
    assert {r.status for r in reports[deleting.uuid].nodegroups.values()} \
        == {'DELETE_COMPLETE'}


def test_finished_operation_does_not_answer_a_new_in_progress(
        driver, paths, ctx):
    set_behaviour(paths, {'default': {'polls': 0}})
    cluster = created(driver, ctx)
    poll(driver, ctx, cluster)
    cluster.status = 'UPDATE_IN_PROGRESS'   # set, but the call never came
    report = poll(driver, ctx, cluster)[cluster.uuid]
    assert report.status == 'UPDATE_FAILED'


def _complete(driver, ctx, cluster):
    report = None
    for _ in range(5):
        report = poll(driver, ctx, cluster)[cluster.uuid]
        if not report.status.endswith('_IN_PROGRESS'):
            return report
    raise AssertionError('did not finish: %s' % report)


def test_delete_removes_the_state(driver, paths, ctx):
    cluster = created(driver, ctx)
    _complete(driver, ctx, cluster)
    cluster.status = 'DELETE_IN_PROGRESS'
    driver.delete_cluster(ctx, cluster)
    report = _complete(driver, ctx, cluster)
    assert report.status == 'DELETE_COMPLETE'
    assert {r.status for r in report.nodegroups.values()} == {
        'DELETE_COMPLETE'}
    assert cluster.uuid not in files.read_json(paths['state'])['clusters']
    # Asked again (the conductor died before removing the rows).
    cluster.status = 'DELETE_IN_PROGRESS'
    assert poll(driver, ctx, cluster)[cluster.uuid].status == \
        'DELETE_COMPLETE'


def test_resize_keeps_addresses_and_removes_the_named_nodes(driver, ctx):
    cluster = created(driver, ctx, workers=3)
    before = _complete(driver, ctx, cluster)
    worker = cluster.default_ng_worker
    old = before.nodegroups[worker.uuid].node_addresses
    worker.node_count = 2
    cluster.status = 'UPDATE_IN_PROGRESS'
    driver.resize_cluster(ctx, cluster, None, 2, [old[0]], worker)
    report = _complete(driver, ctx, cluster)
    assert report.status == 'UPDATE_COMPLETE'
    assert report.nodegroups[worker.uuid].status == 'UPDATE_COMPLETE'
    assert report.nodegroups[worker.uuid].node_addresses == old[1:]
    master = cluster.default_ng_master
    assert report.nodegroups[master.uuid].status is None
    assert report.nodegroups[master.uuid].node_addresses == \
        before.nodegroups[master.uuid].node_addresses

    worker.node_count = 4
    cluster.status = 'UPDATE_IN_PROGRESS'
    driver.update_cluster(ctx, cluster)
    grown = _complete(driver, ctx, cluster).nodegroups[worker.uuid]
    assert grown.node_addresses[:2] == old[1:]
    assert len(set(grown.node_addresses)) == 4


def test_nodegroup_operations(driver, paths, ctx):
    cluster = created(driver, ctx)
    _complete(driver, ctx, cluster)
    extra = conftest.make_nodegroup(cluster.uuid, 'worker', name='gpu',
                                    is_default=False, node_count=2)
    cluster.nodegroups = cluster.nodegroups + [extra]
    cluster.status = 'UPDATE_IN_PROGRESS'
    driver.create_nodegroup(ctx, cluster, extra)
    uuid.UUID(extra.stack_id)
    report = _complete(driver, ctx, cluster)
    assert report.status == 'UPDATE_COMPLETE'
    assert report.nodegroups[extra.uuid].status == 'CREATE_COMPLETE'
    assert len(report.nodegroups[extra.uuid].node_addresses) == 2

    set_behaviour(paths, {'nodegroup_update': {
        'outcome': 'FAILED', 'reason': 'Flavor gone.', 'resource': 'gpu'}})
    cluster.status = 'UPDATE_IN_PROGRESS'
    driver.update_nodegroup(ctx, cluster, extra)
    report = _complete(driver, ctx, cluster)
    assert report.status == 'UPDATE_FAILED'
    assert report.status_reason == 'gpu failed: Flavor gone.'
    assert report.nodegroups[extra.uuid].status == 'UPDATE_FAILED'
    assert report.nodegroups[cluster.default_ng_master.uuid].status is None

    set_behaviour(paths, {})
    cluster.status = 'UPDATE_IN_PROGRESS'
    driver.delete_nodegroup(ctx, cluster, extra)
    report = _complete(driver, ctx, cluster)
    assert report.status == 'UPDATE_COMPLETE'
    assert report.nodegroups[extra.uuid].status == 'DELETE_COMPLETE'
    assert report.nodegroups[extra.uuid].node_addresses is None


def test_upgrade_reports_the_new_version(driver, ctx):
    cluster = created(driver, ctx)
    _complete(driver, ctx, cluster)
    template = conftest.make_template(labels={'kube_tag': 'v1.31.0'})
    cluster.status = 'UPDATE_IN_PROGRESS'
    driver.upgrade_cluster(ctx, cluster, template, 1,
                           cluster.default_ng_worker)
    report = _complete(driver, ctx, cluster)
    assert report.status == 'UPDATE_COMPLETE'
    assert report.coe_version == 'v1.31.0'
    [call] = [c for c in driver.calls if c['op'] == 'upgrade']
    assert call['nodegroup_name'] == 'default-worker'
    assert call['args'] == {
        'cluster_template': template.uuid, 'max_batch_size': 1,
        'rollback': False}


@pytest.mark.parametrize('coe, distro, scheme', [
    ('swarm-mode', 'fedora-coreos', 'tcp://'),
    ('mesos', 'ubuntu', 'http://'),
])
def test_api_address_follows_the_coe(driver, ctx, coe, distro, scheme):
    cluster = created(driver, ctx, template=conftest.make_template(
        coe=coe, cluster_distro=distro))
    report = _complete(driver, ctx, cluster)
    assert report.api_address.startswith(scheme + '192.0.2.')


def test_kube_tag_label_sets_the_version(driver, ctx):
    cluster = created(driver, ctx, labels={'kube_tag': 'v1.29.1'})
    assert _complete(driver, ctx, cluster).coe_version == 'v1.29.1'


def test_rotations_and_pre_delete_are_recorded(driver, paths, ctx):
    cluster = created(driver, ctx)
    _complete(driver, ctx, cluster)
    driver.rotate_credential(ctx, cluster)
    driver.pre_delete_cluster(ctx, cluster)
    cluster.status = 'UPDATE_IN_PROGRESS'
    driver.rotate_ca_certificate(ctx, cluster)
    assert _complete(driver, ctx, cluster).status == 'UPDATE_COMPLETE'
    ops = [call['op'] for call in files.read_json_lines(paths['calls'])]
    assert ops[0] == 'create'
    assert [op for op in ops if op != 'update_cluster_status'] == [
        'create', 'rotate_credential', 'pre_delete', 'rotate_ca']

    set_behaviour(paths, {'rotate_credential': {
        'raise': 'Credential rotation is not supported by driver.',
        'raise_type': 'NotSupported'}})
    with pytest.raises(exception.NotSupported):
        driver.rotate_credential(ctx, cluster)


def test_calls_file_lines(driver, paths, ctx):
    cluster = created(driver, ctx)
    [line] = files.read_json_lines(paths['calls'])
    assert line['op'] == 'create'
    assert line['cluster_name'] == cluster.name
    assert line['args'] == {'create_timeout': 60}
    assert line['pid'] == os.getpid()
    assert line == driver.calls[0]


def test_invalid_behaviour_fails_the_call(driver, paths, ctx):
    files.write_json(paths['behaviour'], {'create': {'pols': 1}})
    with pytest.raises(behaviour.InvalidBehaviour):
        created(driver, ctx)


def test_monitor_reports_configured_health(driver, paths, ctx):
    cluster = conftest.make_cluster(ctx, status='CREATE_COMPLETE')
    report = driver.get_monitor(ctx, cluster).poll_health_status()
    assert (report.status, report.reason) == ('HEALTHY', {'api': 'ok'})
    set_behaviour(paths, {'health': {'status': 'UNHEALTHY',
                                     'reason': {'api': 'timeout'}}})
    report = driver.get_monitor(ctx, cluster).poll_health_status()
    assert (report.status, report.reason) == ('UNHEALTHY', {'api': 'timeout'})


def test_node_addresses_are_distinct_and_valid():
    numbers = [1, 249, 250, 251, 63999, 64000, 10 ** 6]
    addresses = [fake._node_address(n) for n in numbers]
    assert len(set(addresses)) == len(numbers)
    for address in addresses:
        host = ipaddress.ip_address(address)
        assert host in ipaddress.ip_network('10.0.0.0/8')
        assert address.rsplit('.', 1)[1] not in ('0', '255')


def test_concurrent_instances_share_the_state_file(paths, ctx):
    """Conductor workers each have their own instance; none may lose
    another's cluster."""
    drivers = [fake.FakeDriver() for _ in range(4)]
    clusters = [conftest.make_cluster(ctx) for _ in range(40)]
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda i: drivers[i % 4].create_cluster(
            ctx, clusters[i], 60), range(40)))
    saved = files.read_json(paths['state'])['clusters']
    assert set(saved) == {c.uuid for c in clusters}
    assert len({entry['slot'] for entry in saved.values()}) == 40
    assert len(files.read_json_lines(paths['calls'])) == 40
