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

"""CA rotation when the driver fails to hand the new CA out: the cluster
keeps the certificates its nodes have, and says why it failed."""

import pytest

from magnum.common.cert_manager import get_backend
from magnum.common import exception
from magnum.objects import fields

S = fields.ClusterStatus
REFS = ('ca_cert_ref', 'etcd_ca_cert_ref', 'front_proxy_ca_cert_ref',
        'magnum_cert_ref')
EXPIRIES = ('ca_cert_expires_at', 'magnum_cert_expires_at')


def test_driver_failure_keeps_the_old_certificates_and_fails(wf):
    wf.behave({'rotate_ca': {'raise': 'Heat refused the update.',
                             'raise_type': 'HeatStackError'}})
    cluster = wf.create(status=S.CREATE_COMPLETE)
    before = {f: getattr(cluster, f) for f in REFS + EXPIRIES}
    with pytest.raises(exception.MagnumException):
        wf.handlers.rotate_ca_certificate(wf.ctx, cluster)
    stored = wf.get(cluster.uuid)
    assert stored.status == S.UPDATE_FAILED
    assert 'Heat refused the update.' in stored.status_reason
    assert {f: getattr(stored, f) for f in REFS + EXPIRIES} == before
    # The old certificates are still there; the new ones are gone.
    for field in REFS:
        assert get_backend().get_cert(before[field]).get_certificate()
    assert wf.keypair_count() == 4
    assert len(wf.calls('rotate_ca')) == 1
    assert wf.reservation(cluster.uuid) is None


def test_rotation_refused_while_an_update_runs(wf):
    cluster = wf.create(status=S.UPDATE_IN_PROGRESS)
    before = wf.snapshot(cluster.uuid)
    with pytest.raises(exception.NotSupported) as raised:
        wf.handlers.rotate_ca_certificate(wf.ctx, cluster)
    assert raised.value.code == 400
    assert wf.snapshot(cluster.uuid) == before
    assert wf.calls('rotate_ca') == []
    assert wf.keypair_count() == 4


def test_rotation_renews_the_expiry_columns(wf):
    cluster = wf.create(status=S.CREATE_COMPLETE)
    old_ca = get_backend().get_cert(cluster.ca_cert_ref).get_certificate()
    wf.handlers.rotate_ca_certificate(wf.ctx, cluster)
    stored = wf.get(cluster.uuid)
    new_ca = get_backend().get_cert(stored.ca_cert_ref).get_certificate()
    assert new_ca != old_ca
    assert stored.ca_cert_expires_at >= cluster.ca_cert_expires_at
    assert stored.magnum_cert_expires_at >= cluster.magnum_cert_expires_at
