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

"""``Handlers``: every workflow behind the conductor's RPC endpoint.

One instance per conductor process: it owns the worker pool and knows the
host name reservations are taken under. Method names and arguments are
those of ``magnum.conductor.api.API``.
"""

from oslo_log import log as logging

from magnum.conductor.handlers import certificates
from magnum.conductor.handlers import cluster_create
from magnum.conductor.handlers import cluster_delete
from magnum.conductor.handlers import cluster_force_delete
from magnum.conductor.handlers import cluster_resize
from magnum.conductor.handlers import cluster_update
from magnum.conductor.handlers import cluster_upgrade
from magnum.conductor.handlers import common
from magnum.conductor.handlers import credential
from magnum.conductor.handlers import federation as federation_wf
from magnum.conductor.handlers import nodegroup as nodegroup_wf
from magnum.conductor import reservation

LOG = logging.getLogger(__name__)


class Handlers:

    def __init__(self, host=None, pool=None):
        self.runtime = common.Runtime(host=host, pool=pool)

    @property
    def host(self):
        return self.runtime.host

    @property
    def pool(self):
        return self.runtime.pool

    def shutdown(self, timeout=None):
        """Take no new work; give running workflows up to ``timeout``
        seconds, then free this host's reservations so that whatever was
        cut short is reconciled by the status sync. ``True`` if all work
        finished."""
        finished = self.pool.shutdown(timeout)
        if not finished:
            LOG.warning('Stopping with %d workflow(s) still running',
                        self.pool.running)
        reservation.release_host(self.host)
        return finished

    # Clusters

    def cluster_create(self, context, cluster, master_count, node_count,
                       create_timeout):
        cluster_create.cluster_create(self.runtime, context, cluster,
                                      master_count, node_count,
                                      create_timeout)

    def cluster_update(self, context, cluster, node_count, health_status,
                       health_status_reason, rollback=False):
        cluster_update.cluster_update(self.runtime, context, cluster,
                                      node_count, health_status,
                                      health_status_reason,
                                      rollback=rollback)

    def cluster_delete(self, context, uuid):
        cluster_delete.cluster_delete(self.runtime, context, uuid)

    def cluster_force_delete(self, context, uuid):
        cluster_force_delete.cluster_force_delete(self.runtime, context, uuid)

    def cluster_resize(self, context, cluster, node_count, nodes_to_remove,
                       nodegroup):
        cluster_resize.cluster_resize(self.runtime, context, cluster,
                                      node_count, nodes_to_remove, nodegroup)

    def cluster_upgrade(self, context, cluster, cluster_template,
                        max_batch_size, nodegroup, rollback=False):
        cluster_upgrade.cluster_upgrade(self.runtime, context, cluster,
                                        cluster_template, max_batch_size,
                                        nodegroup, rollback=rollback)

    # Nodegroups

    def nodegroup_create(self, context, cluster, nodegroup):
        nodegroup_wf.nodegroup_create(self.runtime, context, cluster,
                                      nodegroup)

    def nodegroup_update(self, context, cluster, nodegroup):
        nodegroup_wf.nodegroup_update(self.runtime, context, cluster,
                                      nodegroup)

    def nodegroup_delete(self, context, cluster, nodegroup):
        nodegroup_wf.nodegroup_delete(self.runtime, context, cluster,
                                      nodegroup)

    # Certificates and credentials

    def sign_certificate(self, context, cluster, certificate):
        return certificates.sign_certificate(context, cluster, certificate)

    def get_ca_certificate(self, context, cluster, ca_cert_type=None):
        return certificates.get_ca_certificate(context, cluster,
                                               ca_cert_type=ca_cert_type)

    def rotate_ca_certificate(self, context, cluster):
        certificates.rotate_ca_certificate(self.runtime, context, cluster)

    def credential_rotate(self, context, cluster):
        credential.credential_rotate(self.runtime, context, cluster)

    # Federations

    def federation_create(self, context, federation, create_timeout):
        federation_wf.federation_create(self.runtime, context, federation,
                                        create_timeout)

    def federation_update(self, context, federation, rollback=False):
        federation_wf.federation_update(self.runtime, context, federation,
                                        rollback=rollback)

    def federation_delete(self, context, uuid):
        federation_wf.federation_delete(self.runtime, context, uuid)
