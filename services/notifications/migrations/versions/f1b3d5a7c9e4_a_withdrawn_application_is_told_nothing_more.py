"""a withdrawn application is told nothing more: an offer or a round's outcome decided before the
withdrawal reached matching, arriving after it, told the applicant and partners of a place after
"withdrawn"

Revision ID: f1b3d5a7c9e4
Revises: e3a5c7b9d1f2
Create Date: 2026-12-06 04:00:00.000000
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


revision: str = 'f1b3d5a7c9e4'
down_revision: Union[str, None] = 'e3a5c7b9d1f2'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('withdrawn', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_column('withdrawn')
