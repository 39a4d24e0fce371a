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

"""The base of drivers that build clusters as Heat stacks.

A COE driver subclasses ``HeatDriver`` and answers
``get_template_definition()`` (and, for extra nodegroups,
``get_nodegroup_template_definition()``); the stack life cycle, the bulk
status sync and the clean-up are here.

Who acts (see ``magnum.common.keystone``): stacks are *created* with the
caller's own token, because Heat creates its own trust from the token and
a trust-scoped token cannot do that; at cluster creation Magnum also takes
a trust from the caller, and every later operation on the cluster's
stacks (update, resize, delete, delete retries, reading outputs and
failures) acts through that trust as the owner. The status sync lists the
stacks of all its clusters in one Heat call as Magnum's service user.
"""

import abc
import collections
import re
import threading

from heatclient import client as heat_client
from heatclient.common import template_utils
from heatclient import exc as heat_exc
from keystoneauth1 import adapter as ks_adapter
from keystoneauth1 import exceptions as ks_exc
from oslo_log import log as logging

from magnum.common import exception
from magnum.common import keystone
from magnum.drivers.common import driver
from magnum.drivers.heat import status as heat_status
from magnum.drivers.heat import template_def
import magnum.conf

CONF = magnum.conf.CONF
LOG = logging.getLogger(__name__)
S = heat_status.S

#: Tag put on every stack Magnum creates.
STACK_TAG = 'magnum-cluster'

# Stack ids per list request: each adds ~40 characters to the URL, and
# servers commonly refuse request lines above 4 KiB.
LIST_CHUNK = 80

# How deep failed resources are searched for in nested stacks.
FAILURE_NESTED_DEPTH = 5

_LB_DESCRIPTION = 'Kubernetes .+ from cluster %s'


def heat_message(error):
    """The message Heat put in an error answer."""
    body = getattr(error, 'error', None)
    if isinstance(body, dict):
        message = (body.get('error') or {}).get('message')
        if message:
            return str(message)
    text = str(error)
    return text[len('ERROR: '):] if text.startswith('ERROR: ') else text


def _stack_error(error, action, stack):
    return exception.HeatStackError(
        code=getattr(error, 'code', None) or 500, action=action,
        stack=stack, reason=heat_message(error))


def _interface(endpoint_type):
    if endpoint_type and endpoint_type.endswith('URL'):
        return endpoint_type[:-len('URL')]
    return endpoint_type or 'public'


def heat_client_for(session):
    """A heatclient on ``session``, with ``[heat_client]``'s settings."""
    group = CONF.heat_client
    kwargs = {'service_type': 'orchestration',
              'interface': _interface(group.endpoint_type)}
    if group.region_name:
        kwargs['region_name'] = group.region_name
    return heat_client.Client(group.api_version or '1', session=session,
                              **kwargs)


def render_stack_files(template_path, env_files):
    """``(template, files, environment)`` for a stack create/update.

    Nested templates and ``get_file`` fragments referenced from the
    template and the environments are read from disk into ``files``.
    """
    files, template = template_utils.process_template_path(template_path)
    env_map, environment = (
        template_utils.process_multiple_environments_and_files(
            env_paths=env_files or []))
    files.update(env_map)
    return template, files, environment


