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

from magnum.drivers.common import driver as driver_base
from magnum.tests.unit.conductor.periodic import test_status_sync


def test_health_saved_from_the_fake_monitor(world, tasks, behaviour):
    behaviour({'health': {'status': 'UNHEALTHY', 'reason': {'api': 'down'}}})
    watched = world.cluster(status='CREATE_IN_PROGRESS', start=False)
    assert tasks.sync_health() == 1
    got = world.get(watched.uuid)
    assert got.health_status == 'UNHEALTHY'
    assert got.health_status_reason == {'api': 'down'}
    # Unchanged health is not written again.
    assert tasks.sync_health() == 0


def test_monitorless_driver_and_errors_are_skipped(world, tasks, drivers):
    class NoMonitor(test_status_sync._Nothing):
        pass

    class BrokenMonitor(test_status_sync._Nothing):
        def get_monitor(self, context, cluster):
            class Monitor(driver_base.Monitor):
                def poll_health_status(self):
                    raise RuntimeError('cannot reach the API')
            return Monitor()
    drivers({'nomonitor': NoMonitor, 'broken': BrokenMonitor})
    quiet = world.cluster(driver='nomonitor')
    broken = world.cluster(driver='broken')
    assert tasks.sync_health() == 0
    assert world.get(quiet.uuid).health_status is None
    assert world.get(broken.uuid).health_status is None


def test_health_skips_states_not_watched(world, tasks, behaviour):
    behaviour({'health': {'status': 'HEALTHY', 'reason': {'api': 'ok'}}})
    from magnum import objects
    cluster = world.cluster(start=False)
    objects.Cluster.dbapi.update_cluster(cluster.uuid,
                                         {'status': 'ROLLBACK_COMPLETE'})
    assert tasks.sync_health() == 0
