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

"""Every ``openstack coe`` command of python-magnumclient 5.0.0, run for
real against Magnum (API + conductor + fake driver) with Keystone tokens.

The module starts its own magnum-all (see ``coe_cli``); clusters are built
by the fake driver, which reports each operation done at the next status
sync (1 s). The tests run in file order and share one template and one
cluster; names are fixed because the database is this module's own.
"""

import base64
import json
import os
import re
import shutil
import tempfile
import urllib.request

from cryptography import exceptions as crypto_exc
from cryptography import fernet
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID
import pytest
import yaml

from magnum.tests.functional.local_cloud.cloud import HOME
from magnum.tests.functional.local_cloud.cloud import LocalCloud
from magnum.tests.functional.local_cloud import coe_cli

USER = 'demo_member'
ADMIN = 'admin'
ALT = 'alt_member'
TIMEOUT = 60
NOT_FOUND = 'could not be found (HTTP 404)'

TEMPLATE = 'cli-ct'
CLUSTER = 'cli-cluster'
TEMPLATE_OPTIONS = (
    '--coe', 'kubernetes', '--image', 'fedora-coreos-latest',
    '--external-network', 'public', '--keypair', 'testkey',
    '--fixed-network', 'private', '--fixed-subnet', 'private-subnet',
    '--network-driver', 'calico', '--volume-driver', 'cinder',
    '--driver', 'fake', '--dns-nameserver', '1.1.1.1',
    '--flavor', 'm1.small', '--master-flavor', 'm1.medium',
    '--docker-volume-size', '5', '--docker-storage-driver', 'overlay2',
    '--http-proxy', 'http://proxy:3128', '--https-proxy', 'http://proxy:3129',
    '--no-proxy', 'localhost,10.0.0.0/8',
    '--labels', 'kube_tag=v1.30.1', '--labels', 'boot_volume_size=10',
    '--registry-enabled', '--insecure-registry', '10.0.0.1:5000',
    '--server-type', 'vm', '--master-lb-enabled', '--floating-ip-disabled',
    '--tags', 'gold')
TEMPLATE_FIELDS = {
    'coe': 'kubernetes', 'image_id': 'fedora-coreos-latest',
    'external_network_id': 'public', 'keypair_id': 'testkey',
    'fixed_network': 'private', 'fixed_subnet': 'private-subnet',
    'network_driver': 'calico', 'volume_driver': 'cinder', 'driver': 'fake',
    'dns_nameserver': '1.1.1.1', 'flavor_id': 'm1.small',
    'master_flavor_id': 'm1.medium', 'docker_volume_size': 5,
    'docker_storage_driver': 'overlay2', 'http_proxy': 'http://proxy:3128',
    'https_proxy': 'http://proxy:3129', 'no_proxy': 'localhost,10.0.0.0/8',
    'labels': {'kube_tag': 'v1.30.1', 'boot_volume_size': '10'},
    'registry_enabled': True, 'insecure_registry': '10.0.0.1:5000',
    'server_type': 'vm', 'master_lb_enabled': True,
    'floating_ip_enabled': False, 'tags': 'gold', 'tls_disabled': False,
    'public': False, 'hidden': False, 'cluster_distro': 'fedora-coreos',
}


# --- fixtures --------------------------------------------------------------

def _keystone_answers(auth_url):
    try:
        with urllib.request.urlopen(auth_url, timeout=5) as resp:
            return resp.status == 200
    except OSError:
        return False


@pytest.fixture(scope='module')
def cloud(request):
    """The running local cloud; brought up by the session fixture only if
    its Keystone does not answer (``up`` would also (re)start the
    tool-managed Magnum, which these tests do not use)."""
    path = os.path.join(HOME, 'state.json')
    if os.path.exists(path):
        with open(path, encoding='utf-8') as f:
            state = json.load(f)
        if _keystone_answers(state['auth_url']):
            return LocalCloud(state)
    return request.getfixturevalue('local_cloud')


@pytest.fixture(scope='module')
def coe(cloud):
    # Not under pytest's basetemp: a concurrent pytest run may prune that
    # while this module's Magnum still uses its files.
    workdir = tempfile.mkdtemp(prefix='magnum-coe-cli-')
    magnum = coe_cli.MagnumAll(workdir, cloud.auth_url,
                               fernet.Fernet.generate_key().decode())
    magnum.start()
    cli = coe_cli.CoeCli(cloud.state['venv'], magnum.endpoint,
                         lambda user: cloud.session(user).get_token(),
                         workdir)
    cli.magnum = magnum
    cli.project_of = lambda user: cloud.session(user).get_project_id()
    try:
        yield cli
    finally:
        cli.close()
        magnum.stop()
        if os.environ.get('COE_CLI_KEEP_DIR') != '1':
            shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope='module')
def template(coe):
    return coe.json(USER, 'coe', 'cluster', 'template', 'create', TEMPLATE,
                    *TEMPLATE_OPTIONS)


