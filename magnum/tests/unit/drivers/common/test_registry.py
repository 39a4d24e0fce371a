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

import http.client as http

import pytest

from magnum.common import exception
from magnum.drivers.common import driver
from magnum.drivers.common import registry
from magnum.drivers.fake import driver as fake_driver
from magnum.tests.unit.drivers import conftest


class _Base(driver.Driver):
    def create_cluster(self, context, cluster, cluster_create_timeout):
        pass

    def update_cluster(self, context, cluster, scale_manager=None,
                       rollback=False):
        pass

    def delete_cluster(self, context, cluster):
        pass

    def resize_cluster(self, context, cluster, resize_manager, node_count,
                       nodes_to_remove, nodegroup=None):
        pass

    def upgrade_cluster(self, context, cluster, cluster_template,
                        max_batch_size, nodegroup, scale_manager=None,
                        rollback=False):
        pass

    def create_nodegroup(self, context, cluster, nodegroup):
        pass

    def update_nodegroup(self, context, cluster, nodegroup):
        pass

    def delete_nodegroup(self, context, cluster, nodegroup):
        pass


def _provides(*tuples):
    return [dict(zip(('server_type', 'os', 'coe'), t)) for t in tuples]


class K8s(_Base):
    provides = _provides(('vm', 'fedora-coreos', 'kubernetes'))


class OtherK8s(_Base):
    provides = _provides(('vm', 'fedora-coreos', 'kubernetes'),
                         ('bm', 'fedora-coreos', 'kubernetes'))


class Swarm(_Base):
    provides = _provides(('vm', 'fedora-coreos', 'swarm-mode'))


class BetaMesos(_Base):
    provides = _provides(('vm', 'ubuntu', 'mesos'))
    beta = True


@pytest.fixture
def drivers(entry_points):
    entry_points({'k8s': K8s, 'swarm': Swarm, 'mesos_beta': BetaMesos})


def test_tuple_lookup_returns_the_providing_driver(drivers):
    found = registry.get_driver('vm', 'fedora-coreos', 'swarm-mode')
    assert isinstance(found, Swarm)
    assert isinstance(registry.get_driver('vm', 'fedora-coreos',
                                          'kubernetes'), K8s)


def test_instances_are_cached_until_reset(drivers):
    first = registry.get_driver('vm', 'fedora-coreos', 'kubernetes')
    assert registry.get_driver('vm', 'fedora-coreos', 'kubernetes') is first
    registry.reset()
    assert registry.get_driver('vm', 'fedora-coreos', 'kubernetes') \
        is not first


def test_named_driver_bypasses_the_tuple(drivers):
    found = registry.get_driver('bm', 'ubuntu', 'kubernetes',
                                driver_name='swarm')
    assert isinstance(found, Swarm)


def test_missing_named_driver_is_a_400(drivers):
    with pytest.raises(exception.ClusterDriverNotSupported) as err:
        registry.get_driver('vm', 'fedora-coreos', 'kubernetes',
                            driver_name='nope')
    assert err.value.code == http.BAD_REQUEST
    assert 'nope' in str(err.value)


def test_unknown_tuple_lists_the_available_types(drivers):
    with pytest.raises(exception.ClusterTypeNotSupported) as err:
        registry.get_driver('bm', 'ubuntu', 'kubernetes')
    assert err.value.code == http.BAD_REQUEST
    message = str(err.value)
    assert '(bm, ubuntu, kubernetes) not supported' in message
    assert '(vm, fedora-coreos, kubernetes)' in message
    assert '(vm, ubuntu, mesos)' in message


def test_no_drivers_at_all(entry_points):
    entry_points({})
    with pytest.raises(exception.ClusterTypeNotSupported) as err:
        registry.get_driver('vm', 'fedora-coreos', 'kubernetes')
    assert 'Available cluster types: none.' in str(err.value)
    assert registry.list_drivers() == []
    assert registry.default_driver_name() is None


def test_disabled_driver_is_skipped(drivers, conf):
    conf.config(group='drivers', disabled_drivers=['swarm'])
    with pytest.raises(exception.ClusterTypeNotSupported):
        registry.get_driver('vm', 'fedora-coreos', 'swarm-mode')
    with pytest.raises(exception.ClusterDriverNotSupported):
        registry.get_driver(None, None, None, driver_name='swarm')
    assert [d.name for d in registry.list_drivers()] == ['k8s', 'mesos_beta']
    assert 'swarm' in [d.name for d in
                       registry.list_drivers(include_disabled=True)]


