"""nominator accounts have sending countries (issue 14)

Revision ID: a7c4e2f9b813
Revises: f3b9c2d81a47
Create Date: 2026-11-30 18:05:00.000000
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = 'a7c4e2f9b813'
down_revision: Union[str, None] = 'f3b9c2d81a47'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # Every existing account is scoped to no country (only nominators have countries).
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("countries", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))


def downgrade() -> None:
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_column("countries")
