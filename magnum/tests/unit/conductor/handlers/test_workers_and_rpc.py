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

"""The bounded worker pool, and the handlers behind the RPC endpoint."""

import threading
import time

from oslo_utils import uuidutils
import pytest

from magnum.common import exception
from magnum.common import rpc_service
from magnum.conductor import api as conductor_api
from magnum.conductor import manager
from magnum.conductor import workers
from magnum.objects import base as objects_base
from magnum.objects import fields

S = fields.ClusterStatus


def _wait_until(predicate, timeout=30):
    """Poll ``predicate`` until true, failing after ``timeout`` s."""
    pause = threading.Event()
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, 'condition not met in time'
        pause.wait(0.02)


def test_pool_refuses_beyond_its_size():
    pool = workers.WorkerPool(2)
    release = threading.Event()
    slots = [pool.claim(), pool.claim()]
    with pytest.raises(exception.ConductorBusy) as raised:
        pool.claim()
    assert raised.value.code == 503
    futures = [slot.run(release.wait, 10) for slot in slots]
    assert pool.running == 2
    with pytest.raises(exception.ConductorBusy):
        pool.claim()
    release.set()
    assert [f.result(10) for f in futures] == [True, True]
    assert pool.wait_idle(10)
    pool.claim().give_back()
    assert pool.running == 0
    assert pool.shutdown(10)


def test_pool_frees_the_slot_of_failing_work():
    pool = workers.WorkerPool(1)

    def boom():
        raise ValueError('boom')

    future = pool.claim().run(boom)
    with pytest.raises(ValueError):
        future.result(10)
    assert pool.wait_idle(10)
    pool.claim().give_back()


def test_shutdown_is_bounded_and_refuses_new_work():
    pool = workers.WorkerPool(1)
    release = threading.Event()
    pool.claim().run(release.wait, 10)
    assert pool.shutdown(timeout=0.05) is False
    with pytest.raises(exception.ConductorBusy):
        pool.claim()
    release.set()
    assert pool.wait_idle(10)


def test_a_waiting_claim_gets_the_slot_freed_meanwhile():
    pool = workers.WorkerPool(1)
    held = pool.claim()
    timer = threading.Timer(0.2, held.give_back)
    timer.start()
    slot = pool.claim(wait=30)
    timer.join()
    assert pool.running == 1
    slot.give_back()
    assert pool.shutdown(10)


def test_a_waiting_claim_is_refused_when_nothing_frees():
    pool = workers.WorkerPool(1)
    held = pool.claim()
    with pytest.raises(exception.ConductorBusy):
        pool.claim(wait=0.1)
    assert pool.running == 1
    held.give_back()
    assert pool.running == 0


def test_a_claim_waiting_through_shutdown_is_refused():
    pool = workers.WorkerPool(1)
    held = pool.claim()
    outcome = []

    def waiter():
        try:
            outcome.append(pool.claim(wait=30))
        except exception.ConductorBusy as busy:
            outcome.append(busy)

    thread = threading.Thread(target=waiter)
    thread.start()
    pool.shutdown(timeout=0)
    held.give_back()
    thread.join(30)
    assert isinstance(outcome[0], exception.ConductorBusy)
    assert pool.running == 0


@pytest.mark.parametrize('db_server', ['sqlite'], indirect=True)
def test_a_cast_waits_for_a_slot_instead_of_being_dropped(wf):
    """A delete the API already answered 204 for runs once a slot frees,
    rather than being refused while a burst keeps the pool full."""
    cluster = wf.create(status=S.CREATE_COMPLETE)
    held = [wf.handlers.pool.claim() for _ in range(wf.handlers.pool.size)]
    timer = threading.Timer(0.3, held[0].give_back)
    timer.start()
    try:
        wf.handlers.cluster_delete(wf.ctx, cluster.uuid)
    finally:
        timer.join()
        for slot in held[1:]:
            slot.give_back()
    _wait_until(lambda: wf.handlers.pool.running == 0)
    assert wf.get(cluster.uuid).status == S.DELETE_IN_PROGRESS
    assert wf.calls('delete')


@pytest.mark.parametrize('db_server', ['sqlite'], indirect=True)
def test_workflows_over_in_process_rpc(wf, fake_messaging):
    topic = 'magnum-conductor-wf-%s' % uuidutils.generate_uuid()[:8]
    service = rpc_service.Service(
        [manager.ConductorEndpoint(wf.handlers)],
        serializer=objects_base.MagnumObjectSerializer(), topic=topic,
        host='conductor-test')
    service.start()
    try:
        api = conductor_api.API(topic=topic)
        template = wf.template()
        new = wf.new_cluster(template)
        api.cluster_create(wf.ctx, new, 1, 2, 60)
        # The cast is consumed by a server thread: wait for its work.
        _wait_until(lambda: wf.calls('create')
                    and wf.handlers.pool.running == 0)
        assert wf.get(new.uuid).status == S.CREATE_IN_PROGRESS

        cluster = wf.get(new.uuid)
        cluster.status = S.CREATE_COMPLETE
        cluster.save()
        ca = api.get_ca_certificate(wf.ctx, cluster)
        assert ca.pem.startswith('-----BEGIN CERTIFICATE-----')

        # A full pool answers a call with 503, nothing changed.
        slots = [wf.handlers.pool.claim() for _ in range(4)]
        try:
            before = wf.snapshot(new.uuid)
            with pytest.raises(exception.ConductorBusy):
                api.rotate_ca_certificate(wf.ctx, cluster)
            assert wf.snapshot(new.uuid) == before
        finally:
            for slot in slots:
                slot.give_back()
    finally:
        service.stop()
        service.wait()
