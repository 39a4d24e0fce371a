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

"""``/v1/clusters``: list, show, create, update (PATCH) and delete.

Create, update and delete are handed to the conductor over RPC and answer
202 (204 for delete) as soon as the message is accepted; the conductor
writes the cluster row and its two default nodegroups itself, so a GET right
after a POST may still answer 404. A message that cannot be delivered
answers 503 (``ConductorUnavailable``) instead of a 202 for a lost request.

Resize and upgrade live in ``cluster_actions``, nodegroups in ``nodegroup``;
both are mounted below a cluster (``/v1/clusters/<ident>/...``).
"""

import datetime
import random

from oslo_utils import uuidutils
import pecan
from pecan import rest
import wsme
from wsme import types as wtypes

from magnum.api import attr_validator
from magnum.api.controllers import base
from magnum.api.controllers import link
from magnum.api.controllers.v1 import cluster_actions
from magnum.api.controllers.v1 import cluster_common as common
from magnum.api.controllers.v1 import cluster_template as template_api
from magnum.api.controllers.v1 import collection
from magnum.api.controllers.v1 import nodegroup
from magnum.api.controllers.v1 import types
from magnum.api.controllers import versions
from magnum.api import expose
from magnum.api import quota
from magnum.api import utils as api_utils
from magnum.api.views import clusters as cluster_views
from magnum.common import exception
from magnum.common import policy
import magnum.conf
from magnum.drivers.common import registry
from magnum.i18n import _
from magnum import objects
from magnum.objects import fields

CONF = magnum.conf.CONF

DEFAULT_CREATE_TIMEOUT = 60

# What a PATCH may change; anything else is refused (400).
UPDATABLE = frozenset(('node_count', 'health_status', 'health_status_reason'))
HEALTH_FIELDS = frozenset(('health_status', 'health_status_reason'))

# Fields of the list entries of GET /v1/clusters (besides the id field
# chosen by microversion, see ``Cluster.convert``).
TRIMMED_FIELDS = ('uuid', 'name', 'cluster_template_id', 'keypair',
                  'docker_volume_size', 'labels', 'node_count', 'status',
                  'master_flavor_id', 'flavor_id', 'create_timeout',
                  'master_count', 'health_status', 'links')

# Fields a create request may set, copied onto the new Cluster object.
_CREATE_FIELDS = ('name', 'keypair', 'docker_volume_size', 'labels',
                  'master_flavor_id', 'flavor_id', 'create_timeout',
                  'discovery_url', 'fixed_network', 'fixed_subnet',
                  'floating_ip_enabled', 'master_lb_enabled')

# Cluster field <- template field, for values a create request left out.
_INHERITED = (('keypair', 'keypair_id'),
              ('docker_volume_size', 'docker_volume_size'),
              ('master_flavor_id', 'master_flavor_id'),
              ('flavor_id', 'flavor_id'),
              ('fixed_network', 'fixed_network'),
              ('fixed_subnet', 'fixed_subnet'),
              ('floating_ip_enabled', 'floating_ip_enabled'),
              ('master_lb_enabled', 'master_lb_enabled'))

_NAME_WORDS = ('alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta',
               'theta', 'iota', 'kappa', 'lambda', 'mu', 'nu', 'xi',
               'omicron', 'pi', 'rho', 'sigma', 'tau', 'upsilon', 'phi',
               'chi', 'psi', 'omega')


def generate_name():
    """``<greek letter>-<n>-cluster``."""
    return '%s-%d-cluster' % (random.choice(_NAME_WORDS),
                              random.randint(1, 99))


