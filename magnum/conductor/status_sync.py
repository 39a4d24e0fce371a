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

"""The status sync: one pass over the in-progress clusters this conductor
owns.

A pass

1. reads the live conductors and builds the hash ring (hash_ring);
   breaks the reservations of conductors that are no longer live;
2. reads the unreserved *_IN_PROGRESS clusters the ring gives this
   host, with their nodegroups and templates, in three queries;
3. asks each driver once about all of its clusters
   (Driver.update_cluster_status);
4. works out what changed: reported statuses, reasons, addresses, counts,
   versions, faults (copied into the failed nodegroups' reasons, which is
   where the API reads a cluster's faults), nodegroups to remove,
   clusters to remove, and deadlines (deadlines) for clusters still
   in progress;
5. writes all of it in one transaction, skipping any cluster a workflow
   reserved meanwhile (Cluster.apply_status_changes);
6. deletes the certificates of removed clusters and sends the terminal
   notifications.

The clusters are read as plain rows and built into objects in bulk
(``magnum.objects.bulk_rows``), without the per-field coercion a thousand
clusters could not afford.
"""

import collections
import contextlib
import gc

from oslo_log import log as logging
from oslo_utils import timeutils

from magnum.common import cert_manager
from magnum.common import exception
from magnum.conductor import deadlines
from magnum.conductor import hash_ring
from magnum.conductor import heartbeat
from magnum.conductor import notifications
from magnum.drivers.common import registry
from magnum import objects
from magnum.objects import bulk_rows
from magnum.objects import fields

LOG = logging.getLogger(__name__)
S = fields.ClusterStatus

CERT_REFS = ('ca_cert_ref', 'magnum_cert_ref', 'etcd_ca_cert_ref',
             'front_proxy_ca_cert_ref')

_CLUSTER_REPORT_FIELDS = ('status', 'status_reason', 'api_address',
                          'coe_version', 'container_version')
_NODEGROUP_REPORT_FIELDS = ('status', 'status_reason', 'node_addresses',
                            'node_count', 'stack_id')
# Read for every cluster of every pass: bound once.
_peek = bulk_rows.peek

PassResult = collections.namedtuple(
    'PassResult', 'owned updated removed timed_out notified driver_calls')


# -- working out the changes ---------------------------------------------------

def _faults_text(faults):
    return '; '.join('%s: %s' % (name, message)
                     for name, message in sorted(faults.items()))


class _Change:
    """What one pass does to one cluster."""

    def __init__(self, cluster, row):
        self.cluster = cluster
        self.row = row
        self.id = row['id']
        self.old_status = row['status']
        self.values = {}
        self.nodegroups = {}        # nodegroup id -> values
        self.drop_nodegroups = []   # nodegroup ids
        self.destroy = False
        self.timed_out = False

    @property
    def new_status(self):
        return self.values.get('status', self.old_status)

    def set(self, name, value):
        if value is not None and value != _peek(self.cluster, name):
            self.values[name] = value
        elif value is not None:
            self.values.pop(name, None)

    def ng_value(self, ng, name):
        values = self.nodegroups.get(_peek(ng, 'id'))
        if values and name in values:
            return values[name]
        return _peek(ng, name)

    def set_ng(self, ng, name, value):
        if value is not None and value != _peek(ng, name):
            self.nodegroups.setdefault(_peek(ng, 'id'), {})[name] = value

    def empty(self):
        return not (self.values or self.nodegroups or self.drop_nodegroups
                    or self.destroy)

    def as_db_change(self):
        values = dict(self.values)
        if values and 'status' not in values:
            # Keep updated_at at the moment the status was set: deadlines
            # count from it.
            values['updated_at'] = self.row.get('updated_at')
        return {'id': self.id, 'expected_status': self.old_status,
                'values': values,
                'nodegroups': {i: v for i, v in self.nodegroups.items() if v},
                'destroy_nodegroups': self.drop_nodegroups,
                'destroy': self.destroy}


