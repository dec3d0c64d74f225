"""an endorsement's home institution

The newest endorsement told of an application (award_steps, ``endorsement:<application>``)
keeps the home institution that decided it: its coordinators hear what the host decided about
the applicants it endorsed. Rows stored before have none (those coordinators hear nothing of
an earlier endorsement's outcome). Plain ADD COLUMN.

Revision ID: e7a9c1b3d5f8
Revises: 9b1115ae186a
Create Date: 2026-12-04 21:45:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = 'e7a9c1b3d5f8'
down_revision: Union[str, None] = '9b1115ae186a'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("award_steps", sa.Column("institution_id", sa.String(length=64), nullable=True))


def downgrade() -> None:
    op.drop_column("award_steps", "institution_id")
