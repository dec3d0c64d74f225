"""held documents: a rejected document version keeps the choices that require its kind out
of matching rounds until it is replaced or verified (issue 15)

Revision ID: e4b8c2d9f1a6
Revises: d27f1b3c4e5a
Create Date: 2026-11-30 15:40:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = 'e4b8c2d9f1a6'
down_revision: Union[str, None] = 'd27f1b3c4e5a'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        'held_documents',
        sa.Column('application_id', S(length=64), nullable=False),
        sa.Column('document_id', S(length=64), nullable=False),
        sa.Column('kind', S(length=32), nullable=False),
        sa.Column('reason', S(length=32), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=True),
        sa.Column('held_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('application_id', 'document_id'),
    )


def downgrade() -> None:
    op.drop_table('held_documents')
