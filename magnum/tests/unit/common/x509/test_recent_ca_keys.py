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

"""A CA key just generated is signed with again without re-reading it;
the password still has to be the right one."""

from cryptography import x509
import pytest

from magnum.common import exception
from magnum.common.x509 import operations


def public_numbers(key):
    return key.public_key().public_numbers()


def test_fresh_ca_key_is_taken_from_memory():
    ca = operations.generate_ca_certificate('c', encryption_password='pw1')
    key = operations.load_private_key(ca['private_key'], 'pw1')
    assert operations.load_private_key(ca['private_key'].encode(),
                                       b'pw1') is key
    cert = x509.load_pem_x509_certificate(ca['certificate'].encode())
    assert public_numbers(key) == cert.public_key().public_numbers()


@pytest.mark.parametrize('password', ['wrong', None])
def test_fresh_ca_key_still_needs_its_password(password):
    ca = operations.generate_ca_certificate('c', encryption_password='pw1')
    with pytest.raises(exception.PrivateKeyUnreadable):
        operations.load_private_key(ca['private_key'], password)


def test_older_ca_keys_are_read_from_their_pem():
    first = operations.generate_ca_certificate('c', encryption_password='a')
    for _ in range(operations._RECENT_CA_KEYS):
        operations.generate_ca_certificate('c', encryption_password='b')
    key = operations.load_private_key(first['private_key'], 'a')
    assert key is not operations.load_private_key(first['private_key'], 'a')
    cert = x509.load_pem_x509_certificate(first['certificate'].encode())
    assert public_numbers(key) == cert.public_key().public_numbers()


def test_client_certificate_from_a_fresh_ca_verifies():
    ca = operations.generate_ca_certificate('c', encryption_password='pw1')
    client = operations.generate_client_certificate(
        'c', 'admin', 'system:masters', ca['private_key'],
        ca_key_password='pw1')
    issued = x509.load_pem_x509_certificate(client['certificate'].encode())
    ca_cert = x509.load_pem_x509_certificate(ca['certificate'].encode())
    issued.verify_directly_issued_by(ca_cert)
