"""applicant profiles keep the language the applicant reads messages in

Revision ID: d4a6c8e0f2b3
Revises: c2e4f6a8b0d1
Create Date: 2026-12-05 15:45:00.000000
"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = 'd4a6c8e0f2b3'
down_revision: Union[str, None] = 'c2e4f6a8b0d1'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # null until the applicant's next event: a page then says nothing of the language
    op.add_column('applicant_profiles', sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True))


def downgrade() -> None:
    op.drop_column('applicant_profiles', 'language')
