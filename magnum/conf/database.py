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

"""``[database]`` options: oslo.db's, plus the ones Magnum adds.

The oslo.db options themselves are listed for the sample generator by the
``oslo.db`` namespace; only Magnum's additions are listed here.
"""

from oslo_config import cfg
from oslo_db import options as db_options

DEFAULT_CONNECTION = 'sqlite:///$state_path/magnum.sqlite'

database_group = cfg.OptGroup(
    name='database',
    title='Database',
    help='Options for the SQL database holding Magnum\'s state.')

database_opts = [
    cfg.StrOpt(
        'mysql_engine',
        default='InnoDB',
        help='Storage engine for tables created on MySQL or MariaDB.'),
]


def register_opts(conf):
    db_options.set_defaults(conf, connection=DEFAULT_CONNECTION)
    conf.register_group(database_group)
    conf.register_opts(database_opts, group=database_group)


def list_opts():
    return {database_group: database_opts}
