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
A new group module must be added to ``GROUP_MODULES`` (a unit test fails
otherwise). Services should call ``magnum.conf.opts.update_opt_defaults()``
before parsing their configuration.
"""

from oslo_config import cfg

from magnum.conf import api
from magnum.conf import auth
from magnum.conf import barbican_client
from magnum.conf import certificates
from magnum.conf import cinder
from magnum.conf import cinder_client
from magnum.conf import cluster
from magnum.conf import cluster_heat
from magnum.conf import cluster_template
from magnum.conf import conductor
from magnum.conf import database
from magnum.conf import default
from magnum.conf import docker
from magnum.conf import docker_registry
from magnum.conf import drivers
from magnum.conf import fake_driver
from magnum.conf import glance_client
from magnum.conf import heat_client
from magnum.conf import keystone_auth
from magnum.conf import kubernetes
from magnum.conf import magnum_client
from magnum.conf import neutron_client
from magnum.conf import nova_client
from magnum.conf import octavia_client
from magnum.conf import quotas
from magnum.conf import trust
from magnum.conf import x509

CONF = cfg.CONF

# Every group module of this package, in registration order. opts.py lists
# the same modules for the sample generator.
GROUP_MODULES = (
    default,
    auth,
    api,
    barbican_client,
    certificates,
    cinder,
    cinder_client,
    cluster,
    cluster_heat,
    cluster_template,
    conductor,
    database,
    docker,
    docker_registry,
    drivers,
    fake_driver,
    glance_client,
    heat_client,
    keystone_auth,
    kubernetes,
    magnum_client,
    neutron_client,
    nova_client,
    octavia_client,
    quotas,
    trust,
    x509,
)

for _module in GROUP_MODULES:
    _module.register_opts(CONF)
