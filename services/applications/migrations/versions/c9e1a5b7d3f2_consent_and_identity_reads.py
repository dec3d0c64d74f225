"""the applicant's consent to what a host may read, the host deciding on the current match,
and every read a host made (issue 14)

Revision ID: c9e1a5b7d3f2
Revises: b8d2f6a1c935
Create Date: 2026-11-30 18:45:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = 'c9e1a5b7d3f2'
down_revision: Union[str, None] = 'b8d2f6a1c935'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    with op.batch_alter_table('applications') as batch_op:
        batch_op.add_column(sa.Column('consent', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('host_institution_id', S(length=128), nullable=True))
    op.create_table(
        'identity_reads',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('application_id', S(length=64), nullable=False),
        sa.Column('account_id', S(length=64), nullable=False),
        sa.Column('institution_id', S(length=128), nullable=False),
        sa.Column('what', S(length=80), nullable=False),
        sa.Column('read_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_identity_reads_application_id'), 'identity_reads', ['application_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_identity_reads_application_id'), table_name='identity_reads')
    op.drop_table('identity_reads')
    with op.batch_alter_table('applications') as batch_op:
        batch_op.drop_column('host_institution_id')
        batch_op.drop_column('consent')
