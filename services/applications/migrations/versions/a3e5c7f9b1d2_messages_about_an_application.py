"""messages about an application: an officer's to the applicant and the applicant's replies (issue 16)

Revision ID: a3e5c7f9b1d2
Revises: b1d7e3f9a2c4
Create Date: 2026-12-01 02:50:00.000000
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = 'a3e5c7f9b1d2'
down_revision: Union[str, None] = 'b1d7e3f9a2c4'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        'application_messages',
        sa.Column('id', S(length=64), nullable=False),
        sa.Column('application_id', S(length=64), nullable=False),
        sa.Column('applicant_id', S(length=64), nullable=False),
        sa.Column('author_id', S(length=64), nullable=False),
        sa.Column('author_role', S(length=16), nullable=False),
        sa.Column('author_name', S(length=300), nullable=False),
        sa.Column('direction', S(length=24), nullable=False),
        sa.Column('body', S(length=5000), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(
        op.f('ix_application_messages_application_id'), 'application_messages', ['application_id'], unique=False
    )
    op.create_index(op.f('ix_application_messages_created_at'), 'application_messages', ['created_at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_application_messages_created_at'), table_name='application_messages')
    op.drop_index(op.f('ix_application_messages_application_id'), table_name='application_messages')
    op.drop_table('application_messages')
