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

"""Every error Magnum raises, each carrying its HTTP status in ``code``.

The API turns any ``MagnumException`` into the standard ``{"errors": [...]}``
body using ``code`` as the status, so the status of an error is decided here
and nowhere else. Messages are templates filled from keyword arguments.
"""

import http.client as http

from magnum.i18n import _


class MagnumException(Exception):
    """Base class; subclasses set ``message`` and ``code``."""

    message = _("An unknown exception occurred.")
    code = http.INTERNAL_SERVER_ERROR

    def __init__(self, message=None, **kwargs):
        self.kwargs = kwargs
        if 'code' not in self.kwargs:
            self.kwargs['code'] = self.code
        if message is None:
            try:
                message = self.message % kwargs
            except (KeyError, TypeError):
                # A template/argument mismatch is a programming error, but
                # it must never hide the error the caller meant to raise.
                message = self.message
        self.message = str(message)
        super().__init__(self.message)

    def __str__(self):
        return self.message

    def format_message(self):
        return self.message


# --- 400 family --------------------------------------------------------------

class Invalid(MagnumException):
    message = _("Unacceptable parameters.")
    code = http.BAD_REQUEST


class InvalidParameterValue(Invalid):
    message = _("%(err)s")


class InvalidUUID(Invalid):
    message = _("Expected a uuid but received %(uuid)s.")


class InvalidName(Invalid):
    message = _("Expected a name but received %(name)s.")


class InvalidDiscoveryURL(Invalid):
    message = _("Received invalid discovery URL '%(discovery_url)s' for "
                "discovery endpoint '%(discovery_endpoint)s'.")


class InvalidIdentity(Invalid):
    message = _("Expected an uuid or int but received %(identity)s.")


class InvalidCsr(Invalid):
    message = _("Received invalid csr %(csr)s.")


class InvalidSubnet(Invalid):
    message = _("Received invalid subnet %(subnet)s.")


class InvalidDNS(Invalid):
    message = _("Invalid DNS nameserver %(dns)s, it must be a list of "
                "comma separated IPv4 addresses.")


class InvalidSortKey(Invalid):
    message = _("The sort_key value \"%(key)s\" is an invalid field for "
                "sorting.")


class InvalidSortDir(Invalid):
    message = _("Invalid sort direction \"%(sort_dir)s\"; it must be "
                "'asc' or 'desc'.")


class InvalidLimit(Invalid):
    message = _("Limit must be positive.")


class InvalidState(Invalid):
    message = _("Invalid resource state.")


class PatchError(Invalid):
    message = _("Couldn't apply patch '%(patch)s'. Reason: %(reason)s")


class ConfigInvalid(Invalid):
    message = _("Invalid configuration file. %(error_msg)s")


class ClusterTemplateReferenced(Invalid):
    message = _("ClusterTemplate %(clustertemplate)s is referenced by one or "
                "multiple clusters.")


class OperationInProgress(Invalid):
    message = _("Cluster %(cluster_name)s already has an operation in "
                "progress.")


class NGResizeOutBounds(Invalid):
    message = _("Resizing %(nodegroup)s outside the allowed range: "
                "min_node_count = %(min_nc)s, max_node_count = %(max_nc)s")


class MasterNGSizeInvalid(InvalidParameterValue):
    message = _("master nodegroup size of %(requested_size)s is invalid, "
                "size cannot be an even number.")


class CertificateValidationError(Invalid):
    message = _("Extension '%(extension)s' not allowed")


class ImageNotFound(Invalid):
    message = _("Image %(image_id)s could not be found.")


class OSDistroFieldNotFound(Invalid):
    message = _("Image %(image_id)s doesn't contain os_distro field.")


class FlavorNotFound(Invalid):
    message = _("Unable to find flavor %(flavor)s.")


class FixedNetworkNotFound(Invalid):
    message = _("Unable to find fixed network %(network)s.")


class FixedSubnetNotFound(Invalid):
    message = _("Unable to find fixed subnet %(subnet)s.")


class ExternalNetworkNotFound(Invalid):
    message = _("Unable to find external network %(network)s.")


class VolumeTypeNotFound(Invalid):
    message = _("Valid volume types could not be found in cinder.")


class NotSupported(MagnumException):
    message = _("%(operation)s is not supported.")
    code = http.BAD_REQUEST


class ClusterTypeNotSupported(NotSupported):
    message = _("Cluster type (%(server_type)s, %(os)s, %(coe)s) not "
                "supported.")


class ClusterTypeBetaNotEnabled(NotSupported):
    message = _("Cluster type (%(server_type)s, %(os)s, %(coe)s) is a beta "
                "driver and is not enabled.")