@pytest.fixture(scope='module')
def public_template(coe):
    """A public template of the admin project, usable by everyone."""
    return coe.json(ADMIN, 'coe', 'cluster', 'template', 'create',
                    'cli-ct-public', '--coe', 'kubernetes',
                    '--image', 'fedora-coreos-latest',
                    '--external-network', 'public', '--driver', 'fake',
                    '--public')


@pytest.fixture(scope='module')
def cluster(coe, template):
    out = coe.run(USER, 'coe', 'cluster', 'create', CLUSTER,
                  '--cluster-template', TEMPLATE,
                  '--labels', 'kube_tag=v1.30.2', '--labels', 'extra=yes',
                  '--merge-labels', '--node-count', 2, '--master-count', 1,
                  '--timeout', 30, '--keypair', 'testkey',
                  '--docker-volume-size', 3, '--flavor', 'm1.medium',
                  '--master-flavor', 'm1.small').stdout
    uuid = re.fullmatch(r'Request to create cluster (\S+) accepted\n',
                        out).group(1)
    return wait_cluster(coe, uuid, 'CREATE_COMPLETE')


# --- helpers ---------------------------------------------------------------

def show(coe, *argv, user=USER):
    """``<argv> -f json`` or None when the object is not found."""
    coe.magnum.assert_no_lost_writes()
    result = coe.run(user, *(argv + ('-f', 'json')), expect=None)
    if result.rc != 0:
        assert NOT_FOUND in result.stderr, result
        return None
    return json.loads(result.stdout)


def wait_status(coe, argv, status, since=None):
    """Poll ``show`` until ``status``, with an ``updated_at`` other than
    ``since`` (the value before an asynchronous request) when given."""
    def done(data):
        if data is None:
            return False    # a cluster's row is written by the conductor
        assert not data['status'].endswith('_FAILED'), data
        return data['status'] == status and (since is None or
                                             data['updated_at'] != since)
    return coe_cli.wait_for(lambda: show(coe, *argv), done, TIMEOUT,
                            ' '.join(argv), coe.magnum.log_tail)


def wait_cluster(coe, ident, status, since=None):
    return wait_status(coe, ('coe', 'cluster', 'show', ident), status,
                       since)


def wait_gone(coe, *argv):
    coe_cli.wait_for(lambda: show(coe, *argv), lambda data: data is None,
                     TIMEOUT, ' '.join(argv), coe.magnum.log_tail)


def values(coe, user, *argv):
    return coe.value(user, *argv).splitlines()


def load_cert(pem):
    return x509.load_pem_x509_certificate(pem.encode())


def verifies(cert, ca):
    try:
        cert.verify_directly_issued_by(ca)
    except (ValueError, TypeError, crypto_exc.InvalidSignature):
        return False
    return True


def make_csr(common_name):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    csr = x509.CertificateSigningRequestBuilder().subject_name(x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, 'cli-tests'),
    ])).sign(key, hashes.SHA256())
    return key, csr.public_bytes(serialization.Encoding.PEM).decode()


def ca_of(coe, ident=CLUSTER):
    pem = coe.run(USER, 'coe', 'ca', 'show', ident).stdout
    assert pem.startswith('-----BEGIN CERTIFICATE-----'), pem
    return load_cert(pem)


# --- cluster templates -----------------------------------------------------

def test_template_create_sets_every_option(coe, template):
    for field, expected in TEMPLATE_FIELDS.items():
        assert template[field] == expected, field
    assert template['name'] == TEMPLATE
    assert template['project_id'] == coe.project_of(USER)
    assert coe.json(USER, 'coe', 'cluster', 'template', 'show',
                    template['uuid']) == template


def test_template_public_and_hidden_need_admin(coe, public_template):
    err = coe.fails(USER, 'coe', 'cluster', 'template', 'create', 'nope',
                    '--coe', 'kubernetes', '--image', 'fedora-coreos-latest',
                    '--external-network', 'public', '--public')
    assert 'Not authorized to set public or hidden flag' in err
    assert 'HTTP 403' in err
    hidden = coe.json(ADMIN, 'coe', 'cluster', 'template', 'create',
                      'cli-ct-hidden', '--coe', 'kubernetes',
                      '--image', 'fedora-coreos-latest',
                      '--external-network', 'public', '--public', '--hidden')
    assert public_template['public'] is True
    assert (hidden['public'], hidden['hidden']) == (True, True)
    # Another project sees the public template, not the hidden one.
    for user in (USER, ALT):
        names = values(coe, user, 'coe', 'cluster', 'template', 'list',
                       '-c', 'name')
        assert 'cli-ct-public' in names and 'cli-ct-hidden' not in names
        assert coe.json(user, 'coe', 'cluster', 'template', 'show',
                        'cli-ct-public')['uuid'] == public_template['uuid']
    assert TEMPLATE not in values(coe, ALT, 'coe', 'cluster', 'template',
                                  'list', '-c', 'name')
    err = coe.fails(ALT, 'coe', 'cluster', 'template', 'show', TEMPLATE)
    assert NOT_FOUND in err


