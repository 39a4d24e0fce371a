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

"""``[api]`` options: the magnum-api HTTP server."""

from oslo_config import cfg

api_group = cfg.OptGroup(
    name='api',
    title='Magnum API server',
    help='Options for the magnum-api service and its REST interface.')

api_opts = [
    cfg.PortOpt(
        'port',
        default=9511,
        help='TCP port magnum-api listens on.'),
    cfg.HostAddressOpt(
        'host',
        default='127.0.0.1',
        help='Address magnum-api binds to.'),
    cfg.IntOpt(
        'max_limit',
        default=1000,
        min=1,
        help='Largest number of items a single list request returns. A '
             'request asking for more, or for no limit, is capped here.'),
    cfg.StrOpt(
        'api_paste_config',
        default='api-paste.ini',
        help='Paste Deploy file describing the API middleware pipeline. '
             'A relative path is looked up next to the configuration '
             'files.'),
    cfg.BoolOpt(
        'enabled_ssl',
        default=False,
        help='Serve the API over HTTPS, using ssl_cert_file and '
             'ssl_key_file. Only applies to the standalone magnum-api '
             'server, not to a WSGI container.'),
    cfg.StrOpt(
        'ssl_cert_file',
        help='PEM certificate (and chain) presented when enabled_ssl is '
             'true.'),
    cfg.StrOpt(
        'ssl_key_file',
        help='PEM private key matching ssl_cert_file.'),
    cfg.IntOpt(
        'workers',
        min=1,
        sample_default='<number of CPUs>',
        help='Number of magnum-api worker processes. When unset, one per '
             'CPU is started.'),
    cfg.IntOpt(
        'threads',
        default=4,
        min=1,
        help='Number of threads serving requests in each magnum-api '
             'worker process (standalone magnum-api server only).'),
    cfg.BoolOpt(
        'validate_cloud_resources',
        default=True,
        help='Check, when a cluster template or a cluster is created, that '
             'the OpenStack resources it names exist and may be used by '
             'the caller: the Glance image (and its os_distro property), '
             'the Nova flavors and keypair, the Neutron networks and '
             'subnet. Set to false only when Magnum runs without a cloud '
             '(embedded or development mode): then nothing is checked, and '
             'an image name is taken as given with default_os_distro as '
             'its distribution.'),
    cfg.StrOpt(
        'default_os_distro',
        default='fedora-coreos',
        help='Distribution assumed for a cluster template\'s image when '
             'validate_cloud_resources is false and Glance is therefore '
             'not asked for the image\'s os_distro property.'),
]


def register_opts(conf):
    conf.register_group(api_group)
    conf.register_opts(api_opts, group=api_group)


def list_opts():
    return {api_group: api_opts}
