"""an applicant's e-mail address is confirmed before submitting

accounts.email_verified_at: when the account's address was proven by its mailbox (the link
sent at registration, or a new address's confirmation link). With the setting
APPLICATIONS_EMAIL_VERIFICATION on, an applicant submits only once it is set. Every account
made before is taken as confirmed (at its creation): nobody already applying is stopped.

Revision ID: b5d7f9a1c3e6
Revises: 33162ce68ee1
Create Date: 2026-12-05 00:00:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = 'b5d7f9a1c3e6'
down_revision: Union[str, None] = '33162ce68ee1'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email_verified_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    op.execute("UPDATE accounts SET email_verified_at = created_at")


def downgrade() -> None:
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_column("email_verified_at")
