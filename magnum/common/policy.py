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

"""Policy enforcement: one oslo.policy Enforcer for the process.

The enforcer is built on first use from ``magnum.conf.CONF`` (so
``[oslo_policy]`` options and the operator's policy file apply) with the
defaults of :mod:`magnum.common.policies` registered. oslo.policy's own
defaults for scope enforcement and new-default enforcement are kept.
"""

import threading

from oslo_config import cfg
from oslo_policy import opts as policy_opts
from oslo_policy import policy

from magnum.common import exception
from magnum.common import policies
import magnum.conf

CONF = magnum.conf.CONF

# Registering [oslo_policy] up front lets tests and tools override its
# options before the enforcer exists.
policy_opts.set_defaults(CONF)

_ENFORCER = None
_LOCK = threading.Lock()


def init():
    """Return the process's Enforcer, building it on first call."""
    global _ENFORCER
    if _ENFORCER is None:
        with _LOCK:
            if _ENFORCER is None:
                enforcer = policy.Enforcer(CONF)
                enforcer.register_defaults(policies.list_rules())
                _ENFORCER = enforcer
    return _ENFORCER


def reset():
    """Forget the enforcer so the next call rebuilds it (for tests)."""
    global _ENFORCER
    with _LOCK:
        if _ENFORCER is not None:
            _ENFORCER.clear()
        _ENFORCER = None


def get_enforcer():
    """The ``oslo.policy.enforcer`` entry point for the oslopolicy-* tools.

    Those tools parse the global CONF with their own command line (whose
    ``--config-file`` then names magnum.conf) before asking for the
    enforcer; that parse is kept. Any other caller gets Magnum's default
    configuration files read here.
    """
    try:
        CONF.find_file(CONF.oslo_policy.policy_file)
    except cfg.NotInitializedError:
        CONF([], project='magnum')
    return init()


def _credentials(context):
    creds = dict(context.to_policy_values())
    # Legacy check strings (admin_or_owner, admin_or_user) test is_admin.
    creds['is_admin'] = bool(context.is_admin)
    return creds


def authorize(context, rule, target=None, do_raise=True):
    """Check ``rule`` for the caller in ``context`` against ``target``.

    ``target`` describes the object acted on (its ``project_id`` and
    ``user_id`` matter to the default rules); without one the caller's own
    project and user are used. Raises PolicyNotAuthorized (403) on denial,
    including a token of the wrong scope, unless ``do_raise`` is False, in
    which case the result is returned.
    """
    if target is None:
        target = {'project_id': context.project_id,
                  'user_id': context.user_id}
    enforcer = init()
    try:
        return enforcer.authorize(rule, target, _credentials(context),
                                  do_raise=do_raise,
                                  exc=exception.PolicyNotAuthorized,
                                  action=rule)
    except policy.InvalidScope:
        raise exception.PolicyNotAuthorized(action=rule)


def check_is_admin(context):
    """Whether the caller passes ``context_is_admin``."""
    creds = _credentials(context)
    return init().authorize('context_is_admin', creds, creds)
