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

"""CADF notifications, read back through a real oslo.messaging
notification listener on the in-process ``fake://`` transport."""

import datetime
import queue

from oslo_config import fixture as config_fixture
import oslo_messaging as messaging
from pycadf import event as cadf_event
import pytest

from magnum.common import context as magnum_context
from magnum.common import rpc
from magnum.conductor import notifications
import magnum.conf
from magnum import objects

CONF = magnum.conf.CONF


class _Endpoint:
    def __init__(self, received):
        self.received = received

    def info(self, ctxt, publisher_id, event_type, payload, metadata):
        self.received.put(('info', publisher_id, event_type, payload))

    def error(self, ctxt, publisher_id, event_type, payload, metadata):
        self.received.put(('error', publisher_id, event_type, payload))


@pytest.fixture
def listener(fake_messaging):
    overrides = config_fixture.Config(CONF)
    overrides.setUp()
    overrides.config(driver=['messaging'],
                     group='oslo_messaging_notifications')
    overrides.config(host='conductor-7')
    rpc.init(CONF)
    received = queue.Queue()
    # The fake driver keeps its queues per transport object: listen on the
    # very transport the notifier publishes with.
    server = messaging.get_notification_listener(
        rpc._notification_transport,
        [messaging.Target(topic='notifications')], [_Endpoint(received)],
        executor='threading')
    server.start()
    try:
        yield received
    finally:
        server.stop()
        server.wait()
        overrides.cleanUp()


@pytest.fixture
def user_ctx():
    return magnum_context.make_context(
        user_id='user-1', project_id='project-1', domain_id='domain-1',
        overwrite=False)


def _cluster(context):
    cluster = objects.Cluster(
        context, uuid='5d12f6fd-a196-4bf0-ae4c-1f639a523a52', name='k8s-1',
        project_id='project-1', status='CREATE_IN_PROGRESS',
        status_reason=None, cluster_template_id='tmpl', keypair='kp',
        docker_volume_size=20, labels={'kube_tag': 'v1.30.4'},
        master_flavor_id='m1.large', flavor_id='m1.small', stack_id='st-1',
        health_status=None, create_timeout=60, api_address=None,
        discovery_url='https://discovery.example/abc',
        created_at=datetime.datetime(2026, 1, 2, 3, 4, 5,
                                     tzinfo=datetime.timezone.utc),
        updated_at=None)
    master = objects.NodeGroup(context, name='default-master', role='master',
                               node_count=1, node_addresses=['10.0.0.1'],
                               cluster_id=cluster.uuid, is_default=True)
    worker = objects.NodeGroup(context, name='default-worker', role='worker',
                               node_count=2,
                               node_addresses=['10.0.1.1', '10.0.1.2'],
                               cluster_id=cluster.uuid, is_default=True)
    cluster._set_nodegroups([master, worker])
    return cluster


def _next(received):
    assert notifications.flush(10)
    return received.get(timeout=10)


def test_pending_create_event_carries_the_cadf_payload(listener, user_ctx):
    notifications.notify(user_ctx, _cluster(user_ctx), 'create', 'pending')
    priority, publisher, event_type, payload = _next(listener)
    assert priority == 'info'
    assert publisher == 'container-infra.conductor-7'
    assert event_type == 'magnum.cluster.create'
    assert payload['typeURI'] == 'http://schemas.dmtf.org/cloud/audit/1.0/event'
    assert payload['eventType'] == 'activity'
    assert payload['action'] == 'create'
    assert payload['outcome'] == 'pending'
    initiator = payload['initiator']
    assert initiator['typeURI'] == 'service/security/account/user'
    assert initiator['id'] == 'user-1'
    assert initiator['user_id'] == 'user-1'
    assert initiator['project_id'] == 'project-1'
    assert initiator['domain_id'] == 'domain-1'
    assert payload['observer']['typeURI'] == 'service/magnum/cluster'
    target = payload['target']
    assert target['typeURI'] == 'service/magnum/cluster'
    assert target['id'] == '5d12f6fd-a196-4bf0-ae4c-1f639a523a52'
    assert target['name'] == 'k8s-1'
    [attachment] = target['attachments']
    assert attachment['name'] == 'cluster_data'
    assert attachment['typeURI'] == 'service/magnum/cluster'
    data = attachment['content']
    assert data == {
        'status': 'CREATE_IN_PROGRESS', 'status_reason': None,
        'project_id': 'project-1',
        'created_at': '2026-01-02T03:04:05+00:00', 'updated_at': None,
        'cluster_template_id': 'tmpl', 'keypair': 'kp',
        'docker_volume_size:': 20,   # sic: upstream's key
        'labels': {'kube_tag': 'v1.30.4'}, 'master_flavor_id': 'm1.large',
        'flavor_id': 'm1.small', 'stack_id': 'st-1', 'health_status': None,
        'create_timeout': 60, 'api_address': None,
        'discovery_url': 'https://discovery.example/abc',
        'node_addresses': ['10.0.1.1', '10.0.1.2'],
        'master_addresses': ['10.0.0.1'], 'node_count': 2,
        'master_count': 1}


def test_failure_is_published_with_error_priority(listener, user_ctx):
    cluster = _cluster(user_ctx)
    notifications.notify(user_ctx, cluster, 'delete', 'failure',
                         reason='Stack is locked.')
    priority, _, event_type, payload = _next(listener)
    assert priority == 'error'
    assert event_type == 'magnum.cluster.delete'
    assert payload['outcome'] == 'failure'
    assert payload['reason']['reasonCode'] == 'Stack is locked.'


def test_success_from_the_status_sync_mapping(listener, user_ctx):
    cluster = _cluster(user_ctx)
    cluster.status = 'ROLLBACK_COMPLETE'
    notifications.notify(user_ctx, cluster,
                         *notifications.terminal_outcome(cluster.status))
    priority, _, event_type, payload = _next(listener)
    assert (priority, event_type, payload['outcome']) == (
        'info', 'magnum.cluster.update', 'success')


@pytest.mark.parametrize('status,expected', [
    ('CREATE_COMPLETE', ('create', 'success')),
    ('CREATE_FAILED', ('create', 'failure')),
    ('UPDATE_COMPLETE', ('update', 'success')),
    ('UPDATE_FAILED', ('update', 'failure')),
    ('ROLLBACK_FAILED', ('update', 'failure')),
    ('DELETE_COMPLETE', ('delete', 'success')),
    ('DELETE_FAILED', ('delete', 'failure')),
    ('CREATE_IN_PROGRESS', None),
    (None, None),
])
def test_terminal_outcome(status, expected):
    assert notifications.terminal_outcome(status) == expected


def test_notify_never_raises(user_ctx, caplog):
    # No messaging configured at all, and a bogus action: both are logged.
    rpc.cleanup()
    notifications.notify(user_ctx, object(), 'create', 'pending')
    notifications.notify(user_ctx, _cluster(user_ctx), 'explode', 'pending')
    assert notifications.flush(10)
    assert 'Could not send the create/pending notification' in caplog.text
    assert 'Could not send the explode/pending notification' in caplog.text


def test_fast_primitive_equals_pycadf_as_dict(user_ctx):
    event = notifications.build_event(user_ctx, _cluster(user_ctx),
                                      'update', 'failure', reason='boom')
    assert isinstance(event, cadf_event.Event)
    assert notifications.as_primitive(event) == event.as_dict()
