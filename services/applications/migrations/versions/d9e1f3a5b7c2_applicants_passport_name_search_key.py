"""applicants.passport_name_key: the name as in the passport as officers search it, without
accents or apostrophes ("sukru" finds "Şükrü"); filled for the names already given

Revision ID: d9e1f3a5b7c2
Revises: c3e5a7b9d1f4
Create Date: 2026-12-06 09:30:00.000000
"""

from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op

# the service's own (pure) key: a name stored before is keyed as one saved after
from services.applications.domain.passport_name import search_key

revision: str = "d9e1f3a5b7c2"
down_revision: Union[str, None] = "c3e5a7b9d1f4"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

applicants = sa.table("applicants", sa.column("id", sa.String), sa.column("passport_name", sa.String),
                      sa.column("passport_name_key", sa.String))  # fmt: skip


def upgrade() -> None:
    with op.batch_alter_table("applicants") as batch_op:
        batch_op.add_column(
            sa.Column("passport_name_key", sqlmodel.sql.sqltypes.AutoString(length=400), nullable=True)
        )
    bind = op.get_bind()
    named = bind.execute(
        sa.select(applicants.c.id, applicants.c.passport_name).where(applicants.c.passport_name.is_not(None))
    ).all()
    if named:  # one statement for all of them (executemany)
        bind.execute(
            applicants.update().where(applicants.c.id == sa.bindparam("b_id")).values(passport_name_key=sa.bindparam("key")),
            [{"b_id": applicant_id, "key": search_key(name)} for applicant_id, name in named],
        )


def downgrade() -> None:
    with op.batch_alter_table("applicants") as batch_op:
        batch_op.drop_column("passport_name_key")
