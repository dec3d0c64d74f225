"""catalog names in other languages

The local copies of the catalog keep each name's translations (a programme's title and its
host's name, a cycle's and an institution's name, a scheme's authorities'), as catalog events
now carry them: a message names them in its reader's language. Rows stored before have none
('{}') until their entity is published again. Plain ADD COLUMN (no table rebuild), so the
catalog stamp's triggers on these tables stay.

Revision ID: 9b1115ae186a
Revises: d4f6a8c0e2b5
Create Date: 2026-12-04 19:30:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '9b1115ae186a'
down_revision: Union[str, None] = 'd4f6a8c0e2b5'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

COLUMNS = [
    ("programmes", "translations"),
    ("programmes", "host_institution_translations"),
    ("cycles", "translations"),
    ("institutions", "translations"),
    ("schemes", "authority_translations"),
]


def upgrade() -> None:
    for table, column in COLUMNS:
        op.add_column(table, sa.Column(column, sa.JSON(), nullable=False, server_default=sa.text("'{}'")))


def downgrade() -> None:
    # plain DROP COLUMN (SQLite 3.35+): a batch would rebuild the tables without their triggers
    for table, column in reversed(COLUMNS):
        op.drop_column(table, column)
