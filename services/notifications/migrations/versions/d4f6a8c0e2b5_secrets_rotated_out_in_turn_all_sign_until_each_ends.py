"""secrets rotated out in turn all sign until each one's overlap ends
(webhook_subscriptions.earlier_secrets): a second rotation within the first one's overlap
dropped the secret the partner still held

Revision ID: d4f6a8c0e2b5
Revises: c2e4a6b8d0f3
Create Date: 2026-12-04 10:40:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = 'd4f6a8c0e2b5'
down_revision: Union[str, None] = 'c2e4a6b8d0f3'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('webhook_subscriptions') as batch_op:
        batch_op.add_column(sa.Column('earlier_secrets', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('webhook_subscriptions') as batch_op:
        batch_op.drop_column('earlier_secrets')
