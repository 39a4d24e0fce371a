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

"""The tables, as SQLAlchemy declarative models.

These models must describe exactly the schema the alembic migrations build;
``magnum/tests/unit/db/test_migrations.py`` compares the two on every engine.

A cluster has no node counts or addresses of its own: they are the sums of
its nodegroups' (``nodegroup.cluster_id`` holds the cluster's uuid).
"""

import datetime

from oslo_db.sqlalchemy import models as oslo_models
from oslo_utils import timeutils
import sqlalchemy as sa
from sqlalchemy import orm
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

from magnum.db.sqlalchemy import types

TABLE_ARGS = {'mysql_engine': 'InnoDB', 'mysql_charset': 'utf8mb4'}


def _utcnow():
    return timeutils.utcnow()


class Base(oslo_models.ModelBase, orm.DeclarativeBase):
    """Declarative base; rows also read like dicts (``row['name']``)."""

    type_annotation_map = {
        str: sa.String(255),
        dict: types.JSONEncodedDict(),
        list: types.JSONEncodedList(),
    }

    created_at: Mapped[datetime.datetime | None] = mapped_column(
        sa.DateTime, default=_utcnow)
    updated_at: Mapped[datetime.datetime | None] = mapped_column(
        sa.DateTime, onupdate=_utcnow)


