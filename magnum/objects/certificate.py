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

"""Certificate: a CSR to sign, or a CA, of one cluster (no table)."""

from oslo_versionedobjects import fields

from magnum.objects import base


@base.MagnumObjectRegistry.register
class Certificate(base.MagnumObject):
    """``csr`` is the request, ``pem`` the signed result or the CA;
    ``ca_cert_type`` names which of the cluster's CAs is meant."""

    VERSION = '1.0'

    fields = {
        'project_id': fields.StringField(nullable=True),
        'user_id': fields.StringField(nullable=True),
        'cluster_uuid': fields.StringField(nullable=True),
        'csr': fields.StringField(nullable=True),
        'pem': fields.StringField(nullable=True),
        'ca_cert_type': fields.StringField(nullable=True),
    }

    @classmethod
    def from_object_cluster(cls, cluster):
        """A certificate owned as ``cluster`` (a Cluster object) is."""
        return cls(cluster._context, project_id=cluster.project_id,
                   user_id=cluster.user_id, cluster_uuid=cluster.uuid)

    @classmethod
    def from_db_cluster(cls, cluster):
        """A certificate owned as the cluster row ``cluster`` is."""
        return cls(project_id=cluster.project_id, user_id=cluster.user_id,
                   cluster_uuid=cluster.uuid)
