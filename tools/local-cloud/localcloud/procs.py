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

"""Daemons started by local-cloud: pid files, process groups, stop."""

import os
import signal
import subprocess
import time

from localcloud.common import HOME, LOGS, RUN, say, write


def pid_file(name):
    return os.path.join(RUN, name + '.pid')


def proc_start_time(pid):
    try:
        with open('/proc/%d/stat' % pid) as f:
            return f.read().rsplit(')', 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def read_pid(name):
    """PID of a component we started, or None if it is gone."""
    try:
        with open(pid_file(name)) as f:
            pid_text, start = f.read().split()
        pid = int(pid_text)
    except (OSError, ValueError):
        return None
    # The start time guards against a recycled pid.
    if proc_start_time(pid) != start:
        return None
    return pid


def group_rss_mib(pgid):
    """Resident memory of every process in a process group, in MiB."""
    total = 0
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % entry) as f:
                fields = f.read().rsplit(')', 1)[1].split()
            if int(fields[2]) == pgid:
                total += int(fields[21]) * os.sysconf('SC_PAGE_SIZE')
        except (OSError, IndexError, ValueError):
            continue
    return total / 1048576.0


def group_alive(pgid):
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def spawn(name, cmd, env=None):
    """Start a daemon in its own session; its stdio goes to logs/<name>.log."""
    log = open(os.path.join(LOGS, name + '.log'), 'a', encoding='utf-8')
    log.write('\n=== %s starting: %s\n'
              % (time.strftime('%F %T'), ' '.join(cmd)))
    log.flush()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log,
                            stderr=subprocess.STDOUT, env=env,
                            start_new_session=True, close_fds=True,
                            cwd=HOME)
    log.close()
    write(pid_file(name), '%d %s\n' % (proc.pid, proc_start_time(proc.pid)))
    return proc


def stop(name, timeout=30):
    pid = read_pid(name)
    if pid is None:
        if os.path.exists(pid_file(name)):
            os.unlink(pid_file(name))
        return False
    # The daemon leads its own process group (start_new_session): signal
    # the group, so gunicorn and heat-engine workers go with their master.
    try:
        os.killpg(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    deadline = time.monotonic() + timeout
    while group_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    if group_alive(pid):
        say('%s did not stop on SIGTERM, killing' % name)
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        kill_deadline = time.monotonic() + 10
        while group_alive(pid) and time.monotonic() < kill_deadline:
            time.sleep(0.1)
    os.unlink(pid_file(name))
    return True


def alive(name, proc):
    if proc is None:
        return lambda: read_pid(name) is not None
    return lambda: proc.poll() is None
