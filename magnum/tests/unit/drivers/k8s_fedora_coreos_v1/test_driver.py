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

import importlib.metadata

import pytest

from magnum.common import exception
from magnum.drivers.common import registry
from magnum.drivers.heat import driver as heat_driver
from magnum.drivers.k8s_fedora_coreos_v1 import driver
from magnum.drivers.k8s_fedora_coreos_v1 import template_def


def test_provides():
    assert driver.Driver.provides == [
        {'server_type': 'vm', 'os': 'fedora-coreos', 'coe': 'kubernetes'}]
    assert issubclass(driver.Driver, heat_driver.HeatDriver)


def test_definitions():
    d = driver.Driver()
    assert isinstance(d.get_template_definition(),
                      template_def.FedoraCoreOSK8sTemplateDefinition)
    assert isinstance(d.get_nodegroup_template_definition(),
                      template_def.FedoraCoreOSK8sNodeGroupTemplateDefinition)


def test_entry_point_is_installed():
    names = {ep.name: ep.value for ep in
             importlib.metadata.entry_points(group='magnum.drivers')}
    assert names.get('k8s_fedora_coreos_v1') == (
        'magnum.drivers.k8s_fedora_coreos_v1.driver:Driver')


def test_registry_finds_the_driver(entry_points):
    entry_points({'k8s_fedora_coreos_v1': driver.Driver})
    found = registry.get_driver('vm', 'fedora-coreos', 'kubernetes')
    assert isinstance(found, driver.Driver)


def test_validate_labels_hook():
    driver.Driver.validate_labels({'unknown': 'x'})
    with pytest.raises(exception.InvalidParameterValue):
        driver.Driver.validate_labels({'flannel_backend': 'nope'})
