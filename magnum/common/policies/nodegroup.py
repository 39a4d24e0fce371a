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

"""Who may do what with a cluster's node groups."""

from oslo_policy import policy

from magnum.common.policies import base

PREFIX = 'nodegroup:%s'
COLLECTION = '/v1/clusters/{cluster_ident}/nodegroups'
RESOURCE = '/v1/clusters/{cluster_ident}/nodegroups/{nodegroup}'


def _op(method, path):
    return [{'path': path, 'method': method}]


rules = [
    policy.DocumentedRuleDefault(
        name=PREFIX % 'get',
        check_str=base.ADMIN_OR_PROJECT_READER,
        scope_types=['project'],
        description='Show one node group of a cluster.',
        operations=_op('GET', RESOURCE)),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'get_all',
        check_str=base.ADMIN_OR_PROJECT_READER,
        scope_types=['project'],
        description='List the node groups of a cluster.',
        operations=_op('GET', COLLECTION)),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'get_all_all_projects',
        check_str=base.CONTEXT_IS_ADMIN,
        description='List the node groups of a cluster of any project.',
        operations=_op('GET', COLLECTION)),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'get_one_all_projects',
        check_str=base.CONTEXT_IS_ADMIN,
        description='Show a node group of a cluster of any project.',
        operations=_op('GET', RESOURCE)),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'create',
        check_str=base.ADMIN_OR_PROJECT_MEMBER,
        scope_types=['project'],
        description='Add a node group to a cluster.',
        operations=_op('POST', COLLECTION)),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'delete',
        check_str=base.ADMIN_OR_PROJECT_MEMBER,
        scope_types=['project'],
        description='Remove a non-default node group from a cluster.',
        operations=_op('DELETE', RESOURCE)),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'update',
        check_str=base.ADMIN_OR_PROJECT_MEMBER,
        scope_types=['project'],
        description='Change a node group with a JSON patch.',
        operations=_op('PATCH', RESOURCE)),
]


def list_rules():
    return rules
