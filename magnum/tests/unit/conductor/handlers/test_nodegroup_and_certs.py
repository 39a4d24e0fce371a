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

"""Nodegroups, certificates, credentials and federations."""

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID
from oslo_utils import uuidutils
import pytest

from magnum.common.cert_manager import get_backend
from magnum.common import exception
from magnum import objects
from magnum.objects import fields

S = fields.ClusterStatus
F = fields.FederationStatus

pytestmark = pytest.mark.parametrize('db_server', ['sqlite'], indirect=True)


def _new_nodegroup(wf, cluster, name='extra', **values):
    return objects.NodeGroup(
        wf.ctx, uuid=uuidutils.generate_uuid(), name=name,
        cluster_id=cluster.uuid, project_id=cluster.project_id,
        role='worker', node_count=2, min_node_count=0, max_node_count=4,
        is_default=False, image_id='img', flavor_id='m1.small', **values)


# -- nodegroups ---------------------------------------------------------------

def test_nodegroup_create(wf):
    cluster = wf.create(status=S.CREATE_COMPLETE)
    new = _new_nodegroup(wf, cluster)
    wf.handlers.nodegroup_create(wf.ctx, cluster, new)
    wf.settle()
    stored = wf.get(cluster.uuid)
    extra = [ng for ng in stored.nodegroups if ng.name == 'extra'][0]
    assert extra.status == S.CREATE_IN_PROGRESS
    assert extra.stack_id                   # set by the driver, saved
    assert stored.status == S.UPDATE_IN_PROGRESS
    assert stored.node_count == 2 + 2
    (call,) = wf.calls('nodegroup_create')
    assert call['nodegroup_uuid'] == new.uuid


def test_nodegroup_create_driver_error(wf):
    wf.behave({'nodegroup_create': {'raise': 'No capacity.'}})
    cluster = wf.create(status=S.CREATE_COMPLETE)
    wf.handlers.nodegroup_create(wf.ctx, cluster,
                                 _new_nodegroup(wf, cluster))
    wf.settle()
    stored = wf.get(cluster.uuid)
    extra = [ng for ng in stored.nodegroups if ng.name == 'extra'][0]
    assert (extra.status, extra.status_reason) == (S.CREATE_FAILED,
                                                   'No capacity.')
    assert (stored.status, stored.status_reason) == (S.UPDATE_FAILED,
                                                     'No capacity.')


def test_nodegroup_update_applies_changes(wf):
    cluster = wf.create(status=S.CREATE_COMPLETE)
    worker = cluster.default_ng_worker
    worker.max_node_count = 9
    wf.handlers.nodegroup_update(wf.ctx, cluster, worker)
    wf.settle()
    stored = wf.get(cluster.uuid).default_ng_worker
    assert (stored.max_node_count, stored.status) == (
        9, S.UPDATE_IN_PROGRESS)
    assert wf.calls('nodegroup_update')


def test_nodegroup_update_refused_in_bad_state(wf):
    cluster = wf.create(status=S.CREATE_FAILED)
    before = wf.snapshot(cluster.uuid)
    worker = cluster.default_ng_worker
    worker.max_node_count = 9
    with pytest.raises(exception.NotSupported):
        wf.handlers.nodegroup_update(wf.ctx, cluster, worker)
    assert wf.snapshot(cluster.uuid) == before


def test_nodegroup_delete(wf):
    cluster = wf.create(status=S.CREATE_COMPLETE)
    wf.handlers.nodegroup_create(wf.ctx, cluster,
                                 _new_nodegroup(wf, cluster))
    wf.settle()
    stored = wf.get(cluster.uuid)
    stored.status = S.UPDATE_COMPLETE
    stored.save()
    extra = [ng for ng in stored.nodegroups if ng.name == 'extra'][0]
    wf.handlers.nodegroup_delete(wf.ctx, stored, extra)
    wf.settle()
    extra.refresh()
    assert extra.status == S.DELETE_IN_PROGRESS
    assert wf.calls('nodegroup_delete')


def test_default_nodegroup_cannot_be_deleted(wf):
    cluster = wf.create(status=S.CREATE_COMPLETE)
    before = wf.snapshot(cluster.uuid)
    with pytest.raises(exception.DeletingDefaultNGNotSupported):
        wf.handlers.nodegroup_delete(wf.ctx, cluster,
                                     cluster.default_ng_worker)
    assert wf.snapshot(cluster.uuid) == before
    assert wf.reservation(cluster.uuid) is None


# -- certificates ---------------------------------------------------------

def _csr():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    request = x509.CertificateSigningRequestBuilder().subject_name(
        x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME,
                                      'system:masters'),
                   x509.NameAttribute(NameOID.COMMON_NAME, 'alice')])
    ).sign(key, hashes.SHA256())
    return request.public_bytes(serialization.Encoding.PEM).decode()


@pytest.mark.parametrize('ca_type, field', [
    (None, 'ca_cert_ref'), ('etcd', 'etcd_ca_cert_ref'),
    ('front-proxy', 'front_proxy_ca_cert_ref'),
    ('front_proxy', 'front_proxy_ca_cert_ref')])
