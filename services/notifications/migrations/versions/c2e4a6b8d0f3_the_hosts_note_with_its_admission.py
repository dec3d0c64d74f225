"""the host's note with its admission decision (award_steps.note): the offer that follows an
admission quotes it to the applicant, as a rejection's notice already did

Revision ID: c2e4a6b8d0f3
Revises: b8d2f4a6c0e1
Create Date: 2026-12-04 00:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = 'c2e4a6b8d0f3'
down_revision: Union[str, None] = 'b8d2f4a6c0e1'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    with op.batch_alter_table('award_steps') as batch_op:
        batch_op.add_column(sa.Column('note', S(length=1000), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('award_steps') as batch_op:
        batch_op.drop_column('note')
