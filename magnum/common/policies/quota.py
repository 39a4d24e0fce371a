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

"""Who may read and set per-project quotas."""

from oslo_policy import policy

from magnum.common.policies import base

PREFIX = 'quota:%s'
COLLECTION = '/v1/quotas'
RESOURCE = '/v1/quotas/{project_id}/{resource}'

rules = [
    policy.DocumentedRuleDefault(
        name=PREFIX % 'create',
        check_str=base.CONTEXT_IS_ADMIN,
        description='Set a quota for a project and resource.',
        operations=[{'path': COLLECTION, 'method': 'POST'}]),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'delete',
        check_str=base.CONTEXT_IS_ADMIN,
        description='Drop a project\'s quota, returning it to the default.',
        operations=[{'path': RESOURCE, 'method': 'DELETE'}]),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'get',
        check_str=base.ADMIN_OR_PROJECT_READER,
        scope_types=['project'],
        description='Show the quota of a project for one resource.',
        operations=[{'path': RESOURCE, 'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'get_all',
        check_str=base.CONTEXT_IS_ADMIN,
        description='List the quotas that have been set.',
        operations=[{'path': COLLECTION, 'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'update',
        check_str=base.CONTEXT_IS_ADMIN,
        description='Change the hard limit of a project\'s quota.',
        operations=[{'path': RESOURCE, 'method': 'PATCH'}]),
]


def list_rules():
    return rules
