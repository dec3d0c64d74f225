"""accounts keep a nominator's countries (stage deadline reminders go to the authority)

Revision ID: d7f2b4c6e8a0
Revises: c5e8a1d4f7b2
Create Date: 2026-11-30 19:05:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = 'd7f2b4c6e8a0'
down_revision: Union[str, None] = 'c5e8a1d4f7b2'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('accounts') as batch_op:
        batch_op.add_column(sa.Column('countries', sa.JSON(), server_default='[]', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('accounts') as batch_op:
        batch_op.drop_column('countries')
