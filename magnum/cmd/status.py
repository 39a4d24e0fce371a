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

import sys

from oslo_upgradecheck import common_checks
from oslo_upgradecheck import upgradecheck

import magnum.conf
from magnum.db.sqlalchemy import migration

CONF = magnum.conf.CONF


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

    _upgrade_checks = (
        ('Database schema', _check_database_schema),
        ('Policy File JSON to YAML Migration',
         (common_checks.check_policy_json, {'conf': CONF})),
    )


def main(argv=None):
    return upgradecheck.main(
        CONF, project='magnum', upgrade_command=Checks(),
        argv=sys.argv[1:] if argv is None else argv)


if __name__ == '__main__':
    sys.exit(main())
