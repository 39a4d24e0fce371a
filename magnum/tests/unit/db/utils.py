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

"""Row factories for database tests: sensible values, overridable."""

from oslo_utils import uuidutils


def template_values(**kw):
    values = {
        'uuid': uuidutils.generate_uuid(),
        'name': 'k8s-template',
        'project_id': 'project-a',
        'user_id': 'user-a',
        'image_id': 'fedora-coreos',
        'coe': 'kubernetes',
        'labels': {'kube_tag': 'v1.30.1'},
        'public': False,
        'hidden': False,
    }
    values.update(kw)
    return values


def cluster_values(**kw):
    values = {
        'uuid': uuidutils.generate_uuid(),
        'name': 'cluster-1',
        'project_id': 'project-a',
        'user_id': 'user-a',
        'cluster_template_id': uuidutils.generate_uuid(),
        'status': 'CREATE_IN_PROGRESS',
        'labels': {},
        'create_timeout': 60,
    }
    values.update(kw)
    return values


def nodegroup_values(cluster, **kw):
    values = {
        'uuid': uuidutils.generate_uuid(),
        'name': 'default-worker',
        'cluster_id': cluster.uuid,
        'project_id': cluster.project_id,
        'role': 'worker',
        'node_count': 1,
        'is_default': True,
        'node_addresses': [],
        'labels': {},
    }
    values.update(kw)
    return values
