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

"""A cluster's trust and trustee credentials never leave through the API."""

import pytest

from magnum.tests.unit.api.conftest import SQLITE_ONLY
from magnum.tests.unit.api.controllers.v1 import cluster_fixtures as cf

pytestmark = SQLITE_ONLY

app = cf.app
seed = cf.seed

SECRETS = {'trust_id': 'trust-0f1e2d', 'trustee_user_id': 'trustee-9a8b7c',
           'trustee_username': 'name-of-the-trustee',
           'trustee_password': 'password-of-the-trustee'}


@pytest.fixture
def cluster(seed):
    return seed.cluster(seed.template(), **SECRETS)


def assert_no_secret(response):
    text = response.text
    for key, value in SECRETS.items():
        assert key not in text and value not in text, key


@pytest.mark.parametrize('version', ['1.1', 'latest'])
def test_show_list_and_detail(app, cluster, version):
    for path in ('/v1/clusters/%s' % cluster.uuid,
                 '/v1/clusters/%s' % cluster.name,
                 '/v1/clusters', '/v1/clusters/detail'):
        response = app.get(path, headers=cf.headers(version))
        assert response.status_int == 200
        assert cluster.uuid in response.text
        assert_no_secret(response)


def test_admin_sees_no_secret_either(app, cluster):
    response = app.get('/v1/clusters/detail',
                       headers=cf.admin())
    assert cluster.uuid in response.text
    assert_no_secret(response)
