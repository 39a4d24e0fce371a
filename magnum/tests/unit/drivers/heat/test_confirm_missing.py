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

"""Stacks the bulk listing left out are looked up one by one; a deleted
stack (Heat's listings skip those, its look-up by id does not) is no
reason to warn about the service user's rights."""

import types

import pytest

from magnum.drivers.heat import driver as heat_driver


class _Driver(heat_driver.HeatDriver):
    def get_template_definition(self):
        return None


def _heat(stack_status):
    stack = {'id': 'stack-1', 'stack_status': stack_status}
    return types.SimpleNamespace(
        stacks=types.SimpleNamespace(get=lambda stack_id: stack))


@pytest.mark.parametrize('stack_status,warned', [
    ('DELETE_COMPLETE', False), ('CREATE_COMPLETE', True)])
def test_confirm_missing_warns_only_for_live_stacks(monkeypatch, stack_status,
                                                    warned):
    monkeypatch.setattr(heat_driver, 'heat_client_for',
                        lambda session: _heat(stack_status))
    monkeypatch.setattr(_Driver, '_owner_session',
                        lambda self, context, cluster: None)
    warnings = []
    monkeypatch.setattr(heat_driver.LOG, 'warning',
                        lambda *args: warnings.append(args))
    cluster = types.SimpleNamespace(uuid='c1', stack_id='stack-1',
                                    nodegroups=[])
    stacks = {}
    _Driver()._confirm_missing([cluster], stacks)
    assert stacks['stack-1']['stack_status'] == stack_status
    assert bool(warnings) is warned
