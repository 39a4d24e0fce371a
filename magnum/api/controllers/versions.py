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

"""API microversions: one named constant per version, and negotiation.

A client picks a microversion with ``OpenStack-API-Version: <service> <X.Y>``
(or ``latest``); without the header it gets ``MIN_VER``. The negotiated
version is stored on the request as ``pecan.request.version`` (a
``Version``, comparable with other versions and with ``'X.Y'`` strings).
Controllers gate behaviour with ``min_version``/``max_version`` or by
comparing ``pecan.request.version`` against the constants below.
"""

import functools
import inspect
import re

import pecan

from magnum.common import exception

# --- the microversions, oldest first ----------------------------------------

MIN_VER = '1.1'  # the base: v1 with strict input validation
ASYNC = '1.2'  # cluster create/update/delete answer 202 (always the case)
ROLLBACK = '1.3'  # ?rollback= on cluster PATCH
STATS = '1.4'  # GET /v1/stats
CA_ROTATE = '1.5'  # PATCH /v1/certificates/{cluster}
QUOTAS = '1.6'  # /v1/quotas
RESIZE = '1.7'  # POST /v1/clusters/{id}/actions/resize
UPGRADE = '1.8'  # POST /v1/clusters/{id}/actions/upgrade
NODEGROUPS = '1.9'  # /v1/clusters/{id}/nodegroups
ZERO_NODES = '1.10'  # node_count 0 on create, PATCH and resize
NO_BAYS = '1.11'  # bays and baymodels removed (at every version)
CREDENTIALS = '1.12'  # PATCH /v1/credentials/{cluster}
CLUSTER_ID = '1.13'  # clusters show cluster_id instead of stack_id
NODEGROUP_LABELS_TAINTS = '1.14'  # nodegroup node_labels and node_taints
# Ours, not upstream's: clusters show certificates_expire_at.
CERT_EXPIRY = '1.15'
# Ours: DELETE /v1/clusters/{id}?force=true (admins).
FORCE_DELETE = '1.16'
MAX_VER = '1.16'

BASE_VER = MIN_VER

# --- the HTTP side ----------------------------------------------------------

HEADER = 'OpenStack-API-Version'
MIN_HEADER = 'OpenStack-API-Minimum-Version'
MAX_HEADER = 'OpenStack-API-Maximum-Version'

# The service name written in response headers, and every name accepted in
# the request header (python-magnumclient sends 'container-infra').
SERVICE_TYPE = 'container-infrastructure-management'
SERVICE_TYPES = ('container-infra', 'container-infrastructure',
                 SERVICE_TYPE)

LATEST = 'latest'

_VERSION_RE = re.compile(r'^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$')


@functools.total_ordering
class Version:
    """A ``major.minor`` API version; compares with versions and strings."""

    __slots__ = ('major', 'minor')

    def __init__(self, major, minor):
        self.major = int(major)
        self.minor = int(minor)

    @classmethod
    def parse(cls, text):
        """``'1.7'`` → ``Version(1, 7)``; ``ValueError`` if malformed."""
        if isinstance(text, Version):
            return text
        match = _VERSION_RE.match(str(text).strip())
        if match is None:
            raise ValueError('not a major.minor version: %r' % (text,))
        return cls(match.group(1), match.group(2))

    def _key(self):
        return (self.major, self.minor)

    @staticmethod
    def _other_key(other):
        if isinstance(other, Version):
            return other._key()
        if isinstance(other, str):
            return Version.parse(other)._key()
        if isinstance(other, tuple):
            return other
        return None

    def __eq__(self, other):
        key = self._other_key(other)
        return NotImplemented if key is None else self._key() == key

    def __lt__(self, other):
        key = self._other_key(other)
        return NotImplemented if key is None else self._key() < key

    def __hash__(self):
        return hash(self._key())

    def __str__(self):
        return '%d.%d' % self._key()

    def __repr__(self):
        return 'Version(%d, %d)' % self._key()


