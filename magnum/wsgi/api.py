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

"""The API as a WSGI application, for uwsgi, mod_wsgi and the like.

``application`` is built on its first request, not at import: the
configuration is read then from the files named by ``MAGNUM_CONFIG_FILE``
(comma-separated), else from oslo.config's usual places for project
``magnum`` (``/etc/magnum/magnum.conf`` among them), plus the directory
``MAGNUM_CONFIG_DIR`` when set. ``init_application()`` does the same and
returns the application (pbr's generated ``magnum-api-wsgi`` script calls
it).
"""

import os
import threading

CONFIG_FILE_ENV = 'MAGNUM_CONFIG_FILE'
CONFIG_DIR_ENV = 'MAGNUM_CONFIG_DIR'

_app = None
_lock = threading.Lock()


def _config_args():
    files = [path.strip()
             for path in os.environ.get(CONFIG_FILE_ENV, '').split(',')
             if path.strip()]
    argv = []
    config_dir = os.environ.get(CONFIG_DIR_ENV)
    if config_dir:
        argv = ['--config-dir', config_dir]
    return argv, files or None


def init_application():
    """Read the configuration and build the API application."""
    from magnum.api import app

    argv, files = _config_args()
    app.prepare_service(argv, default_config_files=files)
    return app.load_app()


def application(environ, start_response):
    """WSGI entry point; builds the real application on first use."""
    global _app
    if _app is None:
        with _lock:
            if _app is None:
                _app = init_application()
    return _app(environ, start_response)
