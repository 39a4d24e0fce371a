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

"""magnum.common.policy: enforcement, errors, overrides and tool hooks."""

import json
import os
import subprocess
import sys

import pytest
import yaml

from magnum.common import context as magnum_context
from magnum.common import exception
from magnum.common import policies
from magnum.common import policy

PROJECT_A = 'project-a'
PROJECT_B = 'project-b'
TARGET_A = {'project_id': PROJECT_A, 'user_id': 'alice'}


def make_ctx(roles, project_id=PROJECT_A, user_id='alice', **kwargs):
    ctx = magnum_context.make_context(
        user_id=user_id, project_id=project_id, roles=roles, **kwargs)
    ctx.is_admin = policy.check_is_admin(ctx)
    return ctx


def write_policy_file(conf, tmp_path, rules, **options):
    path = tmp_path / 'policy.yaml'
    path.write_text(yaml.safe_dump(rules))
    conf.config(group='oslo_policy', policy_file=str(path), **options)
    policy.reset()


def test_denial_is_a_403_naming_the_rule():
    ctx = make_ctx(['reader'])
    with pytest.raises(exception.PolicyNotAuthorized) as info:
        policy.authorize(ctx, 'cluster:create', TARGET_A)
    assert info.value.code == 403
    assert 'cluster:create' in str(info.value)
    assert isinstance(info.value, exception.NotAuthorized)


def test_do_raise_false_returns_the_verdict():
    assert policy.authorize(make_ctx(['reader']), 'cluster:create',
                            TARGET_A, do_raise=False) is False
    assert policy.authorize(make_ctx(['member']), 'cluster:create',
                            TARGET_A, do_raise=False)


def test_target_defaults_to_the_callers_project_and_user():
    member_b = make_ctx(['member', 'reader'], project_id=PROJECT_B,
                        user_id='dave')
    assert policy.authorize(member_b, 'cluster:create')
    # is_user compares with the caller's own user, so this passes too.
    assert policy.authorize(member_b, 'certificate:create')
    with pytest.raises(exception.PolicyNotAuthorized):
        policy.authorize(member_b, 'cluster:create', TARGET_A)


def test_unregistered_rule_is_a_programming_error():
    from oslo_policy import policy as oslo_policy
    with pytest.raises(oslo_policy.PolicyNotRegistered):
        policy.authorize(make_ctx(['admin']), 'cluster:frobnicate')


@pytest.mark.parametrize('scope', [
    {'system_scope': 'all'},
    {'domain_id': 'default', 'project_id': None},
])
def test_wrong_token_scope_is_a_403(scope):
    ctx = make_ctx(['admin', 'member', 'reader'], **scope)
    with pytest.raises(exception.PolicyNotAuthorized) as info:
        policy.authorize(ctx, 'cluster:get', TARGET_A)
    assert info.value.code == 403
    assert 'cluster:get' in str(info.value)
    assert policy.authorize(ctx, 'cluster:get', TARGET_A,
                            do_raise=False) is False


def test_unscoped_rules_accept_a_system_scoped_admin():
    ctx = make_ctx(['admin'], system_scope='all')
    assert policy.authorize(ctx, 'quota:create')
    assert policy.authorize(ctx, 'magnum-service:get_all')


@pytest.mark.parametrize('roles, expected', [
    (['admin'], True),
    (['admin', 'member', 'reader'], True),
    (['member', 'reader'], False),
    (['reader'], False),
    ([], False),
])
def test_check_is_admin_reads_the_roles(roles, expected):
    ctx = magnum_context.make_context(user_id='u', project_id=PROJECT_A,
                                      roles=roles)
    assert policy.check_is_admin(ctx) is expected


def test_check_is_admin_ignores_a_preset_is_admin_flag():
    ctx = magnum_context.make_context(user_id='u', project_id=PROJECT_A,
                                      roles=['member'], is_admin=True)
    assert policy.check_is_admin(ctx) is False


def test_admin_context_of_magnum_itself_is_admin():
    assert policy.check_is_admin(magnum_context.make_admin_context())


def test_policy_file_override_takes_effect(conf, tmp_path):
    member = make_ctx(['member', 'reader'])
    assert policy.authorize(member, 'cluster:create', TARGET_A)
    write_policy_file(conf, tmp_path, {'cluster:create': 'role:admin',
                                       'quota:get_all': '@'})
    with pytest.raises(exception.PolicyNotAuthorized):
        policy.authorize(member, 'cluster:create', TARGET_A)
    assert policy.authorize(make_ctx(['admin']), 'cluster:create', TARGET_A)
    assert policy.authorize(member, 'quota:get_all')
    # Rules not in the file keep their defaults.
    assert policy.authorize(member, 'cluster:delete', TARGET_A)


