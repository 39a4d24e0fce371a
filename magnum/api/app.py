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

"""Building the API WSGI application.

``load_app()`` builds the whole pipeline from the Paste Deploy file
``[api] api_paste_config``; ``setup_app()`` builds only the Pecan/WSME
application at its end. ``pipeline_factory`` lets the Paste file declare
one pipeline per ``[DEFAULT] auth_strategy``.
"""

import os

from oslo_config import cfg
from oslo_log import log
from oslo_middleware import cors
from paste import deploy
import pecan

from magnum.api import config as api_config
from magnum.api import hooks
from magnum.common import exception
import magnum.conf
from magnum.conf import opts

CONF = magnum.conf.CONF
LOG = log.getLogger(__name__)

# Where the Paste file lives in a source checkout, used when the configured
# one is not found next to the configuration files.
_SOURCE_ETC = os.path.normpath(os.path.join(
    os.path.dirname(__file__), '..', '..', 'etc', 'magnum'))


def register_log_opts():
    """Register oslo.log's options (``debug`` among them) if not yet done."""
    try:
        log.register_options(CONF)
    except cfg.ArgsAlreadyParsedError:
        pass


def prepare_service(argv, default_config_files=None):
    """Parse configuration and set logging up, as every API process does."""
    register_log_opts()
    opts.update_opt_defaults()
    CONF(argv, project='magnum', default_config_files=default_config_files)
    log.setup(CONF, 'magnum')


def _debug():
    try:
        return bool(CONF.debug)
    except cfg.NoSuchOptError:
        return False


def setup_app():
    """The Pecan/WSME application, without any middleware."""
    pecan_conf = {
        'app': dict(api_config.app),
        'wsme': dict(api_config.wsme, debug=_debug()),
    }
    pecan.configuration.set_config(pecan_conf, overwrite=True)
    app_conf = pecan_conf['app']
    return pecan.make_app(
        app_conf['root'],
        # Pecan's debug mode is an interactive debugger: never in an API.
        debug=False,
        hooks=[hooks.ContextHook(), hooks.APIVersionHook(),
               hooks.ErrorHook()],
        force_canonical=False,
        guess_content_type_from_ext=False,
    )


def app_factory(global_config, **local_config):
    """Paste Deploy factory of the Pecan application."""
    return setup_app()


def cors_filter_factory(global_config, **local_config):
    """Paste Deploy factory of CORS, configured from Magnum's ``[cors]``.

    oslo.middleware's own factory would read the configuration files again
    on its own; this one uses the configuration the service parsed.
    """
    def _filter(app):
        return cors.CORS(app, CONF)
    return _filter


def pipeline_factory(loader, global_config, **local_config):
    """Paste Deploy composite: the pipeline named by ``auth_strategy``."""
    strategy = CONF.auth_strategy
    if strategy not in local_config:
        raise exception.ConfigInvalid(
            error_msg='the Paste pipeline has no entry for auth_strategy '
                      '%r' % strategy)
    names = local_config[strategy].split()
    app = loader.get_app(names[-1])
    for name in reversed(names[:-1]):
        app = loader.get_filter(name)(app)
    return app


def paste_config_path():
    """The absolute path of the Paste Deploy file to load."""
    configured = CONF.api.api_paste_config
    candidates = [configured]
    if not os.path.isabs(configured):
        found = CONF.find_file(configured)
        candidates = ([found] if found else []) + [
            os.path.join(_SOURCE_ETC, configured)]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate):
            return os.path.abspath(candidate)
    raise exception.ConfigInvalid(
        error_msg='Paste Deploy file %r ([api] api_paste_config) not found'
                  % configured)


def load_app():
    """The whole API WSGI application, as the Paste Deploy file builds it."""
    path = paste_config_path()
    LOG.info('Loading the API pipeline from %s (auth_strategy %s)',
             path, CONF.auth_strategy)
    return deploy.loadapp('config:' + path, name='main')