def test_template_list_limit_sort_and_fields(coe, template,
                                             public_template):
    base = ('coe', 'cluster', 'template', 'list', '--sort-key', 'name')
    names = values(coe, USER, *base, '-c', 'name')
    assert names == sorted(names) and len(names) >= 2
    assert values(coe, USER, *base, '--limit', 1, '-c', 'name') == names[:1]
    assert values(coe, USER, *base, '--sort-dir', 'desc', '--limit', 2,
                  '-c', 'name') == names[::-1][:2]
    rows = coe.json(USER, *base, '--fields', 'coe,public,server_type')
    row = [r for r in rows if r['name'] == TEMPLATE][0]
    assert row == {'uuid': template['uuid'], 'name': TEMPLATE,
                   'tags': 'gold', 'coe': 'kubernetes', 'public': False,
                   'server_type': 'vm'}
    err = coe.fails(USER, *base[:4], '--sort-key', 'no_such_column')
    assert 'no_such_column' in err and 'HTTP 400' in err


def test_template_update_flags_and_delete(coe):
    coe.json(USER, 'coe', 'cluster', 'template', 'create', 'cli-ct-upd',
             '--coe', 'kubernetes', '--image', 'fedora-coreos-latest',
             '--external-network', 'public', '--labels', 'a=1',
             '--labels', 'b=2')
    updated = coe.json(
        USER, 'coe', 'cluster', 'template', 'update', 'cli-ct-upd',
        '--name', 'cli-ct-upd2', '--flavor', 'm1.large',
        '--master-flavor', 'm1.medium', '--keypair', 'testkey',
        '--fixed-network', 'private', '--fixed-subnet', 'private-subnet',
        '--network-driver', 'calico', '--volume-driver', 'cinder',
        '--dns-nameserver', '9.9.9.9', '--docker-volume-size', 7,
        '--http-proxy', 'http://p:1', '--https-proxy', 'http://p:2',
        '--no-proxy', 'example.org', '--insecure-registry', 'r:5000',
        '--label', 'c=3', '--label', 'a=10', '--no-label', 'b',
        '--tag', 't1', '--tls-disabled', '--registry-enabled',
        '--master-lb-enabled', '--floating-ip-disabled')
    expected = {
        'name': 'cli-ct-upd2', 'flavor_id': 'm1.large',
        'master_flavor_id': 'm1.medium', 'keypair_id': 'testkey',
        'fixed_network': 'private', 'fixed_subnet': 'private-subnet',
        'network_driver': 'calico', 'volume_driver': 'cinder',
        'dns_nameserver': '9.9.9.9', 'docker_volume_size': 7,
        'http_proxy': 'http://p:1', 'https_proxy': 'http://p:2',
        'no_proxy': 'example.org', 'insecure_registry': 'r:5000',
        'labels': {'a': '10', 'c': '3'}, 'tags': 't1',
        'tls_disabled': True, 'registry_enabled': True,
        'master_lb_enabled': True, 'floating_ip_enabled': False}
    for field, value in expected.items():
        assert updated[field] == value, field
    assert coe.json(USER, 'coe', 'cluster', 'template', 'show',
                    'cli-ct-upd2') == updated
    back = coe.json(USER, 'coe', 'cluster', 'template', 'update',
                    'cli-ct-upd2', '--tls-enabled', '--registry-disabled',
                    '--master-lb-disabled', '--floating-ip-enabled')
    assert (back['tls_disabled'], back['registry_enabled'],
            back['master_lb_enabled'], back['floating_ip_enabled']) == (
        False, False, False, True)
    # Publishing is the admin's; the owner cannot.
    err = coe.fails(USER, 'coe', 'cluster', 'template', 'update',
                    'cli-ct-upd2', '--public')
    assert 'HTTP 403' in err
    public = coe.json(ADMIN, 'coe', 'cluster', 'template', 'update',
                      'cli-ct-upd2', '--public', '--hidden')
    assert (public['public'], public['hidden']) == (True, True)
    private = coe.json(ADMIN, 'coe', 'cluster', 'template', 'update',
                       'cli-ct-upd2', '--private', '--visible')
    assert (private['public'], private['hidden']) == (False, False)
    err = coe.fails(USER, 'coe', 'cluster', 'template', 'update',
                    'cli-ct-upd2', '--label', 'bad key=1')
    assert 'HTTP 400' in err
    # Several at once; each is reported.
    coe.json(USER, 'coe', 'cluster', 'template', 'create', 'cli-ct-del',
             '--coe', 'kubernetes', '--image', 'fedora-coreos-latest',
             '--external-network', 'public')
    out = coe.run(USER, 'coe', 'cluster', 'template', 'delete',
                  'cli-ct-upd2', 'cli-ct-del').stdout
    assert out.splitlines() == [
        'Request to delete cluster template %s has been accepted.' % name
        for name in ('cli-ct-upd2', 'cli-ct-del')]
    for name in ('cli-ct-upd2', 'cli-ct-del'):
        assert show(coe, 'coe', 'cluster', 'template', 'show', name) is None


