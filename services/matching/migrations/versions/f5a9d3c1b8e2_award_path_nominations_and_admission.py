"""the award path: a scheme's stages and nominating authorities, stage deadlines in the
cycle, nominators' countries, nomination lists and nominations, host admission decisions
(issue 14)

Revision ID: f5a9d3c1b8e2
Revises: e4b8c2d9f1a6
Create Date: 2026-11-30 18:10:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = 'f5a9d3c1b8e2'
down_revision: Union[str, None] = 'e4b8c2d9f1a6'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

S = sqlmodel.sql.sqltypes.AutoString
T = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    with op.batch_alter_table('schemes') as batch_op:
        batch_op.add_column(sa.Column('path', sa.JSON(), server_default='[]', nullable=False))
        batch_op.add_column(sa.Column('authorities', sa.JSON(), server_default='{}', nullable=False))
    with op.batch_alter_table('cycles') as batch_op:
        batch_op.add_column(sa.Column('nomination_closes_at', T(), nullable=True))
        batch_op.add_column(sa.Column('admission_closes_at', T(), nullable=True))
    with op.batch_alter_table('staff_accounts') as batch_op:
        batch_op.add_column(sa.Column('countries', sa.JSON(), server_default='[]', nullable=False))
    op.create_table(
        'nomination_lists',
        sa.Column('cycle_id', S(length=64), nullable=False),
        sa.Column('sending_country', S(length=2), nullable=False),
        sa.Column('scheme_id', S(length=64), nullable=False),
        sa.Column('status', S(length=16), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('published_at', T(), nullable=True),
        sa.Column('published_by', S(length=64), nullable=True),
        sa.Column('updated_at', T(), nullable=False),
        sa.PrimaryKeyConstraint('cycle_id', 'sending_country'),
    )
    op.create_table(
        'nominations',
        sa.Column('application_id', S(length=64), nullable=False),
        sa.Column('cycle_id', S(length=64), nullable=False),
        sa.Column('sending_country', S(length=2), nullable=False),
        sa.Column('state', S(length=16), nullable=False),
        sa.Column('position', sa.Integer(), nullable=True),
        sa.Column('reason', S(length=1000), nullable=True),
        sa.Column('promoted', sa.Boolean(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('decided_by', S(length=64), nullable=False),
        sa.Column('updated_at', T(), nullable=False),
        sa.PrimaryKeyConstraint('application_id'),
    )
    op.create_index(op.f('ix_nominations_cycle_id'), 'nominations', ['cycle_id'], unique=False)
    op.create_table(
        'admission_decisions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('match_id', S(length=64), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('decision', S(length=16), nullable=False),
        sa.Column('reason_code', S(length=32), nullable=True),
        sa.Column('note', S(length=2000), nullable=True),
        sa.Column('decided_by', S(length=64), nullable=False),
        sa.Column('decided_at', T(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('match_id', 'version'),
    )
    op.create_index(op.f('ix_admission_decisions_match_id'), 'admission_decisions', ['match_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_admission_decisions_match_id'), table_name='admission_decisions')
    op.drop_table('admission_decisions')
    op.drop_index(op.f('ix_nominations_cycle_id'), table_name='nominations')
    op.drop_table('nominations')
    op.drop_table('nomination_lists')
    with op.batch_alter_table('staff_accounts') as batch_op:
        batch_op.drop_column('countries')
    with op.batch_alter_table('cycles') as batch_op:
        batch_op.drop_column('admission_closes_at')
        batch_op.drop_column('nomination_closes_at')
    with op.batch_alter_table('schemes') as batch_op:
        batch_op.drop_column('authorities')
        batch_op.drop_column('path')
