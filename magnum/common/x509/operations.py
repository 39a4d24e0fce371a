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

"""Certificate authorities, client certificates and CSR signing.

Every PEM this module returns is a ``str``; every PEM, key or password it
accepts may be ``str`` or ``bytes``. Keys are RSA of ``[x509] rsa_key_size``
bits, signatures SHA-256, and certificates are valid from one day ago (to
tolerate clock skew between hosts) for ``[x509] term_of_validity`` days.
"""

import collections
import datetime
import threading
import uuid

from cryptography import exceptions as crypto_exceptions
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import ExtendedKeyUsageOID
from cryptography.x509.oid import ExtensionOID
from cryptography.x509.oid import NameOID

from magnum.common import exception
from magnum.common.x509 import key_pool
from magnum.common.x509 import validator
import magnum.conf
from magnum.i18n import _

CONF = magnum.conf.CONF

_BACKDATE = datetime.timedelta(days=1)

# Identifiers the signer computes itself; a request's own are never copied.
_SIGNER_EXTENSIONS = (ExtensionOID.SUBJECT_KEY_IDENTIFIER,
                      ExtensionOID.AUTHORITY_KEY_IDENTIFIER)


def _bytes(value):
    return value.encode('utf-8') if isinstance(value, str) else value


def _name(common_name, organization_name=None):
    attributes = []
    if organization_name:
        attributes.append(
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization_name))
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(attributes)


def _generate_key():
    return key_pool.private_key(CONF.x509.rsa_key_size)


def _key_pem(key, password=None):
    if password:
        encryption = serialization.BestAvailableEncryption(_bytes(password))
    else:
        encryption = serialization.NoEncryption()
    return key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=encryption).decode('ascii')


# The CA keys this process wrote out last, by (PEM, password): signing a
# client certificate with a CA made a moment before (every cluster create)
# then skips reading the PEM back, whose RSA key check alone costs ~35 ms.
_RECENT_CA_KEYS = 8
_recent_ca_keys = collections.OrderedDict()
_recent_lock = threading.Lock()


def _recent_key_id(key_pem, password):
    pem = key_pem.decode('ascii') if isinstance(key_pem, bytes) else key_pem
    return pem, _bytes(password) if password else None


def _remember_ca_key(key_pem, password, key):
    with _recent_lock:
        _recent_ca_keys[_recent_key_id(key_pem, password)] = key
        while len(_recent_ca_keys) > _RECENT_CA_KEYS:
            _recent_ca_keys.popitem(last=False)


def load_private_key(key_pem, password=None):
    """A private key object; ``PrivateKeyUnreadable`` if it cannot be."""
    with _recent_lock:
        key = _recent_ca_keys.get(_recent_key_id(key_pem, password))
    if key is not None:
        return key
    try:
        return serialization.load_pem_private_key(
            _bytes(key_pem), password=_bytes(password) if password else None)
    except (ValueError, TypeError) as exc:
        # TypeError: a password given for a clear key or missing for an
        # encrypted one.
        raise exception.PrivateKeyUnreadable() from exc


def decrypt_key(encrypted_key, password):
    """The PEM of ``encrypted_key`` without its password protection."""
    return _key_pem(load_private_key(encrypted_key, password))


def load_certificate(cert_pem):
    return x509.load_pem_x509_certificate(_bytes(cert_pem))


def not_valid_after(cert_pem):
    """When the certificate expires, as a timezone-aware UTC datetime."""
    return load_certificate(cert_pem).not_valid_after_utc


def _builder(subject, issuer, public_key):
    now = datetime.datetime.now(datetime.timezone.utc)
    return (x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(issuer)
            .public_key(public_key)
            .serial_number(uuid.uuid4().int)
            .not_valid_before(now - _BACKDATE)
            .not_valid_after(
                now + datetime.timedelta(days=CONF.x509.term_of_validity)))


def _add_identifiers(builder, public_key, issuer_key):
    # Every CA of a cluster (and its rotated successor) has the same subject;
    # the key identifiers let verifiers pick the right issuer.
    return (builder
            .add_extension(
                x509.SubjectKeyIdentifier.from_public_key(public_key),
                critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(
                    issuer_key.public_key()),
                critical=False))


def _pem(certificate):
    return certificate.public_bytes(serialization.Encoding.PEM).decode('ascii')


