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
from oslo_serialization import jsonutils
from pecan import hooks
import webob.exc

from magnum.api.controllers import v1
from magnum.api.controllers import versions
from magnum.api import http_error
from magnum.common import context
from magnum.common import exception
from magnum.common import policy

LOG = logging.getLogger(__name__)


def _service_catalog(environ):
    """The catalog keystonemiddleware passes in X-Service-Catalog, if any.

    With it, looking up Glance, Nova or Neutron for a request needs no extra
    round trip to Keystone.
    """
    raw = environ.get('HTTP_X_SERVICE_CATALOG')
    if not raw:
        return None
    try:
        return jsonutils.loads(raw)
    except ValueError:
        LOG.warning('Ignoring a malformed X-Service-Catalog header.')
        return None


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
        ctx.is_admin = policy.check_is_admin(ctx)
        ctx.service_catalog = _service_catalog(state.request.environ)
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
