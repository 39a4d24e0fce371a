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

"""Object fingerprints: changing a field or a remotable method without a
version bump fails here.

When this fails on purpose, bump the object's ``VERSION`` (and make
``obj_make_compatible`` drop the new field for older versions), then put the
new ``VERSION-hash`` below.
"""

from oslo_versionedobjects import fields
from oslo_versionedobjects import fixture

from magnum import objects
from magnum.objects import base

EXPECTED = {
    'Certificate': '1.0-8a72a5ba9de4581f705f24a11ecee127',
    'Cluster': '1.3-4329d6ee96cb05325cab8d1940d941c0',
    'ClusterTemplate': '1.0-c45b534451f829de874e8038fb84d659',
    'Federation': '1.0-3425a3b6d0a42c1e3f28c3aaecefab1c',
    'MagnumService': '1.0-a0533c2b3f9d6775ed9d2552b9108280',
    'NodeGroup': '1.0-412da516579dc3351fbc28627eb71050',
    'Quota': '1.0-bbedf0be7e2e87bbbba4c413c26ba0e6',
    'Stats': '1.0-51df7009ace95e3bce96da1a1d7fd420',
    'X509KeyPair': '1.0-2ededf2a1a362c3c05abac2262e1f1ca',
}


def _magnum_classes():
    return {name: classes
            for name, classes in base.MagnumObjectRegistry.obj_classes().items()
            if classes[0].OBJ_PROJECT_NAMESPACE == 'magnum'}


def test_every_object_is_fingerprinted():
    assert set(_magnum_classes()) == set(EXPECTED)


def test_fingerprints_match():
    checker = fixture.ObjectVersionChecker(_magnum_classes())
    expected, actual = checker.test_hashes(EXPECTED)
    assert expected == actual, (
        'Objects changed; bump their VERSION and update EXPECTED')


def test_field_change_without_bump_is_caught(monkeypatch):
    changed = dict(objects.Quota.fields,
                   extra=fields.StringField(nullable=True))
    monkeypatch.setattr(objects.Quota, 'fields', changed)
    checker = fixture.ObjectVersionChecker(_magnum_classes())
    expected, actual = checker.test_hashes(EXPECTED)
    assert set(actual) == {'Quota'}
    assert actual['Quota'].startswith('1.0-')
    assert actual['Quota'] != EXPECTED['Quota']


def test_object_dependencies():
    # oslo's checker follows ObjectField only; the nodegroups list of a
    # Cluster (ListOfObjectsField) is not part of this tree.
    checker = fixture.ObjectVersionChecker(_magnum_classes())
    assert checker.get_dependency_tree() == {
        'Cluster': {'ClusterTemplate': '1.0'}}


def test_objects_are_exposed_by_name():
    for name in EXPECTED:
        assert getattr(objects, name).obj_name() == name
