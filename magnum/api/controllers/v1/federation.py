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

"""``/v1/federations``: a host cluster federating member clusters.

Reads come from the database; create, update and delete are cast to the
conductor (202, 204 for delete), which decides what to persist. A cluster
joins or leaves with a JSON patch ``add``/``remove`` of its uuid on
``/member_ids``, which is turned into a ``replace`` of the whole list.
"""

from oslo_utils import uuidutils
import pecan
from pecan import rest
import wsme
from wsme import types as wtypes

from magnum.api.controllers import base
from magnum.api.controllers import link
from magnum.api.controllers.v1 import collection
from magnum.api.controllers.v1 import types
from magnum.api import expose
from magnum.api import utils as api_utils
from magnum.common import exception
from magnum.common import policy
from magnum.conductor import api as conductor_api
from magnum.i18n import _
from magnum import objects
from magnum.objects import fields

# Minutes the conductor is given to build a federation (upstream fixed it
# at this value too; the API takes no timeout for federations).
CREATE_TIMEOUT = 15

DNS_ZONE = 'dns-zone'
MEMBERS = '/member_ids'

# Fields of the trimmed list entries (GET /v1/federations).
LIST_FIELDS = ('uuid', 'name', 'hostcluster_id', 'member_ids', 'status',
               'properties', 'links')


class FederationID(wtypes.Base):
    """The answer of the asynchronous federation operations."""

    uuid = types.uuid

    def __init__(self, uuid):
        super().__init__(uuid=uuid)


@types.named_errors
class Federation(base.APIBase):

    uuid = wsme.wsattr(types.uuid, readonly=True)
    name = types.NameType(min_length=1, max_length=255)
    hostcluster_id = wsme.wsattr(types.uuid_or_name, mandatory=True)
    """The cluster hosting the federation control plane (uuid or name)."""
    member_ids = wsme.wsattr([wtypes.text], default=[])
    """Uuids of the member clusters."""
    status = wsme.wsattr(
        wtypes.Enum(wtypes.text, *fields.FederationStatus.ALL),
        readonly=True)
    status_reason = wsme.wsattr(wtypes.text, readonly=True)
    properties = wsme.wsattr(types.labels_type, mandatory=True)
    """Settings of the federation; ``dns-zone`` is required."""
    links = wsme.wsattr([link.Link], readonly=True)

    @classmethod
    def convert(cls, federation, expand=True):
        values = {name: getattr(federation, name)
                  for name in ('uuid', 'name', 'hostcluster_id',
                               'member_ids', 'status', 'status_reason',
                               'properties', 'created_at', 'updated_at')
                  if federation.obj_attr_is_set(name)}
        result = cls(**values)
        result.links = link.self_and_bookmark(link.app_url(), 'federations',
                                              federation.uuid)
        if not expand:
            result.unset_fields_except(LIST_FIELDS)
        return result


class FederationPatchType(types.JsonPatchType):
    # Only the members and the properties may change.
    _extra_internal_attrs = ('/name', '/hostcluster_id', '/status',
                             '/status_reason')
    _extra_non_removable_attrs = ('/properties',)


class FederationCollection(collection.Collection):

    federations = [Federation]
    _type = 'federations'


def _conductor():
    return conductor_api.API()


def _check_properties(properties):
    if not properties or DNS_ZONE not in properties:
        raise exception.InvalidParameterValue(
            err=_('No DNS zone specified. Please specify a "%s".')
            % DNS_ZONE)


def _policy_target(federation):
    return {'project_id': federation.project_id}


