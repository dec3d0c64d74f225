"""the partner-topic worker reads only the feed entries not yet taken (a partial index)

ix_partner_feed_streamed_at indexed every entry by streamed_at, and the worker's ordered read
walked the primary key past every entry already taken; the partial index holds only those
not yet taken, in order. Built before the old one is dropped; a plain build: writes to
partner_feed wait while it is built (seconds for a feed of millions of entries; the entries
to index are only those not yet taken).

Revision ID: e5c7a9b1d3f6
Revises: d9e1f3a5b7c2
Create Date: 2026-12-02 15:25:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


revision: str = 'e5c7a9b1d3f6'
down_revision: Union[str, None] = 'd9e1f3a5b7c2'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('partner_feed') as batch_op:
        batch_op.create_index(
            'ix_partner_feed_unstreamed',
            ['seq'],
            unique=False,
            postgresql_where=sa.text('streamed_at IS NULL'),
            sqlite_where=sa.text('streamed_at IS NULL'),
        )
        batch_op.drop_index('ix_partner_feed_streamed_at')


def downgrade() -> None:
    with op.batch_alter_table('partner_feed') as batch_op:
        batch_op.create_index('ix_partner_feed_streamed_at', ['streamed_at'], unique=False)
        batch_op.drop_index('ix_partner_feed_unstreamed')