def apply_report(change, report):
    """Fold a driver's StatusReport into change."""
    cluster = change.cluster
    for name in _CLUSTER_REPORT_FIELDS:
        change.set(name, getattr(report, name, None))
    if change.new_status == S.DELETE_COMPLETE:
        change.destroy = True
        return
    by_uuid = {_peek(ng, 'uuid'): ng for ng in cluster.nodegroups}
    for ng_uuid, ng_report in (report.nodegroups or {}).items():
        ng = by_uuid.get(ng_uuid)
        if ng is None:
            continue
        if ng_report.status == S.DELETE_COMPLETE and not ng.is_default:
            change.drop_nodegroups.append(ng.id)
            continue
        for name in _NODEGROUP_REPORT_FIELDS:
            change.set_ng(ng, name, getattr(ng_report, name, None))
    if report.faults:
        _record_faults(change, report.faults)


def _record_faults(change, faults):
    """Make the failed nodegroups' reasons carry the faults (the API shows
    a failed cluster's faults from them); the cluster's reason too when the
    driver gave none."""
    text = _faults_text(faults)
    for ng in change.cluster.nodegroups:
        if ng.id in change.drop_nodegroups:
            continue
        if change.ng_value(ng, 'status') not in S.STATUS_FAILED:
            continue
        reason = change.ng_value(ng, 'status_reason') or ''
        if text in reason:
            continue
        if not reason or reason in faults.values():
            reason = text   # the bare message: name the resource too
        else:
            reason = '%s (%s)' % (reason, text)
        change.set_ng(ng, 'status_reason', reason)
    if (change.new_status in S.STATUS_FAILED
            and not change.values.get('status_reason')
            and not change.cluster.status_reason):
        change.set('status_reason', text)


class _DeadlineView:
    """The fields ``deadlines`` reads, taken from a loaded cluster."""

    __slots__ = ('status', 'create_timeout', 'created_at', 'updated_at')

    def __init__(self, cluster):
        for name in self.__slots__:
            setattr(self, name, _peek(cluster, name))


def apply_deadline(change, now):
    """Fail a cluster whose status, unchanged this pass, is past its
    deadline, together with its in-progress nodegroups."""
    if change.new_status != change.old_status or change.destroy:
        return
    verdict = deadlines.expired(_DeadlineView(change.cluster), now)
    if verdict is None:
        return
    status, reason = verdict
    change.set('status', status)
    change.set('status_reason', reason)
    change.timed_out = True
    for ng in change.cluster.nodegroups:
        if ng.id in change.drop_nodegroups:
            continue
        ng_status = change.ng_value(ng, 'status')
        if ng_status in S.IN_PROGRESS:
            change.set_ng(ng, 'status', deadlines.failed_status(ng_status))
            change.set_ng(ng, 'status_reason', reason)


# -- the pass ------------------------------------------------------------------

