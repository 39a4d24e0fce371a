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

"""``certificates_expire_at`` of clusters, from microversion 1.15."""

import datetime

import pytest

from magnum.common.cert_manager import get_backend
from magnum.common.x509 import operations
from magnum.tests.unit.api.conftest import SQLITE_ONLY
from magnum.tests.unit.api.controllers.v1 import cluster_fixtures as cf
from magnum.tests.unit.conductor.handlers import conftest as workflows

pytestmark = SQLITE_ONLY

app = cf.app
seed = cf.seed
# The conductor handlers' fixtures, to create clusters for real.
wf = workflows.wf
wf_conf = workflows.wf_conf

UTC = datetime.timezone.utc
CA_EXPIRY = datetime.datetime(2031, 3, 4, 5, 6, 7, tzinfo=UTC)
CLIENT_EXPIRY = datetime.datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture
def cluster(seed):
    return seed.cluster(seed.template(), ca_cert_ref='ref-ca',
                        magnum_cert_ref='ref-client',
                        ca_cert_expires_at=CA_EXPIRY,
                        magnum_cert_expires_at=CLIENT_EXPIRY)


def _show_and_detail(app, cluster, version):
    shown = app.get('/v1/clusters/%s' % cluster.uuid,
                    headers=cf.headers(version)).json
    [detail] = app.get('/v1/clusters/detail',
                       headers=cf.headers(version)).json['clusters']
    return shown, detail


@pytest.mark.parametrize('version', [None, '1.13', '1.14'])
def test_absent_below_1_15(app, cluster, version):
    for entry in _show_and_detail(app, cluster, version):
        assert 'certificates_expire_at' not in entry
        assert entry['uuid'] == cluster.uuid


@pytest.mark.parametrize('version', ['1.15', 'latest'])
def test_show_and_detail_from_1_15(app, cluster, version):
    for entry in _show_and_detail(app, cluster, version):
        assert entry['certificates_expire_at'] == {
            'ca': '2031-03-04T05:06:07+00:00',
            'client': '2030-01-02T03:04:05+00:00'}


@pytest.mark.parametrize('version', ['1.14', '1.15'])
def test_never_in_the_trimmed_list(app, cluster, version):
    [entry] = app.get('/v1/clusters',
                      headers=cf.headers(version)).json['clusters']
    assert 'certificates_expire_at' not in entry


def test_null_without_certificates(app, seed):
    # No certificate yet; and an expiry left behind by a failed create
    # whose certificates were removed.
    template = seed.template()
    seed.cluster(template, name='fresh')
    seed.cluster(template, name='failed', status='CREATE_FAILED',
                 ca_cert_expires_at=CA_EXPIRY,
                 magnum_cert_expires_at=CLIENT_EXPIRY)
    for name in ('fresh', 'failed'):
        shown = app.get('/v1/clusters/%s' % name,
                        headers=cf.headers('1.15')).json
        assert shown['certificates_expire_at'] == {'ca': None,
                                                   'client': None}


def test_read_only(app, cluster):
    response = app.patch_json(
        '/v1/clusters/%s' % cluster.uuid,
        [{'op': 'replace', 'path': '/certificates_expire_at',
          'value': '2099-01-01T00:00:00+00:00'}],
        headers=cf.headers('1.15'), status=400)
    assert ("'/certificates_expire_at' is an internal attribute"
            in cf.error_of(response))
    response = app.post_json(
        '/v1/clusters',
        {'name': 'new', 'cluster_template_id': cluster.cluster_template_id,
         'certificates_expire_at': {'ca': '2099-01-01T00:00:00+00:00'}},
        headers=cf.headers('1.15'), status=400)
    assert 'certificates_expire_at' in cf.error_of(response)
    assert 'read only' in cf.error_of(response)
    cf.assert_nothing_sent(app)
    assert cf.count_rows(None) == (1, 2)
    shown = app.get('/v1/clusters/%s' % cluster.uuid,
                    headers=cf.headers('1.15')).json
    assert shown['certificates_expire_at']['ca'] == CA_EXPIRY.isoformat()


def test_values_of_a_cluster_created_by_the_conductor(app, wf):
    created = wf.create()
    shown = app.get('/v1/clusters/%s' % created.uuid,
                    headers=cf.headers('1.15')).json
    backend = get_backend()
    expected = {
        key: operations.not_valid_after(
            backend.get_cert(ref).get_certificate()).isoformat()
        for key, ref in (('ca', created.ca_cert_ref),
                         ('client', created.magnum_cert_ref))}
    assert shown['certificates_expire_at'] == expected
    # The client certificate is signed by the CA the field describes.
    client = operations.load_certificate(
        backend.get_cert(created.magnum_cert_ref).get_certificate())
    ca = operations.load_certificate(
        backend.get_cert(created.ca_cert_ref).get_certificate())
    assert client.issuer == ca.subject
