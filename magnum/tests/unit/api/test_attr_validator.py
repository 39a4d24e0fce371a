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

"""Cloud resource validation of templates and clusters, on a stand-in cloud."""

import pytest

from magnum.api import attr_validator
from magnum.common import context
from magnum.common import exception
from magnum import objects
from magnum.tests.unit.fixtures import cloud as fake

GOOD_TEMPLATE = {
    'image_id': 'fedora-coreos-40',
    'flavor_id': 'm1.small',
    'master_flavor_id': '2',
    'external_network_id': 'public',
    'fixed_network': fake.NET_PRIVATE,
    'fixed_subnet': 'private-subnet',
    'keypair_id': 'mykey',
    'labels': {},
}


# The stand-in cloud's fixtures, used here by name.
caller = fake.caller
cloud = fake.cloud
cloud_conf = fake.cloud_conf


def _template(**changes):
    values = dict(GOOD_TEMPLATE)
    values.update(changes)
    return values


# --- options -----------------------------------------------------------------

def test_option_defaults(cloud_conf):
    assert cloud_conf.api.validate_cloud_resources is True
    assert cloud_conf.api.default_os_distro == 'fedora-coreos'


# --- get_image ---------------------------------------------------------------

@pytest.mark.parametrize('ident', [fake.IMAGE_FCOS, 'fedora-coreos-40'])
def test_get_image_by_id_or_name(caller, ident):
    image = attr_validator.get_image(caller, ident)
    assert image == {
        'id': fake.IMAGE_FCOS, 'name': 'fedora-coreos-40',
        'os_distro': 'fedora-coreos',
        'properties': {'os_distro': 'fedora-coreos',
                       'magnum_driver': 'k8s_capi_helm_v1'}}


def test_get_image_without_os_distro(caller):
    image = attr_validator.get_image(caller, 'plain-image')
    assert image['os_distro'] is None
    assert image['properties'] == {}


def test_get_image_missing(caller):
    with pytest.raises(exception.ImageNotFound) as info:
        attr_validator.get_image(caller, 'no-such-image')
    assert info.value.code == 400
    assert 'no-such-image' in str(info.value)


def test_get_image_ambiguous(caller):
    with pytest.raises(exception.Conflicts) as info:
        attr_validator.get_image(caller, 'twin-image')
    assert info.value.code == 409


# --- validate_cluster_template -----------------------------------------------

def test_template_with_good_resources(caller, cloud):
    attr_validator.validate_cluster_template(caller, _template())
    paths = cloud.paths()
    assert not any('/images' in path for path in paths)
    assert not any('os-keypairs' in path for path in paths)
    assert '/network/v2.0/subnets?name=private-subnet' in paths


def test_template_with_nothing_to_check(caller, cloud):
    attr_validator.validate_cluster_template(caller, {'image_id': 'x'})
    assert cloud.requests == []


def test_template_keypair_is_not_checked(caller, cloud):
    attr_validator.validate_cluster_template(
        caller, _template(keypair_id='no-such-key'))
    assert not any('os-keypairs' in path for path in cloud.paths())


@pytest.mark.parametrize('field', ['flavor_id', 'master_flavor_id'])
def test_template_flavor_missing(caller, field):
    with pytest.raises(exception.FlavorNotFound) as info:
        attr_validator.validate_cluster_template(
            caller, _template(**{field: 'm9.huge'}))
    assert info.value.code == 400
    assert 'm9.huge' in str(info.value)


def test_template_flavor_ambiguous(caller):
    with pytest.raises(exception.Conflicts):
        attr_validator.validate_cluster_template(
            caller, _template(flavor_id='twin-flavor'))


@pytest.mark.parametrize('field', ['flavor_id', 'master_flavor_id'])
def test_template_diskless_flavor_without_boot_volume(caller, field):
    with pytest.raises(exception.FlavorZeroRootVolumeNotSupported) as info:
        attr_validator.validate_cluster_template(
            caller, _template(**{field: 'm1.diskless'}))
    assert info.value.code == 400
    assert 'm1.diskless' in str(info.value)


