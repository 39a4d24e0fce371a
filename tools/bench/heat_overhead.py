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

"""Magnum's overhead on a cluster create with the Heat driver.

On the running local cloud (``tools/local-cloud/local-cloud up``: real
Keystone and Heat, the stand-ins, ``magnum-all``), creates ``--clusters``
Kubernetes clusters one after the other through Magnum's API as the demo
user and, for each, measures:

``total``
    From ``POST /v1/clusters`` until ``GET /v1/clusters/{id}`` first shows
    ``CREATE_COMPLETE`` (the bench polls every ``--poll`` seconds).
``heat``
    Heat's own stack time: the stack's ``creation_time`` to its
    ``CREATE_COMPLETE`` event (Heat gives whole seconds only).
``overhead``
    ``total - heat``: the figure the target is about (2 s with the default
    2 s status sync interval). Because Heat's times are whole seconds, a
    single value is off by up to one second either way; the median over
    many clusters is not.
``before`` and ``after``
    Measured without Heat's rounding, by the bench polling Heat's stack
    list as well: ``before`` from the POST until Heat lists the cluster's
    stack (the API call, the conductor's create with certificates, trust
    and template rendering, and Heat's handling of the create request);
    ``after`` from the stack's first ``CREATE_COMPLETE`` in Heat until the
    API shows the cluster ``CREATE_COMPLETE`` (the status sync's share).
    Their sum is the overhead as the bench sees it, within ``--poll``.
``heat (from request)`` and ``overhead, Heat from its request``
    Heat's ``creation_time`` is set only after heat-api and heat-engine
    have handled the create request (parsing and validating every nested
    template), so ``heat`` leaves that time to Magnum. Heat's time counted
    instead from the moment heat-api started on Magnum's create request
    (its log line ``Processing request: POST .../stacks`` with the request
    id that heat-engine's ``Creating stack <name>`` carries, in
    ``.local-cloud/logs/``, millisecond timestamps) until the bench saw
    the stack ``CREATE_COMPLETE``; the overhead is then ``total`` minus
    that. ``to Heat's request``: from the POST until heat-api began on
    the stack create (Magnum's share of ``before``).

Before each create but the first the bench waits a random time of up to
one sync interval: clusters created one after the other otherwise finish
at the same point of the sync's cycle each time, and ``after`` measures
that phase instead of the sync's average wait (``--no-jitter`` to
compare).

Also printed: the CPU time ``magnum-all`` used per cluster (create, status
syncs and the bench's own API reads while the cluster builds) and the
``[conductor] status_sync_interval`` it runs with. The clusters are
deleted afterwards (``--keep`` keeps them).

    .tox/functional/bin/python tools/bench/heat_overhead.py
    .tox/functional/bin/python tools/bench/heat_overhead.py --clusters 20

Exit status 1 when the median overhead misses the target.
"""

import argparse
import configparser
import datetime
import json
import os
import random
import re
import statistics
import sys
import threading
import time
import uuid

from heatclient import client as heat_client
from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
HOME = os.environ.get('LOCAL_CLOUD_HOME', os.path.join(REPO, '.local-cloud'))
TARGET_S = 2.0
HEADERS = {'OpenStack-API-Version': 'container-infra latest'}


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--clusters', type=int, default=10,
                        help='clusters to create, one after the other')
    parser.add_argument('--poll', type=float, default=0.1,
                        help='seconds between two reads of the cluster and '
                        'of its stack')
    parser.add_argument('--timeout', type=float, default=300,
                        help='seconds a cluster may take')
    parser.add_argument('--keep', action='store_true',
                        help='leave the clusters and the template')
    parser.add_argument('--no-jitter', dest='jitter', action='store_false',
                        help='create each cluster as soon as the previous '
                        'one is complete')
    return parser.parse_args(argv)


class Cloud:
    """The local cloud's Keystone, Heat and Magnum, as the demo user."""

    def __init__(self, home):
        with open(os.path.join(home, 'state.json'), encoding='utf-8') as f:
            self.state = json.load(f)
        user = self.state['users']['demo_member']
        auth = v3.Password(auth_url=self.state['auth_url'],
                           username=user['username'],
                           password=user['password'],
                           project_name=user['project_name'],
                           user_domain_id='default',
                           project_domain_id='default')
        self.session = ks_session.Session(auth=auth)
        self.magnum = self.state['magnum_url'].rstrip('/') + '/v1'
        self.heat = heat_client.Client('1', session=self.session,
                                       region_name=self.state['region'])

    def api(self, method, path, body=None, ok=(200, 201, 202, 204)):
        response = self.session.request(
            self.magnum + path, method, json=body, headers=HEADERS,
            raise_exc=False)
        if response.status_code not in ok:
            raise RuntimeError('%s %s: %s %s' % (method, path,
                                                 response.status_code,
                                                 response.text[:500]))
        return response.json() if response.text else None


