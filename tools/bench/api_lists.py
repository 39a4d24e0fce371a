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

"""Benchmark: the API's list routes and create rates over a real server.

Seeds N cluster templates and N clusters (each with its default master and
worker nodegroups, cluster i made from template i) through magnum.objects
into a throwaway database, and serves it the way the README documents for
production: ``magnum-api`` (gunicorn, ``--workers`` processes of gthread
workers) started as a subprocess with a temporary configuration (noauth,
``[api] validate_cloud_resources = false``, ``fake://`` messaging, which
the list routes never use). One client on one keep-alive connection
(http.client) then times, for N = 0, 100, 1,000 and 10,000 (``--sizes``):

* ``GET /v1/clusters``, ``GET /v1/clusters/detail`` and
  ``GET /v1/clustertemplates`` with the default limit (``[api] max_limit``
  1000, so the page holds min(N, 1000) rows);
* the same three with ``?limit=50`` at the largest N.

Then, at the largest N, the create rates:

* ``POST /v1/clustertemplates`` on magnum-api (synchronous, database only);
* ``POST /v1/clusters`` on ``magnum-all`` (API and conductor in one process,
  the beta ``fake`` driver enabled): the rate of 202 answers, and the time
  until the conductor has written every cluster row (skip with
  ``--no-cluster-post``).

The caller is an ordinary member of the seeded project (X-Roles: member).
Every scenario runs ``--rounds`` times, interleaved; each round is bounded
by ``--requests`` and ``--seconds``. The table shows the median (and the
minimum) over the rounds of each round's figures, because other work on the
machine makes single figures noisy; for the list routes also the CPU time
the server's processes spent per request (read from /proc), which other
work on the machine disturbs far less than the latencies.

One command, from the repository root, with the project's virtualenv::

    .tox/py3/bin/python tools/bench/api_lists.py
    .tox/py3/bin/python tools/bench/api_lists.py --sizes 0,1000 --rounds 5
    .tox/py3/bin/python tools/bench/api_lists.py \\
        --db-url mysql+pymysql://root@127.0.0.1:3306/magnum_bench

A server URL names a database that must not exist yet: it is created for
the run and dropped afterwards (unless ``--keep``). The targets (issue 3)
are checked at the end: GET /v1/clusters with a 1,000-row page p50 <= 40 ms
and p99 <= 80 ms, and with ``limit=50`` over 10,000 rows p50 <= 15 ms; the
exit status is 1 when a measured target is missed.
"""

import argparse
import contextlib
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

import sqlalchemy as sa

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
PASTE_FILE = os.path.join(REPO, 'etc', 'magnum', 'api-paste.ini')

PROJECT = 'bench-project'
USER = 'bench-user'
HEADERS = {'X-Project-Id': PROJECT, 'X-User-Id': USER,
           'X-Roles': 'member,reader', 'Accept': 'application/json',
           'OpenStack-API-Version': 'container-infra latest'}

# (label, path) of the list scenarios; 'small' ones add ?limit=50.
LISTS = (('GET /v1/clusters', '/v1/clusters'),
         ('GET /v1/clusters/detail', '/v1/clusters/detail'),
         ('GET /v1/clustertemplates', '/v1/clustertemplates'))
SMALL_LIMIT = 50

# (scenario label, rows in the table, statistic, limit in ms)
TARGETS = (('GET /v1/clusters', 1000, 'p50', 40.0),
           ('GET /v1/clusters', 1000, 'p99', 80.0),
           ('GET /v1/clusters?limit=50', 10000, 'p50', 15.0))


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--db-url', help='SQLAlchemy URL of a database '
                        'server and a database name that does not exist '
                        'yet (created, then dropped); default: a SQLite '
                        'file in a temporary directory')
    parser.add_argument('--sizes', default='0,100,1000,10000',
                        help='comma-separated numbers of clusters (and of '
                        'templates) to measure at, ascending')
    parser.add_argument('--rounds', type=int, default=3,
                        help='times every scenario is measured')
    parser.add_argument('--requests', type=int, default=200,
                        help='most requests per scenario and round')
    parser.add_argument('--seconds', type=float, default=10.0,
                        help='most seconds per scenario and round')
    parser.add_argument('--workers', type=int, default=os.cpu_count() or 1,
                        help='magnum-api worker processes ([api] workers)')
    parser.add_argument('--posts', type=int, default=200,
                        help='most POST requests per create scenario')
    parser.add_argument('--no-cluster-post', action='store_true',
                        help='skip POST /v1/clusters on magnum-all')
    parser.add_argument('--keep', action='store_true',
                        help='keep the database and the server logs')
    args = parser.parse_args(argv)
    args.sizes = sorted(int(size) for size in args.sizes.split(','))
    return args


