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


"""Loading objects from rows: values already of their field's type are
taken as they are, anything else goes through the field's coercion."""

import datetime
import types

import pytest

from magnum.common import context
from magnum import objects


def _row(**values):
    row = {name: None for name in objects.Cluster.fields}
    row.update(uuid='4c5b5ad0-0c8e-4a47-9f0e-3a2b6f7d1e10', id=7,
               floating_ip_enabled=True, master_lb_enabled=False)
    row.update(values)
    return types.SimpleNamespace(**row)


def _load(row):
    return objects.Cluster._from_db_object(
        objects.Cluster(context.make_context()), row)


def test_typed_values_load_as_the_fields_would_coerce_them():
    created = datetime.datetime(2024, 1, 2, 3, 4, 5)
    labels = {'a': '1'}
    cluster = _load(_row(name='c', labels=labels, created_at=created,
                         status='CREATE_COMPLETE', create_timeout=60))
    assert cluster.created_at == created.replace(tzinfo=datetime.timezone.utc)
    assert cluster.created_at.tzinfo is not None
    assert cluster.labels == labels and cluster.labels is not labels
    assert cluster.create_timeout == 60
    assert cluster.obj_what_changed() == set()


def test_other_values_are_coerced_or_refused():
    cluster = _load(_row(labels={'a': 3}, create_timeout='60',
                         created_at='2024-01-02T03:04:05Z'))
    assert cluster.labels == {'a': '3'}
    assert cluster.create_timeout == 60
    assert cluster.created_at.tzinfo is not None
    with pytest.raises(ValueError):
        _load(_row(status='NOT_A_STATUS'))
