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

"""Pecan hooks: the request context, version headers, error responses."""

from oslo_log import log as logging
from pecan import hooks
import webob.exc

from magnum.api.controllers import v1
from magnum.api.controllers import versions
from magnum.api import http_error
from magnum.common import context
from magnum.common import exception

LOG = logging.getLogger(__name__)


def _is_admin(ctx):
    """``context_is_admin`` from policy, or the ``admin`` role without it."""
    try:
        from magnum.common import policy
    except ModuleNotFoundError as exc:
        if exc.name != 'magnum.common.policy':
            raise
        policy = None
    check = getattr(policy, 'check_is_admin', None)
    if check is None:
        return 'admin' in (ctx.roles or [])
    return bool(check(ctx))


class ContextHook(hooks.PecanHook):
    """Builds ``pecan.request.context`` from the identity headers.

    keystonemiddleware (or the noauth middleware) sets X-User-Id,
    X-User-Name, X-Project-Id, X-Project-Name, X-User-Domain-Id/-Name,
    X-Roles and passes X-Auth-Token on; the request id comes from
    oslo.middleware's RequestId. Built before routing, so that routing
    code (``_lookup``) may use it too.
    """

    def on_route(self, state):
        ctx = context.RequestContext.from_environ(state.request.environ)
        ctx.is_admin = _is_admin(ctx)
        state.request.context = ctx


class APIVersionHook(hooks.PecanHook):
    """Writes the microversion headers on every /v1 response."""

    def after(self, state):
        environ = state.request.environ
        if not environ.get(v1.V1_ENVIRON_FLAG) or state.response is None:
            return
        version = getattr(state.request, 'version', None)
        if version is None:
            headers = versions.bound_headers()
        else:
            headers = versions.response_headers(version)
        for name, value in headers.items():
            state.response.headers[name] = value


class ErrorHook(hooks.PecanHook):
    """Turns exceptions raised outside WSME's handlers into API errors.

    WSME already answers for exceptions of exposed methods; this catches
    those of routing code (``_route``, ``_lookup``) and of other hooks:
    a ``MagnumException`` answers with its ``code``, anything unexpected
    with 500.
    """

    def on_error(self, state, exc):
        if isinstance(exc, webob.exc.HTTPException):
            return None
        if not isinstance(exc, exception.MagnumException):
            LOG.exception('Unexpected error while serving %s %s',
                          state.request.method, state.request.path)
            exc = exception.MagnumException(
                'An unexpected error prevented the request from being '
                'served.')
        return http_error.response_for_exception(exc)
