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

"""Test helpers for both sides of the conductor RPC contract.

``RecordingHandlers`` stands in for the workflows behind
``ConductorEndpoint``; ``METHODS`` lists every RPC method with how it is
sent and example arguments; ``make_objects`` builds in-memory objects (no
database) to send.
"""

import collections
import inspect
import threading

from oslo_utils import uuidutils

from magnum.conductor import manager
from magnum import objects
from magnum.objects import base as objects_base

CAST, CALL = 'cast', 'call'

# name -> (cast or call, function(objs) -> keyword arguments of the API).
METHODS = {
    'cluster_create': (CAST, lambda o: dict(
        cluster=o.cluster, master_count=3, node_count=5,
        create_timeout=60)),
    'cluster_update': (CAST, lambda o: dict(
        cluster=o.cluster, node_count=4, health_status='UNHEALTHY',
        health_status_reason={'api': 'down'}, rollback=True)),
    'cluster_delete': (CAST, lambda o: dict(uuid=o.cluster.uuid)),
    'cluster_force_delete': (CALL, lambda o: dict(uuid=o.cluster.uuid)),
    'cluster_resize': (CAST, lambda o: dict(
        cluster=o.cluster, node_count=2, nodes_to_remove=['n1', 'n2'],
        nodegroup=o.worker)),
    'cluster_upgrade': (CALL, lambda o: dict(
        cluster=o.cluster, cluster_template=o.template, max_batch_size=2,
        nodegroup=o.worker)),
    'nodegroup_create': (CAST, lambda o: dict(
        cluster=o.cluster, nodegroup=o.worker)),
    'nodegroup_update': (CAST, lambda o: dict(
        cluster=o.cluster, nodegroup=o.worker)),
    'nodegroup_delete': (CAST, lambda o: dict(
        cluster=o.cluster, nodegroup=o.worker)),
    'sign_certificate': (CALL, lambda o: dict(
        cluster=o.cluster, certificate=o.certificate)),
    'get_ca_certificate': (CALL, lambda o: dict(
        cluster=o.cluster, ca_cert_type='etcd')),
    'rotate_ca_certificate': (CALL, lambda o: dict(cluster=o.cluster)),
    'credential_rotate': (CALL, lambda o: dict(cluster=o.cluster)),
    'federation_create': (CAST, lambda o: dict(
        federation=o.federation, create_timeout=30)),
    'federation_update': (CAST, lambda o: dict(
        federation=o.federation, rollback=True)),
    'federation_delete': (CAST, lambda o: dict(uuid=o.federation.uuid)),
}

Call = collections.namedtuple('Call', 'name context arguments')


class RecordingHandlers:
    """Records every handler call; ``returns`` / ``raises`` map a method
    name to what it answers with. ``block`` names methods that wait for
    ``release`` (a threading.Event) before returning."""

    def __init__(self):
        self.calls = []
        self.returns = {}
        self.raises = {}
        self.block = set()
        self.release = threading.Event()
        self.entered = threading.Event()
        self._cond = threading.Condition()

    def __getattr__(self, name):
        if name not in METHODS:
            raise AttributeError(name)
        signature = inspect.signature(getattr(manager.ConductorEndpoint,
                                              name))

        def handler(context, *args, **kwargs):
            bound = signature.bind(None, context, *args, **kwargs)
            bound.apply_defaults()
            arguments = dict(bound.arguments)
            del arguments['self'], arguments['context']
            with self._cond:
                self.calls.append(Call(name, context, arguments))
                self._cond.notify_all()
            if name in self.block:
                self.entered.set()
                if not self.release.wait(30):
                    raise AssertionError('handler never released')
            if name in self.raises:
                raise self.raises[name]
            return self.returns.get(name)
        return handler

    def wait_for(self, count, timeout=10):
        """The calls once there are ``count`` of them (else fails)."""
        with self._cond:
            if not self._cond.wait_for(lambda: len(self.calls) >= count,
                                       timeout):
                raise AssertionError('%d handler calls after %ss, wanted %d: '
                                     '%s' % (len(self.calls), timeout, count,
                                             self.calls))
            return list(self.calls)


Objects = collections.namedtuple(
    'Objects', 'cluster master worker template certificate federation')


def make_objects(context):
    """A cluster with two nodegroups, its template, a CSR, a federation."""
    cluster_uuid = uuidutils.generate_uuid()
    template = objects.ClusterTemplate(
        context, uuid=uuidutils.generate_uuid(), name='k8s', coe='kubernetes',
        image_id='fedora-coreos', labels={'kube_tag': 'v1.30.1'},
        project_id=context.project_id)
    master = objects.NodeGroup(
        context, uuid=uuidutils.generate_uuid(), name='default-master',
        cluster_id=cluster_uuid, project_id=context.project_id,
        role='master', node_count=1, is_default=True,
        node_addresses=['10.0.0.1'], status='CREATE_COMPLETE')
    worker = objects.NodeGroup(
        context, uuid=uuidutils.generate_uuid(), name='default-worker',
        cluster_id=cluster_uuid, project_id=context.project_id,
        role='worker', node_count=2, is_default=True,
        node_addresses=['10.0.1.1', '10.0.1.2'],
        node_taints=[{'key': 'k', 'value': None, 'effect': 'NoSchedule'}],
        status='CREATE_COMPLETE')
    cluster = objects.Cluster(
        context, uuid=cluster_uuid, name='c1', project_id=context.project_id,
        user_id=context.user_id, cluster_template_id=template.uuid,
        status='CREATE_COMPLETE', labels={'a': 'b'}, create_timeout=60,
        health_status_reason={'api': 'ok'}, master_lb_enabled=True)
    cluster.nodegroups = [master, worker]
    certificate = objects.Certificate(
        context, cluster_uuid=cluster_uuid, project_id=context.project_id,
        user_id=context.user_id, csr='-----BEGIN CERTIFICATE REQUEST-----')
    federation = objects.Federation(
        context, uuid=uuidutils.generate_uuid(), name='fed',
        project_id=context.project_id, member_ids=[cluster_uuid])
    return Objects(cluster, master, worker, template, certificate,
                   federation)


def primitive(value):
    """``value`` with objects replaced by their primitives, to compare
    what was sent with what arrived."""
    if isinstance(value, objects_base.MagnumObject):
        return primitive(value.obj_to_primitive())
    if isinstance(value, dict):
        # The changed-field list comes from a set: its order means nothing.
        return {k: sorted(v) if k == 'magnum_object.changes' else
                primitive(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [primitive(v) for v in value]
    return value
