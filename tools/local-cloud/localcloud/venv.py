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

"""The local cloud virtualenv (Keystone, Heat, the OpenStack CLIs)."""

import hashlib
import os
import shutil
import sys
import time

from localcloud.common import (
    TOOL_DIR, UpError, VENV, run, say, venv_bin, write)


def requirements_digest():
    h = hashlib.sha256()
    for name in ('requirements.txt', 'constraints.txt'):
        with open(os.path.join(TOOL_DIR, name), 'rb') as f:
            h.update(f.read())
    return h.hexdigest()


def base_python():
    wanted = os.environ.get('LOCAL_CLOUD_PYTHON')
    if wanted:
        return wanted
    return shutil.which('python3.11') or getattr(
        sys, '_base_executable', None) or sys.executable


def ensure_venv():
    python = base_python()
    marker = os.path.join(VENV, '.local-cloud-installed')
    digest = requirements_digest()
    try:
        with open(marker) as f:
            if f.read().strip() == digest:
                return False
    except OSError:
        pass
    say('installing Keystone and Heat into %s (a few minutes, once)' % VENV)
    started = time.monotonic()
    if not os.path.exists(venv_bin('python')):
        run([python, '-m', 'venv', VENV], 'install.log')
    run([venv_bin('python'), '-m', 'pip', 'install', '-q',
         '--disable-pip-version-check',
         '-r', os.path.join(TOOL_DIR, 'requirements.txt'),
         '-c', os.path.join(TOOL_DIR, 'constraints.txt')], 'install.log',
        timeout=1800)
    write(marker, digest + '\n')
    say('installed in %.0fs' % (time.monotonic() - started))
    return True


def apt_install(package):
    if os.geteuid() != 0 or not shutil.which('apt-get'):
        raise UpError('%s is missing and cannot be installed here' % package)
    # Keep the maintainer scripts from starting the daemon on all addresses.
    policy = '/usr/sbin/policy-rc.d'
    if not os.path.exists(policy):
        write(policy, '#!/bin/sh\nexit 101\n', 0o755)
    env = dict(os.environ, DEBIAN_FRONTEND='noninteractive')
    say('installing %s with apt-get' % package)
    run(['apt-get', 'update'], 'install.log', env=env)
    run(['apt-get', 'install', '-y', '--no-install-recommends', package],
        'install.log', env=env)
