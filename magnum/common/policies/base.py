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

"""Building blocks every resource policy refers to.

The first six rules are the primitives (admin role, owning project, owning
user, project roles). The composite rules below them are what resource rules
use as defaults; each one keeps the pre-2023.2 rule it replaced as a
deprecated alias, so an operator's override of ``admin_or_owner`` or
``admin_or_user`` keeps applying, and ``[oslo_policy]
enforce_new_defaults = False`` still ORs the old check in.
"""

from oslo_policy import policy

CONTEXT_IS_ADMIN = 'rule:context_is_admin'
ADMIN_OR_OWNER = 'rule:admin_or_owner'
ADMIN_OR_USER = 'rule:admin_or_user'
IS_USER = 'rule:is_user'
PROJECT_MEMBER = 'rule:project_member'
PROJECT_READER = 'rule:project_reader'

ADMIN_OR_PROJECT_READER = 'rule:admin_or_project_reader'
ADMIN_OR_PROJECT_MEMBER = 'rule:admin_or_project_member'
ADMIN_OR_PROJECT_MEMBER_USER = 'rule:admin_or_project_member_user'
ADMIN_OR_PROJECT_MEMBER_USER_OR_CLUSTER_USER = (
    'rule:admin_or_project_member_user_or_cluster_user')
PROJECT_MEMBER_DENY_CLUSTER_USER = 'rule:project_member_deny_cluster_user'
ADMIN_OR_PROJECT_MEMBER_DENY_CLUSTER_USER = (
    'rule:admin_or_project_member_deny_cluster_user')
PROJECT_READER_DENY_CLUSTER_USER = 'rule:project_reader_deny_cluster_user'
ADMIN_OR_PROJECT_READER_DENY_CLUSTER_USER = (
    'rule:admin_or_project_reader_deny_cluster_user')
ADMIN_OR_PROJECT_READER_USER = 'rule:admin_or_project_reader_user'

_ADMIN_OR_OWNER_CHECK = 'is_admin:True or project_id:%(project_id)s'
_ADMIN_OR_USER_CHECK = 'is_admin:True or user_id:%(user_id)s'

_DEPRECATED_REASON = (
    'Magnum now understands the Keystone default roles (admin, member, '
    'reader) within a project; owning the project is no longer enough.')
_DEPRECATED_SINCE = '2023.2'

_WAS_ADMIN_OR_OWNER = policy.DeprecatedRule(
    name='admin_or_owner',
    check_str=_ADMIN_OR_OWNER_CHECK,
    deprecated_reason=_DEPRECATED_REASON,
    deprecated_since=_DEPRECATED_SINCE)
_WAS_ADMIN_OR_USER = policy.DeprecatedRule(
    name='admin_or_user',
    check_str=_ADMIN_OR_USER_CHECK,
    deprecated_reason=_DEPRECATED_REASON,
    deprecated_since=_DEPRECATED_SINCE)

_ADMIN_OR_MEMBER_USER_CHECK = (
    '(rule:context_is_admin) or ((rule:project_member) and (rule:is_user))')

rules = [
    policy.RuleDefault(
        name='context_is_admin',
        check_str='role:admin',
        description='The caller holds the admin role.'),
    policy.RuleDefault(
        name='admin_or_owner',
        check_str=_ADMIN_OR_OWNER_CHECK,
        description='Legacy: an admin, or any caller of the owning '
                    'project.'),
    policy.RuleDefault(
        name='admin_or_user',
        check_str=_ADMIN_OR_USER_CHECK,
        description='Legacy: an admin, or the user who owns the target.'),
    policy.RuleDefault(
        name='is_user',
        check_str='user_id:%(user_id)s',
        description='The caller is the user who owns the target.'),
    policy.RuleDefault(
        name='project_member',
        check_str='role:member and project_id:%(project_id)s',
        description='The caller has the member role in the target\'s '
                    'project.'),
    policy.RuleDefault(
        name='project_reader',
        check_str='role:reader and project_id:%(project_id)s',
        description='The caller has the reader role in the target\'s '
                    'project.'),
    policy.RuleDefault(
        name='admin_or_project_reader',
        check_str='(rule:context_is_admin) or (rule:project_reader)',
        description='An admin, or a reader of the target\'s project.',
        deprecated_rule=_WAS_ADMIN_OR_OWNER),
    policy.RuleDefault(
        name='admin_or_project_member',
        check_str='(rule:context_is_admin) or (rule:project_member)',
        description='An admin, or a member of the target\'s project.',
        deprecated_rule=_WAS_ADMIN_OR_OWNER),
    policy.RuleDefault(
        name='admin_or_project_member_user',
        check_str=_ADMIN_OR_MEMBER_USER_CHECK,
        description='An admin, or the member of the target\'s project who '
                    'owns the target.',
        deprecated_rule=_WAS_ADMIN_OR_USER),
    policy.RuleDefault(
        name='admin_or_project_member_user_or_cluster_user',
        check_str=_ADMIN_OR_MEMBER_USER_CHECK,
        description='Kept for policy files written for the trustee-aware '
                    'rules; identical to admin_or_project_member_user.',
        deprecated_rule=_WAS_ADMIN_OR_USER),
    policy.RuleDefault(
        name='project_member_deny_cluster_user',
        check_str='(rule:project_member)',
        description='A member of the target\'s project; the admin role '
                    'alone is not enough.',
        deprecated_rule=_WAS_ADMIN_OR_OWNER),
    policy.RuleDefault(
        name='admin_or_project_member_deny_cluster_user',
        check_str='(rule:context_is_admin) or (rule:project_member)',
        description='An admin, or a member of the target\'s project.',
        deprecated_rule=_WAS_ADMIN_OR_OWNER),
    policy.RuleDefault(
        name='project_reader_deny_cluster_user',
        check_str='(rule:project_reader)',
        description='A reader of the target\'s project.',
        deprecated_rule=_WAS_ADMIN_OR_OWNER),
    policy.RuleDefault(
        name='admin_or_project_reader_deny_cluster_user',
        check_str='(rule:context_is_admin) or (rule:project_reader)',
        description='An admin, or a reader of the target\'s project.',
        deprecated_rule=_WAS_ADMIN_OR_OWNER),
    policy.RuleDefault(
        name='admin_or_project_reader_user',
        check_str='(rule:context_is_admin) or ((rule:project_reader) and '
                  '(rule:is_user))',
        description='An admin, or the reader of the target\'s project who '
                    'owns the target.',
        deprecated_rule=_WAS_ADMIN_OR_USER),
]


def list_rules():
    return rules