def test_template_diskless_flavor_with_boot_volume_label(caller):
    attr_validator.validate_cluster_template(
        caller, _template(flavor_id='m1.diskless',
                          labels={'boot_volume_size': '10'}))


def test_template_diskless_flavor_with_default_boot_volume(caller, cloud_conf):
    cloud_conf.set_override('default_boot_volume_size', 20, group='cinder')
    attr_validator.validate_cluster_template(
        caller, _template(master_flavor_id='3'))


def test_template_zero_label_overrides_default_boot_volume(caller, cloud_conf):
    cloud_conf.set_override('default_boot_volume_size', 20, group='cinder')
    with pytest.raises(exception.FlavorZeroRootVolumeNotSupported):
        attr_validator.validate_cluster_template(
            caller, _template(flavor_id='3', labels={'boot_volume_size': 0}))


def test_template_bad_boot_volume_label(caller):
    with pytest.raises(exception.InvalidParameterValue) as info:
        attr_validator.validate_cluster_template(
            caller, _template(labels={'boot_volume_size': 'big'}))
    assert 'boot_volume_size' in str(info.value)


@pytest.mark.parametrize('ident', ['public', fake.NET_PUBLIC])
def test_template_external_network(caller, ident):
    attr_validator.validate_cluster_template(
        caller, _template(external_network_id=ident))


@pytest.mark.parametrize('ident', ['private', fake.NET_PRIVATE, 'nowhere'])
def test_template_external_network_not_external(caller, ident):
    with pytest.raises(exception.ExternalNetworkNotFound) as info:
        attr_validator.validate_cluster_template(
            caller, _template(external_network_id=ident))
    assert info.value.code == 400


def test_template_fixed_network_missing(caller):
    with pytest.raises(exception.FixedNetworkNotFound) as info:
        attr_validator.validate_cluster_template(
            caller, _template(fixed_network='nowhere'))
    assert info.value.code == 400


def test_template_fixed_network_ambiguous(caller):
    with pytest.raises(exception.Conflicts) as info:
        attr_validator.validate_cluster_template(
            caller, _template(fixed_network='twin-net'))
    assert info.value.code == 409


def test_template_fixed_subnet_missing(caller):
    with pytest.raises(exception.FixedSubnetNotFound) as info:
        attr_validator.validate_cluster_template(
            caller, _template(fixed_subnet='nowhere'))
    assert info.value.code == 400


def test_template_as_object(caller):
    template = objects.ClusterTemplate(caller, flavor_id='m1.diskless')
    with pytest.raises(exception.FlavorZeroRootVolumeNotSupported):
        attr_validator.validate_cluster_template(caller, template)


def test_service_refusing_the_caller(caller, cloud):
    cloud.tokens.clear()
    with pytest.raises(exception.OpenStackServiceUnauthorized) as info:
        attr_validator.validate_cluster_template(caller, _template())
    assert info.value.code == 403
    assert 'refused' in str(info.value)


# --- validate_os_resources ---------------------------------------------------

def _cluster(**fields):
    values = {'flavor_id': None, 'master_flavor_id': None, 'keypair': None,
              'fixed_network': None, 'fixed_subnet': None, 'labels': {}}
    values.update(fields)
    return values


def test_cluster_with_good_resources(caller, cloud):
    attr_validator.validate_os_resources(caller, _template(), _cluster())
    paths = cloud.paths()
    assert '/image/v2/images?name=fedora-coreos-40' in paths
    assert '/compute/v2.1/os-keypairs/mykey' in paths
    # Each resource is asked for once, though flavors are checked twice.
    assert len(paths) == len(set(paths))


def test_cluster_fields_override_template(caller, cloud):
    attr_validator.validate_os_resources(
        caller, _template(keypair_id=None, flavor_id='m9.huge'),
        _cluster(flavor_id='1', keypair='mykey', fixed_subnet=None))
    assert '/compute/v2.1/os-keypairs/mykey' in cloud.paths()
    assert not any('m9.huge' in path for path in cloud.paths())


