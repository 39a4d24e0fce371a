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

"""What the cluster, cluster action and nodegroup controllers share: the
cluster lookup, the policy target of a cluster, the conductor client and
the answer of asynchronous cluster operations."""

import pecan
from wsme import types as wtypes

from magnum.api.controllers.v1 import types
from magnum.api.controllers import versions
from magnum.api import utils as api_utils
from magnum.common import exception
from magnum.conductor import api as conductor_api
from magnum import objects


def conductor():
    """The conductor RPC client (its topic read from the configuration)."""
    return conductor_api.API()


def get_cluster(ident, all_projects_rule=None):
    """The cluster named or identified by ``ident`` in the caller's
    project; an admin that passes ``all_projects_rule`` (a
    ``*_all_projects`` policy) sees every project's."""
    if all_projects_rule:
        api_utils.enable_all_projects(pecan.request.context,
                                      all_projects_rule)
    return api_utils.get_resource('Cluster', ident)


def get_nodegroup(context, cluster, ident):
    """The nodegroup ``ident`` (id, uuid or name) of ``cluster``."""
    return objects.NodeGroup.get(context, cluster.uuid, ident)


def policy_target(cluster):
    """What policy rules see of a cluster: its owners."""
    return {'project_id': cluster.project_id, 'user_id': cluster.user_id,
            'uuid': cluster.uuid}


def require_version(version, api_name):
    """406 unless the request was negotiated at ``version`` or above.

    The controllers nested below a cluster check in their bodies instead
    of using ``versions.min_version``: Pecan counts the arguments of the
    signature that decorator exposes, optional ones included, when it
    routes to a nested controller, and answers 404.
    """
    if not versions.is_at_least(version):
        raise exception.APIVersionNotSupported(version=versions.current(),
                                               method=api_name)


def check_node_count(node_count):
    """Zero nodes need microversion 1.10 (400 below)."""
    if node_count == 0 and not versions.is_at_least(versions.ZERO_NODES):
        raise exception.ZeroNodeCountNotSupported()


class ClusterID(wtypes.Base):
    """The answer of the asynchronous cluster operations: ``{"uuid"}``."""

    uuid = types.uuid

    def __init__(self, uuid):
        self.uuid = uuid
