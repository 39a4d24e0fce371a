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

"""``[cluster]`` options: settings shared by every cluster Magnum builds."""

from oslo_config import cfg

cluster_group = cfg.OptGroup(
    name='cluster',
    title='Clusters',
    help='Options applying to all clusters, whatever their driver.')

cluster_opts = [
    cfg.StrOpt(
        'etcd_discovery_service_endpoint_format',
        default='https://discovery.etcd.io/new?size=%(size)d',
        help='URL used to obtain a new etcd discovery token for a '
             'cluster. "%(size)d" is replaced by the number of master '
             'nodes.'),
    cfg.StrOpt(
        'nodes_affinity_policy',
        default='soft-anti-affinity',
        choices=['affinity', 'anti-affinity', 'soft-affinity',
                 'soft-anti-affinity'],
        help='Nova server group policy applied to the nodes of a node '
             'group, controlling whether they share hypervisors.'),
    cfg.StrOpt(
        'temp_cache_dir',
        default='/var/lib/magnum/certificate-cache',
        help='Directory where the conductor caches, per cluster, the CA '
             'and client certificate it uses to talk to the cluster\'s '
             'API. If the directory does not exist, short-lived '
             'temporary files are used instead.'),
    cfg.IntOpt(
        'pre_delete_lb_timeout',
        default=60,
        min=0,
        help='Seconds to wait for load balancers created inside a '
             'cluster (for example by Kubernetes services) to be removed '
             'before the cluster itself is deleted.'),
]


def register_opts(conf):
    conf.register_group(cluster_group)
    conf.register_opts(cluster_opts, group=cluster_group)


def list_opts():
    return {cluster_group: cluster_opts}
