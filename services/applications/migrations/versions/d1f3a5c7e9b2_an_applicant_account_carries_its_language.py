"""an applicant's account carries the applicant's language: it stayed "en" while the profile
held the language chosen, so the admins' list of accounts said English for every applicant

Revision ID: d1f3a5c7e9b2
Revises: c6e8a0b2d4f7
Create Date: 2026-12-04 16:40:00.000000
"""
from typing import Sequence, Union

from alembic import op


revision: str = 'd1f3a5c7e9b2'
down_revision: Union[str, None] = 'c6e8a0b2d4f7'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.execute(
        "UPDATE accounts SET preferred_language = ("
        " SELECT applicants.preferred_language FROM applicants WHERE applicants.id = accounts.id)"
        " WHERE role = 'applicant' AND EXISTS (SELECT 1 FROM applicants WHERE applicants.id = accounts.id)"
    )


def downgrade() -> None:
    pass  # the profile's copy is unchanged: nothing to undo
