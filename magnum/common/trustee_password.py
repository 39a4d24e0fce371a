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

"""A cluster trustee's password: made, sealed for the database, opened.

Sealed with the Fernet keys of ``[certificates] encryption_key`` when they
are set (the ``fernet:`` prefix marks a sealed value, so a key configured
later still reads passwords stored before); kept as it is otherwise.
"""

import secrets
import string

from magnum.common.cert_manager import encryption

_PREFIX = 'fernet:'
_ALPHABET = string.ascii_letters + string.digits
_LENGTH = 24
_WHAT = 'cluster trustee password'


def generate():
    """A fresh random password."""
    return ''.join(secrets.choice(_ALPHABET) for _ in range(_LENGTH))


def seal(password):
    """The value to store for ``password``."""
    if password is None or not encryption.configured():
        return password
    cipher = encryption.get_cipher(_WHAT)
    return _PREFIX + encryption.encrypt(cipher, password)


def reveal(stored):
    """The password behind a stored value."""
    if not stored or not stored.startswith(_PREFIX):
        return stored
    cipher = encryption.get_cipher(_WHAT)
    return encryption.decrypt(cipher, stored[len(_PREFIX):], _WHAT, _WHAT)
