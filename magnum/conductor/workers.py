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

"""The bounded pool the long part of every workflow runs in.

A workflow first ``claim``s a slot, before it changes anything: when all
``[conductor] worker_pool_size`` slots are taken, ``claim`` raises
``ConductorBusy`` (HTTP 503) instead of queueing, at once or after waiting
a bounded time for a slot to free up (``claim(wait=...)``: what casts do,
whose callers cannot be told to retry). The claimed
``Slot`` then either ``run``s one function in the pool (the slot is freed
when it returns) or is ``give_back``-ed unused.
"""

import threading

import futurist
from oslo_log import log as logging

from magnum.common import exception
import magnum.conf

CONF = magnum.conf.CONF
LOG = logging.getLogger(__name__)


class Slot:
    """The right to run one function in the pool."""

    def __init__(self, pool):
        self._pool = pool
        self._used = False

    def run(self, func, *args, **kwargs):
        """Start ``func`` in the pool; returns its future."""
        if self._used:
            raise RuntimeError('a worker slot runs one function only')
        self._used = True
        return self._pool._submit(func, args, kwargs)

    def give_back(self):
        """Free the slot without running anything."""
        if not self._used:
            self._used = True
            self._pool._free()


class WorkerPool:
    """A fixed number of threads, and never more work than threads."""

    def __init__(self, size=None):
        self.size = size or CONF.conductor.worker_pool_size
        self._slots = threading.BoundedSemaphore(self.size)
        self._executor = futurist.ThreadPoolExecutor(max_workers=self.size)
        self._lock = threading.Lock()
        self._running = 0
        self._idle = threading.Condition(self._lock)
        self._closed = False

    @property
    def running(self):
        """Slots claimed right now."""
        with self._lock:
            return self._running

    def claim(self, wait=0):
        """A free ``Slot``; ``ConductorBusy`` if none frees up within
        ``wait`` seconds (none at all: refuse at once)."""
        with self._lock:
            if self._closed:
                raise exception.ConductorBusy(size=self.size)
        if wait > 0:
            acquired = self._slots.acquire(timeout=wait)
        else:
            acquired = self._slots.acquire(blocking=False)
        if not acquired:
            raise exception.ConductorBusy(size=self.size)
        with self._lock:
            if self._closed:  # shut down while this claim waited
                self._slots.release()
                raise exception.ConductorBusy(size=self.size)
            self._running += 1
        return Slot(self)

    def _free(self):
        with self._lock:
            self._running -= 1
            self._idle.notify_all()
        self._slots.release()

    def _submit(self, func, args, kwargs):
        def _work():
            try:
                return func(*args, **kwargs)
            except Exception:
                LOG.exception('Workflow step %s failed unexpectedly',
                              getattr(func, '__qualname__', func))
                raise
            finally:
                self._free()
        try:
            return self._executor.submit(_work)
        except Exception:
            self._free()
            raise

    def wait_idle(self, timeout=None):
        """Block until nothing runs, at most ``timeout`` seconds; ``True``
        if the pool went idle."""
        with self._lock:
            return self._idle.wait_for(lambda: self._running == 0, timeout)

    def shutdown(self, timeout=None):
        """Refuse new work, let running work finish for up to ``timeout``
        seconds; ``True`` if all of it did."""
        with self._lock:
            self._closed = True
        idle = self.wait_idle(timeout)
        # Our own accounting says whether work runs; the executor's idle
        # threads leave on their own (waiting for them costs a second).
        self._executor.shutdown(wait=False)
        return idle