# -- database -----------------------------------------------------------------

def prepare_database(url):
    """Create the throwaway database of a server URL; returns the URL and a
    callable dropping it. A SQLite URL is used as it is."""
    url = sa.engine.make_url(url)
    if url.get_backend_name() == 'sqlite':
        return url.render_as_string(hide_password=False), lambda: None
    if not url.database:
        url = url.set(database='magnum_bench_%s' % uuid.uuid4().hex[:8])
    name = url.database
    postgres = url.get_backend_name() == 'postgresql'
    admin = sa.create_engine(url.set(database='postgres' if postgres
                                     else 'mysql'),
                             isolation_level='AUTOCOMMIT')
    with admin.connect() as conn:
        # Fails when the database exists: never benchmark over real data.
        conn.exec_driver_sql('CREATE DATABASE %s%s' % (
            name, '' if postgres else ' CHARACTER SET utf8mb4'))

    def drop():
        with admin.connect() as conn:
            conn.exec_driver_sql('DROP DATABASE IF EXISTS %s%s' % (
                name, ' WITH (FORCE)' if postgres else ''))
        admin.dispose()
    return url.render_as_string(hide_password=False), drop


def configure(url):
    import magnum.conf

    conf = magnum.conf.CONF
    conf([], project='magnum', default_config_files=[])
    conf.set_override('connection', url, group='database')
    return conf


def fast_sqlite_writes(engine):
    """Seeding only: no fsync per SQLite transaction in this process (the
    servers open their own connections with the defaults)."""
    if engine.dialect.name != 'sqlite':
        return

    @sa.event.listens_for(engine, 'connect')
    def _pragmas(dbapi_connection, record):
        dbapi_connection.execute('PRAGMA synchronous = OFF')
    engine.dispose()


class Seeder:
    """Grows the tables to N templates and N clusters, through the
    objects, in the shape real clusters have."""

    def __init__(self):
        from magnum.common import context

        self.context = context.make_context(project_id=PROJECT,
                                            user_id=USER, roles=['member'])
        self.count = 0
        self.template_uuids = []

    def grow(self, target):
        from magnum import objects

        started = time.perf_counter()
        for number in range(self.count, target):
            template = objects.ClusterTemplate(
                self.context, name='bench-template-%05d' % number,
                project_id=PROJECT, user_id=USER, coe='kubernetes',
                server_type='vm', cluster_distro='fedora-coreos',
                driver='fake', image_id='fedora-coreos-40',
                keypair_id='bench-key', flavor_id='m1.small',
                master_flavor_id='m1.medium', external_network_id='public',
                network_driver='calico', volume_driver='cinder',
                docker_volume_size=10, docker_storage_driver='overlay2',
                dns_nameserver='192.0.2.53', master_lb_enabled=True,
                floating_ip_enabled=False, public=False, hidden=False,
                labels=template_labels(number))
            template.create()
            cluster = objects.Cluster(
                self.context, uuid=str(uuid.uuid4()),
                name='bench-cluster-%05d' % number, project_id=PROJECT,
                user_id=USER, cluster_template_id=template.uuid,
                keypair='bench-key', docker_volume_size=10,
                labels=cluster_labels(number), master_flavor_id='m1.medium',
                flavor_id='m1.small', stack_id=str(uuid.uuid4()),
                api_address='https://192.0.2.%d:6443' % (number % 250 + 1),
                status='CREATE_COMPLETE',
                status_reason='Stack CREATE completed successfully',
                health_status='HEALTHY', health_status_reason={
                    'api': 'ok', 'nodes': 'ok'},
                create_timeout=60, coe_version='v1.30.4',
                container_version='1.7.20', master_lb_enabled=True,
                floating_ip_enabled=False)
            cluster.create()
            for role, nodes, flavor in (('master', 1, 'm1.medium'),
                                        ('worker', 3, 'm1.small')):
                objects.NodeGroup(
                    self.context, name='default-' + role,
                    cluster_id=cluster.uuid, project_id=PROJECT,
                    role=role, is_default=True, node_count=nodes,
                    flavor_id=flavor, image_id='fedora-coreos-40',
                    min_node_count=0, status='CREATE_COMPLETE',
                    node_addresses=['10.%d.%d.%d' % (
                        number // 250, number % 250, 10 * (role == 'worker')
                        + i + 1) for i in range(nodes)],
                    labels=cluster_labels(number)).create()
            self.template_uuids.append(template.uuid)
        seconds = time.perf_counter() - started
        added = target - self.count
        self.count = target
        return added, seconds


