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

"""Federations: CRUD, names, scoping."""

from oslo_utils import uuidutils
import pytest

from magnum.common import exception


def _create(db, ctx, **kw):
    values = {'name': 'fed', 'project_id': ctx.project_id,
              'hostcluster_id': uuidutils.generate_uuid(),
              'member_ids': [], 'status': 'CREATE_IN_PROGRESS',
              'properties': {'dns-zone': 'example.com.'}}
    values.update(kw)
    return db.create_federation(values)


def test_crud(db, ctx):
    fed = _create(db, ctx)
    for found in (db.get_federation_by_id(ctx, fed.id),
                  db.get_federation_by_uuid(ctx, fed.uuid),
                  db.get_federation_by_name(ctx, 'fed')):
        assert found.uuid == fed.uuid
        assert found.properties == {'dns-zone': 'example.com.'}
        assert found.member_ids == []
    member = uuidutils.generate_uuid()
    db.update_federation(fed.uuid, {'member_ids': [member]})
    assert db.get_federation_by_id(ctx, fed.id).member_ids == [member]
    db.destroy_federation(fed.id)
    with pytest.raises(exception.FederationNotFound):
        db.get_federation_by_uuid(ctx, fed.uuid)
    with pytest.raises(exception.FederationNotFound):
        db.destroy_federation(fed.uuid)
    with pytest.raises(exception.FederationNotFound):
        db.update_federation(fed.uuid, {'name': 'x'})


def test_duplicates_and_conflicts(db, ctx):
    fed = _create(db, ctx)
    with pytest.raises(exception.FederationAlreadyExists):
        _create(db, ctx, uuid=fed.uuid)
    _create(db, ctx)
    with pytest.raises(exception.Conflicts):
        db.get_federation_by_name(ctx, 'fed')


def test_scoping_and_list(db, ctx, other_ctx, admin_ctx):
    mine = _create(db, ctx, name='b')
    mine2 = _create(db, ctx, name='a')
    theirs = _create(db, other_ctx)
    with pytest.raises(exception.FederationNotFound):
        db.get_federation_by_uuid(ctx, theirs.uuid)
    assert [f.uuid for f in db.get_federation_list(ctx, sort_key='name')] == [
        mine2.uuid, mine.uuid]
    assert [f.uuid for f in db.get_federation_list(
        ctx, filters={'name': 'b'})] == [mine.uuid]
    assert len(db.get_federation_list(admin_ctx)) == 3
    with pytest.raises(exception.FederationNotFound):
        db.get_federation_list(ctx, marker=theirs.uuid)
