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

"""Per-cluster trustee users and trusts in the local cloud's real Keystone.

The create workflow's trustee step, the session Magnum then acts with,
and the clean-up after a delete or a failed create, each checked by
asking Keystone (as the cloud admin) what exists.
"""

import os
import shutil
import uuid

from cryptography import fernet
from keystoneauth1 import adapter as ks_adapter
from keystoneauth1 import exceptions as ks_exc
import pytest

from magnum.common import context as magnum_context
from magnum.common import exception
from magnum.common import keystone
from magnum.conductor.handlers import trustee
from magnum.drivers.fake import driver as fake_driver
from magnum.drivers.k8s_fedora_coreos_v1 import driver as k8s_driver
from magnum import objects
from magnum.objects import fields as m_fields
from magnum.tests.functional.local_cloud import magnum_conf
from magnum.tests.functional.local_cloud import test_heat_driver as small

# The trustee step saves the cluster: one engine is enough here.
S = m_fields.ClusterStatus

pytestmark = pytest.mark.parametrize('db_server', ['sqlite'], indirect=True,
                                     scope='session')


@pytest.fixture(scope='module')
def trust_conf(local_cloud):
    with magnum_conf.service_conf(local_cloud) as fixture:
        domain = local_cloud.state['trustee_domain']
        fixture.config(group='trust', cluster_user_trust=True,
                       trustee_domain_name=domain['domain'],
                       trustee_domain_admin_name=domain['username'],
                       trustee_domain_admin_password=domain['password'])
        fixture.config(group='certificates',
                       encryption_key=fernet.Fernet.generate_key().decode())
        yield fixture


@pytest.fixture(scope='module')
def demo_context(local_cloud):
    return magnum_conf.user_context(local_cloud)


@pytest.fixture
def identity(local_cloud):
    """The cloud admin's view of Keystone."""
    return ks_adapter.Adapter(local_cloud.session('admin'),
                              service_type='identity', interface='public',
                              raise_exc=False)


@pytest.fixture
def cluster(db, demo_context):
    row = objects.Cluster(
        demo_context, uuid=str(uuid.uuid4()), name='trustee-test',
        project_id=demo_context.project_id, user_id=demo_context.user_id,
        cluster_template_id=str(uuid.uuid4()), labels={})
    row.create()
    return row


def exists(identity, path):
    status = identity.get(path).status_code
    assert status in (200, 404), status
    return status == 200


def trustee_token(cluster):
    session = keystone.trust_session(cluster.trust_id,
                                     keystone.trustee_of(cluster))
    return session.auth.get_access(session)


def test_trustee_acts_through_the_trust_and_goes_with_the_cluster(
        trust_conf, demo_context, cluster, identity, local_cloud):
    driver = k8s_driver.Driver()
    trustee.create_for_cluster(demo_context, cluster, driver)

    stored = objects.Cluster.get_by_uuid(demo_context, cluster.uuid)
    assert stored.trustee_user_id == cluster.trustee_user_id
    assert stored.trustee_username == '%s_%s' % (cluster.uuid,
                                                 demo_context.project_id)
    # Sealed at rest; opened only for the session and the nodes.
    assert stored.trustee_password.startswith('fernet:')
    clear = keystone.trustee_of(stored).password
    assert clear and clear not in stored.trustee_password

    user = identity.get('/users/%s' % stored.trustee_user_id).json()['user']
    assert user['name'] == stored.trustee_username
    domain = identity.get('/domains/%s' % user['domain_id']).json()
    assert domain['domain']['name'] == local_cloud.state['trustee_domain'][
        'domain']
    trust = identity.get('/OS-TRUST/trusts/%s' % stored.trust_id).json()
    assert trust['trust']['trustee_user_id'] == stored.trustee_user_id
    assert trust['trust']['trustor_user_id'] == demo_context.user_id

    access = trustee_token(stored)
    assert access.project_id == demo_context.project_id
    assert access.trust_id == stored.trust_id
    # Impersonation: OpenStack sees the cluster's owner.
    assert access.user_id == demo_context.user_id
    assert 'member' in access.role_names

    # Magnum's own operations on the stacks use the same trust.
    session = driver._owner_session(None, stored)
    assert session.auth.get_access(session).trust_id == stored.trust_id

    assert driver.delete_trust(stored) is True
    assert not exists(identity, '/users/%s' % stored.trustee_user_id)
    assert not exists(identity, '/OS-TRUST/trusts/%s' % stored.trust_id)
    with pytest.raises(ks_exc.Unauthorized):
        trustee_token(stored)
    # Deleting again (a second status sync) is fine.
    assert driver.delete_trust(stored) is True


