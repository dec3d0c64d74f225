"""programmes say what a place comes with (what the scholarship covers, the stipend, how long)

Revision ID: e5b7d9f1a3c4
Revises: d4a6c8e0f2b3
Create Date: 2026-12-05 16:10:00.000000
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


revision: str = 'e5b7d9f1a3c4'
down_revision: Union[str, None] = 'd4a6c8e0f2b3'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # {} for a programme stored before: nothing said of its award
    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('award', sa.JSON(), nullable=False, server_default=sa.text("'{}'")))


def downgrade() -> None:
    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.drop_column('award')
