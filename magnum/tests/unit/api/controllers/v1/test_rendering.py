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

"""The fast paths of list rendering give exactly what WSME's own would."""

import datetime

from wsme.rest import json as wsme_json
from wsme import types as wtypes

from magnum.api.controllers import link
from magnum.api.controllers.v1 import cluster as cluster_api
from magnum.api.controllers.v1 import collection
from magnum.api.controllers.v1 import types


def _document():
    document = cluster_api.Cluster(
        uuid='4c5b5ad0-0c8e-4a47-9f0e-3a2b6f7d1e10', name='c1',
        labels={'a': '1', 'n': 3, 'b': True}, node_count=2,
        health_status_reason={'api': 'ok'}, node_addresses=['10.0.0.1'],
        master_addresses=[])
    document.created_at = datetime.datetime(2024, 5, 6, 7, 8, 9, 10,
                                            tzinfo=datetime.timezone.utc)
    document.status_reason = None
    document.links = [link.Link(href='http://x/v1/clusters/1', rel='self')]
    return document


def test_fast_renderer_matches_wsme():
    document = _document()
    expected = wsme_json.tojson(cluster_api.Cluster, document)
    assert collection.render(cluster_api.Cluster, document) == expected
    assert expected['created_at'] == '2024-05-06T07:08:09.000010+00:00'
    assert expected['merge_labels'] is False  # defaults are shown
    assert expected['status_reason'] is None and 'api_address' not in expected


def test_collections_render_through_the_fast_renderer():
    page = cluster_api.ClusterCollection(clusters=[_document()])
    page.next = 'http://x/v1/clusters?limit=1&marker=m'
    rendered = wsme_json.tojson(cluster_api.ClusterCollection, page)
    assert rendered == {
        'clusters': [wsme_json.tojson(cluster_api.Cluster, _document())],
        'next': page.next}


def test_unchecked_values_render_like_checked_ones():
    checked = _document()
    unchecked = cluster_api.Cluster()
    for attr in wtypes.list_attributes(cluster_api.Cluster):
        value = getattr(checked, attr.key)
        if value is not wtypes.Unset and value is not attr.default:
            types.set_unchecked(unchecked, attr.key, value)
    types.set_unchecked(unchecked, 'keypair', wtypes.Unset)
    assert (wsme_json.tojson(cluster_api.Cluster, unchecked)
            == wsme_json.tojson(cluster_api.Cluster, checked))
