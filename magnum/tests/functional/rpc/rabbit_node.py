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

"""A private RabbitMQ node that a test may stop, kill and start again.

The machine's broker is shared and must never be restarted by a test, so
fault tests run their own node: its own node name, AMQP and Erlang
distribution ports on 127.0.0.1, and every file (database, logs, pid file,
Erlang cookie through ``HOME``) under one directory. ``start`` after
``stop`` or ``kill`` reuses that directory, so durable queues and their
persistent messages come back. Only the processes this object started are
ever signalled, by their process ids.
"""

import os
import shutil
import signal
import socket
import subprocess
import time
import uuid

SERVER_CANDIDATES = ('/usr/lib/rabbitmq/bin/rabbitmq-server',)
EPMD_PORT = 4369


def find_server():
    """The ``rabbitmq-server`` script to run, or ``None``."""
    for path in SERVER_CANDIDATES:
        if os.access(path, os.X_OK):
            return path
    return shutil.which('rabbitmq-server')


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


class NodeError(Exception):
    pass


class RabbitNode:
    """One RabbitMQ node under ``base_dir`` (created if missing)."""

    USER = PASSWORD = 'guest'

    def __init__(self, base_dir, server=None):
        self.server = server or find_server()
        if self.server is None:
            raise NodeError('rabbitmq-server not found')
        self.ctl = os.path.join(os.path.dirname(self.server), 'rabbitmqctl')
        self.base_dir = base_dir
        self.name = 'magnumtest-%s@localhost' % uuid.uuid4().hex[:10]
        self.port = free_port()
        self.dist_port = free_port()
        self._process = None
        self._beam_pid = None
        self._log = None
        self._write_files()

    @property
    def url(self):
        """The oslo.messaging transport URL of this node."""
        return 'rabbit://%s:%s@127.0.0.1:%d/' % (self.USER, self.PASSWORD,
                                                 self.port)

    @property
    def running(self):
        return self._process is not None

    def _path(self, *names):
        return os.path.join(self.base_dir, *names)

    def _write_files(self):
        os.makedirs(self._path('mnesia'), exist_ok=True)
        os.makedirs(self._path('log'), exist_ok=True)
        with open(self._path('rabbitmq.conf'), 'w') as conf:
            conf.write('listeners.tcp.1 = 127.0.0.1:%d\n' % self.port)
            conf.write('loopback_users = none\n')
            # A small disk keeps working; the default 50 MB floor would
            # block publishers on a nearly full test machine.
            conf.write('disk_free_limit.absolute = 1MB\n')
        open(self._path('rabbitmq-env.conf'), 'w').close()
        with open(self._path('enabled_plugins'), 'w') as plugins:
            plugins.write('[].\n')

    def _environ(self):
        dist_interface = '-kernel inet_dist_use_interface {127,0,0,1}'
        env = {key: value for key, value in os.environ.items()
               if not key.startswith(('RABBITMQ_', 'ERL_'))}
        env.update({
            'HOME': self.base_dir,  # the Erlang cookie lives here
            'RABBITMQ_NODENAME': self.name,
            'RABBITMQ_NODE_IP_ADDRESS': '127.0.0.1',
            'RABBITMQ_NODE_PORT': str(self.port),
            'RABBITMQ_DIST_PORT': str(self.dist_port),
            'ERL_EPMD_ADDRESS': '127.0.0.1',
            'RABBITMQ_CONF_ENV_FILE': self._path('rabbitmq-env.conf'),
            'RABBITMQ_CONFIG_FILE': self._path('rabbitmq.conf'),
            'RABBITMQ_ADVANCED_CONFIG_FILE': self._path('advanced.config'),
            'RABBITMQ_MNESIA_BASE': self._path('mnesia'),
            'RABBITMQ_LOG_BASE': self._path('log'),
            'RABBITMQ_PID_FILE': self._path('node.pid'),
            'RABBITMQ_ENABLED_PLUGINS_FILE': self._path('enabled_plugins'),
            'RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS': dist_interface,
            'RABBITMQ_CTL_ERL_ARGS': dist_interface,
        })
        return env

    # Lifecycle

    def start(self, timeout=60):
        """Start the node and return once it takes AMQP connections."""
        if self._process is not None:
            raise NodeError('node %s already running' % self.name)
        # A listener still on the port would pass the readiness check for
        # a node that has not booted yet.
        if not _wait_until(lambda: not self._port_open(), 10):
            raise NodeError('port %d is still taken' % self.port)
        try:
            os.unlink(self._path('node.pid'))
        except FileNotFoundError:
            pass
        self._log = open(self._path('log', 'server.out'), 'ab')
        # A session of its own: the node never sees signals meant for the
        # test run, and leftovers can be found by process group.
        self._process = subprocess.Popen(
            [self.server], env=self._environ(), cwd=self.base_dir,
            stdin=subprocess.DEVNULL, stdout=self._log,
            stderr=subprocess.STDOUT, start_new_session=True)
        try:
            self._await_ready(time.monotonic() + timeout)
        except BaseException:
            self.kill()
            raise

    def _await_ready(self, deadline):
        while not self._port_open():
            if self._process.poll() is not None:
                raise NodeError('rabbitmq-server exited with %s; see %s'
                                % (self._process.returncode,
                                   self._path('log')))
            if time.monotonic() > deadline:
                raise NodeError('node %s: port %d not open in time'
                                % (self.name, self.port))
            time.sleep(0.1)
        left = max(1, int(deadline - time.monotonic()))
        result = self.rabbitmqctl('await_startup', '--timeout', str(left),
                                  timeout=left + 15)
        if result.returncode != 0:
            raise NodeError('await_startup failed: %s' % result.stdout)
        self._beam_pid = self._read_pid()

    def _port_open(self):
        try:
            with socket.create_connection(('127.0.0.1', self.port), 0.5):
                return True
        except OSError:
            return False

    def _known_to_epmd(self):
        """Whether epmd still lists this node's name (the NAMES request of
        the epmd protocol: the reply is epmd's port, then one line per
        registered node)."""
        short_name = self.name.split('@')[0]
        try:
            with socket.create_connection(('127.0.0.1', EPMD_PORT), 2) as sock:
                sock.sendall(b'\x00\x01n')
                reply = b''
                while True:
                    chunk = sock.recv(4096)
                    if not chunk:
                        break
                    reply += chunk
        except OSError:
            return False  # no epmd, no name
        lines = reply[4:].decode('utf-8', 'replace').splitlines()
        return any(line.split()[1:2] == [short_name] for line in lines)

    def _read_pid(self):
        try:
            with open(self._path('node.pid')) as pid_file:
                return int(pid_file.read().strip())
        except (OSError, ValueError):
            return None

    def rabbitmqctl(self, *args, timeout=60):
        return subprocess.run(
            [self.ctl, '-n', self.name] + list(args), env=self._environ(),
            cwd=self.base_dir, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            timeout=timeout)

    def stop(self, timeout=30):
        """Graceful stop: SIGTERM to the node, SIGKILL after ``timeout``."""
        self._terminate(signal.SIGTERM, timeout)

    def kill(self):
        """Crash the node (SIGKILL): nothing is flushed."""
        self._terminate(signal.SIGKILL, 10)

    def _terminate(self, sig, timeout):
        process = self._process
        if process is None:
            return
        beam = self._beam_pid or self._read_pid()
        # The script forwards SIGTERM to the node and waits for it; the
        # node itself is signalled too in case the script is gone.
        for pid in (beam, process.pid):
            _signal(pid, sig)
        deadline = time.monotonic() + timeout
        while alive(beam) or process.poll() is None:
            if time.monotonic() > deadline:
                for pid in (beam, process.pid):
                    _signal(pid, signal.SIGKILL)
                deadline = time.monotonic() + 10
                sig = signal.SIGKILL
            time.sleep(0.05)
        # Helpers of the VM (erl_child_setup, inet_gethost) share the
        # node's session; none may outlive it. epmd daemonizes into a
        # session of its own and is shared by every node on the machine.
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        # SIGKILL is not instant: a dying VM can hold its listener and its
        # epmd name for a moment, and a start in that moment would talk to
        # the corpse.
        if not _wait_until(lambda: not session_pids(process.pid)
                           and not self._port_open()
                           and not self._known_to_epmd(), 10):
            raise NodeError('node %s: processes %s outlived SIGKILL'
                            % (self.name, session_pids(process.pid)))
        self._process = None
        self._beam_pid = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def pids(self):
        """Process ids of this node still alive (the node, its script)."""
        if self._process is None:
            return []
        return [pid for pid in (self._beam_pid, self._process.pid)
                if alive(pid)]


def _wait_until(predicate, timeout):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def session_pids(sid):
    """Live processes of session ``sid`` (zombies excluded)."""
    pids = []
    for entry in os.listdir('/proc'):
        if entry.isdigit() and alive(int(entry), session=sid):
            pids.append(int(entry))
    return pids


def _signal(pid, sig):
    if pid:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


def alive(pid, session=None):
    """Whether ``pid`` runs (a zombie does not count: the node's script
    reaps it, or nobody does once the script is gone), and when
    ``session`` is given, whether it belongs to that session."""
    if not pid:
        return False
    try:
        with open('/proc/%d/stat' % pid) as stat:
            fields = stat.read().rsplit(')', 1)[1].split()
    except (OSError, IndexError):
        return False
    # After the command name: state, ppid, pgrp, session.
    if session is not None and fields[3] != str(session):
        return False
    return fields[0] not in ('Z', 'X')
