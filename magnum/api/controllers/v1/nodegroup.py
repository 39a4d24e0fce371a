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

"""``/v1/clusters/<ident>/nodegroups`` (from microversion 1.9).

Create, update and delete are cast to the conductor, which writes the rows;
the API answers 202 (204 for delete) with what was asked for. Only
``min_node_count``, ``max_node_count``, ``node_labels`` and ``node_taints``
may be patched; node counts change through the cluster resize action.

``node_labels`` and ``node_taints`` exist from 1.14 on: below it they are
neither accepted nor shown (upstream does not gate them).
"""

import re

from oslo_utils import uuidutils
import pecan
from pecan import rest
import wsme
from wsme import types as wtypes

from magnum.api.controllers import base
from magnum.api.controllers import link
from magnum.api.controllers.v1 import cluster_common as common
from magnum.api.controllers.v1 import cluster_template as template_api
from magnum.api.controllers.v1 import collection
from magnum.api.controllers.v1 import types
from magnum.api.controllers import versions
from magnum.api import expose
from magnum.api import utils as api_utils
from magnum.common import exception
from magnum.common import policy
from magnum.drivers.common import registry
from magnum.i18n import _
from magnum import objects
from magnum.objects import fields

TRIMMED_FIELDS = ('uuid', 'name', 'flavor_id', 'node_count', 'role',
                  'is_default', 'image_id', 'status', 'stack_id')

K8S_FIELDS = ('node_labels', 'node_taints')

PATCHABLE = ('min_node_count', 'max_node_count') + K8S_FIELDS


TAINT_EFFECTS = ('NoSchedule', 'PreferNoSchedule', 'NoExecute')
TAINT_KEYS = frozenset(('key', 'value', 'effect'))

# Kubernetes reserves label keys in the kubernetes.io and k8s.io namespaces;
# a kubelet may set only these ones, and those under the two prefixes below.
KUBELET_LABELS = frozenset((
    'kubernetes.io/hostname', 'kubernetes.io/instance-type',
    'kubernetes.io/os', 'kubernetes.io/arch',
    'beta.kubernetes.io/instance-type', 'beta.kubernetes.io/os',
    'beta.kubernetes.io/arch', 'failure-domain.beta.kubernetes.io/zone',
    'failure-domain.beta.kubernetes.io/region',
    'failure-domain.kubernetes.io/zone',
    'failure-domain.kubernetes.io/region',
    'topology.kubernetes.io/region', 'topology.kubernetes.io/zone',
    'node.kubernetes.io/instance-type'))
KUBELET_PREFIXES = ('kubelet.kubernetes.io', 'node.kubernetes.io')
RESERVED_DOMAINS = ('kubernetes.io', 'k8s.io')

_NAME = re.compile(r'^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$')
_DNS_SUBDOMAIN = re.compile(
    r'^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$')


def _invalid(message, **kwargs):
    return exception.InvalidParameterValue(err=message % kwargs)


def _in_domain(prefix, domain):
    return prefix == domain or prefix.endswith('.' + domain)


def _check_label_key(key):
    prefix, _sep, name = key.rpartition('/')
    if (not name or len(name) > 63 or not _NAME.match(name)
            or (prefix and (len(prefix) > 253
                            or not _DNS_SUBDOMAIN.match(prefix)))):
        raise _invalid(_("node label key %(key)r is not a valid Kubernetes "
                         "label key."), key=key)
    if (any(_in_domain(prefix, d) for d in RESERVED_DOMAINS)
            and key not in KUBELET_LABELS
            and not any(_in_domain(prefix, p) for p in KUBELET_PREFIXES)):
        raise _invalid(_("node label key %(key)r is in a namespace reserved "
                         "by Kubernetes; use kubelet.kubernetes.io/ or "
                         "node.kubernetes.io/ prefixes."), key=key)


def validate_node_labels(labels):
    """``labels`` as a dict of strings, or 400 InvalidParameterValue when
    it is not a dict of valid Kubernetes node labels."""
    if labels is None:
        return None
    if not isinstance(labels, dict):
        raise _invalid(_("node_labels must be a dictionary."))
    result = {}
    for key, value in labels.items():
        if not isinstance(key, str):
            raise _invalid(_("node label key %(key)r is not a string."),
                           key=key)
        _check_label_key(key)
        value = '' if value is None else str(value)
        if value and (len(value) > 63 or not _NAME.match(value)):
            raise _invalid(_("node label value %(value)r of %(key)r is not "
                             "a valid Kubernetes label value."),
                           key=key, value=value)
        result[key] = value
    return result


