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

"""Every failed request answers with the ``{"errors": [...]}`` body."""

import pytest

from magnum.api import http_error

ENTRY_KEYS = {'request_id', 'code', 'status', 'title', 'detail', 'links'}


def _only_error(response, status):
    assert response.status_int == status
    assert response.content_type == 'application/json'
    (error,) = response.json['errors']
    assert set(error) == ENTRY_KEYS
    assert error['status'] == status
    assert error['code'] == ('client' if status < 500 else 'server')
    assert error['links'] == []
    # The request id is the one RequestId gave the response.
    assert error['request_id'] == response.headers['x-openstack-request-id']
    assert error['request_id'].startswith('req-')
    return error


def test_unknown_route_is_404(noauth_app):
    error = _only_error(noauth_app.get('/v1/nowhere/at/all',
                                       expect_errors=True), 404)
    assert error['title'] == 'The resource could not be found'
    assert error['detail'] == 'The resource could not be found.'


def test_method_not_allowed_is_405(noauth_app):
    response = noauth_app.delete('/v1', expect_errors=True)
    error = _only_error(response, 405)
    assert error['detail'] == \
        'The method DELETE is not allowed for this resource.'


def test_magnum_exception_status_and_message(noauth_app, gadgets):
    error = _only_error(noauth_app.get('/v1/gadgets/missing',
                                       expect_errors=True), 404)
    assert error['detail'] == 'Cluster missing could not be found.'
    assert error['title'] == 'Cluster missing could not be found'


def test_exception_raised_while_routing(noauth_app, gadgets):
    error = _only_error(noauth_app.get('/v1/gadgets/lookup-missing/parts',
                                       expect_errors=True), 404)
    assert error['detail'] == 'Cluster lookup-missing could not be found.'


def test_unexpected_exception_while_routing_is_500(noauth_app, gadgets):
    error = _only_error(noauth_app.get('/v1/gadgets/lookup-broken/parts',
                                       expect_errors=True), 500)
    assert 'lookup exploded' not in error['detail']


def test_unexpected_exception_in_controller_is_500(noauth_app, gadgets):
    error = _only_error(noauth_app.get('/v1/gadgets/broken',
                                       expect_errors=True), 500)
    assert error['code'] == 'server'


def test_traceback_stripped_without_debug(noauth_app, gadgets):
    error = _only_error(noauth_app.get('/v1/gadgets/remote',
                                       expect_errors=True), 500)
    assert error['detail'] == 'Remote failure.'
    assert 'Traceback' not in response_text(error)


def test_traceback_kept_with_debug(api_conf, noauth_app, gadgets):
    api_conf.set_override('debug', True)
    error = _only_error(noauth_app.get('/v1/gadgets/remote',
                                       expect_errors=True), 500)
    assert 'Traceback (most recent call last)' in error['detail']
    assert error['title'] == 'Remote failure'


def response_text(error):
    return ' '.join(str(value) for value in error.values())


def test_malformed_json_body_is_400(noauth_app, gadgets):
    response = noauth_app.post('/v1/gadgets', '{"name": "x",',
                               content_type='application/json',
                               expect_errors=True)
    error = _only_error(response, 400)
    assert 'JSON' in error['detail']


def test_unknown_attribute_is_400_naming_it(noauth_app, gadgets):
    response = noauth_app.post_json('/v1/gadgets',
                                    {'name': 'x', 'colour': 'red'},
                                    expect_errors=True)
    error = _only_error(response, 400)
    assert 'colour' in error['detail']


def test_wrong_type_is_400(noauth_app, gadgets):
    response = noauth_app.post_json('/v1/gadgets',
                                    {'name': 'x', 'size': 'big'},
                                    expect_errors=True)
    error = _only_error(response, 400)
    assert 'size' in error['detail']


def test_valid_body_is_accepted(noauth_app, gadgets):
    response = noauth_app.post_json('/v1/gadgets', {'name': 'x', 'size': 3})
    assert response.status_int == 201
    assert response.json == {'name': 'x', 'size': 3}


@pytest.mark.parametrize('message, title', [
    ('Cluster x could not be found.', 'Cluster x could not be found'),
    ('First sentence. Second one.', 'First sentence'),
    ('Version 1.7 was requested. More.', 'Version 1.7 was requested'),
    ('No dot at all', 'No dot at all'),
    ('', ''),
])
def test_title_is_the_first_sentence(message, title):
    assert http_error.title_of(message) == title


def test_error_entry_codes():
    assert http_error.error_entry(409, 'x.')['code'] == 'client'
    assert http_error.error_entry(503, 'x.')['code'] == 'server'
