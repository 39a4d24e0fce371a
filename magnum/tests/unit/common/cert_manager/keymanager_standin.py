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

"""An in-process HTTP service speaking the shape of the Key Manager API v1.

Enough of Barbican for the certificate backend: secrets (create, payload,
delete) and containers (create, show, delete), all behind an
``X-Auth-Token`` check. ``KeyManagerStandIn(token)`` serves on a random
loopback port until ``stop()``; ``secrets`` / ``containers`` are its state
and ``requests`` logs ``(method, path)``. Set ``fail_containers`` to make
container creation answer 500.
"""

import http.server
import json
import threading
import uuid


class KeyManagerStandIn:

    def __init__(self, token):
        self.token = token
        self.secrets = {}
        self.containers = {}
        self.requests = []
        self.fail_containers = False
        self._lock = threading.Lock()
        self._server = http.server.ThreadingHTTPServer(
            ('127.0.0.1', 0), _handler(self))
        self.url = 'http://127.0.0.1:%d' % self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        daemon=True)
        self._thread.start()

    def stop(self):
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def ref(self, collection, ident):
        return '%s/v1/%s/%s' % (self.url, collection, ident)


def _handler(standin):

    class Handler(http.server.BaseHTTPRequestHandler):

        def log_message(self, *args):
            pass

        def _reply(self, status, body=None, content_type='application/json'):
            data = b''
            if body is not None:
                data = (json.dumps(body) if content_type == 'application/json'
                        else body).encode('utf-8')
            self.send_response(status)
            if data:
                self.send_header('Content-Type',
                                 content_type + '; charset=utf-8')
            self.send_header('Content-Length', str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _route(self, method):
            standin.requests.append((method, self.path))
            if self.headers.get('X-Auth-Token') != standin.token:
                return self._reply(401, {'title': 'Unauthorized'})
            parts = self.path.strip('/').split('/')
            if parts[0] != 'v1' or len(parts) < 2:
                return self._reply(404, {'title': 'Not Found'})
            handler = getattr(self, '_%s_%s' % (method, parts[1]), None)
            if handler is None:
                return self._reply(405, {'title': 'Method Not Allowed'})
            with standin._lock:
                return handler(*parts[2:])

        def _body(self):
            length = int(self.headers.get('Content-Length') or 0)
            return json.loads(self.rfile.read(length) or b'{}')

        def _post_secrets(self):
            body = self._body()
            if body.get('payload_content_type') != 'text/plain':
                return self._reply(400, {'title': 'Bad payload type'})
            ident = str(uuid.uuid4())
            standin.secrets[ident] = body
            self._reply(201, {'secret_ref': standin.ref('secrets', ident)})

        def _get_secrets(self, ident=None, sub=None):
            secret = standin.secrets.get(ident)
            if secret is None or sub != 'payload':
                return self._reply(404, {'title': 'Not Found'})
            if self.headers.get('Accept') not in ('text/plain', '*/*'):
                return self._reply(406, {'title': 'Not Acceptable'})
            self._reply(200, secret['payload'], content_type='text/plain')

        def _delete_secrets(self, ident=None):
            if standin.secrets.pop(ident, None) is None:
                return self._reply(404, {'title': 'Not Found'})
            self._reply(204)

        def _post_containers(self):
            body = self._body()
            if standin.fail_containers:
                return self._reply(500, {'title': 'Internal Server Error'})
            for entry in body.get('secret_refs', []):
                if entry['secret_ref'].rsplit('/', 1)[-1] not in \
                        standin.secrets:
                    return self._reply(400, {'title': 'Bad secret ref'})
            ident = str(uuid.uuid4())
            standin.containers[ident] = body
            self._reply(201,
                        {'container_ref': standin.ref('containers', ident)})

        def _get_containers(self, ident=None):
            container = standin.containers.get(ident)
            if container is None:
                return self._reply(404, {'title': 'Not Found'})
            self._reply(200, dict(container, status='ACTIVE',
                                  container_ref=standin.ref('containers',
                                                            ident)))

        def _delete_containers(self, ident=None):
            if standin.containers.pop(ident, None) is None:
                return self._reply(404, {'title': 'Not Found'})
            self._reply(204)

        def do_GET(self):
            self._route('get')

        def do_POST(self):
            self._route('post')

        def do_DELETE(self):
            self._route('delete')

    return Handler
