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

"""RSA private keys generated ahead of time, off the cluster create path.

A cluster create needs five RSA keys; generating them takes about half a
second of CPU. The process keeps up to ``[x509] key_pool_size`` keys of
``[x509] rsa_key_size`` bits ready, made by one background daemon thread
that refills the pool whenever a key is taken. ``private_key(size)`` hands
out a pooled key of that size, each at most once, or generates one on the
spot when the pool is empty, disabled (size 0) or holds another size.

Keys of a size no longer configured are dropped, never handed out. A
forked child (oslo.service's worker processes) starts from an empty pool:
the parent's keys stay the parent's.
"""

import collections
import os
import threading
import weakref

from cryptography.hazmat.primitives.asymmetric import rsa
from oslo_log import log as logging

import magnum.conf

CONF = magnum.conf.CONF
LOG = logging.getLogger(__name__)

PUBLIC_EXPONENT = 65537

# The refill thread runs at this niceness (Linux applies it to the thread
# alone) so that requests being served keep the CPU first.
REFILL_NICENESS = 10


def generate(key_size):
    """A new RSA private key, made now."""
    return rsa.generate_private_key(public_exponent=PUBLIC_EXPONENT,
                                    key_size=key_size)


class KeyPool:
    """A bounded stock of RSA keys of one size, refilled by a thread.

    ``capacity`` and ``key_size`` are callables read on every use, so a
    changed configuration takes effect without a restart.
    """

    def __init__(self, capacity, key_size, generate_key=generate):
        self._capacity = capacity
        self._key_size = key_size
        self._generate = generate_key
        self._reset()
        if hasattr(os, 'register_at_fork'):
            # The parent's refill thread may hold the lock at the fork.
            os.register_at_fork(
                after_in_child=_call_if_alive(weakref.WeakMethod(self._reset)))

    def _reset(self):
        self._cond = threading.Condition()
        self._keys = collections.deque()
        self._stock_size = None
        self._thread = None
        self._pid = os.getpid()
        self._stopping = False

    # --- taking -------------------------------------------------------------

    def take(self, key_size):
        """A key of ``key_size`` bits nobody else got; made inline when
        the pool has none to give."""
        key = self._pop(key_size)
        if key is None:
            key = self._generate(key_size)
        return key

    def _pop(self, key_size):
        with self._cond:
            self._forget_if_forked()
            capacity, wanted = self._sync_locked()
            if capacity <= 0 or key_size != wanted:
                return None
            self._start_locked()
            key = self._keys.popleft() if self._keys else None
            self._cond.notify_all()
            return key

    def stock(self):
        """How many keys are ready (for tests and diagnostics)."""
        with self._cond:
            self._forget_if_forked()
            return len(self._keys)

    # --- the refill thread --------------------------------------------------

    def start(self):
        """Start refilling now (conductor start) instead of at first use.
        Does nothing when the pool is disabled."""
        with self._cond:
            self._forget_if_forked()
            if self._target()[0] > 0:
                self._start_locked()

    def stop(self, timeout=None):
        """Stop the refill thread (after the key it is making, if any)."""
        with self._cond:
            thread = self._thread
            self._stopping = True
            self._cond.notify_all()
        if thread is not None:
            thread.join(timeout)
        with self._cond:
            if self._thread is thread:
                self._thread = None
            self._stopping = False

    def wait_for_stock(self, count, timeout):
        """True once ``count`` keys are ready, False after ``timeout``
        seconds."""
        with self._cond:
            return self._cond.wait_for(lambda: len(self._keys) >= count,
                                       timeout)

    def _target(self):
        return max(int(self._capacity() or 0), 0), int(self._key_size())

    def _sync_locked(self):
        """``(capacity, key size)`` wanted now; drops the keys of another
        size and those beyond the capacity."""
        capacity, wanted = self._target()
        if self._stock_size != wanted:
            self._keys.clear()
            self._stock_size = wanted
        while len(self._keys) > capacity:
            self._keys.pop()
        return capacity, wanted

    def _forget_if_forked(self):
        # Without os.register_at_fork: at least never share the parent's
        # keys.
        if self._pid != os.getpid():
            self._keys.clear()
            self._thread = None
            self._pid = os.getpid()

    def _start_locked(self):
        if self._thread is not None and self._thread.is_alive():
            return
        self._stopping = False
        self._thread = threading.Thread(target=self._refill,
                                        name='x509-key-pool', daemon=True)
        self._thread.start()

    def _needs_key(self):
        """The size of the next key to make, or None when full; drops keys
        of a size no longer wanted."""
        capacity, wanted = self._sync_locked()
        return wanted if len(self._keys) < capacity else None

    def _refill(self):
        _lower_thread_priority()
        me = threading.current_thread()
        while True:
            with self._cond:
                # A thread replaced after a fork or a stop must end.
                key_size = None
                while not self._stopping and self._thread is me:
                    key_size = self._needs_key()
                    if key_size is not None:
                        break
                    self._cond.wait()
                if self._stopping or self._thread is not me:
                    return
            try:
                key = self._generate(key_size)
            except Exception:
                LOG.exception('Generating a pooled RSA key failed; keys are '
                              'made on demand until the next take')
                with self._cond:
                    if self._thread is me:
                        self._thread = None
                return
            with self._cond:
                capacity, wanted = self._sync_locked()
                if wanted == key_size and len(self._keys) < capacity:
                    self._keys.append(key)
                    self._cond.notify_all()


def _call_if_alive(weak_method):
    def call():
        method = weak_method()
        if method is not None:
            method()
    return call


def _lower_thread_priority():
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(),
                       REFILL_NICENESS)
    except (AttributeError, OSError):
        pass


_pool = KeyPool(capacity=lambda: CONF.x509.key_pool_size,
                key_size=lambda: CONF.x509.rsa_key_size)


def private_key(key_size=None):
    """An RSA key of ``key_size`` bits (default ``[x509] rsa_key_size``),
    from the process's pool when it has one of that size."""
    return _pool.take(key_size or CONF.x509.rsa_key_size)


def start():
    """Start filling the process's pool (call in the conductor process)."""
    _pool.start()


def pool():
    """The process's pool."""
    return _pool
