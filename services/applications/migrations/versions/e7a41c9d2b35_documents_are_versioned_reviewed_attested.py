"""documents are versioned, reviewed (verified or rejected with a task) and carry attestation

Revision ID: e7a41c9d2b35
Revises: c582110e71fd
Create Date: 2026-11-30 14:55:00.000000
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = 'e7a41c9d2b35'
down_revision: Union[str, None] = 'c582110e71fd'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    # Every document stored so far is version 1, current and awaiting review.
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))
        batch_op.add_column(sa.Column('replaces', S(length=64), nullable=True))
        batch_op.add_column(sa.Column('superseded', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('state', S(length=16), nullable=False, server_default='pending'))
        batch_op.add_column(sa.Column('reviewed_by', S(length=64), nullable=True))
        batch_op.add_column(sa.Column('reviewed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('rejection_reason', S(length=32), nullable=True))
        batch_op.add_column(sa.Column('rejection_note', S(length=1000), nullable=True))
        batch_op.add_column(sa.Column('due_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('attested_by', S(length=16), nullable=True))
        batch_op.add_column(sa.Column('attestation_number', S(length=64), nullable=True))
        batch_op.add_column(sa.Column('attested_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('translation_language', S(length=8), nullable=True))
        batch_op.add_column(sa.Column('translation_certified_by', S(length=200), nullable=True))
        batch_op.add_column(sa.Column('nostrified', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('documents', schema=None) as batch_op:
        for column in (
            'nostrified', 'translation_certified_by', 'translation_language', 'attested_on',
            'attestation_number', 'attested_by', 'due_on', 'rejection_note', 'rejection_reason',
            'reviewed_at', 'reviewed_by', 'state', 'superseded', 'replaces', 'version',
        ):
            batch_op.drop_column(column)
