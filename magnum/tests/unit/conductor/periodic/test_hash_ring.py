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

import collections

from magnum.conductor import hash_ring
from magnum.conductor import periodic
from magnum.drivers.common import driver as driver_base
from magnum.tests.unit.conductor.periodic import test_status_sync

KEYS = ['cluster-%04d' % i for i in range(2000)]


def test_every_key_has_exactly_one_owner():
    ring = hash_ring.HashRing(['a', 'b', 'c'])
    owners = {key: [h for h in 'abc' if ring.owns(h, key)] for key in KEYS}
    assert all(len(found) == 1 for found in owners.values())


def test_shares_are_roughly_even():
    ring = hash_ring.HashRing(['a', 'b', 'c'])
    counts = collections.Counter(ring.get_host(key) for key in KEYS)
    assert set(counts) == {'a', 'b', 'c'}
    assert min(counts.values()) > len(KEYS) / 3 * 0.6


def test_same_hosts_same_answers_in_any_order():
    first = hash_ring.HashRing(['a', 'b', 'c'])
    second = hash_ring.HashRing(['c', 'a', 'b'])
    assert all(first.get_host(k) == second.get_host(k) for k in KEYS)


def test_a_leaving_host_moves_only_its_own_keys():
    before = hash_ring.HashRing(['a', 'b', 'c'])
    after = hash_ring.HashRing(['a', 'b'])
    for key in KEYS:
        if before.get_host(key) != 'c':
            assert after.get_host(key) == before.get_host(key)


def test_empty_ring_owns_nothing():
    assert hash_ring.HashRing([]).get_host('x') is None


def test_ring_cache_rebuilds_on_membership_change():
    cache = hash_ring.RingCache()
    ring = cache.get(['a', 'b'])
    assert cache.get(['b', 'a']) is ring
    assert cache.get(['a', 'b', 'c']) is not ring


def test_two_conductors_split_clusters(world, scripted):
    """On every engine: two live conductors drive disjoint sets of
    clusters that together cover them all."""
    clusters = [world.cluster(driver='scripted') for _ in range(40)]
    for c in clusters:
        scripted.script[c.uuid] = lambda c: driver_base.StatusReport(
            cluster_uuid=c.uuid, status='CREATE_COMPLETE')
    first = periodic.PeriodicTasks('conductor-a')
    second = periodic.PeriodicTasks('conductor-b')
    first.heartbeat()
    second.heartbeat()
    first.sync_status()
    second.sync_status()
    assert len(scripted.calls) == 2
    mine, theirs = (set(call) for call in scripted.calls)
    assert mine and theirs
    assert not mine & theirs
    assert mine | theirs == {c.uuid for c in clusters}
    assert {world.get(c.uuid).status for c in clusters} == {
        'CREATE_COMPLETE'}


def test_dead_conductor_share_is_taken_over(world, scripted, conf):
    from magnum import objects
    clusters = [world.cluster(driver='scripted') for _ in range(20)]
    first = periodic.PeriodicTasks('conductor-a')
    second = periodic.PeriodicTasks('conductor-b')
    first.heartbeat()
    service = second.heartbeat()
    service.forced_down = True
    service.save()
    first.sync_status()
    assert set(scripted.calls[0]) == {c.uuid for c in clusters}
    assert objects.MagnumService.get_by_host_and_binary(
        None, 'conductor-b', 'magnum-conductor').forced_down


scripted = test_status_sync.scripted
