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

"""An external network named in a template becomes its id for Heat,
looked up in the local cloud's Neutron-shaped stand-in."""

import uuid

import pytest

from magnum.common import exception
from magnum.drivers.heat import network_lookup
from magnum.tests.functional.local_cloud import magnum_conf


conf = magnum_conf.conf


@pytest.fixture
def context(local_cloud):
    return magnum_conf.user_context(local_cloud)


def network_id(local_cloud, name):
    session = local_cloud.session('demo_member')
    [found] = session.get('/v2.0/networks', params={'name': name},
                          endpoint_filter={'service_type': 'network'}
                          ).json()['networks']
    return found['id']


def test_a_name_becomes_the_id(conf, local_cloud, context):
    public = network_id(local_cloud, 'public')
    params = network_lookup.resolve_params(
        context, {'external_network': 'public', 'other': 'x'},
        'external_network')
    assert params == {'external_network': public, 'other': 'x'}


def test_an_id_is_kept_without_a_lookup(conf, context):
    ident = str(uuid.uuid4())
    assert network_lookup.external_network_id(context, ident) == ident


@pytest.mark.parametrize('name', ['private', 'no-such-network'])
def test_unknown_or_internal_network_is_refused(conf, context, name):
    with pytest.raises(exception.ExternalNetworkNotFound) as failure:
        network_lookup.external_network_id(context, name)
    assert failure.value.code == 400
    assert name in str(failure.value)
