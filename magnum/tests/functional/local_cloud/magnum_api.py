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

"""Calls to the Magnum API that ``local-cloud up`` runs, with real tokens.

Every call goes through a keystoneauth session of one of the local cloud's
users, which finds Magnum through the Keystone catalog (``container-infra``).
"""

import time
import uuid

import pytest

SERVICE = {'service_type': 'container-infra', 'interface': 'public'}
LATEST = {'OpenStack-API-Version': 'container-infra latest'}
# The fake driver finishes within a few status syncs (2 s apart).
CLUSTER_TIMEOUT = 120


def call(local_cloud, user, method, path, body=None):
    """(status, JSON body or None) of one request as ``user``."""
    resp = local_cloud.session(user).request(
        path, method, json=body, raise_exc=False, endpoint_filter=SERVICE,
        headers=LATEST)
    try:
        data = resp.json()
    except ValueError:
        data = None
    return resp.status_code, data


def unique(prefix):
    return '%s-%s' % (prefix, uuid.uuid4().hex[:8])


def template_body(name, **extra):
    body = {'name': name, 'coe': 'kubernetes',
            'image_id': 'fedora-coreos-latest',
            'external_network_id': 'public', 'keypair_id': 'testkey',
            'flavor_id': 'm1.small', 'master_flavor_id': 'm1.small',
            'network_driver': 'flannel'}
    body.update(extra)
    return body


def create_template(local_cloud, user, **extra):
    status, data = call(local_cloud, user, 'POST', '/clustertemplates',
                        template_body(unique('lc-ct'), **extra))
    assert status == 201, data
    return data


def wait_cluster(local_cloud, user, ident, done):
    """Poll until the cluster's status is ``done`` (None: until it is
    gone); any *_FAILED status fails the test with its reason."""
    deadline = time.monotonic() + CLUSTER_TIMEOUT
    while True:
        status, data = call(local_cloud, user, 'GET', '/clusters/' + ident)
        if status == 404 and done is None:
            return None
        # The conductor writes a new cluster's row: a GET right after the
        # POST may still answer 404.
        assert status in (200, 404), data
        current = data.get('status', 'not there yet')
        if current == done:
            return data
        assert not current.endswith('_FAILED'), data['status_reason']
        if time.monotonic() > deadline:
            pytest.fail('cluster %s still %s after %ss'
                        % (ident, current, CLUSTER_TIMEOUT))
        time.sleep(1)


def delete_cluster(local_cloud, user, ident):
    status, data = call(local_cloud, user, 'DELETE', '/clusters/' + ident)
    assert status in (204, 404), data
    wait_cluster(local_cloud, user, ident, None)


def delete_template(local_cloud, user, ident):
    status, data = call(local_cloud, user, 'DELETE',
                        '/clustertemplates/' + ident)
    assert status in (204, 404), data


def error_titles(data):
    return [e.get('title', '') + ' ' + e.get('detail', '')
            for e in data['errors']]
