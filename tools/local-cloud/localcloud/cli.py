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

"""The local-cloud commands: up, down, status, demo, restart-magnum."""

import argparse
import fcntl
import json
import os
import time

from localcloud.common import (
    HOME, HOST, LOGS, RUN, STATE_FILE, TOOL_DIR, UpError, child_env, http,
    mkdirs, run, say, settings, venv_bin, wait_for)
from localcloud.procs import alive, group_rss_mib, read_pid, stop
from localcloud.venv import ensure_venv
from localcloud.shared import (
    ensure_databases, ensure_shared_service, ensure_vhost, mark_schema,
    schema_current)
from localcloud.keystone import (
    keystone_setup, start_keystone, write_keystone_conf)
from localcloud.heat import (
    heat_engine_ready, start_heat, write_heat_conf, write_heat_environment)
from localcloud.standin import start_standin, write_behaviour_default
from localcloud.state import build_state, write_credentials
from localcloud import demo
from localcloud import magnum

# Started in this order, stopped in the reverse one.
COMPONENTS = ('keystone', 'heat-engine', 'heat-api', 'standin-api', 'magnum')


def components_health(state):
    """Name -> (pid or None, answers?) for every component."""
    ports = state['ports']
    checks = {
        'keystone': ('http://%s:%d/v3' % (HOST, ports['keystone']), (200,)),
        'heat-api': ('http://%s:%d/' % (HOST, ports['heat']), (300, 200)),
        'standin-api': ('http://%s:%d/' % (HOST, ports['image']),
                        (300, 200)),
        'magnum': ('http://%s:%d/' % (HOST, ports['magnum']), (200,)),
    }
    result = {}
    for name in COMPONENTS:
        pid = read_pid(name)
        ok = pid is not None
        if ok and name in checks:
            url, codes = checks[name]
            try:
                ok = http('GET', url, timeout=5)[0] in codes
            except OSError:
                ok = False
        result[name] = (pid, ok)
    return result


def cmd_up(args):
    started = time.monotonic()
    conf = settings()
    mkdirs()
    ensure_venv()
    magnum.ensure_magnum_venv()
    ensure_shared_service('MariaDB', conf['db']['host'], conf['db']['port'],
                          '/usr/sbin/mariadbd', 'mariadb-server',
                          ['start-stop-daemon', '--start', '--oknodo',
                           '--background', '--exec', '/usr/sbin/mariadbd'])
    ensure_shared_service('RabbitMQ', conf['rabbit']['host'],
                          conf['rabbit']['port'],
                          '/usr/sbin/rabbitmq-server', 'rabbitmq-server',
                          ['rabbitmq-server', '-detached'])
    deadline = time.monotonic() + conf['start_timeout']
    migrated = ensure_databases(conf)
    transport_url = ensure_vhost(conf)
    state = build_state(conf, transport_url)
    keystone_conf = write_keystone_conf(conf)
    heat_conf = write_heat_conf(conf, transport_url)
    write_heat_environment(conf)
    write_behaviour_default()
    write_credentials(state)
    magnum.write_magnum_conf(conf)
    say('configured (%.0fs); starting keystone'
        % (time.monotonic() - started))

    keystone_setup(conf, keystone_conf, migrated)
    proc = start_keystone(conf)
    wait_for('keystone', lambda: http('GET', state['auth_url'], timeout=5)[0]
             == 200, deadline, alive('keystone', proc), 'keystone.log')
    run([venv_bin('python'), os.path.join(TOOL_DIR, 'bootstrap_identity.py'),
         STATE_FILE], 'setup.log', env=child_env())

    if not schema_current('heat', migrated):
        run([venv_bin('heat-manage'), '--config-file', heat_conf, 'db_sync'],
            'setup.log', env=child_env())
        mark_schema('heat')
    procs = start_heat(conf, heat_conf)
    standin = start_standin(conf, state)
    say('keystone up (%.0fs); starting heat and the stand-in APIs'
        % (time.monotonic() - started))
    wait_for('heat-api', lambda: http('GET', state['heat_url'] + '/',
                                      timeout=5)[0] in (200, 300),
             deadline, alive('heat-api', procs.get('heat-api')),
             'heat-api.log')
    for name, url in state['standin_urls'].items():
        wait_for('stand-in %s API' % name,
                 lambda url=url: http('GET', url + '/', timeout=5)[0]
                 in (200, 300), deadline, alive('standin-api', standin),
                 'standin-api.log')
    wait_for('heat-engine', lambda: heat_engine_ready(state), deadline,
             alive('heat-engine', procs.get('heat-engine')),
             'heat-engine-app.log')
    # Magnum last: its token checks need Keystone, its resource checks the
    # stand-ins.
    magnum.wait_magnum(conf, magnum.start_magnum(conf), deadline)
    say('up in %.0fs: keystone %s, heat %s, magnum %s, credentials in '
        '%s/openrc-*' % (time.monotonic() - started, state['auth_url'],
                         state['heat_url'], state['magnum_url'], HOME))
    return 0


