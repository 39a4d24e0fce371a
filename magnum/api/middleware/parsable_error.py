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

"""Rewrites every failed response into the ``{"errors": [...]}`` body.

It sits in front of the authentication middleware so that a 401 from
keystonemiddleware, a routing 404/405 from Pecan, a WSME fault and an
unexpected exception all reach the client in the same JSON shape, with the
request id of oslo.middleware's RequestId filled in. Tracebacks embedded in
messages are cut off unless ``[DEFAULT] debug`` is true.
"""

import json

from oslo_log import log as logging
import webob
import webob.exc

from magnum.api import http_error
import magnum.conf

CONF = magnum.conf.CONF
LOG = logging.getLogger(__name__)

REQUEST_ID_ENV = 'openstack.request_id'


def _debug():
    try:
        return bool(CONF.debug)
    except Exception:  # debug is not registered outside the services
        return False


def _http_exception_detail(environ, status):
    if status == 405:
        return ('The method %s is not allowed for this resource.'
                % environ.get('REQUEST_METHOD', ''))
    exc = environ.get('pecan.original_exception')
    if isinstance(exc, webob.exc.HTTPException) and \
            getattr(exc, 'code', None) == status:
        return exc.detail or exc.explanation
    known = webob.exc.status_map.get(status)
    if known is not None:
        return known.explanation
    return None


def _entries_from_json(data, status, request_id, debug):
    """Error entries from a JSON error body, or None if it is not one."""
    if not isinstance(data, dict):
        return None
    if isinstance(data.get('errors'), list) and all(
            isinstance(item, dict) for item in data['errors']):
        entries = []
        for item in data['errors']:
            entry = dict(item)
            if not entry.get('request_id'):
                entry['request_id'] = request_id
            entry.setdefault('status', status)
            entry.setdefault('code', 'client' if status < 500 else 'server')
            detail = entry.get('detail', '')
            entry.setdefault('title', http_error.title_of(detail))
            entry.setdefault('detail', detail)
            entry.setdefault('links', [])
            entries.append(entry)
        return entries
    if 'faultstring' in data:  # a WSME fault
        detail = str(data.get('faultstring') or '')
        if not debug:
            detail = http_error.strip_traceback(detail)
        return [http_error.error_entry(status, detail, request_id)]
    if isinstance(data.get('error'), dict):  # keystonemiddleware
        error = data['error']
        detail = error.get('message') or error.get('title') or ''
        return [http_error.error_entry(status, detail, request_id)]
    if 'description' in data or 'title' in data:  # Pecan's JSON errors
        detail = data.get('description') or data.get('title') or ''
        return [http_error.error_entry(status, detail, request_id)]
    return None


class ParsableErrorMiddleware:
    """WSGI middleware giving failed responses the standard error body."""

    def __init__(self, app):
        self.app = app

    @classmethod
    def factory(cls, global_config, **local_config):
        return cls

    def __call__(self, environ, start_response):
        request = webob.Request(environ)
        try:
            response = request.get_response(self.app)
        except Exception:
            LOG.exception('Unexpected error serving %s %s',
                          request.method, request.path)
            response = webob.Response(status=500)
        if response.status_int >= 400:
            self._rewrite(environ, response)
        return response(environ, start_response)

    def _rewrite(self, environ, response):
        status = response.status_int
        request_id = environ.get(REQUEST_ID_ENV) or ''
        entries = None
        if response.body:
            try:
                data = json.loads(response.body)
            except ValueError:
                data = None
            entries = _entries_from_json(data, status, request_id, _debug())
        if entries is None:
            detail = _http_exception_detail(environ, status)
            if detail is None:
                detail = response.status.split(' ', 1)[-1]
            entries = [http_error.error_entry(status, detail, request_id)]
        response.content_type = 'application/json'
        response.charset = None
        response.body = http_error.body(entries)
