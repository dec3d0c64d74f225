"""Catalog writes through the service layer: a programme that submitted applications chose
cannot be deleted; one nobody chose can; a cycle keeps its offer reply days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError
from sqlalchemy import update

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
