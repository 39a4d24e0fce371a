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

"""A status sync pass pauses the cyclic garbage collector and leaves it
as it found it, also when the pass fails."""

import gc

import pytest

from magnum.conductor import status_sync


class _Failing(status_sync.StatusSync):
    seen = None

    def ring(self, now=None):
        type(self).seen = gc.isenabled()
        raise RuntimeError('boom')


@pytest.fixture
def collector():
    was = gc.isenabled()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_paused_during_the_pass_and_enabled_after(collector):
    gc.enable()
    sync = _Failing('host', context=None)
    with pytest.raises(RuntimeError):
        sync.run()
    assert _Failing.seen is False
    assert gc.isenabled()


def test_left_disabled_when_it_was(collector):
    gc.disable()
    sync = _Failing('host', context=None)
    with pytest.raises(RuntimeError):
        sync.run()
    assert not gc.isenabled()
