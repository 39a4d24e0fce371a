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

"""Template definitions: how a cluster becomes Heat parameters and back.

A ``HeatTemplateDefinition`` is a declarative table. Parameter mappings say
where each Heat parameter's value comes from (a cluster template attribute,
a cluster attribute, a nodegroup attribute or a label); output mappings say
which stack outputs (or stack parameters) land in which cluster and
nodegroup fields. A COE driver subclasses it, points ``template_path`` and
``environment_dir`` at its files, adds its mappings in ``__init__`` and
overrides ``get_params`` / ``get_env_files`` / ``get_api_address`` for what
a table cannot express.

Everything here is pure: no Heat, Keystone or database calls. Reading back
outputs produces plain dicts (``StackOutputs``) that the driver turns into
a ``StatusReport``; the passed cluster objects are never modified.

Keyword arguments understood by ``extract_definition`` / ``get_params``:

``nodegroup``
    The nodegroup a stack is built for. Worker ``NodeGroupParameterMapping``
    entries read it instead of the cluster's default worker nodegroup
    (used for the stacks of extra nodegroups).
``extra_params``
    A dict of Heat parameters merged last, over everything else (for
    example ``minions_to_remove`` on a resize).
"""

import dataclasses
import ipaddress
import os
import re
import secrets
import urllib.parse

from oslo_utils import strutils

from magnum.common import exception

MASTER = 'master'
WORKER = 'worker'

# Longest Heat stack names we produce stay well under Heat's 255 limit and
# readable in `openstack stack list`.
_CLUSTER_NAME_CHARS = 30
_NG_CLUSTER_NAME_CHARS = 20
_NG_NAME_CHARS = 9


def attr(obj, name):
    """``obj.name``, or ``None`` when unset or absent.

    Versioned objects built in memory raise ``NotImplementedError`` for
    fields never set; ``getattr`` with a default does not catch that.
    """
    if obj is None:
        return None
    try:
        return getattr(obj, name, None)
    except NotImplementedError:
        return None


# --- value conversion --------------------------------------------------------

def to_heat_value(value, param_type):
    """Convert ``value`` into what Heat accepts for ``param_type``.

    ``str`` gives a string, ``int`` an integer, ``bool`` a real boolean
    (label strings such as "True", "yes", "1" are understood), ``list`` a
    comma separated string (Heat's ``comma_delimited_list``). Any other
    callable is applied as is. ``None`` stays ``None``.
    """
    if value is None:
        return None
    if param_type is bool:
        if isinstance(value, bool):
            return value
        return strutils.bool_from_string(str(value), strict=True)
    if param_type is int:
        return int(value)
    if param_type is str:
        if isinstance(value, bool):
            return 'true' if value else 'false'
        return str(value)
    if param_type is list:
        if isinstance(value, (list, tuple)):
            return ','.join(str(item) for item in value)
        return str(value)
    return param_type(value)


def _convert(value, param_type, heat_param, source):
    try:
        return to_heat_value(value, param_type)
    except (TypeError, ValueError):
        raise exception.InvalidParameterValue(
            err='%r (from %s) is not a valid %s value for the Heat '
                'parameter %s.' % (value, source,
                                   getattr(param_type, '__name__',
                                           param_type), heat_param))


def _label(labels, name):
    if labels and name in labels:
        return labels[name]
    return None


def nodegroup_for(cluster, role, nodegroup=None):
    """The nodegroup a ``role`` mapping reads.

    Masters always come from the default master nodegroup. Workers come
    from ``nodegroup`` when a stack is built for one, else from the default
    worker nodegroup.
    """
    if role == MASTER:
        return cluster.default_ng_master
    if nodegroup is not None:
        return nodegroup
    return cluster.default_ng_worker


# --- parameter mappings ------------------------------------------------------

