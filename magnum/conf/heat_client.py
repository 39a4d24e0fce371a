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

"""``[heat_client]`` options: how Magnum reaches Heat."""

from magnum.conf import _client

heat_client_group = _client.make_group('Heat')
heat_client_opts = _client.common_opts('Heat') + [
    _client.api_version_opt('Heat', '1'),
]


def register_opts(conf):
    conf.register_group(heat_client_group)
    conf.register_opts(heat_client_opts, group=heat_client_group)


def list_opts():
    return {heat_client_group: heat_client_opts}
