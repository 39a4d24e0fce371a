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

"""``[drivers]`` options: which cluster drivers are used, and how."""

from oslo_config import cfg

drivers_group = cfg.OptGroup(
    name='drivers',
    title='Cluster drivers',
    help='Options selecting cluster drivers and settings shared by them.')

drivers_opts = [
    cfg.BoolOpt(
        'verify_ca',
        default=True,
        help='Have cluster nodes verify the TLS certificates of the '
             'OpenStack services they call.'),
    cfg.StrOpt(
        'openstack_ca_file',
        default='',
        help='CA bundle handed to cluster nodes so they can verify the '
             'OpenStack endpoints. Empty means the nodes\' system '
             'bundle.'),
    cfg.ListOpt(
        'disabled_drivers',
        default=[],
        help='Names of installed drivers that must not be used for new '
             'cluster templates.'),
    cfg.ListOpt(
        'enabled_beta_drivers',
        default=[],
        help='Names of drivers marked beta that may nonetheless be used.'),
    cfg.StrOpt(
        'default_driver',
        help='Driver a new cluster template gets when neither the request '
             'nor the image property magnum_driver names one, and the '
             'driver preferred when several installed drivers provide the '
             'same (server type, OS, COE) combination. When unset, the '
             'first enabled non-beta driver in alphabetical order is '
             'used.'),
]


def register_opts(conf):
    conf.register_group(drivers_group)
    conf.register_opts(drivers_opts, group=drivers_group)


def list_opts():
    return {drivers_group: drivers_opts}
