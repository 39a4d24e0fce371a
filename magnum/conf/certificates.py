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

"""``[certificates]`` options: where cluster certificates are stored."""

from oslo_config import cfg

certificates_group = cfg.OptGroup(
    name='certificates',
    title='Certificate storage',
    help='Options for storing the certificate authorities and client '
         'certificates Magnum generates for each cluster.')

certificates_opts = [
    cfg.StrOpt(
        'cert_manager_type',
        default='barbican',
        choices=[
            ('barbican', 'Store certificates and keys as Barbican '
                         'secrets. Recommended for production.'),
            ('x509keypair', 'Store certificates in Magnum\'s database, '
                            'private keys encrypted with encryption_key.'),
            ('local', 'Store certificates as files under storage_path. '
                      'For development only: it does not work with more '
                      'than one conductor host.'),
        ],
        help='Backend that stores cluster certificates.'),
    cfg.StrOpt(
        'storage_path',
        default='/var/lib/magnum/certificates/',
        help='Directory used by the "local" certificate backend, which '
             'is for development only. Its files are mode 0600; private '
             'keys and passphrases in them are encrypted only when '
             'encryption_key is set.'),
    cfg.StrOpt(
        'encryption_key',
        secret=True,
        help='Keys with which the "x509keypair" backend (and the "local" '
             'backend, when set) encrypts the private keys and passphrases '
             'it writes: a comma-separated list of URL-safe base64-encoded '
             '32-byte Fernet keys, for example the output of "python3 -c '
             '\'from cryptography.fernet import Fernet; '
             'print(Fernet.generate_key().decode())\'". The first key '
             'encrypts, any key decrypts: to rotate, put a new key first '
             'and remove the old one once no stored key uses it. Required '
             'by the "x509keypair" backend, which refuses to store keys '
             'in clear; keep it secret and identical on every conductor, '
             'since stored keys cannot be read without it.'),
    cfg.IntOpt(
        'expiry_warning_days',
        default=30,
        min=0,
        help='How many days ahead "magnum-status upgrade check" warns '
             'about clusters whose Kubernetes CA or Magnum client '
             'certificate is about to expire. Certificates already '
             'expired are reported as a failure whatever this value; 0 '
             'reports those only. Rotating the CA of a cluster '
             '("openstack coe ca rotate") renews both certificates.'),
]


def register_opts(conf):
    conf.register_group(certificates_group)
    conf.register_opts(certificates_opts, group=certificates_group)


def list_opts():
    return {certificates_group: certificates_opts}
