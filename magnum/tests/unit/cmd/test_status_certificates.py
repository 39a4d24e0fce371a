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

"""The "Cluster certificates" check of ``magnum-status upgrade check``,
run as a command against a migrated sqlite file."""

import datetime
import json
import os
import subprocess
import sys

from oslo_utils import uuidutils
import pytest
import sqlalchemy as sa

BIN = os.path.dirname(sys.executable)
CHECK = 'Cluster certificates'
SUCCESS, WARNING, FAILURE = 0, 1, 2


class Deployment:
    """A migrated sqlite database and the configuration pointing at it."""

    def __init__(self, tmp_path):
        self.tmp_path = tmp_path
        self.url = 'sqlite:///%s' % (tmp_path / 'magnum.sqlite')
        self.configure()
        migrated = self._run('magnum-db-manage', 'upgrade')
        assert migrated.returncode == 0, migrated.stderr

    def configure(self, warning_days=None):
        text = '[database]\nconnection = %s\n' % self.url
        if warning_days is not None:
            text += '[certificates]\nexpiry_warning_days = %d\n' % (
                warning_days)
        self.config = self.tmp_path / 'magnum.conf'
        self.config.write_text(text)

    def _run(self, command, *args):
        return subprocess.run(
            [os.path.join(BIN, command), '--config-file', str(self.config)]
            + list(args), capture_output=True, text=True, timeout=120)

    def cluster(self, name, project='project-a', ca_in=None, client_in=None,
                refs=True):
        """Insert a cluster whose CA / client certificate expire in the
        given timedeltas from now (None: not recorded)."""
        now = datetime.datetime.now(datetime.timezone.utc).replace(
            tzinfo=None, microsecond=0)
        values = {
            'uuid': uuidutils.generate_uuid(), 'name': name,
            'project_id': project, 'status': 'CREATE_COMPLETE',
            'ca_cert_ref': 'ca-%s' % name if refs else None,
            'magnum_cert_ref': 'client-%s' % name if refs else None,
            'ca_cert_expires_at': None if ca_in is None else now + ca_in,
            'magnum_cert_expires_at': (None if client_in is None
                                       else now + client_in),
        }
        engine = sa.create_engine(self.url)
        try:
            table = sa.Table('cluster', sa.MetaData(), autoload_with=engine)
            with engine.begin() as connection:
                connection.execute(table.insert().values(**values))
        finally:
            engine.dispose()
        values['ca_cert_expires_at'] = _iso(values['ca_cert_expires_at'])
        values['magnum_cert_expires_at'] = _iso(
            values['magnum_cert_expires_at'])
        return values

    def check(self):
        """(exit status, {check name: (code, details)})."""
        result = self._run('magnum-status', 'upgrade', 'check', '--json')
        assert result.returncode in (0, 1, 2), result.stderr
        checks = json.loads(result.stdout)['checks']
        return result.returncode, {c['check']: (c['result'], c['details'])
                                   for c in checks}


def _iso(when):
    if when is None:
        return None
    return when.replace(tzinfo=datetime.timezone.utc).isoformat()


def _days(n):
    return datetime.timedelta(days=n)


@pytest.fixture
def deployment(tmp_path):
    return Deployment(tmp_path)


def test_success_without_clusters_or_soon_expiring_certificates(deployment):
    assert deployment.check() == (SUCCESS, {
        'Database schema': (SUCCESS, None), CHECK: (SUCCESS, None),
        'Policy File JSON to YAML Migration': (SUCCESS, None)})
    deployment.cluster('far', ca_in=_days(365), client_in=_days(31))
    deployment.cluster('unrecorded')
    # Certificates a failed create removed: their expiry does not count.
    deployment.cluster('removed', ca_in=_days(-3), client_in=_days(-3),
                       refs=False)
    status, checks = deployment.check()
    assert (status, checks[CHECK]) == (SUCCESS, (SUCCESS, None))


def test_warning_lists_what_expires_within_the_window(deployment):
    soon = deployment.cluster('soon', project='project-b', ca_in=_days(400),
                              client_in=_days(10))
    both = deployment.cluster('both', ca_in=_days(29), client_in=_days(29))
    deployment.cluster('later', ca_in=_days(31), client_in=_days(31))
    status, checks = deployment.check()
    code, details = checks[CHECK]
    assert (status, code) == (WARNING, WARNING)
    details = ' '.join(details.split())
    assert details.startswith('Expiring within 30 days: ')
    assert 'Expired' not in details
    # Soonest first, with uuid, name, project, certificate and date.
    assert ('%s (name soon, project project-b): client certificate %s; '
            % (soon['uuid'], soon['magnum_cert_expires_at'])) in details
    assert ('%s (name both, project project-a): CA %s'
            % (both['uuid'], both['ca_cert_expires_at'])) in details
    assert ('%s (name both, project project-a): client certificate %s'
            % (both['uuid'], both['magnum_cert_expires_at'])) in details
    assert details.index('name soon') < details.index('name both')
    assert 'name later' not in details
    assert soon['ca_cert_expires_at'] not in details
    assert 'openstack coe ca rotate' in details


def test_window_comes_from_the_configuration(deployment):
    deployment.cluster('soon', ca_in=_days(10), client_in=_days(400))
    deployment.configure(warning_days=5)
    assert deployment.check()[1][CHECK] == (SUCCESS, None)
    deployment.configure(warning_days=11)
    status, checks = deployment.check()
    assert status == WARNING
    assert 'Expiring within 11 days: ' in checks[CHECK][1]


def test_failure_for_expired_certificates(deployment):
    expired = deployment.cluster('old', ca_in=_days(100),
                                 client_in=_days(-1))
    soon = deployment.cluster('soon', ca_in=_days(3), client_in=_days(400))
    deployment.configure(warning_days=0)
    status, checks = deployment.check()
    code, details = checks[CHECK]
    assert (status, code) == (FAILURE, FAILURE)
    details = ' '.join(details.split())
    assert details.startswith(
        'Expired: %s (name old, project project-a): client certificate %s.'
        % (expired['uuid'], expired['magnum_cert_expires_at']))
    assert soon['uuid'] not in details          # outside a 0-day window
    deployment.configure()
    details = ' '.join(deployment.check()[1][CHECK][1].split())
    assert 'Expiring within 30 days: %s (name soon' % soon['uuid'] in details
    assert details.index('Expired') < details.index('Expiring')
