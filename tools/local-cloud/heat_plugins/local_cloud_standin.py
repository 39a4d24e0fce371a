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

"""Stand-in cloud resources for the local cloud test bed.

Loaded by the real heat-engine through ``[DEFAULT] plugin_dirs``.  It gives

* ``LocalCloud::StandIn`` -- a resource that accepts any properties, pretends
  to create/delete the cloud object it stands for (a Nova server, a Neutron
  port, an Octavia load balancer, ...) and answers ``get_attr`` with
  believable values (ids, addresses, ``first_address``, ``networks``, ...).
  The global environment of the test bed maps ``OS::Nova::*``,
  ``OS::Neutron::*``, ``OS::Octavia::*``, ... onto it, so templates need no
  change.
* stand-ins for the custom parameter constraints that would otherwise ask
  Nova, Glance, Neutron, ... (``nova.keypair``, ``glance.image``, ...).

Behaviour is read from a JSON file at every create, delete and constraint
check, so tests change it while heat-engine runs.  The file is named by
``[local_cloud] behaviour_file`` in heat.conf or by the environment variable
``LOCAL_CLOUD_BEHAVIOUR_FILE``.  Its shape (every key optional)::

    {
      "delays": {"create": {"OS::Octavia::LoadBalancer": 3, "*": 0},
                 "delete": {"OS::Nova::Server": 1}},
      "failures": [{"action": "create", "type": "OS::Nova::Server",
                    "name": "minion*", "stack": "*",
                    "message": "No valid host was found"}],
      "reject": {"nova.keypair": ["missing-key"]}
    }

Type, name and stack are shell-style patterns (fnmatch) matched against the
type written in the template, the resource's name and its stack's name.
"""

import fnmatch
import hashlib
import ipaddress
import json
import os
import time
import uuid

from oslo_config import cfg
from oslo_log import log as logging

from heat.common import exception
from heat.engine import attributes
from heat.engine import function
from heat.engine.resources.openstack.heat import none_resource

LOG = logging.getLogger(__name__)

_OPTS = [
    cfg.StrOpt('behaviour_file',
               help='JSON file that steers the stand-in resources.'),
]
cfg.CONF.register_opts(_OPTS, group='local_cloud')

RESOURCE_TYPE = 'LocalCloud::StandIn'

# Services whose parameter constraints are answered by the stand-in.
# Keystone's are left alone: a real Keystone runs in the test bed.
STOOD_IN_SERVICES = ('barbican', 'blazar', 'cinder', 'designate', 'glance',
                     'ironic', 'manila', 'mistral', 'neutron', 'nova',
                     'octavia', 'trove', 'zaqar')

PRIVATE_NET = ipaddress.ip_network('10.0.0.0/24')
PUBLIC_NET = ipaddress.ip_network('172.24.4.0/24')


def behaviour_path():
    path = None
    try:
        path = cfg.CONF.local_cloud.behaviour_file
    except cfg.Error:
        path = None
    return path or os.environ.get('LOCAL_CLOUD_BEHAVIOUR_FILE')


def load_behaviour():
    """Read the behaviour file; a missing or unreadable file means 'none'."""
    path = behaviour_path()
    if not path:
        return {}
    try:
        with open(path, encoding='utf-8') as f:
            data = json.load(f)
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        LOG.warning('local cloud: cannot read behaviour file %s: %s',
                    path, exc)
        return {}
    return data if isinstance(data, dict) else {}


def _pick(table, key):
    """Value for key in a {pattern: value} table: exact key first."""
    if not isinstance(table, dict):
        return None
    if key in table:
        return table[key]
    for pattern, value in table.items():
        if fnmatch.fnmatchcase(key, pattern):
            return value
    return None


class _AnyAttribute(dict):
    """Attribute schema that claims every attribute name.

    ``get_attr`` validation asks ``name in resource.attributes_schema``; the
    stand-in answers every name, whatever the type it stands for.
    """

    def __contains__(self, key):
        # '*' stays special: Heat uses it for "all attributes".
        return key != attributes.ALL_ATTRIBUTES


