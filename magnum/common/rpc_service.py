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

"""An oslo.service service that serves RPC endpoints on one topic.

It listens on the topic (shared by every conductor) and on the
``<topic>.<host>`` queue of its own server name, with oslo.messaging's
threading executor. The transport is opened in ``start``: a launcher that
forks workers must not have opened one in the parent before.
"""

import threading

import oslo_messaging as messaging
from oslo_service import service

from magnum.common import rpc
import magnum.conf

CONF = magnum.conf.CONF


class Service(service.ServiceBase):

    def __init__(self, endpoints, serializer=None, topic=None, host=None):
        """``topic`` defaults to ``[conductor] topic``, ``host`` (the
        server name) to ``[DEFAULT] host``; ``serializer`` is the entity
        serializer (the request context is always carried)."""
        self.endpoints = list(endpoints)
        self.serializer = serializer
        self.topic = topic or CONF.conductor.topic
        self.host = host or CONF.host
        self._server = None
        self._lock = threading.Lock()

    @property
    def started(self):
        return self._server is not None

    def start(self):
        with self._lock:
            if self._server is not None:
                return
            target = messaging.Target(topic=self.topic, server=self.host)
            server = rpc.get_server(target, self.endpoints, self.serializer)
            server.start()
            self._server = server

    def stop(self):
        """Stop taking messages; ``wait`` then lets running ones finish."""
        with self._lock:
            server = self._server
        if server is not None:
            server.stop()

    def wait(self):
        """Block until the server is stopped and its handlers are done."""
        with self._lock:
            server = self._server
        if server is None:
            return
        server.wait()
        with self._lock:
            if self._server is server:
                self._server = None

    def reset(self):
        """Nothing to reload: options are read when the service starts."""