def template_labels(number):
    return {'kube_tag': 'v1.30.4', 'container_runtime': 'containerd',
            'containerd_version': '1.7.20', 'cloud_provider_enabled': 'true',
            'boot_volume_size': '20', 'availability_zone': 'nova',
            'auto_healing_enabled': 'false', 'monitoring_enabled': 'false',
            'ingress_controller': 'octavia', 'bench_number': str(number)}


def cluster_labels(number):
    labels = template_labels(number)
    labels.update({'kube_tag': 'v1.30.5', 'auto_healing_enabled': 'true',
                   'bench_extra': 'yes'})
    del labels['monitoring_enabled']
    return labels


# -- servers ------------------------------------------------------------------

def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def write_config(directory, name, url, port, workers):
    path = os.path.join(directory, name + '.conf')
    with open(path, 'w') as out:
        out.write('\n'.join([
            '[DEFAULT]',
            'auth_strategy = noauth',
            'transport_url = fake://',
            'host = bench-%s' % name,
            'state_path = %s' % directory,
            'log_file = %s' % os.path.join(directory, name + '.log'),
            '[api]',
            'host = 127.0.0.1',
            'port = %d' % port,
            'workers = %d' % workers,
            'api_paste_config = %s' % PASTE_FILE,
            'validate_cloud_resources = false',
            '[database]',
            'connection = %s' % url,
            '[drivers]',
            'enabled_beta_drivers = fake',
            'default_driver = fake',
            '[quotas]',
            'max_clusters_per_project = 10000000',
            '[oslo_messaging_notifications]',
            'driver = noop',
            '']))
    return path


def command_path(name):
    beside = os.path.join(os.path.dirname(sys.executable), name)
    found = beside if os.path.exists(beside) else shutil.which(name)
    if not found:
        raise SystemExit('%s not found; install Magnum (pip install -e .) '
                         'into this Python environment' % name)
    return found


class Server:
    """A Magnum server subprocess (``magnum-api`` or ``magnum-all``)."""

    def __init__(self, command, directory, url, workers=1):
        self.name = command
        self.port = free_port()
        config = write_config(directory, command, url, self.port, workers)
        self.output = open(os.path.join(directory, command + '.out'), 'wb')
        self.process = subprocess.Popen(
            [command_path(command), '--config-file', config],
            stdout=self.output, stderr=subprocess.STDOUT,
            start_new_session=True)
        self._wait_until_serving()

    def _wait_until_serving(self, timeout=90):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit('%s exited with %s; see %s' % (
                    self.name, self.process.returncode, self.output.name))
            try:
                with contextlib.closing(self.connect()) as conn:
                    conn.request('GET', '/v1', headers=HEADERS)
                    if conn.getresponse().status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise SystemExit('%s did not answer within %d s; see %s'
                         % (self.name, timeout, self.output.name))

    def connect(self):
        return http.client.HTTPConnection('127.0.0.1', self.port, timeout=120)

    def cpu_seconds(self):
        """User + system CPU time used so far by the server's processes
        (its process group: the gunicorn master and its workers)."""
        total = 0
        for entry in os.listdir('/proc'):
            if not entry.isdigit():
                continue
            try:
                with open('/proc/%s/stat' % entry) as stat:
                    # The fields after the command name, which may hold
                    # spaces, start after its closing parenthesis.
                    fields = stat.read().rsplit(')', 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[2]) == self.process.pid:
                total += int(fields[11]) + int(fields[12])
        return total / os.sysconf('SC_CLK_TCK')

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.output.close()


# -- measuring ----------------------------------------------------------------

def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[index]


