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

"""Field types of Magnum's objects: the enums and the value shapes.

Each enum is an oslo ``Enum`` type that also names its values as constants
(``ClusterStatus.CREATE_COMPLETE``) and lists them in ``ALL``; its ``*Field``
class makes a wrong value fail on assignment rather than in the database.
Oslo's own field classes (``StringField``, ``ListOfStringsField``, ...) are
used directly for the other shapes.
"""

from oslo_versionedobjects import fields


class ClusterStatus(fields.Enum):
    """Statuses of clusters and nodegroups; they mirror Heat's stack statuses."""

    CREATE_IN_PROGRESS = 'CREATE_IN_PROGRESS'
    CREATE_FAILED = 'CREATE_FAILED'
    CREATE_COMPLETE = 'CREATE_COMPLETE'
    UPDATE_IN_PROGRESS = 'UPDATE_IN_PROGRESS'
    UPDATE_FAILED = 'UPDATE_FAILED'
    UPDATE_COMPLETE = 'UPDATE_COMPLETE'
    DELETE_IN_PROGRESS = 'DELETE_IN_PROGRESS'
    DELETE_FAILED = 'DELETE_FAILED'
    DELETE_COMPLETE = 'DELETE_COMPLETE'
    RESUME_COMPLETE = 'RESUME_COMPLETE'
    RESUME_FAILED = 'RESUME_FAILED'
    RESTORE_COMPLETE = 'RESTORE_COMPLETE'
    ROLLBACK_IN_PROGRESS = 'ROLLBACK_IN_PROGRESS'
    ROLLBACK_FAILED = 'ROLLBACK_FAILED'
    ROLLBACK_COMPLETE = 'ROLLBACK_COMPLETE'
    SNAPSHOT_COMPLETE = 'SNAPSHOT_COMPLETE'
    CHECK_COMPLETE = 'CHECK_COMPLETE'
    ADOPT_COMPLETE = 'ADOPT_COMPLETE'

    ALL = (CREATE_IN_PROGRESS, CREATE_FAILED, CREATE_COMPLETE,
           UPDATE_IN_PROGRESS, UPDATE_FAILED, UPDATE_COMPLETE,
           DELETE_IN_PROGRESS, DELETE_FAILED, DELETE_COMPLETE,
           RESUME_COMPLETE, RESUME_FAILED, RESTORE_COMPLETE,
           ROLLBACK_IN_PROGRESS, ROLLBACK_FAILED, ROLLBACK_COMPLETE,
           SNAPSHOT_COMPLETE, CHECK_COMPLETE, ADOPT_COMPLETE)

    STATUS_FAILED = (CREATE_FAILED, UPDATE_FAILED, DELETE_FAILED,
                     ROLLBACK_FAILED, RESUME_FAILED)
    IN_PROGRESS = (CREATE_IN_PROGRESS, UPDATE_IN_PROGRESS,
                   DELETE_IN_PROGRESS, ROLLBACK_IN_PROGRESS)
    COMPLETE = (CREATE_COMPLETE, UPDATE_COMPLETE, DELETE_COMPLETE,
                RESUME_COMPLETE, RESTORE_COMPLETE, ROLLBACK_COMPLETE,
                SNAPSHOT_COMPLETE, CHECK_COMPLETE, ADOPT_COMPLETE)
    # A cluster in one of these may start a new operation.
    STABLE = COMPLETE + STATUS_FAILED

    def __init__(self):
        super().__init__(valid_values=ClusterStatus.ALL)


class ClusterHealthStatus(fields.Enum):
    HEALTHY = 'HEALTHY'
    UNHEALTHY = 'UNHEALTHY'
    UNKNOWN = 'UNKNOWN'

    ALL = (HEALTHY, UNHEALTHY, UNKNOWN)

    def __init__(self):
        super().__init__(valid_values=ClusterHealthStatus.ALL)


class FederationStatus(fields.Enum):
    CREATE_IN_PROGRESS = 'CREATE_IN_PROGRESS'
    CREATE_FAILED = 'CREATE_FAILED'
    CREATE_COMPLETE = 'CREATE_COMPLETE'
    UPDATE_IN_PROGRESS = 'UPDATE_IN_PROGRESS'
    UPDATE_FAILED = 'UPDATE_FAILED'
    UPDATE_COMPLETE = 'UPDATE_COMPLETE'
    DELETE_IN_PROGRESS = 'DELETE_IN_PROGRESS'
    DELETE_FAILED = 'DELETE_FAILED'
    DELETE_COMPLETE = 'DELETE_COMPLETE'

    ALL = (CREATE_IN_PROGRESS, CREATE_FAILED, CREATE_COMPLETE,
           UPDATE_IN_PROGRESS, UPDATE_FAILED, UPDATE_COMPLETE,
           DELETE_IN_PROGRESS, DELETE_FAILED, DELETE_COMPLETE)

    STATUS_FAILED = (CREATE_FAILED, UPDATE_FAILED, DELETE_FAILED)
    IN_PROGRESS = (CREATE_IN_PROGRESS, UPDATE_IN_PROGRESS,
                   DELETE_IN_PROGRESS)
    COMPLETE = (CREATE_COMPLETE, UPDATE_COMPLETE, DELETE_COMPLETE)

    def __init__(self):
        super().__init__(valid_values=FederationStatus.ALL)


class MagnumServiceState(fields.Enum):
    UP = 'up'
    DOWN = 'down'

    ALL = (UP, DOWN)

    def __init__(self):
        super().__init__(valid_values=MagnumServiceState.ALL)


class MagnumServiceBinary(fields.Enum):
    MAGNUM_CONDUCTOR = 'magnum-conductor'

    ALL = (MAGNUM_CONDUCTOR,)

    def __init__(self):
        super().__init__(valid_values=MagnumServiceBinary.ALL)


class ServerType(fields.Enum):
    VM = 'vm'
    BM = 'bm'

    ALL = (VM, BM)

    def __init__(self):
        super().__init__(valid_values=ServerType.ALL)


class QuotaResourceName(fields.Enum):
    CLUSTER = 'Cluster'

    ALL = (CLUSTER,)

    def __init__(self):
        super().__init__(valid_values=QuotaResourceName.ALL)


class SecretString(fields.String):
    """A string that never shows in logs or reprs.

    oslo's ``SensitiveString`` only masks ``password=...`` patterns inside
    the text; a private key or passphrase has to be hidden whole.
    """

    def stringify(self, value):
        return "'***'"


class ClusterStatusField(fields.BaseEnumField):
    AUTO_TYPE = ClusterStatus()


class ClusterHealthStatusField(fields.BaseEnumField):
    AUTO_TYPE = ClusterHealthStatus()


class FederationStatusField(fields.BaseEnumField):
    AUTO_TYPE = FederationStatus()


class MagnumServiceStateField(fields.BaseEnumField):
    AUTO_TYPE = MagnumServiceState()


class MagnumServiceBinaryField(fields.BaseEnumField):
    AUTO_TYPE = MagnumServiceBinary()


class ServerTypeField(fields.BaseEnumField):
    AUTO_TYPE = ServerType()


class QuotaResourceNameField(fields.BaseEnumField):
    AUTO_TYPE = QuotaResourceName()


class DictOfStringsField(fields.DictOfStringsField):
    """A dict whose values are coerced to strings on assignment.

    Labels are given as JSON scalars (``true``, ``3``, ``"x"``) but stored
    and returned as strings, so ``{"a": 3}`` reads back as ``{"a": "3"}``.
    """


class SecretStringField(fields.AutoTypedField):
    AUTO_TYPE = SecretString()
