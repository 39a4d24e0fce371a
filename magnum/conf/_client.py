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

"""Builds the options every ``[<service>_client]`` group shares."""

from oslo_config import cfg

ENDPOINT_TYPES = ['publicURL', 'internalURL', 'adminURL',
                  'public', 'internal', 'admin']


def make_group(service):
    return cfg.OptGroup(
        name='%s_client' % service.lower(),
        title='%s client' % service,
        help='Options for the client Magnum uses to call %s.' % service)


def common_opts(service, tls=True):
    """Region, endpoint interface and, if ``tls``, TLS options."""
    opts = [
        cfg.StrOpt(
            'region_name',
            help='Region in which to look up the %s endpoint. When '
                 'unset, the region of the request\'s service catalog '
                 'is used.' % service),
        cfg.StrOpt(
            'endpoint_type',
            default='publicURL',
            choices=ENDPOINT_TYPES,
            help='Interface of the %s endpoint to use from the service '
                 'catalog.' % service),
    ]
    if tls:
        opts += [
            cfg.StrOpt(
                'ca_file',
                help='CA bundle used to verify the %s endpoint. When '
                     'unset, the system bundle is used.' % service),
            cfg.StrOpt(
                'cert_file',
                help='Client certificate presented to %s.' % service),
            cfg.StrOpt(
                'key_file',
                help='Private key of cert_file.'),
            cfg.BoolOpt(
                'insecure',
                default=False,
                help='Skip verification of the %s server certificate. '
                     'For testing only.' % service),
        ]
    return opts


def api_version_opt(service, default):
    return cfg.StrOpt(
        'api_version',
        default=default,
        help='Version of the %s API to request.' % service)
