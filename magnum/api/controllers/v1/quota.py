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

"""``/v1/quotas``: per-project limits, addressed as ``{project_id}/{resource}``.

Writing and listing quotas is for admins; anyone may read their own
project's quota, which falls back to ``[quotas] max_clusters_per_project``
when none was set. Quotas are keyed by integer ids, so list markers are
ids, not uuids.
"""

import urllib.parse

from keystoneauth1 import exceptions as ks_exc
import pecan
from pecan import rest
import wsme
from wsme import types as wtypes

from magnum.api.controllers import base
from magnum.api.controllers.v1 import collection
from magnum.api.controllers.v1 import types
from magnum.api import expose
from magnum.api import utils as api_utils
from magnum.common import clients
from magnum.common import exception
from magnum.common import policy
import magnum.conf
from magnum.i18n import _
from magnum import objects
from magnum.objects import fields

CONF = magnum.conf.CONF

RESOURCES = fields.QuotaResourceName.ALL
DEFAULT_RESOURCE = fields.QuotaResourceName.CLUSTER

# Any Identity v3 endpoint will do; keystoneauth discovers its /v3 root.
_IDENTITY = {'service_type': 'identity', 'interface': 'public',
             'min_version': '3.0', 'max_version': '3.latest'}


@types.named_errors
class Quota(base.APIBase):
    """The limit of one project on one kind of resource."""

    id = wsme.wsattr(wtypes.IntegerType(minimum=1), readonly=True)
    project_id = wsme.wsattr(wtypes.StringType(min_length=1,
                                               max_length=255),
                             default=None)
    resource = wsme.wsattr(wtypes.Enum(wtypes.text, *RESOURCES),
                           default=DEFAULT_RESOURCE)
    hard_limit = wsme.wsattr(wtypes.IntegerType(minimum=0), default=1)

    @classmethod
    def convert(cls, quota):
        return cls(id=quota.id, project_id=quota.project_id,
                   resource=quota.resource, hard_limit=quota.hard_limit,
                   created_at=quota.created_at, updated_at=quota.updated_at)


class QuotaCollection(collection.Collection):

    quotas = [Quota]
    _type = 'quotas'


def _check_resource(resource):
    if resource not in RESOURCES:
        raise exception.InvalidParameterValue(
            err=_("Invalid quota resource '%(resource)s'; allowed: "
                  "%(allowed)s.") % {'resource': resource,
                                     'allowed': ', '.join(RESOURCES)})


def _validation_enabled():
    # The option may be missing from older configuration modules.
    return getattr(CONF.api, 'validate_cloud_resources', True)


def check_project_exists(context, project_id):
    """``ProjectNotFound`` unless Keystone knows ``project_id``.

    Asked with the caller's own token through the shared keystoneauth
    session, so an admin's view of projects is what counts.
    """
    session = clients.get_clients(context).session
    path = 'projects/%s' % urllib.parse.quote(project_id, safe='')
    action = 'GET /v3/' + path
    try:
        response = session.get(path, endpoint_filter=_IDENTITY,
                               raise_exc=False,
                               headers={'Accept': 'application/json'})
    except ks_exc.Unauthorized as err:
        raise exception.OpenStackServiceUnauthorized(
            service='Identity (Keystone)', status=err.http_status,
            action=action)
    except ks_exc.ClientException as err:
        raise exception.OpenStackServiceError(
            service='Identity (Keystone)', action=action, reason=str(err))
    if response.status_code == 404:
        raise exception.ProjectNotFound(name=project_id)
    if response.status_code in (401, 403):
        raise exception.OpenStackServiceUnauthorized(
            service='Identity (Keystone)', status=response.status_code,
            action=action)
    if response.status_code >= 300:
        raise exception.OpenStackServiceError(
            service='Identity (Keystone)', action=action,
            reason='HTTP %d' % response.status_code)


class QuotaController(rest.RestController):

    @expose.expose(QuotaCollection, int, int, wtypes.text, wtypes.text,
                   types.boolean)
    def get_all(self, marker=None, limit=None, sort_key='id',
                sort_dir='asc', all_tenants=False):
        """Quotas of the caller's project, or of all with ``all_tenants``
        (admins only)."""
        context = pecan.request.context
        policy.authorize(context, 'quota:get_all')
        limit = api_utils.validate_limit(limit)
        sort_dir = api_utils.validate_sort_dir(sort_dir)
        every_project = bool(all_tenants) and context.is_admin
        if every_project:
            context.all_tenants = True
        quotas = objects.Quota.list(context, limit=limit, marker=marker,
                                    sort_key=sort_key, sort_dir=sort_dir)
        page = QuotaCollection(quotas=[Quota.convert(q) for q in quotas])
        # Unlike upstream, the next page keeps all_tenants, so that paging
        # through every project's quotas works.
        return page.set_next(limit, marker_attribute='id',
                             sort_key=sort_key, sort_dir=sort_dir,
                             all_tenants='True' if every_project else None)

    @expose.expose(Quota, wtypes.text, wtypes.text)
    def get_one(self, project_id, resource):
        """The quota of a project, or the default when none was set."""
        context = pecan.request.context
        policy.authorize(context, 'quota:get',
                         {'project_id': project_id,
                          'user_id': context.user_id})
        _check_resource(resource)
        try:
            quota = objects.Quota.get_quota_by_project_id_resource(
                context, project_id, resource)
        except exception.QuotaNotFound:
            return Quota(project_id=project_id, resource=resource,
                         hard_limit=CONF.quotas.max_clusters_per_project)
        return Quota.convert(quota)

    @expose.expose(Quota, body=Quota, status_code=201)
    def post(self, quota):
        """Set a quota (409 if the project already has one for it)."""
        context = pecan.request.context
        policy.authorize(context, 'quota:create')
        if not quota.project_id:
            raise exception.InvalidParameterValue(
                err=_('Must provide a valid project ID.'))
        if _validation_enabled():
            check_project_exists(context, quota.project_id)
        new = objects.Quota(context, project_id=quota.project_id,
                            resource=quota.resource,
                            hard_limit=quota.hard_limit)
        new.create()
        return Quota.convert(new)

    @expose.expose(Quota, wtypes.text, wtypes.text, body=Quota,
                   status_code=202)
    def patch(self, project_id, resource, quota):
        """Change the hard limit (the body is a Quota, not a JSON patch)."""
        context = pecan.request.context
        policy.authorize(context, 'quota:update')
        _check_resource(resource)
        for name, expected in (('project_id', project_id),
                               ('resource', resource)):
            given = getattr(quota, name)
            if given is not None and given != expected:
                raise exception.InvalidParameterValue(
                    err=_("The body's %(name)s (%(given)s) differs from "
                          "the URL's (%(expected)s).")
                    % {'name': name, 'given': given, 'expected': expected})
        updated = objects.Quota.update_quota(
            context, project_id,
            {'resource': resource, 'hard_limit': quota.hard_limit})
        return Quota.convert(updated)

    @expose.expose(None, wtypes.text, wtypes.text, status_code=204)
    def delete(self, project_id, resource):
        """Drop a quota: the project is back to the default."""
        context = pecan.request.context
        policy.authorize(context, 'quota:delete')
        _check_resource(resource)
        quota = objects.Quota.get_quota_by_project_id_resource(
            context, project_id, resource)
        quota.delete()
