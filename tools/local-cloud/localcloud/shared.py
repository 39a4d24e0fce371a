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

"""The machine's MariaDB and RabbitMQ: databases, DB user, vhost."""

import os
import shutil
import subprocess
import time

from localcloud.common import (
    HOST, RUN, UpError, port_open, say, venv_bin, wait_for, write)
from localcloud.venv import apt_install, requirements_digest


def ensure_shared_service(name, host, port, binary, package, start_cmd):
    """MariaDB and RabbitMQ are the machine's: use them, start if down."""
    if port_open(host, port):
        return
    if not os.path.exists(binary):
        apt_install(package)
    say('%s is not running; starting it with the machine command' % name)
    subprocess.run(start_cmd, stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   start_new_session=True, check=False, timeout=120)
    wait_for(name, lambda: port_open(host, port),
             time.monotonic() + 120)


DB_SETUP = r'''
import sys, pymysql
host, port, root, rootpw, user, pw = sys.argv[1:7]
conn = pymysql.connect(host=host, port=int(port), user=root, password=rootpw,
                       autocommit=True)
with conn.cursor() as c:
    for db in sys.argv[7:]:
        c.execute("CREATE DATABASE IF NOT EXISTS `%s` CHARACTER SET utf8" % db)
    for where in ("127.0.0.1", "localhost"):
        c.execute("CREATE USER IF NOT EXISTS %s@%s IDENTIFIED BY %s",
                  (user, where, pw))
        c.execute("ALTER USER %s@%s IDENTIFIED BY %s", (user, where, pw))
        for db in sys.argv[7:]:
            c.execute("GRANT ALL PRIVILEGES ON `%s`.* TO %%s@%%s" % db,
                      (user, where))
    found = []
    for db, table in zip(sys.argv[7:], ("project", "stack")):
        c.execute("SELECT COUNT(*) FROM information_schema.tables "
                  "WHERE table_schema = %s AND table_name = %s", (db, table))
        if c.fetchone()[0]:
            found.append(db)
print(" ".join(found))
'''


def ensure_databases(conf):
    """Create databases and user; return the names already migrated."""
    db = conf['db']
    try:
        out = subprocess.run(
            [venv_bin('python'), '-c', DB_SETUP, db['host'], str(db['port']),
             db['root_user'], db['root_password'], db['user'],
             db['password'], db['keystone'], db['heat']],
            capture_output=True, text=True, timeout=120,
            stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise UpError('database set-up timed out')
    if out.returncode != 0:
        raise UpError('database set-up failed:\n' + out.stderr[-3000:])
    return set(out.stdout.split())


def db_url(conf, name):
    db = conf['db']
    return 'mysql+pymysql://%s:%s@%s:%d/%s?charset=utf8' % (
        db['user'], db['password'], db['host'], db['port'], db[name])


def schema_marker(name):
    return os.path.join(RUN, name + '-schema.done')


def schema_current(name, migrated):
    """True if db_sync already ran for this DB with these packages."""
    if name not in migrated:
        return False
    try:
        with open(schema_marker(name)) as f:
            return f.read().strip() == requirements_digest()
    except OSError:
        return False


def mark_schema(name):
    write(schema_marker(name), requirements_digest() + '\n')


def ensure_vhost(conf):
    """Own vhost and user for Heat's RPC; guest on / when we cannot."""
    rb = conf['rabbit']
    ctl = shutil.which('rabbitmqctl')
    own = 'rabbit://%s:%s@%s:%d/%s' % (rb['user'], rb['password'],
                                       rb['host'], rb['port'], rb['vhost'])
    guest = 'rabbit://guest:guest@%s:%d/' % (rb['host'], rb['port'])
    if ctl is None or rb['host'] != HOST:
        return guest

    def ctl_run(*args):
        return subprocess.run(['timeout', '60', ctl, '-q'] + list(args),
                              capture_output=True, text=True,
                              stdin=subprocess.DEVNULL)
    probe = ctl_run('list_permissions', '-p', rb['vhost'])
    if probe.returncode == 0 and any(
            line.split('\t')[0] == rb['user']
            for line in probe.stdout.splitlines()):
        return own
    steps = [('add_vhost', rb['vhost']),
             ('add_user', rb['user'], rb['password']),
             ('change_password', rb['user'], rb['password']),
             ('set_permissions', '-p', rb['vhost'], rb['user'],
              '.*', '.*', '.*')]
    for step in steps:
        result = ctl_run(*step)
        if result.returncode != 0 and 'already' not in (
                result.stderr + result.stdout):
            say('rabbitmqctl %s failed (%s); using guest on /'
                % (step[0], result.stderr.strip()[:200]))
            return guest
    return own
