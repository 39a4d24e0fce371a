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

"""Kubernetes on Fedora CoreOS virtual machines, built with Heat."""

from magnum.drivers.heat import driver as heat_driver
from magnum.drivers.k8s_fedora_coreos_v1 import labels
from magnum.drivers.k8s_fedora_coreos_v1 import template_def


class Driver(heat_driver.HeatDriver):
    """Entry point ``k8s_fedora_coreos_v1``."""

    provides = [
        {'server_type': 'vm', 'os': 'fedora-coreos', 'coe': 'kubernetes'},
    ]

    def get_template_definition(self):
        return template_def.FedoraCoreOSK8sTemplateDefinition()

    def get_nodegroup_template_definition(self):
        return template_def.FedoraCoreOSK8sNodeGroupTemplateDefinition()

    def ca_rotation_params(self, cluster):
        """Only the CA's fingerprint: the nodes get the new certificates
        from Magnum when their user data carries the new one."""
        return template_def.ca_params(cluster)

    @staticmethod
    def validate_labels(labels_):
        """Raise InvalidParameterValue for a bad well-known label value."""
        labels.validate_labels(labels_)
