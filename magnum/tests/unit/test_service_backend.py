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

import subprocess
import sys


def test_importing_magnum_selects_threading_backend():
    # A fresh interpreter, so no other test has initialised the backend.
    code = ("import magnum\n"
            "from oslo_service import backend\n"
            "print(type(backend.get_backend()).__name__)\n")
    out = subprocess.run([sys.executable, '-c', code], check=True,
                         capture_output=True, text=True).stdout
    assert out.strip() == 'ThreadingBackend'


def test_magnum_does_not_monkey_patch():
    code = ("import magnum, magnum.common.context, magnum.common.exception\n"
            "import socket, threading\n"
            "print(socket.socket.__module__, threading.Thread.__module__)\n")
    out = subprocess.run([sys.executable, '-c', code], check=True,
                         capture_output=True, text=True).stdout
    assert out.split() == ['socket', 'threading']
