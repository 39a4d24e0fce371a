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

"""The status sync's terminal notification describes the cluster as
written: the cluster values and the nodegroup addresses and counts the
same pass stored."""

from magnum.conductor import notifications
from magnum.tests.unit.conductor.periodic.test_status_sync import scripted  # noqa: F401
from magnum.tests.unit.conductor import test_notifications

listener = test_notifications.listener


def test_success_payload_carries_what_the_pass_wrote(world, tasks, listener,  # noqa: F811
                                                     scripted):  # noqa: F811
    from magnum.drivers.common import driver as driver_base

    cluster = world.cluster(driver='scripted', masters=1, workers=2)
    master = [ng for ng in cluster.nodegroups if ng.role == 'master'][0]
    worker = [ng for ng in cluster.nodegroups if ng.role == 'worker'][0]

    def report(c):
        return driver_base.StatusReport(
            cluster_uuid=c.uuid, status='CREATE_COMPLETE',
            api_address='https://192.0.2.9:6443',
            nodegroups={
                master.uuid: driver_base.NodeGroupReport(
                    status='CREATE_COMPLETE', node_addresses=['10.1.0.1']),
                worker.uuid: driver_base.NodeGroupReport(
                    status='CREATE_COMPLETE', node_count=3,
                    node_addresses=['10.1.0.2', '10.1.0.3', '10.1.0.4'])})
    scripted.script[cluster.uuid] = report

    assert tasks.sync_status().notified == 1
    assert notifications.flush(10)
    priority, publisher, event_type, payload = listener.get(timeout=10)
    assert (priority, event_type, payload['outcome']) == (
        'info', 'magnum.cluster.create', 'success')
    data = payload['target']['attachments'][0]['content']
    assert data['status'] == 'CREATE_COMPLETE'
    assert data['api_address'] == 'https://192.0.2.9:6443'
    assert data['master_addresses'] == ['10.1.0.1']
    assert data['node_addresses'] == ['10.1.0.2', '10.1.0.3', '10.1.0.4']
    assert (data['master_count'], data['node_count']) == (1, 3)
    stored = world.get(cluster.uuid)
    assert stored.node_addresses == data['node_addresses']
    assert stored.node_count == 3
