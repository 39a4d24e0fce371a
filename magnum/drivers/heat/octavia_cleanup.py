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

"""Removing the Octavia load balancers a cluster's cloud provider made.

Kubernetes ``LoadBalancer`` Services get Octavia load balancers whose
description names the cluster (``Kubernetes external service ... from
cluster <uuid>``). They sit on the cluster's network, so Heat cannot
delete the stack while they exist: before the stack delete, each one is
deleted (cascade) and then awaited until Octavia no longer has it, for up
to ``[cluster] pre_delete_lb_timeout`` seconds in all. One still there
after that, or gone to ``ERROR``, fails the cluster delete with a reason
naming it; deleting the cluster again starts over.
"""

import re
import time

from keystoneauth1 import adapter as ks_adapter
from keystoneauth1 import exceptions as ks_exc

from magnum.common import clients
from magnum.common import exception
import magnum.conf

CONF = magnum.conf.CONF

LB_PATH = '/v2/lbaas/loadbalancers'
DESCRIPTION = 'Kubernetes .+ from cluster %s'

# Polling starts fast (the common case is a load balancer gone within a
# second) and backs off to this.
_FIRST_POLL = 0.2
_MAX_POLL = 2.0


def lbs_to_delete(loadbalancers, pattern):
    """The load balancers whose description matches ``pattern``."""
    return [lb for lb in loadbalancers
            if pattern.match(lb.get('description') or '')]


def _describe(lb):
    name = lb.get('name')
    text = 'load balancer %s' % lb['id']
    return '%s (%s)' % (text, name) if name else text


def _adapter(session):
    group = CONF.octavia_client
    return ks_adapter.Adapter(
        session, service_type='load-balancer',
        interface=clients._interface(group.endpoint_type or 'publicURL'),
        region_name=group.region_name)


def _has_octavia(lbaas):
    try:
        return lbaas.get_endpoint() is not None
    except ks_exc.EndpointNotFound:
        return False


def delete_load_balancers(session, cluster_uuid, timeout=None):
    """Delete the cluster's load balancers and wait until they are gone.

    Does nothing when the catalog has no load-balancer service. Raises
    ``PreDeletionFailed`` naming the load balancer that Octavia refused to
    delete, put in ``ERROR``, or still had after ``timeout`` seconds
    (default ``[cluster] pre_delete_lb_timeout``).
    """
    lbaas = _adapter(session)
    if not _has_octavia(lbaas):
        return

    def failed(message):
        return exception.PreDeletionFailed(cluster_uuid=cluster_uuid,
                                           msg=message)

    if timeout is None:
        timeout = CONF.cluster.pre_delete_lb_timeout
    deadline = time.monotonic() + timeout
    try:
        listed = lbaas.get(LB_PATH).json().get('loadbalancers', [])
    except ks_exc.ClientException as error:
        raise failed('listing load balancers: %s' % error)
    pattern = re.compile(DESCRIPTION % re.escape(cluster_uuid))
    pending = {lb['id']: lb for lb in lbs_to_delete(listed, pattern)}
    for lb in list(pending.values()):
        if lb.get('provisioning_status') == 'PENDING_DELETE':
            continue
        try:
            lbaas.delete('%s/%s' % (LB_PATH, lb['id']),
                         params={'cascade': 'true'})
        except ks_exc.NotFound:
            pending.pop(lb['id'])
        except ks_exc.Conflict:
            pass    # busy (PENDING_UPDATE, ...): Octavia takes it later
        except ks_exc.ClientException as error:
            raise failed('deleting %s: %s' % (_describe(lb), error))
    _wait_gone(lbaas, pending, deadline, timeout, failed)


def _wait_gone(lbaas, pending, deadline, timeout, failed):
    interval = _FIRST_POLL
    while pending:
        for lb_id in list(pending):
            try:
                lb = lbaas.get('%s/%s' % (LB_PATH, lb_id)).json().get(
                    'loadbalancer') or {}
            except ks_exc.NotFound:
                pending.pop(lb_id)
                continue
            except ks_exc.ClientException as error:
                raise failed('reading %s: %s'
                             % (_describe(pending[lb_id]), error))
            status = lb.get('provisioning_status')
            if status == 'DELETED':
                pending.pop(lb_id)
            elif status == 'ERROR':
                raise failed('Octavia put %s in ERROR while deleting it'
                             % _describe(pending[lb_id]))
            else:
                pending[lb_id].update(lb)
        if not pending:
            return
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            names = ', '.join(
                '%s still %s' % (_describe(lb),
                                 lb.get('provisioning_status') or 'present')
                for lb in pending.values())
            raise failed('%s after waiting %ss for its deletion'
                         % (names, timeout))
        time.sleep(min(interval, remaining))
        interval = min(interval * 2, _MAX_POLL)
