#!/usr/bin/env python3
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

"""Stand-in cloud APIs for the local cloud test bed (standard library only).

Answers, on one loopback port per service, the part of the Glance v2, Nova
v2.1, Neutron v2.0 and Octavia v2 APIs that Magnum asks the cloud directly:

* image          GET /v2/images[?name=&os_distro=...], GET /v2/images/{id}
* compute        GET /v2.1/flavors, /flavors/detail, /flavors/{id};
                 GET/POST /v2.1/os-keypairs, GET/DELETE /os-keypairs/{name}
* network        GET /v2.0/networks[/{id}], /v2.0/subnets[/{id}] with filters
* load-balancer  GET/POST /v2/lbaas/loadbalancers, GET/DELETE .../{id}
                 (a tag ``standin:delete-seconds=N`` keeps a deleted load
                 balancer PENDING_DELETE for N seconds; with
                 ``standin:delete-error`` the first delete leaves it in
                 ERROR, as Octavia does when a delete fails, and the next
                 one deletes it)

Every call but the version documents needs a token that the real Keystone
validates (``GET /v3/auth/tokens`` with a service token); anything else gets
401.  Usage: ``standin_api.py CONFIG.json`` (written by ``local-cloud up``).
"""

import datetime
import hashlib
import json
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from http import server

NOW = '2026-01-01T00:00:00Z'


def _stable_id(*parts):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, 'local-cloud/' + '/'.join(parts)))


# --------------------------------------------------------------------------
# Keystone token validation


class TokenValidator(object):
    """Validates user tokens against Keystone, caching good answers."""

    CACHE_SECONDS = 30

    def __init__(self, auth_url, username, password, project_name):
        self.auth_url = auth_url.rstrip('/')
        self.creds = (username, password, project_name)
        self._service_token = None
        self._service_expiry = 0.0
        self._cache = {}
        self._lock = threading.Lock()

    def _request(self, method, path, headers, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.auth_url + path, data=data,
                                     method=method, headers=headers)
        if data is not None:
            req.add_header('Content-Type', 'application/json')
        try:
            with urllib.request.urlopen(req, timeout=15) as resp:
                return resp.status, dict(resp.headers), json.load(resp)
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers), None

    def _get_service_token(self):
        if self._service_token and time.time() < self._service_expiry:
            return self._service_token
        user, password, project = self.creds
        body = {'auth': {
            'identity': {'methods': ['password'], 'password': {'user': {
                'name': user, 'password': password,
                'domain': {'id': 'default'}}}},
            'scope': {'project': {'name': project,
                                  'domain': {'id': 'default'}}}}}
        status, headers, _ = self._request('POST', '/v3/auth/tokens', {},
                                           body)
        if status != 201:
            raise RuntimeError('service token refused: HTTP %s' % status)
        self._service_token = headers.get('X-Subject-Token')
        self._service_expiry = time.time() + 600
        return self._service_token

    def validate(self, token):
        """Return the token body's ``token`` dict, or None if invalid."""
        if not token:
            return None
        key = hashlib.sha256(token.encode()).hexdigest()
        with self._lock:
            hit = self._cache.get(key)
            if hit and hit[0] > time.time():
                return hit[1]
            service = self._get_service_token()
        status, _, body = self._request(
            'GET', '/v3/auth/tokens',
            {'X-Auth-Token': service, 'X-Subject-Token': token})
        if status == 401:  # our own token went stale: retry once
            with self._lock:
                self._service_token = None
                service = self._get_service_token()
            status, _, body = self._request(
                'GET', '/v3/auth/tokens',
                {'X-Auth-Token': service, 'X-Subject-Token': token})
        if status != 200 or not body:
            return None
        info = body['token']
        with self._lock:
            self._cache[key] = (time.time() + self.CACHE_SECONDS, info)
        return info


# --------------------------------------------------------------------------
# Seed data


