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

"""``[docker_registry]`` options: a Swift-backed registry on cluster nodes."""

from oslo_config import cfg

docker_registry_group = cfg.OptGroup(
    name='docker_registry',
    title='Docker registry',
    help='Options for the container image registry that clusters may run '
         'with Swift as its storage.')

docker_registry_opts = [
    cfg.StrOpt(
        'swift_region',
        help='Region of the Swift service storing registry images. When '
             'unset, the region of the cluster is used.'),
    cfg.StrOpt(
        'swift_registry_container',
        default='docker_registry',
        help='Swift container holding registry images.'),
]


def register_opts(conf):
    conf.register_group(docker_registry_group)
    conf.register_opts(docker_registry_opts, group=docker_registry_group)


def list_opts():
    return {docker_registry_group: docker_registry_opts}
