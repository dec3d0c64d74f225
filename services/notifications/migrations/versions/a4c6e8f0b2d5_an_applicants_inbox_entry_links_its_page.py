"""an applicant's inbox entry links its page

A notice to an applicant names the portal page it is about (the application, or its
interview), as its e-mail's portal line does: the inbox copy had no link, so "you have an
offer" did not lead to the buttons that answer it. Rows stored before have none (the inbox
shows no link for them). Plain ADD COLUMN.

Revision ID: a4c6e8f0b2d5
Revises: e7a9c1b3d5f8
Create Date: 2026-12-04 23:50:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = 'a4c6e8f0b2d5'
down_revision: Union[str, None] = 'e7a9c1b3d5f8'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("inbox_entries", sa.Column("link", sa.String(length=200), nullable=True))


def downgrade() -> None:
    op.drop_column("inbox_entries", "link")
