"""a referee's reason for declining to write the letter (optional, told to the applicant)

Revision ID: a9c1e3f5b7d2
Revises: f7a2c4e6b8d1
Create Date: 2026-12-05 16:00:00.000000
"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = 'a9c1e3f5b7d2'
down_revision: Union[str, None] = 'f7a2c4e6b8d1'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column('referee_requests', sa.Column('decline_reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True))


def downgrade() -> None:
    op.drop_column('referee_requests', 'decline_reason')
