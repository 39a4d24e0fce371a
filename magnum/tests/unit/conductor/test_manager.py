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

"""The conductor endpoint: delegation to handlers, and versioned-object
indirection run for real against the database (every engine)."""

from oslo_utils import uuidutils
import oslo_messaging as messaging
import pytest

from magnum.common import exception
from magnum.conductor import manager
from magnum import objects
from magnum.objects import base as objects_base
from magnum.tests.unit.conductor import utils


@pytest.fixture
def manifest():
    """Every registered object at its current version."""
    return {name: classes[0].VERSION for name, classes in
            objects_base.MagnumObjectRegistry.obj_classes().items()}


@pytest.fixture
def stored_cluster(db, ctx):
    template = objects.ClusterTemplate(
        ctx, name='tmpl', coe='kubernetes', image_id='fedora-coreos',
        project_id=ctx.project_id, user_id=ctx.user_id)
    template.create()
    cluster = objects.Cluster(
        ctx, name='stored', project_id=ctx.project_id, user_id=ctx.user_id,
        cluster_template_id=template.uuid, status='CREATE_COMPLETE')
    cluster.create()
    for role in ('master', 'worker'):
        objects.NodeGroup(
            ctx, name='default-%s' % role, cluster_id=cluster.uuid,
            project_id=ctx.project_id, role=role, is_default=True,
            node_count=1 if role == 'master' else 3).create()
    cluster.refresh()
    return cluster


def test_handlers_get_the_arguments(ctx, objs):
    handlers = utils.RecordingHandlers()
    handlers.returns['get_ca_certificate'] = 'ca'
    endpoint = manager.ConductorEndpoint(handlers)
    assert endpoint.get_ca_certificate(ctx, objs.cluster) == 'ca'
    endpoint.cluster_update(ctx, objs.cluster, 2, 'HEALTHY', {})
    first, second = handlers.calls
    assert first.arguments == {'cluster': objs.cluster, 'ca_cert_type': None}
    assert second.arguments['rollback'] is False
    assert second.arguments['node_count'] == 2


def test_without_handlers_methods_are_not_implemented(ctx, objs):
    endpoint = manager.ConductorEndpoint()
    with pytest.raises(NotImplementedError, match='cluster_delete'):
        endpoint.cluster_delete(ctx, objs.cluster.uuid)
    assert endpoint.ping_conductor(ctx) is True


def test_magnum_errors_are_expected_exceptions(ctx, objs):
    """Called directly the endpoint wraps Magnum's errors the way
    oslo.messaging's dispatcher unwraps them (and logs no traceback)."""
    handlers = utils.RecordingHandlers()
    handlers.raises['credential_rotate'] = exception.NotSupported('no')
    handlers.raises['rotate_ca_certificate'] = KeyError('bug')
    endpoint = manager.ConductorEndpoint(handlers)
    with pytest.raises(messaging.ExpectedException) as info:
        endpoint.credential_rotate(ctx, objs.cluster)
    assert isinstance(info.value.exc_info[1], exception.NotSupported)
    with pytest.raises(KeyError):
        endpoint.rotate_ca_certificate(ctx, objs.cluster)


def test_endpoint_target_version_is_the_api_version():
    from magnum.conductor import api as conductor_api
    assert manager.ConductorEndpoint.target.version == \
        conductor_api.RPC_API_VERSION == '1.1'


def test_object_class_action_over_rpc(conductor, stored_cluster, manifest,
                                      ctx):
    result = conductor.api.object_class_action_versions(
        ctx, 'Cluster', 'get_by_uuid', manifest, (stored_cluster.uuid,), {})
    assert isinstance(result, objects.Cluster)
    assert result.name == 'stored'
    assert result.node_count == 3 and result.master_count == 1
    assert sorted(ng.name for ng in result.nodegroups) == [
        'default-master', 'default-worker']

    count = conductor.api.object_class_action_versions(
        ctx, 'Cluster', 'get_count_all', manifest, (), {})
    assert count == 1

    with pytest.raises(exception.ClusterNotFound):
        conductor.api.object_class_action_versions(
            ctx, 'Cluster', 'get_by_uuid', manifest,
            (uuidutils.generate_uuid(),), {})


def test_object_class_action_runs_in_the_callers_context(
        conductor, stored_cluster, manifest, other_ctx):
    with pytest.raises(exception.ClusterNotFound):
        conductor.api.object_class_action_versions(
            other_ctx, 'Cluster', 'get_by_uuid', manifest,
            (stored_cluster.uuid,), {})


def test_object_action_over_rpc(conductor, stored_cluster, ctx):
    stored_cluster.name = 'renamed'
    updates, result = conductor.api.object_action(
        ctx, stored_cluster, 'save', (), {})
    assert result is None
    assert set(updates['obj_what_changed']) == set()
    assert updates['updated_at'] is not None
    assert objects.Cluster.get_by_uuid(ctx, stored_cluster.uuid).name == \
        'renamed'


def test_object_backport_over_rpc(conductor, stored_cluster, manifest, ctx):
    result = conductor.api.object_backport_versions(ctx, stored_cluster,
                                                    manifest)
    assert isinstance(result, objects.Cluster)
    assert result.uuid == stored_cluster.uuid
    assert result.VERSION == manifest['Cluster']


def test_object_backport_returns_a_primitive(ctx, objs, manifest):
    primitive = manager.ConductorEndpoint().object_backport_versions(
        ctx, objs.cluster, manifest)
    assert primitive['magnum_object.name'] == 'Cluster'
    assert primitive['magnum_object.version'] == manifest['Cluster']
    assert primitive['magnum_object.data']['uuid'] == objs.cluster.uuid
