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

"""Which extensions of a signing request survive into the certificate.

The policy comes from ``[x509]``: an extension is copied only if its name is
in ``allowed_extensions`` (a disallowed one is dropped, or the request is
refused when the extension is critical); key usages are narrowed to
``allowed_key_usage``; and the CA bits (basicConstraints ``ca``,
keyCertSign, cRLSign) are cleared unless ``allow_ca``.
"""

from cryptography import x509
from cryptography.x509.oid import ExtensionOID

from magnum.common import exception
import magnum.conf

CONF = magnum.conf.CONF

# Names used in [x509] allowed_extensions (OpenSSL's short names).
EXTENSION_NAMES = {
    ExtensionOID.BASIC_CONSTRAINTS: 'basicConstraints',
    ExtensionOID.KEY_USAGE: 'keyUsage',
    ExtensionOID.EXTENDED_KEY_USAGE: 'extendedKeyUsage',
    ExtensionOID.SUBJECT_KEY_IDENTIFIER: 'subjectKeyIdentifier',
    ExtensionOID.AUTHORITY_KEY_IDENTIFIER: 'authorityKeyIdentifier',
    ExtensionOID.SUBJECT_ALTERNATIVE_NAME: 'subjectAltName',
    ExtensionOID.ISSUER_ALTERNATIVE_NAME: 'issuerAltName',
    ExtensionOID.AUTHORITY_INFORMATION_ACCESS: 'authorityInfoAccess',
    ExtensionOID.CRL_DISTRIBUTION_POINTS: 'crlDistributionPoints',
    ExtensionOID.CERTIFICATE_POLICIES: 'certificatePolicies',
    ExtensionOID.NAME_CONSTRAINTS: 'nameConstraints',
    ExtensionOID.POLICY_CONSTRAINTS: 'policyConstraints',
    ExtensionOID.INHIBIT_ANY_POLICY: 'inhibitAnyPolicy',
}

# Names used in [x509] allowed_key_usage -> cryptography's KeyUsage fields.
KEY_USAGE_FIELDS = {
    'Digital Signature': 'digital_signature',
    'Non Repudiation': 'content_commitment',
    'Key Encipherment': 'key_encipherment',
    'Data Encipherment': 'data_encipherment',
    'Key Agreement': 'key_agreement',
    'Certificate Sign': 'key_cert_sign',
    'CRL Sign': 'crl_sign',
    'Encipher Only': 'encipher_only',
    'Decipher Only': 'decipher_only',
}

CA_KEY_USAGE_FIELDS = frozenset(('key_cert_sign', 'crl_sign'))


def extension_name(extension):
    """The configuration name of an extension, else its dotted OID."""
    return EXTENSION_NAMES.get(extension.oid, extension.oid.dotted_string)


def _usages(key_usage):
    """The KeyUsage's set bits, as field names."""
    used = set()
    for field in KEY_USAGE_FIELDS.values():
        if field in ('encipher_only', 'decipher_only'):
            # cryptography refuses to read these without key_agreement.
            if not key_usage.key_agreement:
                continue
        if getattr(key_usage, field):
            used.add(field)
    return used


def _key_usage(fields):
    values = {field: field in fields for field in KEY_USAGE_FIELDS.values()}
    if not values['key_agreement']:
        values['encipher_only'] = values['decipher_only'] = False
    return x509.KeyUsage(**values)


def narrow_key_usage(key_usage, allowed_key_usage, allow_ca):
    """``key_usage`` without the bits policy forbids; ``None`` if none left.

    Narrowing is always safe (the certificate can do less than asked), so a
    critical keyUsage is narrowed rather than refused.
    """
    keep = {KEY_USAGE_FIELDS[name] for name in allowed_key_usage}
    if allow_ca:
        keep |= CA_KEY_USAGE_FIELDS
    else:
        keep -= CA_KEY_USAGE_FIELDS
    remaining = _usages(key_usage) & keep
    if not remaining:
        return None
    return _key_usage(remaining)


def narrow_basic_constraints(basic_constraints, allow_ca):
    if basic_constraints.ca and not allow_ca:
        return x509.BasicConstraints(ca=False, path_length=None)
    return basic_constraints


def filter_extensions(extensions, allowed_extensions=None,
                      allowed_key_usage=None, allow_ca=None):
    """The ``(value, critical)`` pairs to copy from a signing request.

    The policy arguments default to the ``[x509]`` options. Raises
    ``CertificateValidationError`` for a critical extension that is not
    allowed.
    """
    if allowed_extensions is None:
        allowed_extensions = CONF.x509.allowed_extensions
    if allowed_key_usage is None:
        allowed_key_usage = CONF.x509.allowed_key_usage
    if allow_ca is None:
        allow_ca = CONF.x509.allow_ca

    kept = []
    for extension in extensions:
        name = extension_name(extension)
        if name not in allowed_extensions:
            if extension.critical:
                raise exception.CertificateValidationError(extension=name)
            continue
        value = extension.value
        if isinstance(value, x509.KeyUsage):
            value = narrow_key_usage(value, allowed_key_usage, allow_ca)
        elif isinstance(value, x509.BasicConstraints):
            value = narrow_basic_constraints(value, allow_ca)
        if value is not None:
            kept.append((value, extension.critical))
    return kept
