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

"""Federation objects on a real database (every engine)."""

from oslo_utils import uuidutils
import pytest

from magnum.common import exception
from magnum import objects


@pytest.fixture
def make_federation(db, ctx):
    def make(context=ctx, **values):
        values.setdefault('name', 'fed')
        values.setdefault('hostcluster_id', uuidutils.generate_uuid())
        values.setdefault('member_ids', [])
        values.setdefault('properties', {'dns-zone': 'example.com.'})
        values.setdefault('status', 'CREATE_IN_PROGRESS')
        federation = objects.Federation(
            context, project_id=context.project_id, **values)
        federation.create()
        return federation
    return make


def test_create_and_get(make_federation, ctx):
    member = uuidutils.generate_uuid()
    federation = make_federation(name='f1', member_ids=[member])
    for ident in (federation.id, federation.uuid, 'f1'):
        found = objects.Federation.get(ctx, ident)
        assert found.member_ids == [member]
        assert found.properties == {'dns-zone': 'example.com.'}


def test_ambiguous_name(make_federation, ctx):
    make_federation(name='dup')
    make_federation(name='dup')
    with pytest.raises(exception.Conflicts):
        objects.Federation.get(ctx, 'dup')


def test_project_scoped(make_federation, other_ctx):
    federation = make_federation()
    with pytest.raises(exception.FederationNotFound):
        objects.Federation.get(other_ctx, federation.uuid)


def test_list_save_refresh_destroy(make_federation, ctx):
    first = make_federation(name='a')
    second = make_federation(name='b')
    assert [f.name for f in objects.Federation.list(ctx)] == ['a', 'b']
    assert [f.name for f in objects.Federation.list(
        ctx, marker=first.uuid)] == ['b']

    other = objects.Federation.get(ctx, second.uuid)
    other.member_ids = ['x']
    other.status = 'UPDATE_COMPLETE'
    other.save()
    second.refresh()
    assert (second.member_ids, second.status) == (['x'], 'UPDATE_COMPLETE')

    second.destroy()
    with pytest.raises(exception.FederationNotFound):
        objects.Federation.get(ctx, second.uuid)
