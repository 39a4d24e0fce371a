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

"""Links in API documents: ``self`` under /v1, ``bookmark`` without it."""

import pecan
from wsme import types as wtypes

from magnum.api.controllers import base


def app_url():
    """The URL the API is reached at, including any mount prefix."""
    return pecan.request.application_url


def build_url(resource, resource_args='', bookmark=False, base_url=None):
    """``<base>/v1/<resource>/<args>`` (``<base>/<resource>/...`` for a
    bookmark). Arguments starting with ``?`` are appended as a query."""
    if base_url is None:
        base_url = app_url()
    template = '%(url)s/%(res)s' if bookmark else '%(url)s/v1/%(res)s'
    if resource_args.startswith('?'):
        template += '%(args)s'
    else:
        template += '/%(args)s'
    return template % {'url': base_url.rstrip('/'), 'res': resource,
                       'args': resource_args}


class Link(base.APIBase):
    """A hyperlink to a resource."""

    href = wtypes.text
    """The URL."""

    rel = wtypes.text
    """How the target relates to this document: self, bookmark, next..."""

    type = wtypes.text
    """The media type of the target, when it is not this API's JSON."""

    @staticmethod
    def make_link(rel_name, url, resource, resource_args,
                  bookmark=False, type=wtypes.Unset):
        href = build_url(resource, resource_args, bookmark=bookmark,
                         base_url=url)
        return Link(href=href, rel=rel_name, type=type)


make_link = Link.make_link


def self_and_bookmark(url, resource, resource_args=''):
    """The usual pair of links of an API object."""
    return [make_link('self', url, resource, resource_args),
            make_link('bookmark', url, resource, resource_args,
                      bookmark=True)]
