"""the programmes read model keeps what a place comes with, for the offer's notice

Revision ID: c7e9a1b3d5f6
Revises: a4c6e8f0b2d5
Create Date: 2026-12-05 16:25:00.000000
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


revision: str = 'c7e9a1b3d5f6'
down_revision: Union[str, None] = 'a4c6e8f0b2d5'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # {} until the programme's next catalog event: an offer then says nothing of it
    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('award', sa.JSON(), nullable=False, server_default=sa.text("'{}'")))


def downgrade() -> None:
    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.drop_column('award')
