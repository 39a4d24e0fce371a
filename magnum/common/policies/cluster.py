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

"""Who may do what with clusters."""

from oslo_policy import policy

from magnum.common.policies import base

PREFIX = 'cluster:%s'
COLLECTION = '/v1/clusters'
RESOURCE = '/v1/clusters/{cluster_ident}'


def _op(method, path):
    return [{'path': path, 'method': method}]


rules = [
    policy.DocumentedRuleDefault(
        name=PREFIX % 'create',
        check_str=base.ADMIN_OR_PROJECT_MEMBER_DENY_CLUSTER_USER,
        scope_types=['project'],
        description='Ask for a new cluster to be built.',
        operations=_op('POST', COLLECTION)),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'delete',
        check_str=base.ADMIN_OR_PROJECT_MEMBER_DENY_CLUSTER_USER,
        scope_types=['project'],
        description='Tear down a cluster.',
        operations=_op('DELETE', RESOURCE)),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'delete_all_projects',
        check_str=base.CONTEXT_IS_ADMIN,
        description='Tear down a cluster that belongs to any project.',
        operations=_op('DELETE', RESOURCE)),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'force_delete',
        check_str=base.CONTEXT_IS_ADMIN,
        description='Forget a cluster at once (DELETE with force=true, API '
                    '1.16): its records and certificates go without waiting '
                    'for the cloud, where deleting its resources and trust '
                    'is only attempted. For clusters stuck in any state.',
        operations=_op('DELETE', RESOURCE + '?force=true')),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'detail',
        check_str=base.ADMIN_OR_PROJECT_READER_DENY_CLUSTER_USER,
        scope_types=['project'],
        description='List the project\'s clusters with every field.',
        operations=_op('GET', COLLECTION + '/detail')),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'detail_all_projects',
        check_str=base.CONTEXT_IS_ADMIN,
        description='List the clusters of every project with every field.',
        operations=_op('GET', COLLECTION + '/detail')),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'get',
        check_str=base.ADMIN_OR_PROJECT_READER_DENY_CLUSTER_USER,
        scope_types=['project'],
        description='Show one cluster.',
        operations=_op('GET', RESOURCE)),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'get_one_all_projects',
        check_str=base.CONTEXT_IS_ADMIN,
        description='Show a cluster that belongs to any project.',
        operations=_op('GET', RESOURCE)),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'get_all',
        check_str=base.ADMIN_OR_PROJECT_READER_DENY_CLUSTER_USER,
        scope_types=['project'],
        description='List the project\'s clusters (summary fields).',
        operations=_op('GET', COLLECTION)),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'get_all_all_projects',
        check_str=base.CONTEXT_IS_ADMIN,
        description='List the clusters of every project (summary fields).',
        operations=_op('GET', COLLECTION)),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'update',
        check_str=base.ADMIN_OR_PROJECT_MEMBER_DENY_CLUSTER_USER,
        scope_types=['project'],
        description='Change a cluster with a JSON patch.',
        operations=_op('PATCH', RESOURCE)),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'update_health_status',
        check_str=base.ADMIN_OR_PROJECT_MEMBER_USER_OR_CLUSTER_USER,
        scope_types=['project'],
        description='Report a cluster\'s health_status and '
                    'health_status_reason through a JSON patch.',
        operations=_op('PATCH', RESOURCE)),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'update_all_projects',
        check_str=base.CONTEXT_IS_ADMIN,
        description='Change a cluster that belongs to any project.',
        operations=_op('PATCH', RESOURCE)),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'resize',
        check_str=base.ADMIN_OR_PROJECT_MEMBER_DENY_CLUSTER_USER,
        scope_types=['project'],
        description='Change the node count of one of a cluster\'s node '
                    'groups, optionally naming the nodes to remove.',
        operations=_op('POST', RESOURCE + '/actions/resize')),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'upgrade',
        check_str=base.ADMIN_OR_PROJECT_MEMBER_DENY_CLUSTER_USER,
        scope_types=['project'],
        description='Move a cluster (or one node group) to another '
                    'cluster template.',
        operations=_op('POST', RESOURCE + '/actions/upgrade')),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'upgrade_all_projects',
        check_str=base.CONTEXT_IS_ADMIN,
        description='Upgrade a cluster that belongs to any project.',
        operations=_op('POST', RESOURCE + '/actions/upgrade')),
]


def list_rules():
    return rules