def test_a_refused_trust_leaves_nothing_behind(trust_conf, demo_context,
                                               cluster, identity):
    # Keystone refuses to delegate a role the owner does not hold: the
    # trustee user exists by then, and the failed create removes it.
    trust_conf.config(group='trust', roles=['admin'])
    try:
        with pytest.raises(exception.TrustCreationFailed):
            trustee.create_for_cluster(demo_context, cluster,
                                       k8s_driver.Driver())
    finally:
        trust_conf.config(group='trust', roles=[])
    stored = objects.Cluster.get_by_uuid(demo_context, cluster.uuid)
    user_id = stored.trustee_user_id
    assert user_id and exists(identity, '/users/%s' % user_id)
    assert stored.trust_id is None

    trustee.forget_after_failed_create(stored)
    assert not exists(identity, '/users/%s' % user_id)
    assert stored.trustee_user_id is None
    assert stored.trustee_password is None


def test_failed_create_before_the_stack_removes_trust_and_trustee(
        trust_conf, demo_context, cluster, identity):
    trustee.create_for_cluster(demo_context, cluster, k8s_driver.Driver())
    user_id, trust_id = cluster.trustee_user_id, cluster.trust_id
    assert exists(identity, '/OS-TRUST/trusts/%s' % trust_id)
    trustee.forget_after_failed_create(cluster)
    assert not exists(identity, '/users/%s' % user_id)
    assert not exists(identity, '/OS-TRUST/trusts/%s' % trust_id)
    assert cluster.trust_id is None


def test_nothing_without_the_option_or_for_the_fake_driver(
        trust_conf, demo_context, cluster):
    trustee.create_for_cluster(demo_context, cluster,
                               fake_driver.FakeDriver())
    assert cluster.trustee_user_id is None and cluster.trust_id is None
    trust_conf.config(group='trust', cluster_user_trust=False)
    try:
        trustee.create_for_cluster(demo_context, cluster,
                                   k8s_driver.Driver())
    finally:
        trust_conf.config(group='trust', cluster_user_trust=True)
    assert cluster.trustee_user_id is None and cluster.trust_id is None


@pytest.fixture(scope='module')
def small_driver(tmp_path_factory):
    directory = tmp_path_factory.mktemp('hot')
    for name in ('master.yaml', 'minion.yaml'):
        shutil.copy(os.path.join(small.TEMPLATES, name), directory / name)
    (directory / 'cluster.yaml').write_text(small.CLUSTER_HOT)
    (directory / 'no_env.yaml').write_text(small.NO_ENV)
    return small.SmallDriver(str(directory))


def test_stack_life_through_the_trustee(trust_conf, demo_context, cluster,
                                        identity, local_cloud, small_driver):
    """Heat takes the trustee's trust-scoped token for the stack's later
    operations, and the status sync's clean-up removes the trustee."""
    trustee.create_for_cluster(demo_context, cluster, small_driver)
    stack_cluster = small.make_cluster(demo_context, 'trustee_e2e')
    for name in ('trust_id', 'trustee_user_id', 'trustee_username',
                 'trustee_password'):
        setattr(stack_cluster, name, getattr(cluster, name))
    heat = local_cloud.heat('demo_member')

    small_driver.create_cluster(demo_context, stack_cluster, 10)
    # The trust was the trustee's: no second trust to Magnum was made.
    assert stack_cluster.trust_id == cluster.trust_id
    small.sync_until(small_driver, [stack_cluster], (S.CREATE_COMPLETE,))
    stack = heat.stacks.get(stack_cluster.stack_id)
    # The template's name was looked up: Heat got the network's id.
    assert stack.parameters['external_network'] != 'public'
    uuid.UUID(stack.parameters['external_network'])

    small.mark_all(stack_cluster, S.DELETE_IN_PROGRESS)
    # No user token: the delete acts as the trustee, through the trust.
    small_driver.delete_cluster(magnum_context.make_admin_context(),
                                stack_cluster)
    small.sync_until(small_driver, [stack_cluster], (S.DELETE_COMPLETE,))
    assert small.stack_gone(heat, stack_cluster.stack_id)
    assert not exists(identity, '/users/%s' % cluster.trustee_user_id)
    assert not exists(identity, '/OS-TRUST/trusts/%s' % cluster.trust_id)