class ClusterDriverNotSupported(NotSupported):
    message = _("Cluster driver (%(driver_name)s) not supported.")


class MasterNGResizeNotSupported(NotSupported):
    message = _("Resizing a master nodegroup is not supported.")


class ZeroNodeCountNotSupported(NotSupported):
    message = _("Resizing a nodegroup to zero is not supported in the "
                "provided microversion.")


class ClusterUpgradeNotSupported(NotSupported):
    message = _("Cluster upgrade is not supported in the provided "
                "microversion.")


class DeletingDefaultNGNotSupported(NotSupported):
    message = _("Deleting a default nodegroup is not supported.")


class CreateMasterNodeGroup(NotSupported):
    message = _("Creating master nodegroups is currently not supported.")


class FlavorZeroRootVolumeNotSupported(NotSupported):
    message = _("Flavor %(flavor)s has a root disk of size 0; set a "
                "boot_volume_size label or use a flavor with a root disk.")


# --- 403 family --------------------------------------------------------------

class NotAuthorized(MagnumException):
    message = _("Not authorized.")
    code = http.FORBIDDEN


class PolicyNotAuthorized(NotAuthorized):
    message = _("Policy doesn't allow %(action)s to be performed.")


class ClusterTemplatePublishDenied(NotAuthorized):
    message = _("Not authorized to set public or hidden flag for cluster "
                "template.")


class ImageNotAuthorized(NotAuthorized):
    message = _("Not authorized for image %(image_id)s.")


class ResourceLimitExceeded(NotAuthorized):
    message = _('Resource limit exceeded: %(msg)s')


# --- 404 family --------------------------------------------------------------

class ResourceNotFound(MagnumException):
    message = _("The %(name)s %(id)s could not be found.")
    code = http.NOT_FOUND


class ClusterTemplateNotFound(ResourceNotFound):
    message = _("ClusterTemplate %(clustertemplate)s could not be found.")


class ClusterNotFound(ResourceNotFound):
    message = _("Cluster %(cluster)s could not be found.")


class NodeGroupNotFound(ResourceNotFound):
    message = _("Nodegroup %(nodegroup)s could not be found.")


class X509KeyPairNotFound(ResourceNotFound):
    message = _("A key pair %(x509keypair)s could not be found.")


class MagnumServiceNotFound(ResourceNotFound):
    message = _("A magnum service %(magnum_service_id)s could not be found.")


class QuotaNotFound(ResourceNotFound):
    message = _("Quota could not be found: %(msg)s")


class FederationNotFound(ResourceNotFound):
    message = _("Federation %(federation)s could not be found.")


class KeyPairNotFound(ResourceNotFound):
    message = _("Unable to find keypair %(keypair)s.")


class ProjectNotFound(ResourceNotFound):
    message = _("Project %(name)s could not be found.")


class MemberNotFound(ResourceNotFound):
    message = _("Member %(member)s could not be found in federation "
                "%(federation)s.")


# --- 409 family --------------------------------------------------------------

class Conflict(MagnumException):
    message = _('Conflict.')
    code = http.CONFLICT


class ClusterTemplateAlreadyExists(Conflict):
    message = _("A ClusterTemplate with UUID %(uuid)s already exists.")


class ClusterAlreadyExists(Conflict):
    message = _("A cluster with UUID %(uuid)s already exists.")


class NodeGroupAlreadyExists(Conflict):
    message = _("A nodegroup with name %(name)s already exists in the "
                "cluster %(cluster_id)s.")


class X509KeyPairAlreadyExists(Conflict):
    message = _("A key pair with UUID %(uuid)s already exists.")


class MagnumServiceAlreadyExists(Conflict):
    message = _("A magnum service with ID %(id)s already exists.")


class QuotaAlreadyExists(Conflict):
    message = _("Quota for project %(project_id)s already exists for "
                "resource %(resource)s.")


class FederationAlreadyExists(Conflict):
    message = _("A federation with UUID %(uuid)s already exists.")


class MemberAlreadyExists(Conflict):
    message = _("A cluster with UUID %(uuid)s is already a member of the "
                "federation %(federation_name)s.")


class Conflicts(Conflict):
    """A name matched more than one object of a kind."""

    message = _("Multiple %(name)s exist with same name. Please use the "
                "uuid instead.")


class NodeGroupInvalidInput(Conflict):
    message = _("%(attr)s for %(nodegroup)s is invalid (%(expl)s).")


class InvalidClusterTemplateForUpgrade(Conflict):
    message = _("Cluster Template is not valid for upgrade: %(reason)s")


