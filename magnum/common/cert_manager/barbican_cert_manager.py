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

"""``barbican``: certificates as secrets in the Key Manager service.

Each part (certificate, private key, intermediates, passphrase) is a secret;
a container of type ``certificate`` groups them and its URL is the
reference. Magnum talks to the Key Manager API v1 directly through a
keystoneauth1 session with its own ``[keystone_auth]`` credentials; the
endpoint comes from the catalog (``[barbican_client] region_name`` and
``endpoint_type``).

Only the uuid at the end of a reference is trusted: requests always go to
the catalog's endpoint, so a tampered reference cannot make Magnum send its
token elsewhere.
"""

import threading
import urllib.parse

from keystoneauth1 import adapter as ks_adapter
from keystoneauth1 import exceptions as ks_exceptions
from keystoneauth1 import loading as ks_loading
from oslo_config import cfg
from oslo_log import log as logging
from oslo_utils import uuidutils

from magnum.common.cert_manager import cert_manager
from magnum.common import exception
import magnum.conf

CONF = magnum.conf.CONF
LOG = logging.getLogger(__name__)

NAME = 'barbican'
SERVICE_TYPE = 'key-manager'
AUTH_GROUP = 'keystone_auth'

# Container entry name -> Barbican secret type. "opaque" accepts any text
# payload, as the private key and passphrase are.
PARTS = (('certificate', 'opaque'),
         ('private_key', 'opaque'),
         ('intermediates', 'opaque'),
         ('private_key_passphrase', 'opaque'))

_session = None
_session_lock = threading.Lock()


def session_from_conf(conf=CONF):
    """A keystoneauth1 session with the ``[keystone_auth]`` credentials."""
    try:
        auth = ks_loading.load_auth_from_conf_options(conf, AUTH_GROUP)
        return ks_loading.load_session_from_conf_options(conf, AUTH_GROUP,
                                                         auth=auth)
    except (ks_exceptions.ClientException, cfg.Error) as exc:
        raise exception.CertManagerError(
            backend=NAME, action='authenticate',
            reason='cannot build a session from [%s]: %s' % (
                AUTH_GROUP, exc)) from exc


def get_session():
    """The process-wide session built by ``session_from_conf``."""
    global _session
    with _session_lock:
        if _session is None:
            _session = session_from_conf()
        return _session


def _uuid_of(ref):
    """The uuid a Barbican reference ends with; ``None`` if it does not."""
    if not isinstance(ref, str):
        return None
    last = urllib.parse.urlsplit(ref).path.rstrip('/').rsplit('/', 1)[-1]
    return last if uuidutils.is_uuid_like(last) else None


