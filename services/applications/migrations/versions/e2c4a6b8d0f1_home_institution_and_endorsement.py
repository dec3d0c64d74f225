"""applications name their home institution and keep its endorsement; the catalog keeps each
scheme's path (issue 14)

Revision ID: e2c4a6b8d0f1
Revises: d4f6a8c0e2b4
Create Date: 2026-11-30 23:30:00.000000
"""

from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "e2c4a6b8d0f1"
down_revision: Union[str, None] = "d4f6a8c0e2b4"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # NULL: no home institution named (schemes without an endorsement stage), or not decided yet.
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("home_institution_id", sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True))
        batch_op.add_column(sa.Column("endorsement", sa.JSON(), nullable=True))
        batch_op.create_index("ix_applications_home_institution_id", ["home_institution_id"])
    with op.batch_alter_table("catalog_schemes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("path", sa.JSON(), server_default="[]", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("catalog_schemes", schema=None) as batch_op:
        batch_op.drop_column("path")
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_index("ix_applications_home_institution_id")
        batch_op.drop_column("endorsement")
        batch_op.drop_column("home_institution_id")
