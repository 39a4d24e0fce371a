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

"""Magnum service rows: one per (host, binary)."""

import datetime

import pytest

from magnum.common import exception


def _create(db, host='node1', binary='magnum-conductor', **kw):
    values = {'host': host, 'binary': binary}
    values.update(kw)
    return db.create_magnum_service(values)


def test_create_defaults_and_lookup(db):
    service = _create(db)
    assert (service.disabled, service.forced_down, service.report_count) == (
        False, False, 0)
    found = db.get_magnum_service_by_host_and_binary('node1',
                                                     'magnum-conductor')
    assert found.id == service.id
    assert db.get_magnum_service_by_host_and_binary('node1', 'other') is None


def test_duplicate_host_binary(db):
    _create(db)
    _create(db, host='node2')
    with pytest.raises(exception.MagnumServiceAlreadyExists):
        _create(db)


def test_update_and_destroy(db):
    service = _create(db)
    seen = datetime.datetime(2026, 1, 2, 3, 4, 5)
    updated = db.update_magnum_service(service.id, {
        'report_count': 7, 'last_seen_up': seen, 'disabled': True,
        'disabled_reason': 'maintenance'})
    assert updated.report_count == 7
    found = db.get_magnum_service_by_host_and_binary('node1',
                                                     'magnum-conductor')
    assert (found.last_seen_up, found.disabled, found.disabled_reason) == (
        seen, True, 'maintenance')
    db.destroy_magnum_service(service.id)
    assert db.get_magnum_service_by_host_and_binary(
        'node1', 'magnum-conductor') is None
    with pytest.raises(exception.MagnumServiceNotFound):
        db.destroy_magnum_service(service.id)
    with pytest.raises(exception.MagnumServiceNotFound):
        db.update_magnum_service(service.id, {'report_count': 1})


def test_list(db):
    a = _create(db, host='a')
    b = _create(db, host='b', disabled=True)
    c = _create(db, host='c')
    assert [s.id for s in db.get_magnum_service_list()] == [a.id, b.id, c.id]
    assert [s.id for s in db.get_magnum_service_list(disabled=True)] == [
        b.id]
    assert [s.id for s in db.get_magnum_service_list(disabled=False)] == [
        a.id, c.id]
    assert [s.id for s in db.get_magnum_service_list(
        limit=1, marker=a.id, sort_key='host')] == [b.id]
    with pytest.raises(exception.MagnumServiceNotFound):
        db.get_magnum_service_list(marker=999999)
