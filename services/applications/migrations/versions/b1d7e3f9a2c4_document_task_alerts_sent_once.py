"""document task alerts, each sent once (issue 15)

Revision ID: b1d7e3f9a2c4
Revises: e2c4a6b8d0f1
Create Date: 2026-12-01 00:20:00.000000
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = 'b1d7e3f9a2c4'
down_revision: Union[str, None] = 'e2c4a6b8d0f1'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'document_task_alerts',
        sa.Column('document_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('sent_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('document_id', 'kind'),
    )


def downgrade() -> None:
    op.drop_table('document_task_alerts')
