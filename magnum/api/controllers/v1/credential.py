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

"""``/v1/credentials``: renew the OpenStack credentials a cluster holds.

``PATCH /v1/credentials/{cluster}`` (from microversion 1.12) is a
synchronous RPC call; the driver decides what renewing means. The default
policy wants a member of the cluster's project: the admin role alone is
not enough.
"""

import pecan
from pecan import rest

from magnum.api.controllers.v1 import certificate
from magnum.api.controllers.v1 import types
from magnum.api.controllers import versions
from magnum.api import expose
from magnum.api import utils as api_utils
from magnum.common import policy
from magnum.conductor import api as conductor_api


class CredentialsController(rest.RestController):

    @expose.expose(certificate.ClusterID, types.uuid_or_name,
                   status_code=202)
    @versions.min_version(versions.CREDENTIALS)
    def patch(self, cluster_ident):
        """Rotate the credentials of a cluster."""
        context = pecan.request.context
        cluster = api_utils.get_resource('Cluster', cluster_ident)
        policy.authorize(context, 'credential:rotate',
                         certificate.cluster_target(cluster))
        conductor_api.API().credential_rotate(context, cluster)
        return certificate.ClusterID(cluster.uuid)
