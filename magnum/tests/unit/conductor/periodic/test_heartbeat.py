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

import datetime

from oslo_utils import timeutils

from magnum.conductor import heartbeat
from magnum import objects
from magnum.tests.unit.conductor.periodic import conftest


def _row():
    return objects.MagnumService.get_by_host_and_binary(
        None, conftest.HOST, 'magnum-conductor')


def test_first_heartbeat_creates_the_row(tasks):
    row = _row()
    assert row.report_count == 1
    assert row.last_seen_up is not None
    assert row.binary == 'magnum-conductor'


def test_heartbeats_increment_and_move_last_seen_up(tasks):
    first = _row().last_seen_up
    tasks.heartbeat()
    tasks.heartbeat()
    row = _row()
    assert row.report_count == 3
    assert row.last_seen_up >= first
    assert len(objects.MagnumService.list(None)) == 1


def test_live_hosts_follow_service_down_time(tasks, conf, admin_ctx):
    other = heartbeat.report_up(admin_ctx, 'conductor-b')
    assert heartbeat.live_hosts(admin_ctx) == ['conductor-a', 'conductor-b']
    other.last_seen_up = timeutils.utcnow() - datetime.timedelta(
        seconds=181)
    other.save()
    assert heartbeat.live_hosts(admin_ctx) == ['conductor-a']
    conf.config(service_down_time=300)
    assert heartbeat.live_hosts(admin_ctx) == ['conductor-a', 'conductor-b']
    other.forced_down = True
    other.save()
    assert heartbeat.live_hosts(admin_ctx) == ['conductor-a']
