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

import http.client as http

import pytest

from magnum.common import exception
from magnum.drivers.common import driver
from magnum.tests.unit.drivers.common import test_registry


@pytest.fixture
def base():
    return test_registry.K8s()


def test_operations_are_abstract():
    with pytest.raises(TypeError):
        driver.Driver()


@pytest.mark.parametrize('size', [1, 3, 5, 7])
def test_odd_master_sizes_are_accepted(base, size):
    base.validate_master_size(size)


@pytest.mark.parametrize('size', [0, -1, 2, 4])
def test_even_or_empty_master_sizes_are_refused(base, size):
    with pytest.raises(exception.MasterNGSizeInvalid) as err:
        base.validate_master_size(size)
    assert err.value.code == http.BAD_REQUEST
    assert str(size) in str(err.value)


def test_master_resize_is_refused(base):
    with pytest.raises(exception.MasterNGResizeNotSupported):
        base.validate_master_resize(3)


def test_ca_rotation_is_not_supported(base):
    with pytest.raises(exception.NotSupported) as err:
        base.rotate_ca_certificate(None, None)
    assert err.value.code == http.BAD_REQUEST


def test_credential_rotation_is_not_supported(base):
    with pytest.raises(NotImplementedError) as err:
        base.rotate_credential(None, None)
    assert isinstance(err.value, exception.NotSupported)
    assert err.value.code == http.BAD_REQUEST
    assert str(err.value) == "Credential rotation is not supported by driver."


def test_defaults(base):
    assert base.beta is False
    assert base.get_monitor(None, None) is None
    assert base.get_scale_manager(None, None, None) is None
    assert base.update_cluster_status(None, []) == {}
    assert base.pre_delete_cluster(None, None) is None


@pytest.mark.parametrize('method', ['create_federation',
                                    'update_federation',
                                    'delete_federation'])
def test_federations_are_not_implemented(base, method):
    with pytest.raises(NotImplementedError):
        getattr(base, method)(None, None)


def test_reports_default_to_unchanged():
    report = driver.StatusReport(cluster_uuid='u', status='CREATE_COMPLETE')
    assert report.api_address is None
    assert report.nodegroups == {} and report.faults == {}
    assert driver.NodeGroupReport().node_addresses is None
    other = driver.StatusReport(cluster_uuid='v', status='CREATE_COMPLETE')
    other.faults['x'] = 'y'
    assert report.faults == {}
