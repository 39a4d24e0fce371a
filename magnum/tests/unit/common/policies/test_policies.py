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

"""The rule definitions: names, defaults, scopes, documentation.

Deployed policy files and clients refer to these names and check strings,
so they are pinned here rule by rule.
"""

from importlib import metadata

from oslo_config import cfg
from oslo_policy import generator
from oslo_policy import policy as oslo_policy
import pytest

from magnum.common import policies
from magnum.common.policies import base

RULES = {rule.name: rule for rule in policies.list_rules()}

BASE_RULES = {
    'context_is_admin': ('role:admin', None),
    'admin_or_owner': ('is_admin:True or project_id:%(project_id)s', None),
    'admin_or_user': ('is_admin:True or user_id:%(user_id)s', None),
    'is_user': ('user_id:%(user_id)s', None),
    'project_member': ('role:member and project_id:%(project_id)s', None),
    'project_reader': ('role:reader and project_id:%(project_id)s', None),
    'admin_or_project_reader': (
        '(rule:context_is_admin) or (rule:project_reader)',
        'admin_or_owner'),
    'admin_or_project_member': (
        '(rule:context_is_admin) or (rule:project_member)',
        'admin_or_owner'),
    'admin_or_project_member_user': (
        '(rule:context_is_admin) or ((rule:project_member) and '
        '(rule:is_user))', 'admin_or_user'),
    'admin_or_project_member_user_or_cluster_user': (
        '(rule:context_is_admin) or ((rule:project_member) and '
        '(rule:is_user))', 'admin_or_user'),
    'project_member_deny_cluster_user': (
        '(rule:project_member)', 'admin_or_owner'),
    'admin_or_project_member_deny_cluster_user': (
        '(rule:context_is_admin) or (rule:project_member)',
        'admin_or_owner'),
    'project_reader_deny_cluster_user': (
        '(rule:project_reader)', 'admin_or_owner'),
    'admin_or_project_reader_deny_cluster_user': (
        '(rule:context_is_admin) or (rule:project_reader)',
        'admin_or_owner'),
    'admin_or_project_reader_user': (
        '(rule:context_is_admin) or ((rule:project_reader) and '
        '(rule:is_user))', 'admin_or_user'),
}

_M_DENY = 'admin_or_project_member_deny_cluster_user'
_R_DENY = 'admin_or_project_reader_deny_cluster_user'
_ADMIN = 'context_is_admin'

OPERATION_DEFAULTS = {
    'cluster:create': _M_DENY,
    'cluster:delete': _M_DENY,
    'cluster:delete_all_projects': _ADMIN,
    'cluster:force_delete': _ADMIN,
    'cluster:detail': _R_DENY,
    'cluster:detail_all_projects': _ADMIN,
    'cluster:get': _R_DENY,
    'cluster:get_one_all_projects': _ADMIN,
    'cluster:get_all': _R_DENY,
    'cluster:get_all_all_projects': _ADMIN,
    'cluster:update': _M_DENY,
    'cluster:update_health_status':
        'admin_or_project_member_user_or_cluster_user',
    'cluster:update_all_projects': _ADMIN,
    'cluster:resize': _M_DENY,
    'cluster:upgrade': _M_DENY,
    'cluster:upgrade_all_projects': _ADMIN,
    'clustertemplate:create': _M_DENY,
    'clustertemplate:delete': 'admin_or_project_member',
    'clustertemplate:delete_all_projects': _ADMIN,
    'clustertemplate:detail': _R_DENY,
    'clustertemplate:detail_all_projects': _ADMIN,
    'clustertemplate:get': _R_DENY,
    'clustertemplate:get_one_all_projects': _ADMIN,
    'clustertemplate:get_all': _R_DENY,
    'clustertemplate:get_all_all_projects': _ADMIN,
    'clustertemplate:update': 'admin_or_project_member',
    'clustertemplate:update_all_projects': _ADMIN,
    'clustertemplate:publish': _ADMIN,
    'nodegroup:get': 'admin_or_project_reader',
    'nodegroup:get_all': 'admin_or_project_reader',
    'nodegroup:get_all_all_projects': _ADMIN,
    'nodegroup:get_one_all_projects': _ADMIN,
    'nodegroup:create': 'admin_or_project_member',
    'nodegroup:update': 'admin_or_project_member',
    'nodegroup:delete': 'admin_or_project_member',
    'certificate:create': 'admin_or_project_member_user',
    'certificate:get': 'admin_or_project_reader_user',
    'certificate:rotate_ca': 'admin_or_project_member',
    'credential:rotate': 'project_member_deny_cluster_user',
    'quota:create': _ADMIN,
    'quota:update': _ADMIN,
    'quota:delete': _ADMIN,
    'quota:get': 'admin_or_project_reader',
    'quota:get_all': _ADMIN,
    'stats:get_all': 'admin_or_project_reader',
    'federation:create': _M_DENY,
    'federation:update': _M_DENY,
    'federation:delete': _M_DENY,
    'federation:get': _R_DENY,
    'federation:get_all': _R_DENY,
    'federation:detail': _R_DENY,
    'magnum-service:get_all': _ADMIN,
}

