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

"""The boot scripts of fragments/ as the compressed Ignition configs the
node templates merge (see ``magnum.drivers.heat.ignition``).

The scripts take every cluster-specific value from
``/etc/magnum/params.env``, which the node templates fill in and write
themselves; everything here is the same for every cluster, so it is built
once per process and handed to Heat in the stack's ``files`` map under the
names the templates' ``get_file`` use.
"""

import functools
import os

from magnum.drivers.heat import ignition

TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                         'templates')
FRAGMENTS = os.path.join(TEMPLATES, 'fragments')
SCRIPT_DIR = '/usr/local/lib/magnum'
UNIT = 'magnum-configure.service'

#: The ``get_file`` names used by kubemaster.yaml and kubeminion.yaml. The
#: scheme keeps heatclient from looking for them on disk.
MASTER_FILES = 'magnum:k8s_fedora_coreos_v1/master-files'
WORKER_FILES = 'magnum:k8s_fedora_coreos_v1/worker-files'

#: What a worker runs (configure-node.sh runs the master-only ones only on
#: masters); masters get every script.
WORKER_SCRIPTS = ('lib.sh', 'configure-node.sh', 'configure-storage.sh',
                  'make-certs.sh', 'configure-kubelet.sh')

_SOURCED_ONLY = ('lib.sh',)


def master_scripts():
    return tuple(sorted(name for name in os.listdir(FRAGMENTS)
                        if name.endswith('.sh')))


def _read(name):
    with open(os.path.join(FRAGMENTS, name), encoding='utf-8') as f:
        return f.read()


def _config(scripts):
    files = [ignition.file_entry('%s/%s' % (SCRIPT_DIR, name),
                                 0o644 if name in _SOURCED_ONLY else 0o755,
                                 _read(name))
             for name in scripts]
    return ignition.config(files, [ignition.unit_entry(UNIT, _read(UNIT))])


@functools.lru_cache(maxsize=1)
def generated_files():
    """``{get_file name: gzip data URL}`` for the stack's ``files``."""
    return {
        MASTER_FILES: ignition.gzip_data_url(_config(master_scripts())),
        WORKER_FILES: ignition.gzip_data_url(_config(WORKER_SCRIPTS)),
    }
