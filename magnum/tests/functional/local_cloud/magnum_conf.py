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

"""Magnum, in the test process, pointed at the local cloud's Keystone."""

import contextlib

from keystoneauth1 import loading as ks_loading
from oslo_config import fixture as config_fixture
import pytest

from magnum.common import context as magnum_context
from magnum.common import keystone
import magnum.conf


@contextlib.contextmanager
def service_conf(local_cloud):
    """An oslo.config fixture whose ``[keystone_auth]`` is Magnum's service
    user of the local cloud."""
    fixture = config_fixture.Config(magnum.conf.CONF)
    fixture.setUp()
    magnum_user = local_cloud.state['users']['magnum']
    fixture.register_opts(ks_loading.get_auth_plugin_conf_options('password'),
                          group='keystone_auth')
    fixture.config(group='keystone_auth', auth_type='password',
                   auth_url=local_cloud.auth_url,
                   username=magnum_user['username'],
                   password=magnum_user['password'],
                   project_name=magnum_user['project_name'],
                   user_domain_id='default', project_domain_id='default')
    keystone.reset_service_session()
    try:
        yield fixture
    finally:
        keystone.reset_service_session()
        fixture.cleanUp()


@pytest.fixture(scope='module')
def conf(local_cloud):
    """``service_conf`` for a test module (``conf = magnum_conf.conf``)."""
    with service_conf(local_cloud) as fixture:
        yield fixture


def user_context(local_cloud, user='demo_member'):
    """A request context carrying ``user``'s token, as the API makes."""
    session = local_cloud.session(user)
    return magnum_context.make_context(
        auth_token=session.get_token(), user_id=session.get_user_id(),
        project_id=session.get_project_id(),
        roles=list(local_cloud.state['users'][user]['roles']),
        overwrite=False)
