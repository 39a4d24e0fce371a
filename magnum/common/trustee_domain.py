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

"""Users of Magnum's trustee domain, managed by that domain's admin.

``[trust] trustee_domain_id|name`` names the domain, and
``trustee_domain_admin_id|name`` / ``_password`` (with
``trustee_domain_admin_domain_id|name``, default: the trustee domain) a
user holding the ``admin`` role on it. A token scoped to the domain is
enough to create and delete its users: no cloud-wide admin is needed.
"""

from keystoneauth1 import exceptions as ks_exc
from keystoneauth1.identity import v3
from oslo_log import log as logging

from magnum.common import exception
from magnum.common import keystone
import magnum.conf

CONF = magnum.conf.CONF
LOG = logging.getLogger(__name__)


def _require(value, what):
    if not value:
        raise exception.ConfigInvalid(
            error_msg='[trust] %s is not set: cluster trustees need it' % what)
    return value


def admin_session():
    """A session of the trustee domain's admin, scoped to that domain."""
    conf = CONF.trust
    _require(conf.trustee_domain_id or conf.trustee_domain_name,
             'trustee_domain_id (or trustee_domain_name)')
    _require(conf.trustee_domain_admin_id or conf.trustee_domain_admin_name,
             'trustee_domain_admin_id (or trustee_domain_admin_name)')
    _require(conf.trustee_domain_admin_password,
             'trustee_domain_admin_password')
    if conf.trustee_domain_admin_id:
        user = {'user_id': conf.trustee_domain_admin_id}
    elif conf.trustee_domain_admin_domain_id:
        user = {'user_domain_id': conf.trustee_domain_admin_domain_id}
    elif conf.trustee_domain_admin_domain_name:
        user = {'user_domain_name': conf.trustee_domain_admin_domain_name}
    elif conf.trustee_domain_id:
        user = {'user_domain_id': conf.trustee_domain_id}
    else:
        user = {'user_domain_name': conf.trustee_domain_name}
    if not conf.trustee_domain_admin_id:
        user['username'] = conf.trustee_domain_admin_name
    if conf.trustee_domain_id:
        scope = {'domain_id': conf.trustee_domain_id}
    else:
        scope = {'domain_name': conf.trustee_domain_name}
    auth = v3.Password(keystone._keystone_url(),
                       password=conf.trustee_domain_admin_password,
                       **user, **scope)
    return keystone._session(auth)


def _failed(action, error):
    return exception.TrusteeOperationFailed(action=action, reason=str(error))


def create_user(name, password):
    """Create (or, after an interrupted attempt, reset) user ``name`` in the
    trustee domain with ``password``; return its id."""
    session = admin_session()
    identity = keystone._identity(session)
    try:
        domain_id = session.auth.get_access(session).domain_id
        response = identity.post('/users', json={'user': {
            'name': name, 'password': password, 'domain_id': domain_id,
            'enabled': True,
            'description': 'Magnum cluster trustee'}}, raise_exc=False)
        if response.status_code == 409:
            return _reset(identity, domain_id, name, password)
        if response.status_code >= 300:
            raise ks_exc.from_response(response, 'POST', '/users')
        return response.json()['user']['id']
    except ks_exc.ClientException as error:
        raise _failed('create trustee user %s' % name, error)


def _reset(identity, domain_id, name, password):
    users = identity.get('/users', params={
        'name': name, 'domain_id': domain_id}).json()['users']
    user_id = users[0]['id']
    identity.patch('/users/%s' % user_id, json={'user': {
        'password': password, 'enabled': True}})
    return user_id


def delete_user(user_id):
    """Delete a trustee user; True when it is gone (already gone included).

    Keystone also deletes every trust the user is trustee of.
    """
    if not user_id:
        return True
    try:
        keystone._identity(admin_session()).delete('/users/%s' % user_id)
    except ks_exc.NotFound:
        return True
    except (ks_exc.ClientException, exception.ConfigInvalid) as error:
        LOG.warning('Could not delete trustee user %s: %s', user_id, error)
        return False
    return True


def delete_cluster_credentials(cluster):
    """Delete what a cluster acts through: its trust and, when it has one,
    its trustee user. True when both are gone; safe to call again."""
    trustee = keystone.trustee_of(cluster)
    trust_gone = keystone.delete_trust(keystone.field(cluster, 'trust_id'),
                                       trustee)
    if trustee is None:
        return trust_gone
    # Deleting the user also deletes the trusts it holds, so the user's
    # deletion decides.
    return delete_user(trustee.user_id)
