"""score reads: an officer shown another reviewer's submitted scores of an application

Revision ID: c2e4f6a8b0d1
Revises: b6d2e8f4a1c3
Create Date: 2026-12-05 13:55:00.000000
"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = 'c2e4f6a8b0d1'
down_revision: Union[str, None] = 'b6d2e8f4a1c3'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'score_reads',
        sa.Column('application_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('reader_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('read_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('application_id', 'reader_id'),
    )


def downgrade() -> None:
    op.drop_table('score_reads')
