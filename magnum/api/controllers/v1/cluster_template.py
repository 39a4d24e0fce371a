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

"""``/v1/clustertemplates``: the blueprints clusters are built from.

Templates live in the database only: every call here is synchronous and
never reaches the conductor. A template is visible to its project, and to
every project when it is public and not hidden; admins see all projects'
templates once the ``*_all_projects`` rule of the call lets them.
"""

from oslo_utils import netutils
import pecan
from pecan import rest
from wsme.rest import json as wsme_json
from wsme import types as wtypes

from magnum.api import attr_validator
from magnum.api.controllers import base
from magnum.api.controllers import link
from magnum.api.controllers.v1 import collection
from magnum.api.controllers.v1 import types
from magnum.api import expose
from magnum.api import utils as api_utils
from magnum.api.views import cluster_templates as template_views
from magnum.common import context as magnum_context
from magnum.common import exception
from magnum.common import policy
import magnum.conf
from magnum.drivers.common import registry
from magnum.i18n import _
from magnum import objects

CONF = magnum.conf.CONF

RESOURCE = 'clustertemplates'
COES = ('kubernetes', 'swarm-mode', 'mesos')

# Network drivers each COE's clusters can be built with; the operator
# narrows them with [cluster_template] <coe>_allowed_network_drivers.
SUPPORTED_NETWORK_DRIVERS = {
    'kubernetes': ('flannel', 'calico', 'cilium'),
    'swarm-mode': ('docker', 'flannel'),
    'mesos': ('docker',),
}
# The [cluster_template] option prefix of each COE.
CONF_PREFIX = {'kubernetes': 'kubernetes', 'swarm-mode': 'swarm',
               'mesos': 'mesos'}
SUPPORTED_VOLUME_DRIVERS = ('cinder',)

# Fields only a publisher (``clustertemplate:publish``) may set.
PUBLISH_FIELDS = ('public', 'hidden')

# What may still change on a template clusters are built from.
REFERENCED_UPDATABLE = frozenset(('public', 'hidden', 'tags', 'name'))


class ClusterTemplatePatchType(types.JsonPatchType):
    _extra_non_removable_attrs = (
        '/coe', '/image_id', '/network_driver', '/external_network_id',
        '/tls_disabled', '/public', '/server_type', '/registry_enabled',
        '/cluster_distro', '/hidden')


def _text(max_length=255, min_length=1):
    return wtypes.StringType(min_length=min_length, max_length=max_length)


@types.named_errors
class ClusterTemplate(base.APIBase):
    """A cluster template as the API shows and takes it."""

    uuid = wtypes.wsattr(types.uuid, readonly=True)
    name = _text()
    coe = wtypes.wsattr(wtypes.Enum(wtypes.text, *COES), mandatory=True)
    image_id = wtypes.wsattr(_text(), mandatory=True)
    cluster_distro = _text()
    driver = _text()
    server_type = wtypes.wsattr(wtypes.Enum(wtypes.text, 'vm', 'bm'),
                                default='vm')
    flavor_id = _text()
    master_flavor_id = _text()
    keypair_id = _text()
    external_network_id = _text()
    fixed_network = _text()
    fixed_subnet = _text()
    network_driver = _text()
    volume_driver = _text()
    dns_nameserver = _text()
    apiserver_port = wtypes.IntegerType(minimum=1024, maximum=65535)
    docker_volume_size = wtypes.IntegerType(minimum=1)
    docker_storage_driver = _text()
    http_proxy = _text()
    https_proxy = _text()
    no_proxy = _text()
    insecure_registry = _text()
    registry_enabled = wtypes.wsattr(types.boolean, default=False)
    tls_disabled = wtypes.wsattr(types.boolean, default=False)
    public = wtypes.wsattr(types.boolean, default=False)
    master_lb_enabled = wtypes.wsattr(types.boolean, default=False)
    floating_ip_enabled = wtypes.wsattr(types.boolean, default=True)
    hidden = wtypes.wsattr(types.boolean, default=False)
    labels = wtypes.wsattr(types.labels_type, default={})
    tags = _text(min_length=0)
    project_id = wtypes.wsattr(wtypes.text, readonly=True)
    user_id = wtypes.wsattr(wtypes.text, readonly=True)
    links = wtypes.wsattr([link.Link], readonly=True)

    def __init__(self, **kwargs):
        super().__init__()
        for key in self.fields:
            if key in kwargs:
                setattr(self, key, kwargs[key])

    @classmethod
    def from_object(cls, template):
        """The API document of a ``objects.ClusterTemplate``."""
        document = cls()
        for key in _SHOWN:
            if template.obj_attr_is_set(key):
                types.set_unchecked(document, key, getattr(template, key))
        document.links = link.self_and_bookmark(link.app_url(), RESOURCE,
                                                template.uuid)
        return document

    def values(self):
        """Every writable field with its value (defaults included, None
        for unset ones)."""
        values = {key: getattr(self, key) for key in self.fields
                  if key not in READ_ONLY}
        values = {key: None if value is wtypes.Unset else value
                  for key, value in values.items()}
        values['labels'] = dict(values['labels'] or {})
        return values


