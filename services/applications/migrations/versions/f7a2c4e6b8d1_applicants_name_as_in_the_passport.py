"""an applicant gives their name as in the passport, in Latin letters

applicants.passport_name: the spelling a host institution writes on the admission letter and
the visa form (the account's name is in whatever script the applicant typed). NULL: not given
yet, as for every applicant registered before.

Revision ID: f7a2c4e6b8d1
Revises: c8e2a4f6b0d3
Create Date: 2026-12-06 09:00:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = 'f7a2c4e6b8d1'
down_revision: Union[str, None] = 'c8e2a4f6b0d3'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("applicants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("passport_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("applicants", schema=None) as batch_op:
        batch_op.drop_column("passport_name")
