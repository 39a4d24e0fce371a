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

"""Magnum's options for oslo-config-generator, and library defaults.

Both functions are wired up in setup.cfg: ``list_opts`` under the
``oslo.config.opts`` entry point ``magnum`` and ``update_opt_defaults``
under ``oslo.config.opts.defaults``. Services call ``update_opt_defaults``
before parsing their configuration, so that the sample file and the running
services agree on those defaults.
"""

import collections

from oslo_config import cfg
from oslo_db import options as db_options
from oslo_log import log
import oslo_messaging
from oslo_messaging._drivers import amqp as om_amqp
from oslo_middleware import cors

import magnum.conf
from magnum.conf import database

CONTROL_EXCHANGE = 'magnum'

_REQUEST_HEADERS = [
    'X-Auth-Token',
    'X-Identity-Status',
    'X-Roles',
    'X-Service-Catalog',
    'X-User-Id',
    'X-Tenant-Id',
    'X-OpenStack-Request-ID',
    'X-Server-Management-Url',
    'OpenStack-API-Version',
]

_RESPONSE_HEADERS = _REQUEST_HEADERS + [
    'OpenStack-API-Minimum-Version',
    'OpenStack-API-Maximum-Version',
]

CORS_DEFAULTS = {
    'allow_headers': _REQUEST_HEADERS,
    'expose_headers': _RESPONSE_HEADERS,
    'allow_methods': ['GET', 'PUT', 'POST', 'DELETE', 'PATCH'],
}

EXTRA_LOG_LEVELS = [
    'pecan=WARN',
    'wsme=WARN',
    'heatclient=INFO',
    'alembic=WARN',
]


def list_opts():
    """Every Magnum option group and its options, sorted by group name.

    Groups that several modules contribute to (``DEFAULT``) are merged. The
    result is a list of ``(group, [opts])`` pairs where ``group`` is an
    ``OptGroup`` when a module describes the group, else its name.
    """
    groups = {}
    opts = collections.defaultdict(list)
    for module in magnum.conf.GROUP_MODULES:
        for group, group_opts in module.list_opts().items():
            name = group.name if isinstance(group, cfg.OptGroup) else group
            if isinstance(group, cfg.OptGroup) or name not in groups:
                groups[name] = group
            opts[name].extend(group_opts)
    names = sorted(groups, key=lambda name: (name != 'DEFAULT', name))
    return [(groups[name], opts[name]) for name in names]


def update_opt_defaults():
    """Change the defaults of library options Magnum wants differently."""
    cors.set_defaults(**CORS_DEFAULTS)
    log.set_defaults(
        default_log_levels=log.get_default_log_levels() + EXTRA_LOG_LEVELS)
    oslo_messaging.set_transport_defaults(control_exchange=CONTROL_EXCHANGE)
    # So the oslo.db namespace of the sample shows Magnum's connection.
    cfg.set_defaults(db_options.database_opts,
                     connection=database.DEFAULT_CONNECTION)
    # Durable topic queues and control exchange: a cast the broker confirmed
    # (the API then answered 202) is still there after a broker restart,
    # and so is one whose acknowledgement the restart cut off (the conductor
    # discards it, counting on redelivery). Transient queues lose both; see
    # magnum/tests/functional/rpc/test_broker_restart.py. Reply and fanout
    # queues stay transient. oslo.messaging reads the option from these
    # objects when it registers them, hence its private module.
    cfg.set_defaults(om_amqp.amqp_opts, amqp_durable_queues=True)
