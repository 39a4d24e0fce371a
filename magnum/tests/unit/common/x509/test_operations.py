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

"""CA and client certificate generation, key handling, expiry."""

import datetime

from cryptography import exceptions as crypto_exceptions
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import ExtendedKeyUsageOID
from cryptography.x509.oid import NameOID
import pytest

from magnum.common import exception
from magnum.common.x509 import operations


def load(pem):
    return x509.load_pem_x509_certificate(pem.encode('ascii'))


def verify(cert, ca_cert):
    """Raises InvalidSignature unless ``ca_cert``'s key signed ``cert``."""
    ca_cert.public_key().verify(cert.signature, cert.tbs_certificate_bytes,
                                padding.PKCS1v15(),
                                cert.signature_hash_algorithm)


def cn(name):
    return name.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value


@pytest.fixture(scope='module')
def client(ca):
    return operations.generate_client_certificate(
        'cluster-1', 'admin', 'system:masters', ca['private_key'],
        encryption_password='client-pass', ca_key_password='ca-pass')


class TestCA:

    def test_subject_and_issuer_are_the_name(self, ca):
        cert = load(ca['certificate'])
        assert cn(cert.subject) == 'cluster-1'
        assert cert.issuer == cert.subject
        verify(cert, cert)

    def test_ca_extensions(self, ca):
        cert = load(ca['certificate'])
        constraints = cert.extensions.get_extension_for_class(
            x509.BasicConstraints)
        assert constraints.critical
        assert constraints.value.ca is True
        assert constraints.value.path_length == 0
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
        assert usage.key_cert_sign and usage.crl_sign
        assert not usage.digital_signature and not usage.key_encipherment
        cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)

    def test_validity_key_size_digest(self, ca):
        cert = load(ca['certificate'])
        now = datetime.datetime.now(datetime.timezone.utc)
        backdate = now - cert.not_valid_before_utc
        assert datetime.timedelta(hours=23) < backdate
        assert backdate < datetime.timedelta(days=1, minutes=5)
        term = cert.not_valid_after_utc - now
        assert abs(term - datetime.timedelta(days=1825)) < \
            datetime.timedelta(minutes=5)
        assert cert.public_key().key_size == 2048
        assert isinstance(cert.signature_hash_algorithm, hashes.SHA256)

    def test_serials_are_random_uuid_sized(self, ca):
        other = operations.generate_ca_certificate('cluster-1')
        first = load(ca['certificate']).serial_number
        second = load(other['certificate']).serial_number
        assert first != second
        assert 0 < first < 2 ** 128

    def test_key_is_encrypted_with_the_password(self, ca):
        assert 'ENCRYPTED PRIVATE KEY' in ca['private_key']
        with pytest.raises(TypeError):
            serialization.load_pem_private_key(
                ca['private_key'].encode(), password=None)
        clear = operations.decrypt_key(ca['private_key'], 'ca-pass')
        assert 'ENCRYPTED' not in clear
        key = serialization.load_pem_private_key(clear.encode(), None)
        assert key.public_key().public_numbers() == \
            load(ca['certificate']).public_key().public_numbers()

    def test_without_password_the_key_is_clear(self, conf):
        conf.set_override('rsa_key_size', 3072, group='x509')
        conf.set_override('term_of_validity', 10, group='x509')
        ca = operations.generate_ca_certificate('other')
        assert 'BEGIN PRIVATE KEY' in ca['private_key']
        cert = load(ca['certificate'])
        assert cert.public_key().key_size == 3072
        assert (cert.not_valid_after_utc - cert.not_valid_before_utc
                == datetime.timedelta(days=11))


class TestClientCertificate:

    def test_subject_and_issuer(self, client):
        cert = load(client['certificate'])
        assert cn(cert.subject) == 'admin'
        org = cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
        assert [a.value for a in org] == ['system:masters']
        assert cn(cert.issuer) == 'cluster-1'

    def test_verifies_against_its_ca_only(self, client, ca):
        cert = load(client['certificate'])
        verify(cert, load(ca['certificate']))
        cert.verify_directly_issued_by(load(ca['certificate']))
        stranger = load(operations.generate_ca_certificate(
            'cluster-1')['certificate'])
        with pytest.raises(crypto_exceptions.InvalidSignature):
            verify(cert, stranger)

    def test_client_extensions(self, client, ca):
        cert = load(client['certificate'])
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
        assert usage.digital_signature and usage.key_encipherment
        assert not usage.key_cert_sign
        eku = cert.extensions.get_extension_for_class(
            x509.ExtendedKeyUsage).value
        assert list(eku) == [ExtendedKeyUsageOID.CLIENT_AUTH]
        constraints = cert.extensions.get_extension_for_class(
            x509.BasicConstraints).value
        assert constraints.ca is False
        aki = cert.extensions.get_extension_for_class(
            x509.AuthorityKeyIdentifier).value
        ski = load(ca['certificate']).extensions.get_extension_for_class(
            x509.SubjectKeyIdentifier).value
        assert aki.key_identifier == ski.digest

    def test_key_matches_and_is_encrypted(self, client):
        assert 'ENCRYPTED PRIVATE KEY' in client['private_key']
        key = operations.load_private_key(client['private_key'],
                                          'client-pass')
        assert key.public_key().public_numbers() == \
            load(client['certificate']).public_key().public_numbers()

    def test_wrong_ca_password(self, ca):
        with pytest.raises(exception.PrivateKeyUnreadable):
            operations.generate_client_certificate(
                'cluster-1', 'admin', 'system:masters', ca['private_key'],
                ca_key_password='wrong')


def test_decrypt_key_with_wrong_password(ca):
    with pytest.raises(exception.PrivateKeyUnreadable):
        operations.decrypt_key(ca['private_key'], 'nope')


def test_decrypt_key_accepts_bytes(ca):
    clear = operations.decrypt_key(ca['private_key'].encode(), b'ca-pass')
    assert clear.startswith('-----BEGIN PRIVATE KEY-----')


def test_not_valid_after_is_aware_utc(ca):
    expiry = operations.not_valid_after(ca['certificate'])
    assert expiry.tzinfo is not None
    assert expiry.utcoffset() == datetime.timedelta(0)
    assert expiry == load(ca['certificate']).not_valid_after_utc
    assert expiry > datetime.datetime.now(datetime.timezone.utc)
