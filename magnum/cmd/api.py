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

"""``magnum-api``: serve the API with several worker processes.

The WSGI server is gunicorn, used as a library: ``[api] workers`` processes
(one per CPU by default), each with ``[api] threads`` threads, listening on
``[api] host``:``[api] port``, over HTTPS when ``[api] enabled_ssl``. Every
worker builds the application from ``[api] api_paste_config`` itself; the
file is looked up before any worker starts so that a wrong path fails at
once.

    magnum-api [--config-file FILE] [--config-dir DIR]
"""

import gc
import os
import sys

from oslo_log import log

from magnum.api import app
from magnum.common import exception
import magnum.conf

CONF = magnum.conf.CONF
LOG = log.getLogger(__name__)
PROG = 'magnum-api'


class ServerError(Exception):
    """A setup problem reported as one line, without a traceback."""


def bind_address(host, port):
    if ':' in host and not host.startswith('['):
        host = '[%s]' % host  # an IPv6 address
    return '%s:%d' % (host, port)


def server_options():
    """gunicorn settings from the ``[api]`` options."""
    options = {
        'bind': [bind_address(CONF.api.host, CONF.api.port)],
        'workers': CONF.api.workers or os.cpu_count() or 1,
        'threads': CONF.api.threads,
        'worker_class': 'gthread',
        'proc_name': PROG,
        'accesslog': '-',
        'preload_app': False,
    }
    if CONF.api.enabled_ssl:
        for name in ('ssl_cert_file', 'ssl_key_file'):
            path = getattr(CONF.api, name)
            if not path:
                raise ServerError('[api] enabled_ssl is true but [api] %s '
                                  'is not set' % name)
            if not os.path.isfile(path):
                raise ServerError('[api] %s %s does not exist'
                                  % (name, path))
        options['certfile'] = CONF.api.ssl_cert_file
        options['keyfile'] = CONF.api.ssl_key_file
    return options


def _server_class():
    try:
        from gunicorn.app import base
    except ImportError:
        raise ServerError('the gunicorn package is not installed; install '
                          'it (pip install gunicorn) or run the API under '
                          'a WSGI server with magnum.wsgi.api:application')

    class Server(base.BaseApplication):
        """gunicorn's arbiter serving Magnum's API."""

        def __init__(self, options):
            self.options = options
            super().__init__(prog=PROG)

        def load_config(self):
            for key, value in self.options.items():
                self.cfg.set(key, value)
            # gunicorn >= 25.1 opens a management socket at a fixed path in
            # $HOME by default; two magnum-api on one host would share it.
            if 'control_socket_disable' in self.cfg.settings:
                self.cfg.set('control_socket_disable', True)

        def load(self):
            application = app.load_app()
            # What was loaded lives as long as the worker: moved out of the
            # collector's reach, a full collection no longer walks every
            # module and option object, which showed as 70 ms stalls in the
            # tail of large list responses.
            gc.collect()
            gc.freeze()
            return application

    return Server


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    app.prepare_service(argv)
    try:
        paste_file = app.paste_config_path()
        options = server_options()
        server_class = _server_class()
    except (ServerError, exception.ConfigInvalid) as exc:
        sys.stderr.write('%s: %s\n' % (PROG, exc))
        return 1
    scheme = 'https' if CONF.api.enabled_ssl else 'http'
    LOG.info('Serving the Magnum API on %s://%s with %d workers of %d '
             'threads (pipeline %s)', scheme, options['bind'][0],
             options['workers'], options['threads'], paste_file)
    server_class(options).run()
    return 0


if __name__ == '__main__':
    sys.exit(main())
