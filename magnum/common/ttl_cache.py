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

"""A small thread-safe cache whose entries expire and whose size is
bounded (the entry closest to expiry goes first)."""

import threading
import time


class TTLCache:

    def __init__(self, ttl, max_entries, clock=time.monotonic):
        self.ttl = ttl
        self.max_entries = max_entries
        self._clock = clock
        self._lock = threading.Lock()
        self._entries = {}   # key -> (expires at, value)

    def get_or_make(self, key, make):
        """The live value under ``key``; else ``make()``, stored. ``make``
        runs outside the lock (it may be slow); two callers racing on a
        missing key may both run it, and the later value is kept."""
        now = self._clock()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[0] > now:
                return entry[1]
        value = make()
        with self._lock:
            self._entries[key] = (self._clock() + self.ttl, value)
            self._trim(now)
        return value

    def forget(self, match):
        """Drop the entries whose key ``match(key)`` accepts."""
        with self._lock:
            for key in [key for key in self._entries if match(key)]:
                del self._entries[key]

    def __len__(self):
        with self._lock:
            return len(self._entries)

    def _trim(self, now):
        for key in [key for key, (expires, _) in self._entries.items()
                    if expires <= now]:
            del self._entries[key]
        while len(self._entries) > self.max_entries:
            oldest = min(self._entries, key=lambda k: self._entries[k][0])
            del self._entries[oldest]
