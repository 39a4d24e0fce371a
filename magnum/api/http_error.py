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

"""The ``{"errors": [...]}`` body every failed API request answers with.

One entry per error: ``request_id``, ``code`` (``client`` for 4xx, else
``server``), ``status``, ``title`` (the message's first sentence),
``detail`` (the whole message) and ``links``. An unsupported microversion's
entry also carries ``min_version``/``max_version`` and its own ``code``.
"""

import json
import re

import webob

from magnum.api.controllers import versions
from magnum.common import exception

# A sentence ends at a '.' followed by white space or the end of the text, so
# that versions ('1.14'), addresses and file names stay in one piece.
_SENTENCE_END = re.compile(r'\.(?:\s|$)')

_TRACEBACK_MARKERS = ('Traceback (most recent call last)',)


def title_of(message):
    """The first sentence of ``message``, without its final dot."""
    message = (message or '').strip()
    match = _SENTENCE_END.search(message)
    return message[:match.start()] if match else message


def strip_traceback(message):
    """``message`` cut before any Python traceback it embeds.

    Errors coming back over RPC carry the remote traceback in their text;
    it is only shown to API clients when ``debug`` is on.
    """
    if not message:
        return message
    for marker in _TRACEBACK_MARKERS:
        position = message.find(marker)
        if position != -1:
            message = message[:position]
    return message.rstrip()


def error_entry(status, detail, request_id='', title=None):
    """One element of the ``errors`` list."""
    detail = '' if detail is None else str(detail)
    return {
        'request_id': request_id or '',
        'code': 'client' if 400 <= int(status) < 500 else 'server',
        'status': int(status),
        'title': title if title is not None else title_of(detail),
        'detail': detail,
        'links': [],
    }


def entry_for_exception(exc, request_id=''):
    """The error entry for a ``MagnumException`` (status = its ``code``)."""
    entry = error_entry(exc.code, exc.format_message(), request_id)
    if isinstance(exc, versions.UnsupportedVersion):
        entry.update({
            'code': exc.error_code,
            'title': exc.error_title,
            'links': [{'rel': 'help', 'href': exc.help_link}],
            'min_version': versions.MIN_VER,
            'max_version': versions.MAX_VER,
        })
    return entry


def body(entries):
    return json.dumps({'errors': list(entries)}).encode('utf-8')


def response_for_exception(exc, request_id=''):
    """A complete webob response for a ``MagnumException``."""
    if not isinstance(exc, exception.MagnumException):
        raise TypeError('not a MagnumException: %r' % (exc,))
    return webob.Response(
        status=exc.code, content_type='application/json', charset=None,
        body=body([entry_for_exception(exc, request_id)]))
