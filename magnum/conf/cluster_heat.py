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

"""``[cluster_heat]`` options: how Heat-based drivers drive their stacks."""

from oslo_config import cfg

cluster_heat_group = cfg.OptGroup(
    name='cluster_heat',
    title='Heat-based clusters',
    help='Options for drivers that build clusters as Heat stacks.')

cluster_heat_opts = [
    cfg.IntOpt(
        'max_attempts',
        default=2000,
        min=1,
        help='Largest number of times a Heat stack is polled while '
             'waiting for one operation to finish.'),
    cfg.IntOpt(
        'wait_interval',
        default=1,
        min=1,
        help='Seconds between two polls of a Heat stack.'),
    cfg.IntOpt(
        'create_timeout',
        default=60,
        min=0,
        help='Minutes a cluster stack may take to be created when the '
             'request gives no create_timeout. 0 means no timeout.'),
    cfg.IntOpt(
        'delete_retries',
        default=2,
        min=0,
        help='How many times the status sync asks Heat again to delete a '
             'stack that reached DELETE_FAILED (resources still busy, a '
             'port not yet released, ...) before the cluster or '
             'nodegroup is reported DELETE_FAILED with the resource that '
             'blocks. 0 reports the first failure.'),
]


def register_opts(conf):
    conf.register_group(cluster_heat_group)
    conf.register_opts(cluster_heat_opts, group=cluster_heat_group)


def list_opts():
    return {cluster_heat_group: cluster_heat_opts}