class StandIn(none_resource.NoneResource):
    """A cloud resource that exists only in Heat's database."""

    attributes_schema = _AnyAttribute()

    # ----------------------------------------------------------- behaviour
    def _original_type(self):
        return self.t.resource_type or RESOURCE_TYPE

    def _delay(self, behaviour, action):
        table = (behaviour.get('delays') or {}).get(action) or {}
        try:
            return max(0.0, float(_pick(table, self._original_type()) or 0))
        except (TypeError, ValueError):
            return 0.0

    def _failure(self, behaviour, action):
        for rule in behaviour.get('failures') or []:
            if not isinstance(rule, dict):
                continue
            if rule.get('action', 'create').lower() != action:
                continue
            checks = ((rule.get('type', '*'), self._original_type()),
                      (rule.get('name', '*'), self.name),
                      (rule.get('stack', '*'), self.stack.name or ''))
            if all(fnmatch.fnmatchcase(value, pattern)
                   for pattern, value in checks):
                return rule.get('message') or (
                    'stand-in failure injected for %s %s' %
                    (self._original_type(), self.name))
        return None

    def _start(self, action):
        behaviour = load_behaviour()
        deadline = time.monotonic() + self._delay(behaviour, action)
        return deadline, self._failure(behaviour, action)

    def _finished(self, token):
        deadline, failure = token
        if time.monotonic() < deadline:
            return False
        if failure:
            raise exception.ResourceInError(resource_status='ERROR',
                                            status_reason=failure)
        return True

    # ----------------------------------------------------------- lifecycle
    def handle_create(self):
        self.resource_id_set(str(uuid.uuid4()))
        self.data_set(self.IS_PLACEHOLDER, 'True')
        props = self._raw_properties()
        keep = {k: props[k] for k in ('name', 'cidr', 'size', 'gateway_ip')
                if isinstance(props.get(k), (str, int))}
        nets = [n.get('network') for n in props.get('networks') or []
                if isinstance(n, dict) and isinstance(n.get('network'), str)]
        if nets:
            keep['network_names'] = nets
        self.data_set('standin', json.dumps(keep))
        return self._start('create')

    def check_create_complete(self, token):
        return self._finished(token)

    def handle_delete(self):
        if self.resource_id is None:
            return None
        return self._start('delete')

    def check_delete_complete(self, token):
        if token is None:
            return True
        return self._finished(token)

    def _raw_properties(self):
        try:
            props = function.resolve(self.t._properties)
        except Exception:  # unresolved or odd input: we accept anything
            props = None
        return props if isinstance(props, dict) else {}

    # ---------------------------------------------------------- attributes
    def _remembered(self):
        try:
            return json.loads(self.data().get('standin') or '{}')
        except ValueError:
            return {}

    def _seed(self):
        return (self.uuid or self.resource_id or self.name or '').encode()

    def _number(self, salt):
        digest = hashlib.sha256(self._seed() + salt.encode()).digest()
        return int.from_bytes(digest[:4], 'big')

    def _uuid(self, salt):
        base = uuid.UUID(str(self.resource_id)) if self._looks_uuid() else (
            uuid.NAMESPACE_URL)
        return str(uuid.uuid5(base, '%s/%s' % (self._seed(), salt)))

    def _looks_uuid(self):
        try:
            uuid.UUID(str(self.resource_id))
        except ValueError:
            return False
        return True

    def _ip(self, net, salt):
        host = 3 + self._number(salt) % (net.num_addresses - 5)
        return str(net.network_address + host)

    def _values(self):
        mem = self._remembered()
        rtype = self._original_type()
        private = self._ip(PRIVATE_NET, 'private')
        public = self._ip(PUBLIC_NET, 'public')
        mac = 'fa:16:3e:%02x:%02x:%02x' % tuple(
            self._number('mac').to_bytes(4, 'big')[1:])
        net_name = (mem.get('network_names') or ['private'])[0]
        name = mem.get('name') or self.physical_resource_name() or self.name
        subnet_id = self._uuid('subnet_id')
        addresses = [
            {'addr': private, 'version': 4, 'OS-EXT-IPS:type': 'fixed',
             'OS-EXT-IPS-MAC:mac_addr': mac},
            {'addr': public, 'version': 4, 'OS-EXT-IPS:type': 'floating',
             'OS-EXT-IPS-MAC:mac_addr': mac},
        ]
        is_fip = rtype.endswith('FloatingIP')
        values = {
            'name': name,
            'first_address': private,
            'accessIPv4': public,
            'accessIPv6': '',
            'networks': {net_name: [private, public]},
            'addresses': {net_name: addresses},
            'fixed_ips': [{'ip_address': private, 'subnet_id': subnet_id}],
            'fixed_ip_address': private,
            'floating_ip_address': public,
            'vip_address': public if is_fip else private,
            'mac_address': mac,
            'cidr': mem.get('cidr') or str(PRIVATE_NET),
            'gateway_ip': mem.get('gateway_ip') or str(
                PRIVATE_NET.network_address + 1),
            'allocation_pools': [{'start': '10.0.0.2',
                                  'end': '10.0.0.254'}],
            'subnets': [subnet_id],
            'external_gateway_info': {
                'network_id': self._uuid('external_network'),
                'external_fixed_ips': [{'ip_address': public,
                                        'subnet_id': self._uuid('ext')}]},
            'instance_name': 'instance-%08x' % self._number('instance'),
            'status': 'available' if 'Cinder' in rtype else 'ACTIVE',
            'provisioning_status': 'ACTIVE',
            'operating_status': 'ONLINE',
            'size': mem.get('size', 1),
            'display_name': name,
            'attachments': [],
            'console_urls': {},
            'pools': [], 'listeners': [], 'members': [],
            'public_key': 'ssh-ed25519 AAAAlocalcloudstandin %s' % name,
            'private_key': '',
            'data': '{}',
        }
        return values

    def _attribute(self, key, path):
        values = self._values()
        if key in ('networks', 'addresses') and path:
            # Any network name the template asks for is "the" network.
            nets = values[key]
            head, rest = path[0], path[1:]
            value = nets.get(head, next(iter(nets.values())))
            return attributes.select_from_attribute(value, rest)
        if key == 'show':
            value = dict(values, id=self.resource_id)
        elif key in values:
            value = values[key]
        elif key.endswith('_id'):
            value = self._uuid(key)
        elif key.endswith('_ids'):
            value = [self._uuid(key)]
        else:
            value = self.resource_id
        return attributes.select_from_attribute(value, path)

    def get_attribute(self, key, *path):
        if self.resource_id is None:
            return None
        return self._attribute(key, path)


def _constraint_class(constraint_name):
    """A parameter constraint that accepts every value but listed ones."""

    entity = constraint_name.split('.')[-1]

    class StandInConstraint(object):
        def __init__(self):
            self._message = None

        def validate(self, value, context):
            rejected = (load_behaviour().get('reject') or {}).get(
                constraint_name) or []
            if value in rejected:
                self._message = 'The %s (%s) could not be found.' % (
                    entity, value)
                return False
            return True

        def error(self, value):
            return "Error validating value '%s': %s" % (
                value, self._message or 'rejected by the local cloud')

    StandInConstraint.__name__ = 'StandIn_%s' % constraint_name.replace(
        '.', '_')
    return StandInConstraint


def _stood_in_constraint_names():
    try:
        from importlib import metadata
        names = {ep.name for ep in
                 metadata.entry_points(group='heat.constraints')}
    except Exception:  # pragma: no cover - metadata always works on 3.11
        names = set()
    return sorted(n for n in names
                  if n.split('.')[0] in STOOD_IN_SERVICES)


def resource_mapping():
    return {RESOURCE_TYPE: StandIn}


def constraint_mapping():
    return {name: _constraint_class(name)
            for name in _stood_in_constraint_names()}
