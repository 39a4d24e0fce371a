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

"""The conductor's RPC endpoint: the server side of ``conductor.api``.

Each method has the name and arguments of its client counterpart. Cluster,
nodegroup, certificate, credential and federation methods hand over to
``handlers``, an object with methods of the same names and arguments (the
workflows); the endpoint itself only answers pings and object indirection.

Methods run on oslo.messaging's threading executor; handlers must return
quickly and leave long work to their own bounded worker pool.

Magnum's own exceptions are marked as expected: oslo.messaging then returns
them to a caller without logging a traceback. Through the RPC dispatcher
callers see the original exception; calling these methods directly (not
through RPC) raises ``oslo_messaging.ExpectedException`` wrapping it.
"""

import functools

import oslo_messaging as messaging

from magnum.common import exception
from magnum.conductor import api as conductor_api
from magnum.objects import base as objects_base


def _expected(func):
    # functools.wraps keeps the signature visible (oslo's wrapper does not).
    return functools.wraps(func)(
        messaging.expected_exceptions(exception.MagnumException)(func))


class ConductorEndpoint:

    target = messaging.Target(version=conductor_api.RPC_API_VERSION)

    def __init__(self, handlers=None):
        self.handlers = handlers

    def _handler(self, name):
        if self.handlers is None:
            raise NotImplementedError(
                'The conductor has no handler for %s.' % name)
        return getattr(self.handlers, name)

    # Clusters

    @_expected
    def cluster_create(self, context, cluster, master_count, node_count,
                       create_timeout):
        return self._handler('cluster_create')(
            context, cluster, master_count, node_count, create_timeout)

    @_expected
    def cluster_update(self, context, cluster, node_count, health_status,
                       health_status_reason, rollback=False):
        return self._handler('cluster_update')(
            context, cluster, node_count, health_status,
            health_status_reason, rollback=rollback)

    @_expected
    def cluster_delete(self, context, uuid):
        return self._handler('cluster_delete')(context, uuid)

    @_expected
    def cluster_force_delete(self, context, uuid):
        return self._handler('cluster_force_delete')(context, uuid)

    @_expected
    def cluster_resize(self, context, cluster, node_count, nodes_to_remove,
                       nodegroup):
        return self._handler('cluster_resize')(
            context, cluster, node_count, nodes_to_remove, nodegroup)

    @_expected
    def cluster_upgrade(self, context, cluster, cluster_template,
                        max_batch_size, nodegroup, rollback=False):
        return self._handler('cluster_upgrade')(
            context, cluster, cluster_template, max_batch_size, nodegroup,
            rollback=rollback)

    # Nodegroups

    @_expected
    def nodegroup_create(self, context, cluster, nodegroup):
        return self._handler('nodegroup_create')(context, cluster, nodegroup)

    @_expected
    def nodegroup_update(self, context, cluster, nodegroup):
        return self._handler('nodegroup_update')(context, cluster, nodegroup)

    @_expected
    def nodegroup_delete(self, context, cluster, nodegroup):
        return self._handler('nodegroup_delete')(context, cluster, nodegroup)

    # Certificates and credentials

    @_expected
    def sign_certificate(self, context, cluster, certificate):
        return self._handler('sign_certificate')(context, cluster,
                                                 certificate)

    @_expected
    def get_ca_certificate(self, context, cluster, ca_cert_type=None):
        return self._handler('get_ca_certificate')(
            context, cluster, ca_cert_type=ca_cert_type)

    @_expected
    def rotate_ca_certificate(self, context, cluster):
        return self._handler('rotate_ca_certificate')(context, cluster)

    @_expected
    def credential_rotate(self, context, cluster):
        return self._handler('credential_rotate')(context, cluster)

    # Federations

    @_expected
    def federation_create(self, context, federation, create_timeout):
        return self._handler('federation_create')(context, federation,
                                                  create_timeout)

    @_expected
    def federation_update(self, context, federation, rollback=False):
        return self._handler('federation_update')(context, federation,
                                                  rollback=rollback)

    @_expected
    def federation_delete(self, context, uuid):
        return self._handler('federation_delete')(context, uuid)

    # Versioned-object indirection

    @_expected
    def object_class_action_versions(self, context, objname, objmethod,
                                     object_versions, args, kwargs):
        """Run classmethod ``objmethod`` of ``objname``; an object result
        is downgraded to what the caller's ``object_versions`` knows."""
        objclass = objects_base.MagnumObject.obj_class_from_name(
            objname, object_versions[objname])
        result = getattr(objclass, objmethod)(context, *args, **kwargs)
        if isinstance(result, objects_base.MagnumObject):
            return _backport(result, object_versions)
        return result

    @_expected
    def object_action(self, context, objinst, objmethod, args, kwargs):
        """Run method ``objmethod`` on ``objinst``; return the fields it
        changed (as primitives, with ``obj_what_changed``) and the result,
        for the caller to apply to its own copy."""
        before = objinst.obj_clone()
        result = getattr(objinst, objmethod)(*args, **kwargs)
        updates = {}
        for name, field in objinst.fields.items():
            if not objinst.obj_attr_is_set(name):
                continue
            value = getattr(objinst, name)
            if (not before.obj_attr_is_set(name)
                    or getattr(before, name) != value):
                updates[name] = field.to_primitive(objinst, name, value)
        updates['obj_what_changed'] = objinst.obj_what_changed()
        return updates, result

    @_expected
    def object_backport_versions(self, context, objinst, object_versions):
        """``objinst`` as a primitive at the versions the caller knows."""
        return _backport(objinst, object_versions)

    # Liveness

    def ping_conductor(self, context):
        return True


def _backport(obj, object_versions):
    return obj.obj_to_primitive(
        target_version=object_versions[obj.obj_name()],
        version_manifest=object_versions)