# --- clusters --------------------------------------------------------------

def test_cluster_create_merges_labels_and_takes_options(coe, cluster,
                                                        template):
    assert cluster['name'] == CLUSTER
    assert cluster['status'] == 'CREATE_COMPLETE'
    assert cluster['cluster_template_id'] == template['uuid']
    assert (cluster['node_count'], cluster['master_count']) == (2, 1)
    assert cluster['create_timeout'] == 30
    assert cluster['keypair'] == 'testkey'
    assert cluster['docker_volume_size'] == 3
    assert (cluster['flavor_id'], cluster['master_flavor_id']) == (
        'm1.medium', 'm1.small')
    assert cluster['labels'] == {'kube_tag': 'v1.30.2', 'extra': 'yes',
                                 'boot_volume_size': '10'}
    assert cluster['labels_added'] == {'extra': 'yes'}
    assert cluster['labels_overridden'] == {'kube_tag': 'v1.30.1'}
    assert cluster['coe_version'] == 'v1.30.2'
    assert re.fullmatch(r'https://192\.0\.2\.\d+:6443',
                        cluster['api_address'])
    assert len(cluster['master_addresses']) == 1
    assert len(cluster['node_addresses']) == 2
    # Latest microversion: cluster_id replaces stack_id.
    assert cluster['cluster_id'] and 'stack_id' not in cluster
    create = coe.magnum.driver_calls('create')
    assert [c['cluster_uuid'] for c in create] == [cluster['uuid']]
    rows = coe.json(USER, 'coe', 'nodegroup', 'list', CLUSTER)
    assert sorted((r['name'], r['role'], r['node_count'], r['flavor_id'])
                  for r in rows) == [
        ('default-master', 'master', 1, 'm1.small'),
        ('default-worker', 'worker', 2, 'm1.medium')]


def test_template_in_use_cannot_be_deleted_or_changed(coe, cluster):
    out = coe.run(USER, 'coe', 'cluster', 'template', 'delete',
                  TEMPLATE).stdout
    assert out.startswith('Delete for cluster template %s failed: ' %
                          TEMPLATE)
    assert 'is referenced by one or multiple clusters (HTTP 400)' in out
    err = coe.fails(USER, 'coe', 'cluster', 'template', 'update', TEMPLATE,
                    '--docker-volume-size', 9)
    assert 'is referenced by one or multiple clusters (HTTP 400)' in err
    # Tags alone may change on a template in use.
    assert coe.json(USER, 'coe', 'cluster', 'template', 'update', TEMPLATE,
                    '--tag', 'silver')['tags'] == 'silver'


def test_cluster_list_limit_sort_and_delete(coe, cluster, template):
    for name in ('cli-del-a', 'cli-del-b'):
        coe.run(USER, 'coe', 'cluster', 'create', name,
                '--cluster-template', TEMPLATE, '--node-count', 1)
    for name in ('cli-del-a', 'cli-del-b'):
        wait_cluster(coe, name, 'CREATE_COMPLETE')
    rows = coe.json(USER, 'coe', 'cluster', 'list')
    assert {r['name'] for r in rows} == {CLUSTER, 'cli-del-a', 'cli-del-b'}
    main = [r for r in rows if r['name'] == CLUSTER][0]
    assert main == {'uuid': cluster['uuid'], 'name': CLUSTER,
                    'keypair': 'testkey', 'node_count': 2,
                    'master_count': 1, 'status': 'CREATE_COMPLETE',
                    'health_status': None}
    base = ('coe', 'cluster', 'list', '--sort-key', 'name', '-c', 'name')
    assert values(coe, USER, *base) == [CLUSTER, 'cli-del-a', 'cli-del-b']
    assert values(coe, USER, *base, '--sort-dir', 'desc', '--limit', 2) == [
        'cli-del-b', 'cli-del-a']
    assert values(coe, USER, *base, '--limit', 1) == [CLUSTER]
    # Another project sees none of them.
    assert coe.json(ALT, 'coe', 'cluster', 'list') == []
    assert NOT_FOUND in coe.fails(ALT, 'coe', 'cluster', 'show', CLUSTER)
    out = coe.run(USER, 'coe', 'cluster', 'delete', 'cli-del-a',
                  'cli-del-b').stdout
    assert out.splitlines() == [
        'Request to delete cluster %s has been accepted.' % name
        for name in ('cli-del-a', 'cli-del-b')]
    for name in ('cli-del-a', 'cli-del-b'):
        wait_gone(coe, 'coe', 'cluster', 'show', name)
    assert values(coe, USER, *base) == [CLUSTER]


