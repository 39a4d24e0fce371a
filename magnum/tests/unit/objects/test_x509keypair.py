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

"""X509KeyPair objects on a real database (every engine)."""

import pytest

from magnum.common import exception
from magnum import objects


@pytest.fixture
def make_keypair(db, ctx):
    def make(context=ctx, **values):
        values.setdefault('certificate', 'CERT')
        values.setdefault('private_key', 'KEY')
        keypair = objects.X509KeyPair(context, project_id=context.project_id,
                                      user_id=context.user_id, **values)
        keypair.create()
        return keypair
    return make


def test_create_and_get(make_keypair, ctx):
    keypair = make_keypair(intermediates='INTER')
    for ident in (keypair.id, keypair.uuid):
        found = objects.X509KeyPair.get(ctx, ident)
        assert found.certificate == 'CERT'
        assert found.intermediates == 'INTER'


def test_name_is_not_an_identity(make_keypair, ctx):
    make_keypair()
    with pytest.raises(exception.InvalidIdentity):
        objects.X509KeyPair.get(ctx, 'some-name')


def test_project_scoped(make_keypair, other_ctx):
    keypair = make_keypair()
    with pytest.raises(exception.X509KeyPairNotFound):
        objects.X509KeyPair.get(other_ctx, keypair.uuid)
    assert objects.X509KeyPair.list(other_ctx) == []


def test_secrets_are_masked_in_repr(make_keypair):
    keypair = make_keypair(private_key_passphrase='hunter2')
    assert 'hunter2' not in repr(keypair)
    assert 'KEY' not in repr(keypair)


def test_list_save_destroy(make_keypair, ctx):
    first = make_keypair()
    second = make_keypair()
    assert [k.uuid for k in objects.X509KeyPair.list(ctx)] == \
        [first.uuid, second.uuid]
    assert [k.uuid for k in objects.X509KeyPair.list(
        ctx, marker=first.uuid)] == [second.uuid]
    first.certificate = 'NEW'
    first.save()
    assert objects.X509KeyPair.get(ctx, first.uuid).certificate == 'NEW'
    first.destroy()
    with pytest.raises(exception.X509KeyPairNotFound):
        objects.X509KeyPair.get(ctx, first.uuid)
