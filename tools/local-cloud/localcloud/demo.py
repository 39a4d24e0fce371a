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

"""``local-cloud demo``: a short session with the real ``openstack coe`` CLI.

Runs as ``demo_member`` (the environment of ``openrc-demo-member``) with
the ``openstack`` command of the local cloud venv: cluster template, cluster,
wait for CREATE_COMPLETE, resize, wait for UPDATE_COMPLETE, node groups,
delete, template delete.  Leftovers of an interrupted earlier run are
removed first.  Every line it prints starts with ``demo:``; a failure names
its step and the exit status is 1.
"""

import json
import os
import subprocess
import time

from localcloud.common import HOME, STATE_FILE, child_env, venv_bin

TEMPLATE = 'k8s-demo'
CLUSTER = 'demo-cluster'
USER = 'demo_member'
# Deadline for each wait on a cluster status.
TIMEOUT = int(os.environ.get('LOCAL_CLOUD_DEMO_TIMEOUT') or 300)
IN_PROGRESS = '_IN_PROGRESS'

# Noise some installed CLI plugins print on every command.
_NOISE = ("Could not load '",)


class DemoError(Exception):
    pass


def say(msg):
    print('demo: ' + msg, flush=True)


def user_env(state):
    """What ``. openrc-demo-member`` sets, without any clouds.yaml."""
    user = state['users'][USER]
    env = child_env()
    env.update({
        'OS_AUTH_URL': state['auth_url'], 'OS_AUTH_TYPE': 'password',
        'OS_IDENTITY_API_VERSION': '3', 'OS_USERNAME': user['username'],
        'OS_PASSWORD': user['password'],
        'OS_PROJECT_NAME': user['project_name'],
        'OS_USER_DOMAIN_ID': 'default', 'OS_PROJECT_DOMAIN_ID': 'default',
        'OS_REGION_NAME': state['region'], 'OS_INTERFACE': 'public'})
    return env


def _clean(text):
    return '\n'.join(line for line in text.splitlines()
                     if not line.startswith(_NOISE)).strip()


class Cli(object):
    def __init__(self, env):
        self.env = env

    def call(self, *args):
        """Run ``openstack <args>``; (exit status, stdout, stderr)."""
        proc = subprocess.run([venv_bin('openstack')] + list(args),
                              env=self.env, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=120)
        return proc.returncode, proc.stdout.strip(), _clean(proc.stderr)

    def step(self, title, *args, show=False):
        say('%s: openstack %s' % (title, ' '.join(args)))
        begun = time.monotonic()
        code, out, err = self.call(*args)
        if code != 0:
            raise DemoError('%s failed (exit %d): %s' % (title, code,
                                                         err or out))
        say('  ok (%.1fs)' % (time.monotonic() - begun))
        if show and out:
            for line in out.splitlines():
                say('  ' + line)
        return out

    def cluster_field(self, *fields):
        """The cluster's fields, or None once it is gone."""
        args = ['coe', 'cluster', 'show', CLUSTER, '-f', 'json']
        for field in fields:
            args += ['-c', field]
        code, out, err = self.call(*args)
        if code != 0:
            if 'not found' in err.lower() or 'could not be found' in err:
                return None
            raise DemoError('coe cluster show failed (exit %d): %s'
                            % (code, err or out))
        return json.loads(out)

    def wait(self, title, done):
        """Poll the cluster's status until it is ``done`` (None: gone)."""
        say('%s: waiting (openstack coe cluster show %s -c status)'
            % (title, CLUSTER))
        begun = time.monotonic()
        last = ''
        while True:
            info = self.cluster_field('status', 'status_reason')
            status = info and info['status']
            if status != last:
                # A new cluster's row is written by the conductor, so it
                # may be missing for a moment after the create request.
                missing = 'gone' if done is None else 'not there yet'
                say('  status %s (%.0fs)' % (status or missing,
                                             time.monotonic() - begun))
                last = status
            if status == done:
                return info
            if status and status.endswith('_FAILED'):
                raise DemoError('%s: cluster went to %s: %s'
                                % (title, status, info['status_reason']))
            if time.monotonic() - begun > TIMEOUT:
                raise DemoError('%s: still %s after %ds (status_reason: %s)'
                                % (title, status, TIMEOUT,
                                   info and info['status_reason']))
            time.sleep(1)


