"""the dispatcher's claim walks its channel's due rows in order (e-mails and webhooks apart)

The new index is built before the old one is dropped: while it is built, writes to
notifications wait and reads go on (the drop's exclusive lock lasts only until the commit
that follows it).

Revision ID: d9e1f3a5b7c2
Revises: c3e5a7b9d1f4
Create Date: 2026-12-02 12:10:00
"""
from typing import Sequence, Union

from alembic import op


revision: str = 'd9e1f3a5b7c2'
down_revision: Union[str, None] = 'c3e5a7b9d1f4'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('notifications') as batch_op:
        batch_op.create_index('ix_notifications_channel_due', ['status', 'channel', 'next_attempt_at'], unique=False)
        batch_op.drop_index('ix_notifications_due')


def downgrade() -> None:
    with op.batch_alter_table('notifications') as batch_op:
        batch_op.create_index('ix_notifications_due', ['status', 'next_attempt_at'], unique=False)
        batch_op.drop_index('ix_notifications_channel_due')
