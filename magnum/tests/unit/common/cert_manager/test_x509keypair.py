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

"""The x509keypair backend on every database engine."""

from cryptography import fernet
import pytest
import sqlalchemy as sa

from magnum.common import cert_manager
from magnum.common.cert_manager import x509keypair_cert_manager
from magnum.common import exception
from magnum.db.sqlalchemy import models
from magnum.tests.unit.common.cert_manager.conftest import assert_same


@pytest.fixture
def manager(db, fernet_key):
    return x509keypair_cert_manager.X509KeyPairCertManager()


def raw_rows(db_engine):
    table = models.X509KeyPair.__table__
    with db_engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(sa.select(table))]


def test_round_trip(manager, material, ctx):
    ref = manager.store_cert(context=ctx, **material)
    cert = manager.get_cert(ref, context=ctx)
    assert_same(cert, material)
    assert cert.get_decrypted_private_key().startswith(
        '-----BEGIN PRIVATE KEY-----')


def test_optional_parts_stay_none(manager, material, ctx):
    ref = manager.store_cert(material['certificate'],
                             material['private_key'], context=ctx)
    cert = manager.get_cert(ref, context=ctx)
    assert cert.get_intermediates() is None
    assert cert.get_private_key_passphrase() is None


def test_no_private_key_in_clear_in_the_database(manager, material, ctx,
                                                 db_engine):
    ref = manager.store_cert(context=ctx, **material)
    rows = raw_rows(db_engine)
    assert [row['uuid'] for row in rows] == [ref]
    row = rows[0]
    assert row['project_id'] == ctx.project_id
    assert row['user_id'] == ctx.user_id
    assert row['certificate'] == material['certificate']
    dump = ' '.join(str(value) for value in row.values())
    key_body = material['private_key'].strip().splitlines()[1:-1]
    assert len(key_body) > 10
    assert 'PRIVATE KEY' not in dump
    for line in key_body:
        assert line not in dump
    assert material['private_key_passphrase'] not in dump
    assert 'BEGIN' not in row['private_key']


def test_rows_are_project_scoped(manager, material, ctx, other_ctx,
                                 admin_ctx):
    ref = manager.store_cert(context=ctx, **material)
    with pytest.raises(exception.CertificateNotFound):
        manager.get_cert(ref, context=other_ctx)
    with pytest.raises(exception.CertificateNotFound):
        manager.delete_cert(ref, context=other_ctx)
    assert_same(manager.get_cert(ref, context=admin_ctx), material)
    assert_same(manager.get_cert(ref), material)


def test_delete(manager, material, ctx, db_engine):
    ref = manager.store_cert(context=ctx, **material)
    manager.delete_cert(ref, context=ctx)
    assert raw_rows(db_engine) == []
    with pytest.raises(exception.CertificateNotFound) as info:
        manager.get_cert(ref, context=ctx)
    assert info.value.code == 404
    with pytest.raises(exception.CertificateNotFound):
        manager.delete_cert(ref, context=ctx)


def test_unknown_reference(manager):
    with pytest.raises(exception.CertificateNotFound):
        manager.get_cert('not-a-uuid')


def test_key_rotation(manager, material, ctx, conf, fernet_key):
    ref = manager.store_cert(context=ctx, **material)
    new_key = fernet.Fernet.generate_key().decode('ascii')
    conf.set_override('encryption_key', '%s, %s' % (new_key, fernet_key),
                      group='certificates')
    assert_same(manager.get_cert(ref, context=ctx), material)
    newer = manager.store_cert(context=ctx, **material)
    conf.set_override('encryption_key', new_key, group='certificates')
    assert_same(manager.get_cert(newer, context=ctx), material)
    with pytest.raises(exception.CertificateDecryptionFailed):
        manager.get_cert(ref, context=ctx)


def test_missing_key_is_a_clear_error(db, conf, material, ctx, db_engine):
    conf.set_override('encryption_key', None, group='certificates')
    manager = x509keypair_cert_manager.X509KeyPairCertManager()
    with pytest.raises(exception.CertificateEncryptionKeyMissing) as info:
        manager.store_cert(context=ctx, **material)
    assert 'encryption_key' in str(info.value)
    assert raw_rows(db_engine) == []


def test_invalid_key_does_not_echo_it(db, conf, material, ctx):
    conf.set_override('encryption_key', 'too-short-secret',
                      group='certificates')
    manager = x509keypair_cert_manager.X509KeyPairCertManager()
    with pytest.raises(exception.CertificateEncryptionKeyInvalid) as info:
        manager.store_cert(context=ctx, **material)
    assert 'too-short-secret' not in str(info.value)


def test_chosen_through_configuration(db, fernet_key, conf, material, ctx):
    conf.set_override('cert_manager_type', 'x509keypair',
                      group='certificates')
    manager = cert_manager.get_backend()
    assert isinstance(manager,
                      x509keypair_cert_manager.X509KeyPairCertManager)
    ref = manager.store_cert(context=ctx, **material)
    assert_same(cert_manager.get_backend().get_cert(ref, context=ctx),
                material)
