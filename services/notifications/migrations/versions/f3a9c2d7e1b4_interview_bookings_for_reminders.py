"""interview bookings (from interview.booked / .cancelled) for the reminder the day before

Revision ID: f3a9c2d7e1b4
Revises: b4d2f6e3c8a5
Create Date: 2026-11-30 15:40:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = 'f3a9c2d7e1b4'
down_revision: Union[str, None] = 'b4d2f6e3c8a5'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        'interview_bookings',
        sa.Column('booking_uid', S(length=128), nullable=False),
        sa.Column('application_id', S(length=64), nullable=False),
        sa.Column('applicant_id', S(length=64), nullable=False),
        sa.Column('cycle_id', S(length=64), nullable=False),
        sa.Column('sequence', sa.Integer(), nullable=False),
        sa.Column('starts_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('duration_minutes', sa.Integer(), nullable=False),
        sa.Column('time_zone', S(length=64), nullable=False),
        sa.Column('place', S(length=500), nullable=False),
        sa.Column('nationality', S(length=2), nullable=False),
        sa.Column('cancelled', sa.Boolean(), nullable=False),
        sa.Column('reminded_sequence', sa.Integer(), nullable=True),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('booking_uid'),
    )
    op.create_index(op.f('ix_interview_bookings_starts_at'), 'interview_bookings', ['starts_at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_interview_bookings_starts_at'), table_name='interview_bookings')
    op.drop_table('interview_bookings')
