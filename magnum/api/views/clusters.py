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

"""``GET /v1/clusters`` and ``GET /v1/clusters/detail`` from plain rows.

Shows what ``Cluster.convert`` shows of a listed cluster: the same
fields (the id field and certificate expiry by microversion), links,
nodegroup-derived counts and addresses, and on the detail the
``labels_*`` differences from the template when the caller can see it.
"""

from magnum.api.controllers import link
from magnum.api.controllers.v1 import collection
from magnum.api.controllers import versions
from magnum.api import utils as api_utils
from magnum.api.views import documents
from magnum import objects

RESOURCE = 'clusters'

# Shown fields summed up from the nodegroups rather than read from a column.
_DERIVED = ('node_count', 'master_count', 'node_addresses',
            'master_addresses')
_LABEL_DIFFS = ('labels_overridden', 'labels_added', 'labels_skipped')
# Columns behind ``certificates_expire_at``: (reference, expiry) pairs.
_CERTIFICATES = (('ca', 'ca_cert_ref', 'ca_cert_expires_at'),
                 ('client', 'magnum_cert_ref', 'magnum_cert_expires_at'))
_TIMESTAMPS = ('created_at', 'updated_at')


def page(datatype, collection_type, context, fields, expand, url, limit,
         marker, sort_key, sort_dir):
    """The list document (``collection.Rendered``) of one page.

    ``datatype`` is the cluster document type, ``fields`` the cluster
    fields it shows of a listed cluster (``expand``: of the detail).
    """
    id_field = ('cluster_id' if versions.is_at_least(versions.CLUSTER_ID)
                else 'stack_id')
    shown = set(fields) | {id_field, 'links'}
    columns = [name for name in fields if name not in _DERIVED]
    columns.append('stack_id')
    certificates = expand and versions.is_at_least(versions.CERT_EXPIRY)
    if certificates:
        shown.add('certificates_expire_at')
        columns += [c for _, ref, when in _CERTIFICATES for c in (ref, when)]
    if expand:
        shown.update(_LABEL_DIFFS)
    rows = objects.Cluster.list_rows(
        context, sorted(set(columns)), limit=limit, marker=marker,
        sort_key=sort_key, sort_dir=sort_dir,
        derived=[name for name in _DERIVED if name in shown])
    parents = _template_labels(context, rows) if expand else {}
    shape = documents.shaper(datatype, shown)
    links = documents.links_maker(link.app_url(), RESOURCE)
    items = []
    for row in rows:
        row[id_field] = row['stack_id']
        row['links'] = links(row['uuid'])
        if expand:
            for name in _TIMESTAMPS:
                row[name] = documents.iso_utc(row[name])
            _add_label_diffs(row, parents.get(row['cluster_template_id']))
        if certificates:
            row['certificates_expire_at'] = {
                kind: documents.iso_utc(row[when]) if row[ref] else None
                for kind, ref, when in _CERTIFICATES}
        items.append(shape(row))
    next_url = collection.next_link(
        limit, len(rows), url, rows[-1]['uuid'] if rows else None,
        sort_key=sort_key, sort_dir=sort_dir)
    return documents.page(collection_type, items, next_url)


def _template_labels(context, rows):
    """``{template uuid: labels}`` of the rows' templates the caller can
    see, read in one query."""
    uuids = sorted({row['cluster_template_id'] for row in rows
                    if row['cluster_template_id']})
    if not uuids:
        return {}
    templates = objects.ClusterTemplate.list_rows(
        context, ('uuid', 'labels'), uuids=uuids)
    return {t['uuid']: t['labels'] or {} for t in templates}


def _add_label_diffs(row, parent_labels):
    if parent_labels is None:
        for name in _LABEL_DIFFS:
            row[name] = documents.UNSET
        return
    diffs = api_utils.get_labels_diff(parent_labels, row['labels'])
    row.update(zip(_LABEL_DIFFS, diffs))
