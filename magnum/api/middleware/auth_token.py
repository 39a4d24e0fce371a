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

"""keystonemiddleware's auth_token, with routes that need no token.

``acl_public_routes`` (comma-separated paths, ``/`` and ``/v1`` by default)
are served without any token check: a request path matches when, with one
trailing ``/`` removed, it equals the route, optionally followed by
``.json``. The identity headers a client may have sent are dropped on those
routes, so nobody can claim an identity there.
"""

import re

from keystonemiddleware import auth_token

DEFAULT_PUBLIC_ROUTES = ('/', '/v1')

# The headers keystonemiddleware sets from a validated token.
_IDENTITY_HEADERS = (
    'X-Identity-Status', 'X-Service-Identity-Status',
    'X-Domain-Id', 'X-Domain-Name', 'X-Project-Id', 'X-Project-Name',
    'X-Project-Domain-Id', 'X-Project-Domain-Name', 'X-User-Id',
    'X-User-Name', 'X-User-Domain-Id', 'X-User-Domain-Name', 'X-Roles',
    'X-Service-Catalog', 'X-Is-Admin-Project', 'X-System-Scope',
    'X-Tenant-Id', 'X-Tenant-Name', 'X-Tenant', 'X-User', 'X-Role',
    'X-Service-Roles', 'X-Service-User-Id', 'X-Service-Project-Id',
)
_IDENTITY_ENVIRON_KEYS = tuple(
    'HTTP_' + name.upper().replace('-', '_') for name in _IDENTITY_HEADERS)


def _route_pattern(route):
    route = route.strip()
    if route != '/':
        route = route.rstrip('/')
    return re.compile(re.escape(route) + r'(\.json)?$')


def parse_routes(value):
    """``'/, /v1'`` → the list of routes, ignoring blanks."""
    if value is None:
        return list(DEFAULT_PUBLIC_ROUTES)
    if isinstance(value, str):
        value = value.split(',')
    return [route.strip() for route in value if route.strip()]


class AuthTokenMiddleware(auth_token.AuthProtocol):
    """auth_token that lets a few read-only documents through."""

    def __init__(self, app, conf, public_api_routes=None):
        self.public_api_routes = [
            _route_pattern(route)
            for route in parse_routes(public_api_routes)]
        super().__init__(app, conf)

    def is_public(self, path):
        if path != '/' and path.endswith('/'):
            path = path[:-1]
        path = path or '/'
        return any(pattern.match(path) for pattern in self.public_api_routes)

    def __call__(self, environ, start_response):
        if self.is_public(environ.get('PATH_INFO') or '/'):
            for key in _IDENTITY_ENVIRON_KEYS:
                environ.pop(key, None)
            return self._app(environ, start_response)
        return super().__call__(environ, start_response)

    @classmethod
    def factory(cls, global_config, **local_config):
        conf = dict(global_config)
        conf.update(local_config)
        public_routes = conf.pop('acl_public_routes', None)

        def _filter(app):
            return cls(app, conf, public_api_routes=public_routes)
        return _filter
