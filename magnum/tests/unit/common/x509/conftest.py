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

"""Fixtures of the x509 tests; RSA keys are made once per module.

``ca`` (module)
    ``generate_ca_certificate('cluster-1', 'ca-pass')`` output.
``request_key`` (module)
    An RSA key for building CSRs.
``make_csr(*extensions)``
    A signed CSR PEM (CN=node-1, O=nodes) carrying ``(value, critical)``
    extensions.
``conf``
    ``magnum.conf.CONF`` under an oslo.config fixture (overrides undone).
"""

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID
from oslo_config import fixture as config_fixture
import pytest

from magnum.common.x509 import operations
import magnum.conf


@pytest.fixture
def conf():
    fixture = config_fixture.Config(magnum.conf.CONF)
    fixture.setUp()
    yield fixture.conf
    fixture.cleanUp()


@pytest.fixture(scope='module')
def ca():
    return operations.generate_ca_certificate('cluster-1',
                                              encryption_password='ca-pass')


@pytest.fixture(scope='module')
def request_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def make_csr(request_key):
    def make(*extensions):
        builder = x509.CertificateSigningRequestBuilder().subject_name(
            x509.Name([
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, 'nodes'),
                x509.NameAttribute(NameOID.COMMON_NAME, 'node-1'),
            ]))
        for value, critical in extensions:
            builder = builder.add_extension(value, critical=critical)
        csr = builder.sign(request_key, hashes.SHA256())
        return csr.public_bytes(serialization.Encoding.PEM).decode('ascii')
    return make
