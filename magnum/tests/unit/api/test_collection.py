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

"""List documents and their ``next`` links."""


def test_full_page_has_next_link(noauth_app, gadgets):
    page = noauth_app.get('/v1/gadgets?limit=2').json
    assert [g['name'] for g in page['gadgets']] == ['a', 'b']
    assert page['next'] == ('http://localhost/v1/gadgets?sort_key=name&'
                            'sort_dir=asc&limit=2&marker=b')


def test_next_link_keeps_sorting_and_the_mount_point(noauth_app, gadgets):
    page = noauth_app.get(
        '/v1/gadgets?limit=1&sort_dir=desc',
        extra_environ={'SCRIPT_NAME': '/container-infra'}).json
    assert page['next'] == ('http://localhost/container-infra/v1/gadgets?'
                            'sort_key=name&sort_dir=desc&limit=1&marker=a')


def test_short_page_has_no_next_link(noauth_app, gadgets):
    assert 'next' not in noauth_app.get('/v1/gadgets?limit=5').json
    assert 'next' not in noauth_app.get('/v1/gadgets').json
