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

"""Signing CSRs: subject copy, extension policy, CA requests, bad input."""

import base64
import ipaddress

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.x509.oid import ExtendedKeyUsageOID
from cryptography.x509.oid import NameOID
import pytest

from magnum.common import exception
from magnum.common.x509 import operations


def key_usage(**bits):
    values = dict.fromkeys(
        ('digital_signature', 'content_commitment', 'key_encipherment',
         'data_encipherment', 'key_agreement', 'key_cert_sign', 'crl_sign',
         'encipher_only', 'decipher_only'), False)
    values.update(bits)
    return x509.KeyUsage(**values)


SAN = x509.SubjectAlternativeName([
    x509.DNSName('node-1.example.org'),
    x509.IPAddress(ipaddress.ip_address('10.0.0.5'))])
EKU = x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH,
                             ExtendedKeyUsageOID.CLIENT_AUTH])
CA_CONSTRAINTS = x509.BasicConstraints(ca=True, path_length=None)
NAME_CONSTRAINTS = x509.NameConstraints(
    permitted_subtrees=[x509.DNSName('example.org')], excluded_subtrees=None)
POLICIES = x509.CertificatePolicies([
    x509.PolicyInformation(x509.ObjectIdentifier('1.2.3.4'), None)])


@pytest.fixture
def sign(ca):
    def sign(csr, **kwargs):
        pem = operations.sign(csr, 'cluster-1', ca['private_key'],
                              ca_key_password='ca-pass', **kwargs)
        return x509.load_pem_x509_certificate(pem.encode('ascii'))
    return sign


def ext(cert, cls):
    try:
        return cert.extensions.get_extension_for_class(cls)
    except x509.ExtensionNotFound:
        return None


def test_subject_copied_issuer_is_the_cluster(sign, make_csr, ca,
                                              request_key):
    cert = sign(make_csr())
    assert cert.subject.rfc4514_string() == 'CN=node-1,O=nodes'
    assert cert.issuer.get_attributes_for_oid(
        NameOID.COMMON_NAME)[0].value == 'cluster-1'
    assert (cert.public_key().public_numbers()
            == request_key.public_key().public_numbers())
    ca_cert = x509.load_pem_x509_certificate(ca['certificate'].encode())
    ca_cert.public_key().verify(cert.signature, cert.tbs_certificate_bytes,
                                padding.PKCS1v15(),
                                cert.signature_hash_algorithm)
    ski = ext(cert, x509.SubjectKeyIdentifier).value
    assert ski == x509.SubjectKeyIdentifier.from_public_key(
        request_key.public_key())


def test_allowed_extensions_are_copied(sign, make_csr):
    cert = sign(make_csr(
        (key_usage(digital_signature=True, key_encipherment=True,
                   content_commitment=True), True),
        (EKU, False), (SAN, False),
        (x509.BasicConstraints(ca=False, path_length=None), True)))
    usage = ext(cert, x509.KeyUsage)
    assert usage.critical
    assert usage.value == key_usage(digital_signature=True,
                                    key_encipherment=True,
                                    content_commitment=True)
    assert ext(cert, x509.ExtendedKeyUsage).value == EKU
    assert ext(cert, x509.SubjectAlternativeName).value == SAN
    assert ext(cert, x509.BasicConstraints).value.ca is False


def test_disallowed_key_usages_are_removed(sign, make_csr):
    cert = sign(make_csr((key_usage(digital_signature=True,
                                    data_encipherment=True,
                                    key_agreement=True,
                                    encipher_only=True), True)))
    assert ext(cert, x509.KeyUsage).value == key_usage(
        digital_signature=True)


def test_noncritical_disallowed_extension_is_dropped(sign, make_csr):
    cert = sign(make_csr((POLICIES, False), (SAN, False)))
    assert ext(cert, x509.CertificatePolicies) is None
    assert ext(cert, x509.SubjectAlternativeName).value == SAN


def test_critical_disallowed_extension_is_rejected(sign, make_csr):
    with pytest.raises(exception.CertificateValidationError) as info:
        sign(make_csr((SAN, False), (NAME_CONSTRAINTS, True)))
    assert info.value.code == 400
    assert 'nameConstraints' in str(info.value)


