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

"""The per-cluster reservation, on every engine."""

import datetime
import threading

from oslo_utils import timeutils
from oslo_utils import uuidutils
import pytest

from magnum.common import exception
from magnum.conductor import reservation
from magnum.objects import fields


def _cluster(db, name='c'):
    return db.create_cluster({'name': name, 'project_id': 'p',
                              'status': 'CREATE_COMPLETE'}).uuid


def _service(db, host, seen_ago):
    db.create_magnum_service({
        'host': host, 'binary': fields.MagnumServiceBinary.MAGNUM_CONDUCTOR,
        'last_seen_up': timeutils.utcnow() - datetime.timedelta(
            seconds=seen_ago)})


def test_reserve_release_cycle(db, admin_ctx):
    uuid = _cluster(db)
    before = db.get_cluster_by_uuid(admin_ctx, uuid).updated_at
    db.reserve_cluster(uuid, 'host-a')
    holder, since = db.get_cluster_reservation(uuid)
    assert holder == 'host-a' and since is not None
    with pytest.raises(exception.OperationInProgress) as raised:
        db.reserve_cluster(uuid, 'host-b')
    assert raised.value.code == 400
    with pytest.raises(exception.OperationInProgress):
        db.reserve_cluster(uuid, 'host-a')
    assert db.release_cluster(uuid, 'host-b') is False
    assert db.release_cluster(uuid, 'host-a') is True
    assert db.get_cluster_reservation(uuid) == (None, None)
    # Reserving is no change of the cluster itself.
    assert db.get_cluster_by_uuid(admin_ctx, uuid).updated_at == before


def test_reserve_unknown_cluster(db):
    with pytest.raises(exception.ClusterNotFound):
        db.reserve_cluster(uuidutils.generate_uuid(), 'host-a')
    assert db.release_cluster(uuidutils.generate_uuid(), 'host-a') is False


def test_two_threads_racing_one_wins(db):
    uuids = [_cluster(db, 'race-%d' % n) for n in range(10)]
    for uuid in uuids:
        barrier = threading.Barrier(2)
        outcomes = {}

        def race(host):
            barrier.wait()
            try:
                db.reserve_cluster(uuid, host)
                outcomes[host] = 'won'
            except exception.OperationInProgress:
                outcomes[host] = 'lost'

        threads = [threading.Thread(target=race, args=(h,))
                   for h in ('host-a', 'host-b')]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert sorted(outcomes.values()) == ['lost', 'won']
        winner = [h for h, o in outcomes.items() if o == 'won'][0]
        assert db.get_cluster_reservation(uuid)[0] == winner


def test_break_stale_and_release_host(db):
    a, b, c = (_cluster(db, n) for n in 'abc')
    db.reserve_cluster(a, 'live')
    db.reserve_cluster(b, 'dead')
    db.reserve_cluster(c, 'dead')
    assert sorted(db.break_stale_reservations(['live'])) == sorted([b, c])
    assert db.get_cluster_reservation(a)[0] == 'live'
    assert db.get_cluster_reservation(b) == (None, None)
    assert db.release_host_reservations('live') == [a]
    assert db.get_cluster_reservation(a) == (None, None)


def test_acquire_takes_over_from_a_dead_conductor(db, wf_conf):
    wf_conf.config(service_down_time=60)
    uuid = _cluster(db)
    _service(db, 'dead-host', seen_ago=600)
    db.reserve_cluster(uuid, 'dead-host')
    reservation.acquire(uuid, 'me')
    assert db.get_cluster_reservation(uuid)[0] == 'me'


def test_acquire_respects_a_live_conductor(db, wf_conf):
    wf_conf.config(service_down_time=60)
    uuid = _cluster(db)
    _service(db, 'live-host', seen_ago=5)
    db.reserve_cluster(uuid, 'live-host')
    with pytest.raises(exception.OperationInProgress):
        reservation.acquire(uuid, 'me')
    assert db.get_cluster_reservation(uuid)[0] == 'live-host'


def test_break_stale_keeps_live_and_own_host(db, wf_conf):
    wf_conf.config(service_down_time=60)
    a, b, c = (_cluster(db, n) for n in 'abc')
    _service(db, 'live-host', seen_ago=5)
    _service(db, 'dead-host', seen_ago=600)
    db.reserve_cluster(a, 'live-host')
    db.reserve_cluster(b, 'dead-host')
    db.reserve_cluster(c, 'me')
    assert reservation.break_stale(own_host='me') == [b]
    assert reservation.live_hosts() == {'live-host'}
