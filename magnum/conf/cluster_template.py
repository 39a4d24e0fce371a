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

"""``[cluster_template]`` options: which network drivers templates may use."""

from oslo_config import cfg

cluster_template_group = cfg.OptGroup(
    name='cluster_template',
    title='Cluster templates',
    help='Options validating the network driver requested by a cluster '
         'template, per container orchestration engine.')

cluster_template_opts = [
    cfg.ListOpt(
        'kubernetes_allowed_network_drivers',
        default=['flannel', 'calico'],
        help='Network drivers a Kubernetes cluster template may request.'),
    cfg.StrOpt(
        'kubernetes_default_network_driver',
        default='flannel',
        help='Network driver given to a Kubernetes cluster template that '
             'does not name one.'),
    cfg.ListOpt(
        'swarm_allowed_network_drivers',
        default=['docker', 'flannel'],
        help='Network drivers a Docker Swarm cluster template may '
             'request.'),
    cfg.StrOpt(
        'swarm_default_network_driver',
        default='docker',
        help='Network driver given to a Docker Swarm cluster template '
             'that does not name one.'),
    cfg.ListOpt(
        'mesos_allowed_network_drivers',
        default=['docker'],
        help='Network drivers a Mesos cluster template may request.'),
    cfg.StrOpt(
        'mesos_default_network_driver',
        default='docker',
        help='Network driver given to a Mesos cluster template that does '
             'not name one.'),
]


def register_opts(conf):
    conf.register_group(cluster_template_group)
    conf.register_opts(cluster_template_opts, group=cluster_template_group)


def list_opts():
    return {cluster_template_group: cluster_template_opts}