class HeatDriver(driver.Driver):
    """A driver whose clusters are Heat stacks."""

    def __init__(self):
        self._lock = threading.Lock()
        self._delete_attempts = collections.Counter()

    # --- what subclasses provide ----------------------------------------------

    @abc.abstractmethod
    def get_template_definition(self):
        """The ``HeatTemplateDefinition`` of the cluster stack."""

    def get_nodegroup_template_definition(self):
        """The definition of an extra nodegroup's stack, or ``None`` when
        the driver builds no extra nodegroups."""
        return None

    # --- sessions -------------------------------------------------------------

    def _owner_session(self, context, cluster):
        """Acting as the cluster's owner: its trust, else the caller."""
        if template_def.attr(cluster, 'trust_id'):
            return keystone.trust_session(cluster.trust_id)
        if context is not None and context.auth_token:
            return keystone.user_session(context)
        return keystone.service_session()

    def _creator_session(self, context, cluster):
        if context is not None and context.auth_token:
            return keystone.user_session(context)
        return self._owner_session(context, cluster)

    # --- stack operations -----------------------------------------------------

    def _create_stack(self, heat, definition, context, cluster,
                      stack_name, timeout, **kwargs):
        template_path, params, env_files = definition.extract_definition(
            context, cluster.cluster_template, cluster, **kwargs)
        template, files, environment = render_stack_files(template_path,
                                                          env_files)
        fields = {
            'stack_name': stack_name,
            'parameters': params,
            'template': template,
            'files': files,
            'environment': environment,
            'disable_rollback': True,
            'tags': STACK_TAG,
        }
        if timeout:
            fields['timeout_mins'] = timeout
        try:
            created = heat.stacks.create(**fields)
        except heat_exc.HTTPException as error:
            raise _stack_error(error, 'create', stack_name)
        return created['stack']['id']

    def _update_stack(self, heat, stack_id, params, rollback=False):
        try:
            heat.stacks.update(stack_id, existing=True, parameters=params,
                               disable_rollback=not rollback)
        except heat_exc.HTTPException as error:
            raise _stack_error(error, 'update', stack_id)

    @staticmethod
    def _delete_stack(heat, stack_id):
        """Ask Heat to delete a stack; True when it is already gone."""
        try:
            heat.stacks.delete(stack_id)
        except heat_exc.HTTPNotFound:
            return True
        except heat_exc.HTTPException as error:
            raise _stack_error(error, 'delete', stack_id)
        return False

    @staticmethod
    def _timeout(cluster_create_timeout, cluster):
        timeout = cluster_create_timeout
        if timeout is None:
            timeout = template_def.attr(cluster, 'create_timeout')
        if timeout is None:
            timeout = CONF.cluster_heat.create_timeout
        return timeout or None

    # --- cluster operations ---------------------------------------------------

    def create_cluster(self, context, cluster, cluster_create_timeout):
        if not cluster.trust_id and context.auth_token:
            cluster.trust_id = keystone.create_trust(
                context, cluster.project_id or context.project_id)
        heat = heat_client_for(self._creator_session(context, cluster))
        cluster.stack_id = self._create_stack(
            heat, self.get_template_definition(), context, cluster,
            template_def.cluster_stack_name(cluster),
            self._timeout(cluster_create_timeout, cluster))

    def _scale_params(self, definition, node_count, nodes_to_remove=None):
        params = {definition.node_count_param: node_count}
        if nodes_to_remove:
            params[definition.nodes_to_remove_param] = list(nodes_to_remove)
        return params

    def update_cluster(self, context, cluster, scale_manager=None,
                       rollback=False):
        worker = cluster.default_ng_worker
        definition = self.get_template_definition()
        nodes_to_remove = None
        if scale_manager is not None and hasattr(scale_manager,
                                                 'get_removal_nodes'):
            nodes_to_remove = scale_manager.get_removal_nodes(worker)
        heat = heat_client_for(self._owner_session(context, cluster))
        self._update_stack(
            heat, cluster.stack_id,
            self._scale_params(definition, worker.node_count,
                               nodes_to_remove),
            rollback=rollback)

    def resize_cluster(self, context, cluster, resize_manager, node_count,
                       nodes_to_remove, nodegroup=None):
        nodegroup = nodegroup or cluster.default_ng_worker
        self._resize_nodegroup(context, cluster, nodegroup, node_count,
                               nodes_to_remove)

    def _resize_nodegroup(self, context, cluster, nodegroup, node_count,
                          nodes_to_remove=None):
        stack_id = heat_status.nodegroup_stack_id(cluster, nodegroup)
        if nodegroup.is_default or stack_id == cluster.stack_id:
            definition = self.get_template_definition()
            if nodegroup.role == template_def.MASTER:
                params = {definition.master_count_param: node_count}
            else:
                params = self._scale_params(definition, node_count,
                                            nodes_to_remove)
        else:
            definition = self._nodegroup_definition()
            params = self._scale_params(definition, node_count,
                                        nodes_to_remove)
        if not stack_id:
            raise exception.InvalidState(
                'Nodegroup %s has no Heat stack to resize.' % nodegroup.name)
        heat = heat_client_for(self._owner_session(context, cluster))
        self._update_stack(heat, stack_id, params)

    def upgrade_cluster(self, context, cluster, cluster_template,
                        max_batch_size, nodegroup, scale_manager=None,
                        rollback=False):
        raise exception.NotSupported(
            operation='Upgrading a cluster that uses the Magnum Heat driver')

    def delete_cluster(self, context, cluster):
        heat = heat_client_for(self._owner_session(context, cluster))
        for ng in cluster.nodegroups or []:
            if ng.stack_id and ng.stack_id != cluster.stack_id:
                self._delete_stack(heat, ng.stack_id)
        if cluster.stack_id:
            self._delete_stack(heat, cluster.stack_id)

    # --- nodegroups -------------------------------------------------------------

    def _nodegroup_definition(self):
        definition = self.get_nodegroup_template_definition()
        if definition is None:
            raise exception.NotSupported(
                operation='Extra nodegroups on this cluster type')
        return definition

    def _cluster_stack(self, heat, cluster):
        try:
            return template_def.stack_as_dict(
                heat.stacks.get(cluster.stack_id))
        except heat_exc.HTTPException as error:
            raise _stack_error(error, 'read', cluster.stack_id)

    def create_nodegroup(self, context, cluster, nodegroup):
        definition = self._nodegroup_definition()
        owner = heat_client_for(self._owner_session(context, cluster))
        outputs = template_def.stack_output_values(
            self._cluster_stack(owner, cluster))
        inputs = {param: outputs[output]
                  for param, output in definition.cluster_stack_inputs.items()
                  if outputs.get(output) is not None}
        heat = heat_client_for(self._creator_session(context, cluster))
        nodegroup.stack_id = self._create_stack(
            heat, definition, context, cluster,
            template_def.nodegroup_stack_name(cluster, nodegroup),
            self._timeout(None, cluster), nodegroup=nodegroup,
            extra_params=inputs)

    def update_nodegroup(self, context, cluster, nodegroup):
        self._resize_nodegroup(context, cluster, nodegroup,
                               nodegroup.node_count)

    def delete_nodegroup(self, context, cluster, nodegroup):
        if nodegroup.stack_id and nodegroup.stack_id != cluster.stack_id:
            heat = heat_client_for(self._owner_session(context, cluster))
            self._delete_stack(heat, nodegroup.stack_id)

    # --- clean-up -----------------------------------------------------------------

    def pre_delete_cluster(self, context, cluster):
        """Delete the Octavia load balancers Kubernetes made for the
        cluster's Services (their description names the cluster), which
        would otherwise keep the cluster's network from being deleted."""
        session = self._owner_session(context, cluster)
        group = CONF.octavia_client
        lbaas = ks_adapter.Adapter(
            session, service_type='load-balancer',
            interface=_interface(group.endpoint_type),
            region_name=group.region_name)
        try:
            if lbaas.get_endpoint() is None:
                return
        except ks_exc.EndpointNotFound:
            return
        try:
            body = lbaas.get('/v2/lbaas/loadbalancers').json()
        except ks_exc.ClientException as error:
            raise exception.PreDeletionFailed(
                cluster_uuid=cluster.uuid, msg=str(error))
        pattern = re.compile(_LB_DESCRIPTION % re.escape(cluster.uuid))
        for lb in lbs_to_delete(body.get('loadbalancers', []), pattern):
            try:
                lbaas.delete('/v2/lbaas/loadbalancers/%s' % lb['id'],
                             params={'cascade': 'true'})
            except ks_exc.NotFound:
                pass
            except ks_exc.ClientException as error:
                raise exception.PreDeletionFailed(
                    cluster_uuid=cluster.uuid, msg=str(error))

    def delete_trust(self, cluster):
        """Delete the cluster's trust; True when it is gone. Safe to call
        more than once (the conductor's clean-up may call it too)."""
        return keystone.delete_trust(template_def.attr(cluster, 'trust_id'))

    # --- status -------------------------------------------------------------------

    def _list_stacks(self, stack_ids):
        """``{id: stack dict}`` for the stacks Heat knows among ids.

        One list request per ``LIST_CHUNK`` ids, as Magnum's service user.
        Heat lists every project's stacks to a cloud admin (``context_is_
        admin``: the admin role in the admin project); the ``id`` filter
        takes a list. ``global_tenant`` is not used: Heat's default policy
        denies ``stacks:global_index`` to everybody.
        """
        heat = heat_client_for(keystone.service_session())
        found = {}
        for start in range(0, len(stack_ids), LIST_CHUNK):
            chunk = stack_ids[start:start + LIST_CHUNK]
            for stack in heat.stacks.list(filters={'id': chunk}):
                data = template_def.stack_as_dict(stack)
                found[data.get('id')] = data
        return found

    def _confirm_missing(self, clusters, stacks):
        """Look up, one by one, stacks the listing did not return.

        Normally they were deleted. If Magnum's user is not a Heat admin
        the listing only shows its own project's stacks; reading them as
        the owner then keeps a missing listing from failing clusters.
        """
        for cluster in clusters:
            for stack_id in heat_status.stack_ids([cluster]):
                if stack_id in stacks:
                    continue
                try:
                    heat = heat_client_for(
                        self._owner_session(None, cluster))
                    stack = template_def.stack_as_dict(
                        heat.stacks.get(stack_id))
                except (heat_exc.HTTPNotFound, ks_exc.Unauthorized,
                        ks_exc.NotFound):
                    continue
                stacks[stack_id] = stack
                # Listings leave deleted stacks out, a look-up by id does
                # not: only a live stack missing from the listing is news.
                if stack.get('stack_status') != S.DELETE_COMPLETE:
                    LOG.warning('Heat did not list stack %s to Magnum\'s '
                                'service user; is it an admin in Heat\'s '
                                'admin project?', stack_id)

    def update_cluster_status(self, context, clusters):
        clusters = list(clusters)
        ids = heat_status.stack_ids(clusters)
        try:
            stacks = self._list_stacks(ids) if ids else {}
        except (heat_exc.HTTPException, ks_exc.ClientException) as error:
            LOG.warning('Listing Heat stacks failed: %s', error)
            return {}
        self._confirm_missing(clusters, stacks)
        reports = {}
        for cluster in clusters:
            try:
                report = self._report(cluster, stacks)
            except Exception:
                LOG.exception('Reading the status of cluster %s failed',
                              cluster.uuid)
                continue
            if report is not None:
                reports[cluster.uuid] = report
        return reports

    def _report(self, cluster, stacks):
        mapping = heat_status.map_cluster(cluster, stacks)
        self._apply_delete_retries(cluster, mapping)
        faults = {}
        for stack_id in mapping.failed_stacks + mapping.delete_failed_stacks:
            faults.update(self._stack_faults(cluster, stack_id))
        report = driver.StatusReport(cluster_uuid=cluster.uuid,
                                     status=mapping.status,
                                     status_reason=mapping.status_reason,
                                     faults=faults)
        for ng_uuid, (status, reason) in mapping.nodegroups.items():
            report.nodegroups[ng_uuid] = driver.NodeGroupReport(
                status=status, status_reason=reason)
        if faults and mapping.status and mapping.status.endswith('_FAILED'):
            report.status_reason = heat_status.faults_reason(faults)
        for stack_id in mapping.complete_stacks:
            self._read_outputs(cluster, stacks.get(stack_id), report)
        if not (mapping.changed or report.api_address or report.faults):
            return None
        if mapping.status == S.DELETE_COMPLETE:
            with self._lock:
                for stack_id in heat_status.stack_ids([cluster]):
                    self._delete_attempts.pop(stack_id, None)
            if not self.delete_trust(cluster):
                LOG.warning('The trust of cluster %s could not be deleted',
                            cluster.uuid)
        return report

    def _apply_delete_retries(self, cluster, mapping):
        """Ask Heat again to delete DELETE_FAILED stacks, up to
        ``[cluster_heat] delete_retries`` times each; a stack being
        retried is reported as still deleting."""
        retried = []
        for stack_id in list(mapping.delete_failed_stacks):
            with self._lock:
                attempts = self._delete_attempts[stack_id]
                if attempts >= CONF.cluster_heat.delete_retries:
                    continue
                self._delete_attempts[stack_id] = attempts + 1
            try:
                heat = heat_client_for(self._owner_session(None, cluster))
                self._delete_stack(heat, stack_id)
            except (exception.HeatStackError, ks_exc.ClientException) as err:
                LOG.warning('Retrying the delete of stack %s failed: %s',
                            stack_id, err)
                continue
            retried.append(stack_id)
            mapping.delete_failed_stacks.remove(stack_id)
        if not retried:
            return
        for ng in cluster.nodegroups or []:
            if heat_status.nodegroup_stack_id(cluster, ng) in retried:
                mapping.nodegroups.pop(ng.uuid, None)
        if mapping.status == S.DELETE_FAILED:
            mapping.status = None
            mapping.status_reason = None

    def _stack_faults(self, cluster, stack_id):
        try:
            heat = heat_client_for(self._owner_session(None, cluster))
            resources = heat.resources.list(
                stack_id, nested_depth=FAILURE_NESTED_DEPTH)
        except (heat_exc.HTTPException, ks_exc.ClientException) as error:
            LOG.warning('Reading the failed resources of stack %s failed: '
                        '%s', stack_id, error)
            return {}
        return heat_status.failed_resource_faults(
            [template_def.stack_as_dict(r) for r in resources])

    def _read_outputs(self, cluster, listed, report):
        stack_id = (listed or {}).get('id')
        if not stack_id:
            return
        own_ng = None
        definition = self.get_template_definition()
        if stack_id != cluster.stack_id:
            own_ng = next((ng for ng in cluster.nodegroups
                           if ng.stack_id == stack_id), None)
            definition = self.get_nodegroup_template_definition()
            if definition is None:
                return
        try:
            heat = heat_client_for(self._owner_session(None, cluster))
            stack = template_def.stack_as_dict(heat.stacks.get(stack_id))
        except (heat_exc.HTTPException, ks_exc.ClientException) as error:
            LOG.warning('Reading the outputs of stack %s failed: %s',
                        stack_id, error)
            return
        outputs = definition.update_outputs(stack, cluster.cluster_template,
                                            cluster, nodegroup=own_ng)
        if own_ng is None:
            report.api_address = outputs.cluster.get('api_address')
            report.coe_version, report.container_version = (
                definition.get_versions(stack))
        for ng_uuid, values in outputs.nodegroups.items():
            ng_report = report.nodegroups.setdefault(
                ng_uuid, driver.NodeGroupReport())
            for key, value in values.items():
                if hasattr(ng_report, key):
                    setattr(ng_report, key, value)


def lbs_to_delete(loadbalancers, pattern):
    """The load balancers whose description matches ``pattern``."""
    return [lb for lb in loadbalancers
            if pattern.match(lb.get('description') or '')]