class ParameterMapping:
    """A Heat parameter filled from the cluster template or the cluster.

    The cluster template's attribute wins when it is set, otherwise the
    cluster's attribute is used. A ``required`` mapping without a value
    raises ``RequiredParameterNotProvided``; an optional one is left out of
    the parameters so the template's own default applies.
    """

    def __init__(self, heat_param, cluster_template_attr=None,
                 cluster_attr=None, required=False, param_type=str):
        self.heat_param = heat_param
        self.cluster_template_attr = cluster_template_attr
        self.cluster_attr = cluster_attr
        self.required = required
        self.param_type = param_type

    def source(self):
        """Where the value comes from, for messages."""
        parts = []
        if self.cluster_template_attr:
            parts.append("the cluster template's %s"
                         % self.cluster_template_attr)
        if self.cluster_attr:
            parts.append("the cluster's %s" % self.cluster_attr)
        return ' or '.join(parts) or 'a computed value'

    def raw_value(self, cluster_template, cluster, **kwargs):
        value = None
        if self.cluster_template_attr:
            value = attr(cluster_template, self.cluster_template_attr)
        if value is None and self.cluster_attr:
            value = attr(cluster, self.cluster_attr)
        return value

    def set_param(self, params, cluster_template, cluster, **kwargs):
        value = self.raw_value(cluster_template, cluster, **kwargs)
        if value is None:
            if self.required:
                raise exception.RequiredParameterNotProvided(
                    heat_param=self.heat_param, source=self.source())
            return
        params[self.heat_param] = _convert(value, self.param_type,
                                           self.heat_param, self.source())


class NodeGroupParameterMapping(ParameterMapping):
    """A Heat parameter filled from a nodegroup's attribute.

    ``nodegroup_role`` is ``'master'`` or ``'worker'`` (see
    ``nodegroup_for``).
    """

    def __init__(self, heat_param, nodegroup_attr, nodegroup_role,
                 required=False, param_type=str):
        super().__init__(heat_param, required=required,
                         param_type=param_type)
        if nodegroup_role not in (MASTER, WORKER):
            raise ValueError('nodegroup_role must be %r or %r, not %r'
                             % (MASTER, WORKER, nodegroup_role))
        self.nodegroup_attr = nodegroup_attr
        self.nodegroup_role = nodegroup_role

    def source(self):
        return "the %s nodegroup's %s" % (self.nodegroup_role,
                                          self.nodegroup_attr)

    def raw_value(self, cluster_template, cluster, nodegroup=None,
                  **kwargs):
        ng = nodegroup_for(cluster, self.nodegroup_role, nodegroup)
        if ng is None:
            return None
        return attr(ng, self.nodegroup_attr)


class LabelParameterMapping(ParameterMapping):
    """A Heat parameter filled from a label, with a default.

    Lookup order: the nodegroup's labels (for a nodegroup stack), the
    cluster's labels, the cluster template's labels, then ``default``.
    ``default=None`` leaves the parameter out when no label is set, so the
    HOT template's default applies.
    """

    def __init__(self, heat_param, label, default=None, param_type=str):
        super().__init__(heat_param, param_type=param_type)
        self.label = label
        self.default = default

    def source(self):
        return 'the label %s' % self.label

    def raw_value(self, cluster_template, cluster, nodegroup=None,
                  **kwargs):
        for labels in (attr(nodegroup, 'labels'),
                       attr(cluster, 'labels'),
                       attr(cluster_template, 'labels')):
            value = _label(labels, self.label)
            if value is not None:
                return value
        return self.default


# --- output mappings ---------------------------------------------------------

@dataclasses.dataclass
class StackOutputs:
    """What one stack says about the cluster, as plain values.

    ``cluster`` maps cluster field names to values (``api_address`` ...);
    ``nodegroups`` maps nodegroup uuids to dicts of nodegroup field names
    (``node_addresses``, ``node_count`` ...). Only fields the stack gave a
    value for are present.
    """

    cluster: dict = dataclasses.field(default_factory=dict)
    nodegroups: dict = dataclasses.field(default_factory=dict)


def stack_as_dict(stack):
    """A heatclient ``Stack`` (or a plain dict) as a plain dict."""
    if stack is None:
        return {}
    if isinstance(stack, dict):
        return stack
    if hasattr(stack, 'to_dict'):
        return stack.to_dict()
    return dict(vars(stack))


def stack_output_values(stack):
    """``{output_key: output_value}`` of a stack (dict or heatclient)."""
    outputs = stack_as_dict(stack).get('outputs') or []
    return {out.get('output_key'): out.get('output_value')
            for out in outputs if isinstance(out, dict)}


