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

"""When a cluster's Kubernetes CA and Magnum's client certificate expire.

Revision ID: e6ad3b7edebf
Revises: 3d9a6c1f4b70
Create Date: 2026-11-26 00:00:00
"""

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = 'e6ad3b7edebf'
down_revision = '3d9a6c1f4b70'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('cluster', sa.Column('ca_cert_expires_at', sa.DateTime(),
                                       nullable=True))
    op.add_column('cluster', sa.Column('magnum_cert_expires_at',
                                       sa.DateTime(), nullable=True))
