"""applicant profiles keep the name as in the passport (staff lists read a name typed in
another script by its Latin letters)

Revision ID: b3d5f7a9c1e4
Revises: e5b7d9f1a3c4
Create Date: 2026-12-05 21:00:00.000000
"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = 'b3d5f7a9c1e4'
down_revision: Union[str, None] = 'e5b7d9f1a3c4'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # NULL for a profile stored before: filled by the applicant's next applicant.updated
    with op.batch_alter_table('applicant_profiles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('passport_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('applicant_profiles', schema=None) as batch_op:
        batch_op.drop_column('passport_name')
