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

"""Read-only list views: API documents built straight from plain rows.

A list page of a thousand clusters spent most of its time building a
versioned object per row and per nodegroup and a WSME document per row,
only to turn them into JSON. These views read the page as plain dicts
(``Connection.get_*_list_rows``: the columns shown, node counts summed
by the database) and shape them like the WSME types' documents, field
for field and in the same order; the controllers keep their policy
checks, argument validation and tenant scoping as they are.

They read through the objects' ``list_rows`` class methods, which hand
the database's plain rows on: a list page is no data passed between
layers but the bytes of a response, and an object per row would only
slow it down. Nothing here writes.
"""
