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

"""/v1/certificates: get the CA, sign a CSR, rotate the CA — RPC calls to
a real conductor endpoint over ``fake://``."""

import pytest

from magnum.common import exception
from magnum import objects
from magnum.tests.unit.api import conftest as helpers
from magnum.tests.unit.conductor import utils as conductor_utils
from magnum.tests.unit.db import utils as db_utils

pytestmark = helpers.SQLITE_ONLY

CSR = '-----BEGIN CERTIFICATE REQUEST-----\nMIIB...\n' \
      '-----END CERTIFICATE REQUEST-----\n'


class CAHandlers(conductor_utils.RecordingHandlers):
    """Answers like the certificate workflows: the CA of the cluster, a
    signed copy of the request."""

    def __getattr__(self, name):
        record = super().__getattr__(name)
        if name == 'get_ca_certificate':
            def get_ca(context, cluster, ca_cert_type=None):
                record(context, cluster, ca_cert_type=ca_cert_type)
                certificate = objects.Certificate.from_object_cluster(
                    cluster)
                certificate.pem = 'CA of %s (%s)' % (
                    cluster.uuid, ca_cert_type or 'kubernetes')
                return certificate
            return get_ca
        if name == 'sign_certificate':
            def sign(context, cluster, certificate):
                record(context, cluster, certificate)
                signed = certificate.obj_clone()
                signed.pem = 'signed ' + certificate.csr
                return signed
            return sign
        return record


@pytest.fixture
def handlers(conductor):
    return conductor.use(CAHandlers())


def _template(db, **values):
    return db.create_cluster_template(db_utils.template_values(**values))


@pytest.fixture
def cluster(db):
    template = _template(db, tls_disabled=False)
    return db.create_cluster(db_utils.cluster_values(
        name='c1', cluster_template_id=template.uuid,
        status='CREATE_COMPLETE'))


def _nothing_sent(conductor):
    assert conductor.sent == []
    assert conductor.handlers.calls == []


# --- GET /v1/certificates/{cluster} -----------------------------------------

@pytest.mark.parametrize('ident', ['uuid', 'name'])
def test_get_ca_by_uuid_or_name(noauth_app, cluster, conductor, handlers,
                                ident):
    response = noauth_app.get(
        '/v1/certificates/%s' % getattr(cluster, ident),
        headers=helpers.MEMBER_A)

    assert response.status_int == 200
    body = response.json
    assert set(body) == {'cluster_uuid', 'pem', 'links'}
    assert body['cluster_uuid'] == cluster.uuid
    assert body['pem'] == 'CA of %s (kubernetes)' % cluster.uuid
    assert [link['rel'] for link in body['links']] == ['self', 'bookmark']
    assert body['links'][0]['href'] == \
        'http://localhost/v1/certificates/%s' % cluster.uuid
    [call] = handlers.calls
    assert call.name == 'get_ca_certificate'
    assert isinstance(call.arguments['cluster'], objects.Cluster)
    assert call.arguments['cluster'].uuid == cluster.uuid
    assert call.arguments['ca_cert_type'] is None
    assert call.context.user_id == 'user-a'
    assert [(m.method, m.wait_for_reply) for m in conductor.sent] == [
        ('get_ca_certificate', True)]


@pytest.mark.parametrize('ca_type', ['etcd', 'front_proxy', 'front-proxy'])
def test_get_ca_of_a_type(noauth_app, cluster, handlers, ca_type):
    body = noauth_app.get('/v1/certificates/%s?ca_cert_type=%s'
                          % (cluster.uuid, ca_type),
                          headers=helpers.MEMBER_A).json
    assert body['pem'].endswith('(%s)' % ca_type)
    assert handlers.calls[0].arguments['ca_cert_type'] == ca_type


def test_get_ca_as_a_bare_pem_answer(noauth_app, cluster, conductor):
    conductor.handlers.returns['get_ca_certificate'] = 'PEM TEXT'
    body = noauth_app.get('/v1/certificates/c1',
                          headers=helpers.MEMBER_A).json
    assert body['pem'] == 'PEM TEXT'
    assert body['cluster_uuid'] == cluster.uuid


