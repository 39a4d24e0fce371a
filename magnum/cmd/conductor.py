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

"""``magnum-conductor``: the RPC service and the periodic tasks.

oslo.service's launcher (threading backend) runs ``[conductor] workers``
processes serving the RPC topic, and one more process running the periodic
tasks of this host (heartbeat, status sync, health), so those run once per
host whatever the number of workers. Before any of them starts, the
reservations an earlier run of this host left behind are dropped: a
conductor that has just started has no work in flight.

SIGTERM stops consuming messages, lets running workflows finish for up to
``[DEFAULT] graceful_shutdown_timeout`` seconds, then frees this host's
reservations so the status sync reconciles whatever was cut short.

    magnum-conductor [--config-file FILE] [--config-dir DIR]
"""

import os
import sys
import threading

from oslo_log import log
from oslo_service import service

from magnum.api import app
from magnum.common import rpc_service
from magnum.common.x509 import key_pool
import magnum.conf
from magnum.conductor import handlers as handlers_mod
from magnum.conductor import manager
from magnum.conductor import reservation
from magnum.objects import base as objects_base

CONF = magnum.conf.CONF
LOG = log.getLogger(__name__)

# Used when [DEFAULT] graceful_shutdown_timeout is 0 (no limit) or absent.
DEFAULT_SHUTDOWN_BOUND = 60


def shutdown_bound():
    try:
        value = CONF.graceful_shutdown_timeout
    except Exception:  # registered by oslo.service's launcher only
        value = None
    if not value:
        return DEFAULT_SHUTDOWN_BOUND
    # Leave a little of the launcher's own deadline for the last steps.
    return max(1, value - 2)


class ConductorService(service.ServiceBase):
    """The RPC server over ``Handlers``; built in the process it runs in."""

    def __init__(self, host=None, topic=None):
        self.host = host or CONF.host
        self.topic = topic or CONF.conductor.topic
        self.handlers = None
        self.rpc = None
        self._stopped = threading.Event()

    def start(self):
        # Cluster creates then take their RSA keys ready-made.
        key_pool.start()
        self.handlers = handlers_mod.Handlers(host=self.host)
        self.rpc = rpc_service.Service(
            [manager.ConductorEndpoint(self.handlers)],
            serializer=objects_base.MagnumObjectSerializer(),
            topic=self.topic, host=self.host)
        self.rpc.start()
        LOG.info('Conductor %s serving topic %s (pid %d)', self.host,
                 self.topic, os.getpid())

    def stop(self):
        if self.rpc is None:
            return
        LOG.info('Conductor %s stopping', self.host)
        self.rpc.stop()
        self.rpc.wait()
        self.handlers.shutdown(shutdown_bound())
        self._stopped.set()

    def wait(self):
        # The launcher waits right after start; the RPC server's own wait
        # is only meant for after stop (and warns of a hang otherwise).
        self._stopped.wait()

    def reset(self):
        pass


class PeriodicService(service.ServiceBase):
    """The host's periodic tasks, when ``magnum.conductor.periodic`` is
    installed; otherwise nothing."""

    def __init__(self, host=None):
        self.host = host or CONF.host
        self.tasks = None
        self._stopped = threading.Event()

    def start(self):
        tasks_cls = periodic_tasks_class()
        if tasks_cls is None:
            LOG.warning('No periodic tasks in this build: clusters are not '
                        'followed after their driver calls')
            return
        self.tasks = tasks_cls(self.host)
        self.tasks.start()

    def stop(self):
        if self.tasks is not None:
            self.tasks.stop()
            self.tasks.wait(shutdown_bound())
        self._stopped.set()

    def wait(self):
        # Joining the task threads is stop()'s job; two joiners at once
        # would race over the tasks' thread attributes.
        self._stopped.wait()

    def reset(self):
        pass


def periodic_tasks_class():
    try:
        from magnum.conductor import periodic
    except ImportError:
        return None
    return getattr(periodic, 'PeriodicTasks', None)


def workers():
    return CONF.conductor.workers or os.cpu_count() or 1


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    app.prepare_service(argv)
    host = CONF.host
    reservation.release_host(host)
    launcher = service.ServiceLauncher(CONF, restart_method='mutate')
    launcher.launch_service(ConductorService(host), workers=workers())
    launcher.launch_service(PeriodicService(host), workers=1)
    return launcher.wait() or 0


if __name__ == '__main__':
    sys.exit(main())