@types.named_errors
class Cluster(base.APIBase):
    """A cluster as the API shows it and as a create request gives it."""

    uuid = wsme.wsattr(types.uuid, readonly=True)
    name = types.NameType(max_length=242)
    cluster_template_id = wsme.wsattr(wtypes.StringType(min_length=1,
                                                        max_length=255),
                                      mandatory=True)
    keypair = wtypes.StringType(min_length=1, max_length=255)
    node_count = wsme.wsattr(wtypes.IntegerType(minimum=0), default=1)
    master_count = wsme.wsattr(wtypes.IntegerType(minimum=1), default=1)
    docker_volume_size = wtypes.IntegerType(minimum=1)
    labels = types.labels_type
    merge_labels = wsme.wsattr(types.boolean, default=False)
    master_flavor_id = wtypes.StringType(min_length=1, max_length=255)
    flavor_id = wtypes.StringType(min_length=1, max_length=255)
    create_timeout = wsme.wsattr(wtypes.IntegerType(minimum=0),
                                 default=DEFAULT_CREATE_TIMEOUT)
    discovery_url = wtypes.StringType(min_length=1, max_length=255)
    fixed_network = wtypes.StringType(min_length=1, max_length=255)
    fixed_subnet = wtypes.StringType(min_length=1, max_length=255)
    floating_ip_enabled = types.boolean
    master_lb_enabled = types.boolean

    links = wsme.wsattr([link.Link], readonly=True)
    stack_id = wsme.wsattr(wtypes.text, readonly=True)
    cluster_id = wsme.wsattr(wtypes.text, readonly=True)
    status = wsme.wsattr(wtypes.Enum(wtypes.text, *fields.ClusterStatus.ALL),
                         readonly=True)
    status_reason = wsme.wsattr(wtypes.text, readonly=True)
    health_status = wsme.wsattr(
        wtypes.Enum(wtypes.text, *fields.ClusterHealthStatus.ALL),
        readonly=True)
    health_status_reason = wsme.wsattr(types.dict_of_strings, readonly=True)
    api_address = wsme.wsattr(wtypes.text, readonly=True)
    node_addresses = wsme.wsattr([wtypes.text], readonly=True)
    master_addresses = wsme.wsattr([wtypes.text], readonly=True)
    coe_version = wsme.wsattr(wtypes.text, readonly=True)
    container_version = wsme.wsattr(wtypes.text, readonly=True)
    project_id = wsme.wsattr(wtypes.text, readonly=True)
    user_id = wsme.wsattr(wtypes.text, readonly=True)
    faults = wsme.wsattr(types.dict_of_strings, readonly=True)
    labels_overridden = wsme.wsattr(types.dict_of_strings, readonly=True)
    labels_added = wsme.wsattr(types.dict_of_strings, readonly=True)
    labels_skipped = wsme.wsattr(types.dict_of_strings, readonly=True)
    certificates_expire_at = wsme.wsattr(
        wtypes.DictType(wtypes.text, wtypes.text), readonly=True)
    """From 1.15, on show and detail: ``{"ca": ..., "client": ...}``, when
    the Kubernetes CA and Magnum's client certificate expire (ISO 8601,
    UTC), each null while the cluster has no such certificate."""

    # Object fields copied as they are into the representation.
    _COPIED = ('uuid', 'name', 'cluster_template_id', 'keypair',
               'node_count', 'master_count', 'docker_volume_size', 'labels',
               'master_flavor_id', 'flavor_id', 'create_timeout',
               'discovery_url', 'fixed_network', 'fixed_subnet',
               'floating_ip_enabled', 'master_lb_enabled', 'status',
               'status_reason', 'health_status', 'health_status_reason',
               'api_address', 'node_addresses', 'master_addresses',
               'coe_version', 'container_version', 'project_id', 'user_id',
               'created_at', 'updated_at')

    @classmethod
    def convert(cls, cluster, expand=True, parent_labels=None,
                with_faults=False):
        """The representation of the Cluster object ``cluster``.

        ``expand=False`` gives the trimmed list entry. ``parent_labels``
        (the template's labels) fills the ``labels_*`` differences.
        """
        api = cls()
        for name in cls._COPIED if expand else _TRIMMED_COPIED:
            if cluster.obj_attr_is_set(name) or name in cluster.DERIVED_FIELDS:
                types.set_unchecked(api, name, getattr(cluster, name))
        id_field = ('cluster_id'
                    if versions.is_at_least(versions.CLUSTER_ID)
                    else 'stack_id')
        types.set_unchecked(api, id_field, cluster.stack_id)
        api.links = link.self_and_bookmark(link.app_url(), 'clusters',
                                           cluster.uuid)
        if not expand:
            return api
        if versions.is_at_least(versions.CERT_EXPIRY):
            api.certificates_expire_at = _certificates_expire_at(cluster)
        if parent_labels is not None:
            overridden, added, skipped = api_utils.get_labels_diff(
                parent_labels, cluster.labels)
            api.labels_overridden = overridden
            api.labels_added = added
            api.labels_skipped = skipped
        if with_faults and cluster.status in fields.ClusterStatus.STATUS_FAILED:
            api.faults = {
                ng.name: ng.status_reason or ''
                for ng in cluster.nodegroups
                if ng.status in fields.ClusterStatus.STATUS_FAILED}
        return api


