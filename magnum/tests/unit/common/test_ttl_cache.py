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

"""The expiring, bounded cache."""

from magnum.common import ttl_cache


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def maker(values):
    def make():
        values.append(object())
        return values[-1]
    return make


def test_value_is_made_once_while_live():
    made = []
    cache = ttl_cache.TTLCache(10, 5, clock=Clock())
    first = cache.get_or_make('a', maker(made))
    assert cache.get_or_make('a', maker(made)) is first
    assert len(made) == 1


def test_value_is_made_again_after_expiry():
    clock, made = Clock(), []
    cache = ttl_cache.TTLCache(10, 5, clock=clock)
    first = cache.get_or_make('a', maker(made))
    clock.now += 10
    assert cache.get_or_make('a', maker(made)) is not first
    assert len(made) == 2


def test_keys_are_separate_and_forget_drops_matches():
    made = []
    cache = ttl_cache.TTLCache(10, 5, clock=Clock())
    a = cache.get_or_make(('t1', None), maker(made))
    b = cache.get_or_make(('t2', None), maker(made))
    assert a is not b
    cache.forget(lambda key: key[0] == 't1')
    assert len(cache) == 1
    assert cache.get_or_make(('t2', None), maker(made)) is b
    assert cache.get_or_make(('t1', None), maker(made)) is not a


def test_size_is_bounded_dropping_the_oldest():
    clock, made = Clock(), []
    cache = ttl_cache.TTLCache(10, 2, clock=clock)
    first = cache.get_or_make('a', maker(made))
    clock.now += 1
    cache.get_or_make('b', maker(made))
    clock.now += 1
    cache.get_or_make('c', maker(made))
    assert len(cache) == 2
    assert cache.get_or_make('a', maker(made)) is not first
