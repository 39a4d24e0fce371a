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

"""``[DEFAULT] auth_strategy``: how the API authenticates requests."""

from oslo_config import cfg

auth_opts = [
    cfg.StrOpt(
        'auth_strategy',
        default='keystone',
        choices=[
            ('keystone', 'Validate the X-Auth-Token of every request '
                         'with Keystone (keystonemiddleware).'),
            ('noauth', 'Trust the identity headers as sent. For unit '
                       'tests and development only; never in production.'),
        ],
        help='Authentication used by the Magnum API.'),
]


def register_opts(conf):
    conf.register_opts(auth_opts)


def list_opts():
    return {'DEFAULT': auth_opts}
