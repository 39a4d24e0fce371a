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

"""Column types: dicts and lists stored as JSON text.

The text is MEDIUMTEXT on MySQL/MariaDB (plain TEXT stops at 64 KiB, too
little for a big ``labels`` or ``health_status_reason``) and TEXT elsewhere.
"""

import json

import sqlalchemy as sa
from sqlalchemy.dialects import mysql


def json_text():
    """The storage type of a JSON column, as migrations must create it."""
    return sa.Text().with_variant(mysql.MEDIUMTEXT(), 'mysql')


class _JsonEncoded(sa.types.TypeDecorator):
    impl = sa.Text
    cache_ok = True
    python_type = None

    def load_dialect_impl(self, dialect):
        if dialect.name == 'mysql':
            return dialect.type_descriptor(mysql.MEDIUMTEXT())
        return dialect.type_descriptor(sa.Text())

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if not isinstance(value, self.python_type):
            raise TypeError('%s expects a %s, got %r'
                            % (type(self).__name__,
                               self.python_type.__name__, value))
        return json.dumps(value)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return json.loads(value)


class JSONEncodedDict(_JsonEncoded):
    """A ``dict`` kept as JSON text."""

    cache_ok = True  # SQLAlchemy asks every subclass to opt in itself
    python_type = dict


class JSONEncodedList(_JsonEncoded):
    """A ``list`` kept as JSON text."""

    cache_ok = True
    python_type = list
