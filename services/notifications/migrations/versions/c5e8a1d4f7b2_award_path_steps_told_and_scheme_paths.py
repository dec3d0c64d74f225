"""award steps (issue 14): the newest nomination / admission version told, per application or match; schemes' paths and authorities

Revision ID: c5e8a1d4f7b2
Revises: a7c3e9f2d4b1
Create Date: 2026-11-30 18:30:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = 'c5e8a1d4f7b2'
down_revision: Union[str, None] = 'a7c3e9f2d4b1'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        'award_steps',
        sa.Column('step', S(length=80), nullable=False),
        sa.Column('application_id', S(length=64), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('state', S(length=32), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('step'),
    )
    op.create_table(
        'schemes',
        sa.Column('scheme_id', S(length=64), nullable=False),
        sa.Column('path', sa.JSON(), nullable=False),
        sa.Column('authorities', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('scheme_id'),
    )


def downgrade() -> None:
    op.drop_table('schemes')
    op.drop_table('award_steps')
