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

"""``GET /v1/clustertemplates`` (and ``/detail``) from plain rows: every
field ``ClusterTemplate.from_object`` shows, and the links."""

from magnum.api.controllers import link
from magnum.api.controllers.v1 import collection
from magnum.api.views import documents
from magnum import objects

_TIMESTAMPS = ('created_at', 'updated_at')


def page(datatype, collection_type, context, fields, url, limit, marker,
         sort_key, sort_dir):
    """The list document (``collection.Rendered``) of one page of the
    templates the caller may see; ``fields`` are those ``datatype``
    shows besides its links."""
    resource = collection_type._type
    rows = objects.ClusterTemplate.list_rows(
        context, fields, limit=limit, marker=marker, sort_key=sort_key,
        sort_dir=sort_dir)
    shape = documents.shaper(datatype, set(fields) | {'links'})
    links = documents.links_maker(link.app_url(), resource)
    items = []
    for row in rows:
        for name in _TIMESTAMPS:
            if name in row:
                row[name] = documents.iso_utc(row[name])
        row['links'] = links(row['uuid'])
        items.append(shape(row))
    next_url = collection.next_link(
        limit, len(rows), url, rows[-1]['uuid'] if rows else None,
        sort_key=sort_key, sort_dir=sort_dir)
    return documents.page(collection_type, items, next_url)
