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

from cryptography import x509
from cryptography.x509.oid import NameOID
import pytest
import sqlalchemy as sa

from magnum.common.cert_manager import get_backend
from magnum.common import exception
from magnum.conductor import workers
from magnum import objects
from magnum.objects import fields

S = fields.ClusterStatus

pytestmark = pytest.mark.parametrize('db_server', ['sqlite'], indirect=True)


def test_create_inserts_cluster_and_default_nodegroups(wf):
    template = wf.template(labels={'min_node_count': '1',
                                   'max_node_count': '5'})
    cluster = wf.create(template, masters=3, workers=2,
                        master_flavor_id=None, flavor_id='m1.large')

    assert cluster.status == S.CREATE_IN_PROGRESS
    assert cluster.status_reason is None
    assert cluster.create_timeout == 60
    assert (cluster.master_count, cluster.node_count) == (3, 2)
    master, worker = cluster.default_ng_master, cluster.default_ng_worker
    assert (master.name, master.role, master.node_count) == (
        'default-master', 'master', 3)
    assert (worker.name, worker.role, worker.node_count) == (
        'default-worker', 'worker', 2)
    assert master.flavor_id == 'm1.medium'      # from the template
    assert worker.flavor_id == 'm1.large'       # from the cluster
    assert {master.image_id, worker.image_id} == {'fedora-coreos-40'}
    assert (worker.min_node_count, worker.max_node_count) == (1, 5)
    assert master.is_default and worker.is_default
    assert master.labels == worker.labels == cluster.labels
    assert master.docker_volume_size == 10
    for ng in (master, worker):
        assert ng.status == S.CREATE_IN_PROGRESS
        assert ng.stack_id == cluster.stack_id is not None
        assert ng.project_id == cluster.project_id

    calls = wf.calls('create')
    assert [c['cluster_uuid'] for c in calls] == [cluster.uuid]
    assert calls[0]['args'] == {'create_timeout': 60}
    assert wf.reservation(cluster.uuid) is None


def test_create_stores_four_certificates(wf):
    cluster = wf.create(name='certs')
    refs = [cluster.ca_cert_ref, cluster.etcd_ca_cert_ref,
            cluster.front_proxy_ca_cert_ref, cluster.magnum_cert_ref]
    assert all(refs) and len(set(refs)) == 4
    backend = get_backend()
    cas = [x509.load_pem_x509_certificate(
        backend.get_cert(ref).get_certificate().encode()) for ref in refs[:3]]
    for ca in cas:
        assert ca.subject.get_attributes_for_oid(
            NameOID.COMMON_NAME)[0].value == 'certs'
        assert ca.extensions.get_extension_for_class(
            x509.BasicConstraints).value.ca
    client_cert = backend.get_cert(cluster.magnum_cert_ref)
    client = x509.load_pem_x509_certificate(
        client_cert.get_certificate().encode())
    assert client.subject.rfc4514_string() == 'CN=admin,O=system:masters'
    client.verify_directly_issued_by(cas[0])
    # The key is stored encrypted, with its passphrase alongside.
    assert 'ENCRYPTED' in client_cert.get_private_key()
    assert client_cert.get_decrypted_private_key()


def test_driver_error_fails_create_and_leaves_no_certificate(wf):
    wf.behave({'create': {'raise': 'No valid host was found.'}})
    cluster = wf.create()
    assert cluster.status == S.CREATE_FAILED
    assert cluster.status_reason == 'No valid host was found.'
    assert {ng.status for ng in cluster.nodegroups} == {S.CREATE_FAILED}
    assert {ng.status_reason for ng in cluster.nodegroups} == {
        'No valid host was found.'}
    assert cluster.ca_cert_ref is None and cluster.magnum_cert_ref is None
    assert wf.keypair_count() == 0
    assert wf.reservation(cluster.uuid) is None


def test_certificate_failure_fails_create_before_the_driver(wf, wf_conf):
    wf_conf.config(group='certificates', encryption_key=None)
    cluster = wf.create()
    assert cluster.status == S.CREATE_FAILED
    assert 'encryption_key' in cluster.status_reason
    assert wf.calls('create') == []
    assert wf.keypair_count() == 0
    assert cluster.ca_cert_ref is None
    assert wf.reservation(cluster.uuid) is None


def test_unusable_driver_fails_create_with_reason(wf, wf_conf):
    wf_conf.config(group='drivers', enabled_beta_drivers=[])
    cluster = wf.create(template=wf.template(driver='fake'))
    assert cluster.status == S.CREATE_FAILED
    assert 'beta' in cluster.status_reason
    assert wf.keypair_count() == 0


def _wait_until(predicate, timeout=30):
    """Poll ``predicate`` until true, failing after ``timeout`` s."""
    pause = threading.Event()
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, 'condition not met in time'
        pause.wait(0.01)