class BarbicanCertManager(cert_manager.CertManager):
    """Key Manager backend; ``session`` or ``adapter`` may be injected."""

    name = NAME

    def __init__(self, session=None, adapter=None):
        self._session = session
        self._adapter = adapter
        self._base = None

    # -- HTTP -------------------------------------------------------------

    def _client(self):
        if self._adapter is None:
            self._adapter = ks_adapter.Adapter(
                self._session or get_session(),
                service_type=SERVICE_TYPE,
                interface=CONF.barbican_client.endpoint_type,
                region_name=CONF.barbican_client.region_name)
        return self._adapter

    def _url(self, collection, ident=None, *rest):
        if self._base is None:
            endpoint = self._client().get_endpoint()
            if not endpoint:
                raise ks_exceptions.EndpointNotFound(
                    'no %s endpoint in the service catalog' % SERVICE_TYPE)
            endpoint = endpoint.rstrip('/')
            if not endpoint.endswith('/v1'):
                endpoint += '/v1'
            self._base = endpoint
        return '/'.join((self._base, collection) + tuple(
            part for part in (ident,) + rest if part))

    def _request(self, action, method, url, cert_ref=None, **kwargs):
        try:
            return self._client().request(url, method, raise_exc=True,
                                          **kwargs)
        except ks_exceptions.NotFound:
            if cert_ref is None:
                raise exception.CertManagerError(
                    backend=NAME, action=action,
                    reason='%s returned 404' % url) from None
            raise exception.CertificateNotFound(cert_ref=cert_ref) from None
        except ks_exceptions.Unauthorized as exc:
            raise exception.CertManagerError(
                backend=NAME, action=action,
                reason='the Key Manager API refused Magnum\'s credentials '
                       '(HTTP 401)') from exc
        except ks_exceptions.HttpError as exc:
            raise exception.CertManagerError(
                backend=NAME, action=action,
                reason='HTTP %s from %s: %s' % (
                    exc.http_status, url, exc.message)) from exc
        except ks_exceptions.ClientException as exc:
            # Connection failures, missing endpoint, authentication plugins.
            raise exception.CertManagerError(
                backend=NAME, action=action, reason=str(exc)) from exc

    def _create_secret(self, name, value, secret_type):
        body = {'name': name, 'payload': value,
                'payload_content_type': 'text/plain',
                'secret_type': secret_type}
        resp = self._request('store a secret', 'POST', self._url('secrets'),
                             json=body)
        return resp.json()['secret_ref']

    def _delete_secret(self, secret_ref):
        ident = _uuid_of(secret_ref)
        if ident is None:
            LOG.warning('Ignoring malformed secret reference %s', secret_ref)
            return
        try:
            self._request('delete a secret', 'DELETE',
                          self._url('secrets', ident), cert_ref=secret_ref)
        except exception.CertificateNotFound:
            LOG.info('Secret %s was already deleted', secret_ref)

    def _container(self, cert_ref, action):
        ident = _uuid_of(cert_ref)
        if ident is None:
            raise exception.CertificateNotFound(cert_ref=cert_ref)
        resp = self._request(action, 'GET', self._url('containers', ident),
                             cert_ref=cert_ref,
                             headers={'Accept': 'application/json'})
        entries = resp.json().get('secret_refs') or []
        return ident, {entry['name']: entry['secret_ref']
                       for entry in entries}

    # -- CertManager ------------------------------------------------------

    def store_cert(self, certificate, private_key, intermediates=None,
                   private_key_passphrase=None, context=None, **kwargs):
        cert = cert_manager.Cert(certificate, private_key, intermediates,
                                 private_key_passphrase)
        name = kwargs.get('name') or 'Magnum certificate'
        secret_refs = []
        try:
            for part, secret_type in PARTS:
                value = getattr(cert, part)
                if value is None:
                    continue
                ref = self._create_secret('%s %s' % (name, part), value,
                                          secret_type)
                secret_refs.append({'name': part, 'secret_ref': ref})
            body = {'name': name, 'type': 'certificate',
                    'secret_refs': secret_refs}
            resp = self._request('store a container', 'POST',
                                 self._url('containers'), json=body)
            return resp.json()['container_ref']
        except Exception:
            for entry in secret_refs:
                try:
                    self._delete_secret(entry['secret_ref'])
                except exception.MagnumException as cleanup_exc:
                    LOG.warning('Could not remove secret %s: %s',
                                entry['secret_ref'], cleanup_exc)
            raise

    def get_cert(self, cert_ref, context=None, **kwargs):
        _ident, refs = self._container(cert_ref, 'read a certificate')
        if 'certificate' not in refs:
            raise exception.CertManagerError(
                backend=NAME, action='read a certificate',
                reason='container %s has no "certificate" secret' % cert_ref)
        values = {}
        for part, _secret_type in PARTS:
            ref = refs.get(part)
            ident = _uuid_of(ref)
            if ident is None:
                values[part] = None
                continue
            resp = self._request('read a secret', 'GET',
                                 self._url('secrets', ident, 'payload'),
                                 cert_ref=cert_ref,
                                 headers={'Accept': 'text/plain'})
            values[part] = resp.content.decode('utf-8')
        return cert_manager.Cert(**values)

    def delete_cert(self, cert_ref, context=None, **kwargs):
        ident, refs = self._container(cert_ref, 'delete a certificate')
        self._request('delete a certificate', 'DELETE',
                      self._url('containers', ident), cert_ref=cert_ref)
        for ref in refs.values():
            self._delete_secret(ref)
