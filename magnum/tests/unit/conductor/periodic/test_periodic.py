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

import threading
import time

from magnum.conductor import periodic
from magnum import objects
from magnum.tests.unit.conductor.periodic import conftest


def _wait_for(condition, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def test_threads_run_the_tasks_and_stop_cleanly(db, conf, world):
    conf.config(group='conductor', heartbeat_interval=1,
                status_sync_interval=1)
    conf.config(group='kubernetes', health_polling_interval=-1)
    cluster = world.cluster()
    tasks = periodic.PeriodicTasks(conftest.HOST)
    tasks.start()
    try:
        assert _wait_for(lambda: world.get(cluster.uuid).status
                         == 'CREATE_COMPLETE')
        names = {t.name for t in threading.enumerate()}
        assert 'magnum-periodic-heartbeat' in names
        assert 'magnum-periodic-status-sync' in names
        assert 'magnum-periodic-health' not in names
    finally:
        tasks.stop()
        tasks.wait(10)
    assert not tasks.running


def test_periodic_enable_false_keeps_only_the_heartbeat(db, conf):
    conf.config(periodic_enable=False)
    tasks = periodic.PeriodicTasks(conftest.HOST)
    tasks.start()
    try:
        assert _wait_for(lambda: objects.MagnumService.get_by_host_and_binary(
            None, conftest.HOST, 'magnum-conductor') is not None)
        names = {t.name for t in threading.enumerate()}
        assert 'magnum-periodic-status-sync' not in names
    finally:
        tasks.stop()
        tasks.wait(10)


def test_a_failing_pass_is_logged_and_the_next_runs(db, conf, caplog):
    tasks = periodic.PeriodicTasks(conftest.HOST)
    runs = []

    def flaky():
        runs.append(len(runs))
        if len(runs) == 1:
            raise RuntimeError('first pass breaks')
        if len(runs) >= 3:
            tasks.stop()
    tasks._tasks = {'flaky': periodic._Task('flaky', lambda: 0, flaky)}
    tasks.start()
    tasks.wait(10)
    assert runs == [0, 1, 2]
    assert 'Periodic task flaky failed' in caplog.text


def test_stop_interrupts_the_wait_between_passes(db, conf):
    conf.config(group='conductor', heartbeat_interval=3600)
    tasks = periodic.PeriodicTasks(conftest.HOST)
    tasks._tasks = {'heartbeat': tasks._tasks['heartbeat']}
    tasks.start()
    assert _wait_for(lambda: objects.MagnumService.get_by_host_and_binary(
        None, conftest.HOST, 'magnum-conductor') is not None)
    started = time.monotonic()
    tasks.stop()
    tasks.wait(10)
    assert time.monotonic() - started < 5
    assert not tasks.running
