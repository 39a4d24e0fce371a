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

"""``magnum-conductor`` processes driven over RabbitMQ, on MariaDB.

The caller is ``magnum.conductor.api.API``, as in the REST API; the
conductors are real processes with the fake driver; status comes back
through their periodic status sync.
"""

import collections

from oslo_utils import uuidutils
import pytest

from magnum.common import context as magnum_context
from magnum.common import exception
from magnum.conductor import api as conductor_api
from magnum import objects
from magnum.objects import fields
from magnum.tests.functional.conductor.conftest import wait_for

S = fields.ClusterStatus

pytestmark = pytest.mark.parametrize('db_server', ['mysql'], indirect=True)


@pytest.fixture
def ctx():
    return magnum_context.make_context(
        project_id='project-f', user_id='user-f', roles=['member'],
        overwrite=False)


def _template(ctx):
    template = objects.ClusterTemplate(
        ctx, uuid=uuidutils.generate_uuid(), name='tpl',
        project_id=ctx.project_id, server_type='vm',
        cluster_distro='fedora-coreos', coe='kubernetes', driver='fake',
        image_id='fcos', flavor_id='m1.small', master_flavor_id='m1.small',
        labels={})
    template.create()
    return template


def _new_cluster(ctx, template, name):
    return objects.Cluster(
        ctx, uuid=uuidutils.generate_uuid(), name=name,
        project_id=ctx.project_id, user_id=ctx.user_id,
        cluster_template_id=template.uuid, labels={}, create_timeout=60,
        master_flavor_id='m1.small', flavor_id='m1.small')


def _ready(topic, host, ctx):
    def ping():
        try:
            return conductor_api.ListenerAPI(
                topic=topic, server=host, timeout=2).ping_conductor(ctx)
        except exception.ConductorUnavailable:
            return False
    wait_for(ping, timeout=40, interval=0.3, what='conductor %s' % host)


def _status(ctx, uuid):
    try:
        return objects.Cluster.get_by_uuid(ctx, uuid).status
    except exception.ClusterNotFound:
        return None


def test_create_and_delete_through_the_broker(conductors, api, ctx, topic):
    conductors.start('conductor-a')
    _ready(topic, 'conductor-a', ctx)
    template = _template(ctx)
    new = _new_cluster(ctx, template, 'e2e')
    api.cluster_create(ctx, new, 1, 2, 60)

    wait_for(lambda: _status(ctx, new.uuid) == S.CREATE_COMPLETE,
             what='CREATE_COMPLETE')
    cluster = objects.Cluster.get_by_uuid(ctx, new.uuid)
    assert [ng.name for ng in cluster.nodegroups] == [
        'default-master', 'default-worker']
    assert (cluster.master_count, cluster.node_count) == (1, 2)
    assert len(cluster.node_addresses) == 2 and cluster.api_address
    assert cluster.ca_cert_ref and cluster.magnum_cert_ref
    ca = api.get_ca_certificate(ctx, cluster)
    assert ca.pem.startswith('-----BEGIN CERTIFICATE-----')
    assert [c['cluster_uuid'] for c in conductors.calls('create')] == [
        new.uuid]

    api.cluster_delete(ctx, new.uuid)
    wait_for(lambda: _status(ctx, new.uuid) is None, what='row removed')
    assert [c['cluster_uuid'] for c in conductors.calls('delete')] == [
        new.uuid]


def test_failure_reason_reaches_the_cluster(conductors, api, ctx, topic):
    conductors.behave({'create': {'polls': 0, 'outcome': 'FAILED',
                                  'reason': 'No valid host was found.',
                                  'resource': 'kube_masters'}})
    conductors.start('conductor-a')
    _ready(topic, 'conductor-a', ctx)
    new = _new_cluster(ctx, _template(ctx), 'fails')
    api.cluster_create(ctx, new, 1, 1, 60)
    wait_for(lambda: _status(ctx, new.uuid) == S.CREATE_FAILED,
             what='CREATE_FAILED')
    cluster = objects.Cluster.get_by_uuid(ctx, new.uuid)
    assert 'No valid host was found.' in cluster.status_reason


def test_sigkill_mid_create_then_restart_finishes(conductors, api, ctx,
                                                  topic):
    conductors.behave({'create': {'seconds': 4}})
    conductors.start('conductor-a')
    _ready(topic, 'conductor-a', ctx)
    new = _new_cluster(ctx, _template(ctx), 'killed')
    api.cluster_create(ctx, new, 1, 1, 60)
    wait_for(lambda: conductors.calls('create'), what='driver create call')
    assert _status(ctx, new.uuid) == S.CREATE_IN_PROGRESS
    conductors.kill('conductor-a')
    assert _status(ctx, new.uuid) == S.CREATE_IN_PROGRESS

    conductors.start('conductor-a')
    wait_for(lambda: _status(ctx, new.uuid) in S.STABLE, timeout=40,
             what='a terminal state after the restart')
    assert _status(ctx, new.uuid) == S.CREATE_COMPLETE
    assert len(conductors.calls('create')) == 1


def test_two_conductors_drive_each_cluster_once(conductors, api, ctx,
                                                topic):
    conductors.start('conductor-a')
    conductors.start('conductor-b')
    _ready(topic, 'conductor-a', ctx)
    _ready(topic, 'conductor-b', ctx)
    template = _template(ctx)
    uuids = []
    for number in range(8):
        new = _new_cluster(ctx, template, 'pair-%d' % number)
        api.cluster_create(ctx, new, 1, 1, 60)
        uuids.append(new.uuid)
    wait_for(lambda: all(_status(ctx, u) == S.CREATE_COMPLETE
                         for u in uuids), timeout=60,
             what='every cluster CREATE_COMPLETE')

    creates = collections.Counter(c['cluster_uuid']
                                  for c in conductors.calls('create'))
    assert creates == {uuid: 1 for uuid in uuids}
    # Both conductors took work off the shared topic.
    assert len({c['pid'] for c in conductors.calls('create')}) == 2
    # Every status poll of a cluster came from one conductor only.
    pollers = collections.defaultdict(set)
    for call in conductors.calls('update_cluster_status'):
        for uuid in call['args']['clusters']:
            pollers[uuid].add(call['pid'])
    assert all(len(pids) == 1 for pids in pollers.values())


def test_sigterm_lets_the_conductor_exit_cleanly(conductors, api, ctx,
                                                 topic):
    conductors.start('conductor-a')
    _ready(topic, 'conductor-a', ctx)
    new = _new_cluster(ctx, _template(ctx), 'term')
    api.cluster_create(ctx, new, 1, 1, 60)
    wait_for(lambda: conductors.calls('create'), what='driver create call')
    assert conductors.stop('conductor-a') == 0
    from magnum.db import api as db_api
    assert db_api.get_instance().get_cluster_reservation(new.uuid) == (
        None, None)