@pytest.mark.parametrize('headers,status', [
    (helpers.MEMBER_A, 200),
    (helpers.READER_A, 200),
    # certificate:get is limited to the cluster's creating user...
    (helpers.OTHER_MEMBER_A, 403),
    (helpers.caller('project-a', 'user-a', 'guest'), 403),
    # ...or an admin of its project;
    (helpers.caller('project-a', 'admin-a', 'admin'), 200),
    # other projects do not see the cluster at all.
    (helpers.MEMBER_B, 404),
    (helpers.ADMIN, 404),
], ids=['creator', 'creator-reader', 'other-user', 'creator-no-role',
        'admin-same-project', 'other-project', 'admin-other-project'])
def test_get_ca_policy(noauth_app, cluster, conductor, handlers, headers,
                       status):
    response = noauth_app.get('/v1/certificates/%s' % cluster.uuid,
                              headers=headers, expect_errors=True)
    if status == 200:
        assert response.status_int == 200
        return
    error = helpers.error_of(response, status)
    if status == 403:
        assert 'certificate:get' in error['detail']
    _nothing_sent(conductor)


def test_get_ca_of_unknown_cluster(noauth_app, db, conductor):
    response = noauth_app.get('/v1/certificates/nowhere',
                              headers=helpers.MEMBER_A, expect_errors=True)
    assert helpers.error_of(response, 404)['detail'] == \
        'Cluster nowhere could not be found.'
    _nothing_sent(conductor)


def test_get_ca_with_ambiguous_name(noauth_app, db, cluster, conductor):
    db.create_cluster(db_utils.cluster_values(name='c1'))
    response = noauth_app.get('/v1/certificates/c1',
                              headers=helpers.MEMBER_A, expect_errors=True)
    helpers.error_of(response, 409)
    _nothing_sent(conductor)


def test_listing_certificates_is_not_a_route(noauth_app, db):
    response = noauth_app.get('/v1/certificates', headers=helpers.MEMBER_A,
                              expect_errors=True)
    assert response.status_int in (404, 405)


# --- POST /v1/certificates ----------------------------------------------------

def _sign(app, body, headers=helpers.MEMBER_A, status=201):
    return app.post_json('/v1/certificates', body, headers=headers,
                         expect_errors=status != 201)


@pytest.mark.parametrize('ident', ['uuid', 'name'])
def test_sign_csr(noauth_app, cluster, conductor, handlers, ident):
    response = _sign(noauth_app, {'cluster_uuid': getattr(cluster, ident),
                                  'csr': CSR})

    assert response.status_int == 201
    body = response.json
    assert set(body) == {'cluster_uuid', 'csr', 'pem', 'links'}
    assert body['cluster_uuid'] == cluster.uuid
    assert body['csr'] == CSR
    assert body['pem'] == 'signed ' + CSR
    [call] = handlers.calls
    assert call.name == 'sign_certificate'
    sent = call.arguments['certificate']
    assert isinstance(sent, objects.Certificate)
    assert (sent.cluster_uuid, sent.csr, sent.project_id, sent.user_id) == \
        (cluster.uuid, CSR, 'project-a', 'user-a')
    assert call.arguments['cluster'].uuid == cluster.uuid
    assert [(m.method, m.wait_for_reply) for m in conductor.sent] == [
        ('sign_certificate', True)]


def test_sign_with_a_ca_type(noauth_app, cluster, handlers):
    body = _sign(noauth_app, {'cluster_uuid': cluster.uuid, 'csr': CSR,
                              'ca_cert_type': 'etcd'}).json
    assert body['ca_cert_type'] == 'etcd'
    assert handlers.calls[0].arguments['certificate'].ca_cert_type == 'etcd'


@pytest.mark.parametrize('headers,status', [
    (helpers.MEMBER_A, 201),
    (helpers.caller('project-a', 'admin-a', 'admin'), 201),
    (helpers.READER_A, 403),
    (helpers.OTHER_MEMBER_A, 403),
    (helpers.MEMBER_B, 400),
    (helpers.ADMIN, 400),
], ids=['creator', 'admin-same-project', 'creator-reader', 'other-user',
        'other-project', 'admin-other-project'])
