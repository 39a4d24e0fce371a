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
failures) acts through that trust as the owner -- as the cluster's own
trustee user when it has one (``[trust] cluster_user_trust``, see
``magnum.conductor.handlers.trustee``). The status sync lists the stacks
of all its clusters in one Heat call as Magnum's service user.
"""

import abc
import collections
import functools
import threading

from heatclient import client as heat_client
from heatclient.common import template_utils
from heatclient import exc as heat_exc
from keystoneauth1 import exceptions as ks_exc
from oslo_log import log as logging

from magnum.common import exception
from magnum.common import keystone
from magnum.common import trustee_domain
from magnum.drivers.common import driver
from magnum.drivers.heat import network_lookup
from magnum.drivers.heat import octavia_cleanup
from magnum.drivers.heat import status as heat_status
from magnum.drivers.heat import template_def
from magnum.i18n import _
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


def render_stack_files(template_path, env_files, generated_files=None):
    """``(template, files, environment)`` for a stack create/update.

    Nested templates and ``get_file`` fragments referenced from the
    template and the environments are read from disk into ``files``;
    ``generated_files`` (see ``HeatTemplateDefinition.generated_files``)
    are put there first, so those names are not looked for on disk.
    What comes from disk is read and parsed once per process; the
    template and environment returned are shared and must not be changed.
    """
    generated = dict(generated_files or {})
    template, from_disk, environment = _read_stack_files(
        template_path, tuple(env_files or ()), frozenset(generated))
    files = dict(from_disk)
    files.update(generated)
    return template, files, environment


@functools.lru_cache(maxsize=64)
def _read_stack_files(template_path, env_files, generated_names):
    # A name in ``files`` is not looked for on disk: the generated names
    # stand there while the templates are walked, and are dropped after.
    files, template = template_utils.get_template_contents(
        template_file=template_path,
        files=dict.fromkeys(generated_names, ''))
    env_map, environment = (
        template_utils.process_multiple_environments_and_files(
            env_paths=list(env_files)))
    files.update(env_map)
    for name in generated_names:
        files.pop(name, None)
    return template, files, environment


class HeatDriver(driver.Driver):
    """A driver whose clusters are Heat stacks."""

    #: The nodes call OpenStack, so clusters get a trustee of their own
    #: with ``[trust] cluster_user_trust`` (magnum.conductor.handlers.trustee).
    node_credentials = True

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
            return keystone.cached_trust_session(
                cluster.trust_id, keystone.trustee_of(cluster))
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
        network_lookup.resolve_params(context, params,
                                      definition.external_network_param)
        template, files, environment = render_stack_files(
            template_path, env_files, definition.generated_files())
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
        self._log_in_as_owner(cluster)

    def _log_in_as_owner(self, cluster):
        """Log in through the cluster's trust while Heat builds the stack,
        so that the status sync reads the finished stack at once."""
        if not template_def.attr(cluster, 'trust_id'):
            return
        try:
            self._owner_session(None, cluster).get_token()
        except ks_exc.ClientException as error:
            LOG.debug('Logging in through the trust of cluster %s failed: '
                      '%s', cluster.uuid, error)

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

    # --- CA rotation ------------------------------------------------------------

    def ca_rotation_params(self, cluster):
        """The stack parameters that hand the cluster's current CA to its
        nodes; ``NotSupported`` when the templates cannot take a new one."""
        raise exception.NotSupported(
            operation=_('Rotating the CA certificate of this cluster type'))

    def rotate_ca_certificate(self, context, cluster):
        """Update the cluster's stacks with only what the new CA changes.

        The cluster stack goes first: when its template lacks the
        parameters (``NotSupported``) or Heat refuses the update
        (``HeatStackError``), nothing has changed on the cloud. An extra
        nodegroup whose stack Heat then refuses is marked
        ``UPDATE_FAILED`` with Heat's reason; the others still get the
        new CA.
        """
        params = self.ca_rotation_params(cluster)
        heat = heat_client_for(self._owner_session(context, cluster))
        # A PATCH update keeps the stack's template, which may predate
        # the parameters: Heat would fail the cluster for them.
        missing = sorted(set(params) - set(
            self._cluster_stack(heat, cluster).get('parameters') or {}))
        if missing:
            raise exception.NotSupported(
                operation=_('Rotating the CA of a cluster whose stack has '
                            'no %s parameter') % ', '.join(missing))
        self._update_stack(heat, cluster.stack_id, params)
        for nodegroup in cluster.nodegroups or []:
            stack_id = nodegroup.stack_id
            if not stack_id or stack_id == cluster.stack_id:
                continue
            try:
                self._update_stack(heat, stack_id, params)
            except exception.HeatStackError as error:
                nodegroup.status = S.UPDATE_FAILED
                nodegroup.status_reason = str(error)
            else:
                nodegroup.status = S.UPDATE_IN_PROGRESS
                nodegroup.status_reason = None

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
        cluster's Services and wait for them to be gone: they would keep
        the cluster's network from being deleted (see octavia_cleanup)."""
        octavia_cleanup.delete_load_balancers(
            self._owner_session(context, cluster), cluster.uuid)

    def delete_trust(self, cluster):
        """Delete the cluster's trust (and its trustee user, if it has
        one); True when gone. Safe to call more than once (the conductor's
        clean-up may call it too)."""
        return trustee_domain.delete_cluster_credentials(cluster)

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
