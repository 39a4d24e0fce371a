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

"""The expiry of the CA and client certificate recorded on the cluster."""

import datetime

import pytest

from magnum.common.cert_manager import get_backend
from magnum.common import exception
from magnum.common.x509 import operations
import magnum.conf
from magnum.objects import fields

CONF = magnum.conf.CONF
S = fields.ClusterStatus

pytestmark = pytest.mark.parametrize('db_server', ['sqlite'], indirect=True)


def _stored_not_valid_after(ref):
    return operations.not_valid_after(get_backend().get_cert(ref)
                                      .get_certificate())


def _assert_matches_stored_certificates(cluster):
    assert cluster.ca_cert_expires_at == _stored_not_valid_after(
        cluster.ca_cert_ref)
    assert cluster.magnum_cert_expires_at == _stored_not_valid_after(
        cluster.magnum_cert_ref)


def _around(days):
    expected = (datetime.datetime.now(datetime.timezone.utc)
                + datetime.timedelta(days=days))
    return lambda when: abs(when - expected) < datetime.timedelta(minutes=1)


def test_create_records_when_the_ca_and_client_certificate_expire(wf):
    cluster = wf.create()
    assert cluster.status == S.CREATE_IN_PROGRESS
    _assert_matches_stored_certificates(cluster)
    close = _around(CONF.x509.term_of_validity)
    assert close(cluster.ca_cert_expires_at)
    assert close(cluster.magnum_cert_expires_at)


def test_rotation_records_the_new_certificates_expiry(wf, wf_conf):
    cluster = wf.create(status=S.CREATE_COMPLETE)
    before = (cluster.ca_cert_expires_at, cluster.magnum_cert_expires_at)
    wf_conf.config(group='x509', term_of_validity=90)
    wf.handlers.rotate_ca_certificate(wf.ctx, cluster)
    stored = wf.get(cluster.uuid)
    _assert_matches_stored_certificates(stored)
    after = (stored.ca_cert_expires_at, stored.magnum_cert_expires_at)
    assert all(new < old for new, old in zip(after, before))
    assert all(map(_around(90), after))


def test_refused_rotation_keeps_the_recorded_expiry(wf, wf_conf):
    wf.behave({'rotate_ca': {'raise': 'Not here.',
                             'raise_type': 'NotSupported'}})
    cluster = wf.create(status=S.CREATE_COMPLETE)
    wf_conf.config(group='x509', term_of_validity=90)
    with pytest.raises(exception.NotSupported):
        wf.handlers.rotate_ca_certificate(wf.ctx, cluster)
    stored = wf.get(cluster.uuid)
    assert (stored.ca_cert_expires_at, stored.magnum_cert_expires_at) == (
        cluster.ca_cert_expires_at, cluster.magnum_cert_expires_at)
    _assert_matches_stored_certificates(stored)
