"""the applications a committee reviewer was given to score (reviewer.assigned, reviewer.unassigned):
a reviewer reads only those

Revision ID: c3e5a7b9d1f4
Revises: b1d3f5a7c9e2
Create Date: 2026-12-06 07:00:00.000000
"""

from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "c3e5a7b9d1f4"
down_revision: Union[str, None] = "b1d3f5a7c9e2"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # empty until matching's next assignment events: a reviewer account reads nothing before
    # (reviewer accounts are new with this revision)
    op.create_table(
        "reviewer_assignments",
        sa.Column("reviewer_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("application_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.PrimaryKeyConstraint("reviewer_id", "application_id"),
    )
    op.create_index(
        "ix_reviewer_assignments_application_id", "reviewer_assignments", ["application_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_reviewer_assignments_application_id", table_name="reviewer_assignments")
    op.drop_table("reviewer_assignments")
