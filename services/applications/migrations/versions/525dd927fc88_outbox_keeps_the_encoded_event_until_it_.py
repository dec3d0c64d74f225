"""outbox keeps the encoded event until it is published

Revision ID: 525dd927fc88
Revises: ce9986f5cc4e
Create Date: 2026-11-23 15:30:38.858045
"""
from typing import Sequence, Union

from alembic import op

from shared.migrations import outbox_to_envelopes, outbox_to_wire_form

revision: str = '525dd927fc88'
down_revision: Union[str, None] = 'ce9986f5cc4e'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    outbox_to_wire_form(op)


def downgrade() -> None:
    outbox_to_envelopes(op)
