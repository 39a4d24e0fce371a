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

"""``[DEFAULT]`` options: host identity, paths, periodic work, misc limits."""

import os
import socket
import sysconfig

from oslo_config import cfg

_PACKAGE_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))

default_opts = [
    cfg.StrOpt(
        'host',
        default=socket.gethostname(),
        sample_default='<this machine\'s hostname>',
        help='Name this process reports for itself: the host column of '
             'its magnum_service row, the server name of its RPC '
             'listener and the publisher of its notifications. Each '
             'conductor sharing a database and message bus must use a '
             'distinct value. Defaults to the hostname returned by the '
             'operating system when the service starts.'),
    cfg.BoolOpt(
        'periodic_enable',
        default=True,
        help='Run the periodic tasks (cluster status and health '
             'synchronisation, service heartbeat) in the conductor.'),
    cfg.IntOpt(
        'periodic_interval_max',
        default=60,
        min=1,
        help='Longest time, in seconds, the periodic task runner sleeps '
             'between two rounds of due tasks.'),
    cfg.IntOpt(
        'service_down_time',
        default=180,
        min=1,
        help='Seconds without a heartbeat after which a Magnum service is '
             'reported as down and its share of the clusters is taken '
             'over by the remaining conductors.'),
    cfg.StrOpt(
        'pybasedir',
        default=_PACKAGE_DIR,
        sample_default='<directory of the installed magnum package>',
        help='Directory holding the installed magnum Python package; used '
             'to locate files shipped with it such as driver templates.'),
    cfg.StrOpt(
        'bindir',
        default=sysconfig.get_path('scripts'),
        sample_default='<scripts directory of the Python environment>',
        help='Directory where the Magnum console scripts are installed.'),
    cfg.StrOpt(
        'state_path',
        default='/var/lib/magnum',
        help='Top-level directory for the state Magnum keeps on local '
             'disk. Other path options may refer to it as $state_path.'),
    cfg.StrOpt(
        'tempdir',
        help='Directory for temporary files. When unset, the platform '
             'default temporary directory is used.'),
    cfg.ListOpt(
        'password_symbols',
        default=['23456789',
                 'ABCDEFGHJKLMNPQRSTUVWXYZ',
                 'abcdefghijkmnopqrstuvwxyz'],
        help='Character groups used to generate passwords. Every '
             'generated password contains at least one character from '
             'each group; look-alike characters are left out on purpose.'),
    cfg.IntOpt(
        'max_manifest_size',
        default=524288,
        min=1,
        help='Largest manifest, in bytes, Magnum accepts when fetching a '
             'file referenced by a cluster (for example a post-install '
             'manifest).'),
    cfg.StrOpt(
        'rootwrap_config',
        default='/etc/magnum/rootwrap.conf',
        help='Path to the rootwrap configuration used when Magnum has to '
             'run a command as root.'),
]


def register_opts(conf):
    conf.register_opts(default_opts)


def list_opts():
    return {'DEFAULT': default_opts}
