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

"""Cluster templates: CRUD, visibility (own / public / hidden), in-use."""

from oslo_utils import uuidutils
import pytest

from magnum.common import exception
from magnum.tests.unit.db import utils


def _create(db, **kw):
    return db.create_cluster_template(utils.template_values(**kw))


def test_create_and_get_by_id_uuid_name(db, ctx):
    template = _create(db, name='tpl', labels={'a': '1', 'b': 2})
    assert template.id is not None
    assert template.created_at is not None
    for found in (db.get_cluster_template_by_id(ctx, template.id),
                  db.get_cluster_template_by_uuid(ctx, template.uuid),
                  db.get_cluster_template_by_name(ctx, 'tpl')):
        assert found.uuid == template.uuid
        assert found.labels == {'a': '1', 'b': 2}
        assert found['coe'] == 'kubernetes'


def test_create_generates_uuid_and_defaults(db, ctx):
    values = utils.template_values()
    del values['uuid'], values['public'], values['hidden']
    template = db.create_cluster_template(values)
    assert uuidutils.is_uuid_like(template.uuid)
    found = db.get_cluster_template_by_uuid(ctx, template.uuid)
    assert (found.public, found.hidden, found.floating_ip_enabled) == (
        False, False, True)


def test_create_duplicate_uuid(db):
    template = _create(db)
    with pytest.raises(exception.ClusterTemplateAlreadyExists):
        _create(db, uuid=template.uuid)


def test_create_unknown_column(db):
    with pytest.raises(exception.InvalidParameterValue):
        _create(db, node_count=3)


def test_get_missing(db, ctx):
    with pytest.raises(exception.ClusterTemplateNotFound):
        db.get_cluster_template_by_uuid(ctx, uuidutils.generate_uuid())
    with pytest.raises(exception.ClusterTemplateNotFound):
        db.get_cluster_template_by_id(ctx, 999999)
    with pytest.raises(exception.ClusterTemplateNotFound):
        db.get_cluster_template_by_name(ctx, 'nope')


def test_ambiguous_name_conflicts(db, ctx):
    _create(db, name='same')
    _create(db, name='same')
    with pytest.raises(exception.Conflicts) as raised:
        db.get_cluster_template_by_name(ctx, 'same')
    assert raised.value.code == 409


def test_other_project_private_template_invisible(db, ctx, other_ctx):
    template = _create(db, project_id=other_ctx.project_id, name='theirs')
    with pytest.raises(exception.ClusterTemplateNotFound):
        db.get_cluster_template_by_uuid(ctx, template.uuid)
    with pytest.raises(exception.ClusterTemplateNotFound):
        db.get_cluster_template_by_name(ctx, 'theirs')
    assert db.get_cluster_template_list(ctx) == []


def test_public_template_of_other_project_visible(db, ctx, other_ctx):
    template = _create(db, project_id=other_ctx.project_id, public=True)
    found = db.get_cluster_template_by_uuid(ctx, template.uuid)
    assert found.id == template.id
    assert [t.uuid for t in db.get_cluster_template_list(ctx)] == [
        template.uuid]


def test_hidden_public_template_only_for_admins_and_owner(db, ctx, other_ctx,
                                                          admin_ctx):
    hidden = _create(db, project_id=other_ctx.project_id, public=True,
                     hidden=True)
    own_hidden = _create(db, project_id=ctx.project_id, hidden=True)
    with pytest.raises(exception.ClusterTemplateNotFound):
        db.get_cluster_template_by_uuid(ctx, hidden.uuid)
    assert [t.uuid for t in db.get_cluster_template_list(ctx)] == [
        own_hidden.uuid]
    assert db.get_cluster_template_by_uuid(other_ctx, hidden.uuid)
    assert db.get_cluster_template_by_uuid(admin_ctx, hidden.uuid)
    # An admin not asking for all tenants still sees public hidden ones.
    admin_ctx.all_tenants = False
    assert db.get_cluster_template_by_uuid(admin_ctx, hidden.uuid)


def test_admin_all_tenants_sees_private_templates(db, ctx, other_ctx,
                                                  admin_ctx):
    mine = _create(db, project_id=ctx.project_id)
    theirs = _create(db, project_id=other_ctx.project_id)
    listed = {t.uuid for t in db.get_cluster_template_list(admin_ctx)}
    assert listed == {mine.uuid, theirs.uuid}
    admin_ctx.all_tenants = False
    assert db.get_cluster_template_list(admin_ctx) == []


def test_list_filters(db, ctx):
    a = _create(db, name='a', coe='kubernetes')
    _create(db, name='b', coe='swarm')
    found = db.get_cluster_template_list(ctx, filters={'coe': 'kubernetes'})
    assert [t.uuid for t in found] == [a.uuid]
    with pytest.raises(exception.InvalidParameterValue):
        db.get_cluster_template_list(ctx, filters={'bogus': 1})


def test_update(db, ctx):
    template = _create(db, name='old')
    updated = db.update_cluster_template(template.uuid,
                                         {'name': 'new', 'labels': {'x': 'y'}})
    assert updated.name == 'new'
    assert updated.updated_at is not None
    found = db.get_cluster_template_by_id(ctx, template.id)
    assert (found.name, found.labels) == ('new', {'x': 'y'})
    db.update_cluster_template(template.id, {'public': True})
    assert db.get_cluster_template_by_uuid(ctx, template.uuid).public is True


@pytest.mark.parametrize('key', ['id', 'uuid'])
def test_update_identity_refused(db, key):
    template = _create(db)
    with pytest.raises(exception.InvalidParameterValue):
        db.update_cluster_template(template.id, {key: template[key]})


def test_update_missing(db):
    with pytest.raises(exception.ClusterTemplateNotFound):
        db.update_cluster_template(uuidutils.generate_uuid(), {'name': 'x'})


def test_destroy(db, ctx):
    template = _create(db)
    db.destroy_cluster_template(template.uuid)
    with pytest.raises(exception.ClusterTemplateNotFound):
        db.get_cluster_template_by_uuid(ctx, template.uuid)
    with pytest.raises(exception.ClusterTemplateNotFound):
        db.destroy_cluster_template(template.uuid)


def test_destroy_referenced_template_refused(db, ctx):
    template = _create(db)
    cluster = db.create_cluster(
        utils.cluster_values(cluster_template_id=template.uuid))
    with pytest.raises(exception.ClusterTemplateReferenced):
        db.destroy_cluster_template(template.id)
    assert db.get_cluster_template_by_uuid(ctx, template.uuid)
    db.destroy_cluster(cluster.uuid)
    db.destroy_cluster_template(template.id)
