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

"""The local (files) backend."""

import os
import stat

import pytest

from magnum.common import cert_manager
from magnum.common.cert_manager import local_cert_manager
from magnum.common import exception
from magnum.tests.unit.common.cert_manager.conftest import assert_same


@pytest.fixture
def store(tmp_path, conf):
    path = tmp_path / 'certs'
    conf.set_override('storage_path', str(path), group='certificates')
    conf.set_override('cert_manager_type', 'local', group='certificates')
    return path


def files(store, ref):
    return sorted(p.name for p in store.iterdir() if p.name.startswith(ref))


def test_round_trip_and_file_modes(store, material):
    manager = cert_manager.get_backend()
    assert isinstance(manager, local_cert_manager.LocalCertManager)
    ref = manager.store_cert(**material)
    assert files(store, ref) == [ref + s
                                 for s in ('.crt', '.int', '.key', '.pass')]
    for name in files(store, ref):
        assert stat.S_IMODE(os.stat(store / name).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(store).st_mode) == 0o700
    assert_same(cert_manager.get_backend().get_cert(ref), material)


def test_without_encryption_key_files_hold_what_was_given(store, material):
    manager = local_cert_manager.LocalCertManager()
    ref = manager.store_cert(**material)
    assert (store / (ref + '.key')).read_text() == material['private_key']
    assert (store / (ref + '.crt')).read_text() == material['certificate']


def test_with_encryption_key_secrets_are_encrypted(store, material,
                                                   fernet_key, conf):
    manager = local_cert_manager.LocalCertManager()
    ref = manager.store_cert(**material)
    for suffix in ('.key', '.pass'):
        text = (store / (ref + suffix)).read_text()
        assert text.startswith(local_cert_manager.ENCRYPTED_MARKER)
    key_text = (store / (ref + '.key')).read_text()
    assert 'PRIVATE KEY' not in key_text
    assert material['private_key_passphrase'] not in (
        store / (ref + '.pass')).read_text()
    assert_same(manager.get_cert(ref), material)
    conf.set_override('encryption_key', None, group='certificates')
    with pytest.raises(exception.CertificateEncryptionKeyMissing):
        manager.get_cert(ref)


def test_optional_parts(store, material):
    manager = local_cert_manager.LocalCertManager()
    ref = manager.store_cert(material['certificate'], material['private_key'])
    assert files(store, ref) == [ref + '.crt', ref + '.key']
    cert = manager.get_cert(ref)
    assert cert.get_intermediates() is None
    assert cert.get_private_key_passphrase() is None


def test_delete(store, material):
    manager = local_cert_manager.LocalCertManager()
    ref = manager.store_cert(**material)
    other = manager.store_cert(**material)
    manager.delete_cert(ref)
    assert files(store, ref) == []
    assert len(files(store, other)) == 4
    with pytest.raises(exception.CertificateNotFound):
        manager.get_cert(ref)
    with pytest.raises(exception.CertificateNotFound):
        manager.delete_cert(ref)


@pytest.mark.parametrize('ref', ['../../etc/passwd', '', 'x' * 36])
def test_references_must_be_uuids(store, ref):
    manager = local_cert_manager.LocalCertManager()
    with pytest.raises(exception.CertificateNotFound):
        manager.get_cert(ref)


def test_unwritable_storage_is_a_clear_error(tmp_path, material):
    blocker = tmp_path / 'file'
    blocker.write_text('')
    manager = local_cert_manager.LocalCertManager(
        storage_path=str(blocker / 'sub'))
    with pytest.raises(exception.CertManagerError) as info:
        manager.store_cert(**material)
    assert 'local' in str(info.value)


def test_unknown_backend(conf):
    with pytest.raises(exception.CertManagerError) as info:
        cert_manager.get_backend('nope')
    assert 'magnum.cert_manager.backend' in str(info.value)