def timed_loop(conn, method, path, body_of, expected, requests, seconds,
               check=None):
    """Send requests one after the other on ``conn``; returns the latencies
    (ms) and the requests per second."""
    latencies = []
    headers = dict(HEADERS)
    if method != 'GET':
        headers['Content-Type'] = 'application/json'
    started = time.perf_counter()
    deadline = started + seconds
    for number in range(requests):
        body = body_of(number) if body_of else None
        sent = time.perf_counter()
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        latencies.append((time.perf_counter() - sent) * 1000)
        if response.status != expected:
            raise SystemExit('%s %s answered %d: %s' % (
                method, path, response.status, data[:500]))
        if check is not None and number == 0:
            check(json.loads(data))
        if time.perf_counter() > deadline:
            break
    elapsed = time.perf_counter() - started
    return latencies, len(latencies) / elapsed


def page_checker(key, rows):
    def check(document):
        got = len(document[key])
        if got != rows:
            raise SystemExit('expected %d %s in the page, got %d'
                             % (rows, key, got))
    return check


def measure_lists(server, size, small, args):
    """{(label, size): [per-round (p50, p99, rps, page rows)]}"""
    scenarios = []
    for label, path in LISTS:
        key = path.rsplit('/', 1)[-1]
        key = 'clusters' if key == 'detail' else key
        scenarios.append((label, path, key, min(size, 1000)))
        if small:
            scenarios.append((label + '?limit=%d' % SMALL_LIMIT,
                              path + '?limit=%d' % SMALL_LIMIT, key,
                              min(size, SMALL_LIMIT)))
    results = {}
    with contextlib.closing(server.connect()) as conn:
        for label, path, key, rows in scenarios:  # warm-up
            timed_loop(conn, 'GET', path, None, 200, 3, args.seconds,
                       check=page_checker(key, rows))
        for _ in range(args.rounds):
            for label, path, key, rows in scenarios:
                cpu = server.cpu_seconds()
                latencies, rps = timed_loop(conn, 'GET', path, None, 200,
                                            args.requests, args.seconds)
                cpu = server.cpu_seconds() - cpu
                results.setdefault((label, size, rows), []).append(
                    (percentile(latencies, 0.5), percentile(latencies, 0.99),
                     rps, len(latencies), cpu * 1000 / len(latencies)))
    return results


def measure_template_posts(server, args):
    def body(number):
        return json.dumps({
            'name': 'posted-%s' % uuid.uuid4().hex[:12], 'coe': 'kubernetes',
            'image_id': 'fedora-coreos-40', 'keypair_id': 'bench-key',
            'external_network_id': 'public', 'flavor_id': 'm1.small',
            'master_flavor_id': 'm1.medium', 'network_driver': 'flannel',
            'labels': template_labels(number)})

    results = []
    with contextlib.closing(server.connect()) as conn:
        timed_loop(conn, 'POST', '/v1/clustertemplates', body, 201, 3,
                   args.seconds)
        for _ in range(args.rounds):
            latencies, rps = timed_loop(conn, 'POST', '/v1/clustertemplates',
                                        body, 201, args.posts, args.seconds)
            results.append((percentile(latencies, 0.5),
                            percentile(latencies, 0.99), rps, len(latencies)))
    return results


def count_clusters(engine):
    from magnum.db.sqlalchemy import models

    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(
            models.Cluster.__table__)).scalar_one()


def measure_cluster_posts(server, engine, template_uuid, args):
    """Per round: (p50, p99, accepted/s, count, seconds until the conductor
    wrote every cluster row)."""
    def body(number):
        return json.dumps({'name': 'posted-%s' % uuid.uuid4().hex[:12],
                           'cluster_template_id': template_uuid,
                           'node_count': 2, 'master_count': 1})

    results = []
    with contextlib.closing(server.connect()) as conn:
        for _ in range(args.rounds):
            before = count_clusters(engine)
            started = time.perf_counter()
            latencies, rps = timed_loop(conn, 'POST', '/v1/clusters', body,
                                        202, args.posts, args.seconds)
            expected = before + len(latencies)
            deadline = time.perf_counter() + 120
            while (count_clusters(engine) < expected
                   and time.perf_counter() < deadline):
                time.sleep(0.05)
            done = time.perf_counter() - started
            written = count_clusters(engine) - before
            results.append((percentile(latencies, 0.5),
                            percentile(latencies, 0.99), rps, len(latencies),
                            done if written >= len(latencies) else None))
    return results


# -- report -------------------------------------------------------------------

