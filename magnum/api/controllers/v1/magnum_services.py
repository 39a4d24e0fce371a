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

"""``/v1/mservices``: the Magnum services (conductors) and whether they
are up. Admin only by default; the list is never paged."""

import datetime

from oslo_utils import timeutils
import pecan
from pecan import rest
import wsme
from wsme import types as wtypes

from magnum.api.controllers import base
from magnum.api.controllers.v1 import collection
from magnum.api.controllers.v1 import types
from magnum.api import expose
from magnum.common import policy
import magnum.conf
from magnum import objects
from magnum.objects import fields

CONF = magnum.conf.CONF


def service_is_up(service, now=None):
    """Whether ``service`` (a MagnumService) reported recently enough.

    A service forced down is down. Otherwise its last heartbeat (or, before
    the first one, its last update or its creation) must lie within
    ``[DEFAULT] service_down_time`` seconds of now, in either direction, so
    that clock skew between hosts does not flap it.
    """
    if service.forced_down:
        return False
    last = service.last_seen_up or service.updated_at or service.created_at
    if last is None:
        return False
    if last.tzinfo is None:
        last = last.replace(tzinfo=datetime.timezone.utc)
    now = now or timeutils.utcnow(with_timezone=True)
    elapsed = (now - last).total_seconds()
    return abs(elapsed) <= CONF.service_down_time


class MagnumService(base.APIBase):

    id = wsme.wsattr(wtypes.IntegerType(minimum=1), readonly=True)
    host = wtypes.text
    binary = wtypes.text
    state = wtypes.Enum(wtypes.text, *fields.MagnumServiceState.ALL)
    """``up`` or ``down``, from the heartbeats."""
    disabled = types.boolean
    disabled_reason = wtypes.text
    report_count = wtypes.IntegerType(minimum=0)

    @classmethod
    def convert(cls, service, now=None):
        up = service_is_up(service, now)
        return cls(
            id=service.id, host=service.host, binary=service.binary,
            state=(fields.MagnumServiceState.UP if up
                   else fields.MagnumServiceState.DOWN),
            disabled=service.disabled,
            disabled_reason=service.disabled_reason,
            report_count=service.report_count,
            created_at=service.created_at, updated_at=service.updated_at)


class MagnumServiceCollection(collection.Collection):

    mservices = [MagnumService]
    _type = 'mservices'


class MagnumServiceController(rest.RestController):

    @expose.expose(MagnumServiceCollection)
    def get_all(self):
        """Every registered Magnum service with its state."""
        context = pecan.request.context
        policy.authorize(context, 'magnum-service:get_all')
        now = timeutils.utcnow(with_timezone=True)
        services = objects.MagnumService.list(context)
        return MagnumServiceCollection(
            mservices=[MagnumService.convert(s, now) for s in services])
