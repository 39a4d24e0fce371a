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

"""The request context: who is calling, for which project, with which roles.

``all_tenants`` widens database queries to every project; it only has an
effect together with ``is_admin`` (see ``magnum.db.sqlalchemy.scoping``).
"""

from oslo_context import context


class RequestContext(context.RequestContext):

    def __init__(self, all_tenants=False, user_name=None,
                 project_name=None, **kwargs):
        kwargs.setdefault('user_name', user_name)
        kwargs.setdefault('project_name', project_name)
        super().__init__(**kwargs)
        self.all_tenants = all_tenants

    def to_dict(self):
        values = super().to_dict()
        values['all_tenants'] = self.all_tenants
        catalog = getattr(self, 'service_catalog', None)
        if catalog:
            # The conductor then reaches the caller's cloud with the token
            # as it is, without logging in to Keystone again for a catalog.
            values['service_catalog'] = catalog
        return values

    def redacted_copy(self, **kwargs):
        # oslo.context rebuilds the copy field by field, which would drop
        # all_tenants from contexts sent along with notifications.
        copy = super().redacted_copy(**kwargs)
        copy.all_tenants = self.all_tenants
        return copy

    @classmethod
    def from_dict(cls, values, **kwargs):
        kwargs.setdefault('all_tenants', values.get('all_tenants', False))
        context = super().from_dict(values, **kwargs)
        if values.get('service_catalog'):
            context.service_catalog = values['service_catalog']
        return context


def make_context(*args, **kwargs):
    return RequestContext(*args, **kwargs)


def make_admin_context(all_tenants=True):
    """A context for Magnum's own work, seeing every project."""
    return RequestContext(is_admin=True, all_tenants=all_tenants,
                          roles=['admin'], overwrite=False)