class OutputMapping:
    """A stack output copied to a cluster field."""

    def __init__(self, heat_output, cluster_attr=None):
        self.heat_output = heat_output
        self.cluster_attr = cluster_attr

    def get_value(self, stack):
        return stack_output_values(stack).get(self.heat_output)

    def set_output(self, stack, result, cluster_template, cluster,
                   definition, **kwargs):
        if not self.cluster_attr:
            return
        value = self.get_value(stack)
        if self.cluster_attr == 'api_address':
            value = definition.get_api_address(cluster_template, cluster,
                                               value)
        if value is not None:
            result.cluster[self.cluster_attr] = value


class NodeGroupOutputMapping(OutputMapping):
    """A stack output (or, with ``is_stack_param``, a stack parameter)
    copied to a field of the nodegroup of ``nodegroup_role``."""

    def __init__(self, heat_output, nodegroup_attr, nodegroup_role,
                 is_stack_param=False):
        super().__init__(heat_output)
        self.nodegroup_attr = nodegroup_attr
        self.nodegroup_role = nodegroup_role
        self.is_stack_param = is_stack_param

    def get_value(self, stack):
        if self.is_stack_param:
            params = stack_as_dict(stack).get('parameters') or {}
            return params.get(self.heat_output)
        return super().get_value(stack)

    def set_output(self, stack, result, cluster_template, cluster,
                   definition, nodegroup=None, **kwargs):
        ng = nodegroup_for(cluster, self.nodegroup_role, nodegroup)
        value = self.get_value(stack)
        if ng is None or value is None:
            return
        if self.nodegroup_attr == 'node_count':
            try:
                value = int(value)
            except (TypeError, ValueError):
                return
        elif self.nodegroup_attr == 'node_addresses':
            value = _address_list(value)
        result.nodegroups.setdefault(ng.uuid, {})[self.nodegroup_attr] = value


def _address_list(value):
    """Heat lists of addresses may hold nulls (a node still building)."""
    if isinstance(value, str):
        value = [item for item in value.split(',') if item]
    if not isinstance(value, (list, tuple)):
        return [str(value)]
    return [str(item) for item in value if item not in (None, '')]


# --- stack naming ------------------------------------------------------------

def _slug(name, length):
    name = (name or '')[:length].replace('_', '-').replace('.', '-')
    return re.sub('[^a-zA-Z0-9-]', '', name)


def _suffix(suffix):
    return suffix if suffix is not None else secrets.token_hex(5)


def cluster_stack_name(cluster, suffix=None):
    """``<first 30 chars of the name, cleaned>-<random>``, lower case.

    Underscores and dots become dashes, other characters outside
    ``[A-Za-z0-9-]`` are dropped. A name left empty gives ``cluster``.
    """
    base = _slug(cluster.name, _CLUSTER_NAME_CHARS) or 'cluster'
    return ('%s-%s' % (base, _suffix(suffix))).lower()


def nodegroup_stack_name(cluster, nodegroup, suffix=None):
    """``<cluster name[:20]>-<nodegroup name[:9]>-<random>``, cleaned."""
    base = '%s-%s' % (_slug(cluster.name, _NG_CLUSTER_NAME_CHARS)
                      or 'cluster',
                      _slug(nodegroup.name, _NG_NAME_CHARS) or 'ng')
    return ('%s-%s' % (base, _suffix(suffix))).lower()


# --- option helpers ----------------------------------------------------------

def _first_set(*values):
    for value in values:
        if value is not None:
            return value
    return None


def _bool_label(cluster_template, cluster, name, default):
    for labels in (attr(cluster, 'labels'),
                   attr(cluster_template, 'labels')):
        value = _label(labels, name)
        if value is not None:
            return strutils.bool_from_string(str(value), default=default)
    return default


def _int_label(cluster_template, cluster, name, default=0):
    for labels in (attr(cluster, 'labels'),
                   attr(cluster_template, 'labels')):
        value = _label(labels, name)
        if value not in (None, ''):
            try:
                return int(value)
            except ValueError:
                return default
    return default


def uses_private_network(cluster_template, cluster):
    """Magnum creates the network unless the cluster or template names
    an existing one."""
    return not (attr(cluster, 'fixed_network')
                or attr(cluster_template, 'fixed_network'))