def test_cluster_update_node_count_only(coe, cluster):
    before = show(coe, 'coe', 'cluster', 'show', CLUSTER)
    out = coe.run(USER, 'coe', 'cluster', 'update', CLUSTER,
                  '--node-count', 3).stdout
    assert out == 'Request to update cluster %s has been accepted.\n' % (
        CLUSTER)
    after = wait_cluster(coe, CLUSTER, 'UPDATE_COMPLETE',
                         since=before['updated_at'])
    assert after['node_count'] == 3
    worker = coe.json(USER, 'coe', 'nodegroup', 'show', CLUSTER,
                      'default-worker')
    assert worker['node_count'] == 3
    # 5.0.0 offers these flags; the API keeps upstream's rule that only
    # node_count (and the health fields) of a cluster may change.
    for flags, field in ((('--name', 'renamed'), 'name'),
                         (('--label', 'p=q'), 'labels'),
                         (('--master-count', '3'), 'master_count')):
        err = coe.fails(USER, 'coe', 'cluster', 'update', CLUSTER, *flags)
        assert 'cannot change cluster property(ies) %s (HTTP 400)' % (
            field) in err
    # --rollback (?rollback=True) is accepted at the latest version.
    coe.run(USER, 'coe', 'cluster', 'update', CLUSTER, '--node-count', 4,
            '--rollback')
    after = wait_cluster(coe, CLUSTER, 'UPDATE_COMPLETE',
                         since=after['updated_at'])
    assert after['node_count'] == 4


def test_cluster_resize_and_nodes_to_remove(coe, cluster):
    before = show(coe, 'coe', 'cluster', 'show', CLUSTER)
    out = coe.run(USER, 'coe', 'cluster', 'resize', CLUSTER, 2).stdout
    assert out == 'Request to resize cluster %s has been accepted.\n' % (
        CLUSTER)
    after = wait_cluster(coe, CLUSTER, 'UPDATE_COMPLETE',
                         since=before['updated_at'])
    assert after['node_count'] == 2
    victim = '7a1d2b04-51a6-4b37-9b0f-6a4b5e2f9c11'
    coe.run(USER, 'coe', 'cluster', 'resize', CLUSTER, 1,
            '--nodes-to-remove', victim, '--nodegroup', 'default-worker')
    after = wait_cluster(coe, CLUSTER, 'UPDATE_COMPLETE',
                         since=after['updated_at'])
    assert after['node_count'] == 1
    calls = coe.magnum.driver_calls('resize')
    assert [c['args'] for c in calls[-2:]] == [
        {'node_count': 2, 'nodes_to_remove': []},
        {'node_count': 1, 'nodes_to_remove': [victim]}]
    assert calls[-1]['nodegroup_name'] == 'default-worker'
    err = coe.fails(USER, 'coe', 'cluster', 'resize', CLUSTER, 2,
                    '--nodegroup', 'default-master')
    assert 'HTTP 400' in err


def test_cluster_upgrade_to_another_template(coe, cluster):
    newer = coe.json(USER, 'coe', 'cluster', 'template', 'create',
                     'cli-ct-v2', '--coe', 'kubernetes',
                     '--image', 'fedora-coreos-latest',
                     '--external-network', 'public', '--driver', 'fake',
                     '--labels', 'kube_tag=v1.31.0')
    before = show(coe, 'coe', 'cluster', 'show', CLUSTER)
    out = coe.run(USER, 'coe', 'cluster', 'upgrade', CLUSTER, 'cli-ct-v2',
                  '--max-batch-size', 2).stdout
    assert out == 'Request to upgrade cluster %s has been accepted.\n' % (
        CLUSTER)
    after = wait_cluster(coe, CLUSTER, 'UPDATE_COMPLETE',
                         since=before['updated_at'])
    # The fake driver "upgrades" the nodes to the new template's kube_tag;
    # like upstream's conductor, ours leaves cluster_template_id to the
    # driver, and the fake one does not switch it.
    assert after['coe_version'] == 'v1.31.0'
    assert after['cluster_template_id'] == cluster['cluster_template_id']
    call = coe.magnum.driver_calls('upgrade')[-1]
    assert call['args']['cluster_template'] == newer['uuid']
    assert call['args']['max_batch_size'] == 2
    err = coe.fails(USER, 'coe', 'cluster', 'upgrade', CLUSTER,
                    'no-such-template')
    assert 'no-such-template' in err and 'HTTP 404' in err


# --- node groups -----------------------------------------------------------