@contextlib.contextmanager
def _collector_paused():
    """No cyclic garbage collection during a pass: building thousands of
    objects in a burst sets off full collections over the whole heap, a
    fifth of the pass. Reference counting still frees as usual; cycles
    wait for the next collection after the pass."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class StatusSync:
    """Runs status sync passes for the conductor host."""

    def __init__(self, host, context):
        self.host = host
        self.context = context
        self.rings = hash_ring.RingCache()

    def ring(self, now=None):
        """The ring of the live conductors (None if this host is not
        among them: it has not sent a heartbeat yet, or is late)."""
        live = heartbeat.live_hosts(self.context, now=now)
        if self.host not in live:
            return None, live
        return self.rings.get(live), live

    def _break_stale_reservations(self, live):
        freed = objects.Cluster.break_stale_reservations(live)
        if freed:
            LOG.warning('Released the reservations of conductors that are '
                        'no longer alive on clusters %s',
                        ', '.join(sorted(freed)))

    def load(self, ring):
        """The owned, unreserved in-progress clusters, as objects."""
        pairs = objects.Cluster.rows_for_status_sync(
            S.IN_PROGRESS, accept=lambda uuid: ring.owns(self.host, uuid))
        template_ids = {row['cluster_template_id'] for row, _ in pairs}
        templates = {}
        if template_ids:
            templates = {t.uuid: t for t in objects.ClusterTemplate.list(
                self.context, filters={'uuid': sorted(template_ids)})}
        return [(bulk_rows.cluster_from_rows(
                    self.context, row, ngs,
                    templates.get(row['cluster_template_id'])), row)
                for row, ngs in pairs]

    def _drivers(self, clusters):
        """[(driver, [cluster, ...])]; one lookup per template."""
        by_template = {}
        batches = collections.OrderedDict()
        for cluster in clusters:
            key = cluster.cluster_template_id
            if key not in by_template:
                try:
                    if not cluster.obj_attr_is_set('cluster_template'):
                        raise exception.ClusterTemplateNotFound(
                            clustertemplate=key)
                    by_template[key] = registry.get_driver_for_cluster(
                        self.context, cluster)
                except Exception as error:
                    LOG.error('No driver for cluster %s (template %s): %s',
                              cluster.uuid, key, error)
                    by_template[key] = None
            driver = by_template[key]
            if driver is not None:
                batches.setdefault(id(driver), (driver, []))[1].append(
                    cluster)
        return list(batches.values())

    def _ask(self, batches):
        reports = {}
        for driver, clusters in batches:
            try:
                reports.update(driver.update_cluster_status(
                    self.context, clusters) or {})
            except Exception:
                LOG.exception('Driver %s failed to report the status of %d '
                              'clusters', type(driver).__name__,
                              len(clusters))
        return reports

    def run(self, now=None):
        """One pass; returns a PassResult of counts."""
        with _collector_paused():
            return self._run(now)

    def _run(self, now):
        now = now or timeutils.utcnow(with_timezone=True)
        ring, live = self.ring(now)
        if ring is None:
            LOG.debug('Conductor %s is not live yet; no status sync',
                      self.host)
            return PassResult(0, 0, 0, 0, 0, 0)
        self._break_stale_reservations(live)
        loaded = self.load(ring)
        if not loaded:
            return PassResult(0, 0, 0, 0, 0, 0)
        batches = self._drivers([cluster for cluster, _ in loaded])
        reports = self._ask(batches)

        changes = []
        for cluster, row in loaded:
            change = _Change(cluster, row)
            report = reports.get(row['uuid'])
            if report is not None:
                apply_report(change, report)
            apply_deadline(change, now)
            if not change.empty():
                changes.append(change)
        if not changes:
            return PassResult(len(loaded), 0, 0, 0, 0, len(batches))

        applied = objects.Cluster.apply_status_changes(
            [change.as_db_change() for change in changes])
        done = [change for change in changes if change.id in applied]
        skipped = len(changes) - len(done)
        if skipped:
            LOG.info('%d clusters were taken over by a workflow during the '
                     'status sync and were left alone', skipped)
        events = []
        for change in done:
            event = self._outcome(change)
            if event is not None or change.destroy:
                self._finish(change)
            if event is not None:
                events.append((self.context, change.cluster) + event)
        # Queued together: the publishing thread would otherwise compete
        # with this loop for the interpreter.
        notifications.notify_many(events)
        notified = len(events)
        return PassResult(
            len(loaded), len(done),
            sum(1 for change in done if change.destroy),
            sum(1 for change in done if change.timed_out),
            notified, len(batches))

    def _finish(self, change):
        """Bring the in-memory cluster (which the notification describes)
        in line with what was written; delete a removed cluster's
        certificates."""
        cluster = change.cluster
        for name, value in change.values.items():
            bulk_rows.store(cluster, name, value)
        if change.nodegroups or change.drop_nodegroups:
            kept = []
            for ng in cluster.nodegroups:
                ng_id = _peek(ng, 'id')
                if ng_id in change.drop_nodegroups:
                    continue
                for name, value in change.nodegroups.get(ng_id, {}).items():
                    bulk_rows.store(ng, name, value)
                kept.append(ng)
            bulk_rows.set_nodegroups(cluster, kept)
        if change.destroy:
            delete_certificates(self.context, cluster)

    @staticmethod
    def _outcome(change):
        """``(action, outcome)`` to announce, or None."""
        if change.new_status == change.old_status:
            return None
        return notifications.terminal_outcome(change.new_status)


def delete_certificates(context, cluster):
    """Delete the stored certificates of cluster; missing ones and
    errors are logged, never raised (the cluster is gone already)."""
    refs = [getattr(cluster, name) for name in CERT_REFS
            if getattr(cluster, name, None)]
    if not refs:
        return
    try:
        backend = cert_manager.get_backend()
    except Exception:
        LOG.exception('No certificate backend to delete the certificates '
                      'of cluster %s', cluster.uuid)
        return
    for ref in refs:
        try:
            backend.delete_cert(ref, context=context)
        except exception.CertificateNotFound:
            LOG.debug('Certificate %s of cluster %s was gone already', ref,
                      cluster.uuid)
        except Exception:
            LOG.exception('Could not delete certificate %s of cluster %s',
                          ref, cluster.uuid)
