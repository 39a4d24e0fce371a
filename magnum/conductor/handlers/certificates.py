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

"""A cluster's certificates: generating them, signing CSRs, CA rotation.

Every cluster has four, stored through the configured certificate backend
with their references on the cluster: the Kubernetes CA (``ca_cert_ref``),
the etcd CA, the front-proxy CA and the client certificate Magnum itself
uses (CN ``admin``, O ``system:masters``, signed by the Kubernetes CA).
CAs are named after the cluster (its uuid when it has no name); private
keys are encrypted with a random passphrase stored alongside.

When the Kubernetes CA and the client certificate expire is recorded on the
cluster (``ca_cert_expires_at``, ``magnum_cert_expires_at``) whenever they
are generated, so that reading it needs no trip to the certificate store.
"""

import uuid

from oslo_log import log as logging

from magnum.common.cert_manager import get_backend
from magnum.common import exception
from magnum.common.x509 import operations
from magnum.conductor.handlers import common
from magnum.i18n import _
from magnum import objects

LOG = logging.getLogger(__name__)

CA_REF = 'ca_cert_ref'
ETCD_CA_REF = 'etcd_ca_cert_ref'
FRONT_PROXY_CA_REF = 'front_proxy_ca_cert_ref'
CLIENT_REF = 'magnum_cert_ref'
ALL_REFS = (CA_REF, ETCD_CA_REF, FRONT_PROXY_CA_REF, CLIENT_REF)

CA_EXPIRY = 'ca_cert_expires_at'
CLIENT_EXPIRY = 'magnum_cert_expires_at'

CLIENT_CN = 'admin'
CLIENT_ORG = 'system:masters'


def _passphrase():
    return uuid.uuid4().hex[:16]


def ca_name(cluster):
    return cluster.name or cluster.uuid


def _ca_ref_field(ca_cert_type):
    if ca_cert_type == 'etcd':
        return ETCD_CA_REF
    if ca_cert_type in ('front_proxy', 'front-proxy'):
        return FRONT_PROXY_CA_REF
    return CA_REF


def generate(context, cluster):
    """Generate and store the four certificates; returns ``{field: ref}``.

    Nothing is left stored when any step fails.
    """
    return _generate(context, cluster)[0]


def _generate(context, cluster):
    """``generate``, also returning ``{expiry field: not_valid_after}``."""
    backend = get_backend()
    name = ca_name(cluster)
    refs = {}
    try:
        for field in (CA_REF, ETCD_CA_REF, FRONT_PROXY_CA_REF):
            password = _passphrase()
            ca = operations.generate_ca_certificate(
                name, encryption_password=password)
            refs[field] = backend.store_cert(
                ca['certificate'], ca['private_key'],
                private_key_passphrase=password, context=context)
            if field == CA_REF:
                k8s_ca, k8s_password = ca, password
        password = _passphrase()
        client = operations.generate_client_certificate(
            name, CLIENT_CN, CLIENT_ORG, k8s_ca['private_key'],
            encryption_password=password, ca_key_password=k8s_password)
        refs[CLIENT_REF] = backend.store_cert(
            client['certificate'], client['private_key'],
            intermediates=k8s_ca['certificate'],
            private_key_passphrase=password, context=context)
    except Exception:
        delete(refs.values(), backend)
        raise
    expiries = {
        CA_EXPIRY: operations.not_valid_after(k8s_ca['certificate']),
        CLIENT_EXPIRY: operations.not_valid_after(client['certificate']),
    }
    return refs, expiries


def _set_generated(cluster, refs, expiries):
    for field, value in list(refs.items()) + list(expiries.items()):
        setattr(cluster, field, value)


def delete(refs, backend=None):
    """Remove stored certificates, ignoring those already gone."""
    backend = backend or get_backend()
    for ref in refs:
        if not ref:
            continue
        try:
            backend.delete_cert(ref)
        except exception.CertificateNotFound:
            pass
        except Exception:
            LOG.exception('Could not delete certificate %s', ref)


