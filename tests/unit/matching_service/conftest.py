"""Fakes for the matching service layer: a SQLite file as the database (the service's own
tables and outbox), a small SCO cycle to match, and readers for what was staged."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from services.matching.models import Base, Cycle, Institution, PoolEntry, Programme, QuotaRule, Scheme, infra
from shared.clock import utcnow
from shared.db import Database
from shared.migrations import migrate
from shared.principal import Principal, Role

CYCLE = "sco-2026"
# application id -> (country, grade, choices, HSK level)
POOL = {
    "a1": ("KZ", 95.0, ["ir", "pe"], 5),
    "a2": ("KZ", 93.0, ["ir", "pe"], 5),
    "a3": ("KZ", 91.0, ["ir", "pe"], 5),  # the KZ cap (2) keeps it out
    "a4": ("UZ", 90.0, ["med", "ir", "pe"], 3),  # med needs HSK 4
    "a5": ("RU", 99.0, ["ir"], 6),  # not an eligible sending country
}
ADMIN = Principal(sub="admin", role=Role.ADMIN)


def officer(sub: str = "o", **scope) -> Principal:
    return Principal(sub=sub, role=Role.OFFICER, **scope)


@pytest.fixture
async def db(tmp_path):
    database = Database(f"sqlite+aiosqlite:///{tmp_path}/matching.db", Base.metadata)
    await migrate(database)  # no migrations directory: the tables as the models declare them
    try:
        yield database
    finally:
        await database.dispose()


@pytest.fixture
async def session(db):
    async with db.session() as s:
        yield s


async def seed_cycle(db: Database) -> None:
    """Scheme sco, cycle sco-2026; ir and med at lzu (2 and 1 seats), pe at xju (2); at most 2 from KZ."""
    now = utcnow()
    async with db.session() as s, s.begin():
        s.add(Institution(id="lzu", name="Lanzhou University", country="CN"))
        s.add(Institution(id="xju", name="Xinjiang University", country="CN"))
        s.add(Scheme(id="sco", name="SCO", sponsor="CSC", eligible_countries=["KZ", "UZ", "RU"]))
        s.add(
            Cycle(
                id=CYCLE,
                scheme_id="sco",
                name="SCO 2026",
                opens_at=now - timedelta(days=10),
                closes_at=now + timedelta(days=10),
                eligible_countries=["KZ", "UZ"],
            )
        )
        for pid, host, seats, req in (
            ("ir", "lzu", 2, {}),
            ("pe", "xju", 2, {}),
            ("med", "lzu", 1, {"language_certificate": "HSK", "min_language_level": 4}),
        ):
            s.add(
                Programme(
                    id=pid,
                    cycle_id=CYCLE,
                    scheme_id="sco",
                    host_institution_id=host,
                    host_country="CN",
                    title=pid,
                    field="engineering",
                    level="master",
                    language="zh",
                    seats=seats,
                    requirements=req,
                )
            )
        s.add(
            QuotaRule(
                id="kz", cycle_id=CYCLE, label="at most 2 from KZ", scope={"sending_country": ["KZ"]}, max_count=2
            )
        )
        for app_id, (country, grade, choices, hsk) in POOL.items():
            s.add(
                PoolEntry(
                    application_id=app_id,
                    applicant_id=f"stu-{app_id}",
                    cycle_id=CYCLE,
                    scheme_id="sco",
                    applicant_type="student",
                    sending_country=country,
                    choices=choices,
                    grade=grade,
                    language_certificates=[{"kind": "HSK", "level": hsk}],
                )
            )


async def staged(db: Database) -> list[str]:
    """The types of the events staged in the outbox, in order."""
    async with db.session() as s:
        rows = await s.execute(select(infra.outbox.c.event_type).order_by(infra.outbox.c.id))
        return [r[0].split(".")[-2] for r in rows]


async def staged_events(db: Database) -> list[tuple[str, dict]]:
    """(type as ``staged`` names it, data) of every staged event, in order."""
    async with db.session() as s:
        rows = await s.execute(select(infra.outbox.c.event_type, infra.outbox.c.payload).order_by(infra.outbox.c.id))
        return [(t.split(".")[-2], json.loads(p) if p is not None else {}) for t, p in rows]
