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

"""GET /v1/mservices: the conductors and their computed state."""

import datetime

from oslo_utils import timeutils
import pytest

from magnum.api.controllers.v1 import magnum_services
from magnum import objects
from magnum.tests.unit.api import conftest as helpers

pytestmark = helpers.SQLITE_ONLY

FIELDS = {'id', 'host', 'binary', 'state', 'disabled', 'disabled_reason',
          'report_count', 'created_at', 'updated_at'}


def _ago(seconds):
    return timeutils.utcnow() - datetime.timedelta(seconds=seconds)


def _service(db, host, **values):
    values = dict({'host': host, 'binary': 'magnum-conductor'}, **values)
    return db.create_magnum_service(values)


def test_admin_lists_every_service_with_its_state(noauth_app, db):
    fresh = _service(db, 'fresh', last_seen_up=_ago(5), report_count=7)
    _service(db, 'stale', last_seen_up=_ago(600), report_count=2)
    _service(db, 'forced', last_seen_up=_ago(1), forced_down=True)
    _service(db, 'never-reported')  # created just now: up
    _service(db, 'disabled', last_seen_up=_ago(5), disabled=True,
             disabled_reason='maintenance')

    response = noauth_app.get('/v1/mservices', headers=helpers.ADMIN)

    assert response.status_int == 200
    assert set(response.json) == {'mservices'}
    services = {s['host']: s for s in response.json['mservices']}
    assert {h: s['state'] for h, s in services.items()} == {
        'fresh': 'up', 'stale': 'down', 'forced': 'down',
        'never-reported': 'up', 'disabled': 'up'}
    first = services['fresh']
    assert set(first) == FIELDS
    assert first['id'] == fresh.id
    assert first['binary'] == 'magnum-conductor'
    assert first['report_count'] == 7
    assert first['disabled'] is False
    assert first['disabled_reason'] is None
    assert first['created_at'] is not None
    assert services['disabled']['disabled'] is True
    assert services['disabled']['disabled_reason'] == 'maintenance'


def test_the_list_is_never_paged(noauth_app, db, api_conf):
    api_conf.set_override('max_limit', 2, group='api')
    for n in range(4):
        _service(db, 'host-%d' % n, last_seen_up=_ago(1))
    body = noauth_app.get('/v1/mservices', headers=helpers.ADMIN).json
    assert len(body['mservices']) == 4
    assert 'next' not in body


def test_state_follows_service_down_time(noauth_app, db, api_conf):
    _service(db, 'h', last_seen_up=_ago(60))
    get = lambda: noauth_app.get(  # noqa: E731
        '/v1/mservices', headers=helpers.ADMIN).json['mservices'][0]
    assert get()['state'] == 'up'
    api_conf.set_override('service_down_time', 30)
    assert get()['state'] == 'down'


def test_empty_list(noauth_app, db):
    assert noauth_app.get('/v1/mservices',
                          headers=helpers.ADMIN).json == {'mservices': []}


@pytest.mark.parametrize('headers', [helpers.MEMBER_A, helpers.READER_A],
                         ids=['member', 'reader'])
def test_non_admins_are_refused(noauth_app, db, headers):
    _service(db, 'h', last_seen_up=_ago(1))
    response = noauth_app.get('/v1/mservices', headers=headers,
                              expect_errors=True)
    error = helpers.error_of(response, 403)
    assert 'magnum-service:get_all' in error['detail']


def test_clock_skew_counts_both_ways(db, ctx):
    now = timeutils.utcnow(with_timezone=True)
    service = objects.MagnumService(
        ctx, forced_down=False,
        last_seen_up=now + datetime.timedelta(seconds=100))
    assert magnum_services.service_is_up(service, now)
    service.last_seen_up = now + datetime.timedelta(seconds=1000)
    assert not magnum_services.service_is_up(service, now)
