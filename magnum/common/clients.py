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

"""One facade over the OpenStack services Magnum reads, acting as the caller.

``OpenStackClients(context)`` holds one keystoneauth1 session authenticated
with the request's own token and project, so every lookup sees exactly
what the caller may see. Endpoints come from the service catalog: the one
keystonemiddleware handed over with the request (``context.service_catalog``,
from the X-Service-Catalog header) when present, else the catalog Keystone
returns when the token is re-scoped to the caller's project. Interface and
region of each service come from its ``[<service>_client]`` group.

The ``find_*`` methods speak the services' REST APIs through plain
keystoneauth1 adapters and answer the resource as the API returns it, or
``None`` when it does not exist. A name matching several resources raises
``Conflicts``; a service refusing the token raises
``OpenStackServiceUnauthorized``; an unreachable or failing service raises
``OpenStackServiceError``. Results are remembered for the life of the
facade, which is one request (see ``get_clients``).
"""

import urllib.parse

from keystoneauth1 import access
from keystoneauth1 import adapter as ks_adapter
from keystoneauth1 import exceptions as ks_exc
from keystoneauth1.identity import access as access_plugin
from keystoneauth1.identity import generic
from keystoneauth1 import loading as ks_loading
from oslo_config import cfg
from oslo_utils import uuidutils

from magnum.common import exception
import magnum.conf

CONF = magnum.conf.CONF

# service type in the catalog -> (config group, name used in messages)
SERVICES = {
    'image': ('glance_client', 'Image (Glance)'),
    'compute': ('nova_client', 'Compute (Nova)'),
    'network': ('neutron_client', 'Network (Neutron)'),
    'load-balancer': ('octavia_client', 'Load balancer (Octavia)'),
}

# Glance v2 answers extra image properties as top-level keys next to these.
_GLANCE_CORE_FIELDS = frozenset((
    'id', 'name', 'status', 'visibility', 'protected', 'checksum',
    'os_hash_algo', 'os_hash_value', 'owner', 'size', 'virtual_size',
    'min_ram', 'min_disk', 'disk_format', 'container_format', 'created_at',
    'updated_at', 'tags', 'self', 'file', 'schema', 'locations',
    'direct_url', 'os_hidden', 'stores',
))

# Bound on the flavor list pages followed while matching a name.
_MAX_PAGES = 100

_CONTEXT_ATTR = '_magnum_openstack_clients'

#: Version discovery answers shared by every session of the process: what
#: an endpoint serves does not depend on who asks, and each new session
#: would otherwise ask Keystone again.
DISCOVERY_CACHE = {}


def get_clients(context):
    """The facade of ``context``'s request, built on first use."""
    clients = getattr(context, _CONTEXT_ATTR, None)
    if clients is None:
        clients = OpenStackClients(context)
        setattr(context, _CONTEXT_ATTR, clients)
    return clients


def image_properties(image):
    """The extra (non-core) properties of a Glance v2 image."""
    return {key: value for key, value in image.items()
            if key not in _GLANCE_CORE_FIELDS}


def _interface(endpoint_type):
    """``publicURL`` (v2 catalog spelling) -> ``public``."""
    if endpoint_type.endswith('URL'):
        return endpoint_type[:-len('URL')]
    return endpoint_type


def _opt(group, name):
    try:
        return getattr(getattr(CONF, group), name)
    except (cfg.NoSuchOptError, cfg.NoSuchGroupError):
        return None


def _auth_url():
    """Keystone's URL, from the token middleware's or Magnum's own options."""
    try:
        CONF.import_group('keystone_authtoken', 'keystonemiddleware.auth_token')
    except (ImportError, cfg.NoSuchGroupError):
        pass
    for group, name in (('keystone_authtoken', 'www_authenticate_uri'),
                        ('keystone_authtoken', 'auth_url'),
                        ('keystone_auth', 'auth_url')):
        value = _opt(group, name)
        if value:
            return value
    return None