def seed_images():
    images = []
    for name, distro, version, size in (
            ('fedora-coreos-latest', 'fedora-coreos', '40', 811401216),
            ('ubuntu-jammy', 'ubuntu', '22.04', 673775616),
            ('cirros', 'cirros', '0.6', 21430272)):
        image_id = _stable_id('image', name)
        images.append({
            'id': image_id, 'name': name, 'status': 'active',
            'visibility': 'public', 'protected': False, 'os_hidden': False,
            'os_distro': distro, 'os_version': version,
            'disk_format': 'qcow2', 'container_format': 'bare',
            'min_disk': 0, 'min_ram': 0, 'size': size, 'virtual_size': None,
            'checksum': hashlib.md5(name.encode()).hexdigest(),
            'os_hash_algo': 'sha512',
            'os_hash_value': hashlib.sha512(name.encode()).hexdigest(),
            'owner': None, 'tags': [], 'created_at': NOW,
            'updated_at': NOW, 'self': '/v2/images/' + image_id,
            'file': '/v2/images/%s/file' % image_id,
            'schema': '/v2/schemas/image'})
    return images


def seed_flavors():
    flavors = []
    for fid, name, ram, vcpus, disk in (
            ('1', 'm1.tiny', 512, 1, 1), ('2', 'm1.small', 2048, 1, 20),
            ('3', 'm1.medium', 4096, 2, 40), ('4', 'm1.large', 8192, 4, 80),
            ('ds1G', 'ds1G', 1024, 1, 10), ('ds2G', 'ds2G', 2048, 2, 10),
            ('ds4G', 'ds4G', 4096, 4, 20)):
        flavors.append({
            'id': fid, 'name': name, 'ram': ram, 'vcpus': vcpus,
            'disk': disk, 'OS-FLV-EXT-DATA:ephemeral': 0, 'swap': 0,
            'rxtx_factor': 1.0, 'OS-FLV-DISABLED:disabled': False,
            'os-flavor-access:is_public': True, 'description': None,
            'extra_specs': {}})
    return flavors


def seed_networks():
    public_id = _stable_id('network', 'public')
    private_id = _stable_id('network', 'private')
    public_subnet = _stable_id('subnet', 'public-subnet')
    private_subnet = _stable_id('subnet', 'private-subnet')
    owner = _stable_id('project', 'cloud-admin').replace('-', '')

    def net(nid, name, external, subnet):
        return {'id': nid, 'name': name, 'status': 'ACTIVE',
                'admin_state_up': True, 'shared': not external,
                'router:external': external, 'subnets': [subnet],
                'mtu': 1500, 'availability_zones': ['nova'],
                'availability_zone_hints': [], 'ipv4_address_scope': None,
                'ipv6_address_scope': None, 'port_security_enabled': True,
                'provider:network_type': 'flat' if external else 'vxlan',
                'description': '', 'tags': [], 'project_id': owner,
                'tenant_id': owner, 'created_at': NOW, 'updated_at': NOW,
                'revision_number': 1}

    def subnet(sid, name, network_id, prefix):
        return {'id': sid, 'name': name, 'network_id': network_id,
                'ip_version': 4, 'cidr': prefix + '.0/24',
                'gateway_ip': prefix + '.1', 'enable_dhcp': True,
                'allocation_pools': [{'start': prefix + '.2',
                                      'end': prefix + '.254'}],
                'dns_nameservers': [], 'host_routes': [],
                'subnetpool_id': None, 'ipv6_ra_mode': None,
                'ipv6_address_mode': None, 'description': '', 'tags': [],
                'project_id': owner, 'tenant_id': owner,
                'created_at': NOW, 'updated_at': NOW, 'revision_number': 0}

    networks = [net(public_id, 'public', True, public_subnet),
                net(private_id, 'private', False, private_subnet)]
    subnets = [subnet(public_subnet, 'public-subnet', public_id, '172.24.4'),
               subnet(private_subnet, 'private-subnet', private_id,
                      '10.0.0')]
    return networks, subnets


SEED_PUBLIC_KEY = ('ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGxvY2FsLWNsb3VkLXRl'
                   'c3RrZXktc3RhbmQtaW4tb25seQ testkey@local-cloud')


