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

"""Per-cluster reservation: which conductor is acting on a cluster.

Revision ID: 8c41e0b7d2a5
Revises: 5f2c8d0a9b13
Create Date: 2026-01-20 00:00:00
"""

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '8c41e0b7d2a5'
down_revision = '5f2c8d0a9b13'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('cluster', sa.Column('reservation', sa.String(255),
                                       nullable=True))
    op.add_column('cluster', sa.Column('reserved_at', sa.DateTime(),
                                       nullable=True))
    op.create_index('idx_cluster_reservation', 'cluster', ['reservation'])
