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

"""``/v1/certificates``: a cluster's CA, CSR signing and CA rotation.

The certificates themselves live with the conductor; every route here is a
synchronous RPC call. The policy target of each route is the cluster, so
the ``certificate:get``/``create`` defaults admit the cluster's creating
user (or an admin) only. Clusters are looked up in the caller's project:
admins get no all-projects view here.
"""

import pecan
from pecan import rest
import wsme
from wsme import types as wtypes

from magnum.api.controllers import base
from magnum.api.controllers import link
from magnum.api.controllers.v1 import types
from magnum.api import expose
from magnum.api import utils as api_utils
from magnum.common import exception
from magnum.common import policy
from magnum.conductor import api as conductor_api
from magnum.i18n import _
from magnum import objects


class ClusterID(wtypes.Base):
    """The answer of an action accepted for a cluster: its uuid."""

    uuid = types.uuid

    def __init__(self, uuid):
        super().__init__(uuid=uuid)


def cluster_target(cluster):
    """The policy target of an action on ``cluster``: its owners."""
    return {'project_id': cluster.project_id, 'user_id': cluster.user_id}


@types.named_errors
class Certificate(base.APIBase):
    """A CSR to sign, or a CA, of one cluster."""

    cluster_uuid = wsme.wsattr(types.uuid_or_name, mandatory=True)
    """The cluster, by uuid or name (answered as its uuid)."""

    csr = wsme.wsattr(wtypes.StringType(min_length=1), mandatory=True)
    """The PEM certificate signing request."""

    pem = wsme.wsattr(wtypes.text, readonly=True)
    """The signed certificate, or the CA certificate."""

    ca_cert_type = wtypes.text
    """Which CA signs: ``etcd``, ``front_proxy`` or the Kubernetes CA."""

    links = wsme.wsattr([link.Link], readonly=True)

    @classmethod
    def convert(cls, certificate):
        result = cls(cluster_uuid=certificate.cluster_uuid)
        for name in ('csr', 'pem', 'ca_cert_type'):
            if certificate.obj_attr_is_set(name):
                value = getattr(certificate, name)
                if value is not None:
                    setattr(result, name, value)
        result.links = link.self_and_bookmark(
            link.app_url(), 'certificates', certificate.cluster_uuid)
        return result


def _conductor():
    return conductor_api.API()


def _as_certificate(cluster, answer):
    """The conductor's answer as a Certificate object of ``cluster``.

    The CA comes back as a Certificate object; a bare PEM string is
    accepted as well.
    """
    if isinstance(answer, objects.Certificate):
        return answer
    certificate = objects.Certificate.from_object_cluster(cluster)
    certificate.pem = answer
    return certificate


def _cluster_for_body(ident):
    """The cluster a request body names; not found is the body's fault
    (400), not a missing URL (404)."""
    try:
        return api_utils.get_resource('Cluster', ident)
    except exception.ClusterNotFound as err:
        raise exception.InvalidParameterValue(err=str(err))


class CertificateController(rest.RestController):
    """GET a cluster's CA, POST a CSR to sign, PATCH to rotate the CA."""

    @expose.expose(Certificate, types.uuid_or_name, wtypes.text)
    def get_one(self, cluster_ident, ca_cert_type=None):
        """The CA certificate of a cluster (``ca_cert_type`` picks which)."""
        context = pecan.request.context
        cluster = api_utils.get_resource('Cluster', cluster_ident)
        policy.authorize(context, 'certificate:get', cluster_target(cluster))
        answer = _conductor().get_ca_certificate(context, cluster,
                                                 ca_cert_type)
        certificate = _as_certificate(cluster, answer)
        result = Certificate.convert(certificate)
        # The CA answer carries neither the request nor the CA type.
        result.csr = wtypes.Unset
        result.ca_cert_type = wtypes.Unset
        return result

    @expose.expose(Certificate, body=Certificate, status_code=201)
    def post(self, certificate):
        """Have the cluster's CA sign ``csr``."""
        context = pecan.request.context
        cluster = _cluster_for_body(certificate.cluster_uuid)
        policy.authorize(context, 'certificate:create',
                         cluster_target(cluster))
        request = objects.Certificate(
            context, project_id=context.project_id, user_id=context.user_id,
            cluster_uuid=cluster.uuid, csr=certificate.csr)
        if certificate.ca_cert_type not in (wtypes.Unset, None):
            request.ca_cert_type = certificate.ca_cert_type
        signed = _conductor().sign_certificate(context, cluster, request)
        if not isinstance(signed, objects.Certificate):
            raise exception.MagnumException(
                _('The conductor answered the signing request with no '
                  'certificate.'))
        return Certificate.convert(signed)

    @expose.expose(ClusterID, types.uuid_or_name, status_code=202)
    def patch(self, cluster_ident):
        """Replace the CAs of a TLS cluster (and the certificates they
        signed)."""
        context = pecan.request.context
        cluster = api_utils.get_resource('Cluster', cluster_ident)
        policy.authorize(context, 'certificate:rotate_ca',
                         cluster_target(cluster))
        if cluster.cluster_template.tls_disabled:
            raise exception.NotSupported(
                operation=_('Rotating the CA of a cluster with TLS '
                            'disabled'))
        _conductor().rotate_ca_certificate(context, cluster)
        return ClusterID(cluster.uuid)
