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

"""Keystone sessions for Magnum's own work and per-cluster trusts.

Three kinds of sessions:

* ``service_session()`` -- Magnum's service user from ``[keystone_auth]``,
  scoped to its own project. Used for admin-level reads (the bulk Heat
  stack listing of the status sync).
* ``user_session(context)`` -- the caller's own token, for work done while
  the caller waits (creating stacks: Heat makes its own trust from this
  token, which it cannot do from a trust-scoped one).
* ``trust_session(trust_id)`` -- Magnum's service user scoped by a
  cluster's trust: acts as the cluster's owner, in the owner's project,
  long after the owner's token has expired (updates, deletes, delete
  retries from the status sync).

The trust is created at cluster creation with the caller's token: trustor
= the caller, trustee = Magnum's service user, project = the cluster's
project, roles = ``[trust] roles`` or all the caller's roles,
impersonation on (Heat and the services behind it see the owner), no
redelegation. It is deleted with the cluster.

With ``[trust] cluster_user_trust`` the trustee is instead a user of the
cluster's own, made in ``[trust] trustee_domain_*`` by that domain's
administrator (``create_trustee``): its password and the trust go to the
nodes, and Magnum acts through the same trust as that user
(``trust_session(trust_id, trustee)``).
"""

import collections

import threading

from keystoneauth1 import adapter as ks_adapter
from keystoneauth1 import exceptions as ks_exc
from keystoneauth1.identity import v3
from keystoneauth1 import loading as ks_loading

from magnum.common import clients
from magnum.common import exception
from magnum.common import trustee_password
from magnum.common import ttl_cache
import magnum.conf

CONF = magnum.conf.CONF
GROUP = 'keystone_auth'

# Options that scope a password login; all cleared for a trust login,
# which Keystone refuses when combined with another scope.
_SCOPE_OPTS = ('project_id', 'project_name', 'project_domain_id',
               'project_domain_name', 'domain_id', 'domain_name',
               'system_scope', 'trust_id')

_lock = threading.Lock()
_service_session = None

# Trust-scoped sessions reused by the status sync and the workflows: each
# new one costs a Keystone login. keystoneauth logs in again when the token
# nears its expiry or is refused.
TRUST_SESSION_TTL = 1800
_trust_sessions = ttl_cache.TTLCache(TRUST_SESSION_TTL, max_entries=1000)


def _load_auth(**overrides):
    try:
        loader = ks_loading.get_plugin_loader(CONF[GROUP].auth_type)
    except (ks_exc.NoMatchingPlugin, AttributeError, KeyError) as exc:
        raise exception.ConfigInvalid(
            error_msg='[keystone_auth] auth_type: %s' % exc)
    known = {opt.dest for opt in loader.get_options()}
    overrides = {key: value for key, value in overrides.items()
                 if key in known}
    auth = ks_loading.load_auth_from_conf_options(CONF, GROUP, **overrides)
    if auth is None:
        raise exception.ConfigInvalid(
            error_msg='[keystone_auth] holds no Magnum service credentials')
    return auth


def _session(auth):
    return ks_loading.load_session_from_conf_options(
        CONF, GROUP, auth=auth, discovery_cache=clients.DISCOVERY_CACHE)


def service_session():
    """Magnum's own session (shared; keystoneauth re-authenticates)."""
    global _service_session
    with _lock:
        if _service_session is None:
            _service_session = _session(_load_auth())
        return _service_session


def reset_service_session():
    """Forget the cached service session (tests, credential changes)."""
    global _service_session
    with _lock:
        _service_session = None


#: A cluster's own trustee user: its id and (clear) password.
Trustee = collections.namedtuple('Trustee', ['user_id', 'password'])


def field(obj, name):
    """``obj.name``, None when unset (versioned objects raise for fields
    never set instead)."""
    is_set = getattr(obj, 'obj_attr_is_set', None)
    if is_set is not None and not is_set(name):
        return None
    return getattr(obj, name, None)


def trustee_of(cluster):
    """The cluster's own trustee, or None when it has none."""
    user_id = field(cluster, 'trustee_user_id')
    stored = field(cluster, 'trustee_password')
    if not (user_id and stored):
        return None
    return Trustee(user_id, trustee_password.reveal(stored))


def _keystone_url():
    auth_url = clients._auth_url()
    if not auth_url:
        raise exception.ConfigInvalid(
            error_msg='no Keystone URL: set [keystone_auth] auth_url')
    return auth_url


def trust_session(trust_id, trustee=None):
    """Acting through ``trust_id``: as ``trustee`` (a ``Trustee``) when
    given, else as Magnum's service user."""
    if trustee is not None:
        return _session(v3.Password(
            _keystone_url(), user_id=trustee.user_id,
            password=trustee.password, trust_id=trust_id))
    overrides = dict.fromkeys(_SCOPE_OPTS)
    overrides['trust_id'] = trust_id
    return _session(_load_auth(**overrides))


def cached_trust_session(trust_id, trustee=None):
    """``trust_session``, shared for ``TRUST_SESSION_TTL`` seconds."""
    return _trust_sessions.get_or_make(
        (trust_id, trustee), lambda: trust_session(trust_id, trustee))


def forget_trust_sessions(trust_id):
    _trust_sessions.forget(lambda key: key[0] == trust_id)


def user_session(context):
    """The caller's token, scoped to the caller's project."""
    if not context.auth_token:
        raise exception.NotAuthorized(
            message='The request carries no Keystone token to act with.')
    # One session per request context, shared with the cloud look-ups
    # (magnum.common.clients): logged in once, or not at all when the API
    # passed the caller's catalog along.
    return clients.get_clients(context).session


def _trustee_user_id():
    return service_session().get_user_id()


def trust_roles(context):
    """Roles delegated by a cluster trust."""
    if CONF.trust.roles:
        return list(CONF.trust.roles)
    return list(context.roles or [])


def _identity(session):
    return ks_adapter.Adapter(session, service_type='identity',
                              interface=CONF.trust.trustee_keystone_interface,
                              version=(3, 0))


def create_trust(context, project_id=None, trustee_user_id=None):
    """Create a trust from the caller to ``trustee_user_id`` (default:
    Magnum's service user); return its id.

    ``project_id`` defaults to the caller's project.
    """
    body = {'trust': {
        'trustor_user_id': context.user_id,
        'trustee_user_id': trustee_user_id or _trustee_user_id(),
        'project_id': project_id or context.project_id,
        'roles': [{'name': role} for role in trust_roles(context)],
        'impersonation': True,
        'allow_redelegation': False,
    }}
    try:
        response = _identity(user_session(context)).post(
            '/OS-TRUST/trusts', json=body)
        return response.json()['trust']['id']
    except ks_exc.ClientException as exc:
        raise exception.TrustCreationFailed(user_id=context.user_id,
                                            reason=str(exc))


def delete_trust(trust_id, trustee=None):
    """Delete a trust; a trust already gone is fine.

    The trustee may delete the trust it holds, so this uses the trust's own
    session (as ``trustee`` when given): no token of the (possibly long
    gone) trustor is needed. Returns True when the trust is gone.
    """
    if not trust_id:
        return True
    forget_trust_sessions(trust_id)
    try:
        _identity(trust_session(trust_id, trustee)).delete(
            '/OS-TRUST/trusts/%s' % trust_id)
    except (ks_exc.NotFound, ks_exc.Unauthorized):
        # Unauthorized: the trust no longer exists (or its trustor lost the
        # roles), so no token can be scoped by it any more.
        return True
    except ks_exc.ClientException:
        return False
    return True
