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

"""ClusterTemplate objects on a real database (every engine)."""

import pytest

from magnum.common import exception
from magnum import objects


def test_get_by_id_uuid_and_name(make_template, ctx):
    template = make_template(name='k8s', labels={'kube_tag': 'v1.30'})
    for ident in (template.id, str(template.id), template.uuid, 'k8s'):
        found = objects.ClusterTemplate.get(ctx, ident)
        assert found.uuid == template.uuid
        assert found.labels == {'kube_tag': 'v1.30'}
        assert found.obj_what_changed() == set()


def test_defaults_come_back_from_the_row(make_template):
    template = make_template()
    assert template.public is False
    assert template.floating_ip_enabled is True
    assert template.master_lb_enabled is False


def test_labels_are_stored_as_strings(make_template, ctx):
    template = make_template(labels={'n': 3, 'flag': True, 's': 'x'})
    stored = objects.ClusterTemplate.get(ctx, template.uuid)
    assert stored.labels == {'n': '3', 'flag': 'True', 's': 'x'}


def test_ambiguous_name_is_a_conflict(make_template, ctx):
    make_template(name='same')
    make_template(name='same')
    with pytest.raises(exception.Conflicts):
        objects.ClusterTemplate.get(ctx, 'same')


def test_public_template_of_another_project_is_visible(make_template,
                                                       other_ctx):
    private = make_template(name='private')
    public = make_template(name='shared', public=True)
    assert objects.ClusterTemplate.get(other_ctx, public.uuid).name == \
        'shared'
    assert objects.ClusterTemplate.get(other_ctx, 'shared').uuid == \
        public.uuid
    with pytest.raises(exception.ClusterTemplateNotFound):
        objects.ClusterTemplate.get(other_ctx, private.uuid)
    listed = objects.ClusterTemplate.list(other_ctx)
    assert [t.uuid for t in listed] == [public.uuid]


def test_list_pages_with_marker(make_template, ctx):
    made = [make_template(name='t%d' % i) for i in range(4)]
    first = objects.ClusterTemplate.list(ctx, limit=3)
    assert [t.uuid for t in first] == [t.uuid for t in made[:3]]
    rest = objects.ClusterTemplate.list(ctx, limit=3, marker=first[-1].uuid)
    assert [t.uuid for t in rest] == [made[3].uuid]


def test_list_rejects_unknown_sort_key(make_template, ctx):
    make_template()
    with pytest.raises(exception.InvalidSortKey):
        objects.ClusterTemplate.list(ctx, sort_key='nope')


def test_save_writes_only_changed_fields(make_template, ctx):
    template = make_template(name='before')
    mine = objects.ClusterTemplate.get(ctx, template.uuid)
    theirs = objects.ClusterTemplate.get(ctx, template.uuid)
    theirs.flavor_id = 'm1.large'
    theirs.save()
    mine.name = 'after'
    mine.save()
    stored = objects.ClusterTemplate.get(ctx, template.uuid)
    assert stored.name == 'after'
    assert stored.flavor_id == 'm1.large'


def test_refresh(make_template, ctx):
    template = make_template()
    other = objects.ClusterTemplate.get(ctx, template.uuid)
    other.docker_volume_size = 9
    other.save()
    template.refresh()
    assert template.docker_volume_size == 9
    assert template.obj_what_changed() == set()


def test_bad_server_type_is_refused(make_template):
    template = make_template()
    with pytest.raises(ValueError):
        template.server_type = 'container'


def test_destroy(make_template, ctx):
    template = make_template()
    template.destroy()
    with pytest.raises(exception.ClusterTemplateNotFound):
        objects.ClusterTemplate.get(ctx, template.uuid)


def test_destroy_refused_while_referenced(make_cluster, ctx):
    cluster = make_cluster()
    template = objects.ClusterTemplate.get(ctx, cluster.cluster_template_id)
    with pytest.raises(exception.ClusterTemplateReferenced):
        template.destroy()