READ_ONLY = frozenset(('uuid', 'project_id', 'user_id', 'links',
                       'created_at', 'updated_at'))


# Fields of the object the document shows (all but the links).
_SHOWN = tuple(attr.key for attr in wtypes.list_attributes(ClusterTemplate)
               if attr.key != 'links')


class ClusterTemplateCollection(collection.Collection):
    """A page of cluster templates."""

    clustertemplates = [ClusterTemplate]
    _type = RESOURCE


def default_network_driver(coe):
    """``[cluster_template] <coe>_default_network_driver``."""
    return getattr(CONF.cluster_template,
                   '%s_default_network_driver' % CONF_PREFIX[coe])


def _validate_network_driver(coe, driver):
    supported = SUPPORTED_NETWORK_DRIVERS[coe]
    if driver not in supported:
        raise exception.InvalidParameterValue(
            err=_("Network driver type %(driver)s is not supported, "
                  "expecting one of %(supported)s.")
            % {'driver': driver, 'supported': ', '.join(supported)})
    allowed = getattr(CONF.cluster_template,
                      '%s_allowed_network_drivers' % CONF_PREFIX[coe])
    if 'all' not in allowed and driver not in allowed:
        raise exception.InvalidParameterValue(
            err=_("Network driver type %(driver)s is not allowed, "
                  "expecting one of %(allowed)s.")
            % {'driver': driver, 'allowed': ', '.join(allowed)})


def _validate_dns(dns_nameserver):
    addresses = dns_nameserver.split(',')
    if not all(netutils.is_valid_ipv4(a.strip()) for a in addresses):
        raise exception.InvalidDNS(dns=dns_nameserver)


def validate_template(values):
    """Checks a template's fields against each other and the options:
    network driver per COE, volume driver, DNS servers, docker volume
    size (400 on failure)."""
    if values.get('network_driver') is not None:
        _validate_network_driver(values['coe'], values['network_driver'])
    volume_driver = values.get('volume_driver')
    if (volume_driver is not None
            and volume_driver not in SUPPORTED_VOLUME_DRIVERS):
        raise exception.InvalidParameterValue(
            err=_("Volume driver type %(driver)s is not supported, "
                  "expecting one of %(supported)s.")
            % {'driver': volume_driver,
               'supported': ', '.join(SUPPORTED_VOLUME_DRIVERS)})
    if values.get('dns_nameserver') is not None:
        _validate_dns(values['dns_nameserver'])
    api_utils.validate_docker_volume_size(
        values.get('docker_volume_size'),
        values.get('docker_storage_driver'))


def _check_publish(context, values, before=None):
    """``ClusterTemplatePublishDenied`` (403) when the caller sets public
    or hidden (on create: to true; on update: to a new value) without the
    ``clustertemplate:publish`` rule."""
    if before is None:
        wanted = any(values.get(key) for key in PUBLISH_FIELDS)
    else:
        wanted = any(values.get(key) != before.get(key)
                     for key in PUBLISH_FIELDS)
    if wanted and not policy.authorize(context, 'clustertemplate:publish',
                                       do_raise=False):
        raise exception.ClusterTemplatePublishDenied()


def _select_driver(context, values):
    """Fill ``cluster_distro`` from the image and ``driver`` by precedence
    (request, image property ``magnum_driver``, configured default, first
    fitting driver), then make sure that driver exists (400 otherwise)."""
    image = attr_validator.get_image(context, values['image_id'])
    distro = image.get('os_distro')
    if not distro:
        raise exception.OSDistroFieldNotFound(image_id=values['image_id'])
    values['cluster_distro'] = distro
    driver = (values.get('driver')
              or (image.get('properties') or {}).get('magnum_driver')
              or registry.default_driver_name(values['server_type'], distro,
                                              values['coe']))
    validate_driver_labels(
        registry.get_driver(values['server_type'], distro, values['coe'],
                            driver_name=driver),
        values.get('labels'))
    values['driver'] = driver


def validate_driver_labels(driver, labels):
    """Let ``driver`` refuse invalid values of the labels it knows (400
    ``InvalidParameterValue``); drivers without ``validate_labels`` and
    labels no driver knows pass untouched."""
    validate = getattr(driver, 'validate_labels', None)
    if validate is not None:
        validate(dict(labels or {}))


def _referencing_cluster_exists(template):
    admin = magnum_context.make_admin_context(all_tenants=True)
    return bool(objects.Cluster.list(
        admin, limit=1, filters={'cluster_template_id': template.uuid}))


