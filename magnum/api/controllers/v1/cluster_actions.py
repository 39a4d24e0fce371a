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

"""``/v1/clusters/<ident>/actions/{resize,upgrade}``.

Resize (from 1.7) is a cast to the conductor; upgrade (from 1.8; 400
ClusterUpgradeNotSupported at exactly 1.7) is a call, so a driver that
cannot upgrade answers 400 and the cluster is left as it was. Both act on
the default worker nodegroup unless the request names another.
"""

import pecan
from pecan import rest
import wsme
from wsme import types as wtypes

from magnum.api.controllers.v1 import cluster_common as common
from magnum.api.controllers.v1 import types
from magnum.api.controllers import versions
from magnum.api import expose
from magnum.api import utils as api_utils
from magnum.common import exception
from magnum.common import policy
from magnum.drivers.common import registry
from magnum.i18n import _


@types.named_errors
class ClusterResizeRequest(wtypes.Base):
    """The body of a resize."""

    node_count = wsme.wsattr(wtypes.IntegerType(minimum=0), mandatory=True)
    nodes_to_remove = wsme.wsattr([wtypes.text], default=[])
    nodegroup = wtypes.StringType(min_length=1, max_length=255)


@types.named_errors
class ClusterUpgradeRequest(wtypes.Base):
    """The body of an upgrade."""

    cluster_template = wsme.wsattr(
        wtypes.StringType(min_length=1, max_length=255), mandatory=True)
    max_batch_size = wsme.wsattr(wtypes.IntegerType(minimum=1), default=1)
    nodegroup = wtypes.StringType(min_length=1, max_length=255)


def _nodegroup(context, cluster, ident):
    """The nodegroup ``ident`` of ``cluster``, or its default worker."""
    if ident in (None, wtypes.Unset):
        worker = cluster.default_ng_worker
        if worker is None:
            raise exception.NodeGroupNotFound(nodegroup='default-worker')
        return worker
    return common.get_nodegroup(context, cluster, ident)


def _check_bounds(nodegroup, node_count):
    low = nodegroup.min_node_count or 0
    high = nodegroup.max_node_count
    if node_count < low or (high is not None and node_count > high):
        raise exception.NGResizeOutBounds(nodegroup=nodegroup.name,
                                          min_nc=low, max_nc=high)


class ActionsController(rest.RestController):
    """Actions on one cluster."""

    _custom_actions = {'resize': ['POST'], 'upgrade': ['POST']}

    @expose.expose(common.ClusterID, types.uuid_or_name,
                   body=ClusterResizeRequest, status_code=202)
    def resize(self, cluster_ident, cluster_resize_req):
        """Set a nodegroup's node count, optionally naming the servers to
        remove when shrinking."""
        common.require_version(versions.RESIZE, 'resize')
        context = pecan.request.context
        cluster = common.get_cluster(cluster_ident)
        policy.authorize(context, 'cluster:resize',
                         common.policy_target(cluster))
        node_count = cluster_resize_req.node_count
        common.check_node_count(node_count)
        nodegroup = _nodegroup(context, cluster,
                               cluster_resize_req.nodegroup)
        if nodegroup.is_master:
            driver = registry.get_driver_for_cluster(context, cluster)
            driver.validate_master_resize(node_count)
        else:
            _check_bounds(nodegroup, node_count)
        common.conductor().cluster_resize(
            context, cluster, node_count,
            list(cluster_resize_req.nodes_to_remove or []), nodegroup)
        return common.ClusterID(cluster.uuid)

    @expose.expose(common.ClusterID, types.uuid_or_name,
                   body=ClusterUpgradeRequest, status_code=202)
    def upgrade(self, cluster_ident, cluster_upgrade_req):
        """Move a nodegroup (the default worker unless named) to another
        cluster template; synchronous with the conductor."""
        common.require_version(versions.RESIZE, 'upgrade')
        if not versions.is_at_least(versions.UPGRADE):
            raise exception.ClusterUpgradeNotSupported()
        context = pecan.request.context
        cluster = common.get_cluster(cluster_ident,
                                     'cluster:upgrade_all_projects')
        policy.authorize(context, 'cluster:upgrade',
                         common.policy_target(cluster))
        template = api_utils.get_resource(
            'ClusterTemplate', cluster_upgrade_req.cluster_template)
        nodegroup = _nodegroup(context, cluster,
                               cluster_upgrade_req.nodegroup)
        if (not nodegroup.is_default
                and template.uuid != cluster.cluster_template_id):
            raise exception.InvalidClusterTemplateForUpgrade(
                reason=_("nodegroup %s is not a default nodegroup and may "
                         "only be upgraded to the cluster's own template.")
                % nodegroup.name)
        common.conductor().cluster_upgrade(
            context, cluster, template, cluster_upgrade_req.max_batch_size,
            nodegroup)
        return common.ClusterID(cluster.uuid)
