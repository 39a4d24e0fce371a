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

"""What every certificate storage backend offers."""

import abc

from magnum.common.x509 import operations


def _text(value):
    if isinstance(value, bytes):
        return value.decode('utf-8')
    return value


class Cert:
    """A certificate with its private key, intermediates and passphrase.

    Values are ``str`` (``bytes`` given to the constructor are decoded);
    missing parts are ``None``.
    """

    def __init__(self, certificate, private_key=None, intermediates=None,
                 private_key_passphrase=None):
        self.certificate = _text(certificate)
        self.private_key = _text(private_key)
        self.intermediates = _text(intermediates)
        self.private_key_passphrase = _text(private_key_passphrase)

    def get_certificate(self):
        return self.certificate

    def get_private_key(self):
        return self.private_key

    def get_intermediates(self):
        return self.intermediates

    def get_private_key_passphrase(self):
        return self.private_key_passphrase

    def get_decrypted_private_key(self):
        """The private key PEM without its passphrase protection."""
        if self.private_key_passphrase is None:
            return self.private_key
        return operations.decrypt_key(self.private_key,
                                      self.private_key_passphrase)

    def __repr__(self):
        # Never show key material.
        return '<Cert certificate=%s>' % (
            'set' if self.certificate else None)


class CertManager(metaclass=abc.ABCMeta):
    """Stores certificates and hands back an opaque reference to each.

    ``context`` is the request context of the caller where the backend
    needs one (the database backend records and scopes by its project;
    ``None`` means Magnum itself, with access to every project).
    """

    name = None

    @abc.abstractmethod
    def store_cert(self, certificate, private_key, intermediates=None,
                   private_key_passphrase=None, context=None, **kwargs):
        """Store the parts; returns the reference (a ``str``)."""

    @abc.abstractmethod
    def get_cert(self, cert_ref, context=None, **kwargs):
        """The ``Cert`` stored under ``cert_ref``.

        Raises ``CertificateNotFound`` when there is none.
        """

    @abc.abstractmethod
    def delete_cert(self, cert_ref, context=None, **kwargs):
        """Remove everything stored under ``cert_ref``.

        Raises ``CertificateNotFound`` when there is nothing to remove.
        """
