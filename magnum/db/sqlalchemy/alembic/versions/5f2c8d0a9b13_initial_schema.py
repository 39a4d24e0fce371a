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

"""Initial schema: every table Magnum needs.

Revision ID: 5f2c8d0a9b13
Revises:
Create Date: 2026-01-05 00:00:00

This revision is a snapshot; it must not import the models, which keep
changing after it. Later revisions change the schema step by step.
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import mysql

# revision identifiers, used by Alembic.
revision = '5f2c8d0a9b13'
down_revision = None
branch_labels = None
depends_on = None

_TABLE_ARGS = {'mysql_engine': 'InnoDB', 'mysql_charset': 'utf8mb4'}


def _json():
    return sa.Text().with_variant(mysql.MEDIUMTEXT(), 'mysql')


def _str(length=255):
    return sa.String(length)


def _common():
    """id and the two timestamps every table has."""
    return [
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('created_at', sa.DateTime(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=True),
    ]


def upgrade():
    op.create_table(
        'cluster_template',
        *_common(),
        sa.Column('uuid', _str(36), nullable=False),
        sa.Column('project_id', _str()),
        sa.Column('user_id', _str()),
        sa.Column('name', _str()),
        sa.Column('image_id', _str()),
        sa.Column('flavor_id', _str()),
        sa.Column('master_flavor_id', _str()),
        sa.Column('keypair_id', _str()),
        sa.Column('external_network_id', _str()),
        sa.Column('fixed_network', _str()),
        sa.Column('fixed_subnet', _str()),
        sa.Column('network_driver', _str()),
        sa.Column('volume_driver', _str()),
        sa.Column('dns_nameserver', _str()),
        sa.Column('apiserver_port', sa.Integer()),
        sa.Column('docker_volume_size', sa.Integer()),
        sa.Column('docker_storage_driver', _str()),
        sa.Column('cluster_distro', _str()),
        sa.Column('coe', _str()),
        sa.Column('http_proxy', _str()),
        sa.Column('https_proxy', _str()),
        sa.Column('no_proxy', _str()),
        sa.Column('registry_enabled', sa.Boolean()),
        sa.Column('labels', _json()),
        sa.Column('tls_disabled', sa.Boolean()),
        sa.Column('public', sa.Boolean()),
        sa.Column('server_type', _str()),
        sa.Column('insecure_registry', _str()),
        sa.Column('master_lb_enabled', sa.Boolean()),
        sa.Column('floating_ip_enabled', sa.Boolean()),
        sa.Column('hidden', sa.Boolean()),
        sa.Column('tags', _str()),
        sa.Column('driver', _str()),
        sa.UniqueConstraint('uuid', name='uniq_cluster_template0uuid'),
        **_TABLE_ARGS,
    )
    op.create_index('idx_cluster_template_project_id', 'cluster_template',
                    ['project_id'])

    op.create_table(
        'cluster',
        *_common(),
        sa.Column('uuid', _str(36), nullable=False),
        sa.Column('project_id', _str()),
        sa.Column('user_id', _str()),
        sa.Column('name', _str()),
        sa.Column('cluster_template_id', _str(36)),
        sa.Column('keypair', _str()),
        sa.Column('docker_volume_size', sa.Integer()),
        sa.Column('labels', _json()),
        sa.Column('master_flavor_id', _str()),
        sa.Column('flavor_id', _str()),
        sa.Column('stack_id', _str()),
        sa.Column('api_address', _str()),
        sa.Column('status', _str(20)),
        sa.Column('status_reason', sa.Text()),
        sa.Column('health_status', _str(20)),
        sa.Column('health_status_reason', _json()),
        sa.Column('create_timeout', sa.Integer()),
        sa.Column('discovery_url', _str()),
        sa.Column('ca_cert_ref', _str()),
        sa.Column('magnum_cert_ref', _str()),
        sa.Column('etcd_ca_cert_ref', _str()),
        sa.Column('front_proxy_ca_cert_ref', _str()),
        sa.Column('coe_version', _str()),
        sa.Column('container_version', _str()),
        sa.Column('fixed_network', _str()),
        sa.Column('fixed_subnet', _str()),
        sa.Column('floating_ip_enabled', sa.Boolean()),
        sa.Column('master_lb_enabled', sa.Boolean()),
        sa.UniqueConstraint('uuid', name='uniq_cluster0uuid'),
        **_TABLE_ARGS,
    )
    op.create_index('idx_cluster_project_id', 'cluster', ['project_id'])
    op.create_index('idx_cluster_status', 'cluster', ['status'])
    op.create_index('idx_cluster_cluster_template_id', 'cluster',
                    ['cluster_template_id'])
    op.create_index('idx_cluster_name', 'cluster', ['name'])

    op.create_table(
        'nodegroup',
        *_common(),
        sa.Column('uuid', _str(36), nullable=False),
        sa.Column('name', _str()),
        sa.Column('cluster_id', _str(36), nullable=False),
        sa.Column('project_id', _str()),
        sa.Column('docker_volume_size', sa.Integer()),
        sa.Column('labels', _json()),
        sa.Column('flavor_id', _str()),
        sa.Column('image_id', _str()),
        sa.Column('node_addresses', _json()),
        sa.Column('node_count', sa.Integer()),
        sa.Column('role', _str()),
        sa.Column('max_node_count', sa.Integer()),
        sa.Column('min_node_count', sa.Integer()),
        sa.Column('is_default', sa.Boolean()),
        sa.Column('stack_id', _str()),
        sa.Column('status', _str(20)),
        sa.Column('status_reason', sa.Text()),
        sa.Column('version', _str()),
        sa.Column('node_labels', _json()),
        sa.Column('node_taints', _json()),
        sa.UniqueConstraint('uuid', name='uniq_nodegroup0uuid'),
        sa.UniqueConstraint('cluster_id', 'name',
                            name='uniq_nodegroup0cluster_id0name'),
        **_TABLE_ARGS,
    )
    op.create_index('idx_nodegroup_cluster_id', 'nodegroup', ['cluster_id'])

    op.create_table(
        'x509keypair',
        *_common(),
        sa.Column('uuid', _str(36), nullable=False),
        sa.Column('certificate', sa.Text()),
        sa.Column('private_key', sa.Text()),
        sa.Column('private_key_passphrase', sa.Text()),
        sa.Column('intermediates', sa.Text()),
        sa.Column('project_id', _str()),
        sa.Column('user_id', _str()),
        sa.UniqueConstraint('uuid', name='uniq_x509keypair0uuid'),
        **_TABLE_ARGS,
    )

    op.create_table(
        'magnum_service',
        *_common(),
        sa.Column('host', _str()),
        sa.Column('binary', _str()),
        sa.Column('disabled', sa.Boolean()),
        sa.Column('disabled_reason', _str()),
        sa.Column('last_seen_up', sa.DateTime()),
        sa.Column('forced_down', sa.Boolean()),
        sa.Column('report_count', sa.Integer(), nullable=False),
        sa.UniqueConstraint('host', 'binary',
                            name='uniq_magnum_service0host0binary'),
        **_TABLE_ARGS,
    )

    op.create_table(
        'quotas',
        *_common(),
        sa.Column('project_id', _str()),
        sa.Column('resource', _str()),
        sa.Column('hard_limit', sa.Integer()),
        sa.UniqueConstraint('project_id', 'resource',
                            name='uniq_quotas0project_id0resource'),
        **_TABLE_ARGS,
    )
    op.create_index('idx_quotas_project_id', 'quotas', ['project_id'])

    op.create_table(
        'federation',
        *_common(),
        sa.Column('uuid', _str(36), nullable=False),
        sa.Column('project_id', _str()),
        sa.Column('name', _str()),
        sa.Column('hostcluster_id', _str()),
        sa.Column('member_ids', _json()),
        sa.Column('status', _str(20)),
        sa.Column('status_reason', sa.Text()),
        sa.Column('properties', _json()),
        sa.UniqueConstraint('uuid', name='uniq_federation0uuid'),
        **_TABLE_ARGS,
    )
