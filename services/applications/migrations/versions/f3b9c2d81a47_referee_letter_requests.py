"""referee letter requests (issue 15)

Revision ID: f3b9c2d81a47
Revises: e7a41c9d2b35
Create Date: 2026-11-30 14:55:00.000000
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = 'f3b9c2d81a47'
down_revision: Union[str, None] = 'e7a41c9d2b35'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'referee_requests',
        sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('application_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('applicant_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=320), nullable=False),
        sa.Column('position', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('institution', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('relationship', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('due_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('opened_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('answered_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('cancelled_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('replaced_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column('last_reminded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('reminders_sent', sa.Integer(), nullable=False),
        sa.Column('letter_stored_name', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column('letter_original_name', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=True),
        sa.Column('letter_size', sa.Integer(), nullable=True),
        sa.Column('letter_sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column('letter_text', sqlmodel.sql.sqltypes.AutoString(length=20000), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('referee_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referee_requests_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referee_requests_applicant_id'), ['applicant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referee_requests_state'), ['state'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('referee_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referee_requests_state'))
        batch_op.drop_index(batch_op.f('ix_referee_requests_applicant_id'))
        batch_op.drop_index(batch_op.f('ix_referee_requests_application_id'))
    op.drop_table('referee_requests')
