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

"""Fixtures for the periodic tasks: configuration, drivers, clusters.

``conf``
    An oslo.config fixture; the fake driver is enabled, its files live in
    ``tmp_path`` and certificates go to the x509keypair backend with a
    fresh encryption key.
``drivers``
    Call with ``{name: Driver subclass}`` to serve those entry points
    next to the real fake driver; the registry is reset around the test.
``world``
    Creates templates and in-progress clusters (with default nodegroups)
    in the ``db`` database and starts the fake driver's operations.
"""

import datetime
import json
import uuid

from cryptography import fernet
from oslo_config import fixture as config_fixture
from oslo_utils import timeutils
import pytest
from stevedore import extension

from magnum.common import context as magnum_context
import magnum.conf
from magnum.conductor import periodic
from magnum.drivers.common import registry
from magnum import objects

HOST = 'conductor-a'
_RealManager = extension.ExtensionManager


@pytest.fixture
def conf(tmp_path):
    fixture = config_fixture.Config(magnum.conf.CONF)
    fixture.setUp()
    fixture.config(group='drivers', enabled_beta_drivers=['fake'])
    fixture.config(group='fake_driver',
                   behaviour_file=str(tmp_path / 'behaviour.json'),
                   calls_file=str(tmp_path / 'calls.jsonl'))
    fixture.config(group='certificates', cert_manager_type='x509keypair',
                   encryption_key=fernet.Fernet.generate_key().decode())
    registry.reset()
    yield fixture
    registry.reset()
    fixture.cleanUp()


@pytest.fixture
def behaviour(conf, tmp_path):
    """Write the fake driver's behaviour file."""
    def write(data):
        (tmp_path / 'behaviour.json').write_text(json.dumps(data))
    return write


@pytest.fixture
def drivers(monkeypatch, conf):
    def install(extra):
        real = {ext.name: ext for ext in _RealManager(
            namespace=registry.NAMESPACE).extensions}
        extensions = list(real.values()) + [
            extension.Extension(name, None, cls, None)
            for name, cls in extra.items()]

        def manager(**kwargs):
            return _RealManager.make_test_instance(
                extensions, namespace=kwargs['namespace'])
        monkeypatch.setattr(registry.extension, 'ExtensionManager', manager)
        registry.reset()
    return install


class World:
    def __init__(self, context):
        self.context = context
        self.admin = magnum_context.make_admin_context(all_tenants=True)
        self._templates = {}

    def template(self, driver='fake'):
        if driver not in self._templates:
            template = objects.ClusterTemplate(
                self.context, uuid=str(uuid.uuid4()), name='t-' + driver,
                coe='kubernetes', server_type='vm',
                cluster_distro='fedora-coreos', image_id='fcos',
                driver=driver, labels={},
                project_id=self.context.project_id)
            template.create()
            self._templates[driver] = template
        return self._templates[driver]

    def cluster(self, driver='fake', status='CREATE_IN_PROGRESS',
                start=True, age=0, masters=1, workers=2, **values):
        """A stored cluster with default nodegroups in ``status``;
        ``start`` tells the fake driver about the operation; ``age``
        (seconds) back-dates created_at and updated_at."""
        template = self.template(driver)
        cluster_uuid = str(uuid.uuid4())
        values.setdefault('name', 'c-' + cluster_uuid[:8])
        values.setdefault('create_timeout', 60)
        cluster = objects.Cluster(
            self.context, uuid=cluster_uuid, status=status,
            project_id=self.context.project_id,
            user_id=self.context.user_id,
            cluster_template_id=template.uuid, labels={}, **values)
        cluster.create()
        for role, count in (('master', masters), ('worker', workers)):
            objects.NodeGroup(
                self.context, uuid=str(uuid.uuid4()),
                name='default-' + role, cluster_id=cluster_uuid,
                project_id=self.context.project_id, role=role,
                node_count=count, is_default=True, status=status,
                node_addresses=[]).create()
        if age:
            when = timeutils.utcnow() - datetime.timedelta(seconds=age)
            cluster.dbapi.update_cluster(cluster_uuid, {
                'created_at': when, 'updated_at': when})
        cluster = self.get(cluster_uuid)
        if start and driver == 'fake':
            operation = {'CREATE_IN_PROGRESS': 'create_cluster',
                         'UPDATE_IN_PROGRESS': 'update_cluster',
                         'DELETE_IN_PROGRESS': 'delete_cluster'}[status]
            driver_obj = registry.get_driver_for_cluster(self.admin, cluster)
            if operation == 'create_cluster':
                driver_obj.create_cluster(self.admin, cluster, 60)
            else:
                getattr(driver_obj, operation)(self.admin, cluster)
        return cluster

    def get(self, cluster_uuid):
        return objects.Cluster.get_by_uuid(self.admin, cluster_uuid)


@pytest.fixture
def world(db, conf, ctx):
    return World(ctx)


@pytest.fixture
def tasks(db, conf):
    """The periodic tasks of conductor HOST, its heartbeat sent."""
    result = periodic.PeriodicTasks(HOST)
    result.heartbeat()
    return result
