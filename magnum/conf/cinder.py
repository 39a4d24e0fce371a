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

"""``[cinder]`` options: volume defaults for cluster nodes."""

from oslo_config import cfg

cinder_group = cfg.OptGroup(
    name='cinder',
    title='Cinder volumes',
    help='Defaults for the Cinder volumes attached to cluster nodes.')

cinder_opts = [
    cfg.StrOpt(
        'default_docker_volume_type',
        default='',
        help='Volume type for container storage volumes when the cluster '
             'template gives none. Empty means Cinder\'s default type.'),
    cfg.StrOpt(
        'default_etcd_volume_type',
        default='',
        help='Volume type for etcd data volumes when the cluster template '
             'gives none. Empty means Cinder\'s default type.'),
    cfg.StrOpt(
        'default_boot_volume_type',
        default='',
        help='Volume type for boot volumes when the cluster template '
             'gives none. Empty means Cinder\'s default type.'),
    cfg.IntOpt(
        'default_boot_volume_size',
        default=0,
        min=0,
        help='Size in GiB of node boot volumes when the cluster template '
             'gives none. 0 boots from the image on local disk instead.'),
]


def register_opts(conf):
    conf.register_group(cinder_group)
    conf.register_opts(cinder_opts, group=cinder_group)


def list_opts():
    return {cinder_group: cinder_opts}
