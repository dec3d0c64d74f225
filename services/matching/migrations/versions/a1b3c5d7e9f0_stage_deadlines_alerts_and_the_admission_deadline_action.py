"""stage deadlines: what a scheme does at the hosts' deadline, and the alerts sent (issue 14)

Revision ID: a1b3c5d7e9f0
Revises: f5a9d3c1b8e2
Create Date: 2026-11-30 18:55:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = 'a1b3c5d7e9f0'
down_revision: Union[str, None] = 'f5a9d3c1b8e2'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    with op.batch_alter_table('schemes') as batch_op:
        batch_op.add_column(sa.Column('admission_deadline_action', S(length=16), server_default='wait', nullable=False))
    op.create_table(
        'stage_alerts',
        sa.Column('cycle_id', S(length=64), nullable=False),
        sa.Column('stage', S(length=16), nullable=False),
        sa.Column('subject', S(length=64), nullable=False),
        sa.Column('kind', S(length=16), nullable=False),
        sa.Column('sent_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('cycle_id', 'stage', 'subject', 'kind'),
    )


def downgrade() -> None:
    op.drop_table('stage_alerts')
    with op.batch_alter_table('schemes') as batch_op:
        batch_op.drop_column('admission_deadline_action')
