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

"""Quota enforcement: how many clusters a project may have.

Checked when a cluster is created, against the project's ``Cluster`` quota
row or, without one, ``[quotas] max_clusters_per_project``. Clusters are
inserted by the conductor after the API answered, so two creates racing
each other may both pass; the limit is a guard, not an exact count.
"""

from magnum.common import exception
import magnum.conf
from magnum.i18n import _
from magnum import objects
from magnum.objects import fields

CONF = magnum.conf.CONF


def cluster_limit(context, project_id):
    """The most clusters ``project_id`` may have."""
    try:
        quota = objects.Quota.get_quota_by_project_id_resource(
            context, project_id, fields.QuotaResourceName.CLUSTER)
    except exception.QuotaNotFound:
        return CONF.quotas.max_clusters_per_project
    return quota.hard_limit


def check_cluster_quota(context):
    """``ResourceLimitExceeded`` (403) when the caller's project already
    has as many clusters as its limit allows."""
    project_id = context.project_id
    limit = cluster_limit(context, project_id)
    count = objects.Cluster.get_count_all(
        context, filters={'project_id': project_id})
    if count >= limit:
        raise exception.ResourceLimitExceeded(
            msg=_("You have reached the maximum clusters per project, "
                  "%d. You may delete a cluster to make room for a new "
                  "one.") % limit)
