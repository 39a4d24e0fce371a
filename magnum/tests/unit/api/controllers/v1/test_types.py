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

"""The shared WSME types, through WSME's own JSON conversion."""

from oslo_utils import uuidutils
import pytest
import wsme.exc
from wsme.rest import json as wsme_json
from wsme import types as wtypes

from magnum.api.controllers.v1 import types
from magnum.common import exception


@types.named_errors
class Sample(wtypes.Base):
    uuid = types.uuid
    name = types.name
    ident = types.uuid_or_name
    flag = types.boolean
    labels = types.labels_type
    size = wtypes.IntegerType(minimum=1)
    required = wtypes.wsattr(wtypes.text, mandatory=True)
    fixed = wtypes.wsattr(wtypes.text, readonly=True)


class SamplePatch(types.JsonPatchType):
    _extra_internal_attrs = ('/secret',)
    _extra_non_removable_attrs = ('/kind',)


def convert(**values):
    values.setdefault('required', 'x')
    return wsme_json.fromjson(Sample, values)


def patch_list(*ops):
    return wsme_json.fromjson(wtypes.ArrayType(SamplePatch), list(ops))


def test_uuid_type():
    value = uuidutils.generate_uuid()
    assert types.UuidType.validate(value) == value
    with pytest.raises(exception.InvalidUUID):
        types.UuidType.validate('nope')
    assert types.uuid.frombasetype(None) is None


@pytest.mark.parametrize('value', ['a', 'k8s-1.2_x', 'A' * 255])
def test_name_type_accepts(value):
    assert types.name.validate(value) == value


@pytest.mark.parametrize('value', ['', '1abc', '-a', 'a b', 'a/b', 'a' * 256,
                                   5])
def test_name_type_rejects(value):
    with pytest.raises(exception.InvalidName):
        types.name.validate(value)


def test_name_type_length_is_configurable():
    short = types.NameType(max_length=3)
    assert short.validate('abc') == 'abc'
    with pytest.raises(exception.InvalidName):
        short.validate('abcd')


def test_uuid_or_name_type():
    assert types.uuid_or_name.validate('x') == 'x'
    for bad in ('', 5, None):
        with pytest.raises(exception.InvalidParameterValue):
            types.UuidOrNameType.validate(bad)


@pytest.mark.parametrize('value, expected', [
    (True, True), (False, False), ('true', True), ('False', False),
    ('1', True), ('0', False), ('yes', True), ('off', False), (1, True),
    (0, False),
])
def test_boolean_type(value, expected):
    assert types.BooleanType.validate(value) is expected


@pytest.mark.parametrize('value', ['maybe', '', 2, 'tru'])
def test_boolean_type_rejects(value):
    with pytest.raises(exception.InvalidParameterValue):
        types.BooleanType.validate(value)


def test_multi_type():
    multi = types.MultiType(wtypes.text, int)
    assert multi.validate('a') == 'a'
    assert multi.validate(3) == 3
    with pytest.raises(ValueError) as err:
        multi.validate(True)
    assert 'Wrong type' in str(err.value)
    with pytest.raises(ValueError):
        multi.validate({})


def test_body_conversion():
    value = uuidutils.generate_uuid()
    sample = convert(uuid=value, name='n', ident='i', flag='true',
                     labels={'a': 1, 'b': 'x', 'c': True, 'd': 1.5},
                     size=3)
    assert (sample.uuid, sample.name, sample.ident) == (value, 'n', 'i')
    assert sample.flag is True
    assert sample.labels == {'a': 1, 'b': 'x', 'c': True, 'd': 1.5}
    assert sample.size == 3


@pytest.mark.parametrize('values, field', [
    ({'uuid': 'nope'}, 'uuid'),
    ({'name': '1bad'}, 'name'),
    ({'ident': ''}, 'ident'),
    ({'flag': 'maybe'}, 'flag'),
    ({'labels': ['x']}, 'labels'),
    ({'labels': {'a': ['x']}}, 'labels'),
    ({'size': 'big'}, 'size'),
    ({'size': {}}, 'size'),
    ({'size': 0}, 'size'),
    ({'fixed': 'x'}, 'fixed'),
    ({'required': None}, 'required'),
])
def test_body_errors_name_the_field(values, field):
    values = dict(values)
    if values.get('required', 'x') is None:
        values.pop('required')
        values_in = values
    else:
        values_in = dict({'required': 'x'}, **values)
    with pytest.raises(wsme.exc.InvalidInput) as err:
        wsme_json.fromjson(Sample, values_in)
    assert err.value.fieldname == field
    assert 'field/attribute %s' % field in err.value.faultstring


def test_body_unknown_attribute():
    with pytest.raises(wsme.exc.UnknownAttribute) as err:
        convert(bogus=1, other=2)
    assert 'bogus' in err.value.faultstring
    assert 'other' in err.value.faultstring


def test_body_must_be_an_object():
    with pytest.raises(wsme.exc.ClientSideError):
        wsme_json.fromjson(Sample, ['x'])


def test_patch_accepts_allowed_operations():
    ops = patch_list({'op': 'add', 'path': '/labels/k', 'value': 'v'},
                     {'op': 'replace', 'path': '/size', 'value': 3},
                     {'op': 'remove', 'path': '/name'})
    assert [op.as_operation() for op in ops] == [
        {'op': 'add', 'path': '/labels/k', 'value': 'v'},
        {'op': 'replace', 'path': '/size', 'value': 3},
        {'op': 'remove', 'path': '/name'}]


def test_patch_boolean_value_passes_as_int():
    op, = patch_list({'op': 'replace', 'path': '/flag', 'value': True})
    assert op.value == 1


@pytest.mark.parametrize('op, exc, text', [
    ({'op': 'replace', 'path': '/uuid', 'value': 'x'},
     exception.PatchError, 'internal'),
    ({'op': 'replace', 'path': '/secret', 'value': 'x'},
     exception.PatchError, 'internal'),
    ({'op': 'remove', 'path': '/kind'}, exception.PatchError, 'mandatory'),
    ({'op': 'add', 'path': '/kind'}, exception.PatchError, 'needs value'),
    ({'op': 'replace', 'path': '/kind', 'value': None},
     exception.PatchError, 'needs value'),
    ({'op': 'copy', 'path': '/kind', 'value': 'x'},
     wsme.exc.InvalidInput, 'op'),
    ({'op': 'add', 'path': 'kind', 'value': 'x'},
     wsme.exc.InvalidInput, 'path'),
    ({'op': 'add', 'path': '/a.b', 'value': 'x'},
     wsme.exc.InvalidInput, 'path'),
    ({'op': 'add', 'path': '/kind', 'value': {'a': 1}},
     wsme.exc.InvalidInput, 'value'),
    ({'op': 'add', 'path': '/kind', 'value': [1]},
     wsme.exc.InvalidInput, 'value'),
    ({'op': 'add', 'path': '/kind', 'value': 'x', 'from': '/a'},
     wsme.exc.UnknownAttribute, 'from'),
])
def test_patch_rejections(op, exc, text):
    with pytest.raises(exc) as err:
        patch_list(op)
    message = getattr(err.value, 'faultstring', None) or str(err.value)
    assert text in message


def test_patch_rules_of_subclasses_add_up():
    assert '/uuid' in SamplePatch.internal_attrs()
    assert '/secret' in SamplePatch.internal_attrs()
    assert '/secret' not in types.JsonPatchType.internal_attrs()
    assert SamplePatch.non_removable_attrs() == {'/kind'}