def test_get_ca_certificate(wf, ca_type, field):
    cluster = wf.create(status=S.CREATE_COMPLETE)
    answer = wf.handlers.get_ca_certificate(wf.ctx, cluster,
                                            ca_cert_type=ca_type)
    assert answer.cluster_uuid == cluster.uuid
    assert answer.pem == get_backend().get_cert(
        getattr(cluster, field)).get_certificate()


@pytest.mark.parametrize('ca_type, field', [
    (None, 'ca_cert_ref'), ('etcd', 'etcd_ca_cert_ref')])
def test_sign_certificate(wf, ca_type, field):
    cluster = wf.create(status=S.CREATE_COMPLETE, name='signer')
    request = objects.Certificate(wf.ctx, cluster_uuid=cluster.uuid,
                                  csr=_csr())
    if ca_type:
        request.ca_cert_type = ca_type
    signed = wf.handlers.sign_certificate(wf.ctx, cluster, request)
    cert = x509.load_pem_x509_certificate(signed.pem.encode())
    ca = x509.load_pem_x509_certificate(get_backend().get_cert(
        getattr(cluster, field)).get_certificate().encode())
    cert.verify_directly_issued_by(ca)
    assert cert.issuer.rfc4514_string() == 'CN=signer'
    assert 'CN=alice' in cert.subject.rfc4514_string()


def test_sign_invalid_csr(wf):
    cluster = wf.create(status=S.CREATE_COMPLETE)
    request = objects.Certificate(wf.ctx, cluster_uuid=cluster.uuid,
                                  csr='not a csr')
    with pytest.raises(exception.InvalidCsr):
        wf.handlers.sign_certificate(wf.ctx, cluster, request)


def test_rotate_ca_replaces_all_four(wf):
    cluster = wf.create(status=S.CREATE_COMPLETE)
    fields_ = ('ca_cert_ref', 'etcd_ca_cert_ref', 'front_proxy_ca_cert_ref',
               'magnum_cert_ref')
    old = {f: getattr(cluster, f) for f in fields_}
    wf.handlers.rotate_ca_certificate(wf.ctx, cluster)
    stored = wf.get(cluster.uuid)
    assert stored.status == S.UPDATE_IN_PROGRESS
    for field in fields_:
        assert getattr(stored, field) not in (None, old[field])
        with pytest.raises(exception.CertificateNotFound):
            get_backend().get_cert(old[field])
    assert wf.keypair_count() == 4
    assert len(wf.calls('rotate_ca')) == 1
    assert wf.reservation(cluster.uuid) is None


def test_rotate_ca_refused_for_tls_disabled(wf):
    cluster = wf.create(wf.template(tls_disabled=True),
                        status=S.CREATE_COMPLETE)
    before = wf.snapshot(cluster.uuid)
    with pytest.raises(exception.NotSupported) as raised:
        wf.handlers.rotate_ca_certificate(wf.ctx, cluster)
    assert raised.value.code == 400
    assert wf.snapshot(cluster.uuid) == before
    assert wf.keypair_count() == 4
    assert wf.calls('rotate_ca') == []


def test_rotate_ca_driver_refusal_keeps_old_certificates(wf):
    wf.behave({'rotate_ca': {'raise': 'Not here.',
                             'raise_type': 'NotSupported'}})
    cluster = wf.create(status=S.CREATE_COMPLETE)
    before = wf.snapshot(cluster.uuid)
    with pytest.raises(exception.NotSupported):
        wf.handlers.rotate_ca_certificate(wf.ctx, cluster)
    assert wf.snapshot(cluster.uuid) == before
    assert wf.keypair_count() == 4


# -- credentials and federations ----------------------------------------------

def test_credential_rotate(wf):
    cluster = wf.create(status=S.CREATE_COMPLETE)
    before = wf.snapshot(cluster.uuid)
    wf.handlers.credential_rotate(wf.ctx, cluster)
    assert len(wf.calls('rotate_credential')) == 1
    assert wf.snapshot(cluster.uuid) == before


def test_credential_rotate_not_implemented(wf):
    wf.behave({'rotate_credential': {
        'raise': 'x', 'raise_type': 'NotSupported'}})
    cluster = wf.create(status=S.CREATE_COMPLETE)
    with pytest.raises(exception.NotSupported):
        wf.handlers.credential_rotate(wf.ctx, cluster)


def test_federation_without_driver_support(wf):
    host = wf.create(status=S.CREATE_COMPLETE)
    federation = objects.Federation(
        wf.ctx, uuid=uuidutils.generate_uuid(), name='fed',
        project_id=wf.ctx.project_id, hostcluster_id=host.uuid,
        member_ids=[], properties={'dns-zone': 'example.com.'})
    wf.handlers.federation_create(wf.ctx, federation, 15)
    stored = objects.Federation.get_by_uuid(wf.ctx, federation.uuid)
    assert stored.status == F.CREATE_FAILED
    assert 'not implemented' in stored.status_reason
    wf.handlers.federation_delete(wf.ctx, federation.uuid)
    with pytest.raises(exception.FederationNotFound):
        objects.Federation.get_by_uuid(wf.ctx, federation.uuid)
