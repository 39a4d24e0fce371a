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

"""Stack statuses -> cluster and nodegroup statuses (pure mapping)."""

import pytest

from magnum.drivers.heat import status as hs
from magnum.tests.unit.drivers.conftest import make_cluster
from magnum.tests.unit.drivers.conftest import make_nodegroup

S = hs.S
STACK = 'aaaaaaaa-0000-0000-0000-000000000001'
NG_STACK = 'bbbbbbbb-0000-0000-0000-000000000002'


def cluster_in(ctx, status, stack_id=STACK):
    cluster = make_cluster(ctx, status=status, stack_id=stack_id)
    for ng in cluster.nodegroups:
        ng.status = status
        ng.stack_id = stack_id
        ng.status_reason = None
    return cluster


def listed(stack_id, status, reason='r'):
    return {stack_id: {'id': stack_id, 'stack_status': status,
                       'stack_status_reason': reason}}


def add_extra_ng(cluster, status, stack_id=NG_STACK):
    ng = make_nodegroup(cluster.uuid, 'worker', name='extra',
                        is_default=False, status=status, stack_id=stack_id)
    cluster.nodegroups = list(cluster.nodegroups) + [ng]
    return ng


@pytest.mark.parametrize('stack_status', [
    S.CREATE_COMPLETE, S.CREATE_FAILED, S.CREATE_IN_PROGRESS])
def test_default_only_cluster_follows_its_stack(ctx, stack_status):
    cluster = cluster_in(ctx, S.CREATE_IN_PROGRESS)
    mapping = hs.map_cluster(cluster, listed(STACK, stack_status))
    if stack_status == S.CREATE_IN_PROGRESS:
        assert not mapping.changed
        return
    assert mapping.status == stack_status
    assert {s for s, _ in mapping.nodegroups.values()} == {stack_status}


def test_complete_asks_for_outputs_once_for_the_shared_stack(ctx):
    cluster = cluster_in(ctx, S.CREATE_IN_PROGRESS)
    mapping = hs.map_cluster(cluster, listed(STACK, S.CREATE_COMPLETE))
    assert mapping.complete_stacks == [STACK]
    assert mapping.failed_stacks == []


def test_failed_asks_for_failed_resources_and_names_nodegroups(ctx):
    cluster = cluster_in(ctx, S.CREATE_IN_PROGRESS)
    mapping = hs.map_cluster(cluster,
                             listed(STACK, S.CREATE_FAILED, 'boom'))
    assert mapping.failed_stacks == [STACK]
    assert 'default-master failed: boom' in mapping.status_reason


@pytest.mark.parametrize('current,expected', [
    (S.DELETE_IN_PROGRESS, S.DELETE_COMPLETE),
    (S.CREATE_IN_PROGRESS, S.CREATE_FAILED),
    (S.UPDATE_IN_PROGRESS, S.UPDATE_FAILED),
])
def test_stack_missing(ctx, current, expected):
    cluster = cluster_in(ctx, current)
    mapping = hs.map_cluster(cluster, {})
    assert mapping.status == expected
    if expected.endswith('FAILED'):
        assert ('Stack with id %s not found in Heat.' % STACK
                in mapping.status_reason)


def test_stack_listed_as_deleted_counts_as_gone(ctx):
    cluster = cluster_in(ctx, S.DELETE_IN_PROGRESS)
    mapping = hs.map_cluster(cluster, listed(STACK, S.DELETE_COMPLETE))
    assert mapping.status == S.DELETE_COMPLETE


def test_cluster_without_stack_being_deleted_completes(ctx):
    cluster = cluster_in(ctx, S.DELETE_IN_PROGRESS, stack_id=None)
    assert hs.map_cluster(cluster, {}).status == S.DELETE_COMPLETE


def test_cluster_without_stack_being_created_has_no_news(ctx):
    cluster = cluster_in(ctx, S.CREATE_IN_PROGRESS, stack_id=None)
    assert not hs.map_cluster(cluster, {}).changed


def test_delete_failed_goes_to_retry_policy(ctx):
    cluster = cluster_in(ctx, S.DELETE_IN_PROGRESS)
    mapping = hs.map_cluster(cluster, listed(STACK, S.DELETE_FAILED))
    assert mapping.status == S.DELETE_FAILED
    assert mapping.delete_failed_stacks == [STACK]
    assert mapping.failed_stacks == []


def test_unknown_heat_status_is_no_news(ctx):
    cluster = cluster_in(ctx, S.UPDATE_IN_PROGRESS)
    assert not hs.map_cluster(
        cluster, listed(STACK, 'SUSPEND_COMPLETE')).changed


def test_update_of_default_worker_completes(ctx):
    cluster = cluster_in(ctx, S.UPDATE_IN_PROGRESS)
    mapping = hs.map_cluster(cluster, listed(STACK, S.UPDATE_COMPLETE))
    assert mapping.status == S.UPDATE_COMPLETE
    assert mapping.complete_stacks == [STACK]


def test_extra_nodegroup_in_progress_keeps_cluster_updating(ctx):
    cluster = cluster_in(ctx, S.UPDATE_IN_PROGRESS)
    for ng in cluster.nodegroups:
        ng.status = S.CREATE_COMPLETE
    extra = add_extra_ng(cluster, S.CREATE_IN_PROGRESS)
    stacks = {**listed(STACK, S.CREATE_COMPLETE),
              **listed(NG_STACK, S.CREATE_IN_PROGRESS)}
    mapping = hs.map_cluster(cluster, stacks)
    assert mapping.status is None          # still UPDATE_IN_PROGRESS
    assert extra.uuid not in mapping.nodegroups