def validate_node_taints(taints):
    """``taints`` as a list of ``{key, value, effect}``, or 400
    InvalidParameterValue."""
    if taints is None:
        return None
    if not isinstance(taints, list):
        raise _invalid(_("node_taints must be a list."))
    result = []
    for taint in taints:
        if not isinstance(taint, dict):
            raise _invalid(_("each node taint must be a dictionary."))
        unknown = set(taint) - TAINT_KEYS
        if unknown:
            raise _invalid(_("unknown node taint field(s): %(fields)s."),
                           fields=', '.join(sorted(map(str, unknown))))
        key = taint.get('key')
        if not key or not isinstance(key, str):
            raise _invalid(_("a node taint needs a key."))
        _check_label_key(key)
        effect = taint.get('effect')
        if effect not in TAINT_EFFECTS:
            raise _invalid(_("node taint effect %(effect)r is not one of "
                             "%(allowed)s."), effect=effect,
                           allowed=', '.join(TAINT_EFFECTS))
        value = taint.get('value')
        result.append({'key': key, 'effect': effect,
                       'value': None if value is None else str(value)})
    return result


def _k8s_fields_allowed():
    return versions.is_at_least(versions.NODEGROUP_LABELS_TAINTS)


def _refuse_k8s_fields(names):
    if names and not _k8s_fields_allowed():
        raise exception.InvalidParameterValue(
            err=_("%(fields)s need(s) API version %(version)s or later.")
            % {'fields': ', '.join(sorted(names)),
               'version': versions.NODEGROUP_LABELS_TAINTS})


def validate_node_counts(name, node_count, min_count, max_count):
    """409 NodeGroupInvalidInput unless min <= node_count <= max."""
    if max_count is not None:
        if max_count < min_count:
            raise exception.NodeGroupInvalidInput(
                attr='max_node_count', nodegroup=name,
                expl=_("min_node_count (%(min)s) should be less or equal "
                       "to max_node_count (%(max)s)")
                % {'min': min_count, 'max': max_count})
        if node_count > max_count:
            raise exception.NodeGroupInvalidInput(
                attr='max_node_count', nodegroup=name,
                expl=_("node_count (%(count)s) should be less or equal to "
                       "max_node_count (%(max)s)")
                % {'count': node_count, 'max': max_count})
    if min_count > node_count:
        raise exception.NodeGroupInvalidInput(
            attr='min_node_count', nodegroup=name,
            expl=_("min_node_count (%(min)s) should be less or equal to "
                   "node_count (%(count)s)")
            % {'min': min_count, 'count': node_count})


@types.named_errors
class NodeGroup(base.APIBase):
    """A nodegroup as the API shows it and as a create request gives it."""

    id = wsme.wsattr(int, readonly=True)
    uuid = wsme.wsattr(types.uuid, readonly=True)
    name = wsme.wsattr(wtypes.StringType(min_length=1, max_length=255),
                       mandatory=True)
    cluster_id = wsme.wsattr(types.uuid, readonly=True)
    project_id = wsme.wsattr(wtypes.text, readonly=True)
    docker_volume_size = wtypes.IntegerType(minimum=1)
    labels = types.labels_type
    merge_labels = wsme.wsattr(types.boolean, default=False)
    links = wsme.wsattr([link.Link], readonly=True)
    flavor_id = wtypes.StringType(min_length=1, max_length=255)
    image_id = wtypes.StringType(min_length=1, max_length=255)
    node_addresses = wsme.wsattr([wtypes.text], readonly=True)
    node_count = wsme.wsattr(wtypes.IntegerType(minimum=0), default=1)
    role = wsme.wsattr(wtypes.StringType(min_length=1, max_length=255),
                       default=objects.nodegroup.WORKER_ROLE)
    min_node_count = wsme.wsattr(wtypes.IntegerType(minimum=0), default=0)
    max_node_count = wsme.wsattr(wtypes.IntegerType(minimum=0),
                                 default=None)
    is_default = wsme.wsattr(types.boolean, readonly=True)
    stack_id = wsme.wsattr(wtypes.text, readonly=True)
    status = wsme.wsattr(wtypes.Enum(wtypes.text, *fields.ClusterStatus.ALL),
                         readonly=True)
    status_reason = wsme.wsattr(wtypes.text, readonly=True)
    version = wsme.wsattr(wtypes.text, readonly=True)
    node_labels = types.dict_of_strings
    node_taints = wtypes.ArrayType(wtypes.DictType(wtypes.text, wtypes.text))
    labels_overridden = wsme.wsattr(types.dict_of_strings, readonly=True)
    labels_added = wsme.wsattr(types.dict_of_strings, readonly=True)
    labels_skipped = wsme.wsattr(types.dict_of_strings, readonly=True)

    _COPIED = ('id', 'uuid', 'name', 'cluster_id', 'project_id',
               'docker_volume_size', 'labels', 'flavor_id', 'image_id',
               'node_addresses', 'node_count', 'role', 'min_node_count',
               'max_node_count', 'is_default', 'stack_id', 'status',
               'status_reason', 'version', 'created_at',
               'updated_at') + K8S_FIELDS

    @classmethod
    def convert(cls, nodegroup, expand=True, parent_labels=None):
        """The representation of the NodeGroup object ``nodegroup``;
        ``parent_labels`` (the cluster's) fills the ``labels_*`` fields."""
        api = cls()
        for name in cls._COPIED:
            if nodegroup.obj_attr_is_set(name):
                setattr(api, name, getattr(nodegroup, name))
        if not expand:
            api.unset_fields_except(TRIMMED_FIELDS)
            return api
        if not _k8s_fields_allowed():
            for name in K8S_FIELDS:
                setattr(api, name, wtypes.Unset)
        path = '%s/nodegroups/%s' % (nodegroup.cluster_id, nodegroup.uuid)
        api.links = link.self_and_bookmark(link.app_url(), 'clusters', path)
        if parent_labels is not None:
            overridden, added, skipped = api_utils.get_labels_diff(
                parent_labels, nodegroup.labels)
            api.labels_overridden = overridden
            api.labels_added = added
            api.labels_skipped = skipped
        return api