def sync_interval(home):
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.read(os.path.join(home, 'etc', 'magnum', 'magnum.conf'))
    return parser.get('conductor', 'status_sync_interval', fallback='2 '
                      '(default)')


def sync_seconds(home):
    try:
        return float(sync_interval(home).split()[0])
    except ValueError:
        return 2.0


def magnum_cpu_seconds(home):
    """User + system CPU seconds of the running magnum-all, or None."""
    try:
        with open(os.path.join(home, 'run', 'magnum.pid')) as f:
            pid = int(f.read().split()[0])
        with open('/proc/%d/stat' % pid) as f:
            fields = f.read().rsplit(')', 1)[1].split()
    except (OSError, ValueError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')


def epoch(text):
    """A Heat timestamp (UTC, whole seconds) as a UNIX time."""
    value = datetime.datetime.fromisoformat(text.replace('Z', ''))
    return value.replace(tzinfo=datetime.timezone.utc).timestamp()


class StackWatch(threading.Thread):
    """Polls Heat for the stack Magnum builds for cluster ``name``:
    ``seen_at`` is when Heat first listed it (its create request had been
    answered), ``complete_at`` when it first showed CREATE_COMPLETE."""

    def __init__(self, cloud, name, poll):
        super().__init__(daemon=True)
        self.cloud, self.name, self.poll = cloud, name, poll
        self.seen_at = self.complete_at = None
        self.stop = threading.Event()

    def run(self):
        prefix = self.name.replace('_', '-').lower() + '-'
        while not self.stop.is_set():
            for stack in self.cloud.heat.stacks.list():
                if not stack.stack_name.startswith(prefix):
                    continue
                if self.seen_at is None:
                    self.seen_at = time.time()
                if stack.stack_status == 'CREATE_COMPLETE':
                    self.complete_at = time.time()
                    return
                if stack.stack_status.endswith('FAILED'):
                    return
            self.stop.wait(self.poll)


def heat_times(cloud, stack_id):
    """``(stack name, creation_time, CREATE_COMPLETE event time)``."""
    stack = cloud.heat.stacks.get(stack_id)
    events = cloud.heat.events.list(stack_id)
    done = [e for e in events if e.resource_name == stack.stack_name
            and e.resource_status == 'CREATE_COMPLETE']
    if not done:
        raise RuntimeError('stack %s has no CREATE_COMPLETE event'
                           % stack_id)
    return (stack.stack_name, epoch(stack.creation_time),
            epoch(done[-1].event_time))


_LOG_LINE = re.compile(
    r'^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+) .*?\[\S+ (req-[0-9a-f-]+) '
    r'.*?\] (.*)$')


class HeatRequestLog:
    """When heat-api began on the create request of a named stack, from
    the local cloud's logs (only what they gained since the bench
    started is read)."""

    def __init__(self, home):
        logs = os.path.join(home, 'logs')
        self.api = os.path.join(logs, 'heat-api.log')
        self.engine = os.path.join(logs, 'heat-engine-app.log')
        self.offsets = {path: self._size(path)
                        for path in (self.api, self.engine)}

    @staticmethod
    def _size(path):
        try:
            return os.path.getsize(path)
        except OSError:
            return 0

    def _lines(self, path):
        try:
            with open(path, encoding='utf-8', errors='replace') as f:
                f.seek(self.offsets[path])
                for line in f:
                    match = _LOG_LINE.match(line)
                    if match:
                        yield match.groups()
        except OSError:
            return

    def request_received(self, stack_name):
        """UNIX time heat-api started on the create request, or None."""
        wanted = 'Creating stack %s' % stack_name
        request = next((req for _, req, text in self._lines(self.engine)
                        if text.strip() == wanted), None)
        if request is None:
            return None
        for stamp, req, text in self._lines(self.api):
            if req == request and text.startswith('Processing request: '
                                                  'POST'):
                # The services log local time.
                return time.mktime(time.strptime(
                    stamp.split('.')[0], '%Y-%m-%d %H:%M:%S')) + float(
                        '0.' + stamp.split('.')[1])
        return None


def create_one(cloud, template_uuid, name, args, heat_log):
    watch = StackWatch(cloud, name, args.poll)
    watch.start()
    started = time.time()
    uuid_ = cloud.api('POST', '/clusters', {
        'name': name, 'cluster_template_id': template_uuid,
        'master_count': 1, 'node_count': 1})['uuid']
    deadline = started + args.timeout
    try:
        while True:
            cluster = cloud.api('GET', '/clusters/' + uuid_, ok=(200, 404))
            now = time.time()
            status = (cluster or {}).get('status')
            if status == 'CREATE_COMPLETE':
                break
            if status and status.endswith('FAILED'):
                raise RuntimeError('%s: %s' % (status,
                                               cluster.get('status_reason')))
            if now > deadline:
                raise RuntimeError('cluster %s not complete after %ss'
                                   % (name, args.timeout))
            time.sleep(args.poll)
    finally:
        watch.stop.set()
        watch.join(10)
    stack_name, created, completed = heat_times(cloud,
                                                cluster['cluster_id'])
    total = now - started
    heat = completed - created
    result = {'uuid': uuid_, 'total': total, 'heat': heat,
              'overhead': total - heat, 'before': None, 'after': None,
              'heat_from_request': None, 'to_request': None}
    if watch.seen_at and watch.complete_at:
        result['before'] = watch.seen_at - started
        result['after'] = now - watch.complete_at
    received = heat_log.request_received(stack_name)
    if received is not None and watch.complete_at:
        result['heat_from_request'] = watch.complete_at - received
        result['to_request'] = received - started
    return result


def delete_all(cloud, uuids, timeout):
    """Delete the clusters and wait until they are gone. A conductor with
    every worker busy refuses a delete (the API's cast still answers 204,
    the cluster keeps its status): such deletes are sent again."""
    deadline = time.time() + timeout
    pending = set(uuids)
    while pending and time.time() < deadline:
        listed = {c['uuid']: c for c in cloud.api('GET', '/clusters')[
            'clusters'] if c['uuid'] in pending}
        pending = set(listed)
        for uuid_, cluster in listed.items():
            if not cluster['status'].startswith('DELETE_IN'):
                cloud.api('DELETE', '/clusters/' + uuid_, ok=(204, 404, 409))
        if pending:
            time.sleep(2)


def _seconds(value):
    return '-' if value is None else '%.2f s' % value


def _row(label, values, unit='s'):
    values = [v for v in values if v is not None]
    if not values:
        return '| %s | - | - | - |' % label
    return '| %s | %.2f %s | %.2f %s | %.2f %s |' % (
        label, statistics.median(values), unit, min(values), unit,
        max(values), unit)


def main(argv=None):
    args = parse_args(argv)
    cloud = Cloud(HOME)
    run = uuid.uuid4().hex[:6]
    template = cloud.api('POST', '/clustertemplates', {
        'name': 'bench-heat-%s' % run, 'coe': 'kubernetes',
        'image_id': 'fedora-coreos-latest', 'external_network_id': 'public',
        'keypair_id': 'testkey', 'flavor_id': 'm1.small',
        'master_flavor_id': 'm1.small', 'network_driver': 'flannel',
        'labels': {'kube_tag': 'v1.30.4'}})
    results, created = [], []
    heat_log = HeatRequestLog(HOME)
    cpu_before = magnum_cpu_seconds(HOME)
    try:
        for number in range(args.clusters):
            if number and args.jitter:
                time.sleep(random.uniform(0, sync_seconds(HOME)))
            result = create_one(cloud, template['uuid'],
                                'bench-%s-%d' % (run, number), args,
                                heat_log)
            created.append(result['uuid'])
            results.append(result)
            print('cluster %d: total %.2f s, heat %.0f s, overhead %.2f s, '
                  'before %s, after %s' % (
                      number, result['total'], result['heat'],
                      result['overhead'], _seconds(result['before']),
                      _seconds(result['after'])), file=sys.stderr)
        cpu_after = magnum_cpu_seconds(HOME)
    finally:
        if not args.keep:
            delete_all(cloud, created, args.timeout)
            cloud.api('DELETE', '/clustertemplates/' + template['uuid'],
                      ok=(204, 400, 404))

    overhead = [r['overhead'] for r in results]
    median = statistics.median(overhead)
    after = [r['after'] for r in results]
    before = [r['before'] for r in results]
    observed = [r['before'] + r['after'] for r in results
                if r['before'] is not None and r['after'] is not None]
    print('Heat driver overhead, %d clusters, status_sync_interval %s s'
          % (len(results), sync_interval(HOME)))
    print()
    print('| figure | p50 | min | max |')
    print('|---|---|---|---|')
    print(_row('POST to CREATE_COMPLETE (API)', [r['total'] for r in results]))
    print(_row("Heat's stack time (whole s)", [r['heat'] for r in results]))
    print(_row('**overhead** (target <= %.1f s)' % TARGET_S, overhead))
    print(_row('before: POST to stack listed by Heat', before))
    print(_row('after: stack complete to API complete', after))
    print(_row('before + after (no rounding)', observed))
    from_request = [r for r in results if r['heat_from_request'] is not None]
    if from_request:
        print(_row("Heat's time from its create request",
                   [r['heat_from_request'] for r in from_request]))
        print(_row('overhead, Heat timed from its request',
                   [r['total'] - r['heat_from_request']
                    for r in from_request]))
        print(_row("POST to Heat's create request",
                   [r['to_request'] for r in from_request]))
    if cpu_before is not None and cpu_after is not None:
        print()
        print('magnum-all CPU time: %.2f s per cluster'
              % ((cpu_after - cpu_before) / max(len(results), 1)))
    print()
    verdict = 'met' if median <= TARGET_S else 'MISSED'
    print('target %s: median overhead %.2f s' % (verdict, median))
    return 0 if median <= TARGET_S else 1


if __name__ == '__main__':
    sys.exit(main())
