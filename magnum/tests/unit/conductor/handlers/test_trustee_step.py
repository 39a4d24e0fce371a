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

"""The create workflow's trustee step stays out of the fake driver's way.

No Keystone is configured here: a trustee step that ran would fail the
create. (The step itself is tested against the local cloud's Keystone in
``magnum/tests/functional/local_cloud/test_trustee.py``.)
"""

import pytest

from magnum.objects import fields

pytestmark = pytest.mark.parametrize('db_server', ['sqlite'], indirect=True)

S = fields.ClusterStatus


@pytest.mark.parametrize('cluster_user_trust', [False, True])
def test_fake_driver_clusters_get_no_trustee(wf, wf_conf,
                                             cluster_user_trust):
    wf_conf.config(group='trust', cluster_user_trust=cluster_user_trust,
                   trustee_domain_name='magnum',
                   trustee_domain_admin_name='admin',
                   trustee_domain_admin_password='secret')
    cluster = wf.create()
    assert cluster.status == S.CREATE_IN_PROGRESS, cluster.status_reason
    assert (cluster.trustee_user_id, cluster.trustee_username,
            cluster.trustee_password, cluster.trust_id) == (None,) * 4


def test_failed_create_without_trust_stays_failed(wf, wf_conf):
    wf.behave({'create': {'raise': 'No room.'}})
    cluster = wf.create()
    assert cluster.status == S.CREATE_FAILED
    assert cluster.trust_id is None and cluster.trustee_user_id is None
