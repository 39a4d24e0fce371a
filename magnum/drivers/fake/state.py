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

"""Where the fake driver keeps the progress of the clusters it drives.

The state is one JSON document: ``{"clusters": {uuid: entry}, "counters":
{...}}``. With a file, every change is a locked read-modify-write followed
by an atomic replace, so several conductor processes can share it and a
conductor killed at any point leaves a readable file behind.
"""

import contextlib
import copy
import os
import threading

from magnum.drivers.fake import files

STATE_FILE_NAME = 'fake-driver-state.json'


def _empty():
    return {'clusters': {}, 'counters': {}}


def state_path(conf):
    """The state file ``conf`` asks for, or ``None`` for memory only."""
    group = conf.fake_driver
    if group.state_file:
        return group.state_file
    if group.behaviour_file:
        return os.path.join(
            os.path.dirname(os.path.abspath(group.behaviour_file)),
            STATE_FILE_NAME)
    return None


class StateStore:
    """Transactions over the state document, in a file or in memory."""

    def __init__(self, path=None):
        self.path = path
        self._lock = threading.Lock()
        self._memory = _empty()

    @contextlib.contextmanager
    def transaction(self):
        """Yield the state for reading and changing; changes are kept when
        the block ends without an exception."""
        with self._lock:
            if self.path is None:
                yield self._memory
                return
            with files.locked(self.path + '.lock'):
                state = files.read_json(self.path) or _empty()
                yield state
                files.write_json(self.path, state)

    def read(self):
        """A copy of the state, for inspection."""
        if self.path is None:
            with self._lock:
                return copy.deepcopy(self._memory)
        return files.read_json(self.path) or _empty()