def spread(values, fmt):
    return (fmt + ' (' + fmt + ')') % (statistics.median(values), min(values))


def print_table(title, rows, sized=True, cpu=False):
    header = (('scenario', 'rows in table', 'page rows') if sized
              else ('scenario',)) + (
        'req/s median (max)', 'p50 ms median (min)', 'p99 ms median (min)',
        'requests per round') + (
        ('server CPU ms/request median (min)',) if cpu else ())
    print(title)
    print('| ' + ' | '.join(header) + ' |')
    print('|' + '|'.join('-' * (len(h) + 2) for h in header) + '|')
    for key, rounds in rows:
        p50 = [r[0] for r in rounds]
        p99 = [r[1] for r in rounds]
        rps = [r[2] for r in rounds]
        cells = list(key) + [
            '%.1f (%.1f)' % (statistics.median(rps), max(rps)),
            spread(p50, '%.1f'), spread(p99, '%.1f'),
            '%d' % statistics.median(r[3] for r in rounds)]
        if cpu:
            cells.append(spread([r[4] for r in rounds], '%.1f'))
        print('| ' + ' | '.join(str(c) for c in cells) + ' |')
    print()


def check_targets(results):
    missed = 0
    for label, size, statistic, limit in TARGETS:
        rounds = [value for (name, rows, _page), value in results.items()
                  if name == label and rows == size]
        if not rounds:
            continue
        index = 0 if statistic == 'p50' else 1
        value = statistics.median(r[index] for r in rounds[0])
        verdict = 'ok' if value <= limit else 'MISSED'
        missed += verdict != 'ok'
        print('target %s at %d rows: %s %.1f ms <= %.0f ms: %s'
              % (label, size, statistic, value, limit, verdict))
    return missed


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    workdir = tempfile.mkdtemp(prefix='magnum-bench-api-')
    url = args.db_url or 'sqlite:///' + os.path.join(workdir, 'bench.sqlite')
    url, drop = prepare_database(url)
    configure(url)

    from magnum.db.sqlalchemy import migration
    from magnum.db.sqlalchemy import session

    results, template_posts, cluster_posts, seeding = {}, [], [], []
    try:
        engine = session.get_engine()
        migration.upgrade('head', engine=engine)
        fast_sqlite_writes(engine)
        seeder = Seeder()
        for size in args.sizes:
            added, seconds = seeder.grow(size)
            seeding.append((size, added, seconds))
            print('seeded %d templates and clusters (+%d in %.1f s); '
                  'measuring...' % (size, added, seconds), flush=True)
            server = Server('magnum-api', workdir, url, args.workers)
            try:
                results.update(measure_lists(
                    server, size, size == args.sizes[-1], args))
                if size == args.sizes[-1]:
                    template_posts = measure_template_posts(server, args)
            finally:
                server.stop()
        if not args.no_cluster_post:
            template = seeder.template_uuids[0] if seeder.template_uuids \
                else seeder.grow(1) and seeder.template_uuids[0]
            server = Server('magnum-all', workdir, url)
            try:
                cluster_posts = measure_cluster_posts(server, engine,
                                                      template, args)
            finally:
                server.stop()
    finally:
        if not args.keep:
            drop()
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print('kept %s (database %s)' % (workdir, url))

    backend = sa.engine.make_url(url).get_backend_name()
    print()
    print('magnum-api (gunicorn, %d workers), %s, one client on one '
          'keep-alive connection, %d rounds of at most %d requests / %.0f s'
          % (args.workers, backend, args.rounds, args.requests,
             args.seconds))
    print()
    print_table('List routes', [(key, results[key]) for key in results],
                cpu=True)
    if template_posts:
        print_table('POST /v1/clustertemplates on magnum-api at %d rows'
                    % args.sizes[-1],
                    [(('POST /v1/clustertemplates',), template_posts)],
                    sized=False)
    if cluster_posts:
        print_table('POST /v1/clusters on magnum-all (fake driver)',
                    [(('POST /v1/clusters (202)',), cluster_posts)],
                    sized=False)
        for number, entry in enumerate(cluster_posts, 1):
            done = entry[4]
            print('round %d: %d clusters accepted; every row written by the '
                  'conductor after %s' % (
                      number, entry[3],
                      '%.2f s' % done if done is not None else 'timeout'))
        print()
    return 1 if check_targets(results) else 0


if __name__ == '__main__':
    sys.exit(main())
