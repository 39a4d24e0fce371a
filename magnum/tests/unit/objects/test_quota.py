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

"""Quota objects on a real database (every engine)."""

import pytest

from magnum.common import exception
from magnum import objects


@pytest.fixture
def make_quota(db, admin_ctx):
    def make(project_id='project-a', hard_limit=5):
        quota = objects.Quota(admin_ctx, project_id=project_id,
                              resource='Cluster', hard_limit=hard_limit)
        quota.create()
        return quota
    return make


def test_create_and_lookups(make_quota, admin_ctx):
    quota = make_quota()
    found = objects.Quota.get_quota_by_project_id_resource(
        admin_ctx, 'project-a', 'Cluster')
    assert (found.id, found.hard_limit) == (quota.id, 5)
    assert objects.Quota.get_by_id(admin_ctx, quota.id).project_id == \
        'project-a'
    assert [q.id for q in objects.Quota.quota_get_all_by_project_id(
        admin_ctx, 'project-a')] == [quota.id]


def test_missing_quota(db, admin_ctx):
    with pytest.raises(exception.QuotaNotFound):
        objects.Quota.get_quota_by_project_id_resource(
            admin_ctx, 'project-a', 'Cluster')


def test_duplicate_is_refused(make_quota):
    make_quota()
    with pytest.raises(exception.QuotaAlreadyExists):
        make_quota()


def test_only_cluster_resource_is_accepted():
    with pytest.raises(ValueError):
        objects.Quota(resource='Volume')


def test_list_with_filters_and_marker(make_quota, admin_ctx):
    first = make_quota('project-a')
    second = make_quota('project-b')
    assert [q.id for q in objects.Quota.list(admin_ctx)] == \
        [first.id, second.id]
    assert [q.id for q in objects.Quota.list(
        admin_ctx, filters={'project_id': 'project-b'})] == [second.id]
    assert [q.id for q in objects.Quota.list(
        admin_ctx, marker=first.id)] == [second.id]


def test_save_update_and_delete(make_quota, admin_ctx):
    quota = make_quota()
    quota.hard_limit = 8
    quota.save()
    assert objects.Quota.get_by_id(admin_ctx, quota.id).hard_limit == 8

    updated = objects.Quota.update_quota(
        admin_ctx, 'project-a', {'resource': 'Cluster', 'hard_limit': 2})
    assert updated.hard_limit == 2

    quota.delete()
    with pytest.raises(exception.QuotaNotFound):
        objects.Quota.get_quota_by_project_id_resource(
            admin_ctx, 'project-a', 'Cluster')
