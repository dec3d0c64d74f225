"""thread authors: the staff who wrote about an application hear the applicant's reply

Revision ID: a1d5e7c9b3f2
Revises: f8a2c4e6b0d1
Create Date: 2026-12-01 05:40:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = 'a1d5e7c9b3f2'
down_revision: Union[str, None] = 'f8a2c4e6b0d1'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'thread_authors',
        sa.Column('application_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('account_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('wrote_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('application_id', 'account_id'),
    )


def downgrade() -> None:
    op.drop_table('thread_authors')
