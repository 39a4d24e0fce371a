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

"""All of Magnum's configuration options, registered on one ``CONF``.

Use ``import magnum.conf`` and ``magnum.conf.CONF``; each option group lives
in a module of its own here and is registered on import of this package.
"""

from oslo_config import cfg

CONF = cfg.CONF
