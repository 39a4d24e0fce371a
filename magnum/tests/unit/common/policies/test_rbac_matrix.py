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

"""Every rule × every persona, as listed in rbac_matrix.yaml.

The expectations are evaluated through ``magnum.common.policy.authorize``
with real request contexts, the way the API calls it.
"""

import os

import pytest
import yaml

from magnum.common import context as magnum_context
from magnum.common import exception
from magnum.common import policies
from magnum.common import policy

_MATRIX_PATH = os.path.join(os.path.dirname(__file__), 'rbac_matrix.yaml')

with open(_MATRIX_PATH) as f:
    MATRIX = yaml.safe_load(f)

PERSONAS = MATRIX['personas']
EXPECTED = MATRIX['rules']


def caller(persona):
    spec = PERSONAS[persona]
    ctx = magnum_context.make_context(
        user_id=spec['user'], project_id=spec['project'],
        roles=list(spec['roles']))
    ctx.is_admin = policy.check_is_admin(ctx)
    target = {'project_id': spec['target']['project'],
              'user_id': spec['target']['user']}
    return ctx, target


def _cases():
    for rule, outcomes in EXPECTED.items():
        for persona, outcome in outcomes.items():
            yield pytest.param(rule, persona, outcome,
                               id='%s-%s' % (rule, persona))


def test_matrix_lists_exactly_the_registered_rules():
    registered = {rule.name for rule in policies.list_rules()}
    assert sorted(registered - set(EXPECTED)) == [], 'missing from matrix'
    assert sorted(set(EXPECTED) - registered) == [], 'not registered'


@pytest.mark.parametrize('rule', sorted(EXPECTED))
def test_every_rule_lists_every_persona(rule):
    assert set(EXPECTED[rule]) == set(PERSONAS)


@pytest.mark.parametrize('rule, persona, outcome', list(_cases()))
def test_rbac(rule, persona, outcome):
    assert outcome in ('allow', 'deny')
    ctx, target = caller(persona)
    if outcome == 'allow':
        assert policy.authorize(ctx, rule, target)
    else:
        with pytest.raises(exception.PolicyNotAuthorized):
            policy.authorize(ctx, rule, target)


@pytest.mark.parametrize('persona, is_admin', [
    ('admin', True), ('member_a_owner', False), ('reader_a', False),
    ('no_roles_a', False),
])
def test_admin_flag_follows_the_role(persona, is_admin):
    ctx, _ = caller(persona)
    assert ctx.is_admin is is_admin