UNSCOPED = {name for name in OPERATION_DEFAULTS
            if name.endswith('_all_projects')} | {
    'cluster:force_delete',
    'clustertemplate:publish', 'quota:create', 'quota:update',
    'quota:delete', 'quota:get_all', 'magnum-service:get_all'}


def test_rule_names_are_unique():
    names = [rule.name for rule in policies.list_rules()]
    assert len(names) == len(set(names))


def test_exactly_the_reference_rules_exist():
    assert set(RULES) == set(BASE_RULES) | set(OPERATION_DEFAULTS)


@pytest.mark.parametrize('name', sorted(BASE_RULES))
def test_base_rule(name):
    check_str, alias = BASE_RULES[name]
    rule = RULES[name]
    assert rule.check_str == check_str
    assert not rule.scope_types
    if alias is None:
        assert rule.deprecated_rule is None
    else:
        deprecated = rule.deprecated_rule
        assert deprecated.name == alias
        assert deprecated.check_str == BASE_RULES[alias][0]
        assert deprecated.deprecated_since == '2023.2'
        assert deprecated.deprecated_reason


@pytest.mark.parametrize('name', sorted(OPERATION_DEFAULTS))
def test_operation_rule_default_and_scope(name):
    rule = RULES[name]
    assert rule.check_str == 'rule:%s' % OPERATION_DEFAULTS[name]
    expected_scope = None if name in UNSCOPED else ['project']
    assert rule.scope_types == expected_scope


@pytest.mark.parametrize('name', sorted(OPERATION_DEFAULTS))
def test_operation_rule_is_documented(name):
    rule = RULES[name]
    assert isinstance(rule, oslo_policy.DocumentedRuleDefault)
    assert rule.description.strip()
    assert rule.operations
    for operation in rule.operations:
        assert set(operation) == {'path', 'method'}
        assert operation['path'].startswith('/v1/')
        assert operation['method'] in ('GET', 'POST', 'PATCH', 'DELETE')


@pytest.mark.parametrize('name', sorted(BASE_RULES))
def test_base_rule_is_described(name):
    assert RULES[name].description.strip()


@pytest.mark.parametrize('name, method, path', [
    ('cluster:create', 'POST', '/v1/clusters'),
    ('cluster:resize', 'POST', '/v1/clusters/{cluster_ident}/actions/resize'),
    ('cluster:detail', 'GET', '/v1/clusters/detail'),
    ('clustertemplate:update', 'PATCH',
     '/v1/clustertemplates/{clustertemplate_ident}'),
    ('nodegroup:get_all', 'GET', '/v1/clusters/{cluster_ident}/nodegroups'),
    ('certificate:create', 'POST', '/v1/certificates'),
    ('certificate:rotate_ca', 'PATCH', '/v1/certificates/{cluster_ident}'),
    ('credential:rotate', 'PATCH', '/v1/credentials/{cluster_ident}'),
    ('quota:get', 'GET', '/v1/quotas/{project_id}/{resource}'),
    ('stats:get_all', 'GET', '/v1/stats'),
    ('federation:detail', 'GET', '/v1/federations/detail'),
    ('magnum-service:get_all', 'GET', '/v1/mservices'),
])
def test_operation_matches_the_route(name, method, path):
    assert {'method': method, 'path': path} in RULES[name].operations


def test_publish_documents_both_ways_of_setting_the_flags():
    methods = {op['method'] for op in RULES['clustertemplate:publish'].operations}
    assert methods == {'POST', 'PATCH'}


def test_composite_rules_only_reference_defined_rules():
    referenced = set()
    for rule in policies.list_rules():
        for word in rule.check_str.replace('(', ' ').replace(')', ' ').split():
            if word.startswith('rule:'):
                referenced.add(word[len('rule:'):])
    assert referenced <= set(RULES)


def test_constants_name_registered_rules():
    constants = [value for key, value in vars(base).items()
                 if key.isupper() and isinstance(value, str)
                 and value.startswith('rule:')]
    assert constants
    for value in constants:
        assert value[len('rule:'):] in RULES


def test_entry_point_lists_the_rules():
    (entry_point,) = metadata.entry_points(
        group='oslo.policy.policies', name='magnum')
    assert entry_point.load() is policies.list_rules


def test_sample_generator_documents_every_rule(tmp_path):
    output = tmp_path / 'policy.yaml.sample'
    generator.generate_sample(
        args=['--namespace', 'magnum', '--output-file', str(output)],
        conf=cfg.ConfigOpts())
    sample = output.read_text()
    for name in RULES:
        assert '#"%s":' % name in sample
    assert ('#"cluster:create": '
            '"rule:admin_or_project_member_deny_cluster_user"') in sample
    assert '# POST  /v1/clusters\n' in sample