def delete_cluster_certificates(cluster):
    """Remove the four certificates of a cluster being deleted (for the
    status sync on ``DELETE_COMPLETE``)."""
    delete([getattr(cluster, field, None) for field in ALL_REFS])


def generate_for_cluster(context, cluster):
    """Generate the certificates and set their refs and expiry times on
    ``cluster`` (the caller saves it)."""
    _set_generated(cluster, *_generate(context, cluster))


def _ca(cluster, ca_cert_type):
    ref = getattr(cluster, _ca_ref_field(ca_cert_type))
    if not ref:
        raise exception.CertificateNotFound(cert_ref=ca_cert_type or 'ca')
    return get_backend().get_cert(ref)


def get_ca_certificate(context, cluster, ca_cert_type=None):
    """The CA certificate the type names, as a ``Certificate`` object."""
    stored = common.load_cluster(cluster.uuid)
    ca = _ca(stored, ca_cert_type)
    certificate = objects.Certificate.from_object_cluster(stored)
    certificate.pem = ca.get_certificate()
    return certificate


def sign_certificate(context, cluster, certificate):
    """Sign ``certificate.csr`` with the CA it names; returns it with
    ``pem`` set."""
    stored = common.load_cluster(cluster.uuid)
    ca_cert_type = (certificate.ca_cert_type
                    if certificate.obj_attr_is_set('ca_cert_type') else None)
    ca = _ca(stored, ca_cert_type)
    certificate.pem = operations.sign(
        certificate.csr, ca_name(stored), ca.get_private_key(),
        ca_key_password=ca.get_private_key_passphrase())
    return certificate


def rotate_ca_certificate(runtime, context, cluster):
    """Replace all four certificates and have the driver distribute them.

    Refused (400, nothing changed) for a TLS-disabled template, outside
    the update states, or when the driver cannot rotate; the cluster goes
    ``UPDATE_IN_PROGRESS`` once the driver has taken the new ones.
    """
    slot = runtime.pool.claim()
    try:
        with common.reserved(runtime, cluster.uuid):
            stored = common.load_cluster(cluster.uuid)
            if stored.cluster_template.tls_disabled:
                raise exception.NotSupported(
                    operation=_('Rotating the CA of a cluster with TLS '
                                'disabled'))
            common.check_state(stored, common.UPDATE_ALLOWED,
                               _('Rotating the CA certificate'))
    except BaseException:
        slot.give_back()
        raise
    future = common.run_long(runtime, slot, stored.uuid,
                             lambda: _rotate(context, stored),
                             lambda error: None)
    return future.result()


def _rotate(context, cluster):
    """The new certificates are stored before the driver hands them out
    and the old ones deleted only once it has: there is never a moment
    without a stored CA. Should the driver fail, the cluster keeps the
    certificates its nodes have; a driver that cannot rotate changes
    nothing, any other failure leaves the cluster ``UPDATE_FAILED``."""
    driver = common.get_driver(context, cluster)
    previous = {field: getattr(cluster, field)
                for field in ALL_REFS + (CA_EXPIRY, CLIENT_EXPIRY)}
    new, expiries = _generate(context, cluster)
    _set_generated(cluster, new, expiries)
    try:
        driver.rotate_ca_certificate(context, cluster)
    except exception.NotSupported:
        delete(new.values())
        raise
    except Exception as error:
        _set_generated(cluster, previous, {})
        common.mark_failed(cluster, common.S.UPDATE_FAILED,
                           common.reason_of(error))
        common.save_nodegroups(cluster.nodegroups)
        delete(new.values())
        raise
    cluster.status = common.S.UPDATE_IN_PROGRESS
    cluster.status_reason = None
    cluster.save()
    common.save_nodegroups(cluster.nodegroups)
    delete(previous[field] for field in ALL_REFS)
