"""interviews: slots officers publish and invitations with their booking (a slot is held by
at most one booking: unique slot_id)

Revision ID: d27f1b3c4e5a
Revises: c16e0a1b2d3f
Create Date: 2026-11-30 15:30:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = 'd27f1b3c4e5a'
down_revision: Union[str, None] = 'c16e0a1b2d3f'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        'interview_slots',
        sa.Column('id', S(length=64), nullable=False),
        sa.Column('cycle_id', S(length=64), nullable=False),
        sa.Column('scheme_id', S(length=64), nullable=False),
        sa.Column('starts_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('duration_minutes', sa.Integer(), nullable=False),
        sa.Column('time_zone', S(length=64), nullable=False),
        sa.Column('place', S(length=500), nullable=False),
        sa.Column('capacity', sa.Integer(), nullable=False),
        sa.Column('created_by', S(length=64), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_interview_slots_cycle_id'), 'interview_slots', ['cycle_id'], unique=False)
    op.create_table(
        'interview_invitations',
        sa.Column('application_id', S(length=64), nullable=False),
        sa.Column('applicant_id', S(length=64), nullable=False),
        sa.Column('cycle_id', S(length=64), nullable=False),
        sa.Column('scheme_id', S(length=64), nullable=False),
        sa.Column('invited_by', S(length=64), nullable=False),
        sa.Column('invited_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('slot_id', S(length=64), nullable=True),
        sa.Column('booking_uid', S(length=128), nullable=True),
        sa.Column('sequence', sa.Integer(), nullable=False),
        sa.Column('booked_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('attendance', S(length=16), nullable=True),
        sa.Column('score', sa.Float(), nullable=True),
        sa.Column('recorded_by', S(length=64), nullable=True),
        sa.Column('recorded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint('application_id'),
        sa.UniqueConstraint('slot_id'),
    )
    op.create_index(op.f('ix_interview_invitations_applicant_id'), 'interview_invitations', ['applicant_id'], unique=False)
    op.create_index(op.f('ix_interview_invitations_cycle_id'), 'interview_invitations', ['cycle_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_interview_invitations_cycle_id'), table_name='interview_invitations')
    op.drop_index(op.f('ix_interview_invitations_applicant_id'), table_name='interview_invitations')
    op.drop_table('interview_invitations')
    op.drop_index(op.f('ix_interview_slots_cycle_id'), table_name='interview_slots')
    op.drop_table('interview_slots')
