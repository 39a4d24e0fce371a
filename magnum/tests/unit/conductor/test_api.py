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

"""The conductor RPC client against a real endpoint over ``fake://``."""

import inspect

import pytest

from magnum.common import context as magnum_context
from magnum.common import exception
from magnum.common import rpc
from magnum.conductor import api as conductor_api
from magnum.conductor import manager
from magnum import objects
from magnum.tests.unit.conductor import utils


def _expected_arguments(name, context, kwargs):
    bound = inspect.signature(getattr(conductor_api.API, name)).bind(
        None, context, **kwargs)
    bound.apply_defaults()
    arguments = dict(bound.arguments)
    del arguments['self'], arguments['context']
    return arguments


@pytest.mark.parametrize('name', sorted(utils.METHODS))
def test_method_reaches_endpoint_with_its_arguments(name, conductor, objs,
                                                    ctx):
    kind, make_kwargs = utils.METHODS[name]
    kwargs = make_kwargs(objs)
    conductor.handlers.returns[name] = 'answer of %s' % name

    result = getattr(conductor.api, name)(ctx, **kwargs)

    [call] = conductor.handlers.wait_for(1)
    assert call.name == name
    assert utils.primitive(call.arguments) == utils.primitive(
        _expected_arguments(name, ctx, kwargs))
    assert call.context.request_id == ctx.request_id
    [message] = conductor.sent
    assert message.method == name
    assert message.wait_for_reply is (kind == utils.CALL)
    assert message.options.at_least_once is True
    assert message.retry == rpc.PUBLISH_RETRIES
    if kind == utils.CALL:
        assert result == 'answer of %s' % name
    else:
        assert result is None


def test_every_rpc_method_is_covered_and_mirrored():
    """The client, the endpoint and this test's table list the same
    methods with the same arguments."""
    def public(cls):
        return {name for name, _ in inspect.getmembers(cls, inspect.isfunction)
                if not name.startswith('_')}

    indirection_and_ping = {'object_class_action_versions', 'object_action',
                            'object_backport_versions', 'ping_conductor'}
    assert public(conductor_api.API) == set(utils.METHODS) | \
        indirection_and_ping
    assert public(manager.ConductorEndpoint) == public(conductor_api.API)
    for name in public(conductor_api.API):
        client = inspect.signature(getattr(conductor_api.API, name))
        server = inspect.signature(getattr(manager.ConductorEndpoint, name))
        assert client == server, name


def test_a_cast_returns_before_the_handler_finishes(conductor, objs, ctx):
    conductor.handlers.block.add('cluster_create')
    conductor.api.cluster_create(ctx, objs.cluster, 1, 2, 60)
    assert conductor.handlers.entered.wait(10)
    # The handler is still blocked, yet the cast has long returned.
    assert not conductor.handlers.release.is_set()
    conductor.handlers.release.set()


def test_objects_arrive_as_objects_with_their_nodegroups(conductor, objs,
                                                         ctx):
    objs.cluster.name = 'renamed'
    conductor.api.cluster_update(ctx, objs.cluster, 3, None, None)

    [call] = conductor.handlers.wait_for(1)
    cluster = call.arguments['cluster']
    assert isinstance(cluster, objects.Cluster)
    assert cluster is not objs.cluster
    assert cluster.uuid == objs.cluster.uuid
    assert cluster.labels == {'a': 'b'}
    assert cluster.health_status_reason == {'api': 'ok'}
    assert cluster.master_lb_enabled is True
    # Pending changes travel too, so the conductor knows what was asked.
    assert 'name' in cluster.obj_what_changed()
    assert [type(ng) for ng in cluster.nodegroups] == [objects.NodeGroup] * 2
    assert [ng.name for ng in cluster.nodegroups] == ['default-master',
                                                      'default-worker']
    assert cluster.default_ng_worker.node_addresses == ['10.0.1.1',
                                                        '10.0.1.2']
    assert cluster.default_ng_worker.node_taints == [
        {'key': 'k', 'value': None, 'effect': 'NoSchedule'}]
    # Objects are bound to the context the request came with.
    assert cluster._context is call.context


def test_context_survives_the_trip(conductor, objs):
    context = magnum_context.make_context(
        project_id='project-x', user_id='user-x', roles=['admin', 'member'],
        is_admin=True, all_tenants=True, auth_token='token-x',
        user_name='alice', project_name='proj', overwrite=False)

    conductor.api.cluster_delete(context, objs.cluster.uuid)

    [call] = conductor.handlers.wait_for(1)
    received = call.context
    assert isinstance(received, magnum_context.RequestContext)
    assert received is not context
    assert (received.project_id, received.user_id) == ('project-x', 'user-x')
    assert sorted(received.roles) == ['admin', 'member']
    assert received.is_admin is True
    assert received.all_tenants is True
    assert received.auth_token == 'token-x'
    assert received.request_id == context.request_id
    assert (received.user_name, received.project_name) == ('alice', 'proj')


def test_all_tenants_false_stays_false(conductor, objs, ctx):
    conductor.api.cluster_delete(ctx, objs.cluster.uuid)
    [call] = conductor.handlers.wait_for(1)
    assert call.context.all_tenants is False
    assert call.context.is_admin is False
    assert call.context.project_id == ctx.project_id


def test_call_returns_objects(conductor, objs, ctx):
    answer = objects.Certificate(ctx, cluster_uuid=objs.cluster.uuid,
                                 pem='-----BEGIN CERTIFICATE-----',
                                 ca_cert_type='etcd')
    conductor.handlers.returns['get_ca_certificate'] = answer

    result = conductor.api.get_ca_certificate(ctx, objs.cluster, 'etcd')

    assert isinstance(result, objects.Certificate)
    assert result is not answer
    assert (result.pem, result.ca_cert_type) == (answer.pem, 'etcd')


def test_endpoint_exception_reaches_the_caller_of_a_call(conductor, objs,
                                                         ctx):
    conductor.handlers.raises['cluster_upgrade'] = \
        exception.ClusterUpgradeNotSupported(reason='no way')
    with pytest.raises(exception.ClusterUpgradeNotSupported) as info:
        conductor.api.cluster_upgrade(ctx, objs.cluster, objs.template, 1,
                                      objs.worker)
    assert info.value.code == 400


def test_endpoint_exception_is_not_reported_to_a_caster(conductor, objs,
                                                        ctx):
    conductor.handlers.raises['cluster_create'] = RuntimeError('boom')
    conductor.api.cluster_create(ctx, objs.cluster, 1, 1, 60)
    conductor.handlers.wait_for(1)
    # The server carries on with the next message.
    assert conductor.api.ping_conductor(ctx) is True


def test_ping(conductor, ctx):
    assert conductor.api.ping_conductor(ctx) is True
    listener = conductor_api.ListenerAPI(topic=conductor.topic,
                                         server=conductor.host)
    assert listener.ping_conductor(ctx) is True
    assert [m.wait_for_reply for m in conductor.sent] == [True, True]
