"""revoked tokens: accounts whose earlier tokens are refused (account.tokens_revoked)

Revision ID: c5e3a7f4d9b6
Revises: 062f82fb2d61
Create Date: 2026-12-01 10:00:00.000000
"""
from typing import Sequence, Union

from alembic import op

from shared.migrations import create_revoked_tokens, drop_revoked_tokens

revision: str = 'c5e3a7f4d9b6'
down_revision: Union[str, None] = '062f82fb2d61'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    create_revoked_tokens(op)


def downgrade() -> None:
    drop_revoked_tokens(op)
