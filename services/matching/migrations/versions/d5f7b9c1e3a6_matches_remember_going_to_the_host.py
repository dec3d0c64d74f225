"""matches.sent_to_host_at: when officers handed a match to the host to admit, so that the
host's lists and GET /admissions/{id} keep a match withdrawn before any decision (it left them,
and its link answered 404). Filled for matches handed over before: approved by an officer
(reviewed_at) under a scheme with an admission stage, and not rejected by the officer

Revision ID: d5f7b9c1e3a6
Revises: c4e6a8b0d2f5
Create Date: 2026-12-06 09:30:00.000000
"""

import json
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "d5f7b9c1e3a6"
down_revision: Union[str, None] = "c4e6a8b0d2f5"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

schemes = sa.table("schemes", sa.column("id", sa.String), sa.column("path", sa.Text))
matches = sa.table(
    "matches",
    sa.column("scheme_id", sa.String),
    sa.column("status", sa.String),
    sa.column("reviewed_at", sa.DateTime),
    sa.column("sent_to_host_at", sa.DateTime),
)
# an officer's approval never handed these to a host
NEVER_HANDED = ("proposed", "rejected", "superseded")


def upgrade() -> None:
    with op.batch_alter_table("matches", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sent_to_host_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    bind = op.get_bind()
    admitting = [
        scheme_id
        for scheme_id, path in bind.execute(sa.select(schemes.c.id, schemes.c.path)).all()
        if "admission" in (json.loads(path) if isinstance(path, str) else path or [])
    ]
    if admitting:
        bind.execute(
            matches.update()
            .where(
                matches.c.scheme_id.in_(admitting),
                matches.c.reviewed_at.is_not(None),
                matches.c.status.not_in(NEVER_HANDED),
            )
            .values(sent_to_host_at=matches.c.reviewed_at)
        )


def downgrade() -> None:
    with op.batch_alter_table("matches", schema=None) as batch_op:
        batch_op.drop_column("sent_to_host_at")
