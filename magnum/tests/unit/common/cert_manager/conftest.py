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

"""Fixtures of the certificate manager tests.

``material`` (module)
    A real CA: ``certificate``, ``private_key`` (encrypted),
    ``private_key_passphrase`` and, as ``intermediates``, another CA's PEM.
``conf`` / ``conf_fixture``
    ``magnum.conf.CONF`` under an oslo.config fixture / that fixture.
``fernet_key``
    A fresh Fernet key set as ``[certificates] encryption_key``.
"""

from cryptography import fernet
from oslo_config import fixture as config_fixture
import pytest

from magnum.common.x509 import operations
import magnum.conf


@pytest.fixture(scope='module')
def material():
    ca = operations.generate_ca_certificate('cluster-1',
                                            encryption_password='s3cret-pass')
    other = operations.generate_ca_certificate('intermediate')
    return {'certificate': ca['certificate'],
            'private_key': ca['private_key'],
            'intermediates': other['certificate'],
            'private_key_passphrase': 's3cret-pass'}


@pytest.fixture
def conf_fixture():
    fixture = config_fixture.Config(magnum.conf.CONF)
    fixture.setUp()
    yield fixture
    fixture.cleanUp()


@pytest.fixture
def conf(conf_fixture):
    return conf_fixture.conf


@pytest.fixture
def fernet_key(conf):
    key = fernet.Fernet.generate_key().decode('ascii')
    conf.set_override('encryption_key', key, group='certificates')
    return key


def assert_same(cert, material):
    assert cert.get_certificate() == material['certificate']
    assert cert.get_private_key() == material['private_key']
    assert cert.get_intermediates() == material['intermediates']
    assert (cert.get_private_key_passphrase()
            == material['private_key_passphrase'])
