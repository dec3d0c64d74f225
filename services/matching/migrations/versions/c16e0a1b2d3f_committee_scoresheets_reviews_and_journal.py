"""committee: staff accounts, applicant profiles, scoresheets, reviewer conflicts,
assignments, score history and the audit journal (append-only on PostgreSQL)

Revision ID: c16e0a1b2d3f
Revises: 713c600035a8
Create Date: 2026-11-30 15:10:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = 'c16e0a1b2d3f'
down_revision: Union[str, None] = '713c600035a8'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        'staff_accounts',
        sa.Column('account_id', S(length=64), nullable=False),
        sa.Column('role', S(length=16), nullable=False),
        sa.Column('name', S(length=300), nullable=False),
        sa.Column('email', S(length=320), nullable=False),
        sa.Column('schemes', sa.JSON(), nullable=False),
        sa.Column('institutions', sa.JSON(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('as_of', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('account_id'),
    )
    op.create_table(
        'applicant_profiles',
        sa.Column('applicant_id', S(length=64), nullable=False),
        sa.Column('name', S(length=300), nullable=False),
        sa.Column('nationality', S(length=2), nullable=False),
        sa.Column('home_institution', S(length=300), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('applicant_id'),
    )
    op.create_table(
        'scoresheets',
        sa.Column('id', S(length=64), nullable=False),
        sa.Column('scheme_id', S(length=64), nullable=False),
        sa.Column('cycle_id', S(length=64), nullable=False),
        sa.Column('criteria', sa.JSON(), nullable=False),
        sa.Column('reviewers_per_application', sa.Integer(), nullable=False),
        sa.Column('spread_threshold', sa.Float(), nullable=False),
        sa.Column('updated_by', S(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('scheme_id', 'cycle_id'),
    )
    op.create_index(op.f('ix_scoresheets_scheme_id'), 'scoresheets', ['scheme_id'], unique=False)
    op.create_table(
        'reviewer_conflicts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('reviewer_id', S(length=64), nullable=False),
        sa.Column('application_id', S(length=64), nullable=False),
        sa.Column('reason', S(length=1000), nullable=False),
        sa.Column('declared_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('reviewer_id', 'application_id'),
    )
    op.create_index(op.f('ix_reviewer_conflicts_reviewer_id'), 'reviewer_conflicts', ['reviewer_id'], unique=False)
    op.create_index(
        op.f('ix_reviewer_conflicts_application_id'), 'reviewer_conflicts', ['application_id'], unique=False
    )
    op.create_table(
        'review_assignments',
        sa.Column('id', S(length=64), nullable=False),
        sa.Column('cycle_id', S(length=64), nullable=False),
        sa.Column('scheme_id', S(length=64), nullable=False),
        sa.Column('application_id', S(length=64), nullable=False),
        sa.Column('reviewer_id', S(length=64), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('assigned_by', S(length=64), nullable=False),
        sa.Column('assigned_at', sa.DateTime(), nullable=False),
        sa.Column('ended_at', sa.DateTime(), nullable=True),
        sa.Column('composite', sa.Float(), nullable=True),
        sa.Column('submitted_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    for column in ('cycle_id', 'application_id', 'reviewer_id'):
        op.create_index(op.f(f'ix_review_assignments_{column}'), 'review_assignments', [column], unique=False)
    op.create_table(
        'review_scores',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('assignment_id', S(length=64), nullable=False),
        sa.Column('application_id', S(length=64), nullable=False),
        sa.Column('reviewer_id', S(length=64), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('scores', sa.JSON(), nullable=False),
        sa.Column('composite', sa.Float(), nullable=False),
        sa.Column('comment', S(length=4000), nullable=False),
        sa.Column('submitted_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_review_scores_assignment_id'), 'review_scores', ['assignment_id'], unique=False)
    op.create_index(op.f('ix_review_scores_application_id'), 'review_scores', ['application_id'], unique=False)
    op.create_table(
        'journal',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('actor', S(length=64), nullable=False),
        sa.Column('actor_name', S(length=300), nullable=False),
        sa.Column('action', S(length=64), nullable=False),
        sa.Column('scheme_id', S(length=64), nullable=True),
        sa.Column('cycle_id', S(length=64), nullable=True),
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
        op.execute(
            """
            CREATE FUNCTION journal_is_append_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION 'the audit journal is append-only';
            END;
            $$ LANGUAGE plpgsql;
            """
        )
        op.execute(
            "CREATE TRIGGER journal_append_only BEFORE UPDATE OR DELETE ON journal "
            "FOR EACH ROW EXECUTE FUNCTION journal_is_append_only();"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TRIGGER IF EXISTS journal_append_only ON journal;")
        op.execute("DROP FUNCTION IF EXISTS journal_is_append_only();")
    for table in (
        'journal',
        'review_scores',
        'review_assignments',
        'reviewer_conflicts',
        'scoresheets',
        'applicant_profiles',
        'staff_accounts',
    ):
        op.drop_table(table)
