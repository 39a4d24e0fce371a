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

"""Small controllers mounted by the ``gadgets`` fixture."""

import pecan
from pecan import rest
from wsme import types as wtypes

from magnum.api.controllers import base
from magnum.api.controllers.v1 import collection
from magnum.api.controllers import versions
from magnum.api import expose
from magnum.common import exception

NAMES = ['a', 'b', 'c']


class Gadget(base.APIBase):
    name = wtypes.text
    size = int


class GadgetCollection(collection.Collection):
    gadgets = [Gadget]
    _type = 'gadgets'


class GadgetsController(rest.RestController):

    @expose.expose(GadgetCollection, int, wtypes.text, wtypes.text)
    def get_all(self, limit=None, sort_key='name', sort_dir='asc'):
        names = NAMES[:limit] if limit else NAMES
        page = GadgetCollection(gadgets=[Gadget(name=n) for n in names])
        return page.set_next(limit, marker_attribute='name',
                             sort_key=sort_key, sort_dir=sort_dir)

    @expose.expose(Gadget, wtypes.text)
    def get_one(self, name):
        if name == 'missing':
            raise exception.ClusterNotFound(cluster=name)
        if name == 'broken':
            raise RuntimeError('unexpected failure')
        if name == 'remote':
            raise exception.MagnumException(
                'Remote failure.\nTraceback (most recent call last):\n'
                '  File "x.py", line 1, in <module>\nValueError: x\n')
        return Gadget(name=name, size=pecan.request.version.minor)

    @expose.expose(Gadget, body=Gadget, status_code=201)
    def post(self, gadget):
        return gadget

    @expose.expose(Gadget, wtypes.text)
    @versions.min_version(versions.RESIZE)
    def resize(self, name):
        return Gadget(name=name, size=pecan.request.version.minor)

    @expose.expose(Gadget, wtypes.text)
    @versions.max_version(versions.ROLLBACK)
    def legacy(self, name):
        return Gadget(name=name)

    _custom_actions = {'resize': ['GET'], 'legacy': ['GET']}

    @pecan.expose()
    def _lookup(self, name, *remainder):
        if name == 'lookup-missing':
            raise exception.ClusterNotFound(cluster=name)
        if name == 'lookup-broken':
            raise RuntimeError('lookup exploded')
        return None


class ContextController(rest.RestController):

    @pecan.expose('json')
    def get(self):
        ctx = pecan.request.context
        return {
            'user_id': ctx.user_id, 'user_name': ctx.user_name,
            'project_id': ctx.project_id,
            'project_name': ctx.project_name,
            'user_domain_id': ctx.user_domain_id,
            'user_domain_name': ctx.user_domain_name,
            'auth_token': ctx.auth_token, 'roles': ctx.roles,
            'is_admin': ctx.is_admin, 'request_id': ctx.request_id,
            'version': str(pecan.request.version),
            'service_catalog': getattr(ctx, 'service_catalog', None),
        }
