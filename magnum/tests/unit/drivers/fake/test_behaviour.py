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

import pytest

from magnum.common import exception
from magnum.drivers.fake import behaviour
from magnum.drivers.fake import files


class _Cluster:
    def __init__(self, name, uuid):
        self.name = name
        self.uuid = uuid


C1 = _Cluster('one', 'uuid-1')


def test_builtin_defaults_without_a_file():
    plan = behaviour.Behaviour.load(None).plan('create', C1)
    assert plan == behaviour.Plan(polls=1, outcome='COMPLETE')
    assert plan.error() is None


def test_missing_file_means_defaults(tmp_path):
    loaded = behaviour.Behaviour.load(str(tmp_path / 'absent.json'))
    assert loaded.plan('delete', C1).polls == 1


def test_layers_merge_lowest_first(tmp_path):
    path = str(tmp_path / 'b.json')
    behaviour.write(path, {
        'default': {'polls': 4, 'reason': 'everywhere'},
        'create': {'outcome': 'FAILED'},
        'clusters': {
            'one': {'default': {'polls': 2}},
            'uuid-1': {'create': {'resource': 'kube_masters'}},
        },
    })
    loaded = behaviour.Behaviour.load(path)
    assert loaded.plan('create', C1) == behaviour.Plan(
        polls=2, outcome='FAILED', reason='everywhere',
        resource='kube_masters')
    other = _Cluster('two', 'uuid-2')
    assert loaded.plan('create', other).polls == 4
    assert loaded.plan('delete', other).outcome == 'COMPLETE'


@pytest.mark.parametrize('data, fragment', [
    ([], 'JSON object'),
    ({'craete': {}}, "unknown keys ['craete']"),
    ({'create': {'pols': 2}}, "unknown settings ['pols']"),
    ({'create': {'outcome': 'DONE'}}, 'must be one of COMPLETE, FAILED'),
    ({'clusters': {'x': {'delete': {'bogus': 1}}}}, 'bogus'),
    ({'clusters': []}, '"clusters" must be an object'),
    ({'create': {'hold_until': 3}}, '"hold_until" of "create" must be a path'),
    ({'default': {'hold_timeout': 0}}, 'must be a positive number'),
    ({'delete': {'hold_timeout': 'soon'}}, 'must be a positive number'),
])
def test_invalid_files_are_refused(tmp_path, data, fragment):
    path = str(tmp_path / 'b.json')
    files.write_json(path, data)
    with pytest.raises(behaviour.InvalidBehaviour) as err:
        behaviour.Behaviour.load(path)
    assert fragment in str(err.value)
    with pytest.raises(behaviour.InvalidBehaviour):
        behaviour.write(path, data)


def test_unparsable_file_is_refused(tmp_path):
    path = tmp_path / 'b.json'
    path.write_text('{"create": ')
    with pytest.raises(behaviour.InvalidBehaviour):
        behaviour.Behaviour.load(str(path))


def test_hold_settings_reach_the_plan(tmp_path):
    loaded = behaviour.Behaviour({'create': {'hold_until': '/x/go',
                                             'hold_timeout': 5}})
    assert loaded.plan('create', C1).hold_until == '/x/go'
    assert loaded.plan('create', C1).hold_timeout == 5
    assert loaded.plan('delete', C1).hold_until is None
    assert loaded.plan('delete', C1).hold_timeout == \
        behaviour.DEFAULT_HOLD_TIMEOUT


def test_hold_returns_at_once_when_the_file_exists(tmp_path):
    ready = tmp_path / 'ready'
    ready.touch()
    behaviour.Plan(hold_until=str(ready), hold_timeout=0.01).hold()
    behaviour.Plan().hold()


def test_raise_uses_the_named_exception():
    plan = behaviour.Plan(raise_message='Stack is locked.',
                          raise_type='OperationInProgress')
    error = plan.error()
    assert isinstance(error, exception.OperationInProgress)
    assert str(error) == 'Stack is locked.'


@pytest.mark.parametrize('raise_type', [None, 'NoSuchError', 'CONF'])
def test_raise_defaults_to_a_server_error(raise_type):
    error = behaviour.Plan(raise_message='boom',
                           raise_type=raise_type).error()
    assert isinstance(error, behaviour.FakeDriverError)
    assert error.code == 500
    assert str(error) == 'boom'


def test_health_defaults_and_overrides(tmp_path):
    assert behaviour.Behaviour().health(C1) == ('HEALTHY', {'api': 'ok'})
    loaded = behaviour.Behaviour({
        'health': {'status': 'UNHEALTHY', 'reason': {'api': 'down'}},
        'clusters': {'one': {'health': {'status': 'UNKNOWN'}}}})
    assert loaded.health(C1) == ('UNKNOWN', {'api': 'down'})
    assert loaded.health(_Cluster('x', 'y')) == ('UNHEALTHY', {'api': 'down'})
