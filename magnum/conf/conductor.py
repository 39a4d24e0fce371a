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

"""``[conductor]`` options: the magnum-conductor RPC service."""

from oslo_config import cfg

conductor_group = cfg.OptGroup(
    name='conductor',
    title='Magnum conductor',
    help='Options for the magnum-conductor service, which carries out '
         'cluster operations and keeps cluster status in step with the '
         'cloud.')

conductor_opts = [
    cfg.StrOpt(
        'topic',
        default='magnum-conductor',
        help='Message bus topic the conductors listen on and the API '
             'sends its requests to.'),
    cfg.IntOpt(
        'workers',
        min=1,
        sample_default='<number of CPUs>',
        help='Number of magnum-conductor worker processes. When unset, '
             'one per CPU is started.'),
    cfg.IntOpt(
        'status_sync_interval',
        default=2,
        min=1,
        help='Seconds between two rounds of the status synchronisation '
             'task, which reads the state of every in-progress cluster '
             'back from the orchestration service in one bulk query.'),
    cfg.IntOpt(
        'worker_pool_size',
        default=16,
        min=1,
        help='Size of the bounded thread pool each conductor process uses '
             'for long-running cluster workflows, so RPC handlers return '
             'quickly. While all of its threads are busy, further '
             'operations are refused with HTTP 503 (retry later) rather '
             'than queued (operations the API does not wait for first wait '
             'up to cast_slot_wait seconds); a refused create leaves the '
             'cluster CREATE_FAILED with that reason.'),
    cfg.IntOpt(
        'cast_slot_wait',
        default=60,
        min=0,
        help='Seconds an operation the API has already accepted without '
             'waiting for the conductor (cluster create, update, resize '
             'and delete, node group create, update and delete) waits for '
             'a free worker slot before it is refused. A burst of such '
             'requests then runs as slots free up instead of being '
             'refused at once; while they wait, further messages stay in '
             'the message queue. Operations the API waits for (certificate '
             'signing, CA rotation, upgrade) never wait: they get HTTP 503 '
             'at once. 0 refuses at once.'),
    cfg.IntOpt(
        'in_progress_timeout',
        default=3600,
        min=1,
        help='Seconds a cluster or node group may stay in an update, '
             'delete or rollback in-progress state before it is marked '
             'failed with a timeout reason. Creation uses the cluster\'s '
             'own create_timeout instead.'),
    cfg.IntOpt(
        'heartbeat_interval',
        default=10,
        min=1,
        help='Seconds between two heartbeats a conductor writes to its '
             'magnum_service row. Keep it well below [DEFAULT] '
             'service_down_time.'),
]


def register_opts(conf):
    conf.register_group(conductor_group)
    conf.register_opts(conductor_opts, group=conductor_group)


def list_opts():
    return {conductor_group: conductor_opts}
