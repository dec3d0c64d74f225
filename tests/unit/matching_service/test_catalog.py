"""Catalog writes through the service layer: a programme that submitted applications chose
cannot be deleted; one nobody chose can; a cycle keeps its offer reply days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError
from sqlalchemy import select, update

from services.matching.api.schemas import CycleIn, CycleOut, saved
from services.matching.domain.statuses import PoolStatus
from services.matching.models import PoolEntry, Programme
from services.matching.service import catalog
from shared.errors import Conflict

from .conftest import ADMIN, CYCLE, seed_cycle, staged


def _programme(pid: str) -> Programme:
    return Programme(
        id=pid,
        cycle_id=CYCLE,
        scheme_id="sco",
        host_institution_id="lzu",
        host_country="CN",
        title=pid,
        field="engineering",
        level="master",
        language="zh",
        seats=1,
    )


async def test_a_programme_submitted_applications_chose_cannot_be_deleted(db):
    await seed_cycle(db)
    # ir is chosen by a1..a5; a5 withdrew, so four live applications hold it
    async with db.session() as s, s.begin():
        await s.execute(update(PoolEntry).where(PoolEntry.application_id == "a5").values(status=PoolStatus.WITHDRAWN))
    async with db.session() as s:
        with pytest.raises(Conflict) as refused:
            async with s.begin():
                await catalog.delete_programme(s, "/test", ADMIN, "ir")
    assert refused.value.code == "programme.has_applications" and refused.value.field == "programme_id"
    assert refused.value.errors[0].as_dict()["applications"] == 4
    async with db.session() as s:
        assert await s.get(Programme, "ir") is not None
    assert "deleted" not in await staged(db)


async def test_a_programme_nobody_chose_can_be_deleted(db):
    await seed_cycle(db)
    # "i_" would match "ir" as a LIKE pattern and "i" is inside "ir": only whole ids count
    async with db.session() as s, s.begin():
        s.add(_programme("i_"))
        s.add(_programme("i"))
    for pid in ("i_", "i"):
        async with db.session() as s, s.begin():
            await catalog.delete_programme(s, "/test", ADMIN, pid)
        async with db.session() as s:
            assert await s.get(Programme, pid) is None
    assert (await staged(db)).count("deleted") == 2


async def test_a_cycle_keeps_its_offer_reply_days_within_1_to_90(db):
    await seed_cycle(db)
    now = datetime(2027, 1, 1, tzinfo=UTC)
    body = {
        "id": "sco-2027",
        "scheme_id": "sco",
        "name": "SCO 2027",
        "opens_at": now,
        "closes_at": now + timedelta(days=30),
    }
    assert CycleIn.model_validate(body).offer_reply_days == 14
    for days in (0, 91):
        with pytest.raises(ValidationError):
            CycleIn.model_validate({**body, "offer_reply_days": days})
    async with db.session() as s, s.begin():
        row, warnings = await catalog.create_cycle(
            s, "/test", ADMIN, CycleIn.model_validate({**body, "offer_reply_days": 30}).model_dump()
        )
    assert saved(CycleOut, row, warnings).offer_reply_days == 30


def _scheme_values(**over) -> dict:
    return {
        "name": "SCO",
        "translations": {},
        "sponsor": "CSC",
        "eligible_countries": ["KZ", "UZ", "RU"],
        "max_choices": 5,
        "path": [],
        "authorities": {},
        "authority_translations": {},
        "admission_deadline_action": "wait",
    } | over


async def test_the_path_of_a_scheme_with_applicants_does_not_change(db):
    """A PUT that left ``path`` out made a nominating scheme direct with 40 applicants on the way."""
    await seed_cycle(db)
    async with db.session() as s:
        with pytest.raises(Conflict) as refused:
            async with s.begin():
                await catalog.update_scheme(
                    s, "/test", ADMIN, "sco", _scheme_values(path=["matching", "review", "answer"])
                )
    assert (refused.value.code, refused.value.field) == ("scheme.path_in_use", "path")
    assert refused.value.errors[0].as_dict()["cycles"] == [CYCLE]
    assert "upserted" not in await staged(db)
    async with db.session() as s, s.begin():  # the same path: any other change is taken
        row, _warnings = await catalog.update_scheme(s, "/test", ADMIN, "sco", _scheme_values(name="SCO Scholarship"))
    assert row.name == "SCO Scholarship" and row.path == []


async def test_a_programme_with_a_live_match_keeps_its_host(db):
    from services.matching.models import Match
    from services.matching.service import rounds

    await seed_cycle(db)
    runner = rounds.RoundRunner(db)
    queued = await runner.start(CYCLE, 42, "o")
    await runner.tasks[queued.id]
    async with db.session() as s:
        placed = (await s.scalars(select(Match.programme_id).where(Match.status == "proposed"))).first()
        programme = await s.get(Programme, placed)
        values = {k: getattr(programme, k) for k in ("id", "cycle_id", "title", "field", "level", "language", "seats")}
    values |= {"host_institution_id": "xju" if programme.host_institution_id != "xju" else "lzu"}
    values |= {"applicant_type": programme.applicant_type, "requirements": programme.requirements, "translations": {}}
    async with db.session() as s:
        with pytest.raises(Conflict) as refused:
            async with s.begin():
                await catalog.update_programme(s, "/test", ADMIN, placed, values)
    assert (refused.value.code, refused.value.field) == ("programme.host_in_use", "host_institution_id")
    async with db.session() as s:
        assert (await s.get(Programme, placed)).host_institution_id == programme.host_institution_id
