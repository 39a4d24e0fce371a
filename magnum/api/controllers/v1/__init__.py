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

"""``/v1``: its root document, microversion negotiation, its resources.

Every request under /v1 passes through ``Controller._route``, which
negotiates the microversion (``magnum.api.controllers.versions``) and
stores it as ``pecan.request.version``; ``magnum.api.hooks`` then writes the
version headers on the response, errors included.

Resource controllers are mounted as attributes of ``Controller``; the root
document links every resource of the API.
"""

import pecan
from pecan import rest
from wsme import types as wtypes

from magnum.api.controllers import base
from magnum.api.controllers import link
from magnum.api.controllers.v1 import certificate
from magnum.api.controllers.v1 import cluster
from magnum.api.controllers.v1 import cluster_template
from magnum.api.controllers.v1 import credential
from magnum.api.controllers.v1 import federation
from magnum.api.controllers.v1 import magnum_services
from magnum.api.controllers.v1 import quota
from magnum.api.controllers.v1 import stats
from magnum.api.controllers import versions
from magnum.api import expose

# Set in the WSGI environ of every request routed under /v1.
V1_ENVIRON_FLAG = 'magnum.api.v1'

# Resources linked from the /v1 document, in document order: attribute,
# then the resource path and arguments of its links.
RESOURCES = (
    ('clustertemplates', 'clustertemplates', ''),
    ('clusters', 'clusters', ''),
    ('quotas', 'quotas', ''),
    ('certificates', 'certificates', ''),
    ('mservices', 'mservices', ''),
    ('stats', 'stats', ''),
    ('federations', 'federations', ''),
    ('nodegroups', 'clusters/{cluster_id}', 'nodegroups'),
    ('credentials', 'credentials', ''),
)


class MediaType(base.APIBase):
    """A media type the API speaks."""

    base = wtypes.text
    type = wtypes.text


class V1(base.APIBase):
    """The document at ``/v1``."""

    id = wtypes.text
    media_types = [MediaType]
    links = [link.Link]
    clustertemplates = [link.Link]
    clusters = [link.Link]
    quotas = [link.Link]
    certificates = [link.Link]
    mservices = [link.Link]
    stats = [link.Link]
    federations = [link.Link]
    nodegroups = [link.Link]
    credentials = [link.Link]

    @staticmethod
    def convert():
        url = link.app_url()
        v1 = V1(
            id='v1',
            media_types=[MediaType(
                base='application/json',
                type='application/vnd.openstack.magnum.v1+json')],
            links=[
                link.make_link('self', url, 'v1', '', bookmark=True),
                link.make_link(
                    'describedby',
                    'http://docs.openstack.org',
                    'developer/magnum/dev', 'api-spec-v1.html',
                    bookmark=True, type='text/html'),
            ])
        for attribute, resource, args in RESOURCES:
            setattr(v1, attribute,
                    link.self_and_bookmark(url, resource, args))
        return v1


class Controller(rest.RestController):
    """Version 1 of the API."""

    clustertemplates = cluster_template.ClusterTemplatesController()
    clusters = cluster.ClustersController()

    certificates = certificate.CertificateController()
    credentials = credential.CredentialsController()
    federations = federation.FederationsController()
    mservices = magnum_services.MagnumServiceController()
    quotas = quota.QuotaController()
    stats = stats.StatsController()

    @expose.expose(V1)
    def get(self):
        return V1.convert()

    @pecan.expose()
    def _route(self, args, request=None):
        request = request or pecan.request
        request.environ[V1_ENVIRON_FLAG] = True
        request.version = versions.negotiate(
            request.headers.get(versions.HEADER))
        return super()._route(args, request)
