"""the audit journal of the notifications service (issue 16): webhook subscriptions created and
deleted, signing secrets rotated, dead deliveries replayed; append-only on PostgreSQL

Revision ID: f8a2c4e6b0d1
Revises: e4b6d8f0a2c3
Create Date: 2026-12-01 00:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

from shared.journal import APPEND_ONLY_FUNCTION, APPEND_ONLY_TRIGGER


revision: str = 'f8a2c4e6b0d1'
down_revision: Union[str, None] = 'e4b6d8f0a2c3'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        'journal',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('actor', S(length=64), nullable=False),
        sa.Column('actor_name', S(length=300), nullable=False),
        sa.Column('action', S(length=64), nullable=False),
        sa.Column('scheme_id', S(length=128), nullable=True),
        sa.Column('cycle_id', S(length=128), nullable=True),
        sa.Column('application_id', S(length=64), nullable=True),
        sa.Column('subject', S(length=200), nullable=False),
        sa.Column('before', sa.JSON(), nullable=True),
        sa.Column('after', sa.JSON(), nullable=True),
        sa.Column('reason', S(length=2000), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    for column in ('at', 'scheme_id', 'cycle_id', 'application_id'):
        op.create_index(op.f(f'ix_journal_{column}'), 'journal', [column], unique=False)
    if op.get_bind().dialect.name == 'postgresql':
        # the journal is append-only: the database itself refuses to change or remove an entry
        op.execute(APPEND_ONLY_FUNCTION)
        op.execute(APPEND_ONLY_TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TRIGGER IF EXISTS journal_append_only ON journal;")
        op.execute("DROP FUNCTION IF EXISTS journal_is_append_only();")
    for column in ('at', 'scheme_id', 'cycle_id', 'application_id'):
        op.drop_index(op.f(f'ix_journal_{column}'), table_name='journal')
    op.drop_table('journal')
