"""the audit journal of the applications service's decisions: verifications, accounts,
applicants' own decisions, consent and hosts' reads (issue 16); append-only on PostgreSQL

Revision ID: d4f6a8c0e2b4
Revises: c9e1a5b7d3f2
Create Date: 2026-11-30 19:05:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel

from shared.journal import APPEND_ONLY_FUNCTION, APPEND_ONLY_TRIGGER


revision: str = 'd4f6a8c0e2b4'
down_revision: Union[str, None] = 'c9e1a5b7d3f2'
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
