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

"""``/v1/stats``: how many clusters and nodes a project (or the cloud) has.

Ordinary callers count their own project and may name no other (403); an
admin counts any project, or every project when none is named. Served at
every microversion, as upstream does (it arrived with 1.4 but was never
gated).
"""

import pecan
from pecan import rest
from wsme import types as wtypes

from magnum.api.controllers import base
from magnum.api import expose
from magnum.common import exception
from magnum.common import policy
from magnum.i18n import _
from magnum import objects

RULE = 'stats:get_all'
TYPES = ('cluster',)


class Stats(base.APIBase):

    clusters = wtypes.IntegerType(minimum=0)
    """Number of clusters."""

    nodes = wtypes.IntegerType(minimum=0)
    """Nodes of every nodegroup of those clusters, masters included."""


class StatsController(rest.RestController):

    @expose.expose(Stats, wtypes.text, wtypes.text)
    def get_all(self, project_id=None, type='cluster'):
        context = pecan.request.context
        policy.authorize(context, RULE)
        if type.lower() not in TYPES:
            raise exception.InvalidParameterValue(
                err=_("Invalid stats type. Allowed values are '%s'")
                % ','.join(TYPES))
        if not context.is_admin:
            if project_id is None:
                project_id = context.project_id
            elif project_id != context.project_id:
                raise exception.PolicyNotAuthorized(action=RULE)
        stats = objects.Stats.get_cluster_stats(context, project_id)
        return Stats(clusters=stats.clusters, nodes=stats.nodes)
