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
"""

import threading

from keystoneauth1 import adapter as ks_adapter
from keystoneauth1 import exceptions as ks_exc
from keystoneauth1.identity import generic
from keystoneauth1 import loading as ks_loading

from magnum.common import clients
from magnum.common import exception
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
    return ks_loading.load_session_from_conf_options(CONF, GROUP, auth=auth)


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


def trust_session(trust_id):
    """Magnum's service user acting through ``trust_id``."""
    overrides = dict.fromkeys(_SCOPE_OPTS)
    overrides['trust_id'] = trust_id
    return _session(_load_auth(**overrides))


def user_session(context):
    """The caller's token, scoped to the caller's project."""
    if not context.auth_token:
        raise exception.NotAuthorized(
            message='The request carries no Keystone token to act with.')
    auth_url = clients._auth_url()
    if not auth_url:
        raise exception.ConfigInvalid(
            error_msg='no Keystone URL: set [keystone_auth] auth_url')
    auth = generic.Token(auth_url, token=context.auth_token,
                         project_id=context.project_id)
    return _session(auth)


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


def create_trust(context, project_id=None):
    """Create a trust from the caller to Magnum; return its id.

    ``project_id`` defaults to the caller's project.
    """
    body = {'trust': {
        'trustor_user_id': context.user_id,
        'trustee_user_id': _trustee_user_id(),
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


def delete_trust(trust_id):
    """Delete a trust; a trust already gone is fine.

    The trustee may delete the trust it holds, so this uses the trust's own
    session: no token of the (possibly long gone) trustor is needed.
    Returns True when the trust is gone.
    """
    if not trust_id:
        return True
    try:
        _identity(trust_session(trust_id)).delete(
            '/OS-TRUST/trusts/%s' % trust_id)
    except (ks_exc.NotFound, ks_exc.Unauthorized):
        # Unauthorized: the trust no longer exists (or its trustor lost the
        # roles), so no token can be scoped by it any more.
        return True
    except ks_exc.ClientException:
        return False
    return True