def _sign(builder, issuer_key):
    return _pem(builder.sign(private_key=issuer_key,
                             algorithm=hashes.SHA256()))


def generate_ca_certificate(subject_name, encryption_password=None):
    """A new self-signed CA whose subject and issuer CN is ``subject_name``.

    Returns ``{'certificate': pem, 'private_key': pem}``; the key is
    encrypted with ``encryption_password`` when one is given.
    """
    key = _generate_key()
    name = _name(subject_name)
    builder = (_builder(name, name, key.public_key())
               .add_extension(
                   x509.KeyUsage(
                       digital_signature=False, content_commitment=False,
                       key_encipherment=False, data_encipherment=False,
                       key_agreement=False, key_cert_sign=True,
                       crl_sign=True, encipher_only=False,
                       decipher_only=False),
                   critical=True)
               .add_extension(x509.BasicConstraints(ca=True, path_length=0),
                              critical=True))
    builder = _add_identifiers(builder, key.public_key(), key)
    key_pem = _key_pem(key, encryption_password)
    _remember_ca_key(key_pem, encryption_password, key)
    return {'certificate': _sign(builder, key), 'private_key': key_pem}


def generate_client_certificate(issuer_name, subject_name, organization_name,
                                ca_key, encryption_password=None,
                                ca_key_password=None):
    """A new client certificate signed by the CA ``issuer_name``.

    The subject is ``O=organization_name, CN=subject_name`` (Magnum's own:
    ``O=system:masters, CN=admin``). Returns ``{'certificate': pem,
    'private_key': pem}``, the key encrypted with ``encryption_password``
    when one is given.
    """
    issuer_key = load_private_key(ca_key, ca_key_password)
    key = _generate_key()
    builder = (_builder(_name(subject_name, organization_name),
                        _name(issuer_name), key.public_key())
               .add_extension(
                   x509.KeyUsage(
                       digital_signature=True, content_commitment=False,
                       key_encipherment=True, data_encipherment=False,
                       key_agreement=False, key_cert_sign=False,
                       crl_sign=False, encipher_only=False,
                       decipher_only=False),
                   critical=True)
               .add_extension(
                   x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]),
                   critical=False)
               .add_extension(x509.BasicConstraints(ca=False,
                                                    path_length=None),
                              critical=True))
    builder = _add_identifiers(builder, key.public_key(), issuer_key)
    return {'certificate': _sign(builder, issuer_key),
            'private_key': _key_pem(key, encryption_password)}


def load_csr(csr_pem):
    """A parsed, signature-checked CSR; ``InvalidCsr`` (400) otherwise."""
    try:
        csr = x509.load_pem_x509_csr(_bytes(csr_pem))
        # Parsing of the extensions and the key is lazy: force it here so a
        # malformed request is reported as such.
        list(csr.extensions)
        csr.public_key()
        valid = csr.is_signature_valid
    except (ValueError, TypeError, x509.DuplicateExtension,
            x509.UnsupportedGeneralNameType,
            crypto_exceptions.UnsupportedAlgorithm) as exc:
        raise exception.InvalidCsr(
            message=_("Received invalid csr: it is not a well-formed PEM "
                      "certificate signing request.")) from exc
    if not valid:
        raise exception.InvalidCsr(
            message=_("Received invalid csr: its signature does not match "
                      "its public key."))
    return csr


def sign(csr, issuer_name, ca_key, ca_key_password=None,
         skip_validation=False):
    """Sign a CSR (PEM) with the CA ``issuer_name``; returns the cert PEM.

    The subject and public key are copied from the request; extensions pass
    through ``validator.filter_extensions`` unless ``skip_validation`` (for
    requests Magnum built itself). The key identifiers are always computed
    by the signer.
    """
    request = load_csr(csr)
    issuer_key = load_private_key(ca_key, ca_key_password)
    if skip_validation:
        extensions = [(ext.value, ext.critical) for ext in request.extensions]
    else:
        extensions = validator.filter_extensions(request.extensions)

    public_key = request.public_key()
    builder = _builder(request.subject, _name(issuer_name), public_key)
    for value, critical in extensions:
        if value.oid not in _SIGNER_EXTENSIONS:
            builder = builder.add_extension(value, critical=critical)
    builder = _add_identifiers(builder, public_key, issuer_key)
    return _sign(builder, issuer_key)