def test_configuration_decides_what_is_allowed(sign, make_csr, conf):
    conf.set_override('allowed_extensions', ['keyUsage', 'nameConstraints'],
                      group='x509')
    conf.set_override('allowed_key_usage', ['Data Encipherment'],
                      group='x509')
    cert = sign(make_csr(
        (NAME_CONSTRAINTS, True), (SAN, False),
        (key_usage(digital_signature=True, data_encipherment=True), True)))
    assert ext(cert, x509.NameConstraints).value == NAME_CONSTRAINTS
    assert ext(cert, x509.SubjectAlternativeName) is None
    assert ext(cert, x509.KeyUsage).value == key_usage(
        data_encipherment=True)
    with pytest.raises(exception.CertificateValidationError):
        sign(make_csr((SAN, True)))


def test_key_usage_with_nothing_allowed_left_is_dropped(sign, make_csr):
    cert = sign(make_csr((key_usage(data_encipherment=True), False)))
    assert ext(cert, x509.KeyUsage) is None


def ca_request(make_csr):
    return make_csr((CA_CONSTRAINTS, True),
                    (key_usage(key_cert_sign=True, crl_sign=True,
                               digital_signature=True), True))


def test_ca_request_loses_its_ca_bits(sign, make_csr):
    cert = sign(ca_request(make_csr))
    constraints = ext(cert, x509.BasicConstraints)
    assert constraints.critical
    assert constraints.value.ca is False
    usage = ext(cert, x509.KeyUsage).value
    assert not usage.key_cert_sign and not usage.crl_sign
    assert usage.digital_signature


def test_ca_bits_stay_out_even_if_listed_in_key_usage(sign, make_csr, conf):
    conf.set_override('allowed_key_usage',
                      ['Certificate Sign', 'CRL Sign', 'Digital Signature'],
                      group='x509')
    usage = ext(sign(ca_request(make_csr)), x509.KeyUsage).value
    assert not usage.key_cert_sign and not usage.crl_sign


def test_ca_request_with_allow_ca(sign, make_csr, conf):
    conf.set_override('allow_ca', True, group='x509')
    cert = sign(ca_request(make_csr))
    assert ext(cert, x509.BasicConstraints).value.ca is True
    usage = ext(cert, x509.KeyUsage).value
    assert usage.key_cert_sign and usage.crl_sign and usage.digital_signature


def test_request_identifiers_are_replaced(sign, make_csr, request_key):
    bogus = x509.SubjectKeyIdentifier(b'\x01' * 20)
    cert = sign(make_csr((bogus, False)))
    assert ext(cert, x509.SubjectKeyIdentifier).value != bogus


def test_skip_validation_copies_everything(sign, make_csr):
    cert = sign(make_csr((NAME_CONSTRAINTS, True), (CA_CONSTRAINTS, True)),
                skip_validation=True)
    assert ext(cert, x509.NameConstraints).value == NAME_CONSTRAINTS
    assert ext(cert, x509.BasicConstraints).value.ca is True


@pytest.mark.parametrize('csr', [
    '',
    'not a csr',
    '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n'
    '-----END CERTIFICATE REQUEST-----\n',
    None,
])
def test_malformed_csr(sign, csr):
    with pytest.raises(exception.InvalidCsr) as info:
        sign(csr)
    assert info.value.code == 400


def test_certificate_instead_of_csr(sign, ca):
    with pytest.raises(exception.InvalidCsr):
        sign(ca['certificate'])


def test_csr_with_a_broken_signature(sign, make_csr):
    pem = make_csr()
    body = ''.join(pem.strip().splitlines()[1:-1])
    der = bytearray(base64.b64decode(body))
    der[-5] ^= 0xFF  # inside the signature
    tampered = ('-----BEGIN CERTIFICATE REQUEST-----\n'
                + base64.encodebytes(bytes(der)).decode()
                + '-----END CERTIFICATE REQUEST-----\n')
    with pytest.raises(exception.InvalidCsr) as info:
        sign(tampered)
    assert 'signature' in str(info.value)
