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

"""``magnum-all``: API, conductor and periodic tasks in one process.

The embedded mode for developers and the local cloud demo. Messaging
defaults to oslo.messaging's in-process ``fake://`` transport (so nothing
but this process can reach the conductor) and the database to SQLite
(``[database] connection``'s default under ``$state_path``); a SQLite
database is brought to the newest schema at start, as ``magnum-db-manage
upgrade`` would. Both can be pointed elsewhere in the configuration.

The API is served by the standard library's WSGI server with one thread
per request, on ``[api] host``:``[api] port``: this mode serves one
developer, not production traffic (``magnum-api`` runs gunicorn for that).
The conductor runs in the same process, without forking.

SIGTERM or SIGINT: stop answering HTTP, stop consuming messages, let
running workflows finish (bounded as in ``magnum-conductor``), exit.

    magnum-all [--config-file FILE] [--config-dir DIR]
"""

import os
import signal
import socketserver
import sys
import threading
from wsgiref import simple_server

from oslo_config import cfg
from oslo_log import log
from oslo_messaging import transport as om_transport
import sqlalchemy as sa

from magnum.api import app
from magnum.cmd import conductor as conductor_cmd
import magnum.conf
from magnum.conductor import reservation
from magnum.db.sqlalchemy import migration

CONF = magnum.conf.CONF
LOG = log.getLogger(__name__)
PROG = 'magnum-all'

EMBEDDED_TRANSPORT = 'fake://'


def set_embedded_defaults():
    """Default ``transport_url`` to the in-process transport (before the
    configuration is parsed, so a configured value still wins)."""
    # oslo.messaging registers these options itself when it builds the
    # transport; a default set on them first is what it then reads.
    cfg.set_defaults(om_transport._transport_opts,
                     transport_url=EMBEDDED_TRANSPORT)


def prepare_sqlite():
    """Create the SQLite file's directory and migrate it to head; other
    databases are left to ``magnum-db-manage``."""
    url = sa.engine.make_url(CONF.database.connection)
    if url.get_backend_name() != 'sqlite':
        return False
    if url.database:
        directory = os.path.dirname(os.path.abspath(url.database))
        os.makedirs(directory, exist_ok=True)
    migration.upgrade('head')
    return True


class _ThreadingWSGIServer(socketserver.ThreadingMixIn,
                           simple_server.WSGIServer):
    daemon_threads = True
    allow_reuse_address = True


class _QuietHandler(simple_server.WSGIRequestHandler):
    def log_message(self, format, *args):
        LOG.info('%s - %s', self.address_string(), format % args)


def make_api_server(application=None):
    application = application or app.load_app()
    return simple_server.make_server(
        CONF.api.host, CONF.api.port, application,
        server_class=_ThreadingWSGIServer, handler_class=_QuietHandler)


class Embedded:
    """Everything ``magnum-all`` runs, started and stopped together."""

    def __init__(self, host=None):
        self.host = host or CONF.host
        self.conductor = conductor_cmd.ConductorService(self.host)
        self.periodic = conductor_cmd.PeriodicService(self.host)
        self.http = None
        self._http_thread = None

    def start(self):
        reservation.release_host(self.host)
        self.conductor.start()
        self.periodic.start()
        self.http = make_api_server()
        self._http_thread = threading.Thread(
            target=self.http.serve_forever, name='magnum-all-api',
            daemon=True)
        self._http_thread.start()
        LOG.info('%s serving the API on http://%s:%d and the conductor on '
                 'topic %s', PROG, CONF.api.host, self.http.server_port,
                 CONF.conductor.topic)

    def stop(self):
        if self.http is not None:
            self.http.shutdown()
            self.http.server_close()
        self.conductor.stop()
        self.periodic.stop()


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    set_embedded_defaults()
    app.prepare_service(argv)
    try:
        prepare_sqlite()
    except Exception as exc:
        sys.stderr.write('%s: cannot prepare the database: %s\n'
                         % (PROG, exc))
        return 1
    embedded = Embedded()
    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())
    try:
        embedded.start()
    except OSError as exc:
        sys.stderr.write('%s: %s\n' % (PROG, exc))
        embedded.stop()
        return 1
    stopping.wait()
    LOG.info('%s stopping', PROG)
    embedded.stop()
    return 0


if __name__ == '__main__':
    sys.exit(main())
