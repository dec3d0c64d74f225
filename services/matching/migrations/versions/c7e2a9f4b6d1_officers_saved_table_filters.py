"""officers' saved filters of a cycle's application table (per officer and cycle, names unique)

Revision ID: c7e2a9f4b6d1
Revises: b2d4f6a8c1e3
Create Date: 2026-12-01 03:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = 'c7e2a9f4b6d1'
down_revision: Union[str, None] = 'b2d4f6a8c1e3'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        'saved_filters',
        sa.Column('id', S(length=64), nullable=False),
        sa.Column('owner', S(length=64), nullable=False),
        sa.Column('cycle_id', S(length=64), nullable=False),
        sa.Column('name', S(length=80), nullable=False),
        sa.Column('filters', sa.JSON(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('owner', 'cycle_id', 'name'),
    )
    op.create_index(op.f('ix_saved_filters_owner'), 'saved_filters', ['owner'], unique=False)
    op.create_index(op.f('ix_saved_filters_cycle_id'), 'saved_filters', ['cycle_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_saved_filters_cycle_id'), table_name='saved_filters')
    op.drop_index(op.f('ix_saved_filters_owner'), table_name='saved_filters')
    op.drop_table('saved_filters')
