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

"""Defaults that clients, operators and other Magnum layers rely on."""

import unittest

from oslo_config import cfg

import magnum.conf


def _fresh_conf():
    """A ConfigOpts with every Magnum group, no config file, no CLI args."""
    conf = cfg.ConfigOpts()
    for module in magnum.conf.GROUP_MODULES:
        module.register_opts(conf)
    conf(args=[], project='magnum', default_config_files=[],
         default_config_dirs=[])
    return conf


class TestDefaults(unittest.TestCase):

    def setUp(self):
        super().setUp()
        self.conf = _fresh_conf()
        self.addCleanup(self.conf.reset)

    def test_api(self):
        self.assertEqual(9511, self.conf.api.port)
        self.assertEqual('127.0.0.1', self.conf.api.host)
        self.assertEqual(1000, self.conf.api.max_limit)
        self.assertEqual('api-paste.ini', self.conf.api.api_paste_config)
        self.assertFalse(self.conf.api.enabled_ssl)
        self.assertIsNone(self.conf.api.workers)

    def test_default_group(self):
        self.assertTrue(self.conf.host)
        self.assertTrue(self.conf.periodic_enable)
        self.assertEqual(60, self.conf.periodic_interval_max)
        self.assertEqual(180, self.conf.service_down_time)
        self.assertEqual('/var/lib/magnum', self.conf.state_path)
        self.assertEqual(524288, self.conf.max_manifest_size)
        self.assertEqual('/etc/magnum/rootwrap.conf',
                         self.conf.rootwrap_config)

    def test_auth_strategy(self):
        self.assertEqual('keystone', self.conf.auth_strategy)
        self.conf.set_override('auth_strategy', 'noauth')
        self.assertEqual('noauth', self.conf.auth_strategy)
        self.assertRaises(ValueError, self.conf.set_override,
                          'auth_strategy', 'trust-me')

    def test_conductor(self):
        conductor = self.conf.conductor
        self.assertEqual('magnum-conductor', conductor.topic)
        self.assertIsNone(conductor.workers)
        self.assertEqual(2, conductor.status_sync_interval)
        self.assertEqual(16, conductor.worker_pool_size)
        self.assertEqual(3600, conductor.in_progress_timeout)
        self.assertEqual(10, conductor.heartbeat_interval)
        self.assertLess(conductor.heartbeat_interval,
                        self.conf.service_down_time)

    def test_database_connection_follows_state_path(self):
        self.assertEqual('sqlite:////var/lib/magnum/magnum.sqlite',
                         self.conf.database.connection)
        self.conf.set_override('state_path', '/srv/magnum')
        self.assertEqual('sqlite:////srv/magnum/magnum.sqlite',
                         self.conf.database.connection)
        self.assertEqual('InnoDB', self.conf.database.mysql_engine)

    def test_quotas(self):
        self.assertEqual(20, self.conf.quotas.max_clusters_per_project)

    def test_x509(self):
        x509 = self.conf.x509
        self.assertFalse(x509.allow_ca)
        self.assertEqual(['keyUsage', 'extendedKeyUsage', 'subjectAltName',
                          'basicConstraints', 'subjectKeyIdentifier'],
                         x509.allowed_extensions)
        self.assertEqual(['Digital Signature', 'Key Encipherment',
                          'Non Repudiation'], x509.allowed_key_usage)
        self.assertEqual(1825, x509.term_of_validity)
        self.assertEqual(2048, x509.rsa_key_size)

    def test_x509_rejects_unknown_extension(self):
        self.assertRaises(ValueError, self.conf.set_override,
                          'allowed_extensions', ['notAnExtension'],
                          group='x509')

    def test_certificates(self):
        certificates = self.conf.certificates
        self.assertEqual('barbican', certificates.cert_manager_type)
        self.assertEqual('/var/lib/magnum/certificates/',
                         certificates.storage_path)
        self.assertIsNone(certificates.encryption_key)
        self.assertRaises(ValueError, self.conf.set_override,
                          'cert_manager_type', 'vault', group='certificates')
        self.assertEqual(30, certificates.expiry_warning_days)
        self.assertRaises(ValueError, self.conf.set_override,
                          'expiry_warning_days', -1, group='certificates')

    def test_cluster_and_templates(self):
        self.assertEqual('https://discovery.etcd.io/new?size=%(size)d',
                         self.conf.cluster.etcd_discovery_service_endpoint_format)
        self.assertEqual('soft-anti-affinity',
                         self.conf.cluster.nodes_affinity_policy)
        self.assertEqual(['flannel', 'calico'],
                         self.conf.cluster_template
                         .kubernetes_allowed_network_drivers)
        self.assertEqual('flannel', self.conf.cluster_template
                         .kubernetes_default_network_driver)

    def test_cluster_heat(self):
        self.assertEqual(2000, self.conf.cluster_heat.max_attempts)
        self.assertEqual(1, self.conf.cluster_heat.wait_interval)
        self.assertEqual(60, self.conf.cluster_heat.create_timeout)

    def test_drivers_and_kubernetes(self):
        self.assertTrue(self.conf.drivers.verify_ca)
        self.assertEqual([], self.conf.drivers.disabled_drivers)
        self.assertIsNone(self.conf.drivers.default_driver)
        self.assertEqual(60, self.conf.kubernetes.health_polling_interval)

    def test_clients(self):
        for service in ('barbican', 'cinder', 'glance', 'heat', 'magnum',
                        'neutron', 'nova', 'octavia'):
            group = self.conf[service + '_client']
            with self.subTest(service=service):
                self.assertIsNone(group.region_name)
                self.assertEqual('publicURL', group.endpoint_type)
                self.assertFalse(group.insecure)
        self.assertEqual('1', self.conf.heat_client.api_version)
        self.assertEqual('3', self.conf.cinder_client.api_version)

    def test_keystone_auth(self):
        self.assertEqual('password', self.conf.keystone_auth.auth_type)
        self.assertIn('cafile', self.conf.keystone_auth)
        self.assertIn('timeout', self.conf.keystone_auth)

    def test_docker_and_registry(self):
        self.assertEqual('1.21', self.conf.docker.docker_remote_api_version)
        self.assertEqual('docker_registry',
                         self.conf.docker_registry.swift_registry_container)
