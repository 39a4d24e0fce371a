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

"""Who may read a cluster's CA, sign certificates with it, or replace it.

The target is the cluster, so ``is_user`` compares the caller with the user
who created the cluster.
"""

from oslo_policy import policy

from magnum.common.policies import base

PREFIX = 'certificate:%s'
RESOURCE = '/v1/certificates/{cluster_ident}'

rules = [
    policy.DocumentedRuleDefault(
        name=PREFIX % 'create',
        check_str=base.ADMIN_OR_PROJECT_MEMBER_USER,
        scope_types=['project'],
        description='Have a cluster\'s CA sign a certificate signing '
                    'request.',
        operations=[{'path': '/v1/certificates', 'method': 'POST'}]),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'get',
        check_str=base.ADMIN_OR_PROJECT_READER_USER,
        scope_types=['project'],
        description='Fetch the CA certificate of a cluster.',
        operations=[{'path': RESOURCE, 'method': 'GET'}]),
    policy.DocumentedRuleDefault(
        name=PREFIX % 'rotate_ca',
        check_str=base.ADMIN_OR_PROJECT_MEMBER,
        scope_types=['project'],
        description='Replace the CA of a cluster, invalidating the '
                    'certificates it signed.',
        operations=[{'path': RESOURCE, 'method': 'PATCH'}]),
]


def list_rules():
    return rules
