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

"""MagnumService objects on a real database (every engine)."""

import datetime

from oslo_utils import timeutils
import pytest

from magnum.common import exception
from magnum import objects
from magnum.objects import fields as m_fields

CONDUCTOR = m_fields.MagnumServiceBinary.MAGNUM_CONDUCTOR


@pytest.fixture
def service(db, admin_ctx):
    service = objects.MagnumService(admin_ctx, host='node-1',
                                    binary=CONDUCTOR)
    service.create()
    return service


def test_create_and_get_by_host_and_binary(service, admin_ctx):
    found = objects.MagnumService.get_by_host_and_binary(
        admin_ctx, 'node-1', CONDUCTOR)
    assert found.id == service.id
    assert found.report_count == 0
    assert found.disabled is False
    assert found.forced_down is False


def test_unknown_service_is_none(db, admin_ctx):
    assert objects.MagnumService.get_by_host_and_binary(
        admin_ctx, 'nowhere', CONDUCTOR) is None


def test_duplicate_is_refused(service, admin_ctx):
    twin = objects.MagnumService(admin_ctx, host='node-1', binary=CONDUCTOR)
    with pytest.raises(exception.MagnumServiceAlreadyExists):
        twin.create()


def test_report_state_up(service, admin_ctx):
    before = timeutils.utcnow(with_timezone=True).replace(microsecond=0)
    service.report_state_up()
    service.report_state_up()
    after = timeutils.utcnow(with_timezone=True) + datetime.timedelta(
        seconds=1)

    stored = objects.MagnumService.get_by_host_and_binary(
        admin_ctx, 'node-1', CONDUCTOR)
    assert stored.report_count == 2
    # Stored as naive UTC and read back as aware UTC: no time zone shift.
    assert before <= stored.last_seen_up <= after


def test_list_save_destroy(service, admin_ctx):
    other = objects.MagnumService(admin_ctx, host='node-2',
                                  binary=CONDUCTOR)
    other.create()
    listed = objects.MagnumService.list(admin_ctx)
    assert [s.host for s in listed] == ['node-1', 'node-2']
    page = objects.MagnumService.list(admin_ctx, marker=service.id)
    assert [s.host for s in page] == ['node-2']

    service.disabled = True
    service.disabled_reason = 'maintenance'
    service.save()
    stored = objects.MagnumService.get_by_host_and_binary(
        admin_ctx, 'node-1', CONDUCTOR)
    assert (stored.disabled, stored.disabled_reason) == (True, 'maintenance')

    service.destroy()
    assert objects.MagnumService.get_by_host_and_binary(
        admin_ctx, 'node-1', CONDUCTOR) is None
