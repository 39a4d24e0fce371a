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

"""A consistent hash ring sharing clusters between live conductors.

Every conductor builds the same ring from the same list of hosts, so
without talking to each other they agree on which one owns a cluster:
the owner of a key is the host of the first ring point at or after the
key's hash. Each host gets many points so the shares stay even, and a
host joining or leaving moves only the keys next to its own points.
"""

import bisect
import hashlib
import threading

# Points per host; more gives evener shares at the cost of a bigger ring.
DEFAULT_REPLICAS = 64


def _hash(text):
    digest = hashlib.md5(text.encode('utf-8'), usedforsecurity=False)
    return int.from_bytes(digest.digest()[:8], 'big')


class HashRing:
    """An immutable ring over hosts."""

    def __init__(self, hosts, replicas=DEFAULT_REPLICAS):
        self.hosts = frozenset(hosts)
        points = sorted((_hash('%s-%d' % (host, index)), host)
                        for host in self.hosts for index in range(replicas))
        self._keys = [point for point, _ in points]
        self._hosts = [host for _, host in points]

    def get_host(self, key):
        """The host owning key, or None on an empty ring."""
        if not self._keys:
            return None
        index = bisect.bisect(self._keys, _hash(key))
        return self._hosts[index % len(self._hosts)]

    def owns(self, host, key):
        return self.get_host(key) == host


class RingCache:
    """Keeps the ring of the last membership; rebuilt when it changes."""

    def __init__(self, replicas=DEFAULT_REPLICAS):
        self._replicas = replicas
        self._lock = threading.Lock()
        self._ring = HashRing((), replicas)

    def get(self, hosts):
        hosts = frozenset(hosts)
        with self._lock:
            if hosts != self._ring.hosts:
                self._ring = HashRing(hosts, self._replicas)
            return self._ring
