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

"""Encryption at rest of private keys with ``[certificates] encryption_key``.

The option holds one or more comma-separated Fernet keys: the first
encrypts, any of them decrypts, so a key is rotated by putting a new one
first and dropping the old one once everything has been re-written.
"""

from cryptography import fernet

from magnum.common import exception
import magnum.conf

CONF = magnum.conf.CONF


def configured():
    """Whether an encryption key is set."""
    return bool(_keys())


def _keys():
    value = CONF.certificates.encryption_key or ''
    return [key.strip() for key in value.split(',') if key.strip()]


def get_cipher(backend):
    """A ``MultiFernet`` over the configured keys.

    ``backend`` names the caller in errors. Raises
    ``CertificateEncryptionKeyMissing`` when no key is configured.
    """
    keys = _keys()
    if not keys:
        raise exception.CertificateEncryptionKeyMissing(backend=backend)
    try:
        return fernet.MultiFernet([fernet.Fernet(key) for key in keys])
    except (ValueError, TypeError):
        # Chaining the cause could show the (secret) key in a traceback.
        raise exception.CertificateEncryptionKeyInvalid(
            backend=backend) from None


def encrypt(cipher, text):
    """A Fernet token (``str``) for ``text``; ``None`` stays ``None``."""
    if text is None:
        return None
    if isinstance(text, str):
        text = text.encode('utf-8')
    return cipher.encrypt(text).decode('ascii')


def decrypt(cipher, token, cert_ref, backend):
    """The text behind ``token``; ``None`` stays ``None``."""
    if token is None:
        return None
    if isinstance(token, str):
        token = token.encode('ascii', 'replace')
    try:
        return cipher.decrypt(token).decode('utf-8')
    except fernet.InvalidToken:
        raise exception.CertificateDecryptionFailed(
            cert_ref=cert_ref, backend=backend) from None
