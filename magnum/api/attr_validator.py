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

"""Checks that the cloud resources a template or cluster names exist.

Lookups go through the caller's ``magnum.common.clients`` facade (one per
request), so a resource the caller cannot see is reported as missing.
With ``[api] validate_cloud_resources = false`` nothing here talks to a
cloud: the validators return at once and ``get_image`` describes the
image from its identifier and ``[api] default_os_distro``.

Values may be given as dicts or as Magnum objects.
"""

from magnum.common import clients
from magnum.common import exception
import magnum.conf

CONF = magnum.conf.CONF

BOOT_VOLUME_SIZE_LABEL = 'boot_volume_size'


def _enabled():
    return CONF.api.validate_cloud_resources


def _value(source, name):
    if source is None:
        return None
    if isinstance(source, dict):
        return source.get(name)
    is_set = getattr(source, 'obj_attr_is_set', None)
    if is_set is not None and not is_set(name):
        return None
    return getattr(source, name, None)


def _first(name, *sources):
    """``name`` from the first source where it is not None."""
    for source in sources:
        value = _value(source, name)
        if value is not None:
            return value
    return None


def get_image(context, image_ident):
    """The Glance image ``image_ident`` (id or name) as Magnum needs it.

    :returns: ``{'id', 'name', 'os_distro', 'properties'}``; ``os_distro``
        is None when the image has no such property, ``properties`` holds
        the image's extra properties (``os_distro``, ``magnum_driver``...).
    :raises ImageNotFound: (400) no such image visible to the caller.
    :raises Conflicts: (409) the name matches several images.
    """
    if not _enabled():
        return {'id': image_ident, 'name': image_ident,
                'os_distro': CONF.api.default_os_distro, 'properties': {}}
    image = clients.get_clients(context).find_image(image_ident)
    if image is None:
        raise exception.ImageNotFound(image_id=image_ident)
    properties = clients.image_properties(image)
    return {'id': image['id'], 'name': image.get('name'),
            'os_distro': properties.get('os_distro'),
            'properties': properties}


def _boot_volume_size(labels):
    value = (labels or {}).get(BOOT_VOLUME_SIZE_LABEL)
    if value is None or value == '':
        return CONF.cinder.default_boot_volume_size
    try:
        return int(value)
    except (TypeError, ValueError):
        raise exception.InvalidParameterValue(
            err="Label %s must be an integer, got '%s'."
                % (BOOT_VOLUME_SIZE_LABEL, value))


def _flavor(osc, ident):
    flavor = osc.find_flavor(ident) if ident is not None else None
    if flavor is None:
        raise exception.FlavorNotFound(flavor=ident)
    return flavor


def _check_root_disk(flavor, ident):
    if not flavor.get('disk'):
        raise exception.FlavorZeroRootVolumeNotSupported(flavor=ident)


def _check_networks(osc, external_network, fixed_network, fixed_subnet):
    if external_network is not None and osc.find_network(
            external_network, external=True) is None:
        raise exception.ExternalNetworkNotFound(network=external_network)
    if fixed_network is not None and osc.find_network(fixed_network) is None:
        raise exception.FixedNetworkNotFound(network=fixed_network)
    if fixed_subnet is not None and osc.find_subnet(fixed_subnet) is None:
        raise exception.FixedSubnetNotFound(subnet=fixed_subnet)


def validate_cluster_template(context, values):
    """Checks the cloud resources of a template about to be created.

    Flavors (``flavor_id``, ``master_flavor_id``) must exist (400
    FlavorNotFound) and, when no boot volume is used (``boot_volume_size``
    label, else ``[cinder] default_boot_volume_size``, is 0), have a root
    disk (400 FlavorZeroRootVolumeNotSupported). ``external_network_id``
    must be a ``router:external`` network (400 ExternalNetworkNotFound),
    ``fixed_network`` / ``fixed_subnet`` must exist (400). An unset field is
    not checked; ``keypair_id`` is never checked here, and the image is
    checked by ``get_image``. Ambiguous names raise Conflicts (409).
    """
    if not _enabled():
        return
    osc = clients.get_clients(context)
    boot_volume_size = _boot_volume_size(_value(values, 'labels'))
    for field in ('flavor_id', 'master_flavor_id'):
        ident = _value(values, field)
        if ident is None:
            continue
        flavor = _flavor(osc, ident)
        if boot_volume_size == 0:
            _check_root_disk(flavor, ident)
    _check_networks(osc, _value(values, 'external_network_id'),
                    _value(values, 'fixed_network'),
                    _value(values, 'fixed_subnet'))


def validate_os_resources(context, cluster_template, cluster):
    """Checks the cloud resources of a cluster about to be created.

    A cluster field left None falls back to the template's. In order:
    without a boot volume (effective ``boot_volume_size`` 0) both flavors
    must be given and exist (400 FlavorNotFound) with a root disk (400
    FlavorZeroRootVolumeNotSupported); the template's image must exist
    (400 ImageNotFound) and carry ``os_distro`` (400
    OSDistroFieldNotFound); given flavors must exist; the external
    network, fixed network and subnet as in ``validate_cluster_template``;
    the keypair (cluster ``keypair``, else template ``keypair_id``) must
    exist when set (404 KeyPairNotFound).
    """
    if not _enabled():
        return
    osc = clients.get_clients(context)
    labels = _value(cluster, 'labels') or _value(cluster_template, 'labels')
    flavors = [_first(field, cluster, cluster_template)
               for field in ('flavor_id', 'master_flavor_id')]

    if _boot_volume_size(labels) == 0:
        for ident in flavors:
            _check_root_disk(_flavor(osc, ident), ident)

    image_ident = _value(cluster_template, 'image_id')
    if image_ident is not None:
        image = get_image(context, image_ident)
        if not image['os_distro']:
            raise exception.OSDistroFieldNotFound(image_id=image_ident)

    for ident in flavors:
        if ident is not None:
            _flavor(osc, ident)

    _check_networks(osc, _value(cluster_template, 'external_network_id'),
                    _first('fixed_network', cluster, cluster_template),
                    _first('fixed_subnet', cluster, cluster_template))

    keypair = (_value(cluster, 'keypair')
               or _value(cluster_template, 'keypair_id'))
    if keypair and osc.find_keypair(keypair) is None:
        raise exception.KeyPairNotFound(keypair=keypair)
