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

"""Who may replace the credentials a cluster uses to call OpenStack."""

from oslo_policy import policy

from magnum.common.policies import base

rules = [
    policy.DocumentedRuleDefault(
        name='credential:rotate',
        check_str=base.PROJECT_MEMBER_DENY_CLUSTER_USER,
        scope_types=['project'],
        description='Replace the cluster\'s OpenStack credentials with new '
                    'ones. Needs the member role in the cluster\'s project; '
                    'the admin role alone does not grant it.',
        operations=[{'path': '/v1/credentials/{cluster_ident}',
                     'method': 'PATCH'}]),
]


def list_rules():
    return rules