def test_overriding_a_base_rule_changes_the_rules_built_on_it(conf, tmp_path):
    write_policy_file(conf, tmp_path, {'project_reader': 'role:auditor'})
    auditor = make_ctx(['auditor'], project_id=PROJECT_B)
    assert policy.authorize(auditor, 'cluster:get', TARGET_A)
    with pytest.raises(exception.PolicyNotAuthorized):
        policy.authorize(make_ctx(['reader']), 'cluster:get', TARGET_A)


@pytest.mark.filterwarnings('ignore::UserWarning')
def test_legacy_admin_or_owner_override_still_applies(conf, tmp_path):
    # A policy file written before the role-based defaults overrides
    # admin_or_owner; the rules that replaced it follow that override.
    write_policy_file(conf, tmp_path, {'admin_or_owner': 'role:operator'})
    operator = make_ctx(['operator'], project_id=PROJECT_B, user_id='op')
    assert policy.authorize(operator, 'cluster:create', TARGET_A)
    with pytest.raises(exception.PolicyNotAuthorized):
        policy.authorize(make_ctx(['member', 'reader']), 'cluster:create',
                         TARGET_A)
    # Rules whose alias is admin_or_user are not affected.
    with pytest.raises(exception.PolicyNotAuthorized):
        policy.authorize(operator, 'certificate:create', TARGET_A)


@pytest.mark.filterwarnings('ignore::UserWarning')
def test_old_defaults_apply_when_new_defaults_are_not_enforced(conf):
    no_roles = make_ctx([], user_id='frank')
    with pytest.raises(exception.PolicyNotAuthorized):
        policy.authorize(no_roles, 'cluster:create', TARGET_A)
    conf.config(group='oslo_policy', enforce_new_defaults=False)
    policy.reset()
    # admin_or_owner is ORed in: any caller of the owning project passes.
    assert policy.authorize(no_roles, 'cluster:create', TARGET_A)
    with pytest.raises(exception.PolicyNotAuthorized):
        policy.authorize(make_ctx([], project_id=PROJECT_B),
                         'cluster:create', TARGET_A)


def test_new_defaults_are_enforced_by_default():
    assert policy.init().conf.oslo_policy.enforce_new_defaults is True


def test_reset_builds_a_new_enforcer():
    first = policy.init()
    assert policy.init() is first
    policy.reset()
    assert policy.init() is not first


def test_enforcer_registers_every_rule():
    registered = set(policy.init().registered_rules)
    assert registered == {rule.name for rule in policies.list_rules()}


# Run in a fresh interpreter (CONF never parsed) with HOME pointing at a
# directory whose ~/.magnum/magnum.conf names its own policy file. The
# enforcer is reached through the entry point, as the oslopolicy-* tools do.
_ENFORCER_SCRIPT = """
import json, sys
from importlib import metadata
import magnum.conf
CONF = magnum.conf.CONF
if sys.argv[1:]:
    CONF(sys.argv[1:], project='magnum')   # what the tools do first
[entry] = [ep for ep in metadata.entry_points(group='oslo.policy.enforcer')
           if ep.name == 'magnum']
enforcer = entry.load()()
print(json.dumps({
    'config_files': list(CONF.config_file),
    'default_config_files': list(CONF.default_config_files or []),
    'policy_file': enforcer.conf.oslo_policy.policy_file,
    'same_conf': enforcer.conf is CONF,
    'has_rules': 'cluster:create' in enforcer.registered_rules,
}))
"""


def _enforcer_in_a_new_process(tmp_path, *args):
    home = tmp_path / 'home'
    (home / '.magnum').mkdir(parents=True)
    (home / '.magnum' / 'magnum.conf').write_text(
        '[oslo_policy]\npolicy_file = from-home.yaml\n')
    env = dict(os.environ, HOME=str(home))
    env.pop('SNAP', None)
    env.pop('SNAP_COMMON', None)
    done = subprocess.run([sys.executable, '-c', _ENFORCER_SCRIPT] +
                          list(args), capture_output=True, text=True,
                          env=env, cwd=str(tmp_path), timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1]), home


def test_get_enforcer_keeps_an_already_parsed_configuration(tmp_path):
    tool_conf = tmp_path / 'tool.conf'
    tool_conf.write_text('[oslo_policy]\npolicy_file = from-tool.yaml\n')
    seen, _ = _enforcer_in_a_new_process(
        tmp_path, '--config-file', str(tool_conf))
    # A second parse with no arguments would have dropped --config-file
    # and read ~/.magnum/magnum.conf instead.
    assert seen['config_files'] == [str(tool_conf)]
    assert seen['policy_file'] == 'from-tool.yaml'
    assert seen['same_conf'] and seen['has_rules']


def test_get_enforcer_parses_magnums_configuration_when_needed(tmp_path):
    seen, home = _enforcer_in_a_new_process(tmp_path)
    home_conf = str(home / '.magnum' / 'magnum.conf')
    assert home_conf in seen['default_config_files']
    assert seen['policy_file'] == 'from-home.yaml'
    assert seen['same_conf'] and seen['has_rules']
