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

"""``GET /``: the API versions document, and the router in front of v1.

A path whose first segment is not a known version is served by v1, so
``/clusters`` is ``/v1/clusters``.
"""

import pecan
from pecan import rest
from wsme import types as wtypes

from magnum.api.controllers import base
from magnum.api.controllers import link
from magnum.api.controllers import v1
from magnum.api.controllers import versions
from magnum.api import expose


class Version(base.APIBase):
    """One major version of the API."""

    id = wtypes.text
    """The version's name, ``v1``."""

    links = [link.Link]
    """Where the version's root document is."""

    status = wtypes.text
    """``CURRENT`` for the version clients should use."""

    max_version = wtypes.text
    """The newest microversion served."""

    min_version = wtypes.text
    """The oldest microversion served."""

    @staticmethod
    def convert(id, status, max_version, min_version):
        return Version(
            id=id,
            links=[link.make_link('self', link.app_url(), id, '',
                                  bookmark=True)],
            status=status, max_version=max_version,
            min_version=min_version)


class Root(base.APIBase):
    """The document at ``/``."""

    name = wtypes.text
    description = wtypes.text
    versions = [Version]

    @staticmethod
    def convert():
        return Root(
            name='OpenStack Magnum API',
            description=('Magnum is an OpenStack project which aims to '
                         'provide container cluster management.'),
            versions=[Version.convert('v1', 'CURRENT', versions.MAX_VER,
                                      versions.MIN_VER)])


class RootController(rest.RestController):

    _versions = ('v1',)
    _default_version = 'v1'

    v1 = v1.Controller()

    @expose.expose(Root)
    def get(self):
        return Root.convert()

    @pecan.expose()
    def _route(self, args, request=None):
        args = list(args)
        # '/.json' and '/v1.json' name the same documents as '/' and '/v1'.
        if len(args) == 1 and args[0].endswith('.json'):
            args[0] = args[0][:-len('.json')]
        if args and args[0] and args[0] not in self._versions:
            args = [self._default_version] + args
        return super()._route(args, request)