def test_nodegroup_lifecycle(coe, cluster):
    before = show(coe, 'coe', 'cluster', 'show', CLUSTER)
    out = coe.run(USER, 'coe', 'nodegroup', 'create', CLUSTER, 'cli-ng',
                  '--node-count', 2, '--min-nodes', 1, '--max-nodes', 4,
                  '--role', 'infra', '--flavor', 'm1.large',
                  '--image', 'fedora-coreos-latest',
                  '--docker-volume-size', 4,
                  '--labels', 'ng_label=1', '--merge-labels',
                  '--node-labels', 'tier=infra', '--node-labels', 'zone=a',
                  '--node-taints', 'dedicated=infra:NoSchedule',
                  '--node-taints', 'spot:NoExecute').stdout
    assert re.fullmatch(r'Request to create nodegroup \S+ accepted\n', out)
    ng = wait_status(coe, ('coe', 'nodegroup', 'show', CLUSTER, 'cli-ng'),
                     'CREATE_COMPLETE')
    assert (ng['role'], ng['node_count'], ng['min_node_count'],
            ng['max_node_count']) == ('infra', 2, 1, 4)
    assert (ng['flavor_id'], ng['docker_volume_size'],
            ng['is_default']) == ('m1.large', 4, False)
    assert ng['labels']['ng_label'] == '1'
    assert ng['labels']['kube_tag'] == cluster['labels']['kube_tag']
    assert ng['node_labels'] == {'tier': 'infra', 'zone': 'a'}
    assert ng['node_taints'] == [
        {'key': 'dedicated', 'value': 'infra', 'effect': 'NoSchedule'},
        {'key': 'spot', 'value': '', 'effect': 'NoExecute'}]
    assert len(ng['node_addresses']) == 2
    wait_cluster(coe, CLUSTER, 'UPDATE_COMPLETE', since=before['updated_at'])

    infra = coe.json(USER, 'coe', 'nodegroup', 'list', CLUSTER,
                     '--role', 'infra')
    assert [(r['name'], r['role'], r['status']) for r in infra] == [
        ('cli-ng', 'infra', 'CREATE_COMPLETE')]
    base = ('coe', 'nodegroup', 'list', CLUSTER, '--sort-key', 'name',
            '-c', 'name')
    assert values(coe, USER, *base) == [
        'cli-ng', 'default-master', 'default-worker']
    assert values(coe, USER, *base, '--sort-dir', 'desc', '--limit', 2) == [
        'default-worker', 'default-master']

    out = coe.run(USER, 'coe', 'nodegroup', 'update', CLUSTER, 'cli-ng',
                  '--min-nodes', 0, '--max-nodes', 5,
                  '--node-labels', 'tier=batch',
                  '--node-taints', 'gpu=yes:PreferNoSchedule').stdout
    assert out == 'Request to update nodegroup cli-ng has been accepted.\n'
    ng = wait_status(coe, ('coe', 'nodegroup', 'show', CLUSTER, 'cli-ng'),
                     'UPDATE_COMPLETE')
    assert (ng['min_node_count'], ng['max_node_count']) == (0, 5)
    assert ng['node_labels'] == {'tier': 'batch'}
    assert ng['node_taints'] == [
        {'key': 'gpu', 'value': 'yes', 'effect': 'PreferNoSchedule'}]
    err = coe.fails(USER, 'coe', 'cluster', 'resize', CLUSTER, 9,
                    '--nodegroup', 'cli-ng')
    assert 'HTTP 400' in err
    # Before 1.14 node labels and taints are unknown to the API.
    err = coe.fails(USER, '--os-container-infra-api-version', '1.13',
                    'coe', 'nodegroup', 'create', CLUSTER, 'cli-ng-old',
                    '--node-labels', 'a=b')
    assert 'node_labels' in err and 'HTTP 400' in err
    err = coe.fails(USER, 'coe', 'nodegroup', 'delete', CLUSTER,
                    'default-worker')
    assert 'Deleting a default nodegroup is not supported (HTTP 400)' in err

    before = show(coe, 'coe', 'cluster', 'show', CLUSTER)
    out = coe.run(USER, 'coe', 'nodegroup', 'delete', CLUSTER,
                  'cli-ng').stdout
    assert out == 'Request to delete nodegroup cli-ng has been accepted.\n'
    wait_gone(coe, 'coe', 'nodegroup', 'show', CLUSTER, 'cli-ng')
    assert values(coe, USER, *base) == ['default-master', 'default-worker']
    wait_cluster(coe, CLUSTER, 'UPDATE_COMPLETE', since=before['updated_at'])


# --- certificates and credentials ------------------------------------------