class FederationsController(rest.RestController):

    _custom_actions = {'detail': ['GET']}

    def _list(self, marker, limit, sort_key, sort_dir, expand, url):
        context = pecan.request.context
        limit = api_utils.validate_limit(limit)
        sort_dir = api_utils.validate_sort_dir(sort_dir)
        api_utils.validate_marker(marker)
        federations = objects.Federation.list(
            context, limit=limit, marker=marker, sort_key=sort_key,
            sort_dir=sort_dir)
        page = FederationCollection(federations=[
            Federation.convert(f, expand=expand) for f in federations])
        return page.set_next(limit, url=url, sort_key=sort_key,
                             sort_dir=sort_dir)

    @expose.expose(FederationCollection, wtypes.text, int, wtypes.text,
                   wtypes.text)
    def get_all(self, marker=None, limit=None, sort_key='id',
                sort_dir='asc'):
        """The project's federations, trimmed."""
        policy.authorize(pecan.request.context, 'federation:get_all')
        return self._list(marker, limit, sort_key, sort_dir, False,
                          'federations')

    @expose.expose(FederationCollection, wtypes.text, int, wtypes.text,
                   wtypes.text)
    def detail(self, marker=None, limit=None, sort_key='id',
               sort_dir='asc'):
        """The project's federations with every field."""
        policy.authorize(pecan.request.context, 'federation:detail')
        return self._list(marker, limit, sort_key, sort_dir, True,
                          'federations/detail')

    @expose.expose(Federation, types.uuid_or_name)
    def get_one(self, federation_ident):
        context = pecan.request.context
        federation = api_utils.get_resource('Federation', federation_ident)
        policy.authorize(context, 'federation:get',
                         _policy_target(federation))
        return Federation.convert(federation)

    @expose.expose(FederationID, body=Federation, status_code=202)
    def post(self, federation):
        """Ask the conductor for a federation; answers its future uuid."""
        context = pecan.request.context
        policy.authorize(context, 'federation:create')
        host = api_utils.get_resource('Cluster', federation.hostcluster_id)
        _check_properties(federation.properties)
        name = federation.name or api_utils.generate_name('federation')
        new = objects.Federation(
            context, uuid=uuidutils.generate_uuid(), name=name,
            project_id=context.project_id, hostcluster_id=host.uuid,
            member_ids=list(federation.member_ids or []),
            properties={key: str(value) for key, value
                        in federation.properties.items()})
        _conductor().federation_create(context, new, CREATE_TIMEOUT)
        return FederationID(new.uuid)

    @expose.expose(FederationID, types.uuid_or_name, types.boolean,
                   body=[FederationPatchType], status_code=202)
    def patch(self, federation_ident, rollback=False, patch=None):
        """Change members or properties; the conductor applies it."""
        context = pecan.request.context
        federation = api_utils.get_resource('Federation', federation_ident)
        policy.authorize(context, 'federation:update',
                         _policy_target(federation))
        operations = self._membership_as_replace(context, federation, patch)
        doc = Federation.convert(federation).as_dict()
        doc.pop('links', None)
        patched = api_utils.apply_jsonpatch(doc, operations)
        for name in ('member_ids', 'properties'):
            value = patched.get(name)
            if value != doc.get(name):
                self._check_field(name, value)
                if name == 'properties':
                    value = {k: str(v) for k, v in value.items()}
                setattr(federation, name, value)
        _conductor().federation_update(context, federation,
                                       rollback=bool(rollback))
        return FederationID(federation.uuid)

    @staticmethod
    def _check_field(name, value):
        if name == 'member_ids':
            if not (isinstance(value, list)
                    and all(isinstance(v, str) for v in value)):
                raise exception.InvalidParameterValue(
                    err=_('member_ids must be a list of cluster uuids.'))
            return
        if not (isinstance(value, dict)
                and all(isinstance(v, (str, int, float))
                        for v in value.values())):
            raise exception.InvalidParameterValue(
                err=_('properties must map names to values.'))
        _check_properties(value)

    @staticmethod
    def _membership_as_replace(context, federation, patch):
        """``add``/``remove`` of a cluster on ``/member_ids`` as the
        ``replace`` of the whole list (join and unjoin)."""
        members = list(federation.member_ids or [])
        operations = []
        for item in patch:
            operation = item.as_operation()
            if operation['path'].startswith(MEMBERS + '/'):
                raise exception.PatchError(
                    patch=operation['path'],
                    reason=_("join or leave with 'add' or 'remove' of a "
                             "cluster on %s") % MEMBERS)
            if operation['path'] == MEMBERS and operation['op'] in (
                    'add', 'remove'):
                if operation['op'] == 'remove' and 'value' not in operation:
                    raise exception.PatchError(
                        patch=MEMBERS,
                        reason=_('name the member cluster to remove'))
                value = str(operation['value'])
                if operation['op'] == 'add':
                    # A joining cluster must exist (in the caller's project).
                    cluster = api_utils.get_resource('Cluster', value,
                                                     context=context)
                    if cluster.uuid in members:
                        raise exception.MemberAlreadyExists(
                            uuid=cluster.uuid,
                            federation_name=federation.name)
                    members.append(cluster.uuid)
                else:
                    # A member may leave even once its cluster is gone.
                    if value not in members:
                        raise exception.MemberNotFound(
                            member=value, federation=federation.name)
                    members.remove(value)
                operation = {'op': 'replace', 'path': MEMBERS,
                             'value': list(members)}
            operations.append(operation)
        return operations

    @expose.expose(None, types.uuid_or_name, status_code=204)
    def delete(self, federation_ident):
        context = pecan.request.context
        federation = api_utils.get_resource('Federation', federation_ident)
        policy.authorize(context, 'federation:delete',
                         _policy_target(federation))
        _conductor().federation_delete(context, federation.uuid)