def master_lb_enabled(cluster_template, cluster):
    return bool(_first_set(attr(cluster, 'master_lb_enabled'),
                           attr(cluster_template, 'master_lb_enabled'), False))


def floating_ip_enabled(cluster_template, cluster):
    return bool(_first_set(attr(cluster, 'floating_ip_enabled'),
                           attr(cluster_template, 'floating_ip_enabled'), True))


def lb_floating_ip_enabled(cluster_template, cluster):
    """Label ``master_lb_floating_ip_enabled``, defaulting to whether the
    nodes get floating IPs."""
    return _bool_label(cluster_template, cluster,
                       'master_lb_floating_ip_enabled',
                       floating_ip_enabled(cluster_template, cluster))


def docker_volume_size(cluster_template, cluster, nodegroup=None):
    return _first_set(attr(nodegroup, 'docker_volume_size'),
                      attr(cluster, 'docker_volume_size'),
                      attr(cluster_template, 'docker_volume_size')) or 0


# --- the definition ----------------------------------------------------------

class HeatTemplateDefinition:
    """The parameter and output table of one HOT template.

    Subclasses set ``template_path`` (the main HOT file) and
    ``environment_dir`` (where ``env_file`` looks), and call the ``add_*``
    methods in ``__init__`` after ``super().__init__()``.
    """

    template_path = None
    environment_dir = None

    #: API port when TLS is on, and when ``tls_disabled`` is set; ``None``
    #: leaves the address without a port.
    api_port = None
    insecure_api_port = None

    #: Parameters a scale operation changes: worker count, the workers to
    #: remove first (a list), master count.
    node_count_param = 'number_of_minions'
    nodes_to_remove_param = 'minions_to_remove'
    master_count_param = 'number_of_masters'

    #: Parameter holding the external network; a name there is resolved
    #: to the network's id before the stack is created (network_lookup).
    external_network_param = 'external_network'

    #: For extra-nodegroup stacks: ``{heat parameter: cluster stack output}``
    #: copied from the cluster stack (network, subnet, security group, ...).
    cluster_stack_inputs = {}

    #: Stack parameter holding the COE version, and the container runtime
    #: version, reported once a stack completes.
    coe_version_param = None
    container_version = None

    def __init__(self):
        self.param_mappings = []
        self.output_mappings = []

    # --- building the table ---------------------------------------------------

    def add_parameter(self, *args, **kwargs):
        self.param_mappings.append(ParameterMapping(*args, **kwargs))

    def add_nodegroup_parameter(self, *args, **kwargs):
        self.param_mappings.append(NodeGroupParameterMapping(*args, **kwargs))

    def add_label_parameter(self, *args, **kwargs):
        self.param_mappings.append(LabelParameterMapping(*args, **kwargs))

    def add_output(self, *args, **kwargs):
        self.output_mappings.append(OutputMapping(*args, **kwargs))

    def add_nodegroup_output(self, *args, **kwargs):
        self.output_mappings.append(NodeGroupOutputMapping(*args, **kwargs))

    # --- rendering ------------------------------------------------------------

    def get_params(self, context, cluster_template, cluster, **kwargs):
        """The Heat parameters from the mappings, then ``extra_params``.

        Subclasses extend this to add computed parameters; they receive the
        same keyword arguments as ``extract_definition``.
        """
        extra_params = kwargs.pop('extra_params', None) or {}
        params = {}
        for mapping in self.param_mappings:
            mapping.set_param(params, cluster_template, cluster, **kwargs)
        params.update(extra_params)
        return params

    def env_file(self, name):
        """Path of environment file ``name`` (``.yaml`` added if missing)
        in ``environment_dir``."""
        if not name.endswith(('.yaml', '.yml')):
            name += '.yaml'
        return os.path.join(self.environment_dir or '', name)

    def get_env_files(self, cluster_template, cluster, nodegroup=None):
        """The environment files for this cluster, in order.

        The default answers the usual Magnum choices; subclasses that ship
        other files override it (or return ``[]``). Files, in order:

        * ``no_private_network`` when the cluster uses an existing network,
          else ``with_private_network``;
        * ``with_etcd_volume`` when label ``etcd_volume_size`` > 0, else
          ``no_etcd_volume``;
        * ``with_volume`` when the docker volume size > 0, else
          ``no_volume``;
        * ``with_master_lb_octavia`` when a master load balancer is
          enabled, else ``no_master_lb``;
        * ``enable_floating_ip`` / ``disable_floating_ip``;
        * with a master load balancer, ``enable_lb_floating_ip`` /
          ``disable_lb_floating_ip`` (label
          ``master_lb_floating_ip_enabled``).
        """
        names = [
            'with_private_network'
            if uses_private_network(cluster_template, cluster)
            else 'no_private_network',
            'with_etcd_volume'
            if _int_label(cluster_template, cluster, 'etcd_volume_size') > 0
            else 'no_etcd_volume',
            'with_volume'
            if docker_volume_size(cluster_template, cluster, nodegroup) > 0
            else 'no_volume',
        ]
        lb = master_lb_enabled(cluster_template, cluster)
        names.append('with_master_lb_octavia' if lb else 'no_master_lb')
        names.append('enable_floating_ip'
                     if floating_ip_enabled(cluster_template, cluster)
                     else 'disable_floating_ip')
        if lb:
            names.append('enable_lb_floating_ip'
                         if lb_floating_ip_enabled(cluster_template, cluster)
                         else 'disable_lb_floating_ip')
        return [self.env_file(name) for name in names]

    def generated_files(self):
        """``{get_file name: content}`` the templates use but that are
        not files on disk (built by the driver, e.g. compressed boot
        scripts); handed to Heat in the stack's ``files`` map. Names carry
        a URL scheme of their own so heatclient does not look for them."""
        return {}

    def extract_definition(self, context, cluster_template, cluster,
                           **kwargs):
        """``(template_path, heat_params, env_files)`` for a stack.

        See the module docstring for the keyword arguments.
        """
        params = self.get_params(context, cluster_template, cluster,
                                 **dict(kwargs))
        env_files = self.get_env_files(cluster_template, cluster,
                                       nodegroup=kwargs.get('nodegroup'))
        return self.template_path, params, env_files

    def required_parameters(self):
        return [m.heat_param for m in self.param_mappings if m.required]

    # --- reading back -----------------------------------------------------------

    def get_api_address(self, cluster_template, cluster, value):
        """The cluster's ``api_address`` from the stack's address output.

        A bare host becomes ``https://<host>:<api_port>``, or
        ``http://<host>:<insecure_api_port>`` when the template disables
        TLS; the template's ``apiserver_port`` overrides the port. A value
        that already is a URL is kept.
        """
        if value in (None, ''):
            return None
        value = str(value)
        if '://' in value:
            return value
        tls_disabled = bool(attr(cluster_template, 'tls_disabled'))
        scheme = 'http' if tls_disabled else 'https'
        port = attr(cluster_template, 'apiserver_port') or (
            self.insecure_api_port if tls_disabled else self.api_port)
        host = value
        try:
            if ipaddress.ip_address(value).version == 6:
                host = '[%s]' % value
        except ValueError:
            pass
        netloc = '%s:%s' % (host, port) if port else host
        return urllib.parse.urlunsplit((scheme, netloc, '', '', ''))

    def get_versions(self, stack):
        """``(coe_version, container_version)`` of a completed stack."""
        coe_version = None
        if self.coe_version_param:
            params = stack_as_dict(stack).get('parameters') or {}
            coe_version = params.get(self.coe_version_param) or None
        return coe_version, self.container_version

    def update_outputs(self, stack, cluster_template, cluster,
                       nodegroup=None):
        """Read ``stack``'s outputs into a ``StackOutputs``.

        ``stack`` is a heatclient ``Stack`` fetched with outputs, or a
        plain dict with ``outputs`` (list of ``output_key`` /
        ``output_value``) and ``parameters``. ``nodegroup`` is the nodegroup
        the stack belongs to, for extra-nodegroup stacks.
        """
        result = StackOutputs()
        for mapping in self.output_mappings:
            mapping.set_output(stack, result, cluster_template, cluster,
                               self, nodegroup=nodegroup)
        return result