def test_create_is_reserved_while_the_driver_runs(wf):
    """The row exists reserved from its first moment until the driver
    call returned: the status sync never sees it free in between."""
    release = wf.tmp_path / 'release-create'
    wf.behave({'create': {'hold_until': str(release)}})
    template = wf.template()
    new = wf.new_cluster(template)
    try:
        wf.handlers.cluster_create(wf.ctx, new, 1, 1, 60)
        # The handler returned while the driver call is still held.
        _wait_until(lambda: wf.calls('create'))
        assert wf.handlers.pool.running == 1
        assert wf.reservation(new.uuid) == 'conductor-test'
        with pytest.raises(exception.OperationInProgress):
            wf.handlers.cluster_delete(wf.ctx, new.uuid)
        assert wf.get(new.uuid).stack_id is None
    finally:
        release.touch()
    wf.settle()
    assert wf.reservation(new.uuid) is None
    stored = wf.get(new.uuid)
    assert stored.status == S.CREATE_IN_PROGRESS
    assert stored.stack_id is not None


def test_busy_conductor_records_the_refused_create(wf, wf_conf):
    wf_conf.config(group='conductor', cast_slot_wait=0)
    pool = workers.WorkerPool(1)
    wf.handlers.runtime.pool = pool
    slot = pool.claim()
    try:
        template = wf.template()
        new = wf.new_cluster(template)
        with pytest.raises(exception.ConductorBusy) as raised:
            wf.handlers.cluster_create(wf.ctx, new, 1, 2, 60)
        assert raised.value.code == 503
    finally:
        slot.give_back()
    stored = wf.get(new.uuid)
    assert stored.status == S.CREATE_FAILED
    assert 'retry' in stored.status_reason
    assert (stored.master_count, stored.node_count) == (1, 2)
    assert wf.calls('create') == []
    assert wf.reservation(new.uuid) is None


def test_duplicate_create_changes_nothing(wf):
    cluster = wf.create()
    before = wf.snapshot(cluster.uuid)
    again = objects.Cluster(wf.ctx, uuid=cluster.uuid, name='other',
                            project_id=wf.ctx.project_id,
                            cluster_template_id=cluster.cluster_template_id)
    with pytest.raises(exception.ClusterAlreadyExists):
        wf.handlers.cluster_create(wf.ctx, again, 1, 1, 60)
    assert wf.snapshot(cluster.uuid) == before
    assert wf.handlers.pool.running == 0


def test_failed_create_keeps_no_certificate_expiry(wf):
    """The expiry times are stored with the certificates before the driver
    runs; a create failing afterwards removes the certificates and must
    not leave their expiry behind."""
    wf.behave({'create': {'raise': 'Quota exceeded for instances.'}})
    cluster = wf.create()
    assert cluster.status == S.CREATE_FAILED
    assert wf.keypair_count() == 0
    assert cluster.ca_cert_expires_at is None
    assert cluster.magnum_cert_expires_at is None
    assert all(getattr(cluster, field) is None for field in (
        'ca_cert_ref', 'etcd_ca_cert_ref', 'front_proxy_ca_cert_ref',
        'magnum_cert_ref'))


def test_failure_before_certificates_records_no_expiry(wf, wf_conf):
    wf_conf.config(group='certificates', encryption_key=None)
    cluster = wf.create()
    assert cluster.status == S.CREATE_FAILED
    assert cluster.ca_cert_expires_at is None
    assert cluster.magnum_cert_expires_at is None


def test_create_whose_template_is_gone_is_recorded_failed(wf):
    template = wf.template()
    new = wf.new_cluster(template)
    template.destroy()
    with pytest.raises(exception.ClusterTemplateNotFound):
        wf.handlers.cluster_create(wf.ctx, new, 1, 2, 60)
    stored = wf.get(new.uuid)
    assert stored.status == S.CREATE_FAILED
    assert template.uuid in stored.status_reason
    assert wf.reservation(new.uuid) is None
    assert wf.handlers.pool.running == 0
    assert wf.calls('create') == []


def test_create_writes_a_few_transactions(wf, db_engine):
    """The workflow's rows go out together: the reserved cluster with its
    nodegroups, the certificate references before the driver, the outcome
    with the release."""
    template = wf.template()
    wf.create(template)     # warm: driver lookup, first connections
    commits = []

    def count(conn):
        commits.append(conn)

    sa.event.listen(db_engine, 'commit', count)
    try:
        cluster = wf.create(template)
    finally:
        sa.event.remove(db_engine, 'commit', count)
    # Three for the workflow, four for the certificate store's key pairs
    # (one each); reads commit nothing. It used to be eleven.
    assert len(commits) <= 3 + 4
    assert cluster.status == S.CREATE_IN_PROGRESS
    assert wf.reservation(cluster.uuid) is None


def test_busy_conductor_records_the_create_even_without_template(
        wf, wf_conf):
    wf_conf.config(group='conductor', cast_slot_wait=0)
    pool = workers.WorkerPool(1)
    wf.handlers.runtime.pool = pool
    slot = pool.claim()
    try:
        template = wf.template()
        new = wf.new_cluster(template)
        template.destroy()
        with pytest.raises(exception.ConductorBusy):
            wf.handlers.cluster_create(wf.ctx, new, 1, 2, 60)
    finally:
        slot.give_back()
    stored = wf.get(new.uuid)
    assert stored.status == S.CREATE_FAILED
    assert 'retry' in stored.status_reason
    assert stored.nodegroups == []
