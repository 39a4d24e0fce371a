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

"""Helpers of the cluster, cluster action and nodegroup API tests.

``app`` is the noauth application configured for clusters (no cloud
validation, the beta fake driver enabled); ``seed`` writes templates,
clusters and their default nodegroups straight into the test database, as
the conductor would have. A test module makes the fixtures its own with
``app = cluster_fixtures.app`` (and ``seed``).
"""

from oslo_utils import uuidutils
import pytest

from magnum.common import context as magnum_context
from magnum.drivers.common import registry
from magnum import objects
from magnum.tests.unit.conductor import utils as conductor_utils

PROJECT_A = 'project-a'
PROJECT_B = 'project-b'


def headers(version='latest', project=PROJECT_A, user='user-a',
            roles='member,reader'):
    """Request headers of a caller (noauth) at an API version."""
    values = {'X-Project-Id': project, 'X-User-Id': user, 'X-Roles': roles}
    if version is not None:
        values['OpenStack-API-Version'] = 'container-infra %s' % version
    return values


def admin(version='latest', project='project-admin'):
    return headers(version, project=project, user='admin',
                   roles='admin,member,reader')


def reader(version='latest', project=PROJECT_A):
    return headers(version, project=project, user='reader-a',
                   roles='reader')


def error_of(response):
    [entry] = response.json['errors']
    assert entry['status'] == response.status_int
    return entry['detail']


@pytest.fixture
def app(noauth_app, api_conf, db, conductor):
    api_conf.set_override('validate_cloud_resources', False, group='api')
    api_conf.set_override('enabled_beta_drivers', ['fake'], group='drivers')
    registry.reset()
    noauth_app.conductor = conductor
    yield noauth_app
    registry.reset()


def context_of(project, user=None):
    return magnum_context.make_context(
        project_id=project, user_id=user or 'user-%s' % project[-1],
        roles=['member'], overwrite=False)


class Seed:
    """Writes rows the way the conductor would."""

    def template(self, project=PROJECT_A, **values):
        ctx = context_of(project)
        fields = dict(name='k8s', coe='kubernetes', image_id='fcos',
                      cluster_distro='fedora-coreos', server_type='vm',
                      labels={'kube_tag': 'v1.30', 'a': '1'},
                      flavor_id='m1.small', master_flavor_id='m1.medium',
                      keypair_id='kp', docker_volume_size=5,
                      project_id=project, user_id=ctx.user_id)
        fields.update(values)
        template = objects.ClusterTemplate(
            ctx, uuid=uuidutils.generate_uuid(), **fields)
        template.create()
        return template

    def cluster(self, template, project=PROJECT_A, name='c1',
                node_count=2, master_count=1, status='CREATE_COMPLETE',
                nodegroups=True, **values):
        ctx = context_of(project)
        fields = dict(name=name, project_id=project, user_id=ctx.user_id,
                      cluster_template_id=template.uuid, status=status,
                      labels={'kube_tag': 'v1.31', 'b': '2'},
                      flavor_id='m1.small', master_flavor_id='m1.medium',
                      keypair='kp', docker_volume_size=5, create_timeout=60,
                      stack_id='stack-%s' % name,
                      api_address='https://10.0.0.1:6443',
                      master_lb_enabled=False, floating_ip_enabled=True)
        fields.update(values)
        cluster = objects.Cluster(ctx, uuid=uuidutils.generate_uuid(),
                                  **fields)
        cluster.create()
        if nodegroups:
            self.nodegroup(cluster, 'default-master', role='master',
                           node_count=master_count, is_default=True,
                           node_addresses=['10.0.0.2'])
            self.nodegroup(cluster, 'default-worker', role='worker',
                           node_count=node_count, is_default=True,
                           node_addresses=['10.0.1.%d' % (i + 1)
                                           for i in range(node_count)])
        return objects.Cluster.get_by_uuid(
            magnum_context.make_admin_context(), cluster.uuid)

    def nodegroup(self, cluster, name, **values):
        fields = dict(name=name, cluster_id=cluster.uuid,
                      project_id=cluster.project_id, role='worker',
                      node_count=1, image_id='fcos', flavor_id='m1.small',
                      labels=dict(cluster.labels or {}), is_default=False,
                      status='CREATE_COMPLETE', stack_id=cluster.stack_id)
        fields.update(values)
        nodegroup = objects.NodeGroup(
            context_of(cluster.project_id), uuid=uuidutils.generate_uuid(),
            **fields)
        nodegroup.create()
        return nodegroup


@pytest.fixture
def seed(db):
    return Seed()


def count_rows(db):
    """Clusters and nodegroups in the database, every project."""
    ctx = magnum_context.make_admin_context()
    clusters = objects.Cluster.list(ctx)
    return (len(clusters),
            sum(len(c.nodegroups) for c in clusters))


def calls(app, count):
    """The conductor handler calls, once there are ``count``."""
    return app.conductor.handlers.wait_for(count)


def assert_nothing_sent(app):
    assert app.conductor.sent == []
    assert app.conductor.handlers.calls == []


def recording_handlers():
    return conductor_utils.RecordingHandlers()
