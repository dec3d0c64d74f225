"""a scoresheet names its committee: the officers who review (null: every officer of the scheme)

Revision ID: b6d2e8f4a1c3
Revises: 5d3d539fe30f
Create Date: 2026-12-05 13:20:00.000000
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


revision: str = 'b6d2e8f4a1c3'
down_revision: Union[str, None] = '5d3d539fe30f'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('scoresheets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('committee', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('scoresheets', schema=None) as batch_op:
        batch_op.drop_column('committee')
