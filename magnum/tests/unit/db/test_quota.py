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

"""Quotas: one per (project_id, resource)."""

import pytest

from magnum.common import exception


def _create(db, project_id='project-a', resource='Cluster', hard_limit=5):
    return db.create_quota({'project_id': project_id, 'resource': resource,
                            'hard_limit': hard_limit})


def test_create_and_get(db, ctx):
    quota = _create(db)
    assert db.get_quota_by_id(ctx, quota.id).hard_limit == 5
    found = db.get_quota_by_project_id_resource('project-a', 'Cluster')
    assert found.id == quota.id
    with pytest.raises(exception.QuotaNotFound):
        db.get_quota_by_project_id_resource('project-a', 'Other')
    with pytest.raises(exception.QuotaNotFound):
        db.get_quota_by_id(ctx, 999999)


def test_duplicate(db):
    _create(db)
    _create(db, project_id='project-b')
    with pytest.raises(exception.QuotaAlreadyExists) as raised:
        _create(db, hard_limit=9)
    assert raised.value.code == 409


def test_update(db):
    _create(db)
    updated = db.update_quota('project-a', {'resource': 'Cluster',
                                            'hard_limit': 10})
    assert updated.hard_limit == 10
    assert db.get_quota_by_project_id_resource(
        'project-a', 'Cluster').hard_limit == 10
    with pytest.raises(exception.QuotaNotFound):
        db.update_quota('project-b', {'resource': 'Cluster',
                                      'hard_limit': 1})


def test_delete(db):
    _create(db)
    db.delete_quota('project-a', 'Cluster')
    with pytest.raises(exception.QuotaNotFound):
        db.get_quota_by_project_id_resource('project-a', 'Cluster')
    with pytest.raises(exception.QuotaNotFound):
        db.delete_quota('project-a', 'Cluster')


def test_list_scoping_and_paging(db, ctx, other_ctx, admin_ctx):
    mine = [_create(db, resource=r) for r in ('Cluster', 'A', 'B')]
    theirs = _create(db, project_id=other_ctx.project_id)
    assert [q.id for q in db.get_quota_list(ctx)] == [q.id for q in mine]
    with pytest.raises(exception.QuotaNotFound):
        db.get_quota_by_id(ctx, theirs.id)
    assert len(db.get_quota_list(admin_ctx)) == 4
    assert [q.id for q in db.get_quota_list(
        admin_ctx, filters={'project_id': other_ctx.project_id})] == [
            theirs.id]
    page = db.get_quota_list(ctx, limit=2, sort_key='resource')
    assert [q.resource for q in page] == ['A', 'B']
    page = db.get_quota_list(ctx, sort_key='resource', marker=page[-1].id)
    assert [q.resource for q in page] == ['Cluster']
    with pytest.raises(exception.QuotaNotFound):
        db.get_quota_list(ctx, marker=theirs.id)
    assert [q.id for q in db.quota_get_all_by_project_id('project-a')] == [
        q.id for q in mine]