def test_ca_show_sign_and_rotate(coe, cluster, tmp_path):
    ca = ca_of(coe)
    assert ca.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value \
        == CLUSTER
    assert ca.extensions.get_extension_for_class(
        x509.BasicConstraints).value.ca is True
    key, csr_pem = make_csr('cli-user')
    csr_file = tmp_path / 'user.csr'
    csr_file.write_text(csr_pem)
    cert = load_cert(coe.run(USER, 'coe', 'ca', 'sign', CLUSTER,
                             str(csr_file)).stdout)
    assert verifies(cert, ca)
    assert cert.subject.rfc4514_string() == 'O=cli-tests,CN=cli-user'
    assert cert.issuer == ca.subject
    assert cert.public_key().public_numbers() == \
        key.public_key().public_numbers()

    bad = tmp_path / 'bad.csr'
    bad.write_text('-----BEGIN CERTIFICATE REQUEST-----\nnope\n'
                   '-----END CERTIFICATE REQUEST-----\n')
    err = coe.fails(USER, 'coe', 'ca', 'sign', CLUSTER, str(bad))
    assert 'HTTP 400' in err
    # Certificates are the cluster owner's.
    assert NOT_FOUND in coe.fails(ALT, 'coe', 'ca', 'show', CLUSTER)

    before = show(coe, 'coe', 'cluster', 'show', CLUSTER)
    out = coe.run(USER, 'coe', 'ca', 'rotate', CLUSTER).stdout
    assert out == ('Request to rotate the CA certificate for cluster %s '
                   'has been accepted.\n' % cluster['uuid'])
    wait_cluster(coe, CLUSTER, 'UPDATE_COMPLETE', since=before['updated_at'])
    new_ca = ca_of(coe)
    assert new_ca.public_key().public_numbers() != \
        ca.public_key().public_numbers()
    assert not verifies(cert, new_ca)
    fresh = load_cert(coe.run(USER, 'coe', 'ca', 'sign', CLUSTER,
                              str(csr_file)).stdout)
    assert verifies(fresh, new_ca) and not verifies(fresh, ca)


def test_cluster_config_writes_a_verifiable_kubeconfig(coe, cluster,
                                                       tmp_path):
    ca = ca_of(coe)
    api_address = show(coe, 'coe', 'cluster', 'show', CLUSTER)['api_address']
    out = coe.run(USER, 'coe', 'cluster', 'config', CLUSTER,
                  '--dir', str(tmp_path)).stdout
    assert out.strip() == 'export KUBECONFIG=%s/config' % tmp_path
    config = yaml.safe_load((tmp_path / 'config').read_text())
    assert config['current-context'] == 'default'
    entry = config['clusters'][0]
    assert entry['name'] == CLUSTER
    assert entry['cluster']['server'] == api_address
    ca_pem = base64.b64decode(entry['cluster']['certificate-authority-data'])
    assert x509.load_pem_x509_certificate(ca_pem) == ca
    user = config['users'][0]
    assert user['name'] == 'admin'
    client = x509.load_pem_x509_certificate(base64.b64decode(
        user['user']['client-certificate-data']))
    client_key = serialization.load_pem_private_key(
        base64.b64decode(user['user']['client-key-data']), password=None)
    assert verifies(client, ca)
    assert client.subject.rfc4514_string() == 'O=system:masters,CN=admin'
    # The key in the file is the certificate's.
    signature = client_key.sign(b'proof', padding.PKCS1v15(),
                                hashes.SHA256())
    client.public_key().verify(signature, b'proof', padding.PKCS1v15(),
                               hashes.SHA256())

    err = coe.fails(USER, 'coe', 'cluster', 'config', CLUSTER,
                    '--dir', str(tmp_path))
    assert 'exists, aborting' in err
    coe.run(USER, 'coe', 'cluster', 'config', CLUSTER, '--dir',
            str(tmp_path), '--force', '--output-certs')
    assert load_cert((tmp_path / 'ca.pem').read_text()) == ca
    assert verifies(load_cert((tmp_path / 'cert.pem').read_text()), ca)
    assert (tmp_path / 'key.pem').read_text().startswith(
        '-----BEGIN RSA PRIVATE KEY-----')

    keystone_dir = tmp_path / 'keystone'
    keystone_dir.mkdir()
    coe.run(USER, 'coe', 'cluster', 'config', CLUSTER, '--dir',
            str(keystone_dir), '--use-keystone')
    config = yaml.safe_load((keystone_dir / 'config').read_text())
    assert config['current-context'] == 'openstackuser@kubernetes'
    assert config['users'][0]['name'] == 'openstackuser'
    assert 'client-certificate-data' not in config['users'][0]['user']


def test_tls_disabled_cluster_config_and_rotation(coe, tmp_path):
    coe.json(USER, 'coe', 'cluster', 'template', 'create', 'cli-ct-notls',
             '--coe', 'kubernetes', '--image', 'fedora-coreos-latest',
             '--external-network', 'public', '--driver', 'fake',
             '--flavor', 'm1.small', '--master-flavor', 'm1.small',
             '--tls-disabled')
    coe.run(USER, 'coe', 'cluster', 'create', 'cli-notls',
            '--cluster-template', 'cli-ct-notls', '--node-count', 1)
    plain = wait_cluster(coe, 'cli-notls', 'CREATE_COMPLETE')
    err = coe.fails(USER, 'coe', 'ca', 'rotate', 'cli-notls')
    assert 'HTTP 400' in err
    coe.run(USER, 'coe', 'cluster', 'config', 'cli-notls',
            '--dir', str(tmp_path))
    config = yaml.safe_load((tmp_path / 'config').read_text())
    assert config['clusters'] == [{'cluster': {
        'server': plain['api_address']}, 'name': 'cli-notls'}]
    assert config['users'] == [{'name': 'cli-notls'}]
    coe.run(USER, 'coe', 'cluster', 'delete', 'cli-notls')
    wait_gone(coe, 'coe', 'cluster', 'show', 'cli-notls')


