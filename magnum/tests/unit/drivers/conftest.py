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

"""Fixtures for driver tests: configuration overrides, a registry over
test-only entry points, and in-memory cluster objects."""

import uuid

from oslo_config import fixture as config_fixture
import pytest
from stevedore import extension

from magnum.common import context as magnum_context
import magnum.conf
from magnum.drivers.common import registry
from magnum import objects

_RealManager = extension.ExtensionManager


@pytest.fixture
def conf():
    """An oslo.config fixture; ``conf.config(group=..., name=value)``."""
    fixture = config_fixture.Config(magnum.conf.CONF)
    fixture.setUp()
    yield fixture
    fixture.cleanUp()


@pytest.fixture
def entry_points(monkeypatch):
    """Replace the ``magnum.drivers`` entry points: call it with
    ``{name: driver class}``; the registry is reset around the test."""
    def install(drivers):
        extensions = [extension.Extension(name, None, cls, None)
                      for name, cls in drivers.items()]

        def manager(**kwargs):
            assert kwargs['namespace'] == 'magnum.drivers'
            return _RealManager.make_test_instance(
                extensions, namespace=kwargs['namespace'])
        monkeypatch.setattr(registry.extension, 'ExtensionManager', manager)
        registry.reset()
    yield install
    registry.reset()


@pytest.fixture
def ctx():
    return magnum_context.make_context(
        project_id='project-a', user_id='user-a', overwrite=False)


def make_template(**values):
    values.setdefault('uuid', str(uuid.uuid4()))
    values.setdefault('server_type', 'vm')
    values.setdefault('cluster_distro', 'fedora-coreos')
    values.setdefault('coe', 'kubernetes')
    values.setdefault('driver', None)
    values.setdefault('labels', {})
    return objects.ClusterTemplate(**values)


def make_nodegroup(cluster_uuid, role, **values):
    values.setdefault('uuid', str(uuid.uuid4()))
    values.setdefault('name', 'default-%s' % role)
    values.setdefault('is_default', True)
    values.setdefault('node_count', 1)
    values.setdefault('status', 'CREATE_IN_PROGRESS')
    values.setdefault('node_addresses', [])
    return objects.NodeGroup(cluster_id=cluster_uuid, role=role, **values)


def make_cluster(context, masters=1, workers=2, template=None, **values):
    """A cluster object with a default master and worker nodegroup, not
    stored anywhere."""
    values.setdefault('uuid', str(uuid.uuid4()))
    values.setdefault('name', 'c-' + values['uuid'][:8])
    values.setdefault('status', 'CREATE_IN_PROGRESS')
    values.setdefault('labels', {})
    cluster = objects.Cluster(context, **values)
    cluster.cluster_template = template or make_template()
    cluster.nodegroups = [
        make_nodegroup(cluster.uuid, 'master', node_count=masters),
        make_nodegroup(cluster.uuid, 'worker', node_count=workers)]
    return cluster