def test_extra_nodegroup_created_gives_update_complete(ctx):
    cluster = cluster_in(ctx, S.UPDATE_IN_PROGRESS)
    for ng in cluster.nodegroups:
        ng.status = S.CREATE_COMPLETE
    extra = add_extra_ng(cluster, S.CREATE_IN_PROGRESS)
    stacks = {**listed(STACK, S.CREATE_COMPLETE),
              **listed(NG_STACK, S.CREATE_COMPLETE)}
    mapping = hs.map_cluster(cluster, stacks)
    assert mapping.status == S.UPDATE_COMPLETE
    assert mapping.nodegroups == {extra.uuid: (S.CREATE_COMPLETE, 'r')}
    assert mapping.complete_stacks == [NG_STACK]


def test_extra_nodegroup_failure_fails_cluster_update(ctx):
    cluster = cluster_in(ctx, S.UPDATE_IN_PROGRESS)
    for ng in cluster.nodegroups:
        ng.status = S.CREATE_COMPLETE
    add_extra_ng(cluster, S.CREATE_IN_PROGRESS)
    stacks = {**listed(STACK, S.CREATE_COMPLETE),
              **listed(NG_STACK, S.CREATE_FAILED, 'no host')}
    mapping = hs.map_cluster(cluster, stacks)
    assert mapping.status == S.UPDATE_FAILED
    assert mapping.status_reason == 'extra failed: no host'
    assert mapping.failed_stacks == [NG_STACK]


def test_extra_nodegroup_deleted(ctx):
    cluster = cluster_in(ctx, S.UPDATE_IN_PROGRESS)
    for ng in cluster.nodegroups:
        ng.status = S.CREATE_COMPLETE
    extra = add_extra_ng(cluster, S.DELETE_IN_PROGRESS)
    mapping = hs.map_cluster(cluster, listed(STACK, S.CREATE_COMPLETE))
    assert mapping.nodegroups[extra.uuid] == (S.DELETE_COMPLETE, None)
    assert mapping.status == S.UPDATE_COMPLETE


def test_whole_cluster_delete_with_extra_nodegroup(ctx):
    cluster = cluster_in(ctx, S.DELETE_IN_PROGRESS)
    add_extra_ng(cluster, S.DELETE_IN_PROGRESS)
    mapping = hs.map_cluster(cluster, listed(NG_STACK, S.DELETE_IN_PROGRESS))
    # the cluster stack is gone, the nodegroup's is still being deleted
    assert mapping.status is None
    mapping = hs.map_cluster(cluster, {})
    assert mapping.status == S.DELETE_COMPLETE


def test_stack_ids_are_distinct_and_include_nodegroup_stacks(ctx):
    one = cluster_in(ctx, S.CREATE_IN_PROGRESS)
    add_extra_ng(one, S.CREATE_IN_PROGRESS)
    two = cluster_in(ctx, S.DELETE_IN_PROGRESS, stack_id='s2')
    three = cluster_in(ctx, S.CREATE_IN_PROGRESS, stack_id=None)
    assert hs.stack_ids([one, two, three]) == [STACK, NG_STACK, 's2']


def test_aggregate_rules():
    assert hs.aggregate(S.CREATE_IN_PROGRESS, S.CREATE_COMPLETE,
                        [S.CREATE_COMPLETE], True) == S.CREATE_COMPLETE
    assert hs.aggregate(S.UPDATE_IN_PROGRESS, S.CREATE_COMPLETE,
                        [S.CREATE_COMPLETE], True) == S.UPDATE_COMPLETE
    assert hs.aggregate(S.DELETE_IN_PROGRESS, S.DELETE_IN_PROGRESS,
                        [S.DELETE_IN_PROGRESS, S.DELETE_FAILED],
                        False) == S.DELETE_IN_PROGRESS
    assert hs.aggregate(S.DELETE_IN_PROGRESS, S.DELETE_COMPLETE,
                        [S.DELETE_COMPLETE, S.DELETE_FAILED],
                        False) == S.DELETE_FAILED


# --- failed resources ----------------------------------------------------------

def resource(name, status, reason, physical_id, stack_id):
    return {'resource_name': name, 'resource_status': status,
            'resource_status_reason': reason,
            'physical_resource_id': physical_id,
            'links': [{'rel': 'self', 'href': 'x'},
                      {'rel': 'stack',
                       'href': 'http://heat/v1/p/stacks/n/%s' % stack_id}]}


def test_failed_resource_faults_keep_the_deepest_failure():
    resources = [
        resource('minions', 'CREATE_FAILED', 'group failed', 'group-stack',
                 'top'),
        resource('0', 'CREATE_FAILED', 'member failed', 'member-stack',
                 'group-stack'),
        resource('minion_server', 'CREATE_FAILED',
                 'ResourceInError: Went to status ERROR due to "No valid '
                 'host"', 'server-id', 'member-stack'),
        resource('minion_port', 'CREATE_COMPLETE', '', 'port', 'member-stack'),
        resource('api_lb', 'CREATE_FAILED', 'quota', 'lb-id', 'top'),
    ]
    faults = hs.failed_resource_faults(resources)
    assert faults == {
        'minion_server': 'ResourceInError: Went to status ERROR due to "No '
                         'valid host"',
        'api_lb': 'quota'}
    assert hs.faults_reason(faults).startswith('api_lb: quota; minion_server:')


def test_failed_resource_faults_empty():
    assert hs.failed_resource_faults([]) == {}
