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

"""Deadlines: nothing stays in progress for ever.

* CREATE_IN_PROGRESS may last the cluster's create_timeout
  minutes, counted from created_at: the conductor inserts the row when
  the create starts. A missing or non-positive create_timeout falls back
  to [conductor] in_progress_timeout.
* Any other *_IN_PROGRESS may last [conductor] in_progress_timeout
  seconds, counted from updated_at (created_at if never updated).
  The status sync leaves updated_at alone when it writes a cluster
  whose status stays the same (a new reason or address list), so
  updated_at is the moment the operation set the status.

Past its deadline a cluster (and each of its in-progress nodegroups) goes
to the matching *_FAILED with a reason saying how long was waited.
"""

import datetime

from oslo_utils import timeutils

import magnum.conf
from magnum.objects import fields

CONF = magnum.conf.CONF

_IN_PROGRESS = '_IN_PROGRESS'


def _aware(value):
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    return value


def limit_seconds(cluster):
    """How long cluster's current in-progress status may last."""
    if cluster.status == fields.ClusterStatus.CREATE_IN_PROGRESS:
        minutes = cluster.create_timeout
        if minutes is not None and minutes > 0:
            return minutes * 60
    return CONF.conductor.in_progress_timeout


def started_at(cluster):
    if cluster.status == fields.ClusterStatus.CREATE_IN_PROGRESS:
        return _aware(cluster.created_at)
    return _aware(cluster.updated_at or cluster.created_at)


def failed_status(status):
    """CREATE_IN_PROGRESS -> CREATE_FAILED and so on."""
    return status[:-len(_IN_PROGRESS)] + '_FAILED'


def reason(status, seconds):
    operation = status[:-len(_IN_PROGRESS)].lower()
    return ('Timed out after %d seconds waiting for %s to finish'
            % (seconds, operation))


def expired(cluster, now=None):
    """(failed_status, reason) when cluster is past its deadline,
    else None."""
    status = cluster.status
    if status not in fields.ClusterStatus.IN_PROGRESS:
        return None
    start = started_at(cluster)
    if start is None:
        return None
    seconds = limit_seconds(cluster)
    now = now or timeutils.utcnow(with_timezone=True)
    if (now - start).total_seconds() < seconds:
        return None
    return failed_status(status), reason(status, seconds)
