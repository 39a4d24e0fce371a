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

"""``local``: certificates as files, for development only.

Each certificate is ``<storage_path>/<ref>.crt`` plus, when present,
``.key``, ``.int`` and ``.pass``, all mode 0600; the reference is a uuid.
When ``[certificates] encryption_key`` is set, the key and passphrase files
hold Fernet tokens behind a marker line; otherwise they hold what was given.
Files on one host cannot serve several conductors.
"""

import errno
import os

from oslo_log import log as logging
from oslo_utils import uuidutils

from magnum.common.cert_manager import cert_manager
from magnum.common.cert_manager import encryption
from magnum.common import exception
import magnum.conf

CONF = magnum.conf.CONF
LOG = logging.getLogger(__name__)

NAME = 'local'

# Marks a file whose content is a Fernet token rather than the clear text.
ENCRYPTED_MARKER = 'MAGNUM-FERNET-ENCRYPTED\n'

_PARTS = (('certificate', '.crt', False),
          ('private_key', '.key', True),
          ('intermediates', '.int', False),
          ('private_key_passphrase', '.pass', True))


class LocalCertManager(cert_manager.CertManager):

    name = NAME

    def __init__(self, storage_path=None):
        self._storage_path = storage_path

    @property
    def storage_path(self):
        return self._storage_path or CONF.certificates.storage_path

    def _paths(self, cert_ref):
        # A uuid can never climb out of storage_path.
        if not uuidutils.is_uuid_like(cert_ref):
            raise exception.CertificateNotFound(cert_ref=cert_ref)
        base = os.path.join(self.storage_path, cert_ref)
        return [(attr, base + suffix, secret)
                for attr, suffix, secret in _PARTS]

    def _fail(self, action, exc):
        return exception.CertManagerError(backend=NAME, action=action,
                                          reason=str(exc))

    def store_cert(self, certificate, private_key, intermediates=None,
                   private_key_passphrase=None, context=None, **kwargs):
        cipher = (encryption.get_cipher(NAME) if encryption.configured()
                  else None)
        cert = cert_manager.Cert(certificate, private_key, intermediates,
                                 private_key_passphrase)
        cert_ref = uuidutils.generate_uuid()
        written = []
        try:
            os.makedirs(self.storage_path, mode=0o700, exist_ok=True)
            for attr, path, secret in self._paths(cert_ref):
                value = getattr(cert, attr)
                if value is None:
                    continue
                if secret and cipher is not None:
                    value = ENCRYPTED_MARKER + encryption.encrypt(cipher,
                                                                  value)
                _write_private(path, value)
                written.append(path)
        except OSError as exc:
            for path in written:
                try:
                    _remove(path)
                except OSError as cleanup_exc:
                    LOG.warning('Could not remove %s: %s', path, cleanup_exc)
            raise self._fail('store a certificate', exc) from exc
        return cert_ref

    def get_cert(self, cert_ref, context=None, **kwargs):
        values = {}
        try:
            for attr, path, secret in self._paths(cert_ref):
                try:
                    with open(path, encoding='utf-8') as f:
                        value = f.read()
                except FileNotFoundError:
                    if attr == 'certificate':
                        raise exception.CertificateNotFound(
                            cert_ref=cert_ref) from None
                    value = None
                if (value is not None and secret
                        and value.startswith(ENCRYPTED_MARKER)):
                    value = encryption.decrypt(
                        encryption.get_cipher(NAME),
                        value[len(ENCRYPTED_MARKER):], cert_ref, NAME)
                values[attr] = value
        except OSError as exc:
            raise self._fail('read certificate %s' % cert_ref, exc) from exc
        return cert_manager.Cert(**values)

    def delete_cert(self, cert_ref, context=None, **kwargs):
        paths = self._paths(cert_ref)
        if not os.path.exists(paths[0][1]):
            raise exception.CertificateNotFound(cert_ref=cert_ref)
        try:
            for _attr, path, _secret in paths:
                _remove(path)
        except OSError as exc:
            raise self._fail('delete certificate %s' % cert_ref,
                             exc) from exc


def _write_private(path, text):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, 'w', encoding='utf-8') as f:
        f.write(text)


def _remove(path):
    try:
        os.unlink(path)
    except OSError as exc:
        if exc.errno != errno.ENOENT:
            raise
