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

"""Stats: how many clusters and nodes there are (no table of its own)."""

from oslo_versionedobjects import fields

from magnum.db import api as db_api
from magnum.objects import base


@base.MagnumObjectRegistry.register
class Stats(base.MagnumObject):

    VERSION = '1.0'

    dbapi = db_api.get_instance()

    fields = {
        'clusters': fields.IntegerField(),
        'nodes': fields.IntegerField(),
    }

    @classmethod
    def get_cluster_stats(cls, context, project_id=None):
        """Counts for one project, or for every project when ``None``.

        ``nodes`` counts the nodes of every nodegroup, masters included.
        """
        clusters, nodes = cls.dbapi.get_cluster_stats(context, project_id)
        return cls(context, clusters=clusters, nodes=nodes or 0)
