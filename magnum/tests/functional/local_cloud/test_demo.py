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

"""The README's first command, ``local-cloud demo``, end to end: it reuses
the cloud the session fixture started and drives Magnum with the real
``openstack coe`` CLI."""

import re

from magnum.tests.functional.local_cloud.cloud import run_tool

STEPS = [
    'demo: 1/8 create a cluster template: openstack coe cluster template '
    'create k8s-demo',
    'demo: 2/8 create a cluster: openstack coe cluster create demo-cluster',
    'demo:   status CREATE_COMPLETE',
    'demo: 4/8 resize to 2 nodes: openstack coe cluster resize '
    'demo-cluster 2',
    'demo:   status UPDATE_COMPLETE',
    'demo:   node_count is now 2',
    'demo: 6/8 list node groups',
    'demo: 7/8 delete the cluster',
    'demo:   status gone',
    'demo: 8/8 delete the template',
    'demo: finished in',
]


def test_demo_runs_to_the_end(local_cloud):
    proc = run_tool('demo', 900)
    output = proc.stdout
    assert proc.returncode == 0, output + proc.stderr
    # Built by the Heat driver: a real stack with an API address.
    assert 'k8s_fedora_coreos_v1' in output
    assert 'fake' not in output
    assert 'demo:   api_address https://' in output
    assert re.search(r'demo:   Heat stack demo-cluster-\S+ CREATE_COMPLETE',
                     output)
    assert re.search(r'demo:   Heat stack demo-cluster-\S+ UPDATE_COMPLETE',
                     output)
    position = 0
    for step in STEPS:
        found = output.find(step, position)
        assert found >= 0, 'missing or out of order: %r\n%s' % (
            step, output)
        position = found
    # The worker nodegroup was listed with its new size.
    assert 'default-worker' in output
    assert 'local-cloud down' in output
    # The cloud and Magnum keep running after the demo.
    assert run_tool('status', 60).returncode == 0
