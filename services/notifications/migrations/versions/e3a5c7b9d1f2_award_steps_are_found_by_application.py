"""award steps are found by application: a withdrawal reads the hosts that admitted the
applicant, or were asked to, by application id (a scan of every admission decision before)

Revision ID: e3a5c7b9d1f2
Revises: d9f1b3c5e7a2
Create Date: 2026-12-06 03:40:00.000000
"""
from typing import Sequence, Union

from alembic import op


revision: str = 'e3a5c7b9d1f2'
down_revision: Union[str, None] = 'd9f1b3c5e7a2'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_index('ix_award_steps_application_id', 'award_steps', ['application_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_award_steps_application_id', table_name='award_steps')
