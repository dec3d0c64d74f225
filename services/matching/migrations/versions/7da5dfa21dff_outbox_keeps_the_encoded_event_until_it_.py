"""outbox keeps the encoded event until it is published

Revision ID: 7da5dfa21dff
Revises: 88c6ff69ba17
Create Date: 2026-11-23 15:30:40.079831
"""
from typing import Sequence, Union

from alembic import op

from shared.migrations import outbox_to_envelopes, outbox_to_wire_form

revision: str = '7da5dfa21dff'
down_revision: Union[str, None] = '88c6ff69ba17'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    outbox_to_wire_form(op)


def downgrade() -> None:
    outbox_to_envelopes(op)
