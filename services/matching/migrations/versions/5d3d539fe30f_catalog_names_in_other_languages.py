"""catalog names in other languages

Institutions, schemes, cycles and programmes carry their name (a programme its title) in other
languages, and a scheme its nominating authorities' names; existing rows have none ('{}').

Revision ID: 5d3d539fe30f
Revises: a3d5f7b9c1e4
Create Date: 2026-12-04 18:28:06.981987
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '5d3d539fe30f'
down_revision: Union[str, None] = 'a3d5f7b9c1e4'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

COLUMNS = [
    ("institutions", "translations"),
    ("schemes", "translations"),
    ("schemes", "authority_translations"),
    ("cycles", "translations"),
    ("programmes", "translations"),
]


def upgrade() -> None:
    for table, column in COLUMNS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column(column, sa.JSON(), nullable=False, server_default=sa.text("'{}'")))


def downgrade() -> None:
    for table, column in reversed(COLUMNS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(column)