class Store(object):
    """In-memory state of the stand-in cloud, shared by all handlers."""

    def __init__(self):
        self.lock = threading.Lock()
        self.images = seed_images()
        self.flavors = seed_flavors()
        self.networks, self.subnets = seed_networks()
        self.keypairs = {}        # (user_id, name) -> keypair
        self.loadbalancers = {}   # id -> loadbalancer

    def user_keypairs(self, user_id):
        with self.lock:
            key = (user_id, 'testkey')
            if key not in self.keypairs:
                self.keypairs[key] = self.make_keypair(
                    user_id, 'testkey', SEED_PUBLIC_KEY)
            return [kp for (uid, _), kp in sorted(self.keypairs.items())
                    if uid == user_id]

    @staticmethod
    def make_keypair(user_id, name, public_key):
        digest = hashlib.md5(public_key.encode()).hexdigest()
        return {'name': name, 'public_key': public_key, 'type': 'ssh',
                'fingerprint': ':'.join(digest[i:i + 2]
                                        for i in range(0, 32, 2)),
                'user_id': user_id, 'id': abs(hash((user_id, name))) % 10**6,
                'created_at': NOW, 'updated_at': None, 'deleted': False,
                'deleted_at': None}


# --------------------------------------------------------------------------
# HTTP plumbing


class Reply(Exception):
    def __init__(self, status, body, headers=None):
        super().__init__(status)
        self.status = status
        self.body = body
        self.headers = headers or {}