def test_sign_policy(noauth_app, cluster, conductor, handlers, headers,
                     status):
    response = _sign(noauth_app, {'cluster_uuid': cluster.uuid, 'csr': CSR},
                     headers=headers, status=status)
    if status == 201:
        assert response.status_int == 201
        return
    error = helpers.error_of(response, status)
    if status == 403:
        assert 'certificate:create' in error['detail']
    _nothing_sent(conductor)


@pytest.mark.parametrize('body,status,words', [
    ({'cluster_uuid': 'nowhere', 'csr': CSR}, 400,
     'Cluster nowhere could not be found'),
    ({'csr': CSR}, 400, 'cluster_uuid'),
    ({'cluster_uuid': 'c1'}, 400, 'csr'),
    ({'cluster_uuid': 'c1', 'csr': ''}, 400, 'csr'),
    ({'cluster_uuid': 'c1', 'csr': CSR, 'pem': 'x'}, 400, 'pem'),
    ({'cluster_uuid': 'c1', 'csr': CSR, 'bogus': 1}, 400, 'bogus'),
    ({'cluster_uuid': 'c1', 'csr': 42}, 400, 'csr'),
], ids=['unknown-cluster', 'no-cluster', 'no-csr', 'empty-csr',
        'read-only-pem', 'unknown-field', 'csr-not-text'])
def test_sign_rejects_bad_bodies(noauth_app, cluster, conductor, body,
                                 status, words):
    error = helpers.error_of(
        _sign(noauth_app, body, status=status), status)
    assert words in error['detail']
    _nothing_sent(conductor)


def test_sign_errors_of_the_conductor_reach_the_client(
        noauth_app, cluster, conductor):
    conductor.handlers.raises['sign_certificate'] = exception.InvalidCsr(
        csr='garbage')
    error = helpers.error_of(
        _sign(noauth_app, {'cluster_uuid': cluster.uuid, 'csr': 'garbage'},
              status=400), 400)
    assert error['detail'] == 'Received invalid csr garbage.'


# --- PATCH /v1/certificates/{cluster} ---------------------------------------

@pytest.mark.parametrize('version', [None, '1.4', '1.5', 'latest'])
def test_rotate_ca(noauth_app, cluster, conductor, version):
    headers = dict(helpers.MEMBER_A)
    if version:
        headers.update(helpers.version_header(version))
    response = noauth_app.patch('/v1/certificates/c1', headers=headers)

    assert response.status_int == 202
    assert response.json == {'uuid': cluster.uuid}
    [call] = conductor.handlers.calls
    assert call.name == 'rotate_ca_certificate'
    assert call.arguments['cluster'].uuid == cluster.uuid
    assert [(m.method, m.wait_for_reply) for m in conductor.sent] == [
        ('rotate_ca_certificate', True)]


@pytest.mark.parametrize('headers,status', [
    (helpers.OTHER_MEMBER_A, 202),
    (helpers.caller('project-a', 'admin-a', 'admin'), 202),
    (helpers.READER_A, 403),
    (helpers.MEMBER_B, 404),
], ids=['project-member', 'admin-same-project', 'reader', 'other-project'])
def test_rotate_policy(noauth_app, cluster, conductor, headers, status):
    response = noauth_app.patch('/v1/certificates/%s' % cluster.uuid,
                                headers=headers, expect_errors=True)
    if status == 202:
        assert response.status_int == 202
        return
    error = helpers.error_of(response, status)
    if status == 403:
        assert 'certificate:rotate_ca' in error['detail']
    _nothing_sent(conductor)


def test_rotate_refused_without_tls(noauth_app, db, conductor):
    template = _template(db, tls_disabled=True)
    cluster = db.create_cluster(db_utils.cluster_values(
        cluster_template_id=template.uuid))
    response = noauth_app.patch('/v1/certificates/%s' % cluster.uuid,
                                headers=helpers.MEMBER_A, expect_errors=True)
    error = helpers.error_of(response, 400)
    assert 'TLS disabled' in error['detail']
    _nothing_sent(conductor)


def test_rotate_unknown_cluster(noauth_app, db, conductor):
    response = noauth_app.patch('/v1/certificates/nowhere',
                                headers=helpers.MEMBER_A, expect_errors=True)
    helpers.error_of(response, 404)
    _nothing_sent(conductor)
