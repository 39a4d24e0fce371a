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

"""The Keystone trust a Heat-based cluster acts through.

Revision ID: 3d9a6c1f4b70
Revises: 8c41e0b7d2a5
Create Date: 2026-11-25 00:00:00
"""

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '3d9a6c1f4b70'
down_revision = '8c41e0b7d2a5'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('cluster', sa.Column('trust_id', sa.String(255),
                                       nullable=True))
