"""a new e-mail address is confirmed from its own mailbox (email_changes): the address moved as
soon as it was typed, unproven, and a refusal told whether another account had it

Revision ID: c6e8a0b2d4f7
Revises: a3e5c7f9b1d2
Create Date: 2026-12-04 11:15:00.000000
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = 'c6e8a0b2d4f7'
down_revision: Union[str, None] = 'a3e5c7f9b1d2'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        'email_changes',
        sa.Column('token_hash', S(length=64), nullable=False),
        sa.Column('account_id', S(length=64), nullable=False),
        sa.Column('new_email', S(length=320), nullable=False),
        sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('used_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('token_hash'),
    )
    op.create_index(op.f('ix_email_changes_account_id'), 'email_changes', ['account_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_email_changes_account_id'), table_name='email_changes')
    op.drop_table('email_changes')
