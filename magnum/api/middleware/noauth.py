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

"""Identity without Keystone, for ``[DEFAULT] auth_strategy = noauth``.

For unit tests and development only: the caller is whoever the request
headers say. Headers a request leaves out take these defaults:

==================== ====================
``X-Project-Id``     ``noauth-project``
``X-Project-Name``   the project id
``X-User-Id``        ``noauth-user``
``X-User-Name``      the user id
``X-User-Domain-Id`` ``default``
``X-Roles``          ``admin,member,reader``
==================== ====================

So a bare request acts as an administrator of ``noauth-project``; send
``X-Roles: member`` (and a project) to act as an ordinary user.
``X-Identity-Status`` is always ``Confirmed``.
"""

DEFAULT_PROJECT_ID = 'noauth-project'
DEFAULT_USER_ID = 'noauth-user'
DEFAULT_DOMAIN_ID = 'default'
DEFAULT_ROLES = 'admin,member,reader'


def _key(header):
    return 'HTTP_' + header.upper().replace('-', '_')


class NoAuthMiddleware:
    """Fills in the identity headers keystonemiddleware would have set."""

    def __init__(self, app):
        self.app = app

    @classmethod
    def factory(cls, global_config, **local_config):
        return cls

    def __call__(self, environ, start_response):
        project_id = environ.get(_key('X-Project-Id')) or DEFAULT_PROJECT_ID
        user_id = environ.get(_key('X-User-Id')) or DEFAULT_USER_ID
        defaults = (
            ('X-Project-Id', project_id),
            ('X-Project-Name', project_id),
            ('X-User-Id', user_id),
            ('X-User-Name', user_id),
            ('X-User-Domain-Id', DEFAULT_DOMAIN_ID),
            ('X-Project-Domain-Id', DEFAULT_DOMAIN_ID),
            ('X-Roles', DEFAULT_ROLES),
        )
        for header, value in defaults:
            if not environ.get(_key(header)):
                environ[_key(header)] = value
        environ[_key('X-Identity-Status')] = 'Confirmed'
        return self.app(environ, start_response)
