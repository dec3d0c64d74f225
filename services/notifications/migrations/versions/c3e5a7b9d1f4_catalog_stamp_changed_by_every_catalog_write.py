"""catalog stamp: a random number every write of the local catalog replaces (a trigger), so
that a process may keep what it read of the catalog while the stamp stays the same

Revision ID: c3e5a7b9d1f4
Revises: a1d5e7c9b3f2
Create Date: 2026-12-02 00:10:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

from services.notifications.models import catalog_stamp_ddl, drop_catalog_stamp_ddl


revision: str = 'c3e5a7b9d1f4'
down_revision: Union[str, None] = 'a1d5e7c9b3f2'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

TABLES = ('programmes', 'cycles', 'schemes', 'institutions', 'webhook_subscriptions')


def upgrade() -> None:
    op.create_table(
        'catalog_stamp',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('stamp', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    for statement in catalog_stamp_ddl(op.get_bind().dialect.name, TABLES):
        op.execute(statement)


def downgrade() -> None:
    for statement in drop_catalog_stamp_ddl(op.get_bind().dialect.name, TABLES):
        op.execute(statement)
    op.drop_table('catalog_stamp')
