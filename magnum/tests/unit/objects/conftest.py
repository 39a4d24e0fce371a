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

"""Builders for object tests; they create real rows through the objects."""

import pytest

from magnum import objects
from magnum.tests.unit.objects.utils import make_nodegroup


@pytest.fixture
def make_template(db, ctx):
    def make(context=ctx, **values):
        values.setdefault('name', 'tmpl')
        values.setdefault('coe', 'kubernetes')
        values.setdefault('image_id', 'fedora-coreos')
        template = objects.ClusterTemplate(
            context, project_id=context.project_id,
            user_id=context.user_id, **values)
        template.create()
        return template
    return make


@pytest.fixture
def make_cluster(db, ctx, make_template):
    """A cluster with a default master and a default worker nodegroup.

    ``masters`` / ``workers`` are lists of address lists, one per node.
    """
    def make(context=ctx, masters=(['10.0.0.1'],),
             workers=(['10.0.1.1', '10.0.1.2'],), template=None, **values):
        template = template or make_template(context)
        values.setdefault('name', 'c1')
        values.setdefault('status', 'CREATE_COMPLETE')
        cluster = objects.Cluster(
            context, project_id=context.project_id,
            user_id=context.user_id, cluster_template_id=template.uuid,
            **values)
        cluster.create()
        for role, groups in (('master', masters), ('worker', workers)):
            for index, addresses in enumerate(groups):
                make_nodegroup(cluster, role=role, is_default=index == 0,
                               name='default-%s' % role if index == 0
                               else '%s-%d' % (role, index),
                               node_addresses=list(addresses),
                               node_count=len(addresses))
        cluster.refresh()
        return cluster
    return make
