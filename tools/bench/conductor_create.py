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

"""Conductor overhead per cluster create.

Runs the conductor's create workflow (``Handlers.cluster_create``, what the
RPC endpoint calls) sequentially for ``--creates`` clusters against a real
database, with an in-bench driver whose ``create_cluster`` returns at once.
Each create is timed from handler entry until the worker pool is idle
again (the workflow's last step, its outcome written together with the
release of the reservation, is done): the template read, the reserved
row with its default nodegroups, the pending notification, certificate
generation and storage, the saves around the driver call. The driver's
own time is subtracted.

Certificate generation (RSA key pairs of ``[x509] rsa_key_size`` bits for
the CAs and the client certificate) is timed apart, so both figures are
shown: the overhead with and without it. The process CPU time per create
(certificates excluded) is shown too: on a loaded machine, or a disk where
every commit waits for fsync, the wall figures say more about the machine.

    tools/bench/conductor_create.py                     # SQLite file
    tools/bench/conductor_create.py --url mysql+pymysql://root@127.0.0.1/magnum_bench
    tools/bench/conductor_create.py --url sqlite:////dev/shm/bench.sqlite
    tools/bench/conductor_create.py --creates 500 --rsa-key-size 4096

The target is 20 ms per create.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid

import sqlalchemy as sa

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import conductor_sync  # noqa: E402  (the shared database helpers)

TARGET_MS = 20.0


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--url', help='SQLAlchemy URL of the database to '
                        'use (created if missing, dropped afterwards unless '
                        '--keep); default: a SQLite file in a temporary '
                        'directory')
    parser.add_argument('--creates', type=int, default=200)
    parser.add_argument('--rsa-key-size', type=int, default=None,
                        help='[x509] rsa_key_size (default: Magnum\'s)')
    parser.add_argument('--keep', action='store_true',
                        help='keep the database afterwards')
    return parser.parse_args(argv)


def configure(url, key_size):
    from cryptography import fernet

    conf = conductor_sync.configure(url)
    conf.set_override('cert_manager_type', 'x509keypair',
                      group='certificates')
    conf.set_override('encryption_key', fernet.Fernet.generate_key().decode(),
                      group='certificates')
    if key_size:
        conf.set_override('rsa_key_size', key_size, group='x509')
    return conf


class Clock:
    """Timestamps of the instrumented steps of the create in flight."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.driver = 0.0
        self.certificates = 0.0
        self.certificates_cpu = 0.0


def make_driver_class(clock):
    from magnum.drivers.common import driver

    class InstantDriver(driver.Driver):
        """Accepts every create at once."""

        provides = [{'server_type': 'vm', 'os': 'fedora-coreos',
                     'coe': 'kubernetes'}]

        def create_cluster(self, context, cluster, cluster_create_timeout):
            started = time.perf_counter()
            cluster.stack_id = str(uuid.uuid4())
            clock.driver += time.perf_counter() - started

        def update_cluster_status(self, context, clusters):
            return {}

        def _nothing(self, *args, **kwargs):
            return None

        update_cluster = delete_cluster = _nothing
        resize_cluster = upgrade_cluster = _nothing
        create_nodegroup = update_nodegroup = delete_nodegroup = _nothing

    return InstantDriver


def instrument(clock):
    """Time certificate generation; behaviour is unchanged."""
    from magnum.conductor.handlers import certificates

    generate = certificates.generate_for_cluster

    def timed_generate(context, cluster):
        started = time.perf_counter()
        cpu_started = time.process_time()
        try:
            return generate(context, cluster)
        finally:
            clock.certificates += time.perf_counter() - started
            clock.certificates_cpu += time.process_time() - cpu_started

    certificates.generate_for_cluster = timed_generate


def seed_template(engine):
    from magnum.db.sqlalchemy import models

    template = str(uuid.uuid4())
    with engine.begin() as conn:
        conn.execute(sa.insert(models.ClusterTemplate.__table__), [{
            'uuid': template, 'name': 'bench', 'coe': 'kubernetes',
            'server_type': 'vm', 'cluster_distro': 'fedora-coreos',
            'driver': 'bench', 'project_id': 'bench-project',
            'image_id': 'fcos', 'flavor_id': 'm1.small',
            'master_flavor_id': 'm1.small', 'labels': {}}])
    return template


