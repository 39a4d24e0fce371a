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

"""A template's ``external_network_id`` given as a name, made an id.

Templates may name the external network (``public``) as the CLI allows;
the stack gets the network's id, looked up in Neutron with the caller's
token, so the stack does not depend on the name staying unique. An
unknown name, or one that is not a ``router:external`` network, fails
with ``ExternalNetworkNotFound`` (400); a name several networks share
with ``Conflicts``. Without a token (no caller to look up as) the value
is passed as it is and Heat resolves it.
"""

from oslo_utils import uuidutils

from magnum.common import clients
from magnum.common import exception


def external_network_id(context, ident):
    """The id of external network ``ident`` (an id or a name)."""
    if not ident or uuidutils.is_uuid_like(ident):
        return ident
    if context is None or not context.auth_token:
        return ident
    network = clients.get_clients(context).find_network(ident, external=True)
    if network is None:
        raise exception.ExternalNetworkNotFound(network=ident)
    return network['id']


def resolve_params(context, params, param):
    """``params`` with ``params[param]`` resolved to a network id."""
    if params.get(param):
        params[param] = external_network_id(context, params[param])
    return params
