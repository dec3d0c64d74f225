"""endorsement by the home institution: the pool's home institution, the cycle's endorsement
deadline and each application's endorsement (issue 14)

Revision ID: b2d4f6a8c1e3
Revises: a1b3c5d7e9f0
Create Date: 2026-11-30 23:30:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = 'b2d4f6a8c1e3'
down_revision: Union[str, None] = 'a1b3c5d7e9f0'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

S = sqlmodel.sql.sqltypes.AutoString
T = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    with op.batch_alter_table('pool_entries') as batch_op:
        batch_op.add_column(sa.Column('home_institution_id', S(length=64), nullable=True))
        batch_op.create_index('ix_pool_entries_home_institution_id', ['home_institution_id'])
    with op.batch_alter_table('cycles') as batch_op:
        batch_op.add_column(sa.Column('endorsement_closes_at', T(), nullable=True))
    op.create_table(
        'endorsements',
        sa.Column('application_id', S(length=64), nullable=False),
        sa.Column('cycle_id', S(length=64), nullable=False),
        sa.Column('home_institution_id', S(length=64), nullable=False),
        sa.Column('state', S(length=16), nullable=False),
        sa.Column('reason', S(length=1000), nullable=True),
        sa.Column('cohort', S(length=200), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('decided_by', S(length=64), nullable=False),
        sa.Column('updated_at', T(), nullable=False),
        sa.PrimaryKeyConstraint('application_id'),
    )
    op.create_index('ix_endorsements_cycle_id', 'endorsements', ['cycle_id'])
    op.create_index('ix_endorsements_home_institution_id', 'endorsements', ['home_institution_id'])


def downgrade() -> None:
    op.drop_index('ix_endorsements_home_institution_id', 'endorsements')
    op.drop_index('ix_endorsements_cycle_id', 'endorsements')
    op.drop_table('endorsements')
    with op.batch_alter_table('cycles') as batch_op:
        batch_op.drop_column('endorsement_closes_at')
    with op.batch_alter_table('pool_entries') as batch_op:
        batch_op.drop_index('ix_pool_entries_home_institution_id')
        batch_op.drop_column('home_institution_id')