class ClusterTemplatesController(rest.RestController):
    """``/v1/clustertemplates``."""

    _custom_actions = {'detail': ['GET']}

    def _list(self, rule, marker, limit, sort_key, sort_dir, url=RESOURCE):
        context = pecan.request.context
        policy.authorize(context, 'clustertemplate:%s' % rule)
        api_utils.enable_all_projects(
            context, 'clustertemplate:%s_all_projects' % rule)
        limit = api_utils.validate_limit(limit)
        sort_dir = api_utils.validate_sort_dir(sort_dir)
        marker = api_utils.validate_marker(marker)
        return template_views.page(
            ClusterTemplate, ClusterTemplateCollection, context, _SHOWN, url,
            limit, marker, sort_key, sort_dir)

    @expose.expose(ClusterTemplateCollection, wtypes.text, int,
                   wtypes.text, wtypes.text)
    def get_all(self, marker=None, limit=None, sort_key='id',
                sort_dir='asc'):
        """Templates visible to the caller, in full, one page."""
        return self._list('get_all', marker, limit, sort_key, sort_dir)

    @expose.expose(ClusterTemplateCollection, wtypes.text, int,
                   wtypes.text, wtypes.text)
    def detail(self, marker=None, limit=None, sort_key='id',
               sort_dir='asc'):
        """Same as the list, under its own policy rule."""
        return self._list('detail', marker, limit, sort_key, sort_dir,
                          url=RESOURCE + '/detail')

    @expose.expose(ClusterTemplate, types.uuid_or_name)
    def get_one(self, ident):
        """One template by uuid or name."""
        context = pecan.request.context
        api_utils.enable_all_projects(
            context, 'clustertemplate:get_one_all_projects')
        template = api_utils.get_resource('ClusterTemplate', ident)
        if not template.public:
            policy.authorize(context, 'clustertemplate:get',
                             template.as_dict())
        return ClusterTemplate.from_object(template)

    @expose.expose(ClusterTemplate, body=ClusterTemplate, status_code=201)
    def post(self, cluster_template):
        """Create a template; 201 with its URL in ``Location``."""
        context = pecan.request.context
        policy.authorize(context, 'clustertemplate:create')
        values = cluster_template.values()
        _check_publish(context, values)
        if values.get('network_driver') is None:
            values['network_driver'] = default_network_driver(values['coe'])
        validate_template(values)
        _select_driver(context, values)
        attr_validator.validate_cluster_template(context, values)
        if not values.get('name'):
            values['name'] = api_utils.generate_name('template')
        values['project_id'] = context.project_id
        values['user_id'] = context.user_id
        template = objects.ClusterTemplate(context, **values)
        template.create()
        pecan.response.location = link.build_url(RESOURCE, template.uuid)
        return ClusterTemplate.from_object(template)

    @expose.expose(ClusterTemplate, types.uuid_or_name,
                   body=[ClusterTemplatePatchType], status_code=200)
    def patch(self, ident, patch):
        """Apply a JSON patch; only the fields that change are written."""
        context = pecan.request.context
        api_utils.enable_all_projects(
            context, 'clustertemplate:update_all_projects')
        template = api_utils.get_resource('ClusterTemplate', ident)
        policy.authorize(context, 'clustertemplate:update',
                         template.as_dict())
        before = ClusterTemplate.from_object(template).values()
        patched = api_utils.apply_jsonpatch(before, patch)
        # Patch values are JSON scalars or text ("True", "8443"): convert
        # them the way a request body is, naming any field that fails.
        after = wsme_json.fromjson(ClusterTemplate, patched).values()
        changed = api_utils.changed_fields(before, after)
        if not changed:
            return ClusterTemplate.from_object(template)
        _check_publish(context, after, before)
        validate_template(after)
        if changed & {'server_type', 'cluster_distro', 'coe', 'driver',
                      'labels'}:
            validate_driver_labels(
                registry.get_driver(after['server_type'],
                                    after['cluster_distro'], after['coe'],
                                    driver_name=after['driver']),
                after['labels'])
        if (changed - REFERENCED_UPDATABLE
                or ('public' in changed and not after['public'])):
            if _referencing_cluster_exists(template):
                raise exception.ClusterTemplateReferenced(
                    clustertemplate=template.uuid)
        for key in changed:
            setattr(template, key, after[key])
        template.save()
        return ClusterTemplate.from_object(template)

    @expose.expose(None, types.uuid_or_name, status_code=204)
    def delete(self, ident):
        """Delete a template no cluster uses (400 otherwise)."""
        context = pecan.request.context
        api_utils.enable_all_projects(
            context, 'clustertemplate:delete_all_projects')
        template = api_utils.get_resource('ClusterTemplate', ident)
        policy.authorize(context, 'clustertemplate:delete',
                         template.as_dict())
        template.destroy()
