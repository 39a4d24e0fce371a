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

"""The shared object machinery and field types (no database)."""

import datetime

from oslo_utils import uuidutils
import pytest

from magnum.common import exception
from magnum import objects
from magnum.objects import base
from magnum.objects import fields as m_fields


def _lookup(ident, with_name=True):
    return base.lookup(ident, lambda i: ('id', i), lambda u: ('uuid', u),
                       (lambda n: ('name', n)) if with_name else None)


def test_lookup_dispatches_on_the_kind_of_identity():
    uuid = uuidutils.generate_uuid()
    assert _lookup(7) == ('id', 7)
    assert _lookup('7') == ('id', 7)
    assert _lookup(uuid) == ('uuid', uuid)
    assert _lookup('my-cluster') == ('name', 'my-cluster')


def test_lookup_without_names():
    with pytest.raises(exception.InvalidIdentity):
        _lookup('my-cluster', with_name=False)


def test_aware_datetimes_reach_the_db_as_naive_utc():
    plus_two = datetime.timezone(datetime.timedelta(hours=2))
    value = datetime.datetime(2026, 1, 1, 12, 0, tzinfo=plus_two)
    assert base._to_db_value(value) == datetime.datetime(2026, 1, 1, 10, 0)
    assert base._to_db_value('x') == 'x'


def test_cluster_status_values():
    status = m_fields.ClusterStatus
    assert len(status.ALL) == 18
    assert len(set(status.ALL)) == 18
    assert set(status.STATUS_FAILED) == {
        'CREATE_FAILED', 'UPDATE_FAILED', 'DELETE_FAILED',
        'ROLLBACK_FAILED', 'RESUME_FAILED'}
    assert set(status.IN_PROGRESS) | set(status.COMPLETE) | set(
        status.STATUS_FAILED) == set(status.ALL)
    assert not set(status.IN_PROGRESS) & set(status.STABLE)


def test_other_enums():
    assert m_fields.ClusterHealthStatus.ALL == (
        'HEALTHY', 'UNHEALTHY', 'UNKNOWN')
    assert len(m_fields.FederationStatus.ALL) == 9
    assert m_fields.MagnumServiceState.ALL == ('up', 'down')
    assert m_fields.MagnumServiceBinary.ALL == ('magnum-conductor',)
    assert m_fields.ServerType.ALL == ('vm', 'bm')
    assert m_fields.QuotaResourceName.ALL == ('Cluster',)


def test_dict_of_strings_coerces_values():
    field = m_fields.DictOfStringsField(nullable=True)
    assert field.coerce(None, 'labels', {'a': 1, 'b': 'x'}) == \
        {'a': '1', 'b': 'x'}
    assert field.coerce(None, 'labels', None) is None


def test_secret_string_is_hidden():
    field = m_fields.SecretStringField(nullable=True)
    assert field.stringify('secret') == "'***'"
    assert field.coerce(None, 'private_key', 'secret') == 'secret'


def test_serializer_round_trip_without_db(ctx):
    serializer = base.MagnumObjectSerializer()
    stats = objects.Stats(ctx, clusters=2, nodes=5)
    back = serializer.deserialize_entity(
        ctx, serializer.serialize_entity(ctx, [stats]))
    assert isinstance(back[0], objects.Stats)
    assert (back[0].clusters, back[0].nodes) == (2, 5)
    assert serializer.serialize_entity(ctx, {'plain': 1}) == {'plain': 1}


def test_as_dict_holds_only_set_fields():
    cert = objects.Certificate(cluster_uuid='c', csr='CSR')
    assert cert.as_dict() == {'cluster_uuid': 'c', 'csr': 'CSR'}


def test_cluster_without_uuid_cannot_load_nodegroups(ctx):
    with pytest.raises(exception.ObjectActionError):
        objects.Cluster(ctx).node_count
