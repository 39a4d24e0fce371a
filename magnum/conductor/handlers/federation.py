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

"""Federations: recorded here, built by the host cluster's driver.

No in-tree driver builds federations (upstream never implemented them).
So that a request is never lost silently, the federation row is written
and the host cluster's driver asked; a driver without federation support
leaves ``CREATE_FAILED`` / ``UPDATE_FAILED`` with its reason. Deleting a
federation no driver built just removes the row. Federation work is short
and not reserved: it changes no cluster.
"""

from oslo_log import log as logging

from magnum.common import exception
from magnum.conductor.handlers import common
from magnum import objects
from magnum.objects import fields

LOG = logging.getLogger(__name__)
F = fields.FederationStatus


def _driver(context, federation):
    host = common.load_cluster(federation.hostcluster_id)
    return common.get_driver(context, host)


def _attempt(context, federation, call, action):
    try:
        getattr(_driver(context, federation), call)(context, federation)
    except (NotImplementedError, exception.MagnumException) as error:
        LOG.info('Federation %s: %s', federation.uuid, error)
        federation.status = action + '_FAILED'
        federation.status_reason = common.reason_of(error)
        federation.save()
        return False
    federation.save()
    return True


def federation_create(runtime, context, federation, create_timeout):
    federation.status = F.CREATE_IN_PROGRESS
    federation.status_reason = None
    federation.create()
    _attempt(context, federation, 'create_federation', 'CREATE')


def federation_update(runtime, context, federation, rollback=False):
    stored = objects.Federation.get_by_uuid(common.admin_context(),
                                            federation.uuid)
    for name in ('member_ids', 'properties', 'name'):
        if name in federation.obj_what_changed():
            setattr(stored, name, getattr(federation, name))
    stored.status = F.UPDATE_IN_PROGRESS
    stored.status_reason = None
    stored.save()
    _attempt(context, stored, 'update_federation', 'UPDATE')


def federation_delete(runtime, context, uuid):
    stored = objects.Federation.get_by_uuid(common.admin_context(), uuid)
    try:
        _driver(context, stored).delete_federation(context, stored)
    except (NotImplementedError, exception.ClusterNotFound):
        # Nothing was ever built for it (or its host is gone).
        stored.destroy()
        return
    except exception.MagnumException as error:
        stored.status = F.DELETE_FAILED
        stored.status_reason = common.reason_of(error)
        stored.save()
        return
    stored.status = F.DELETE_IN_PROGRESS
    stored.status_reason = None
    stored.save()
