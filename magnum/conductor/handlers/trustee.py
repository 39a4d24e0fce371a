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

"""A cluster's own Keystone credentials, for the software on its nodes.

With ``[trust] cluster_user_trust`` the create workflow makes, before the
driver runs, a user ``<cluster uuid>_<project id>`` in the trustee domain
with a random password, and a trust from the requesting user to it in the
cluster's project (see ``magnum.common.keystone``). The nodes get the
user id, password and trust id for the cloud-controller-manager, Cinder
CSI and the autoscaler; Magnum acts on the cluster's stacks through the
same trust. Both go when the cluster is deleted (the driver's clean-up on
``DELETE_COMPLETE``) or when its creation fails before a stack exists.

Without the option, or for a driver whose nodes need no credentials (the
fake driver), nothing happens here: no Keystone call, no column set.
"""

from oslo_log import log as logging

from magnum.common import exception
from magnum.common import keystone
from magnum.common import trustee_domain
from magnum.common import trustee_password
import magnum.conf

CONF = magnum.conf.CONF
LOG = logging.getLogger(__name__)


def enabled(driver):
    """Only drivers whose nodes call OpenStack (``node_credentials``) get
    a trustee, and only with ``[trust] cluster_user_trust``."""
    return bool(CONF.trust.cluster_user_trust
                and getattr(driver, 'node_credentials', False))


def username(cluster):
    return '%s_%s' % (cluster.uuid, cluster.project_id)


def create_for_cluster(context, cluster, driver):
    """Give ``cluster`` its trustee and trust, saving each as soon as it
    exists so that a failure half-way can still clean up."""
    if not enabled(driver) or cluster.trustee_user_id:
        return
    if not context.auth_token:
        raise exception.TrustCreationFailed(
            user_id=context.user_id,
            reason='the request carries no Keystone token to delegate from')
    name = username(cluster)
    password = trustee_password.generate()
    cluster.trustee_user_id = trustee_domain.create_user(name, password)
    cluster.trustee_username = name
    cluster.trustee_password = trustee_password.seal(password)
    cluster.save()
    cluster.trust_id = keystone.create_trust(
        context, cluster.project_id or context.project_id,
        trustee_user_id=cluster.trustee_user_id)
    cluster.save()


def forget_after_failed_create(cluster):
    """After a create that failed before any stack existed: delete the
    trust and trustee (nothing else will act through them)."""
    if cluster.stack_id or not (cluster.trust_id or cluster.trustee_user_id):
        return
    if not trustee_domain.delete_cluster_credentials(cluster):
        LOG.warning('The trust or trustee user of cluster %s could not be '
                    'deleted', cluster.uuid)
        return
    cluster.trust_id = None
    cluster.trustee_user_id = None
    cluster.trustee_username = None
    cluster.trustee_password = None
