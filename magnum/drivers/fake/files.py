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

"""Small JSON file helpers shared by the fake driver and its tests."""

import contextlib
import fcntl
import json
import os
import tempfile


def read_json(path, default=None):
    """The JSON document at ``path``, or ``default`` if there is none."""
    try:
        with open(path, encoding='utf-8') as stream:
            return json.load(stream)
    except FileNotFoundError:
        return default


def write_json(path, data):
    """Replace ``path`` with ``data`` in one step, so that a reader (or a
    process killed mid-write) sees either the old or the new document."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix='.%s.' % os.path.basename(path),
                               dir=directory)
    try:
        # json.dumps uses the C encoder; json.dump to a stream does not.
        text = json.dumps(data, sort_keys=True)
        with os.fdopen(fd, 'w', encoding='utf-8') as stream:
            stream.write(text)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def append_json_line(path, record):
    """Append ``record`` as one JSON line; a single write on an append-only
    descriptor keeps concurrent writers from interleaving lines."""
    line = (json.dumps(record, sort_keys=True) + '\n').encode('utf-8')
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)


def read_json_lines(path):
    """Every record appended by ``append_json_line``; [] if none."""
    try:
        with open(path, encoding='utf-8') as stream:
            return [json.loads(line) for line in stream if line.strip()]
    except FileNotFoundError:
        return []


@contextlib.contextmanager
def locked(path):
    """Hold an exclusive lock on ``path`` (created if needed) across
    processes and threads."""
    with open(path, 'a') as stream:
        fcntl.flock(stream, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(stream, fcntl.LOCK_UN)