MIN_VERSION = Version.parse(MIN_VER)
MAX_VERSION = Version.parse(MAX_VER)


def _header_value(version):
    return '%s %s' % (SERVICE_TYPE, version)


def bound_headers():
    """The headers every /v1 response carries, whatever was negotiated."""
    return {
        MIN_HEADER: _header_value(MIN_VERSION),
        MAX_HEADER: _header_value(MAX_VERSION),
        'Vary': HEADER,
    }


def response_headers(version):
    """All version headers of a /v1 response negotiated at ``version``."""
    headers = bound_headers()
    headers[HEADER] = _header_value(version)
    return headers


def negotiate(header_value):
    """The ``Version`` a request asked for with its header value.

    ``None`` or an empty value means ``MIN_VER``. Raises
    ``exception.InvalidAPIVersionHeader`` for a malformed value or another
    service's name, and ``UnsupportedVersion`` for a version outside
    ``[MIN_VER, MAX_VER]``.
    """
    if header_value is None or not header_value.strip():
        return MIN_VERSION
    requested = None
    for entry in header_value.split(','):
        tokens = entry.split()
        if len(tokens) == 2 and tokens[0].lower() in SERVICE_TYPES:
            requested = tokens[1]
            break
    if requested is None:
        raise exception.InvalidAPIVersionHeader(
            header=repr(header_value), services=', '.join(SERVICE_TYPES))
    if requested.lower() == LATEST:
        return MAX_VERSION
    try:
        version = Version.parse(requested)
    except ValueError:
        raise exception.InvalidAPIVersionHeader(
            header=repr(header_value), services=', '.join(SERVICE_TYPES))
    if not MIN_VERSION <= version <= MAX_VERSION:
        raise UnsupportedVersion(version)
    return version


class UnsupportedVersion(exception.NotAcceptable):
    """A well-formed version this API does not serve (406).

    Its error entry carries ``min_version``/``max_version`` and a help link
    as well, built by ``magnum.api.http_error``.
    """

    message = ("Version %(version)s is not supported by the API. Minimum is "
               "%(min_version)s and maximum is %(max_version)s.")
    error_code = 'magnum.microversion-unsupported'
    error_title = 'Requested microversion is unsupported'
    help_link = 'http://docs.openstack.org/api-guide/compute/microversions.html'

    def __init__(self, version):
        super().__init__(version=version, min_version=MIN_VER,
                         max_version=MAX_VER)
        self.version = version


def current():
    """The version negotiated for the request being served."""
    return getattr(pecan.request, 'version', MIN_VERSION)


def is_at_least(version):
    """True when the current request was negotiated at ``version`` or above."""
    return current() >= version


def _gate(check, describe):
    def decorate(func):
        api_name = func.__name__

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            requested = current()
            if not check(requested):
                raise exception.APIVersionNotSupported(
                    version=requested, method=api_name)
            return func(*args, **kwargs)

        # WSME and Pecan read the argument list of the function they expose.
        wrapper.__signature__ = inspect.signature(func)
        wrapper._wsme_original_func = getattr(
            func, '_wsme_original_func', func)
        wrapper.__doc__ = (func.__doc__ or '') + describe
        return wrapper
    return decorate


def min_version(version):
    """Serve the decorated controller method from ``version`` on only.

    Older requests get 406 "Version X was requested but the requested API
    <method> is not supported for this version." Place it below
    ``wsexpose`` so that the error goes out as a normal API error.
    """
    required = Version.parse(version)
    return _gate(lambda requested: requested >= required,
                 '\n\nAvailable from API version %s.' % required)


def max_version(version):
    """Serve the decorated controller method up to ``version`` only."""
    limit = Version.parse(version)
    return _gate(lambda requested: requested <= limit,
                 '\n\nAvailable up to API version %s.' % limit)