def _certificates_expire_at(cluster):
    # The expiry stays on the row when a failed create removes the
    # certificates; only a certificate the cluster refers to has one.
    def expiry(ref_field, expiry_field):
        when = getattr(cluster, expiry_field, None)
        if when is None or not getattr(cluster, ref_field, None):
            return None
        return when.astimezone(datetime.timezone.utc).isoformat()

    return {'ca': expiry('ca_cert_ref', 'ca_cert_expires_at'),
            'client': expiry('magnum_cert_ref', 'magnum_cert_expires_at')}


_TRIMMED_COPIED = tuple(name for name in Cluster._COPIED
                        if name in TRIMMED_FIELDS)


class ClusterPatchType(types.JsonPatchType):
    _extra_internal_attrs = (
        '/api_address', '/node_addresses', '/master_addresses', '/stack_id',
        '/cluster_id', '/ca_cert_ref', '/magnum_cert_ref',
        '/etcd_ca_cert_ref', '/front_proxy_ca_cert_ref',
        '/certificates_expire_at')
    _extra_non_removable_attrs = ('/cluster_template_id', '/node_count')


class ClusterCollection(collection.Collection):
    """A page of clusters."""

    clusters = [Cluster]
    _type = 'clusters'


def _template_labels(clusters):
    """``{template uuid: labels}`` of the clusters' templates the caller
    can see, read in one query."""
    uuids = sorted({c.cluster_template_id for c in clusters
                    if c.cluster_template_id})
    if not uuids:
        return {}
    templates = objects.ClusterTemplate.list(
        pecan.request.context, filters={'uuid': uuids})
    return {t.uuid: t.labels or {} for t in templates}


def _patched_document(cluster):
    """The PATCH document of a cluster: its API fields, with
    ``node_count`` being the default worker nodegroup's."""
    doc = {name: getattr(cluster, name) for name in Cluster._COPIED
           if name not in ('created_at', 'updated_at')}
    worker = cluster.default_ng_worker
    if worker is not None:
        doc['node_count'] = worker.node_count
    doc['stack_id'] = cluster.stack_id
    return doc


def _check_patched_values(doc):
    node_count = doc.get('node_count')
    if (isinstance(node_count, bool) or not isinstance(node_count, int)
            or node_count < 0):
        raise exception.InvalidParameterValue(
            err=_("node_count must be an integer >= 0, got %r.")
            % (node_count,))
    status = doc.get('health_status')
    if status is not None and status not in fields.ClusterHealthStatus.ALL:
        raise exception.InvalidParameterValue(
            err=_("health_status must be one of %(allowed)s, got %(value)r.")
            % {'allowed': ', '.join(fields.ClusterHealthStatus.ALL),
               'value': status})
    reason = doc.get('health_status_reason')
    if reason is not None and not isinstance(reason, dict):
        raise exception.InvalidParameterValue(
            err=_("health_status_reason must be a dictionary."))
    if reason is not None:
        doc['health_status_reason'] = {str(k): str(v)
                                       for k, v in reason.items()}


