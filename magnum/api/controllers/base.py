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

"""Base WSME type of API documents."""

import datetime

from wsme import types as wtypes


class APIBase(wtypes.Base):

    created_at = wtypes.wsattr(datetime.datetime, readonly=True)
    """When the object was created."""

    updated_at = wtypes.wsattr(datetime.datetime, readonly=True)
    """When the object was last changed."""

    def as_dict(self):
        """The attributes that are set, as a dict."""
        return {key: getattr(self, key)
                for key in self.fields
                if getattr(self, key) is not wtypes.Unset}

    def unset_fields_except(self, except_list=None):
        """Unset every field but those named, to trim a list entry."""
        keep = set(except_list or ())
        for key in self.fields:
            if key not in keep:
                setattr(self, key, wtypes.Unset)

    @property
    def fields(self):
        return [attr.key for attr in self._wsme_attributes]
