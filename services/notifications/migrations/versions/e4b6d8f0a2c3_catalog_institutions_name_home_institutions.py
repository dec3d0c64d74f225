"""catalog institutions' names (issue 14): endorsement notices and reminders name the home institution

Revision ID: e4b6d8f0a2c3
Revises: d7f2b4c6e8a0
Create Date: 2026-11-30 23:30:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = 'e4b6d8f0a2c3'
down_revision: Union[str, None] = 'd7f2b4c6e8a0'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        'institutions',
        sa.Column('institution_id', S(length=64), nullable=False),
        sa.Column('name', S(length=300), nullable=False),
        sa.PrimaryKeyConstraint('institution_id'),
    )


def downgrade() -> None:
    op.drop_table('institutions')