def cmd_restart_magnum(args):
    """Stop the magnum-all that ``up`` started (only that one), rewrite
    magnum.conf and start it again: new code or configuration without
    touching Keystone, Heat or the stand-ins."""
    conf = settings()
    if not os.path.exists(STATE_FILE):
        raise UpError('not set up yet (no %s): run up first' % STATE_FILE)
    begun = time.monotonic()
    magnum.ensure_magnum_venv()
    stopped = stop('magnum')
    magnum.write_magnum_conf(conf)
    deadline = time.monotonic() + conf['start_timeout']
    magnum.wait_magnum(conf, magnum.start_magnum(conf), deadline)
    say('magnum %s in %.0fs: %s' % ('restarted' if stopped else 'started',
                                    time.monotonic() - begun,
                                    magnum.magnum_url(conf)))
    return 0


def cmd_down(args):
    stopped = []
    for name in reversed(COMPONENTS):
        begun = time.monotonic()
        if stop(name):
            stopped.append('%s (%.1fs)' % (name, time.monotonic() - begun))
    say('stopped %s' % (', '.join(stopped) if stopped else 'nothing '
                        '(nothing was running)'))
    return 0


def cmd_status(args):
    try:
        with open(STATE_FILE, encoding='utf-8') as f:
            state = json.load(f)
    except OSError:
        say('not set up yet (no %s)' % STATE_FILE)
        return 3
    health = components_health(state)
    ports = state['ports']
    where = {'keystone': state['auth_url'], 'heat-api': state['heat_url'],
             'heat-engine': 'rpc ' + state.get('transport_url', ''),
             'standin-api': ', '.join(
                 '%s :%d' % (n, ports[n]) for n in
                 ('image', 'compute', 'network', 'load-balancer')),
             'magnum': state.get('magnum_url', '') + ' (magnum-all)'}
    total = 0.0
    for name, (pid, ok) in health.items():
        text = 'running' if ok else ('not answering' if pid else 'stopped')
        rss = group_rss_mib(pid) if pid else 0.0
        total += rss
        print('%-12s %-14s pid %-8s %5.0f MiB  %s'
              % (name, text, pid or '-', rss, where[name]))
    print('total RSS of the processes started here: %.0f MiB' % total)
    all_ok = all(ok for _, ok in health.values())
    print('home: %s  logs: %s' % (HOME, LOGS))
    return 0 if all_ok else 3


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog='local-cloud',
        description='Real Keystone and Heat on loopback, stand-ins for the '
                    'rest of the cloud, and Magnum (magnum-all) on top.')
    sub = parser.add_subparsers(dest='command', required=True)
    sub.add_parser('up', help='install, configure and start')
    sub.add_parser('down', help='stop what up started')
    sub.add_parser('status', help='show what runs')
    sub.add_parser('demo', help='up, then a short session with the '
                                'openstack coe CLI')
    sub.add_parser('restart-magnum',
                   help='restart only magnum-all (new code or magnum.conf)')
    args = parser.parse_args(argv)
    command = {'up': cmd_up, 'down': cmd_down, 'status': cmd_status,
               'demo': cmd_up,
               'restart-magnum': cmd_restart_magnum}[args.command]
    try:
        if args.command == 'status':
            return command(args)
        # One up/down at a time per home (two test sessions may race).
        os.makedirs(RUN, exist_ok=True)
        with open(os.path.join(RUN, 'lock'), 'w') as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            result = command(args)
    except UpError as exc:
        say('FAILED: %s' % exc)
        return 1
    if args.command == 'demo':
        return demo.run_demo()
    return result
