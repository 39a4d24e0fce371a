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

"""Microversions: constants, parsing, negotiation, headers and gates."""

import pytest

from magnum.api.controllers import versions
from magnum.common import exception
from magnum.tests.unit.api.conftest import version_header

MGMT = 'container-infrastructure-management'


def test_constants_cover_every_microversion():
    named = [versions.MIN_VER, versions.ASYNC, versions.ROLLBACK,
             versions.STATS, versions.CA_ROTATE, versions.QUOTAS,
             versions.RESIZE, versions.UPGRADE, versions.NODEGROUPS,
             versions.ZERO_NODES, versions.NO_BAYS, versions.CREDENTIALS,
             versions.CLUSTER_ID, versions.NODEGROUP_LABELS_TAINTS,
             versions.CERT_EXPIRY, versions.FORCE_DELETE]
    assert named == ['1.%d' % minor for minor in range(1, 17)]
    assert versions.CERT_EXPIRY == '1.15'
    assert versions.MAX_VER == versions.FORCE_DELETE == '1.16'
    assert versions.BASE_VER == versions.MIN_VER == '1.1'


def test_version_compares_numerically_and_with_strings():
    v = versions.Version.parse('1.10')
    assert (v.major, v.minor) == (1, 10)
    assert v > '1.9' and v >= versions.ZERO_NODES and v < '1.11'
    assert v == versions.Version(1, 10) == '1.10'
    assert v != '1.1'
    assert str(v) == '1.10'
    assert sorted(['1.10', '1.2', '1.9'], key=versions.Version.parse) == \
        ['1.2', '1.9', '1.10']


@pytest.mark.parametrize('text', ['1', '1.', '.1', 'a.b', '1.1.1', '01.1',
                                  '1.01', '', 'latest'])
def test_version_parse_rejects_malformed(text):
    with pytest.raises(ValueError):
        versions.Version.parse(text)


@pytest.mark.parametrize('header, expected', [
    (None, '1.1'),
    ('', '1.1'),
    ('container-infra 1.7', '1.7'),
    ('container-infrastructure 1.9', '1.9'),
    ('container-infrastructure-management 1.14', '1.14'),
    ('container-infra 1.15', '1.15'),
    ('container-infra latest', '1.16'),
    ('Container-Infra LATEST', '1.16'),
    ('compute 2.1, container-infra 1.3', '1.3'),
])
def test_negotiate(header, expected):
    assert versions.negotiate(header) == expected


@pytest.mark.parametrize('header', [
    'container-infra', '1.7', 'container-infra 1.7 extra', 'compute 1.7',
    'container-infra one.two', 'container-infra 1.x', 'bogus',
])
def test_negotiate_malformed(header):
    with pytest.raises(exception.InvalidAPIVersionHeader) as info:
        versions.negotiate(header)
    assert info.value.code == 406


@pytest.mark.parametrize('header', ['container-infra 1.0',
                                    'container-infra 1.17',
                                    'container-infra 2.1',
                                    'container-infra 0.9'])
def test_negotiate_out_of_range(header):
    with pytest.raises(versions.UnsupportedVersion) as info:
        versions.negotiate(header)
    assert info.value.code == 406


@pytest.mark.parametrize('sent, negotiated', [
    (None, '1.1'), ('1.5', '1.5'), ('latest', '1.16')])
def test_v1_responses_carry_version_headers(noauth_app, sent, negotiated):
    headers = version_header(sent) if sent else {}
    response = noauth_app.get('/v1', headers=headers)
    assert response.headers['OpenStack-API-Minimum-Version'] == MGMT + ' 1.1'
    assert response.headers['OpenStack-API-Maximum-Version'] == \
        MGMT + ' 1.16'
    assert response.headers['OpenStack-API-Version'] == \
        '%s %s' % (MGMT, negotiated)
    assert response.headers['Vary'] == 'OpenStack-API-Version'


def test_error_responses_carry_version_headers(noauth_app):
    response = noauth_app.get('/v1/nothing-here',
                              headers=version_header('1.9'),
                              expect_errors=True)
    assert response.status_int == 404
    assert response.headers['OpenStack-API-Version'] == MGMT + ' 1.9'
    assert response.headers['Vary'] == 'OpenStack-API-Version'


def test_root_document_has_no_negotiation(noauth_app):
    response = noauth_app.get('/', headers=version_header('1.99'))
    assert response.status_int == 200
    assert 'OpenStack-API-Version' not in response.headers


def test_unsupported_version_is_406_with_bounds(noauth_app):
    response = noauth_app.get('/v1', headers=version_header('1.17'),
                              expect_errors=True)
    assert response.status_int == 406
    assert response.content_type == 'application/json'
    request_id = response.headers['x-openstack-request-id']
    assert response.json == {'errors': [{
        'request_id': request_id,
        'code': 'magnum.microversion-unsupported',
        'status': 406,
        'title': 'Requested microversion is unsupported',
        'detail': 'Version 1.17 is not supported by the API. Minimum is '
                  '1.1 and maximum is 1.16.',
        'links': [{
            'rel': 'help',
            'href': 'http://docs.openstack.org/api-guide/compute/'
                    'microversions.html'}],
        'min_version': '1.1',
        'max_version': '1.16',
    }]}
    assert response.headers['OpenStack-API-Maximum-Version'] == \
        MGMT + ' 1.16'
    assert 'OpenStack-API-Version' not in response.headers


@pytest.mark.parametrize('value', ['container-infra', 'compute 1.7',
                                   'container-infra 1.x'])
def test_malformed_header_is_406(noauth_app, value):
    response = noauth_app.get('/v1/clusters',
                              headers={'OpenStack-API-Version': value},
                              expect_errors=True)
    assert response.status_int == 406
    (error,) = response.json['errors']
    assert error['code'] == 'client'
    assert error['status'] == 406
    assert error['title'] == \
        "Invalid OpenStack-API-Version header '%s'" % value


def test_negotiated_version_reaches_controllers(noauth_app, gadgets):
    assert noauth_app.get('/v1/gadgets/x').json['size'] == 1
    assert noauth_app.get('/v1/gadgets/x', headers=version_header(
        '1.12')).json['size'] == 12


def test_min_version_gate(noauth_app, gadgets):
    response = noauth_app.get('/v1/gadgets/resize?name=x',
                              headers=version_header('1.6'),
                              expect_errors=True)
    assert response.status_int == 406
    (error,) = response.json['errors']
    assert error['detail'] == (
        'Version 1.6 was requested but the requested API resize is not '
        'supported for this version.')
    assert error['code'] == 'client'
    for version in ('1.7', 'latest'):
        response = noauth_app.get('/v1/gadgets/resize?name=x',
                                  headers=version_header(version))
        assert response.json['name'] == 'x'


def test_max_version_gate(noauth_app, gadgets):
    assert noauth_app.get('/v1/gadgets/legacy?name=y',
                          headers=version_header('1.3')).status_int == 200
    response = noauth_app.get('/v1/gadgets/legacy?name=y',
                              headers=version_header('1.4'),
                              expect_errors=True)
    assert response.status_int == 406
    assert 'requested API legacy' in response.json['errors'][0]['detail']
