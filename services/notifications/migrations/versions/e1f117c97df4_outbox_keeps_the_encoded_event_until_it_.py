"""outbox keeps the encoded event until it is published

Revision ID: e1f117c97df4
Revises: 3f06efdabe4b
Create Date: 2026-11-23 15:30:41.223984
"""
from typing import Sequence, Union

from alembic import op

from shared.migrations import outbox_to_envelopes, outbox_to_wire_form

revision: str = 'e1f117c97df4'
down_revision: Union[str, None] = '3f06efdabe4b'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    outbox_to_wire_form(op)


def downgrade() -> None:
    outbox_to_envelopes(op)