def _catalog_auth_ref(context, catalog):
    """An AccessInfo carrying the caller's token and a given catalog.

    keystonemiddleware hands the catalog over in the v2 layout (endpoints
    with ``publicURL``...); a v3 layout (endpoints with ``interface``) is
    accepted too.
    """
    is_v3 = any('interface' in endpoint
                for service in catalog
                for endpoint in service.get('endpoints', ()))
    if is_v3:
        body = {'token': {'catalog': catalog,
                          'project': {'id': context.project_id},
                          'user': {'id': context.user_id}}}
        return access.AccessInfoV3(body, auth_token=context.auth_token)
    body = {'access': {'token': {'id': context.auth_token,
                                 'tenant': {'id': context.project_id}},
                       'user': {'id': context.user_id},
                       'serviceCatalog': catalog}}
    return access.AccessInfoV2(body)


class OpenStackClients:
    """Glance, Nova and Neutron lookups on behalf of one request's caller."""

    def __init__(self, context):
        self.context = context
        self._session = None
        self._adapters = {}
        self._found = {}

    # --- session and adapters ------------------------------------------------

    def _auth_plugin(self):
        if not self.context.auth_token:
            raise exception.OpenStackServiceError(
                service='Identity (Keystone)', action='authentication',
                reason='the request carries no Keystone token. Without a '
                       'cloud, set [api] validate_cloud_resources = false.')
        catalog = getattr(self.context, 'service_catalog', None)
        if catalog:
            return access_plugin.AccessInfoPlugin(
                _catalog_auth_ref(self.context, catalog),
                auth_url=_auth_url())
        auth_url = _auth_url()
        if not auth_url:
            raise exception.OpenStackServiceError(
                service='Identity (Keystone)', action='authentication',
                reason='the request brought no service catalog and no '
                       'Keystone URL is configured ([keystone_authtoken] '
                       'www_authenticate_uri or [keystone_auth] auth_url).')
        return generic.Token(auth_url, token=self.context.auth_token,
                             project_id=self.context.project_id)

    @property
    def session(self):
        """The caller's keystoneauth1 session (TLS/timeout: [keystone_auth])."""
        if self._session is None:
            self._session = ks_loading.load_session_from_conf_options(
                CONF, 'keystone_auth', auth=self._auth_plugin(),
                discovery_cache=DISCOVERY_CACHE)
        return self._session

    def adapter(self, service_type):
        """A keystoneauth1 Adapter for ``service_type`` (see SERVICES)."""
        if service_type not in self._adapters:
            group = SERVICES[service_type][0]
            self._adapters[service_type] = ks_adapter.Adapter(
                self.session,
                service_type=service_type,
                interface=_interface(_opt(group, 'endpoint_type')
                                     or 'publicURL'),
                region_name=_opt(group, 'region_name'))
        return self._adapters[service_type]

    @staticmethod
    def _tls_kwargs(service_type):
        """Per-service TLS settings, when the group sets any."""
        group = SERVICES[service_type][0]
        kwargs = {}
        if _opt(group, 'insecure'):
            kwargs['verify'] = False
        elif _opt(group, 'ca_file'):
            kwargs['verify'] = _opt(group, 'ca_file')
        cert = _opt(group, 'cert_file')
        if cert:
            key = _opt(group, 'key_file')
            kwargs['cert'] = (cert, key) if key else cert
        return kwargs

    def _get(self, service_type, path, params=None):
        """GET ``path`` (or an absolute URL); the JSON body, or None on 404."""
        service = SERVICES[service_type][1]
        action = 'GET %s' % path.split('?', 1)[0]
        try:
            response = self.adapter(service_type).get(
                path, params=params, raise_exc=False,
                headers={'Accept': 'application/json'},
                **self._tls_kwargs(service_type))
        except ks_exc.Unauthorized as exc:
            raise exception.OpenStackServiceUnauthorized(
                service='Identity (Keystone)', status=exc.http_status,
                action='token re-scoping for ' + service)
        except ks_exc.EndpointNotFound:
            raise exception.OpenStackServiceError(
                service=service, action=action,
                reason='no %s endpoint in the service catalog' % service_type)
        except ks_exc.ClientException as exc:
            raise exception.OpenStackServiceError(
                service=service, action=action, reason=str(exc))
        status = response.status_code
        if status == 404:
            return None
        if status in (401, 403):
            raise exception.OpenStackServiceUnauthorized(
                service=service, status=status, action=action)
        if status >= 300:
            raise exception.OpenStackServiceError(
                service=service, action=action,
                reason='HTTP %d: %s' % (status, response.text[:200]))
        try:
            return response.json()
        except ValueError:
            raise exception.OpenStackServiceError(
                service=service, action=action,
                reason='the answer is not JSON')

    def _remembered(self, key, lookup):
        if key not in self._found:
            self._found[key] = lookup()
        return self._found[key]

    @staticmethod
    def _single(matches, plural):
        if len(matches) > 1:
            raise exception.Conflicts(name=plural)
        return matches[0] if matches else None

    # --- lookups -------------------------------------------------------------

    def find_image(self, ident):
        """The Glance v2 image with id or name ``ident``, or None."""
        return self._remembered(('image', ident),
                                lambda: self._find_image(ident))

    def _find_image(self, ident):
        if uuidutils.is_uuid_like(ident):
            image = self._get('image', '/v2/images/%s' % _quote(ident))
            if image is not None:
                return image
        body = self._get('image', '/v2/images', params={'name': ident})
        return self._single((body or {}).get('images', []), 'images')

    def find_flavor(self, ident):
        """The Nova flavor with id or name ``ident``, or None."""
        return self._remembered(('flavor', ident),
                                lambda: self._find_flavor(ident))

    def _find_flavor(self, ident):
        body = self._get('compute', '/flavors/%s' % _quote(ident))
        if body is not None:
            return body['flavor']
        matches = [flavor for flavor in self._flavor_pages()
                   if flavor.get('name') == ident]
        return self._single(matches, 'flavors')

    def _flavor_pages(self):
        # is_public=None lists the public flavors and the private ones the
        # caller's project has access to.
        path, params = '/flavors/detail', {'is_public': 'None'}
        for _ in range(_MAX_PAGES):
            body = self._get('compute', path, params=params) or {}
            yield from body.get('flavors', [])
            path = _next_link(body.get('flavors_links'))
            if path is None:
                return
            params = None

    def find_keypair(self, name):
        """The caller's Nova keypair ``name``, or None."""
        def lookup():
            body = self._get('compute', '/os-keypairs/%s' % _quote(name))
            return body['keypair'] if body is not None else None
        return self._remembered(('keypair', name), lookup)

    def find_network(self, ident, external=None):
        """The Neutron network with id or name ``ident``, or None.

        ``external`` True/False also requires ``router:external`` to have
        that value; None accepts any network.
        """
        return self._remembered(
            ('network', ident, external),
            lambda: self._find_neutron('network', ident, external))

    def find_subnet(self, ident):
        """The Neutron subnet with id or name ``ident``, or None."""
        return self._remembered(
            ('subnet', ident),
            lambda: self._find_neutron('subnet', ident, None))

    def _find_neutron(self, kind, ident, external):
        plural = kind + 's'
        if uuidutils.is_uuid_like(ident):
            body = self._get('network',
                             '/v2.0/%s/%s' % (plural, _quote(ident)))
            if body is not None:
                found = body[kind]
                if external is None or bool(
                        found.get('router:external')) == external:
                    return found
                return None
        params = {'name': ident}
        if external is not None:
            params['router:external'] = str(external)
        body = self._get('network', '/v2.0/%s' % plural, params=params)
        matches = [item for item in (body or {}).get(plural, [])
                   if item.get('name') == ident]
        return self._single(matches, plural)


def _quote(ident):
    return urllib.parse.quote(str(ident), safe='')


def _next_link(links):
    for link in links or ():
        if link.get('rel') == 'next' and link.get('href'):
            return link['href']
    return None
