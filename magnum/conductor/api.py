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

"""The conductor's RPC client: what the API uses to hand work over.

Asynchronous operations are casts (the API answers 202 once the broker has
taken the message), the rest are calls. ``magnum.conductor.manager`` is the
other side of this contract; a method added or changed here needs the same
change there and a bump of ``RPC_API_VERSION``.

A request the messaging layer could not deliver (no conductor queue, broker
unreachable, no answer in time) raises ``ConductorUnavailable`` (HTTP 503);
any other error an endpoint raises reaches the caller as itself.
"""

import contextlib

import oslo_messaging as messaging

from magnum.common import exception
from magnum.common import rpc
import magnum.conf
from magnum.objects import base as objects_base

CONF = magnum.conf.CONF

# 1.0 - the methods below
# 1.1 - cluster_force_delete
RPC_API_VERSION = '1.1'
# What a message declares unless its method is newer: a conductor not yet
# upgraded keeps taking the methods it knows.
_BASE_RPC_VERSION = '1.0'

# Ping is a liveness probe: an answer is expected quickly or not at all.
PING_TIMEOUT = 10


@contextlib.contextmanager
def _conductor_unavailable_on_messaging_errors():
    try:
        yield
    except rpc.DELIVERY_ERRORS as exc:
        reason = '%s: %s' % (type(exc).__name__, exc) if str(exc) else \
            type(exc).__name__
        raise exception.ConductorUnavailable(reason=reason) from exc


class _Client:
    """Sends to one conductor topic (optionally one server of it).

    ``retry``: how often to reconnect to an unreachable broker before a
    send fails (``rpc.PUBLISH_RETRIES`` by default; 0 fails at once).
    """

    def __init__(self, topic=None, server=None, timeout=None,
                 retry=rpc.PUBLISH_RETRIES):
        self.topic = topic or CONF.conductor.topic
        self.server = server
        self.timeout = timeout
        self.retry = retry
        self._client = None
        self._transport = None

    def _rpc_client(self):
        # Rebuilt when rpc.cleanup() replaced the transport, so a client
        # kept for the process's life survives a messaging reset.
        transport = rpc.get_transport()
        if self._client is None or self._transport is not transport:
            target = messaging.Target(topic=self.topic, server=self.server,
                                      version=_BASE_RPC_VERSION)
            self._client = rpc.get_client(
                target, version_cap=RPC_API_VERSION,
                serializer=objects_base.MagnumObjectSerializer(),
                timeout=self.timeout, retry=self.retry)
            self._transport = transport
        return self._client

    def _cast(self, context, method, **kwargs):
        with _conductor_unavailable_on_messaging_errors():
            self._rpc_client().cast(context, method, **kwargs)

    def _call(self, context, method, version=None, **kwargs):
        with _conductor_unavailable_on_messaging_errors():
            client = self._rpc_client()
            if version is not None:
                client = client.prepare(version=version)
            return client.call(context, method, **kwargs)


class API(_Client):
    """One method per conductor RPC method; ``context`` comes first."""

    # Clusters

    def cluster_create(self, context, cluster, master_count, node_count,
                       create_timeout):
        self._cast(context, 'cluster_create', cluster=cluster,
                   master_count=master_count, node_count=node_count,
                   create_timeout=create_timeout)

    def cluster_update(self, context, cluster, node_count, health_status,
                       health_status_reason, rollback=False):
        self._cast(context, 'cluster_update', cluster=cluster,
                   node_count=node_count, health_status=health_status,
                   health_status_reason=health_status_reason,
                   rollback=rollback)

    def cluster_delete(self, context, uuid):
        self._cast(context, 'cluster_delete', uuid=uuid)

    def cluster_force_delete(self, context, uuid):
        """A call: the records are gone when it returns (1.1)."""
        return self._call(context, 'cluster_force_delete', version='1.1',
                          uuid=uuid)

    def cluster_resize(self, context, cluster, node_count, nodes_to_remove,
                       nodegroup):
        self._cast(context, 'cluster_resize', cluster=cluster,
                   node_count=node_count, nodes_to_remove=nodes_to_remove,
                   nodegroup=nodegroup)

    def cluster_upgrade(self, context, cluster, cluster_template,
                        max_batch_size, nodegroup, rollback=False):
        return self._call(context, 'cluster_upgrade', cluster=cluster,
                          cluster_template=cluster_template,
                          max_batch_size=max_batch_size, nodegroup=nodegroup,
                          rollback=rollback)

    # Nodegroups

    def nodegroup_create(self, context, cluster, nodegroup):
        self._cast(context, 'nodegroup_create', cluster=cluster,
                   nodegroup=nodegroup)

    def nodegroup_update(self, context, cluster, nodegroup):
        self._cast(context, 'nodegroup_update', cluster=cluster,
                   nodegroup=nodegroup)

    def nodegroup_delete(self, context, cluster, nodegroup):
        self._cast(context, 'nodegroup_delete', cluster=cluster,
                   nodegroup=nodegroup)

    # Certificates and credentials

    def sign_certificate(self, context, cluster, certificate):
        return self._call(context, 'sign_certificate', cluster=cluster,
                          certificate=certificate)

    def get_ca_certificate(self, context, cluster, ca_cert_type=None):
        return self._call(context, 'get_ca_certificate', cluster=cluster,
                          ca_cert_type=ca_cert_type)

    def rotate_ca_certificate(self, context, cluster):
        return self._call(context, 'rotate_ca_certificate', cluster=cluster)

    def credential_rotate(self, context, cluster):
        return self._call(context, 'credential_rotate', cluster=cluster)

    # Federations

    def federation_create(self, context, federation, create_timeout):
        self._cast(context, 'federation_create', federation=federation,
                   create_timeout=create_timeout)

    def federation_update(self, context, federation, rollback=False):
        self._cast(context, 'federation_update', federation=federation,
                   rollback=rollback)

    def federation_delete(self, context, uuid):
        self._cast(context, 'federation_delete', uuid=uuid)

    # Versioned-object indirection (oslo.versionedobjects'
    # VersionedObjectIndirectionAPI): lets a process run object methods,
    # or backport objects, on the conductor's side.

    def object_class_action_versions(self, context, objname, objmethod,
                                     object_versions, args, kwargs):
        return self._call(context, 'object_class_action_versions',
                          objname=objname, objmethod=objmethod,
                          object_versions=object_versions, args=args,
                          kwargs=kwargs)

    def object_action(self, context, objinst, objmethod, args, kwargs):
        return self._call(context, 'object_action', objinst=objinst,
                          objmethod=objmethod, args=args, kwargs=kwargs)

    def object_backport_versions(self, context, objinst, object_versions):
        return self._call(context, 'object_backport_versions',
                          objinst=objinst, object_versions=object_versions)

    # Liveness

    def ping_conductor(self, context):
        return self._call(context, 'ping_conductor')


class ListenerAPI(_Client):
    """Talks to one conductor process (``server`` = its ``host``)."""

    def __init__(self, topic=None, server=None, timeout=PING_TIMEOUT,
                 retry=rpc.PUBLISH_RETRIES):
        super().__init__(topic=topic, server=server, timeout=timeout,
                         retry=retry)

    def ping_conductor(self, context):
        """``True`` when the conductor answered; raises
        ``ConductorUnavailable`` when it did not in time."""
        return self._call(context, 'ping_conductor')
