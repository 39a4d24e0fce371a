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

"""The nodes' Ignition user data: what Nova receives, and its size.

The user data is rendered here the way Heat renders it (the intrinsic
functions the node templates use, with Heat's semantics: ``str_replace``
substitutes longest keys first and serialises maps as sorted JSON), from
the real templates, the real files map of the driver and worst-case values
for everything Heat fills in. Nova gets it base64-encoded (novaclient) and
refuses more than 65535 bytes.
"""

import base64
import json
import os
import re
import urllib.parse

import pytest
import yaml

from magnum.drivers.heat import driver as heat_driver
from magnum.drivers.heat import ignition
from magnum.drivers.k8s_fedora_coreos_v1 import node_files
from magnum.drivers.k8s_fedora_coreos_v1 import template_def

NOVA_USER_DATA_LIMIT = 65535
SERVERS = {'kubemaster.yaml': 'kube_master', 'kubeminion.yaml': 'kube_minion'}

# --- worst-case inputs ----------------------------------------------------------

#: The longest value budgeted for each kind of value Heat fills in. There is
#: no limit on a label's length, so these are generous choices: a value
#: larger than this can still push a node's user data over Nova's limit.
FREE_FORM = 255          # URLs, ids, passwords, registry prefixes, proxies
TAG = 128                # the OCI limit on an image tag
NETWORK = len('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128')
NUMBER = 10
LIST = 1024              # *_options, admission_control_list, no_proxy
#: An OpenStack CA bundle of this many PEM characters (about four CAs).
CA_PEM = 8 * 1024
#: Heat's curl_cli: a token (Keystone keeps fernet tokens under 255), the
#: signal URL of a nested stack and curl's options, rounded up.
WAIT_CURL = 1024
IP = 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'

_LISTS = ('@ADMISSION_CONTROL_LIST@', '@NO_PROXY@')
_NETWORKS = ('_CIDR@', '_IP@')


def _long_list():
    return ('--feature-gates=Something=true ' * 40)[:LIST]


def _ca_quoted():
    pem = ''
    while len(pem) < CA_PEM:
        body = base64.b64encode(os.urandom(1200)).decode()
        lines = [body[i:i + 64] for i in range(0, len(body), 64)]
        pem += ('-----BEGIN CERTIFICATE-----\n%s\n-----END CERTIFICATE-----\n'
                % '\n'.join(lines))
    # As template_def._credential_params passes it.
    return urllib.parse.quote(pem)


def _budget(placeholder, heat_type):
    if heat_type == 'boolean':
        return 'false'
    if heat_type == 'number':
        return '9' * NUMBER
    if placeholder == '@OPENSTACK_CA@':
        return _ca_quoted()
    if placeholder.endswith('_OPTIONS@') or placeholder in _LISTS:
        return _long_list()
    if placeholder.endswith('_TAG@'):
        return 't' * TAG
    if placeholder.endswith(_NETWORKS):
        return 'n' * NETWORK
    return 'v' * FREE_FORM


def worst_node_env():
    """node_env of kubecluster.yaml with every value at its budget."""
    cluster = _template('kubecluster.yaml')
    env = {}
    for key, value in (cluster['resources']['node_env']['properties']
                       ['value'].items()):
        spec = cluster['parameters'].get(value.get('get_param'), {})
        env[key] = _budget(key, spec.get('type'))
    return env


def _template(name):
    with open(os.path.join(template_def.TEMPLATES, name),
              encoding='utf-8') as f:
        return yaml.safe_load(f)


# --- a renderer with Heat's semantics for the functions the nodes use -----------

class Render:

    def __init__(self, template, params, files):
        self.params = params
        self.files = files
        self.defaults = {name: spec.get('default') for name, spec in
                         template.get('parameters', {}).items()}

    def __call__(self, node):
        if isinstance(node, dict) and len(node) == 1:
            (name, args), = node.items()
            function = getattr(self, 'fn_' + name, None)
            if function is not None:
                return function(args)
        if isinstance(node, dict):
            return {key: self(value) for key, value in node.items()}
        if isinstance(node, list):
            return [self(value) for value in node]
        return node

    def fn_get_param(self, name):
        return self.params.get(name, self.defaults.get(name))

    def fn_get_attr(self, args):
        if args[1] == 'curl_cli':
            return 'c' * WAIT_CURL
        return IP

    def fn_get_resource(self, name):
        return '00000000-0000-0000-0000-000000000000'

    def fn_get_file(self, name):
        if name in self.files:
            return self.files[name]
        with open(os.path.join(template_def.TEMPLATES, name),
                  encoding='utf-8') as f:
            return f.read()

    def fn_list_join(self, args):
        return self(args[0]).join(self(args[1]))

    def fn_map_merge(self, args):
        merged = {}
        for item in self(args):
            merged.update(item)
        return merged

    def fn_if(self, args):
        # Either branch may be taken: the larger one bounds the size.
        branches = [self(args[1]), self(args[2])]
        return max(branches, key=lambda v: len(json.dumps(v)))

    def fn_str_replace(self, args):
        text = self(args['template'])
        mapping = {key: self._replacement(value)
                   for key, value in self(args['params']).items()}
        keys = sorted(mapping, key=lambda k: (-len(k), k))
        return self._replace(text, keys, mapping)

    @staticmethod
    def _replacement(value):
        if isinstance(value, (dict, list)):
            return json.dumps(value, sort_keys=True)
        return '' if value is None else str(value)

    def _replace(self, text, keys, mapping):
        # As Heat: split on the longest key, substitute the rest in the
        # pieces only, so an inserted value is never substituted again.
        if not keys:
            return text
        return mapping[keys[0]].join(
            self._replace(piece, keys[1:], mapping)
            for piece in text.split(keys[0]))


