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

"""The pool of pre-generated RSA keys: real keys, a real refill thread."""

import os
import threading

from cryptography.hazmat.primitives import serialization
import pytest

from magnum.common.x509 import key_pool
from magnum.common.x509 import operations

DEADLINE = 60


class Settings:
    """What the pool reads from ``[x509]``, changeable by a test."""

    def __init__(self, capacity, key_size=2048):
        self.capacity = capacity
        self.key_size = key_size


class CountingGenerator:
    """Real key generation that counts the keys it made per thread."""

    def __init__(self):
        self.lock = threading.Lock()
        self.by_thread = {}

    def __call__(self, key_size):
        key = key_pool.generate(key_size)
        with self.lock:
            name = threading.current_thread().name
            self.by_thread[name] = self.by_thread.get(name, 0) + 1
        return key

    def inline(self):
        return self.by_thread.get(threading.current_thread().name, 0)


@pytest.fixture
def make_pool():
    pools = []

    def make(capacity, key_size=2048):
        settings = Settings(capacity, key_size)
        generator = CountingGenerator()
        pool = key_pool.KeyPool(lambda: settings.capacity,
                                lambda: settings.key_size,
                                generate_key=generator)
        pools.append(pool)
        return pool, settings, generator
    yield make
    for pool in pools:
        pool.stop(timeout=DEADLINE)


def der(key):
    return key.private_bytes(serialization.Encoding.DER,
                             serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def test_started_pool_fills_up_to_its_size(make_pool):
    pool, _, generator = make_pool(3)
    pool.start()
    assert pool.wait_for_stock(3, DEADLINE)
    assert pool.stock() == 3
    # Full: the thread waits instead of making more.
    assert not pool.wait_for_stock(4, 0.2)
    assert generator.by_thread == {'x509-key-pool': 3}


def test_keys_come_from_the_pool_and_are_never_handed_out_twice(make_pool):
    pool, _, generator = make_pool(4)
    pool.start()
    assert pool.wait_for_stock(4, DEADLINE)
    keys = [pool.take(2048) for _ in range(4)]
    assert generator.inline() == 0
    assert len({der(key) for key in keys}) == 4
    assert all(key.key_size == 2048 for key in keys)


def test_taken_keys_are_replaced(make_pool):
    pool, _, _ = make_pool(2)
    pool.start()
    assert pool.wait_for_stock(2, DEADLINE)
    first = der(pool.take(2048))
    assert pool.wait_for_stock(2, DEADLINE)
    rest = {der(pool.take(2048)) for _ in range(2)}
    assert first not in rest and len(rest) == 2


def test_empty_pool_generates_inline_and_starts_refilling(make_pool):
    pool, _, generator = make_pool(2)
    key = pool.take(2048)
    assert key.key_size == 2048
    assert generator.inline() == 1
    assert pool.wait_for_stock(2, DEADLINE)


def test_concurrent_takers_never_share_a_key(make_pool):
    pool, _, _ = make_pool(6)
    pool.start()
    assert pool.wait_for_stock(6, DEADLINE)
    taken, lock = [], threading.Lock()

    def taker():
        for _ in range(3):
            key = der(pool.take(2048))
            with lock:
                taken.append(key)

    threads = [threading.Thread(target=taker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(DEADLINE)
    assert len(taken) == 9
    assert len(set(taken)) == 9


def test_size_zero_disables_the_pool(make_pool):
    pool, _, generator = make_pool(0)
    pool.start()
    key = pool.take(2048)
    assert key.key_size == 2048
    assert generator.inline() == 1
    assert pool.stock() == 0
    assert 'x509-key-pool' not in generator.by_thread


def test_shrinking_the_pool_drops_extra_keys(make_pool):
    pool, settings, _ = make_pool(3)
    pool.start()
    assert pool.wait_for_stock(3, DEADLINE)
    settings.capacity = 1
    pool.take(2048)
    assert pool.stock() <= 1


def test_key_size_change_never_hands_out_old_size(make_pool):
    pool, settings, generator = make_pool(2)
    pool.start()
    assert pool.wait_for_stock(2, DEADLINE)
    settings.key_size = 3072
    key = pool.take(3072)
    assert key.key_size == 3072
    assert generator.inline() == 1
    # The refill thread now makes keys of the new size only.
    assert pool.wait_for_stock(2, DEADLINE)
    keys = [pool.take(3072) for _ in range(2)]
    assert [k.key_size for k in keys] == [3072, 3072]
    assert generator.inline() == 1


def test_other_size_than_configured_is_made_inline(make_pool):
    pool, _, generator = make_pool(2)
    pool.start()
    assert pool.wait_for_stock(2, DEADLINE)
    key = pool.take(3072)
    assert key.key_size == 3072
    assert generator.inline() == 1
    assert pool.stock() == 2


def test_stopped_pool_still_gives_keys(make_pool):
    pool, _, _ = make_pool(1)
    pool.start()
    assert pool.wait_for_stock(1, DEADLINE)
    pool.stop(timeout=DEADLINE)
    assert pool.take(2048).key_size == 2048


def test_forked_child_starts_from_an_empty_pool(make_pool):
    pool, _, _ = make_pool(2)
    pool.start()
    assert pool.wait_for_stock(2, DEADLINE)
    parent_keys = {der(key) for key in list(pool._keys)}
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report, never return into pytest
        try:
            stock = pool.stock()
            key = der(pool.take(2048))
            os.write(write_end, b'%d %d' % (stock, key in parent_keys))
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, 'rb') as answer:
        stock, reused = answer.read().split()
    os.waitpid(pid, 0)
    assert (int(stock), int(reused)) == (0, 0)
    assert pool.stock() == 2


def test_operations_use_the_configured_size(conf):
    conf.set_override('rsa_key_size', 3072, group='x509')
    conf.set_override('key_pool_size', 1, group='x509')
    try:
        ca = operations.generate_ca_certificate('cluster-1')
        key = operations.load_private_key(ca['private_key'])
        assert key.key_size == 3072
        assert key_pool.private_key().key_size == 3072
    finally:
        conf.clear_override('key_pool_size', group='x509')
        key_pool.pool().stop(timeout=DEADLINE)
