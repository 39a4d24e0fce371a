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

"""Conductor RPC over a real RabbitMQ broker.

``rabbit_url``
    ``MAGNUM_TEST_RABBIT_URL`` or ``rabbit://guest:guest@127.0.0.1:5672/``.
    An unreachable broker skips these tests, unless
    ``MAGNUM_TEST_REQUIRE_ENGINES=1`` (then they fail) — as for the
    database servers in ``magnum/tests/conftest.py``.
``rabbit_messaging``
    Global CONF pointed at the broker, with Magnum's library defaults (as
    the services have them: durable queues and control exchange, which
    RabbitMQ will not let another client redeclare transient), Magnum's
    transports reset around the test.
``topic``
    A topic unique to the test; its queues are deleted afterwards.
"""

import os

import kombu
from oslo_messaging import conffixture
from oslo_utils import uuidutils
import pytest

from magnum.common import rpc
import magnum.conf
from magnum.conf import opts

CONF = magnum.conf.CONF

DEFAULT_URL = 'rabbit://guest:guest@127.0.0.1:5672/'


def _kombu_url(url):
    return 'amqp://' + url.split('://', 1)[1]


@pytest.fixture(scope='session')
def rabbit_url():
    url = os.environ.get('MAGNUM_TEST_RABBIT_URL') or DEFAULT_URL
    try:
        with kombu.Connection(_kombu_url(url), connect_timeout=5) as conn:
            conn.ensure_connection(max_retries=1)
    except Exception as exc:  # any failure means "no broker here"
        reason = 'RabbitMQ at %s unreachable: %s' % (
            url.split('@')[-1], str(exc).splitlines()[0] if str(exc) else
            type(exc).__name__)
        if os.environ.get('MAGNUM_TEST_REQUIRE_ENGINES') == '1':
            pytest.fail(reason + ' (MAGNUM_TEST_REQUIRE_ENGINES=1)')
        pytest.skip(reason)
    return url


@pytest.fixture
def rabbit_messaging(rabbit_url):
    opts.update_opt_defaults()
    fixture = conffixture.ConfFixture(CONF)
    fixture.setUp()
    fixture.transport_url = rabbit_url
    rpc.cleanup()
    try:
        yield CONF
    finally:
        rpc.cleanup()
        fixture.cleanUp()


@pytest.fixture
def topic(rabbit_url):
    name = 'magnum-conductor-functest-%s' % uuidutils.generate_uuid()[:12]
    yield name
    # The topic queue outlives its consumers by design (that is what keeps
    # casts for a restarting conductor); remove this test's queues.
    with kombu.Connection(_kombu_url(rabbit_url)) as conn:
        channel = conn.channel()
        for queue in (name, '%s.conductor-a' % name,
                      '%s.conductor-b' % name):
            try:
                channel.queue_delete(queue)
            except Exception:  # absent queue closes the channel
                channel = conn.channel()
