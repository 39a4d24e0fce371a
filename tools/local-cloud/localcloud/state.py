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

"""state.json, openrc-* files and clouds.yaml for users and tests."""

import json
import os

from localcloud.common import (
    BEHAVIOUR_FILE, HOME, HOST, LOGS, STATE_FILE, VENV, catalog, users, write)
from localcloud import magnum


def build_state(conf, transport_url):
    ports = conf['ports']
    return {
        'home': HOME,
        'venv': VENV,
        'auth_url': 'http://%s:%d/v3' % (HOST, ports['keystone']),
        'region': 'RegionOne',
        'ports': ports,
        'heat_url': 'http://%s:%d' % (HOST, ports['heat']),
        'standin_urls': {name: 'http://%s:%d' % (HOST, ports[name])
                         for name in ('image', 'compute', 'network',
                                      'load-balancer')},
        'behaviour_file': BEHAVIOUR_FILE,
        'transport_url': transport_url.replace(
            conf['rabbit']['password'], '***'),
        'users': users(),
        'heat_domain': {'domain': 'heat', 'username': 'heat_domain_admin',
                        'password': 'heat_domain_admin-pass'},
        'trustee_domain': magnum.TRUSTEE_DOMAIN,
        'catalog': catalog(conf),
        'logs': LOGS,
        'magnum_url': 'http://%s:%d' % (HOST, ports['magnum']),
        'magnum_conf': magnum.CONF_FILE,
        'magnum_venv': magnum.magnum_venv()[0],
        'fake_driver_behaviour_file': magnum.FAKE_BEHAVIOUR_FILE,
    }


def write_credentials(state):
    clouds = ['clouds:']
    for key, user in state['users'].items():
        name = key.replace('_', '-')
        write(os.path.join(HOME, 'openrc-' + name), '''# local cloud: {u}
export OS_AUTH_URL={auth}
export OS_AUTH_TYPE=password
export OS_IDENTITY_API_VERSION=3
export OS_USERNAME={u}
export OS_PASSWORD={p}
export OS_PROJECT_NAME={proj}
export OS_USER_DOMAIN_ID=default
export OS_PROJECT_DOMAIN_ID=default
export OS_REGION_NAME={region}
export OS_INTERFACE=public
unset OS_CLOUD OS_TOKEN OS_PROJECT_ID OS_TENANT_NAME OS_TENANT_ID
'''.format(u=user['username'], p=user['password'], auth=state['auth_url'],
           proj=user['project_name'], region=state['region']), 0o600)
        clouds.append('''  local-{name}:
    auth:
      auth_url: {auth}
      username: {u}
      password: {p}
      project_name: {proj}
      user_domain_id: default
      project_domain_id: default
    region_name: {region}
    interface: public
    identity_api_version: 3'''.format(
            name=name, u=user['username'], p=user['password'],
            auth=state['auth_url'], proj=user['project_name'],
            region=state['region']))
    write(os.path.join(HOME, 'clouds.yaml'), '\n'.join(clouds) + '\n', 0o600)
    write(STATE_FILE, json.dumps(state, indent=2) + '\n', 0o600)