def test_credential_rotate(coe, cluster):
    out = coe.run(USER, 'coe', 'credential', 'rotate', CLUSTER).stdout
    assert out == ('Request to rotate credentials for cluster %s accepted.\n'
                   % cluster['uuid'])
    calls = coe.magnum.driver_calls('rotate_credential')
    assert [c['cluster_uuid'] for c in calls] == [cluster['uuid']]
    # The route exists from 1.12 on; the client prints the failure.
    out = coe.run(USER, '--os-container-infra-api-version', '1.11', 'coe',
                  'credential', 'rotate', CLUSTER).stdout
    assert out.startswith('Credential rotation failed: ')
    assert 'HTTP 406' in out
    assert len(coe.magnum.driver_calls('rotate_credential')) == 1


# --- quotas, services, stats -----------------------------------------------

def test_quotas_crud_and_enforcement(coe, public_template):
    alt = coe.project_of(ALT)
    key = ('--project-id', alt, '--resource', 'Cluster')
    out = coe.run(USER, 'coe', 'quotas', 'create', *key,
                  '--hard-limit', 5).stdout
    assert "Policy doesn't allow quota:create to be performed (HTTP 403)" \
        in out
    created = coe_cli.properties(coe.run(
        ADMIN, 'coe', 'quotas', 'create', *key, '--hard-limit', 5).stdout)
    assert (created['project_id'], created['resource'],
            created['hard_limit']) == (alt, 'Cluster', '5')
    assert created['id'].isdigit()
    out = coe.run(ADMIN, 'coe', 'quotas', 'create', *key).stdout
    assert 'already exists' in out and 'HTTP 409' in out
    shown = coe_cli.properties(coe.run(ADMIN, 'coe', 'quotas', 'show',
                                       *key).stdout)
    assert shown == created
    updated = coe_cli.properties(coe.run(
        ADMIN, 'coe', 'quotas', 'update', *key, '--hard-limit', 0).stdout)
    assert (updated['id'], updated['hard_limit']) == (created['id'], '0')
    assert updated['updated_at'] != '-'
    # The admin's own project has no quota; --all-tenants shows alt's.
    assert coe_cli.table(coe.run(ADMIN, 'coe', 'quotas',
                                 'list').stdout) == []
    rows = coe_cli.table(coe.run(ADMIN, 'coe', 'quotas', 'list',
                                 '--all-tenants', '--limit', 10,
                                 '--sort-key', 'hard_limit').stdout)
    assert rows == [{'project_id': alt, 'resource': 'Cluster',
                     'hard_limit': '0'}]
    err = coe.fails(ALT, 'coe', 'cluster', 'create', 'cli-over-quota',
                    '--cluster-template', 'cli-ct-public')
    assert 'Resource limit exceeded' in err and 'HTTP 403' in err
    out = coe.run(ADMIN, 'coe', 'quotas', 'delete', *key).stdout
    assert out == ('Request to delete quota for project id %s and resource '
                   'Cluster has been accepted.\n' % alt)
    # Without a row, the configured default is shown (no id).
    default = coe_cli.properties(coe.run(ADMIN, 'coe', 'quotas', 'show',
                                         *key).stdout)
    assert default == {'project_id': alt, 'resource': 'Cluster',
                       'hard_limit': '20'}


def test_service_list(coe):
    rows = coe.json(ADMIN, 'coe', 'service', 'list')
    assert len(rows) == 1
    row = rows[0]
    assert (row['host'], row['binary'], row['state'], row['disabled']) == (
        'coe-cli-test', 'magnum-conductor', 'up', False)
    err = coe.fails(USER, 'coe', 'service', 'list')
    assert ("Policy doesn't allow magnum-service:get_all to be performed "
            "(HTTP 403)") in err


def test_stats_list(coe, cluster):
    demo = coe.project_of(USER)
    clusters = coe.json(USER, 'coe', 'cluster', 'list')
    nodes = sum(ng['node_count'] for c in clusters for ng in coe.json(
        USER, 'coe', 'nodegroup', 'list', c['uuid']))
    expected = {'clusters': str(len(clusters)), 'nodes': str(nodes)}
    for user in (USER, ADMIN):
        stats = coe_cli.properties(coe.run(user, 'coe', 'stats', 'list',
                                           demo).stdout)
        assert stats == expected, user
    err = coe.fails(USER, 'coe', 'stats', 'list', coe.project_of(ALT))
    assert 'HTTP 403' in err


def test_the_openstack_executable_gives_the_same_answers(coe, cluster):
    """The in-process runner is the ``openstack`` command: compare one
    read with the real executable (slow to start: every plugin loads)."""
    argv = ('coe', 'cluster', 'list', '-f', 'json')
    real = coe.run_executable(USER, *argv)
    assert real.rc == 0, real
    assert json.loads(real.stdout) == coe.json(USER, *argv[:-2])