class NodeGroupPatchType(types.JsonPatchType):
    _extra_internal_attrs = tuple(
        '/' + name for name in NodeGroup._COPIED + (
            'links', 'merge_labels', 'labels_overridden', 'labels_added',
            'labels_skipped')
        if name not in PATCHABLE)


class NodeGroupCollection(collection.Collection):
    """A page of one cluster's nodegroups."""

    nodegroups = [NodeGroup]
    _type = 'nodegroups'


def _as_count(name, value, nullable):
    if value is None and nullable:
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise exception.InvalidParameterValue(
            err=_("%(name)s must be an integer >= 0, got %(value)r.")
            % {'name': name, 'value': value})
    return value


class NodeGroupController(rest.RestController):
    """The nodegroups of one cluster (its ident comes first in every
    method: Pecan passes the parent's path segment)."""

    @expose.expose(NodeGroupCollection, types.uuid_or_name, wtypes.text,
                   int, wtypes.text, wtypes.text, wtypes.text)
    def get_all(self, cluster_ident, marker=None, limit=None, sort_key='id',
                sort_dir='asc', role=None):
        """A page of the cluster's nodegroups, trimmed; ``role`` filters."""
        common.require_version(versions.NODEGROUPS, 'get_all')
        context = pecan.request.context
        policy.authorize(context, 'nodegroup:get_all')
        cluster = common.get_cluster(cluster_ident,
                                     'nodegroup:get_all_all_projects')
        limit = api_utils.validate_limit(limit)
        sort_dir = api_utils.validate_sort_dir(sort_dir)
        marker = api_utils.validate_marker(marker)
        filters = {'role': role} if role else None
        nodegroups = objects.NodeGroup.list(
            context, cluster.uuid, limit=limit, marker=marker,
            sort_key=sort_key, sort_dir=sort_dir, filters=filters)
        page = NodeGroupCollection(
            nodegroups=[NodeGroup.convert(ng, expand=False)
                        for ng in nodegroups])
        return page.set_next(limit,
                             url='clusters/%s/nodegroups' % cluster.uuid,
                             sort_key=sort_key, sort_dir=sort_dir, role=role)

    @expose.expose(NodeGroup, types.uuid_or_name, types.uuid_or_name)
    def get_one(self, cluster_ident, nodegroup_ident):
        """One nodegroup, by id, uuid or name."""
        common.require_version(versions.NODEGROUPS, 'get_one')
        context = pecan.request.context
        policy.authorize(context, 'nodegroup:get')
        cluster = common.get_cluster(cluster_ident,
                                     'nodegroup:get_one_all_projects')
        nodegroup = common.get_nodegroup(context, cluster, nodegroup_ident)
        return NodeGroup.convert(nodegroup, parent_labels=cluster.labels)

    @expose.expose(NodeGroup, types.uuid_or_name, body=NodeGroup,
                   status_code=202)
    def post(self, cluster_ident, nodegroup):
        """Add a (worker) nodegroup to the cluster, asynchronously."""
        common.require_version(versions.NODEGROUPS, 'post')
        context = pecan.request.context
        policy.authorize(context, 'nodegroup:create')
        _refuse_k8s_fields([name for name in K8S_FIELDS
                            if getattr(nodegroup, name) is not wtypes.Unset])
        cluster = common.get_cluster(cluster_ident)
        if not cluster.api_address:
            raise exception.ClusterAPIAddressUnavailable()
        if nodegroup.name in {ng.name for ng in cluster.nodegroups}:
            raise exception.NodeGroupAlreadyExists(name=nodegroup.name,
                                                   cluster_id=cluster.name)
        if nodegroup.role == objects.nodegroup.MASTER_ROLE:
            raise exception.CreateMasterNodeGroup()
        common.check_node_count(nodegroup.node_count)
        validate_node_counts(nodegroup.name, nodegroup.node_count,
                             nodegroup.min_node_count,
                             nodegroup.max_node_count)
        new = self._build(context, cluster, nodegroup)
        template_api.validate_driver_labels(
            registry.get_driver_for_cluster(context, cluster), new.labels)
        new.node_labels = validate_node_labels(new.node_labels)
        new.node_taints = validate_node_taints(new.node_taints)
        common.conductor().nodegroup_create(context, cluster, new)
        return NodeGroup.convert(new, parent_labels=cluster.labels)

    @staticmethod
    def _build(context, cluster, request):
        """The new NodeGroup object (not saved: the conductor does)."""
        def given(name):
            value = getattr(request, name)
            return None if value is wtypes.Unset else value

        labels = given('labels')
        if not labels:
            labels = dict(cluster.labels or {})
        elif request.merge_labels:
            labels = dict(cluster.labels or {}, **labels)
        image_id = given('image_id')
        if image_id is None:
            image_id = cluster.cluster_template.image_id
        return objects.NodeGroup(
            context, uuid=uuidutils.generate_uuid(),
            name=request.name, cluster_id=cluster.uuid,
            project_id=cluster.project_id, role=request.role,
            node_count=request.node_count,
            min_node_count=request.min_node_count,
            max_node_count=request.max_node_count, is_default=False,
            image_id=image_id,
            flavor_id=given('flavor_id') or cluster.flavor_id,
            docker_volume_size=(given('docker_volume_size')
                                or cluster.docker_volume_size),
            labels={k: str(v) for k, v in labels.items()},
            node_labels=given('node_labels'),
            node_taints=given('node_taints'))

    @expose.expose(NodeGroup, types.uuid_or_name, types.uuid_or_name,
                   body=[NodeGroupPatchType], status_code=202)
    def patch(self, cluster_ident, nodegroup_ident, patch):
        """Change min/max node counts, node labels or taints."""
        common.require_version(versions.NODEGROUPS, 'patch')
        context = pecan.request.context
        policy.authorize(context, 'nodegroup:update')
        _refuse_k8s_fields({p.path.split('/')[1] for p in patch}
                           & set(K8S_FIELDS))
        cluster = common.get_cluster(cluster_ident)
        nodegroup = common.get_nodegroup(context, cluster, nodegroup_ident)
        before = {name: getattr(nodegroup, name) for name in PATCHABLE}
        after = api_utils.apply_jsonpatch(before, patch)
        values = {
            'min_node_count': _as_count(
                'min_node_count', after.get('min_node_count', 0), False),
            'max_node_count': _as_count(
                'max_node_count', after.get('max_node_count'), True),
            'node_labels': after.get('node_labels'),
            'node_taints': after.get('node_taints'),
        }
        validate_node_counts(nodegroup.name, nodegroup.node_count,
                             values['min_node_count'],
                             values['max_node_count'])
        if values['node_labels'] and nodegroup.is_master:
            raise exception.InvalidParameterValue(
                err=_("node_labels cannot be set on master nodegroups."))
        values['node_labels'] = validate_node_labels(
            values['node_labels'])
        values['node_taints'] = validate_node_taints(
            values['node_taints'])
        for name in api_utils.changed_fields(before, values):
            setattr(nodegroup, name, values[name])
        common.conductor().nodegroup_update(context, cluster, nodegroup)
        return NodeGroup.convert(nodegroup, parent_labels=cluster.labels)

    @expose.expose(None, types.uuid_or_name, types.uuid_or_name,
                   status_code=204)
    def delete(self, cluster_ident, nodegroup_ident):
        """Remove a non-default nodegroup, asynchronously."""
        common.require_version(versions.NODEGROUPS, 'delete')
        context = pecan.request.context
        policy.authorize(context, 'nodegroup:delete')
        cluster = common.get_cluster(cluster_ident)
        nodegroup = common.get_nodegroup(context, cluster, nodegroup_ident)
        if nodegroup.is_default:
            raise exception.DeletingDefaultNGNotSupported()
        common.conductor().nodegroup_delete(context, cluster, nodegroup)
