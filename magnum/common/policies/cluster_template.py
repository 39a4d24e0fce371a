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

"""Who may do what with cluster templates."""

from oslo_policy import policy

from magnum.common.policies import base

PREFIX = 'clustertemplate:%s'
COLLECTION = '/v1/clustertemplates'
RESOURCE = '/v1/clustertemplates/{clustertemplate_ident}'


def _op(method, path):
    return [{'path': path, 'method': method}]


rules = [
    policy.DocumentedRuleDefault(
        name=PREFIX % 'create',
        check_str=base.ADMIN_OR_PROJECT_MEMBER_DENY_CLUSTER_USER,
        scope_types=['project'],
        description='Define a new cluster template.',
        operations=_op('POST', COLLECTION)),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'delete',
        check_str=base.ADMIN_OR_PROJECT_MEMBER,
        scope_types=['project'],
        description='Remove a cluster template no cluster uses.',
        operations=_op('DELETE', RESOURCE)),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'delete_all_projects',
        check_str=base.CONTEXT_IS_ADMIN,
        description='Remove a cluster template of any project.',
        operations=_op('DELETE', RESOURCE)),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'detail',
        check_str=base.ADMIN_OR_PROJECT_READER_DENY_CLUSTER_USER,
        scope_types=['project'],
        description='List the cluster templates the project can see, with '
                    'every field.',
        operations=_op('GET', COLLECTION + '/detail')),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'detail_all_projects',
        check_str=base.CONTEXT_IS_ADMIN,
        description='List the cluster templates of every project, with '
                    'every field.',
        operations=_op('GET', COLLECTION + '/detail')),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'get',
        check_str=base.ADMIN_OR_PROJECT_READER_DENY_CLUSTER_USER,
        scope_types=['project'],
        description='Show one cluster template. Not checked for public '
                    'templates, which anyone may read.',
        operations=_op('GET', RESOURCE)),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'get_one_all_projects',
        check_str=base.CONTEXT_IS_ADMIN,
        description='Show a cluster template of any project.',
        operations=_op('GET', RESOURCE)),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'get_all',
        check_str=base.ADMIN_OR_PROJECT_READER_DENY_CLUSTER_USER,
        scope_types=['project'],
        description='List the cluster templates the project can see.',
        operations=_op('GET', COLLECTION)),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'get_all_all_projects',
        check_str=base.CONTEXT_IS_ADMIN,
        description='List the cluster templates of every project.',
        operations=_op('GET', COLLECTION)),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'update',
        check_str=base.ADMIN_OR_PROJECT_MEMBER,
        scope_types=['project'],
        description='Change a cluster template with a JSON patch.',
        operations=_op('PATCH', RESOURCE)),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'update_all_projects',
        check_str=base.CONTEXT_IS_ADMIN,
        description='Change a cluster template of any project.',
        operations=_op('PATCH', RESOURCE)),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'publish',
        check_str=base.CONTEXT_IS_ADMIN,
        description='Set the public or hidden flag of a cluster template, '
                    'when creating it or by patching it.',
        operations=[{'path': COLLECTION, 'method': 'POST'},
                    {'path': RESOURCE, 'method': 'PATCH'}]),
]


def list_rules():
    return rules
