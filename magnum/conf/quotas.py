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

"""``[quotas]`` options: per-project resource limits."""

from oslo_config import cfg

quotas_group = cfg.OptGroup(
    name='quotas',
    title='Quotas',
    help='Default per-project limits, used when a project has no quota '
         'of its own.')

quotas_opts = [
    cfg.IntOpt(
        'max_clusters_per_project',
        default=20,
        min=-1,
        help='Number of clusters a project may own. -1 means no limit.'),
]


def register_opts(conf):
    conf.register_group(quotas_group)
    conf.register_opts(quotas_opts, group=quotas_group)


def list_opts():
    return {quotas_group: quotas_opts}
