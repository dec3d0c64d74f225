"""revoked tokens: accounts whose earlier tokens are refused (account.tokens_revoked)

Revision ID: b4d2f6e3c8a5
Revises: b12e7b8ae1f5
Create Date: 2026-12-01 10:00:00.000000
"""
from typing import Sequence, Union

from alembic import op

from shared.migrations import create_revoked_tokens, drop_revoked_tokens

revision: str = 'b4d2f6e3c8a5'
down_revision: Union[str, None] = 'b12e7b8ae1f5'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    create_revoked_tokens(op)


def downgrade() -> None:
    drop_revoked_tokens(op)
