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

"""``x509keypair``: certificates in Magnum's database.

The private key and its passphrase are Fernet-encrypted with
``[certificates] encryption_key`` before they reach the database; without a
key the backend refuses to work rather than store them in clear. The
reference is the row's uuid.
"""

from oslo_utils import uuidutils

from magnum.common.cert_manager import cert_manager
from magnum.common.cert_manager import encryption
from magnum.common import context as magnum_context
from magnum.common import exception
from magnum import objects

NAME = 'x509keypair'


def _context(context):
    return context or magnum_context.make_admin_context(all_tenants=True)


class X509KeyPairCertManager(cert_manager.CertManager):

    name = NAME

    def store_cert(self, certificate, private_key, intermediates=None,
                   private_key_passphrase=None, context=None, **kwargs):
        cipher = encryption.get_cipher(NAME)
        cert = cert_manager.Cert(certificate, private_key, intermediates,
                                 private_key_passphrase)
        context = _context(context)
        keypair = objects.X509KeyPair(
            context,
            uuid=uuidutils.generate_uuid(),
            certificate=cert.certificate,
            private_key=encryption.encrypt(cipher, cert.private_key),
            private_key_passphrase=encryption.encrypt(
                cipher, cert.private_key_passphrase),
            intermediates=cert.intermediates,
            project_id=context.project_id,
            user_id=context.user_id)
        keypair.create()
        return keypair.uuid

    def _get(self, cert_ref, context):
        if not uuidutils.is_uuid_like(cert_ref):
            raise exception.CertificateNotFound(cert_ref=cert_ref)
        try:
            return objects.X509KeyPair.get_by_uuid(_context(context),
                                                   cert_ref)
        except exception.X509KeyPairNotFound:
            raise exception.CertificateNotFound(cert_ref=cert_ref) from None

    def get_cert(self, cert_ref, context=None, **kwargs):
        cipher = encryption.get_cipher(NAME)
        keypair = self._get(cert_ref, context)
        return cert_manager.Cert(
            certificate=keypair.certificate,
            private_key=encryption.decrypt(
                cipher, keypair.private_key, cert_ref, NAME),
            intermediates=keypair.intermediates,
            private_key_passphrase=encryption.decrypt(
                cipher, keypair.private_key_passphrase, cert_ref, NAME))

    def delete_cert(self, cert_ref, context=None, **kwargs):
        keypair = self._get(cert_ref, context)
        try:
            keypair.destroy()
        except exception.X509KeyPairNotFound:
            raise exception.CertificateNotFound(cert_ref=cert_ref) from None
