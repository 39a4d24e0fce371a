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

"""``[x509]`` options: how Magnum generates and signs certificates."""

from oslo_config import cfg
from oslo_config import types

EXTENSION_NAMES = [
    'basicConstraints', 'keyUsage', 'extendedKeyUsage',
    'subjectKeyIdentifier', 'authorityKeyIdentifier', 'subjectAltName',
    'issuerAltName', 'authorityInfoAccess', 'crlDistributionPoints',
    'certificatePolicies', 'nameConstraints', 'policyConstraints',
    'inhibitAnyPolicy',
]

KEY_USAGE_NAMES = [
    'Digital Signature', 'Non Repudiation', 'Key Encipherment',
    'Data Encipherment', 'Key Agreement', 'Certificate Sign', 'CRL Sign',
    'Encipher Only', 'Decipher Only',
]

x509_group = cfg.OptGroup(
    name='x509',
    title='X.509 certificates',
    help='Options for the certificates Magnum generates for clusters and '
         'for the certificate signing requests it signs.')

x509_opts = [
    cfg.BoolOpt(
        'allow_ca',
        default=False,
        help='Let a signed certificate keep the CA bit (basicConstraints '
             'ca=true, keyCertSign, cRLSign) when the signing request '
             'asks for it. When false those bits are removed.'),
    cfg.ListOpt(
        'allowed_extensions',
        item_type=types.String(choices=EXTENSION_NAMES),
        default=['keyUsage', 'extendedKeyUsage', 'subjectAltName',
                 'basicConstraints', 'subjectKeyIdentifier'],
        help='Extensions copied from a signing request into the signed '
             'certificate. Others are dropped; a request carrying a '
             'critical extension not in this list is rejected.'),
    cfg.ListOpt(
        'allowed_key_usage',
        item_type=types.String(choices=KEY_USAGE_NAMES),
        default=['Digital Signature', 'Key Encipherment',
                 'Non Repudiation'],
        help='Key usages a signed certificate may keep from its signing '
             'request.'),
    cfg.IntOpt(
        'term_of_validity',
        default=365 * 5,
        min=1,
        help='Days a generated or signed certificate stays valid.'),
    cfg.IntOpt(
        'rsa_key_size',
        default=2048,
        min=2048,
        help='Size in bits of the RSA keys Magnum generates.'),
    cfg.IntOpt(
        'key_pool_size',
        default=10,
        min=0,
        help='RSA private keys of rsa_key_size bits each conductor process '
             'keeps generated in advance, so that creating a cluster (five '
             'keys) does not wait for key generation. A background thread '
             'refills the pool as keys are taken; every key is handed out '
             'once only, and keys are generated on demand when the pool is '
             'empty. 0 disables the pool.'),
]


def register_opts(conf):
    conf.register_group(x509_group)
    conf.register_opts(x509_opts, group=x509_group)


def list_opts():
    return {x509_group: x509_opts}