class ClusterAPIAddressUnavailable(Conflict):
    message = _("The Cluster API address is not yet available; the "
                "cluster may still be being created.")


class PreDeletionFailed(Conflict):
    message = _("Failed to pre-delete resources for cluster %(cluster_uuid)s, "
                "error: %(msg)s.")


# --- 500 family and internal -------------------------------------------------

class ObjectNotUpdatable(MagnumException):
    message = _("The %(field)s field of an object cannot be changed.")
    code = http.BAD_REQUEST


class ObjectActionError(MagnumException):
    message = _("Object action %(action)s failed because: %(reason)s")


class DatabaseUnavailable(MagnumException):
    message = _("The database at %(url)s cannot be reached: %(reason)s")
    code = http.SERVICE_UNAVAILABLE


class CertificatesToClusterFailed(MagnumException):
    message = _("Failed to create certificates for Cluster: %(cluster_uuid)s")


class GetDiscoveryUrlFailed(MagnumException):
    message = _("Failed to get discovery url from '%(discovery_endpoint)s'.")


# --- 406: API microversions --------------------------------------------------

class NotAcceptable(MagnumException):
    message = _("The request cannot be answered in an acceptable form.")
    code = http.NOT_ACCEPTABLE


class InvalidAPIVersionHeader(NotAcceptable):
    message = _("Invalid OpenStack-API-Version header %(header)s. Expected "
                "'<service> <major>.<minor>' or '<service> latest', with "
                "<service> one of: %(services)s.")


class APIVersionNotSupported(NotAcceptable):
    message = _("Version %(version)s was requested but the requested API "
                "%(method)s is not supported for this version.")


# --- certificates and their storage ------------------------------------------

class CertificateNotFound(ResourceNotFound):
    message = _("Certificate %(cert_ref)s could not be found.")


class PrivateKeyUnreadable(MagnumException):
    message = _("A private key could not be loaded (malformed PEM or wrong "
                "password).")


class CertManagerError(MagnumException):
    message = _("The %(backend)s certificate backend failed to %(action)s: "
                "%(reason)s")


class CertificateEncryptionKeyMissing(CertManagerError):
    message = _("[certificates] encryption_key is not set: the %(backend)s "
                "certificate backend does not store or read private keys "
                "without encrypting them.")


class CertificateEncryptionKeyInvalid(CertManagerError):
    message = _("[certificates] encryption_key is invalid: it must be one or "
                "more comma-separated Fernet keys (URL-safe base64 of 32 "
                "bytes).")


class CertificateDecryptionFailed(CertManagerError):
    message = _("The private key material of certificate %(cert_ref)s cannot "
                "be decrypted with any key in [certificates] encryption_key.")


# --- 503: messaging ----------------------------------------------------------

class ConductorUnavailable(MagnumException):
    message = _("The conductor service did not accept or did not answer "
                "the request in time; retry later. Cause: %(reason)s")
    code = http.SERVICE_UNAVAILABLE


class ConductorBusy(MagnumException):
    message = _("The conductor is running as many cluster operations as it "
                "may (%(size)s); retry later.")
    code = http.SERVICE_UNAVAILABLE


# --- other OpenStack services (Glance, Nova, Neutron, ...) -------------------

class OpenStackServiceError(MagnumException):
    message = _("The %(service)s service could not answer %(action)s: "
                "%(reason)s")
    code = http.SERVICE_UNAVAILABLE


class OpenStackServiceUnauthorized(OpenStackServiceError):
    message = _("The %(service)s service refused the caller's credentials "
                "(HTTP %(status)s) for %(action)s.")
    code = http.FORBIDDEN


# --- Heat-based drivers ------------------------------------------------------

class RequiredParameterNotProvided(Invalid):
    message = _("The Heat parameter %(heat_param)s is required but has no "
                "value: set %(source)s.")


class HeatStackError(MagnumException):
    """Heat refused or failed a stack operation; ``code`` is Heat's status
    when it gave one."""

    message = _("Heat could not %(action)s stack %(stack)s: %(reason)s")

    def __init__(self, message=None, code=None, **kwargs):
        if code is not None:
            self.code = code
        super().__init__(message, **kwargs)


class TrusteeOperationFailed(MagnumException):
    message = _("Keystone refused to %(action)s in the trustee domain: "
                "%(reason)s")


class TrustCreationFailed(MagnumException):
    message = _("Keystone refused to create the trust that lets Magnum "
                "manage the cluster for user %(user_id)s: %(reason)s")
    code = http.BAD_REQUEST
