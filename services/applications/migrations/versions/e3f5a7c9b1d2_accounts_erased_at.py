"""accounts.erased_at: an applicant closed the account and their personal data was erased;
applicants.date_of_birth may be empty (erased with it)

Revision ID: e3f5a7c9b1d2
Revises: d9e1f3a5b7c2
Create Date: 2026-12-06 12:30:00.000000
"""

from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "e3f5a7c9b1d2"
down_revision: Union[str, None] = "d9e1f3a5b7c2"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("accounts") as batch_op:
        batch_op.add_column(sa.Column("erased_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    with op.batch_alter_table("applicants") as batch_op:
        batch_op.alter_column("date_of_birth", existing_type=sa.Date(), nullable=True)


def downgrade() -> None:
    with op.batch_alter_table("applicants") as batch_op:
        batch_op.alter_column("date_of_birth", existing_type=sa.Date(), nullable=False)
    with op.batch_alter_table("accounts") as batch_op:
        batch_op.drop_column("erased_at")