class Handler(server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    service = None          # set per server class
    store = None
    validator = None
    keystone_url = None

    # quieter, one line per request into the log
    def log_message(self, fmt, *args):
        sys.stdout.write('%s %s - %s\n' % (
            datetime.datetime.now().isoformat(timespec='seconds'),
            self.service, fmt % args))
        sys.stdout.flush()

    def _send(self, status, body, headers=None):
        if isinstance(body, (dict, list)):
            payload = json.dumps(body).encode()
            ctype = 'application/json'
        elif body is None:
            payload = b''
            ctype = None
        else:
            payload = str(body).encode()
            ctype = 'text/plain; charset=UTF-8'
        self.send_response(status)
        if ctype and status != 204:
            self.send_header('Content-Type', ctype)
        self.send_header('Content-Length', str(len(payload)
                                               if status != 204 else 0))
        self.send_header('X-Openstack-Request-Id',
                         'req-' + str(uuid.uuid4()))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if status != 204 and self.command != 'HEAD':
            self.wfile.write(payload)

    def _body(self):
        length = int(self.headers.get('Content-Length') or 0)
        if not length:
            return {}
        try:
            return json.loads(self.rfile.read(length) or b'{}')
        except ValueError:
            raise Reply(400, {'error': 'malformed JSON body'})

    def _handle(self):
        parsed = urllib.parse.urlsplit(self.path)
        path = parsed.path.rstrip('/') or '/'
        query = urllib.parse.parse_qs(parsed.query, keep_blank_values=True)
        try:
            body = self._body() if self.command in ('POST', 'PUT') else {}
            result = self.route(self.command, path, query, body)
            if result is None:
                raise Reply(404, self.not_found_body(path))
            status, payload = result
            self._send(status, payload)
        except Reply as reply:
            self._send(reply.status, reply.body, reply.headers)
        except Exception as exc:  # keep serving; report like a real API
            self.log_message('error: %r', exc)
            self._send(500, {'error': {'code': 500, 'message': str(exc)}})

    do_GET = do_POST = do_DELETE = do_PUT = do_HEAD = _handle

    def base_url(self):
        host, port = self.server.server_address[:2]
        return 'http://%s:%s' % (host, port)

    def authenticate(self):
        token = self.headers.get('X-Auth-Token')
        info = self.validator.validate(token) if token else None
        if info is None:
            body = {'error': {'code': 401, 'title': 'Unauthorized',
                              'message': 'The request you have made '
                                         'requires authentication.'}}
            headers = {'WWW-Authenticate': 'Keystone uri="%s"'
                       % self.keystone_url}
            raise Reply(401, body, headers)
        roles = {r['name'] for r in info.get('roles', [])}
        return {'user_id': info['user']['id'],
                'project_id': (info.get('project') or {}).get('id'),
                'is_admin': 'admin' in roles, 'roles': roles}

    def not_found_body(self, path):
        return {'error': {'code': 404, 'message': 'Not Found: %s' % path}}

    def route(self, method, path, query, body):
        raise NotImplementedError


def _filtered(items, query, skip=('limit', 'marker', 'fields', 'sort_key',
                                  'sort_dir', 'sort', 'page_reverse')):
    """Neutron/Glance style equality filters; repeated keys mean 'any of'."""
    out = []
    for item in items:
        keep = True
        for key, wanted in query.items():
            if key in skip or key not in item:
                continue
            value = item[key]
            text = str(value).lower() if isinstance(value, bool) else (
                '' if value is None else str(value))
            if text not in [w.lower() if isinstance(value, bool) else w
                            for w in wanted]:
                keep = False
                break
        if keep:
            out.append(item)
    return out


def _fields(items, query):
    fields = query.get('fields')
    if not fields:
        return items
    return [{k: v for k, v in item.items() if k in fields} for item in items]


class ImageHandler(Handler):
    service = 'image'

    def not_found_body(self, path):
        return '404 Not Found\n\nThe resource could not be found.\n\n   '

    def route(self, method, path, query, body):
        if path in ('/', '/versions'):
            return 300 if path == '/' else 200, {'versions': [
                {'id': 'v2.16', 'status': 'CURRENT', 'links': [
                    {'rel': 'self', 'href': self.base_url() + '/v2/'}]}]}
        self.authenticate()
        if method not in ('GET', 'HEAD'):
            raise Reply(405, '405 Method Not Allowed\n\n')
        if path == '/v2/images':
            images = _filtered(self.store.images, query)
            limit = query.get('limit')
            if limit:
                images = images[:int(limit[0])]
            return 200, {'images': images, 'first': '/v2/images',
                         'schema': '/v2/schemas/images'}
        if path.startswith('/v2/images/'):
            image_id = path.split('/')[3]
            for image in self.store.images:
                if image['id'] == image_id:
                    return 200, image
            raise Reply(404, '404 Not Found\n\nNo image found with ID %s'
                             '\n\n   ' % image_id)
        return None


class ComputeHandler(Handler):
    service = 'compute'

    VERSION = {'id': 'v2.1', 'status': 'CURRENT', 'version': '2.96',
               'min_version': '2.1', 'updated': '2013-07-23T11:33:21Z'}

    def not_found_body(self, path):
        return {'itemNotFound': {'code': 404,
                                 'message': 'The resource could not be '
                                            'found.'}}

    def _not_found(self, message):
        raise Reply(404, {'itemNotFound': {'code': 404, 'message': message}})

    def route(self, method, path, query, body):
        version = dict(self.VERSION, links=[
            {'rel': 'self', 'href': self.base_url() + '/v2.1/'}])
        if path == '/':
            return 300, {'versions': [version]}
        if path == '/v2.1':
            return 200, {'version': version}
        ctx = self.authenticate()
        parts = path.split('/')[2:]        # after /v2.1
        if parts and parts[0] == ctx['project_id']:
            parts = parts[1:]              # old style /v2.1/{project_id}/...
        if not parts:
            return None
        if parts[0] == 'flavors':
            return self._flavors(method, parts[1:], query)
        if parts[0] == 'os-keypairs':
            return self._keypairs(method, parts[1:], ctx, body)
        return None

    def _flavor_brief(self, flavor):
        link = '%s/v2.1/flavors/%s' % (self.base_url(), flavor['id'])
        return {'id': flavor['id'], 'name': flavor['name'],
                'description': None,
                'links': [{'rel': 'self', 'href': link},
                          {'rel': 'bookmark', 'href': link}]}

    def _flavors(self, method, parts, query):
        if method != 'GET':
            return None
        flavors = self.store.flavors
        if 'minDisk' in query:
            flavors = [f for f in flavors
                       if f['disk'] >= int(query['minDisk'][0])]
        if 'minRam' in query:
            flavors = [f for f in flavors
                       if f['ram'] >= int(query['minRam'][0])]
        if not parts:
            return 200, {'flavors': [self._flavor_brief(f) for f in flavors]}
        if parts == ['detail']:
            return 200, {'flavors': [dict(f, **self._flavor_brief(f))
                                     for f in flavors]}
        if len(parts) == 1:
            for flavor in flavors:
                if flavor['id'] == parts[0]:
                    return 200, {'flavor': dict(
                        flavor, **self._flavor_brief(flavor))}
            self._not_found('Flavor %s could not be found.' % parts[0])
        if len(parts) == 2 and parts[1] == 'os-extra_specs':
            for flavor in flavors:
                if flavor['id'] == parts[0]:
                    return 200, {'extra_specs': dict(flavor['extra_specs'])}
            self._not_found('Flavor %s could not be found.' % parts[0])
        return None

    def _keypairs(self, method, parts, ctx, body):
        user_id = ctx['user_id']
        pairs = self.store.user_keypairs(user_id)
        if not parts and method == 'GET':
            return 200, {'keypairs': [
                {'keypair': {k: kp[k] for k in ('name', 'public_key',
                                                'fingerprint', 'type')}}
                for kp in pairs]}
        if not parts and method == 'POST':
            req = (body or {}).get('keypair') or {}
            name = req.get('name')
            if not name:
                raise Reply(400, {'badRequest': {
                    'code': 400, 'message': "'name' is a required property"}})
            with self.store.lock:
                if (user_id, name) in self.store.keypairs:
                    raise Reply(409, {'conflictingRequest': {
                        'code': 409, 'message': 'Key pair \'%s\' already '
                                                'exists.' % name}})
                kp = self.store.make_keypair(
                    user_id, name, req.get('public_key') or SEED_PUBLIC_KEY)
                self.store.keypairs[(user_id, name)] = kp
            return 200, {'keypair': kp}
        if len(parts) == 1:
            name = urllib.parse.unquote(parts[0])
            for kp in pairs:
                if kp['name'] == name:
                    if method == 'GET':
                        return 200, {'keypair': kp}
                    if method == 'DELETE':
                        with self.store.lock:
                            self.store.keypairs.pop((user_id, name), None)
                        return 202, None
            self._not_found('Keypair %s not found for user %s'
                            % (name, user_id))
        return None


class NetworkHandler(Handler):
    service = 'network'

    def not_found_body(self, path):
        return {'NeutronError': {'type': 'HTTPNotFound',
                                 'message': 'The resource could not be '
                                            'found.', 'detail': ''}}

    def _visible(self, items, ctx):
        if ctx['is_admin']:
            return items
        return [i for i in items
                if i.get('shared') or i.get('router:external')
                or i.get('project_id') == ctx['project_id']
                or 'network_id' in i]

    def route(self, method, path, query, body):
        if path == '/':
            return 200, {'versions': [{
                'id': 'v2.0', 'status': 'CURRENT', 'links': [
                    {'rel': 'self', 'href': self.base_url() + '/v2.0/'}]}]}
        ctx = self.authenticate()
        if method != 'GET':
            return None
        parts = path.split('/')[1:]
        if not parts or parts[0] != 'v2.0' or len(parts) < 2:
            return None
        kind = parts[1].removesuffix('.json')
        if kind == 'networks':
            items, label, error = self.store.networks, 'network', \
                'NetworkNotFound'
        elif kind == 'subnets':
            items, label, error = self.store.subnets, 'subnet', \
                'SubnetNotFound'
        else:
            return None
        items = self._visible(items, ctx)
        if len(parts) == 2:
            return 200, {kind: _fields(_filtered(items, query), query)}
        item_id = parts[2].removesuffix('.json')
        for item in items:
            if item['id'] == item_id:
                return 200, {label: _fields([item], query)[0]}
        raise Reply(404, {'NeutronError': {
            'type': error, 'detail': '',
            'message': '%s %s could not be found.' % (label.capitalize(),
                                                      item_id)}})


def _delete_behaviour(lb):
    """(state after a DELETE or None for gone now, seconds until gone or
    None for never)."""
    tags = lb.get('tags') or []
    if 'standin:delete-error' in tags:
        tags.remove('standin:delete-error')
        return 'ERROR', None
    for tag in tags:
        if tag.startswith('standin:delete-seconds='):
            return 'PENDING_DELETE', float(tag.split('=', 1)[1])
    return None, 0


def _drop_deleted(store):
    """Forget the load balancers whose slow deletion has finished."""
    now = time.monotonic()
    with store.lock:
        for lb_id, lb in list(store.loadbalancers.items()):
            gone_at = lb.get('_gone_at')
            if gone_at is not None and gone_at <= now:
                store.loadbalancers.pop(lb_id, None)


def _public(lb):
    return {k: v for k, v in lb.items() if not k.startswith('_')}


class LoadBalancerHandler(Handler):
    service = 'load-balancer'

    def _delete(self, lb):
        if lb['provisioning_status'] == 'PENDING_DELETE':
            raise Reply(409, {'faultcode': 'Client', 'debuginfo': None,
                              'faultstring': 'Invalid state %s of loadbalancer'
                                             ' resource %s'
                                             % (lb['provisioning_status'],
                                                lb['id'])})
        with self.store.lock:
            state, seconds = _delete_behaviour(lb)
            if state is None:
                self.store.loadbalancers.pop(lb['id'], None)
                return 204, None
            lb['provisioning_status'] = state
            if seconds is not None:
                lb['_gone_at'] = time.monotonic() + seconds
        return 204, None

    def not_found_body(self, path):
        return {'faultcode': 'Client', 'faultstring': 'Not Found',
                'debuginfo': None}

    def route(self, method, path, query, body):
        if path == '/':
            return 200, {'versions': [{
                'id': 'v2.0', 'status': 'CURRENT', 'updated':
                '2022-01-01T00:00:00Z', 'links': [
                    {'rel': 'self', 'href': self.base_url() + '/v2'}]}]}
        ctx = self.authenticate()
        prefix = '/v2/lbaas/loadbalancers'
        if path == '/v2.0/lbaas/loadbalancers' or path.startswith(
                '/v2.0/lbaas/loadbalancers/'):
            path = '/v2' + path[len('/v2.0'):]
        if path != prefix and not path.startswith(prefix + '/'):
            return None
        _drop_deleted(self.store)
        with self.store.lock:
            lbs = [lb for lb in self.store.loadbalancers.values()
                   if ctx['is_admin'] or lb['project_id'] == ctx['project_id']]
        rest = path[len(prefix):].strip('/')
        if not rest and method == 'GET':
            return 200, {'loadbalancers': _fields(
                _filtered([_public(lb) for lb in lbs], query), query),
                'links': []}
        if not rest and method == 'POST':
            req = (body or {}).get('loadbalancer') or {}
            lb_id = str(uuid.uuid4())
            project = req.get('project_id') if ctx['is_admin'] else None
            lb = {'id': lb_id, 'name': req.get('name', ''),
                  'description': req.get('description', ''),
                  'project_id': project or ctx['project_id'],
                  'provisioning_status': 'ACTIVE',
                  'operating_status': 'ONLINE', 'admin_state_up': True,
                  'vip_address': '10.0.0.%d' % (2 + len(lbs) % 250),
                  'vip_port_id': str(uuid.uuid4()),
                  'vip_subnet_id': req.get('vip_subnet_id'),
                  'vip_network_id': req.get('vip_network_id'),
                  'listeners': [], 'pools': [], 'provider': 'amphora',
                  'flavor_id': None, 'availability_zone': None,
                  'tags': req.get('tags', []), 'created_at': NOW,
                  'updated_at': NOW}
            lb['tenant_id'] = lb['project_id']
            with self.store.lock:
                self.store.loadbalancers[lb_id] = lb
            return 201, {'loadbalancer': lb}
        lb_id = rest.split('/')[0]
        for lb in lbs:
            if lb['id'] == lb_id:
                if method == 'GET':
                    return 200, {'loadbalancer': _public(lb)}
                if method == 'DELETE':
                    return self._delete(lb)
                return None
        raise Reply(404, {'faultcode': 'Client', 'debuginfo': None,
                          'faultstring': 'Load Balancer %s not found.'
                                         % lb_id})


HANDLERS = {'image': ImageHandler, 'compute': ComputeHandler,
            'network': NetworkHandler, 'load-balancer': LoadBalancerHandler}


def main(argv):
    with open(argv[1], encoding='utf-8') as f:
        conf = json.load(f)
    auth = conf['auth']
    validator = TokenValidator(conf['keystone_url'], auth['username'],
                               auth['password'], auth['project_name'])
    store = Store()
    servers = []
    for service, port in conf['ports'].items():
        handler = type(HANDLERS[service].__name__, (HANDLERS[service],), {
            'store': store, 'validator': validator,
            'keystone_url': conf['keystone_url']})
        httpd = server.ThreadingHTTPServer((conf.get('host', '127.0.0.1'),
                                            int(port)), handler)
        httpd.daemon_threads = True
        servers.append(httpd)
        print('stand-in %s API on http://%s:%s' % (
            service, httpd.server_address[0], httpd.server_address[1]),
            flush=True)
    threads = [threading.Thread(target=s.serve_forever, daemon=True)
               for s in servers]
    for t in threads:
        t.start()
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        for s in servers:
            s.shutdown()


if __name__ == '__main__':
    sys.exit(main(sys.argv))
