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

"""The status sync's two database methods on every engine: the bulk
write (chunked CASE updates on servers, executemany on SQLite) and the
plain-row read."""

import datetime

from oslo_utils import timeutils
import pytest

from magnum.common import exception

from magnum.db.sqlalchemy import api as sa_api

IN_PROGRESS = ('CREATE_IN_PROGRESS', 'UPDATE_IN_PROGRESS')


def _ngs(world, cluster_uuid):
    return {ng.role: ng for ng in world.get(cluster_uuid).nodegroups}


def test_bulk_write_in_chunks_with_mixed_columns(world, db, monkeypatch):
    # Chunks of two rows: three clusters cross a chunk boundary.
    monkeypatch.setattr(sa_api, '_UPDATE_CHUNK', 2)
    clusters = [world.cluster(start=False) for _ in range(3)]
    never_updated = clusters[2]
    assert db.get_cluster_by_uuid(
        world.admin, never_updated.uuid).updated_at is None
    changes = []
    for number, cluster in enumerate(clusters[:2]):
        ngs = _ngs(world, cluster.uuid)
        changes.append({
            'id': cluster.id, 'expected_status': 'CREATE_IN_PROGRESS',
            'values': {'status': 'CREATE_COMPLETE',
                       'api_address': 'https://10.0.%d.1:6443' % number},
            'nodegroups': {
                ngs['master'].id: {'status': 'CREATE_COMPLETE',
                                   'node_addresses': ['10.0.%d.2' % number]},
                ngs['worker'].id: {'status': 'CREATE_COMPLETE',
                                   'node_addresses': ['10.0.%d.3' % number,
                                                      '10.0.%d.4' % number],
                                   'node_count': 2}}})
    # A reason-only change keeps updated_at as read, here NULL: the CASE
    # holds nothing but NULLs for that column.
    changes.append({'id': never_updated.id,
                    'expected_status': 'CREATE_IN_PROGRESS',
                    'values': {'status_reason': 'Still going',
                               'updated_at': None}})

    applied = db.apply_cluster_status_changes(changes)

    assert applied == {c.id for c in clusters}
    for number, cluster in enumerate(clusters[:2]):
        got = world.get(cluster.uuid)
        assert (got.status, got.api_address) == (
            'CREATE_COMPLETE', 'https://10.0.%d.1:6443' % number)
        assert got.master_addresses == ['10.0.%d.2' % number]
        assert got.node_addresses == ['10.0.%d.3' % number,
                                      '10.0.%d.4' % number]
        assert [ng.status for ng in got.nodegroups] == ['CREATE_COMPLETE'] * 2
    got = world.get(never_updated.uuid)
    assert (got.status, got.status_reason) == ('CREATE_IN_PROGRESS',
                                               'Still going')
    assert db.get_cluster_by_uuid(
        world.admin, never_updated.uuid).updated_at is None


def test_datetime_written_back_unchanged(world, db):
    cluster = world.cluster(start=False, age=120)
    before = db.get_cluster_by_uuid(world.admin, cluster.uuid).updated_at
    db.apply_cluster_status_changes([{
        'id': cluster.id, 'expected_status': 'CREATE_IN_PROGRESS',
        'values': {'status_reason': 'Waiting', 'updated_at': before}}])
    after = db.get_cluster_by_uuid(world.admin, cluster.uuid)
    assert after.status_reason == 'Waiting'
    assert after.updated_at == before
    assert (timeutils.utcnow() - after.updated_at.replace(tzinfo=None)
            >= datetime.timedelta(seconds=100))


def test_changed_or_reserved_clusters_are_left_alone(world, db):
    moved, reserved, fine = [world.cluster(start=False) for _ in range(3)]
    db.update_cluster(moved.uuid, {'status': 'UPDATE_IN_PROGRESS'})
    db.reserve_cluster(reserved.uuid, 'conductor-b')
    applied = db.apply_cluster_status_changes([
        {'id': c.id, 'expected_status': 'CREATE_IN_PROGRESS',
         'values': {'status': 'CREATE_FAILED', 'status_reason': 'boom'}}
        for c in (moved, reserved, fine)])
    assert applied == {fine.id}
    assert world.get(moved.uuid).status == 'UPDATE_IN_PROGRESS'
    assert world.get(reserved.uuid).status == 'CREATE_IN_PROGRESS'
    assert world.get(fine.uuid).status == 'CREATE_FAILED'


def test_unknown_column_is_refused(world, db):
    cluster = world.cluster(start=False)
    with pytest.raises(exception.InvalidParameterValue):
        db.apply_cluster_status_changes([{
            'id': cluster.id, 'expected_status': 'CREATE_IN_PROGRESS',
            'values': {'no_such_column': 1}}])
    assert world.get(cluster.uuid).status == 'CREATE_IN_PROGRESS'


def test_read_returns_plain_rows_with_nodegroups(world, db):
    wanted = world.cluster(start=False, masters=1, workers=3,
                           keypair='kp')
    other = world.cluster(start=False)
    world.cluster(start=False, status='UPDATE_IN_PROGRESS')
    done = world.cluster(start=False)
    db.update_cluster(done.uuid, {'status': 'CREATE_COMPLETE'})

    pairs = db.get_clusters_for_status_sync(
        IN_PROGRESS, accept=lambda uuid: uuid != other.uuid)

    by_uuid = {row['uuid']: ngs for row, ngs in pairs}
    assert wanted.uuid in by_uuid and other.uuid not in by_uuid
    assert done.uuid not in by_uuid and len(by_uuid) == 2
    row = [r for r, _ in pairs if r['uuid'] == wanted.uuid][0]
    assert type(row) is dict
    assert (row['labels'], row['keypair']) == ({}, 'kp')
    ngs = by_uuid[wanted.uuid]
    assert sorted((ng['role'], ng['node_count']) for ng in ngs) == [
        ('master', 1), ('worker', 3)]
    assert all(ng['node_addresses'] == [] for ng in ngs)
    assert [r['id'] for r, _ in pairs] == sorted(r['id'] for r, _ in pairs)
