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

"""Base type of the list documents: the items plus a ``next`` link.

A subclass names its item list in ``_type`` (``'clusters'``) and declares
that attribute. ``next`` is set only when the page is full, i.e. there may
be more: ``<app_url>/v1/<resource>?sort_key=..&sort_dir=..&limit=N&marker=M``
where ``M`` is the ``marker_attribute`` of the last item.
"""

import urllib.parse

from wsme import types as wtypes

from magnum.api.controllers import base
from magnum.api.controllers import link


class Collection(base.APIBase):

    next = wtypes.text
    """URL of the next page, present when this page is full."""

    _type = None

    @property
    def collection(self):
        return getattr(self, self._type)

    def has_next(self, limit):
        """True when this page holds ``limit`` items, so more may follow."""
        items = self.collection
        return bool(limit) and bool(items) and len(items) == limit

    def get_next(self, limit, url=None, marker_attribute='uuid', **kwargs):
        """The URL of the page after this one, or ``wtypes.Unset``.

        ``url`` is the resource path under /v1 (``clusters/detail``,
        ``clusters/<uuid>/nodegroups``), ``_type`` by default; ``kwargs``
        are extra query arguments (``sort_key``, ``sort_dir``, filters),
        written before ``limit`` and ``marker`` in the order given.
        """
        if not self.has_next(limit):
            return wtypes.Unset
        marker = getattr(self.collection[-1], marker_attribute)
        query = [(key, value) for key, value in kwargs.items()
                 if value is not None and value is not wtypes.Unset]
        query += [('limit', limit), ('marker', marker)]
        args = '?' + urllib.parse.urlencode(query)
        return link.build_url(url or self._type, args)

    def set_next(self, limit, url=None, marker_attribute='uuid', **kwargs):
        """Fill ``next`` (see ``get_next``); returns self for chaining."""
        self.next = self.get_next(limit, url=url,
                                  marker_attribute=marker_attribute,
                                  **kwargs)
        return self
