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

"""Messaging plumbing: transports, RPC clients and servers, the notifier.

One RPC transport and one notification transport per process, built from
``[DEFAULT] transport_url`` (and ``[oslo_messaging_notifications]``) on the
first use or by ``init``; ``cleanup`` closes them so the next use starts
afresh (tests, forked workers). ``fake://`` is oslo.messaging's in-process
driver: the embedded ``magnum-all`` mode runs API and conductor on it.

This module knows nothing of Magnum's objects: callers hand in the entity
serializer (``MagnumObjectSerializer``) and it is wrapped here in
``RequestContextSerializer`` so the request context travels as well.
"""

import socket
import threading

import kombu.exceptions
import oslo_messaging as messaging
from oslo_messaging.rpc import dispatcher

from magnum.common import context as magnum_context
from magnum.common import exception
import magnum.conf

CONF = magnum.conf.CONF

# Exceptions of these modules raised by an endpoint are rebuilt as the same
# class on the calling side; others arrive as RemoteError.
ALLOWED_EXMODS = [exception.__name__]

PUBLISHER_SERVICE = 'container-infra'

# How often a client reconnects to an unreachable broker before a publish
# fails (MessageDeliveryFailure). oslo.messaging's default is to retry for
# ever, which would hang API requests during a broker outage; with the
# rabbit driver's back-off this bounds the wait to about ten seconds.
PUBLISH_RETRIES = 3

# What a client raises when its message did not get through, or got no
# answer in time: no queue bound for it (MessageUndeliverable), broker not
# reachable after the retries (MessageDeliveryFailure; kombu's
# OperationalError when the very first connection of a process fails, which
# oslo.messaging lets through untranslated), no reply (MessagingTimeout).
# An exception an endpoint raised is none of these.
DELIVERY_ERRORS = (messaging.MessageUndeliverable,
                   messaging.MessageDeliveryFailure,
                   messaging.MessagingTimeout,
                   kombu.exceptions.OperationalError)

_CONTEXT_NAMES = ('user_name', 'project_name')

_lock = threading.Lock()
_transport = None
_notification_transport = None
_notifier = None


class RequestContextSerializer(messaging.Serializer):
    """Carries Magnum's RequestContext next to the serialized entities."""

    def __init__(self, base=None):
        self._base = base if base is not None else messaging.NoOpSerializer()

    def serialize_entity(self, context, entity):
        return self._base.serialize_entity(context, entity)

    def deserialize_entity(self, context, entity):
        return self._base.deserialize_entity(context, entity)

    def serialize_context(self, context):
        if isinstance(context, dict):
            return context
        values = context.to_dict()
        # oslo.context leaves the names out of to_dict; logs and
        # notifications on the conductor side want them.
        for name in _CONTEXT_NAMES:
            values.setdefault(name, getattr(context, name, None))
        return values

    def deserialize_context(self, context):
        names = {name: context.get(name) for name in _CONTEXT_NAMES}
        # overwrite=False: a server thread must not leave the caller's
        # context behind as the thread-local "current" one.
        return magnum_context.RequestContext.from_dict(
            context, overwrite=False, **names)


def init(conf):
    """Build the process's transports and notifier from ``conf``."""
    with _lock:
        _init_locked(conf)
        return _transport


def _init_locked(conf):
    global _transport, _notification_transport, _notifier
    if _transport is not None:
        return
    transport = messaging.get_rpc_transport(
        conf, allowed_remote_exmods=ALLOWED_EXMODS)
    notification_transport = messaging.get_notification_transport(
        conf, allowed_remote_exmods=ALLOWED_EXMODS)
    _notifier = messaging.Notifier(
        notification_transport,
        serializer=RequestContextSerializer(messaging.JsonPayloadSerializer()))
    _transport = transport
    _notification_transport = notification_transport


def cleanup():
    """Close the transports; the next use builds new ones."""
    global _transport, _notification_transport, _notifier
    with _lock:
        transports = [t for t in (_transport, _notification_transport)
                      if t is not None]
        _transport = _notification_transport = _notifier = None
    for transport in transports:
        transport.cleanup()


def initialized():
    return _transport is not None


def get_transport():
    """The RPC transport, built from the global CONF on first use."""
    transport = _transport
    if transport is not None:
        return transport
    return init(CONF)


def get_client(target, version_cap=None, serializer=None, timeout=None,
               retry=PUBLISH_RETRIES):
    """An RPC client whose casts fail loudly instead of vanishing.

    ``at_least_once`` makes the rabbit driver publish with the AMQP
    ``mandatory`` flag: a message no queue is bound for is returned by the
    broker and the publish raises ``MessageUndeliverable``, while publisher
    confirms (always on in that driver) make a publish the broker did not
    take raise too. The fake driver queues in memory and never refuses.
    """
    return messaging.get_rpc_client(
        get_transport(), target,
        version_cap=version_cap,
        serializer=RequestContextSerializer(serializer),
        timeout=timeout,
        retry=retry,
        transport_options=messaging.TransportOptions(at_least_once=True))


def get_server(target, endpoints, serializer=None):
    """An RPC server on the threading executor (Magnum has no eventlet)."""
    # Not passing ``executor``: the argument is deprecated and oslo.messaging
    # picks 'threading' unless eventlet monkey-patching is active, which
    # Magnum never does; check_threading makes sure of it.
    server = messaging.get_rpc_server(
        get_transport(), target, endpoints,
        serializer=RequestContextSerializer(serializer),
        access_policy=dispatcher.DefaultRPCAccessPolicy)
    if server.executor_type != 'threading':
        raise RuntimeError('RPC server executor is %r, expected threading'
                           % server.executor_type)
    return server


def get_notifier(publisher_id=None):
    """A notifier publishing as ``container-infra.<host>`` by default."""
    if _notifier is None:
        get_transport()
    if publisher_id is None:
        host = CONF.host or socket.getfqdn()
        publisher_id = '%s.%s' % (PUBLISHER_SERVICE, host)
    return _notifier.prepare(publisher_id=publisher_id)