def render_user_data(name, node_env, files=None):
    """The user data string Heat hands to Nova for a node template."""
    template = _template(name)
    files = node_files.generated_files() if files is None else files
    public, private = template_def.service_account_keys()
    params = {'node_env': node_env, 'nodegroup_name': 'n' * FREE_FORM,
              'service_account_key': public,
              'service_account_private_key': private}
    server = template['resources'][SERVERS[name]]['properties']
    return Render(template, params, files)(server['user_data'])


def nova_size(user_data):
    return len(base64.b64encode(user_data.encode('utf-8')))


# --- tests -------------------------------------------------------------------------

@pytest.mark.parametrize('name', sorted(SERVERS))
def test_user_data_is_an_ignition_config_merging_the_scripts(name):
    config = json.loads(render_user_data(name, worst_node_env()))
    assert config['ignition']['version'] == ignition.IGNITION_VERSION
    merge, = config['ignition']['config']['merge']
    assert merge['compression'] == 'gzip'
    merged = ignition.read_gzip_data_url(merge['source'])
    paths = {f['path'] for f in merged['storage']['files']}
    expected = (node_files.master_scripts() if name == 'kubemaster.yaml'
                else node_files.WORKER_SCRIPTS)
    assert paths == {'/usr/local/lib/magnum/' + s for s in expected}
    assert [u['name'] for u in merged['systemd']['units']] == [
        'magnum-configure.service']
    own = [f['path'] for f in config['storage']['files']]
    assert own[0] == '/etc/magnum/params.env'
    assert not any(p.startswith('/usr/local/lib/magnum/') for p in own)


def test_worker_user_data_carries_no_master_scripts():
    config = json.loads(render_user_data('kubeminion.yaml',
                                         worst_node_env()))
    merge, = config['ignition']['config']['merge']
    paths = {f['path'] for f in ignition.read_gzip_data_url(
        merge['source'])['storage']['files']}
    assert '/usr/local/lib/magnum/configure-kube-master.sh' not in paths
    assert '/usr/local/lib/magnum/configure-kubelet.sh' in paths


def _params_env(config):
    source = config['storage']['files'][0]['contents']['source']
    assert source.startswith('data:,')
    return urllib.parse.unquote(source[len('data:,'):])


@pytest.mark.parametrize('name', sorted(SERVERS))
def test_params_env_carries_the_values_unharmed(name):
    env = worst_node_env()
    env['@CLUSTER_UUID@'] = 'c0ffee00-1111-2222-3333-444455556666'
    env['@KUBELET_OPTIONS@'] = '--a=1 --b="x y"\t%41 #+?'
    config = json.loads(render_user_data(name, env))
    params = _params_env(config)
    assert ("CLUSTER_UUID='c0ffee00-1111-2222-3333-444455556666'\n"
            in params)
    assert "KUBELET_OPTIONS='--a=1 --b=\"x y\"\t%41 #+?'\n" in params
    assert re.findall(r'@[A-Z0-9_]+@', params) == []


def test_master_user_data_fits_nova():
    """With every value at its budget (the largest combination)."""
    size = nova_size(render_user_data('kubemaster.yaml', worst_node_env()))
    assert size < NOVA_USER_DATA_LIMIT, size


def test_worker_user_data_fits_nova():
    size = nova_size(render_user_data('kubeminion.yaml', worst_node_env()))
    assert size < NOVA_USER_DATA_LIMIT * 3 // 4, size


@pytest.mark.parametrize('name', sorted(SERVERS))
def test_usual_user_data_leaves_half_of_the_limit_free(name):
    env = {key: 'x' * 40 for key in worst_node_env()}
    size = nova_size(render_user_data(name, env))
    assert size < NOVA_USER_DATA_LIMIT // 2, size


def test_the_scripts_in_clear_would_not_fit():
    """The check above can fail: without compression the master's scripts
    alone exceed what Nova takes."""
    merged = ignition.read_gzip_data_url(
        node_files.generated_files()[node_files.MASTER_FILES])
    assert nova_size(json.dumps(merged)) > NOVA_USER_DATA_LIMIT


def test_the_stack_files_carry_the_generated_bundles():
    path = os.path.join(template_def.TEMPLATES, 'kubecluster.yaml')
    definition = template_def.FedoraCoreOSK8sTemplateDefinition()
    template, files, _ = heat_driver.render_stack_files(
        path, [], definition.generated_files())
    assert files[node_files.MASTER_FILES] == (
        node_files.generated_files()[node_files.MASTER_FILES])
    assert files[node_files.WORKER_FILES].startswith('data:;base64,H4sI')
    # Heat resolves get_file by the exact name the (rewritten) nested
    # templates use: heatclient must have left the names alone.
    master = json.loads(files[[k for k in files
                               if k.endswith('/kubemaster.yaml')][0]])
    assert node_files.MASTER_FILES in json.dumps(master)


def test_the_bundles_are_built_once_and_deterministic():
    assert node_files.generated_files() is node_files.generated_files()
    rebuilt = node_files.generated_files.__wrapped__()
    assert rebuilt == node_files.generated_files()


def test_bundled_scripts_are_the_fragments_byte_for_byte():
    merged = ignition.read_gzip_data_url(
        node_files.generated_files()[node_files.MASTER_FILES])
    for entry in merged['storage']['files']:
        name = os.path.basename(entry['path'])
        with open(os.path.join(node_files.FRAGMENTS, name),
                  encoding='utf-8') as f:
            assert urllib.parse.unquote(entry['contents']['source'][len('data:,'):]) == (
                f.read()), name
        assert entry['mode'] == (0o644 if name == 'lib.sh' else 0o755)
