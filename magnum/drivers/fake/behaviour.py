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

"""The fake driver's behaviour file: what each operation should do.

The file is a JSON object. Its keys are operation names, ``default`` (for
every operation), ``health`` and ``clusters``::

    {
      "default": {"polls": 1},
      "create": {"polls": 3, "outcome": "FAILED",
                 "reason": "No valid host was found.",
                 "resource": "kube_masters"},
      "delete": {"raise": "Stack is locked.",
                 "raise_type": "OperationInProgress"},
      "update": {"never_finish": true},
      "resize": {"seconds": 30},
      "health": {"status": "UNHEALTHY", "reason": {"api": "down"}},
      "clusters": {"<cluster name or uuid>": {"create": {"polls": 0}}}
    }

An operation's settings are merged from, lowest first: the built-in
defaults, ``default``, the operation's entry, then the same two entries
under ``clusters`` for the cluster concerned. Settings:

``polls``
    Status polls that still answer ``*_IN_PROGRESS`` before the outcome
    is reported (0: the first poll reports it). Default 1.
``seconds``
    Instead of ``polls``: seconds after the call before the outcome is
    reported.
``outcome``
    ``COMPLETE`` (default) or ``FAILED``.
``reason`` / ``resource``
    For ``FAILED``: the status reason, and the name of the failed resource
    reported in the cluster's faults.
``raise`` / ``raise_type``
    Make the call itself raise, with this message; ``raise_type`` names an
    exception class of ``magnum.common.exception`` (default: a 500 error).
``never_finish``
    Answer ``*_IN_PROGRESS`` forever.
``hold_until`` / ``hold_timeout``
    Keep the call itself from returning until a file exists at the path
    ``hold_until`` (the call is recorded first, so a test sees it has
    started). After ``hold_timeout`` seconds (default 60) without the
    file, the call raises instead. Lets a test look at the conductor while
    a driver call is under way.

The settings of an operation are fixed when it is called; editing the file
afterwards affects later calls only.
"""

import dataclasses
import os
import time

from magnum.common import exception
from magnum.drivers.fake import files

OPERATIONS = (
    'create', 'update', 'delete', 'resize', 'upgrade', 'nodegroup_create',
    'nodegroup_update', 'nodegroup_delete', 'rotate_ca', 'rotate_credential',
    'pre_delete',
)
OUTCOMES = ('COMPLETE', 'FAILED')
DEFAULT_HOLD_TIMEOUT = 60
_HOLD_CHECK_INTERVAL = 0.01
_TOP_LEVEL = set(OPERATIONS) | {'default', 'health', 'clusters'}


class FakeDriverError(exception.MagnumException):
    """An error the fake driver was told to raise."""

    message = "%(reason)s"


class InvalidBehaviour(exception.MagnumException):
    message = "Invalid fake driver behaviour file %(path)s: %(reason)s"


@dataclasses.dataclass
class Plan:
    """How one call of an operation behaves."""

    polls: int = 1
    seconds: float = None
    outcome: str = 'COMPLETE'
    reason: str = None
    resource: str = None
    raise_message: str = None
    raise_type: str = None
    never_finish: bool = False
    hold_until: str = None
    hold_timeout: float = DEFAULT_HOLD_TIMEOUT

    _FILE_KEYS = {'polls': 'polls', 'seconds': 'seconds',
                  'outcome': 'outcome', 'reason': 'reason',
                  'resource': 'resource', 'raise': 'raise_message',
                  'raise_type': 'raise_type', 'never_finish': 'never_finish',
                  'hold_until': 'hold_until', 'hold_timeout': 'hold_timeout'}

    def hold(self):
        """Return once the ``hold_until`` file exists (at once without
        one); raise ``FakeDriverError`` after ``hold_timeout`` seconds."""
        if self.hold_until is None:
            return
        deadline = time.monotonic() + self.hold_timeout
        while not os.path.exists(self.hold_until):
            if time.monotonic() >= deadline:
                reason = ('held %s s and %s never appeared'
                          % (self.hold_timeout, self.hold_until))
                raise FakeDriverError(message=reason, reason=reason)
            time.sleep(_HOLD_CHECK_INTERVAL)

    def error(self):
        """The exception the call must raise, or ``None``."""
        if self.raise_message is None:
            return None
        cls = getattr(exception, self.raise_type or '', None)
        if not (isinstance(cls, type)
                and issubclass(cls, exception.MagnumException)):
            cls = FakeDriverError
        return cls(message=self.raise_message, reason=self.raise_message)

    def to_dict(self):
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data):
        return cls(**data)


class Behaviour:
    """The parsed behaviour file (empty when there is no file)."""

    def __init__(self, data=None, path=None):
        self.path = path
        self.data = {} if data is None else data
        self._check()

    @classmethod
    def load(cls, path):
        if not path:
            return cls()
        try:
            data = files.read_json(path, default={})
        except ValueError as exc:
            raise InvalidBehaviour(path=path, reason=exc)
        return cls(data, path)

    def _fail(self, reason):
        raise InvalidBehaviour(path=self.path, reason=reason)

    def _check(self):
        if not isinstance(self.data, dict):
            self._fail('the document must be a JSON object')
        unknown = set(self.data) - _TOP_LEVEL
        if unknown:
            self._fail('unknown keys %s' % sorted(unknown))
        clusters = self.data.get('clusters', {})
        if not isinstance(clusters, dict):
            self._fail('"clusters" must be an object')
        for section in [self.data] + list(clusters.values()):
            for key in set(OPERATIONS) | {'default'}:
                self._check_settings(key, section.get(key, {}))

    def _check_settings(self, name, settings):
        if not isinstance(settings, dict):
            self._fail('"%s" must be an object' % name)
        unknown = set(settings) - set(Plan._FILE_KEYS)
        if unknown:
            self._fail('unknown settings %s in "%s"' % (sorted(unknown), name))
        if settings.get('outcome', 'COMPLETE') not in OUTCOMES:
            self._fail('"outcome" of "%s" must be one of %s'
                       % (name, ', '.join(OUTCOMES)))
        if not isinstance(settings.get('hold_until', ''), str):
            self._fail('"hold_until" of "%s" must be a path' % name)
        timeout = settings.get('hold_timeout', DEFAULT_HOLD_TIMEOUT)
        if (isinstance(timeout, bool) or not isinstance(timeout, (int, float))
                or timeout <= 0):
            self._fail('"hold_timeout" of "%s" must be a positive number'
                       % name)

    def _sections(self, cluster):
        sections = [self.data]
        overrides = self.data.get('clusters', {})
        for key in (getattr(cluster, 'name', None),
                    getattr(cluster, 'uuid', None)):
            if key in overrides:
                sections.append(overrides[key])
        return sections

    def plan(self, operation, cluster):
        """The ``Plan`` for ``operation`` on ``cluster``."""
        settings = {}
        for section in self._sections(cluster):
            settings.update(section.get('default', {}))
            settings.update(section.get(operation, {}))
        return Plan(**{Plan._FILE_KEYS[key]: value
                       for key, value in settings.items()})

    def health(self, cluster):
        """``(status, reason)`` the fake monitor reports for ``cluster``."""
        health = {'status': 'HEALTHY', 'reason': {'api': 'ok'}}
        for section in self._sections(cluster):
            health.update(section.get('health', {}))
        return health['status'], dict(health['reason'])


def write(path, data):
    """Write a behaviour file atomically (for tests and scripts)."""
    Behaviour(data, path)
    files.write_json(path, data)
