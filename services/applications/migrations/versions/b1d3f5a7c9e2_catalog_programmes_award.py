"""the catalog's programmes keep what a place comes with (covers, stipend, months)

Revision ID: b1d3f5a7c9e2
Revises: a9c1e3f5b7d2
Create Date: 2026-12-05 16:15:00.000000
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


revision: str = 'b1d3f5a7c9e2'
down_revision: Union[str, None] = 'a9c1e3f5b7d2'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # {} until the programme's next catalog event: nothing said of its award
    with op.batch_alter_table('catalog_programmes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('award', sa.JSON(), nullable=False, server_default=sa.text("'{}'")))


def downgrade() -> None:
    with op.batch_alter_table('catalog_programmes', schema=None) as batch_op:
        batch_op.drop_column('award')