class ClusterTemplate(Base):
    __tablename__ = 'cluster_template'
    __table_args__ = (
        sa.UniqueConstraint('uuid', name='uniq_cluster_template0uuid'),
        sa.Index('idx_cluster_template_project_id', 'project_id'),
        TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(sa.String(36))
    project_id: Mapped[str | None]
    user_id: Mapped[str | None]
    name: Mapped[str | None]
    image_id: Mapped[str | None]
    flavor_id: Mapped[str | None]
    master_flavor_id: Mapped[str | None]
    keypair_id: Mapped[str | None]
    external_network_id: Mapped[str | None]
    fixed_network: Mapped[str | None]
    fixed_subnet: Mapped[str | None]
    network_driver: Mapped[str | None]
    volume_driver: Mapped[str | None]
    dns_nameserver: Mapped[str | None]
    apiserver_port: Mapped[int | None]
    docker_volume_size: Mapped[int | None]
    docker_storage_driver: Mapped[str | None]
    cluster_distro: Mapped[str | None]
    coe: Mapped[str | None]
    http_proxy: Mapped[str | None]
    https_proxy: Mapped[str | None]
    no_proxy: Mapped[str | None]
    registry_enabled: Mapped[bool | None] = mapped_column(default=False)
    labels: Mapped[dict | None]
    tls_disabled: Mapped[bool | None] = mapped_column(default=False)
    public: Mapped[bool | None] = mapped_column(default=False)
    server_type: Mapped[str | None]
    insecure_registry: Mapped[str | None]
    master_lb_enabled: Mapped[bool | None] = mapped_column(default=False)
    floating_ip_enabled: Mapped[bool | None] = mapped_column(default=True)
    hidden: Mapped[bool | None] = mapped_column(default=False)
    tags: Mapped[str | None]
    driver: Mapped[str | None]


class Cluster(Base):
    __tablename__ = 'cluster'
    __table_args__ = (
        sa.UniqueConstraint('uuid', name='uniq_cluster0uuid'),
        sa.Index('idx_cluster_project_id', 'project_id'),
        sa.Index('idx_cluster_status', 'status'),
        sa.Index('idx_cluster_cluster_template_id', 'cluster_template_id'),
        sa.Index('idx_cluster_name', 'name'),
        sa.Index('idx_cluster_reservation', 'reservation'),
        TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(sa.String(36))
    project_id: Mapped[str | None]
    user_id: Mapped[str | None]
    name: Mapped[str | None]
    cluster_template_id: Mapped[str | None] = mapped_column(sa.String(36))
    keypair: Mapped[str | None]
    docker_volume_size: Mapped[int | None]
    labels: Mapped[dict | None]
    master_flavor_id: Mapped[str | None]
    flavor_id: Mapped[str | None]
    stack_id: Mapped[str | None]
    api_address: Mapped[str | None]
    status: Mapped[str | None] = mapped_column(sa.String(20))
    status_reason: Mapped[str | None] = mapped_column(sa.Text)
    health_status: Mapped[str | None] = mapped_column(sa.String(20))
    health_status_reason: Mapped[dict | None]
    create_timeout: Mapped[int | None]
    discovery_url: Mapped[str | None]
    ca_cert_ref: Mapped[str | None]
    magnum_cert_ref: Mapped[str | None]
    etcd_ca_cert_ref: Mapped[str | None]
    front_proxy_ca_cert_ref: Mapped[str | None]
    # not_valid_after (UTC) of the Kubernetes CA and of the client
    # certificate, recorded when they are generated.
    ca_cert_expires_at: Mapped[datetime.datetime | None] = mapped_column(
        sa.DateTime)
    magnum_cert_expires_at: Mapped[datetime.datetime | None] = (
        mapped_column(sa.DateTime))
    coe_version: Mapped[str | None]
    container_version: Mapped[str | None]
    fixed_network: Mapped[str | None]
    fixed_subnet: Mapped[str | None]
    floating_ip_enabled: Mapped[bool | None] = mapped_column(default=True)
    master_lb_enabled: Mapped[bool | None] = mapped_column(default=False)
    # Keystone trust Heat-based drivers act through (magnum.common.keystone).
    trust_id: Mapped[str | None]
    # The per-cluster Keystone user the nodes act as, through trust_id
    # (magnum.conductor.handlers.trustee); the password is sealed by
    # magnum.common.trustee_password.
    trustee_username: Mapped[str | None]
    trustee_password: Mapped[str | None] = mapped_column(sa.String(512))
    trustee_user_id: Mapped[str | None]
    # The host of the conductor acting on the cluster, while it does
    # (magnum.conductor.reservation); not part of the Cluster object.
    reservation: Mapped[str | None]
    reserved_at: Mapped[datetime.datetime | None] = mapped_column(
        sa.DateTime)


class NodeGroup(Base):
    __tablename__ = 'nodegroup'
    __table_args__ = (
        sa.UniqueConstraint('uuid', name='uniq_nodegroup0uuid'),
        sa.UniqueConstraint('cluster_id', 'name',
                            name='uniq_nodegroup0cluster_id0name'),
        sa.Index('idx_nodegroup_cluster_id', 'cluster_id'),
        TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(sa.String(36))
    name: Mapped[str | None]
    cluster_id: Mapped[str] = mapped_column(sa.String(36))
    project_id: Mapped[str | None]
    docker_volume_size: Mapped[int | None]
    labels: Mapped[dict | None]
    flavor_id: Mapped[str | None]
    image_id: Mapped[str | None]
    node_addresses: Mapped[list | None]
    node_count: Mapped[int | None]
    role: Mapped[str | None]
    max_node_count: Mapped[int | None]
    min_node_count: Mapped[int | None] = mapped_column(default=0)
    is_default: Mapped[bool | None] = mapped_column(default=False)
    stack_id: Mapped[str | None]
    status: Mapped[str | None] = mapped_column(sa.String(20))
    status_reason: Mapped[str | None] = mapped_column(sa.Text)
    version: Mapped[str | None]
    node_labels: Mapped[dict | None]
    node_taints: Mapped[list | None]


class X509KeyPair(Base):
    __tablename__ = 'x509keypair'
    __table_args__ = (
        sa.UniqueConstraint('uuid', name='uniq_x509keypair0uuid'),
        TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(sa.String(36))
    certificate: Mapped[str | None] = mapped_column(sa.Text)
    private_key: Mapped[str | None] = mapped_column(sa.Text)
    private_key_passphrase: Mapped[str | None] = mapped_column(sa.Text)
    intermediates: Mapped[str | None] = mapped_column(sa.Text)
    project_id: Mapped[str | None]
    user_id: Mapped[str | None]


class MagnumService(Base):
    __tablename__ = 'magnum_service'
    __table_args__ = (
        sa.UniqueConstraint('host', 'binary',
                            name='uniq_magnum_service0host0binary'),
        TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    host: Mapped[str | None]
    binary: Mapped[str | None]
    disabled: Mapped[bool | None] = mapped_column(default=False)
    disabled_reason: Mapped[str | None]
    last_seen_up: Mapped[datetime.datetime | None] = mapped_column(
        sa.DateTime)
    forced_down: Mapped[bool | None] = mapped_column(default=False)
    report_count: Mapped[int] = mapped_column(default=0)


class Quota(Base):
    __tablename__ = 'quotas'
    __table_args__ = (
        sa.UniqueConstraint('project_id', 'resource',
                            name='uniq_quotas0project_id0resource'),
        sa.Index('idx_quotas_project_id', 'project_id'),
        TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[str | None]
    resource: Mapped[str | None]
    hard_limit: Mapped[int | None]


class Federation(Base):
    __tablename__ = 'federation'
    __table_args__ = (
        sa.UniqueConstraint('uuid', name='uniq_federation0uuid'),
        TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(sa.String(36))
    project_id: Mapped[str | None]
    name: Mapped[str | None]
    hostcluster_id: Mapped[str | None]
    member_ids: Mapped[list | None]
    status: Mapped[str | None] = mapped_column(sa.String(20))
    status_reason: Mapped[str | None] = mapped_column(sa.Text)
    properties: Mapped[dict | None]
