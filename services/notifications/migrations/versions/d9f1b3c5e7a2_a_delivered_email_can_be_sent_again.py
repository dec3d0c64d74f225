"""a delivered e-mail can be sent again: each copy is its own notification, numbered

Revision ID: d9f1b3c5e7a2
Revises: c7e9a1b3d5f6
Create Date: 2026-12-05 18:40:00.000000
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


revision: str = 'd9f1b3c5e7a2'
down_revision: Union[str, None] = 'c7e9a1b3d5f6'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # every row stored before is the notice its event made (0); the copies count from 1
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('resend', sa.Integer(), nullable=False, server_default=sa.text('0')))
        batch_op.drop_constraint('uq_notification_event_recipient_channel', type_='unique')
        batch_op.create_unique_constraint(
            'uq_notification_event_recipient_channel_resend', ['source_event_id', 'recipient', 'channel', 'resend']
        )


def downgrade() -> None:
    # the copies go with the column (the unique event, recipient and channel holds only without them)
    op.execute("DELETE FROM notifications WHERE resend > 0")
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_constraint('uq_notification_event_recipient_channel_resend', type_='unique')
        batch_op.create_unique_constraint(
            'uq_notification_event_recipient_channel', ['source_event_id', 'recipient', 'channel']
        )
        batch_op.drop_column('resend')
