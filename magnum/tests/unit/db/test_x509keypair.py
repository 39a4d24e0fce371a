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

"""X509 key pairs: CRUD and project scoping."""

from oslo_utils import uuidutils
import pytest

from magnum.common import exception


def _create(db, ctx, **kw):
    values = {'certificate': 'CERT', 'private_key': 'KEY',
              'private_key_passphrase': 'pass', 'intermediates': 'INT',
              'project_id': ctx.project_id, 'user_id': ctx.user_id}
    values.update(kw)
    return db.create_x509keypair(values)


def test_crud(db, ctx):
    pair = _create(db, ctx, private_key='K' * 10000)
    assert uuidutils.is_uuid_like(pair.uuid)
    assert db.get_x509keypair_by_id(ctx, pair.id).uuid == pair.uuid
    found = db.get_x509keypair_by_uuid(ctx, pair.uuid)
    assert found.private_key == 'K' * 10000
    assert found.certificate == 'CERT'
    db.update_x509keypair(pair.uuid, {'certificate': 'NEW'})
    assert db.get_x509keypair_by_id(ctx, pair.id).certificate == 'NEW'
    db.destroy_x509keypair(pair.id)
    with pytest.raises(exception.X509KeyPairNotFound):
        db.get_x509keypair_by_uuid(ctx, pair.uuid)
    with pytest.raises(exception.X509KeyPairNotFound):
        db.destroy_x509keypair(pair.uuid)
    with pytest.raises(exception.X509KeyPairNotFound):
        db.update_x509keypair(pair.uuid, {'certificate': 'X'})


def test_duplicate_uuid(db, ctx):
    pair = _create(db, ctx)
    with pytest.raises(exception.X509KeyPairAlreadyExists):
        _create(db, ctx, uuid=pair.uuid)


def test_scoping_and_list(db, ctx, other_ctx, admin_ctx):
    mine = [_create(db, ctx) for _ in range(3)]
    theirs = _create(db, other_ctx)
    with pytest.raises(exception.X509KeyPairNotFound):
        db.get_x509keypair_by_uuid(ctx, theirs.uuid)
    with pytest.raises(exception.X509KeyPairNotFound):
        db.get_x509keypair_by_id(ctx, theirs.id)
    assert [p.uuid for p in db.get_x509keypair_list(ctx)] == [
        p.uuid for p in mine]
    page = db.get_x509keypair_list(ctx, limit=2, sort_dir='desc')
    assert [p.uuid for p in page] == [mine[2].uuid, mine[1].uuid]
    assert len(db.get_x509keypair_list(admin_ctx)) == 4
    assert len(db.get_x509keypair_list(
        admin_ctx, filters={'project_id': other_ctx.project_id})) == 1
