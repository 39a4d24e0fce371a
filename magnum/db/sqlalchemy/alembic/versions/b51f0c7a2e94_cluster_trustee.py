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

"""The Keystone user a cluster's nodes act as (its trustee).

Revision ID: b51f0c7a2e94
Revises: e6ad3b7edebf
Create Date: 2026-11-26 01:30:00
"""

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = 'b51f0c7a2e94'
down_revision = 'e6ad3b7edebf'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('cluster', sa.Column('trustee_username', sa.String(255),
                                       nullable=True))
    # A Fernet token when [certificates] encryption_key is set.
    op.add_column('cluster', sa.Column('trustee_password', sa.String(512),
                                       nullable=True))
    op.add_column('cluster', sa.Column('trustee_user_id', sa.String(255),
                                       nullable=True))
