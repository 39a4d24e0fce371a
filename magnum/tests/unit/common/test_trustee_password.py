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

"""Trustee credentials stored on the cluster row, sealed at rest."""

import uuid

from cryptography import fernet
import pytest
import sqlalchemy as sa

from magnum.common import exception
from magnum.common import keystone
from magnum.common import trustee_password
from magnum import objects
from magnum.tests.unit.drivers import conftest as drivers_conftest


conf = drivers_conftest.conf


@pytest.fixture
def key(conf):
    value = fernet.Fernet.generate_key().decode()
    conf.config(group='certificates', encryption_key=value)
    return value


def test_generated_passwords_are_long_and_differ():
    first, second = trustee_password.generate(), trustee_password.generate()
    assert first != second
    assert len(first) >= 20 and first.isalnum()


def test_kept_as_it_is_without_a_key(conf):
    assert trustee_password.seal('abc') == 'abc'
    assert trustee_password.reveal('abc') == 'abc'
    assert trustee_password.seal(None) is None


def test_sealed_with_the_key_and_readable_after_rotation(conf, key):
    sealed = trustee_password.seal('abc')
    assert sealed.startswith('fernet:') and 'abc' not in sealed
    assert trustee_password.reveal(sealed) == 'abc'
    # A new key first, the old one still listed: old values still open.
    conf.config(group='certificates', encryption_key='%s,%s' % (
        fernet.Fernet.generate_key().decode(), key))
    assert trustee_password.reveal(sealed) == 'abc'
    conf.config(group='certificates',
                encryption_key=fernet.Fernet.generate_key().decode())
    with pytest.raises(exception.CertificateDecryptionFailed):
        trustee_password.reveal(sealed)


def test_stored_on_the_cluster_row_sealed(db, db_engine, ctx, key):
    cluster = objects.Cluster(
        ctx, uuid=str(uuid.uuid4()), name='c', project_id=ctx.project_id,
        user_id=ctx.user_id, cluster_template_id=str(uuid.uuid4()),
        labels={}, trust_id='trust-1', trustee_user_id='user-1',
        trustee_username='c_project',
        trustee_password=trustee_password.seal('clear-password'))
    cluster.create()

    with db_engine.connect() as connection:
        row = connection.execute(sa.text(
            'SELECT trust_id, trustee_user_id, trustee_username, '
            'trustee_password FROM cluster WHERE uuid = :uuid'),
            {'uuid': cluster.uuid}).one()
    assert row[:3] == ('trust-1', 'user-1', 'c_project')
    assert 'clear-password' not in row[3]

    loaded = objects.Cluster.get_by_uuid(ctx, cluster.uuid)
    assert keystone.trustee_of(loaded) == keystone.Trustee(
        'user-1', 'clear-password')
    # The object's repr masks the (sealed) password too.
    assert row[3] not in repr(loaded)


def test_no_trustee_without_user_or_password(db, ctx):
    cluster = objects.Cluster(ctx, uuid=str(uuid.uuid4()),
                              trustee_user_id='user-1')
    assert keystone.trustee_of(cluster) is None
    assert keystone.trustee_of(objects.Cluster(ctx)) is None
