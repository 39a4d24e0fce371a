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

"""Workflows against the real database and the real fake driver.

``wf``
    A ``Workflows`` helper: ``handlers`` (real ``Handlers`` with a pool of
    4 on host ``conductor-test``), ``behave(dict)`` to write the fake
    driver's behaviour file, ``calls(op)`` for the calls it recorded,
    ``template(**values)`` and ``new_cluster(template, **values)`` building
    what the API would send, ``create(...)`` running a whole create and
    waiting for its long part, ``settle()`` waiting for the pool to be
    idle, and ``snapshot(uuid)`` for "nothing changed" assertions.
"""

from cryptography.fernet import Fernet
from oslo_config import fixture as config_fixture
from oslo_utils import uuidutils
import pytest

import magnum.conf
from magnum.conductor import handlers as handlers_mod
from magnum.conductor import workers
from magnum.db.sqlalchemy import models
from magnum.db.sqlalchemy import session
from magnum.drivers.common import registry
from magnum.drivers.fake import behaviour
from magnum.drivers.fake import files
from magnum import objects

CONF = magnum.conf.CONF
HOST = 'conductor-test'


class Workflows:

    def __init__(self, tmp_path, ctx, handlers):
        self.tmp_path = tmp_path
        self.ctx = ctx
        self.handlers = handlers

    def behave(self, data):
        behaviour.write(CONF.fake_driver.behaviour_file, data)

    def calls(self, op=None):
        records = files.read_json_lines(CONF.fake_driver.calls_file)
        return [r for r in records if op is None or r['op'] == op]

    def settle(self, timeout=30):
        assert self.handlers.pool.wait_idle(timeout), 'workflow hung'

    def template(self, **values):
        values.setdefault('uuid', uuidutils.generate_uuid())
        values.setdefault('name', 'tpl-' + values['uuid'][:8])
        values.setdefault('project_id', self.ctx.project_id)
        values.setdefault('server_type', 'vm')
        values.setdefault('cluster_distro', 'fedora-coreos')
        values.setdefault('coe', 'kubernetes')
        values.setdefault('image_id', 'fedora-coreos-40')
        values.setdefault('flavor_id', 'm1.small')
        values.setdefault('master_flavor_id', 'm1.medium')
        values.setdefault('labels', {})
        template = objects.ClusterTemplate(self.ctx, **values)
        template.create()
        return template

    def new_cluster(self, template, **values):
        values.setdefault('uuid', uuidutils.generate_uuid())
        values.setdefault('name', 'c-' + values['uuid'][:8])
        values.setdefault('labels', dict(template.labels or {}))
        values.setdefault('create_timeout', 60)
        values.setdefault('docker_volume_size', 10)
        return objects.Cluster(
            self.ctx, project_id=self.ctx.project_id,
            user_id=self.ctx.user_id, cluster_template_id=template.uuid,
            **values)

    def create(self, template=None, masters=1, workers=2, status=None,
               **values):
        """A created cluster; ``status`` then set as the sync would."""
        template = template or self.template()
        cluster = self.new_cluster(template, **values)
        self.handlers.cluster_create(self.ctx, cluster, masters, workers,
                                     cluster.create_timeout)
        self.settle()
        stored = objects.Cluster.get_by_uuid(self.ctx, cluster.uuid)
        if status is not None:
            stored.status = status
            stored.save()
            for nodegroup in stored.nodegroups:
                nodegroup.status = status
                nodegroup.save()
        return objects.Cluster.get_by_uuid(self.ctx, cluster.uuid)

    def get(self, uuid):
        return objects.Cluster.get_by_uuid(self.ctx, uuid)

    @staticmethod
    def snapshot(uuid):
        """The cluster's and its nodegroups' rows, as plain dicts."""
        with session.reader() as s:
            cluster = s.query(models.Cluster).filter_by(uuid=uuid).one()
            nodegroups = s.query(models.NodeGroup).filter_by(
                cluster_id=uuid).order_by(models.NodeGroup.id).all()
            return ([dict(cluster)] + [dict(ng) for ng in nodegroups])

    @staticmethod
    def reservation(uuid):
        from magnum.db import api as db_api
        return db_api.get_instance().get_cluster_reservation(uuid)[0]

    @staticmethod
    def keypair_count():
        with session.reader() as s:
            return s.query(models.X509KeyPair).count()


@pytest.fixture
def wf_conf(tmp_path):
    fixture = config_fixture.Config(CONF)
    fixture.setUp()
    fixture.config(host=HOST)
    fixture.config(group='drivers', enabled_beta_drivers=['fake'])
    fixture.config(group='fake_driver',
                   behaviour_file=str(tmp_path / 'behaviour.json'),
                   state_file=str(tmp_path / 'state.json'),
                   calls_file=str(tmp_path / 'calls.jsonl'))
    fixture.config(group='certificates', cert_manager_type='x509keypair',
                   encryption_key=Fernet.generate_key().decode())
    registry.reset()
    try:
        yield fixture
    finally:
        registry.reset()
        fixture.cleanUp()


@pytest.fixture
def wf(db, ctx, tmp_path, wf_conf):
    handlers = handlers_mod.Handlers(host=HOST,
                                     pool=workers.WorkerPool(4))
    try:
        yield Workflows(tmp_path, ctx, handlers)
    finally:
        handlers.pool.shutdown(30)
