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

"""The conductor's heartbeat and who counts as alive.

A conductor upserts its magnum_service row and bumps report_count
and last_seen_up every [conductor] heartbeat_interval seconds. A
conductor is live while that heartbeat is younger than
[DEFAULT] service_down_time and it is not forced down; the live ones
make up the hash ring that shares the clusters out.
"""

import datetime

from oslo_utils import timeutils

from magnum.common import exception
import magnum.conf
from magnum import objects
from magnum.objects import fields

CONF = magnum.conf.CONF

BINARY = fields.MagnumServiceBinary.MAGNUM_CONDUCTOR


def report_up(context, host, binary=BINARY):
    """Record one heartbeat of host; returns the service object."""
    service = objects.MagnumService.get_by_host_and_binary(
        context, host, binary)
    if service is None:
        service = objects.MagnumService(context, host=host, binary=binary,
                                        report_count=0)
        try:
            service.create()
        except exception.MagnumServiceAlreadyExists:
            # Another worker process of this host registered it first.
            service = objects.MagnumService.get_by_host_and_binary(
                context, host, binary)
    service.report_state_up()
    return service


def _aware(value):
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    return value


def is_up(service, now=None):
    """Whether service reported within service_down_time (either
    direction, so clock skew between hosts does not flap it)."""
    if service.forced_down:
        return False
    last = _aware(service.last_seen_up or service.updated_at
                  or service.created_at)
    if last is None:
        return False
    now = now or timeutils.utcnow(with_timezone=True)
    return abs((now - last).total_seconds()) <= CONF.service_down_time


def live_hosts(context, binary=BINARY, now=None):
    """The hosts of the live services running binary."""
    return sorted({service.host
                   for service in objects.MagnumService.list(context)
                   if service.binary == binary and service.host
                   and is_up(service, now)})