def new_cluster(context, template, number):
    from magnum import objects

    return objects.Cluster(
        context, uuid=str(uuid.uuid4()), name='bench-%05d' % number,
        project_id=context.project_id, user_id=context.user_id,
        cluster_template_id=template, keypair='kp',
        labels={'kube_tag': 'v1.30.4'}, master_flavor_id='m1.small',
        flavor_id='m1.small', create_timeout=60)


def run(handlers, clock, context, template, creates, counter):
    from magnum.conductor import notifications

    figures = []
    for number in range(creates + 1):
        cluster = new_cluster(context, template, number)
        clock.reset()
        counter.take()
        cpu_started = time.process_time()
        started = time.perf_counter()
        handlers.cluster_create(context, cluster, 1, 2, 60)
        if not handlers.pool.wait_idle(60):
            raise RuntimeError('create %d did not finish' % number)
        total = (time.perf_counter() - started) * 1000
        cpu = (time.process_time() - cpu_started) * 1000
        statements, _ = counter.take()
        notifications.flush(60)
        if number == 0:
            continue  # warm-up: imports, first driver lookup
        figures.append({
            'total': total - clock.driver * 1000,
            'certificates': clock.certificates * 1000,
            'cpu': cpu - clock.certificates_cpu * 1000,
            'statements': statements,
            'driver': clock.driver * 1000})
    return figures


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))
    return ordered[index]


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    tmpdir = None
    url = args.url
    if url is None:
        tmpdir = tempfile.TemporaryDirectory(prefix='magnum-bench-')
        url = 'sqlite:///' + os.path.join(tmpdir.name, 'bench.sqlite')
    parsed = sa.engine.make_url(url)
    if (parsed.get_backend_name() == 'sqlite' and parsed.database
            and not os.path.exists(parsed.database)):
        def drop():
            if os.path.exists(parsed.database):
                os.remove(parsed.database)
    else:
        drop = conductor_sync.prepare_database(url)
    conf = configure(url, args.rsa_key_size)

    from magnum.common import context as magnum_context
    from magnum.conductor.handlers import handlers as handlers_mod
    from magnum.conductor import heartbeat
    from magnum.db.sqlalchemy import migration
    from magnum.db.sqlalchemy import session

    try:
        engine = session.get_engine()
        migration.upgrade('head', engine=engine)
        template = seed_template(engine)
        clock = Clock()
        conductor_sync.install_driver(make_driver_class(clock))
        instrument(clock)
        heartbeat.report_up(magnum_context.make_admin_context(
            all_tenants=True), 'bench-conductor')
        context = magnum_context.make_context(
            project_id='bench-project', user_id='bench-user',
            roles=['member'], overwrite=False)
        handlers = handlers_mod.Handlers(host='bench-conductor')
        try:
            figures = run(handlers, clock, context, template, args.creates,
                          conductor_sync.StatementCounter(engine))
        finally:
            handlers.shutdown(10)
    finally:
        if not args.keep:
            drop()
        if tmpdir is not None and not args.keep:
            tmpdir.cleanup()

    backend = sa.engine.make_url(url).get_backend_name()
    with_certs = [f['total'] for f in figures]
    certs = [f['certificates'] for f in figures]
    without = [f['total'] - f['certificates'] for f in figures]
    print('Conductor create overhead, %d sequential creates, %s, RSA %d '
          'bits (driver time excluded)' % (
              len(figures), backend, conf.x509.rsa_key_size))
    header = ('part', 'p50 ms', 'p99 ms', 'min ms', 'max ms')
    print('| ' + ' | '.join(header) + ' |')
    print('|' + '|'.join('-' * (len(h) + 2) for h in header) + '|')
    for name, values in (('create, with certificates', with_certs),
                         ('certificate generation', certs),
                         ('create, without certificates', without),
                         ('process CPU, without certificates',
                          [f['cpu'] for f in figures])):
        print('| %s | %.1f | %.1f | %.1f | %.1f |' % (
            name, statistics.median(values), percentile(values, 0.99),
            min(values), max(values)))
    print('SQL statements per create (certificate storage included): %d'
          % statistics.median(f['statements'] for f in figures))
    p50 = statistics.median(without)
    share = 100.0 * statistics.median(certs) / statistics.median(with_certs)
    print('Certificate generation is %.0f%% of the median create. Without '
          'it: p50 %.1f ms, %s the %.0f ms target.' % (
              share, p50, 'within' if p50 <= TARGET_MS else 'OVER',
              TARGET_MS))
    return 0 if p50 <= TARGET_MS else 1


if __name__ == '__main__':
    sys.exit(main())
