"""feed entries not yet taken by the partner-topic worker wait in a queue of their own

partner_feed.streamed_at marked each entry when taken: a new version of the whole row (its
payload, an entry in each of the feed's indexes) for each of the ~5 entries per applicant a
round writes. partner_feed_unstreamed holds only what the worker reads (the entry's
message_id, institution and time, in the order written); a taken entry is deleted from it.
The entries not yet taken move to it in their order. On PostgreSQL the feed is locked against
writes first, so no entry commits between the copy and the column's removal. Instances of
the notifications service from before this revision write streamed_at: stop them before it
runs (docs/runbook.md, "Upgrade: the partner-topic queue").

Revision ID: b8d2f4a6c0e1
Revises: e5c7a9b1d3f6
Create Date: 2026-12-03 04:00:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = 'b8d2f4a6c0e1'
down_revision: Union[str, None] = 'e5c7a9b1d3f6'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'partner_feed_unstreamed',
        sa.Column('seq', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
        sa.Column('message_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('institution_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('seq'),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("LOCK TABLE partner_feed IN SHARE ROW EXCLUSIVE MODE")
    op.execute(
        "INSERT INTO partner_feed_unstreamed (message_id, institution_id, created_at)"
        " SELECT message_id, institution_id, created_at FROM partner_feed WHERE streamed_at IS NULL ORDER BY seq"
    )
    with op.batch_alter_table('partner_feed') as batch_op:
        batch_op.drop_index('ix_partner_feed_unstreamed')
        batch_op.drop_column('streamed_at')


def downgrade() -> None:
    with op.batch_alter_table('partner_feed') as batch_op:
        batch_op.add_column(sa.Column('streamed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    op.execute(
        "UPDATE partner_feed SET streamed_at = created_at"
        " WHERE message_id NOT IN (SELECT message_id FROM partner_feed_unstreamed)"
    )
    with op.batch_alter_table('partner_feed') as batch_op:
        batch_op.create_index(
            'ix_partner_feed_unstreamed',
            ['seq'],
            unique=False,
            postgresql_where=sa.text('streamed_at IS NULL'),
            sqlite_where=sa.text('streamed_at IS NULL'),
        )
    op.drop_table('partner_feed_unstreamed')
