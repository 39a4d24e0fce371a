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

"""``magnum.api.utils``: paging arguments, JSON patch, lookups."""

import re

from oslo_utils import uuidutils
import pytest

from magnum.api import utils
from magnum.common import context as magnum_context
from magnum.common import exception
from magnum.tests.unit.db import utils as db_utils


@pytest.fixture
def conf(api_conf):
    return api_conf


@pytest.mark.parametrize('limit, expected', [
    (None, 1000), (1, 1), (999, 999), (1000, 1000), (5000, 1000)])
def test_validate_limit(conf, limit, expected):
    assert utils.validate_limit(limit) == expected


def test_validate_limit_follows_max_limit(conf):
    conf.set_override('max_limit', 10, group='api')
    assert utils.validate_limit(None) == 10
    assert utils.validate_limit(50) == 10


@pytest.mark.parametrize('limit', [0, -1])
def test_validate_limit_rejects_non_positive(conf, limit):
    with pytest.raises(exception.InvalidLimit) as err:
        utils.validate_limit(limit)
    assert err.value.code == 400
    assert 'Limit must be positive' in str(err.value)


def test_validate_sort_dir():
    assert utils.validate_sort_dir('asc') == 'asc'
    assert utils.validate_sort_dir('desc') == 'desc'
    with pytest.raises(exception.InvalidSortDir) as err:
        utils.validate_sort_dir('DESC')
    assert err.value.code == 400


def test_validate_marker():
    value = uuidutils.generate_uuid()
    assert utils.validate_marker(value) == value
    assert utils.validate_marker(None) is None
    with pytest.raises(exception.InvalidUUID):
        utils.validate_marker('12')


DOC = {'name': 'n', 'flavor_id': None, 'labels': {'a': '1'},
       'health_status_reason': {}, 'node_labels': None, 'node_taints': None,
       'count': 1}


def test_apply_jsonpatch_basic_operations():
    result = utils.apply_jsonpatch(DOC, [
        {'op': 'replace', 'path': '/name', 'value': 'm'},
        {'op': 'add', 'path': '/flavor_id', 'value': 'f'},
        {'op': 'add', 'path': '/labels/b', 'value': '2'},
        {'op': 'remove', 'path': '/labels/a'},
        {'op': 'remove', 'path': '/count'}])
    assert result == {'name': 'm', 'flavor_id': 'f', 'labels': {'b': '2'},
                      'health_status_reason': {}, 'node_labels': None,
                      'node_taints': None}
    assert DOC['labels'] == {'a': '1'}


@pytest.mark.parametrize('path, text, expected', [
    ('/labels', "{'k': 'v', 'n': 1}", {'k': 'v', 'n': 1}),
    ('/health_status_reason', "{'api': 'ok'}", {'api': 'ok'}),
    ('/node_labels', "{'x': 'y'}", {'x': 'y'}),
    ('/node_taints', "[{'key': 'a', 'effect': 'NoSchedule'}]",
     [{'key': 'a', 'effect': 'NoSchedule'}]),
])
def test_apply_jsonpatch_python_literals(path, text, expected):
    result = utils.apply_jsonpatch(
        DOC, [{'op': 'replace', 'path': path, 'value': text}])
    assert result[path[1:]] == expected


def test_apply_jsonpatch_literal_only_for_known_paths():
    result = utils.apply_jsonpatch(
        DOC, [{'op': 'replace', 'path': '/name', 'value': "{'a': 1}"}])
    assert result['name'] == "{'a': 1}"


def test_apply_jsonpatch_literal_never_executes_code():
    with pytest.raises(exception.PatchError):
        utils.apply_jsonpatch(DOC, [{'op': 'replace', 'path': '/labels',
                                     'value': "__import__('os')"}])


