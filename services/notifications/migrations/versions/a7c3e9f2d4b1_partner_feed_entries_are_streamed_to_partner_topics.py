"""partner feed entries remember when they were written to the institution's Kafka topic

Revision ID: a7c3e9f2d4b1
Revises: f3a9c2d7e1b4
Create Date: 2026-11-30 18:50:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = 'a7c3e9f2d4b1'
down_revision: Union[str, None] = 'f3a9c2d7e1b4'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('partner_feed') as batch_op:
        batch_op.add_column(sa.Column('streamed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_partner_feed_streamed_at'), ['streamed_at'], unique=False)
    # Entries written before this revision are in the feed already; a partner topic starts after them.
    op.execute("UPDATE partner_feed SET streamed_at = created_at")


def downgrade() -> None:
    with op.batch_alter_table('partner_feed') as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_feed_streamed_at'))
        batch_op.drop_column('streamed_at')
