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

"""Node files that are the same for every cluster, as one small blob.

Nova refuses user data larger than 64 KiB once base64-encoded, and boot
scripts in clear quickly outgrow that. The files every node of a role gets
unchanged are therefore packed into one Ignition config, gzip-compressed
and carried as a ``data:`` URL; the node's user data asks Ignition to merge
it (``ignition.config.merge`` with ``compression: gzip``, Ignition spec
3.1 and later). Only what differs per cluster stays in the user data.

The blob is deterministic (no timestamps, sorted keys), so the same files
always give the same bytes.
"""

import base64
import gzip
import json
import urllib.parse

IGNITION_VERSION = '3.3.0'

# Characters a data URL may carry unescaped (RFC 3986 unreserved and the
# sub-delimiters Ignition's data URL parser takes literally; '+' is left
# out because some decoders read it as a space).
_URL_SAFE = "/:@!$&'()*,;="


def data_url(text):
    """``text`` as a percent-encoded ``data:`` URL."""
    return 'data:,' + urllib.parse.quote(text, safe=_URL_SAFE)


def file_entry(path, mode, text):
    """An Ignition ``storage.files`` entry writing ``text`` to ``path``."""
    return {'path': path, 'mode': mode, 'overwrite': True,
            'contents': {'source': data_url(text)}}


def unit_entry(name, text, enabled=True):
    """An Ignition ``systemd.units`` entry."""
    return {'name': name, 'enabled': enabled, 'contents': text}


def config(files=(), units=()):
    """A complete Ignition config holding ``files`` and ``units``."""
    return {'ignition': {'version': IGNITION_VERSION},
            'storage': {'files': list(files)},
            'systemd': {'units': list(units)}}


def gzip_data_url(ignition_config):
    """``ignition_config`` as JSON, gzip-compressed, in a base64
    ``data:`` URL: the ``source`` of a ``config.merge`` entry whose
    ``compression`` is ``gzip``."""
    text = json.dumps(ignition_config, sort_keys=True, separators=(',', ':'))
    packed = gzip.compress(text.encode('utf-8'), compresslevel=9, mtime=0)
    return 'data:;base64,' + base64.b64encode(packed).decode('ascii')


def read_gzip_data_url(url):
    """The Ignition config inside a ``gzip_data_url`` (for checks)."""
    prefix = 'data:;base64,'
    if not url.startswith(prefix):
        raise ValueError('not a base64 data URL: %.40s' % url)
    packed = base64.b64decode(url[len(prefix):], validate=True)
    return json.loads(gzip.decompress(packed).decode('utf-8'))
