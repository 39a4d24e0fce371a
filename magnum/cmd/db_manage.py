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

"""`magnum-db-manage`: migrate Magnum's database schema.

    magnum-db-manage [--config-file F] upgrade [REV]
    magnum-db-manage [--config-file F] version
    magnum-db-manage [--config-file F] stamp REV
    magnum-db-manage [--config-file F] revision [-m MSG] [--autogenerate]

The database is ``[database] connection``. The command connects once and
does not wait for a database that is down: deployment tools retry it.
A configuration or connection problem is reported as one line on stderr
with exit status 1.
"""

import sys

from alembic.util import exc as alembic_exc
from oslo_config import cfg
from oslo_db import exception as db_exc
from oslo_db import options as db_options
from oslo_db.sqlalchemy import engines
import sqlalchemy as sa

import magnum.conf
from magnum.db.sqlalchemy import migration

CONF = magnum.conf.CONF
PROG = 'magnum-db-manage'


class CommandError(Exception):
    """A failure to report as one line, without a traceback."""


def _url_for_humans(url):
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return url


def _first_line(error):
    # oslo.db wraps SQLAlchemy's error, which wraps the driver's: the
    # driver's own message is the useful one.
    error = getattr(error, 'inner_exception', None) or error
    error = getattr(error, 'orig', None) or error
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _engine():
    """An engine for ``[database] connection``, connected once."""
    url = CONF.database.connection
    if not url:
        raise CommandError('no database configured: set [database] '
                           'connection in the configuration file')
    shown = _url_for_humans(url)
    try:
        # Resolve the dialect first: oslo.db would log about the URL before
        # failing on it.
        sa.engine.make_url(url).get_dialect()
        engine = engines.create_engine(
            url, mysql_sql_mode=CONF.database.mysql_sql_mode,
            connection_debug=CONF.database.connection_debug,
            max_retries=0)
    except sa.exc.NoSuchModuleError:
        scheme = url.split(':', 1)[0]
        raise CommandError('unknown database type %r in [database] '
                           'connection %s' % (scheme, shown))
    except sa.exc.ArgumentError as error:
        raise CommandError('invalid [database] connection %s: %s'
                           % (shown, _first_line(error)))
    except ImportError as error:
        raise CommandError('the database driver for %s is not installed: %s'
                           % (shown, _first_line(error)))
    try:
        with engine.connect():
            pass
    except (db_exc.DBError, sa.exc.DBAPIError) as error:
        engine.dispose()
        raise CommandError('cannot connect to the database at %s: %s'
                           % (shown, _first_line(error)))
    return engine


def do_upgrade():
    migration.upgrade(CONF.command.revision, engine=_engine())


def do_version():
    print(migration.version(engine=_engine()) or 'None')


def do_stamp():
    migration.stamp(CONF.command.revision, engine=_engine())


def do_revision():
    engine = _engine() if CONF.command.autogenerate else None
    migration.revision(message=CONF.command.message,
                       autogenerate=CONF.command.autogenerate, engine=engine)


def add_command_parsers(subparsers):
    parser = subparsers.add_parser(
        'upgrade', help='Upgrade the schema to a revision (default: head).')
    parser.add_argument('revision', nargs='?', default='head')
    parser.set_defaults(func=do_upgrade)

    parser = subparsers.add_parser(
        'version', help='Print the revision the database is at.')
    parser.set_defaults(func=do_version)

    parser = subparsers.add_parser(
        'stamp', help='Record a revision as current without migrating.')
    parser.add_argument('revision')
    parser.set_defaults(func=do_stamp)

    parser = subparsers.add_parser(
        'revision', help='Write a new migration script (for developers).')
    parser.add_argument('-m', '--message', default=None,
                        help='What the migration does.')
    parser.add_argument('--autogenerate', action='store_true',
                        help='Draft the operations by comparing the models '
                             'with the database.')
    parser.set_defaults(func=do_revision)


command_opt = cfg.SubCommandOpt(
    'command', title='Commands', help='What to do with the schema.',
    handler=add_command_parsers)


def main(argv=None):
    # The [database] options normally come with magnum.conf; registering
    # them again is harmless and keeps this command working on its own.
    db_options.set_defaults(CONF)
    if 'command' not in CONF:
        CONF.register_cli_opt(command_opt)
    try:
        CONF(sys.argv[1:] if argv is None else argv, project='magnum',
             prog=PROG)
        CONF.command.func()
    except CommandError as error:
        sys.stderr.write('%s: error: %s\n' % (PROG, error))
        return 1
    except cfg.Error as error:
        sys.stderr.write('%s: error: %s\n' % (PROG, _first_line(error)))
        return 1
    except alembic_exc.CommandError as error:
        sys.stderr.write('%s: error: %s\n' % (PROG, _first_line(error)))
        return 1
    except (db_exc.DBError, sa.exc.DBAPIError) as error:
        sys.stderr.write('%s: error: database error: %s\n'
                         % (PROG, _first_line(error)))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
