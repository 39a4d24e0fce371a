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

"""The conductor's periodic tasks, each in a thread of its own.

* heartbeat, every [conductor] heartbeat_interval seconds: upsert this
  host's magnum_service row and report it up (always runs: the other
  conductors build their hash ring from these rows);
* status sync, every [conductor] status_sync_interval seconds (see
  status_sync);
* health polling, every [kubernetes] health_polling_interval seconds
  (negative disables it, 0 means [DEFAULT] periodic_interval_max): the
  driver's monitor of each owned cluster in a state worth watching is
  asked for the cluster's health, which is saved when reported.

The status sync and health polling run only with [DEFAULT]
periodic_enable. A task's passes never overlap (one thread per task, and
a lock for passes started by hand); an exception ends the pass, is logged,
and the next pass runs on time. Intervals are read before every wait, so a
changed option applies from the next pass.
"""

import threading
import time

from oslo_log import log as logging

from magnum.common import context as magnum_context
from magnum.conductor import heartbeat
from magnum.conductor import notifications
from magnum.conductor import status_sync
import magnum.conf
from magnum.drivers.common import registry
from magnum import objects
from magnum.objects import fields

CONF = magnum.conf.CONF
LOG = logging.getLogger(__name__)
S = fields.ClusterStatus

# The states whose clusters' health is polled.
HEALTH_STATES = (S.CREATE_IN_PROGRESS, S.CREATE_FAILED, S.CREATE_COMPLETE,
                 S.UPDATE_IN_PROGRESS, S.UPDATE_COMPLETE, S.UPDATE_FAILED,
                 S.DELETE_IN_PROGRESS, S.DELETE_FAILED,
                 S.ROLLBACK_IN_PROGRESS)


def _heartbeat_interval():
    return CONF.conductor.heartbeat_interval


def _status_sync_interval():
    return CONF.conductor.status_sync_interval


def _health_interval():
    interval = CONF.kubernetes.health_polling_interval
    if interval is None or interval < 0:
        return None
    return interval or CONF.periodic_interval_max


def _periodic_enabled():
    return CONF.periodic_enable


def _health_enabled():
    return CONF.periodic_enable and _health_interval() is not None


class _Task:
    def __init__(self, name, interval, run, enabled=lambda: True):
        self.name = name
        self.interval = interval    # callable: seconds, or None to stop
        self.run = run
        self.enabled = enabled
        self.lock = threading.Lock()
        self.thread = None

    def run_once(self):
        with self.lock:
            return self.run()


class PeriodicTasks:
    """The periodic tasks of the conductor host.

    start() launches one thread per task, stop() asks them to end
    after their current pass, wait() joins them. heartbeat(),
    sync_status() and sync_health() run one pass in the calling
    thread.
    """

    def __init__(self, host, context=None):
        self.host = host
        self.context = context or magnum_context.make_admin_context(
            all_tenants=True)
        self.status_sync = status_sync.StatusSync(host, self.context)
        self._stopping = threading.Event()
        self._tasks = {
            'heartbeat': _Task('heartbeat', _heartbeat_interval,
                               self._heartbeat),
            'status-sync': _Task('status-sync', _status_sync_interval,
                                 self.status_sync.run, _periodic_enabled),
            'health': _Task('health', _health_interval, self._sync_health,
                            _health_enabled),
        }

    # -- one pass each ------------------------------------------------------

    def heartbeat(self):
        return self._tasks['heartbeat'].run_once()

    def sync_status(self):
        return self._tasks['status-sync'].run_once()

    def sync_health(self):
        return self._tasks['health'].run_once()

    def _heartbeat(self):
        return heartbeat.report_up(self.context, self.host)

    def _sync_health(self):
        """Returns how many clusters got a new health status."""
        ring, _ = self.status_sync.ring()
        if ring is None:
            return 0
        clusters = [c for c in objects.Cluster.list(
            self.context, filters={'status': list(HEALTH_STATES)})
            if ring.owns(self.host, c.uuid)]
        saved = 0
        for cluster in clusters:
            try:
                saved += self._poll_health(cluster)
            except Exception:
                LOG.exception('Health check of cluster %s failed',
                              cluster.uuid)
        return saved

    def _poll_health(self, cluster):
        driver = registry.get_driver_for_cluster(self.context, cluster)
        monitor = driver.get_monitor(self.context, cluster)
        if monitor is None:
            return 0
        report = monitor.poll_health_status()
        if report is None or not report.status:
            return 0
        reason = {str(k): str(v) for k, v in (report.reason or {}).items()}
        if (cluster.health_status == report.status
                and (cluster.health_status_reason or {}) == reason):
            return 0
        cluster.health_status = report.status
        cluster.health_status_reason = reason
        cluster.save()
        return 1

    # -- threads -------------------------------------------------------------

    def _enabled(self):
        return [task for task in self._tasks.values() if task.enabled()]

    def start(self):
        """Start the task threads (once)."""
        if any(task.thread is not None for task in self._tasks.values()):
            return
        self._stopping.clear()
        for task in self._enabled():
            task.thread = threading.Thread(
                target=self._loop, args=(task,), daemon=True,
                name='magnum-periodic-%s' % task.name)
            task.thread.start()

    def _loop(self, task):
        while not self._stopping.is_set():
            started = time.monotonic()
            try:
                task.run_once()
            except Exception:
                LOG.exception('Periodic task %s failed; it runs again at '
                              'its next interval', task.name)
            interval = task.interval()
            if interval is None:
                return
            delay = max(0.0, interval - (time.monotonic() - started))
            if self._stopping.wait(delay):
                return

    def stop(self):
        """Ask every task to end; a pass under way finishes first."""
        self._stopping.set()

    def wait(self, timeout=None):
        """Join the task threads (after ``stop``), then give the queued
        notifications ``timeout`` seconds (5 if unset) to go out."""
        for task in self._tasks.values():
            # Read once: another thread may be waiting too and clear it.
            thread = task.thread
            if thread is not None:
                thread.join(timeout)
                if not thread.is_alive():
                    task.thread = None
        notifications.flush(5 if timeout is None else timeout)

    @property
    def running(self):
        return any(task.thread is not None and task.thread.is_alive()
                   for task in self._tasks.values())
