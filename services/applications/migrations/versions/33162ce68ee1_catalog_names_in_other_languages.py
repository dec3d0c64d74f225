"""catalog names in other languages

The catalog read model keeps each name's translations (a programme's title and its host's
name too), as catalog events now carry them; rows stored before have none ('{}') until their
entity is published again.

Revision ID: 33162ce68ee1
Revises: d1f3a5c7e9b2
Create Date: 2026-12-04 18:50:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '33162ce68ee1'
down_revision: Union[str, None] = 'd1f3a5c7e9b2'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

COLUMNS = [
    ("catalog_institutions", "translations"),
    ("catalog_schemes", "translations"),
    ("catalog_cycles", "translations"),
    ("catalog_programmes", "translations"),
    ("catalog_programmes", "host_institution_translations"),
]


def upgrade() -> None:
    for table, column in COLUMNS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column(column, sa.JSON(), nullable=False, server_default=sa.text("'{}'")))


def downgrade() -> None:
    for table, column in reversed(COLUMNS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(column)