def show_cluster(cli):
    """Where the cluster is: its API, addresses, and its Heat stack."""
    fields = cli.cluster_field('api_address', 'master_addresses',
                               'node_addresses', 'cluster_id')
    if fields is None:
        return
    say('  api_address %s, masters %s, nodes %s'
        % (fields['api_address'], ', '.join(fields['master_addresses']),
           ', '.join(fields['node_addresses'])))
    # python-magnumclient shows the cluster's stack id as cluster_id.
    stack = fields.get('cluster_id')
    if stack:
        code, out, _ = cli.call('stack', 'show', stack, '-f', 'value',
                                '-c', 'stack_name', '-c', 'stack_status')
        if code == 0:
            say('  Heat stack %s' % ' '.join(out.split()))


def clean_leftovers(cli):
    """Remove what an interrupted earlier demo left behind."""
    info = cli.cluster_field('status')
    if info is not None:
        say('cleaning up: %s from an earlier run is %s'
            % (CLUSTER, info['status']))
        if info['status'].endswith(IN_PROGRESS):
            begun = time.monotonic()
            while info and info['status'].endswith(IN_PROGRESS):
                if time.monotonic() - begun > TIMEOUT:
                    raise DemoError('cleaning up: %s stays %s'
                                    % (CLUSTER, info['status']))
                time.sleep(1)
                info = cli.cluster_field('status')
        if info is not None:
            cli.step('cleaning up', 'coe', 'cluster', 'delete', CLUSTER)
            cli.wait('cleaning up', None)
    code, _, _ = cli.call('coe', 'cluster', 'template', 'show', TEMPLATE,
                          '-f', 'value', '-c', 'uuid')
    if code == 0:
        say('cleaning up: template %s from an earlier run' % TEMPLATE)
        cli.step('cleaning up', 'coe', 'cluster', 'template', 'delete',
                 TEMPLATE)


def demo_steps(cli):
    cli.step('1/8 create a cluster template', 'coe', 'cluster', 'template',
             'create', TEMPLATE, '--coe', 'kubernetes',
             '--image', 'fedora-coreos-latest',
             '--external-network', 'public', '--keypair', 'testkey',
             '--flavor', 'm1.small', '--master-flavor', 'm1.small',
             '--network-driver', 'flannel')
    cli.step('2/8 create a cluster', 'coe', 'cluster', 'create', CLUSTER,
             '--cluster-template', TEMPLATE, '--node-count', '1')
    cli.wait('3/8 cluster create', 'CREATE_COMPLETE')
    show_cluster(cli)
    cli.step('4/8 resize to 2 nodes', 'coe', 'cluster', 'resize', CLUSTER,
             '2')
    cli.wait('5/8 cluster resize', 'UPDATE_COMPLETE')
    count = cli.cluster_field('node_count')['node_count']
    if count != 2:
        raise DemoError('5/8 cluster resize: node_count is %s, not 2'
                        % count)
    say('  node_count is now 2')
    show_cluster(cli)
    cli.step('6/8 list node groups', 'coe', 'nodegroup', 'list', CLUSTER,
             show=True)
    cli.step('7/8 delete the cluster', 'coe', 'cluster', 'delete', CLUSTER)
    cli.wait('7/8 cluster delete', None)
    cli.step('8/8 delete the template', 'coe', 'cluster', 'template',
             'delete', TEMPLATE)


def run_demo():
    with open(STATE_FILE, encoding='utf-8') as f:
        state = json.load(f)
    cli = Cli(user_env(state))
    begun = time.monotonic()
    say('as %s (project %s) with %s, against Magnum at %s'
        % (USER, state['users'][USER]['project_name'], venv_bin('openstack'),
           state['magnum_url']))
    say('clusters are built by the k8s_fedora_coreos_v1 driver as real '
        'Heat stacks; the servers, networks and load balancers in them are '
        'the local cloud\'s stand-ins')
    try:
        clean_leftovers(cli)
        demo_steps(cli)
    except (DemoError, subprocess.TimeoutExpired) as exc:
        say('FAILED: %s' % exc)
        say('Magnum log: %s' % os.path.join(state['logs'], 'magnum.log'))
        return 1
    say('finished in %.0fs; the local cloud and Magnum keep running.'
        % (time.monotonic() - begun))
    say('try:  . %s/openrc-demo-member; %s coe cluster list'
        % (HOME, venv_bin('openstack')))
    say('stop: tools/local-cloud/local-cloud down')
    return 0