def test_disabled_driver_still_serves_existing_clusters(drivers, conf, ctx):
    conf.config(group='drivers', disabled_drivers=['swarm'])
    cluster = conftest.make_cluster(ctx, template=conftest.make_template(
        coe='swarm-mode', driver='swarm'))
    assert isinstance(registry.get_driver_for_cluster(ctx, cluster), Swarm)


def test_beta_driver_needs_enabling(drivers, conf):
    with pytest.raises(exception.ClusterTypeBetaNotEnabled) as err:
        registry.get_driver('vm', 'ubuntu', 'mesos')
    assert err.value.code == http.BAD_REQUEST
    with pytest.raises(exception.ClusterTypeBetaNotEnabled):
        registry.get_driver('vm', 'ubuntu', 'mesos', driver_name='mesos_beta')
    conf.config(group='drivers', enabled_beta_drivers=['mesos_beta'])
    assert isinstance(registry.get_driver('vm', 'ubuntu', 'mesos'),
                      BetaMesos)


def test_driver_for_cluster_uses_the_template(drivers, ctx):
    tuple_cluster = conftest.make_cluster(
        ctx, template=conftest.make_template(coe='swarm-mode'))
    assert isinstance(registry.get_driver_for_cluster(ctx, tuple_cluster),
                      Swarm)
    named_cluster = conftest.make_cluster(
        ctx, template=conftest.make_template(coe='swarm-mode', driver='k8s'))
    assert isinstance(registry.get_driver_for_cluster(ctx, named_cluster),
                      K8s)


def test_clash_is_resolved_deterministically(entry_points, conf):
    entry_points({'zeta': OtherK8s, 'alpha': K8s})
    assert isinstance(registry.get_driver('vm', 'fedora-coreos',
                                          'kubernetes'), K8s)
    conf.config(group='drivers', default_driver='zeta')
    assert isinstance(registry.get_driver('vm', 'fedora-coreos',
                                          'kubernetes'), OtherK8s)


def test_clash_prefers_a_usable_driver_over_a_beta_one(entry_points):
    entry_points({'fake': fake_driver.FakeDriver, 'real': K8s})
    assert isinstance(registry.get_driver('vm', 'fedora-coreos',
                                          'kubernetes'), K8s)


def test_list_drivers_gives_name_class_and_provides(drivers):
    listed = registry.list_drivers()
    assert [d.name for d in listed] == ['k8s', 'mesos_beta', 'swarm']
    assert listed[0].cls is K8s
    assert listed[0].provides == [('vm', 'fedora-coreos', 'kubernetes')]


def test_default_driver_is_first_usable_alphabetically(drivers):
    # mesos_beta is a beta driver that is not enabled.
    assert registry.default_driver_name() == 'k8s'
    assert registry.default_driver_name('vm', 'fedora-coreos',
                                        'swarm-mode') == 'swarm'
    assert registry.default_driver_name('vm', 'ubuntu', 'mesos') is None


def test_configured_default_driver_is_validated(drivers, conf):
    conf.config(group='drivers', default_driver='swarm')
    assert registry.default_driver_name() == 'swarm'
    conf.config(group='drivers', default_driver='missing')
    with pytest.raises(exception.ClusterDriverNotSupported):
        registry.default_driver_name()
    conf.config(group='drivers', default_driver='swarm',
                disabled_drivers=['swarm'])
    with pytest.raises(exception.ClusterDriverNotSupported):
        registry.default_driver_name()


def test_driver_failing_to_load_is_left_out(monkeypatch):
    real_manager = registry.extension.ExtensionManager

    def manager(**kwargs):
        class EntryPoint:
            name = 'broken'
        kwargs['on_load_failure_callback'](None, EntryPoint(),
                                           ImportError('no module'))
        return real_manager.make_test_instance([])
    monkeypatch.setattr(registry.extension, 'ExtensionManager', manager)
    registry.reset()
    try:
        assert registry.list_drivers() == []
    finally:
        registry.reset()


def test_installed_fake_driver_is_found():
    registry.reset()
    names = [d.name for d in registry.list_drivers()]
    assert 'fake' in names
