"""applications keep the nomination and the host's admission decision (issue 14)

Revision ID: b8d2f6a1c935
Revises: a7c4e2f9b813
Create Date: 2026-11-30 18:20:00.000000
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "b8d2f6a1c935"
down_revision: Union[str, None] = "a7c4e2f9b813"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # NULL: no nominating authority (or host) has decided anything about the application yet.
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("nomination", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("admission", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_column("admission")
        batch_op.drop_column("nomination")