def _validate_master_count(cluster, master_count):
    # Several masters need a load balancer in front of their API servers.
    if master_count > 1 and not cluster.master_lb_enabled:
        raise exception.InvalidParameterValue(
            err=_("master_count must be 1 when master_lb_enabled is False."))


def _check_volume_size(cluster_template, docker_volume_size):
    if (cluster_template.docker_storage_driver == 'devicemapper'
            and docker_volume_size is not None and docker_volume_size < 3):
        raise exception.InvalidParameterValue(
            err=_("docker volume size %s GB is not valid, expecting minimum "
                  "value 3GB for devicemapper storage driver.")
            % docker_volume_size)


def _query_flag(name, value, version):
    """A boolean query parameter that exists from ``version`` on: False
    when absent, 400 when given to an older version or not a boolean."""
    if value is None:
        return False
    if not versions.is_at_least(version):
        raise exception.InvalidParameterValue(
            err=_("%(name)s needs API version %(version)s or later.")
            % {'name': name, 'version': version})
    return types.BooleanType.validate(value)


class ClustersController(rest.RestController):
    """``/v1/clusters``."""

    _custom_actions = {'detail': ['GET']}

    actions = cluster_actions.ActionsController()
    nodegroups = nodegroup.NodeGroupController()

    def _list(self, marker, limit, sort_key, sort_dir, expand, url):
        limit = api_utils.validate_limit(limit)
        sort_dir = api_utils.validate_sort_dir(sort_dir)
        marker = api_utils.validate_marker(marker)
        return cluster_views.page(
            Cluster, ClusterCollection, pecan.request.context,
            Cluster._COPIED if expand else _TRIMMED_COPIED, expand, url,
            limit, marker, sort_key, sort_dir)

    @expose.expose(ClusterCollection, wtypes.text, int, wtypes.text,
                   wtypes.text)
    def get_all(self, marker=None, limit=None, sort_key='id',
                sort_dir='asc'):
        """A page of clusters, trimmed to their main fields."""
        context = pecan.request.context
        policy.authorize(context, 'cluster:get_all')
        api_utils.enable_all_projects(context, 'cluster:get_all_all_projects')
        return self._list(marker, limit, sort_key, sort_dir, expand=False,
                          url='clusters')

    @expose.expose(ClusterCollection, wtypes.text, int, wtypes.text,
                   wtypes.text)
    def detail(self, marker=None, limit=None, sort_key='id',
               sort_dir='asc'):
        """A page of clusters with every field."""
        context = pecan.request.context
        policy.authorize(context, 'cluster:detail')
        api_utils.enable_all_projects(context, 'cluster:detail_all_projects')
        return self._list(marker, limit, sort_key, sort_dir, expand=True,
                          url='clusters/detail')

    @expose.expose(Cluster, types.uuid_or_name)
    def get_one(self, cluster_ident):
        """One cluster; ``faults`` tells why when it failed."""
        context = pecan.request.context
        cluster = common.get_cluster(cluster_ident,
                                     'cluster:get_one_all_projects')
        policy.authorize(context, 'cluster:get',
                         common.policy_target(cluster))
        parent = _template_labels([cluster]).get(cluster.cluster_template_id)
        return Cluster.convert(cluster, parent_labels=parent,
                               with_faults=True)

    @expose.expose(common.ClusterID, body=Cluster, status_code=202)
    def post(self, cluster):
        """Create a cluster (asynchronously)."""
        context = pecan.request.context
        try:
            template = api_utils.get_resource('ClusterTemplate',
                                              cluster.cluster_template_id)
        except exception.ClusterTemplateNotFound as err:
            if versions.is_at_least(versions.ZERO_NODES):
                raise
            raise exception.InvalidParameterValue(err=str(err))
        driver = registry.get_driver(template.server_type,
                                     template.cluster_distro, template.coe,
                                     driver_name=template.driver)
        _check_volume_size(template, cluster.docker_volume_size)
        driver.validate_master_size(cluster.master_count)
        common.check_node_count(cluster.node_count)

        policy.authorize(context, 'cluster:create')
        quota.check_cluster_quota(context)
        if template.hidden and not policy.check_is_admin(context):
            raise exception.NotAuthorized(
                message=_("Cluster template %s is hidden; only "
                          "administrators may create clusters from it.")
                % template.uuid)

        new = self._build(context, cluster, template)
        template_api.validate_driver_labels(driver, new.labels)
        attr_validator.validate_os_resources(context, template, new)
        _validate_master_count(new, cluster.master_count)

        common.conductor().cluster_create(
            context, new, cluster.master_count, cluster.node_count,
            new.create_timeout)
        return common.ClusterID(new.uuid)

    @staticmethod
    def _build(context, request, template):
        """The new Cluster object (not saved: the conductor inserts it)."""
        values = {name: getattr(request, name) for name in _CREATE_FIELDS
                  if getattr(request, name) not in (wtypes.Unset, None)}
        for field, template_field in _INHERITED:
            if field not in values:
                values[field] = getattr(template, template_field)
        given = values.get('labels')
        if not given:
            values['labels'] = dict(template.labels or {})
        elif request.merge_labels:
            merged = dict(template.labels or {})
            merged.update(given)
            values['labels'] = merged
        values['labels'] = {k: str(v) for k, v in values['labels'].items()}
        values.setdefault('name', generate_name())
        values.setdefault('create_timeout', DEFAULT_CREATE_TIMEOUT)
        return objects.Cluster(
            context, uuid=uuidutils.generate_uuid(),
            project_id=context.project_id, user_id=context.user_id,
            cluster_template_id=template.uuid, **values)

    @expose.expose(common.ClusterID, types.uuid_or_name, wtypes.text,
                   body=[ClusterPatchType], status_code=202)
    def patch(self, cluster_ident, rollback=None, patch=None):
        """Change node_count (default worker) or the health status;
        ``rollback`` (from 1.3) asks the driver to undo a failed update."""
        return self._patch(cluster_ident, patch or [], rollback)

    def _patch(self, cluster_ident, patch, rollback):
        context = pecan.request.context
        rollback = self._rollback(rollback)
        cluster = common.get_cluster(cluster_ident,
                                     'cluster:update_all_projects')
        paths = {p.path.split('/')[1] for p in patch}
        rule = ('cluster:update_health_status' if paths <= HEALTH_FIELDS
                else 'cluster:update')
        policy.authorize(context, rule, common.policy_target(cluster))

        before = _patched_document(cluster)
        after = api_utils.apply_jsonpatch(before, patch)
        changed = api_utils.changed_fields(before, after)
        refused = changed - UPDATABLE
        if refused:
            raise exception.InvalidParameterValue(
                err=_("cannot change cluster property(ies) %s.")
                % ', '.join(sorted(refused)))
        _check_patched_values(after)
        common.check_node_count(after['node_count'])
        common.conductor().cluster_update(
            context, cluster, after['node_count'], after['health_status'],
            after['health_status_reason'], rollback=rollback)
        return common.ClusterID(cluster.uuid)

    @staticmethod
    def _rollback(value):
        return _query_flag('rollback', value, versions.ROLLBACK)

    @expose.expose(None, types.uuid_or_name, wtypes.text, status_code=204)
    def delete(self, cluster_ident, force=None):
        """Delete a cluster (asynchronously, despite the 204). With
        ``force=true`` (from 1.16, admins: ``cluster:force_delete``) its
        records are removed at once, whatever its state, and the deletion
        of its cloud resources is only attempted."""
        context = pecan.request.context
        force = self._force(force)
        cluster = common.get_cluster(cluster_ident,
                                     'cluster:delete_all_projects')
        target = common.policy_target(cluster)
        policy.authorize(context, 'cluster:delete', target)
        if force:
            policy.authorize(context, 'cluster:force_delete', target)
            common.conductor().cluster_force_delete(context, cluster.uuid)
            return
        common.conductor().cluster_delete(context, cluster.uuid)

    @staticmethod
    def _force(value):
        return _query_flag('force', value, versions.FORCE_DELETE)
