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

"""The Paste pipeline around the API: CORS, proxy headers, request ids."""

from oslo_config import cfg
from oslo_middleware import cors
from oslo_middleware import http_proxy_to_wsgi
import pytest
import webtest

from magnum.api import app
from magnum.common import exception
from magnum.conf import opts


def test_cors_uses_magnum_configuration(api_conf):
    api_conf.register_opts(cors.CORS_OPTS, 'cors')
    opts.update_opt_defaults()  # as the services do: Magnum's CORS headers
    api_conf.set_override('auth_strategy', 'noauth')
    api_conf.set_override('allowed_origin', ['https://dashboard.example'],
                          group='cors')
    test_app = webtest.TestApp(app.load_app())
    response = test_app.options('/v1/clusters', headers={
        'Origin': 'https://dashboard.example',
        'Access-Control-Request-Method': 'PATCH',
        'Access-Control-Request-Headers': 'OpenStack-API-Version',
    })
    assert response.headers['Access-Control-Allow-Origin'] == \
        'https://dashboard.example'
    assert 'PATCH' in response.headers['Access-Control-Allow-Methods']


def test_proxy_headers_shape_links(api_conf):
    api_conf.register_opts(http_proxy_to_wsgi.OPTS, 'oslo_middleware')
    api_conf.set_override('auth_strategy', 'noauth')
    api_conf.set_override('enable_proxy_headers_parsing', True,
                          group='oslo_middleware')
    test_app = webtest.TestApp(app.load_app())
    doc = test_app.get('/', headers={'X-Forwarded-Proto': 'https',
                                     'X-Forwarded-Host': 'api.example'}).json
    assert doc['versions'][0]['links'][0]['href'] == \
        'https://api.example/v1/'


def test_every_response_has_a_request_id(noauth_app):
    first = noauth_app.get('/').headers['x-openstack-request-id']
    second = noauth_app.get('/v1').headers['x-openstack-request-id']
    assert first.startswith('req-') and second.startswith('req-')
    assert first != second


def test_strategy_without_a_pipeline_is_refused(api_conf):
    """The Paste file lacks a pipeline for the configured strategy."""
    api_conf.set_override('auth_strategy', 'keystone')
    with pytest.raises(exception.ConfigInvalid, match="'keystone'"):
        app.pipeline_factory(None, {}, noauth='api_v1')
    api_conf.set_override('auth_strategy', 'noauth')
    with pytest.raises(exception.ConfigInvalid, match="'noauth'"):
        app.pipeline_factory(None, {}, keystone='api_v1')


def test_unknown_auth_strategy_in_the_config_file_is_refused(api_conf,
                                                             tmp_path):
    config = tmp_path / 'magnum.conf'
    config.write_text('[DEFAULT]\nauth_strategy = other\n')
    api_conf(['--config-file', str(config)], project='magnum',
             default_config_files=[])
    with pytest.raises(cfg.ConfigFileValueError, match='other'):
        app.pipeline_factory(None, {}, keystone='api_v1', noauth='api_v1')
