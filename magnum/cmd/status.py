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

"""`magnum-status upgrade check`: what would stop this release from running.

Each check answers success, warning or failure with a reason an operator
can act on; the command's exit status is the worst result (0, 1 or 2).
"""

import datetime
import sys

from oslo_upgradecheck import common_checks
from oslo_upgradecheck import upgradecheck
from oslo_utils import timeutils
import sqlalchemy as sa

import magnum.conf
from magnum.db.sqlalchemy import migration
from magnum.db.sqlalchemy import models
from magnum.db.sqlalchemy import session

CONF = magnum.conf.CONF


# (label, certificate reference column, expiry column) of the certificates
# whose expiry a cluster records.
_EXPIRING = (('CA', 'ca_cert_ref', 'ca_cert_expires_at'),
             ('client certificate', 'magnum_cert_ref',
              'magnum_cert_expires_at'))


def expiring_certificates(until):
    """``[(cluster row, label, expiry)]`` of every certificate of every
    cluster expiring at or before ``until`` (naive UTC), soonest first,
    read in one query. A certificate counts only while the cluster still
    refers to it."""
    table = models.Cluster.__table__
    conditions = [sa.and_(table.c[ref].isnot(None),
                          table.c[expiry].isnot(None),
                          table.c[expiry] <= until)
                  for _label, ref, expiry in _EXPIRING]
    with session.reader() as s:
        rows = s.execute(sa.select(
            table.c.uuid, table.c.name, table.c.project_id,
            *[table.c[column] for _label, ref, expiry in _EXPIRING
              for column in (ref, expiry)]).where(
                sa.or_(*conditions))).all()
    found = []
    for row in rows:
        for label, ref, expiry in _EXPIRING:
            when = getattr(row, expiry)
            if getattr(row, ref) and when is not None and when <= until:
                found.append((row, label, when))
    found.sort(key=lambda item: (item[2], item[0].uuid, item[1]))
    return found


def _describe(row, label, when):
    return '%s (name %s, project %s): %s %s' % (
        row.uuid, row.name, row.project_id, label,
        when.replace(tzinfo=datetime.timezone.utc).isoformat())


class Checks(upgradecheck.UpgradeCommands):

    def _check_database_schema(self):
        try:
            current = migration.version()
        except Exception as error:  # noqa: BLE001 - report any failure
            return upgradecheck.Result(
                upgradecheck.Code.FAILURE,
                'Cannot read the schema revision from the database: %s'
                % str(error).splitlines()[0])
        head = migration.head()
        if current != head:
            return upgradecheck.Result(
                upgradecheck.Code.FAILURE,
                'The database is at revision %s but this release needs %s. '
                'Run "magnum-db-manage upgrade".' % (current, head))
        return upgradecheck.Result(upgradecheck.Code.SUCCESS)

    def _check_cluster_certificates(self):
        now = timeutils.utcnow()
        days = CONF.certificates.expiry_warning_days
        try:
            found = expiring_certificates(now + datetime.timedelta(days=days))
        except Exception as error:  # noqa: BLE001 - report any failure
            return upgradecheck.Result(
                upgradecheck.Code.WARNING,
                'Cannot read the clusters\' certificate expiry times (is '
                'the database schema current?): %s'
                % str(error).splitlines()[0])
        expired = [item for item in found if item[2] <= now]
        expiring = [item for item in found if item[2] > now]
        if not found:
            return upgradecheck.Result(upgradecheck.Code.SUCCESS)
        parts = []
        if expired:
            parts.append('Expired: %s.' % '; '.join(
                _describe(*item) for item in expired))
        if expiring:
            parts.append('Expiring within %d days: %s.' % (days, '; '.join(
                _describe(*item) for item in expiring)))
        parts.append('Renew them with "openstack coe ca rotate <cluster>".')
        code = (upgradecheck.Code.FAILURE if expired
                else upgradecheck.Code.WARNING)
        return upgradecheck.Result(code, ' '.join(parts))

    _upgrade_checks = (
        ('Database schema', _check_database_schema),
        ('Cluster certificates', _check_cluster_certificates),
        ('Policy File JSON to YAML Migration',
         (common_checks.check_policy_json, {'conf': CONF})),
    )


def main(argv=None):
    return upgradecheck.main(
        CONF, project='magnum', upgrade_command=Checks(),
        argv=sys.argv[1:] if argv is None else argv)


if __name__ == '__main__':
    sys.exit(main())
