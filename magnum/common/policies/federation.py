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

"""Who may do what with cluster federations."""

from oslo_policy import policy

from magnum.common.policies import base

PREFIX = 'federation:%s'
COLLECTION = '/v1/federations'
RESOURCE = '/v1/federations/{federation_ident}'


def _op(method, path):
    return [{'path': path, 'method': method}]


rules = [
    policy.DocumentedRuleDefault(
        name=PREFIX % 'create',
        check_str=base.ADMIN_OR_PROJECT_MEMBER_DENY_CLUSTER_USER,
        scope_types=['project'],
        description='Ask for a federation of clusters around a host '
                    'cluster.',
        operations=_op('POST', COLLECTION)),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'delete',
        check_str=base.ADMIN_OR_PROJECT_MEMBER_DENY_CLUSTER_USER,
        scope_types=['project'],
        description='Dissolve a federation.',
        operations=_op('DELETE', RESOURCE)),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'detail',
        check_str=base.ADMIN_OR_PROJECT_READER_DENY_CLUSTER_USER,
        scope_types=['project'],
        description='List the project\'s federations with every field.',
        operations=_op('GET', COLLECTION + '/detail')),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'get',
        check_str=base.ADMIN_OR_PROJECT_READER_DENY_CLUSTER_USER,
        scope_types=['project'],
        description='Show one federation.',
        operations=_op('GET', RESOURCE)),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'get_all',
        check_str=base.ADMIN_OR_PROJECT_READER_DENY_CLUSTER_USER,
        scope_types=['project'],
        description='List the project\'s federations.',
        operations=_op('GET', COLLECTION)),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'update',
        check_str=base.ADMIN_OR_PROJECT_MEMBER_DENY_CLUSTER_USER,
        scope_types=['project'],
        description='Change a federation with a JSON patch, e.g. to add or '
                    'remove member clusters.',
        operations=_op('PATCH', RESOURCE)),
]


def list_rules():
    return rules