def test_cluster_keypair_missing(caller):
    with pytest.raises(exception.KeyPairNotFound) as info:
        attr_validator.validate_os_resources(
            caller, _template(), _cluster(keypair='no-such-key'))
    assert info.value.code == 404


def test_cluster_template_keypair_missing(caller):
    with pytest.raises(exception.KeyPairNotFound):
        attr_validator.validate_os_resources(
            caller, _template(keypair_id='gone'), _cluster())


def test_cluster_without_keypair(caller, cloud):
    attr_validator.validate_os_resources(
        caller, _template(keypair_id=None), _cluster())
    assert not any('os-keypairs' in path for path in cloud.paths())


def test_cluster_image_missing(caller):
    with pytest.raises(exception.ImageNotFound):
        attr_validator.validate_os_resources(
            caller, _template(image_id='gone'), _cluster())


def test_cluster_image_without_os_distro(caller):
    with pytest.raises(exception.OSDistroFieldNotFound) as info:
        attr_validator.validate_os_resources(
            caller, _template(image_id=fake.IMAGE_NO_DISTRO), _cluster())
    assert info.value.code == 400


def test_cluster_without_flavor_and_boot_volume(caller):
    with pytest.raises(exception.FlavorNotFound) as info:
        attr_validator.validate_os_resources(
            caller, _template(master_flavor_id=None), _cluster())
    assert info.value.code == 400


def test_cluster_without_flavor_with_boot_volume(caller):
    attr_validator.validate_os_resources(
        caller, _template(master_flavor_id=None),
        _cluster(labels={'boot_volume_size': '5'}))


def test_cluster_diskless_flavor(caller):
    with pytest.raises(exception.FlavorZeroRootVolumeNotSupported):
        attr_validator.validate_os_resources(
            caller, _template(), _cluster(master_flavor_id='m1.diskless'))


def test_cluster_labels_fall_back_to_template(caller):
    attr_validator.validate_os_resources(
        caller, _template(labels={'boot_volume_size': '8'}),
        _cluster(flavor_id='m1.diskless'))


@pytest.mark.parametrize('template, cluster, error', [
    ({'external_network_id': 'private'}, {},
     exception.ExternalNetworkNotFound),
    ({}, {'fixed_network': 'nowhere'}, exception.FixedNetworkNotFound),
    ({}, {'fixed_subnet': 'nowhere'}, exception.FixedSubnetNotFound),
    ({}, {'flavor_id': 'm9.huge', 'labels': {'boot_volume_size': '1'}},
     exception.FlavorNotFound),
])
def test_cluster_bad_resources(caller, template, cluster, error):
    with pytest.raises(error) as info:
        attr_validator.validate_os_resources(
            caller, _template(**template), _cluster(**cluster))
    assert info.value.code == 400


def test_cluster_as_objects(caller):
    template = objects.ClusterTemplate(caller, **_template())
    cluster = objects.Cluster(caller, keypair='no-such-key')
    with pytest.raises(exception.KeyPairNotFound):
        attr_validator.validate_os_resources(caller, template, cluster)


# --- validation switched off -------------------------------------------------

def test_switched_off_asks_nothing(cloud, cloud_conf):
    cloud_conf.set_override('validate_cloud_resources', False, group='api')
    cloud_conf.set_override('default_os_distro', 'ubuntu', group='api')
    ctx = context.RequestContext(project_id=fake.PROJECT_ID)  # no token
    ctx.service_catalog = cloud.v2_catalog()
    bad = _template(image_id='gone', flavor_id='m9.huge',
                    master_flavor_id='m1.diskless',
                    external_network_id='nowhere', fixed_network='x',
                    fixed_subnet='y', keypair_id='gone')

    assert attr_validator.get_image(ctx, 'my-image') == {
        'id': 'my-image', 'name': 'my-image', 'os_distro': 'ubuntu',
        'properties': {}}
    attr_validator.validate_cluster_template(ctx, bad)
    attr_validator.validate_os_resources(ctx, bad, _cluster(keypair='k'))
    assert cloud.requests == []