@pytest.mark.parametrize('patch, text', [
    ([{'op': 'add', 'path': '/name', 'value': 'x'}], "'replace'"),
    ([{'op': 'add', 'path': '/unknown', 'value': 'x'}], 'not allowed'),
    ([{'op': 'replace', 'path': '/unknown', 'value': 'x'}], ''),
    ([{'op': 'remove', 'path': '/labels/missing'}], ''),
    ([{'op': 'replace', 'path': '/labels', 'value': "{'a':"}], 'literal'),
    ([{'op': 'replace', 'path': '/name/x', 'value': 'v'}], ''),
])
def test_apply_jsonpatch_errors(patch, text):
    with pytest.raises(exception.PatchError) as err:
        utils.apply_jsonpatch(DOC, patch)
    assert err.value.code == 400
    assert text in str(err.value)


def test_changed_fields():
    assert utils.changed_fields({'a': 1, 'b': 2}, {'a': 1, 'b': 3,
                                                   'c': None}) == {'b'}
    assert utils.changed_fields({'a': 1}, {}) == {'a'}


def test_generate_name():
    for _ in range(50):
        assert re.match(r'^[a-z]+-([1-9]|1\d|2[0-4])-cluster$',
                        utils.generate_name('cluster'))


@pytest.mark.parametrize('size, driver, ok', [
    (None, None, True), (1, 'overlay2', True), (3, 'devicemapper', True),
    (2, 'devicemapper', False), (None, 'devicemapper', False)])
def test_validate_docker_volume_size(size, driver, ok):
    if ok:
        utils.validate_docker_volume_size(size, driver)
    else:
        with pytest.raises(exception.InvalidParameterValue):
            utils.validate_docker_volume_size(size, driver)


@pytest.mark.parametrize('db_server', ['sqlite'], indirect=True)
def test_get_resource_by_uuid_or_name(db, ctx, other_ctx):
    row = db.create_cluster_template(db_utils.template_values(name='t1'))
    assert utils.get_resource('ClusterTemplate', row.uuid, ctx).id == row.id
    assert utils.get_resource('ClusterTemplate', 't1', ctx).id == row.id
    with pytest.raises(exception.ClusterTemplateNotFound):
        utils.get_resource('ClusterTemplate', 't1', other_ctx)
    db.create_cluster_template(db_utils.template_values(name='t1'))
    with pytest.raises(exception.Conflicts):
        utils.get_resource('ClusterTemplate', 't1', ctx)


@pytest.mark.parametrize('db_server', ['sqlite'], indirect=True)
def test_get_resource_digits_are_a_name(db, ctx):
    db.create_cluster_template(db_utils.template_values(name='other'))
    row = db.create_cluster_template(db_utils.template_values(name='7'))
    assert utils.get_resource('ClusterTemplate', '7', ctx).id == row.id


def test_enable_all_projects(api_conf):
    member = magnum_context.make_context(
        project_id='p', user_id='u', roles=['member'], overwrite=False)
    assert utils.enable_all_projects(member, 'cluster:get_all_all_projects') \
        is False
    assert not member.all_tenants
    admin = magnum_context.make_context(
        project_id='p', user_id='u', roles=['admin'], overwrite=False)
    assert utils.enable_all_projects(admin, 'cluster:get_all_all_projects')
    assert admin.all_tenants


def test_enable_all_projects_denied_for_admin_without_rule(api_conf,
                                                           tmp_path):
    policy_file = tmp_path / 'policy.yaml'
    policy_file.write_text('"cluster:get_all_all_projects": "!"\n')
    api_conf.set_override('policy_file', str(policy_file),
                          group='oslo_policy')
    from magnum.common import policy
    policy.reset()
    try:
        admin = magnum_context.make_context(
            project_id='p', user_id='u', roles=['admin'], overwrite=False)
        with pytest.raises(exception.PolicyNotAuthorized):
            utils.enable_all_projects(admin, 'cluster:get_all_all_projects')
        assert not admin.all_tenants
    finally:
        policy.reset()
