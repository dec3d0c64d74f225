"""A round's rows and events built straight from its outcomes' columns (``round_rows``): the
events' data is exactly what the catalog's models dump (fields, order, types, bytes), a
matched outcome gets its match row and proposal, and only news is told."""

from __future__ import annotations

import gc
import json
from datetime import timedelta

from sqlalchemy import select

from services.matching.domain import notices
from services.matching.domain.statuses import MatchStatus, OutcomeStatus
from services.matching.models import Base, Match, RoundOutcome, infra
from services.matching.service import rounds
from shared.clock import utcnow
from shared.db import Database
from shared.events.catalog import spec_for
from shared.migrations import migrate

from .conftest import CYCLE, seed_cycle


async def _computed(db) -> tuple[rounds.RoundJob, rounds.RoundResult]:
    async with db.session() as s, s.begin():
        queued = await rounds.queue(s, CYCLE, 42, "o-sco")
    async with db.session() as s, s.begin():
        job = await rounds.load(s, queued.id)
    return job, rounds.compute(job, rounds.Progress())


async def test_event_data_is_what_the_catalog_models_dump(db):
    await seed_cycle(db)
    job, result = await _computed(db)
    rows = rounds.round_rows(job, result.outcomes.columns(), set(job.entries), {}, utcnow())
    kinds = sorted(t.split(".")[-2] for t, _, _ in rows.events)
    assert kinds == ["proposed", "proposed", "proposed", "unmatched", "waitlisted"]
    for type_, key, payload in rows.events:
        data = json.loads(payload)
        dumped = spec_for(type_).model.model_validate(data).model_dump(mode="json")
        assert json.dumps(dumped).encode() == payload  # the same keys, in the same order, the same bytes
        assert key == data["application_id"]
    # the reasons carry their codes: a4's HSK requirement, a5's nationality
    told = {data["application_id"]: data for data in (json.loads(p) for _, _, p in rows.events)}
    a4 = {r["programme_id"]: r for r in told["a4"]["reasons"]}
    assert a4["med"]["code"] == "eligibility.certificate_below" and a4["med"]["params"]["min_level"] == 4
    assert told["a5"]["reasons"][0]["code"] == "eligibility.nationality"


async def test_a_matched_outcome_gets_its_match_row_and_its_proposal(db):
    await seed_cycle(db)
    job, result = await _computed(db)
    now = utcnow()
    rows = rounds.round_rows(job, result.outcomes.columns(), set(job.entries), {}, now)
    matches = [dict(zip(rounds.MATCH_COLUMNS, m, strict=True)) for m in rows.matches]
    outcomes = {o[1]: dict(zip(rounds.OUTCOME_COLUMNS, o, strict=True)) for o in rows.outcomes}
    proposals = {
        d["application_id"]: d for t, _, p in rows.events if t.endswith("match.proposed.v1") for d in [json.loads(p)]
    }
    assert {m["application_id"]: m["programme_id"] for m in matches} == {"a1": "ir", "a2": "ir", "a4": "pe"}
    for i, m in enumerate(matches):
        assert m["status"] == MatchStatus.PROPOSED and m["round_id"] == job.round_id
        assert m["created_at"] == m["updated_at"] == now + timedelta(microseconds=i)  # the round's order
        assert outcomes[m["application_id"]]["match_id"] == m["id"] == proposals[m["application_id"]]["match_id"]
        assert proposals[m["application_id"]]["host_institution_id"] == m["host_institution_id"]
        assert proposals[m["application_id"]]["rank"] == m["rank"] >= 1
    assert all(o["notified"] for o in outcomes.values())
    assert rows.counts == {OutcomeStatus.MATCHED: 3, OutcomeStatus.WAITLISTED: 1, OutcomeStatus.UNMATCHED: 1}
    stored = json.loads(outcomes["a3"]["reasons"])
    assert {"programme_id", "kind", "reason", "caps", "code", "params"} == set(stored[0])
    assert json.loads(matches[0]["reasons"]) == json.loads(outcomes[matches[0]["application_id"]]["reasons"])


async def test_only_news_is_told_and_a_withdrawn_application_nothing(db):
    await seed_cycle(db)
    job, result = await _computed(db)
    first = rounds.round_rows(job, result.outcomes.columns(), set(job.entries), {}, utcnow())
    outcomes = {o[1]: dict(zip(rounds.OUTCOME_COLUMNS, o, strict=True)) for o in first.outcomes}
    a3 = outcomes["a3"]
    before = {"a3": notices.told(a3["status"], json.loads(a3["reasons"]), json.loads(a3["waitlist_positions"]))}
    again = rounds.round_rows(job, result.outcomes.columns(), set(job.entries) - {"a5"}, before, utcnow())
    told = {json.loads(p)["application_id"] for _, _, p in again.events}
    assert told == {"a1", "a2", "a4"}  # a3: the same waitlist again; a5 withdrew meanwhile
    outcomes = {o[1]: dict(zip(rounds.OUTCOME_COLUMNS, o, strict=True)) for o in again.outcomes}
    assert outcomes["a5"]["status"] == OutcomeStatus.WITHDRAWN and outcomes["a5"]["notified"] is False
    assert outcomes["a3"]["notified"] is False and outcomes["a1"]["notified"] is True


async def test_a_round_leaves_the_garbage_collector_as_it_found_it(db):
    """load, compute and store pause the cyclic collector for their many objects, and give it back."""
    await seed_cycle(db)
    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        try:
            job, result = await _computed(db)
            async with db.session() as s, s.begin():
                assert await rounds.store(s, job, result)
            assert gc.isenabled() is enabled
        finally:
            gc.enable()


async def _stored(db, round_id: str) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """The round's matches (in their creation order), outcomes and outbox events (in their order)."""
    async with db.session() as s:
        matches = (
            await s.execute(
                select(Match.application_id, Match.programme_id, Match.rank, Match.reasons, Match.created_at)
                .where(Match.round_id == round_id)
                .order_by(Match.created_at)
            )
        ).all()
        outcomes = (
            await s.execute(
                select(
                    RoundOutcome.application_id,
                    RoundOutcome.status,
                    RoundOutcome.programme_id,
                    RoundOutcome.reasons,
                    RoundOutcome.waitlist_positions,
                    RoundOutcome.notified,
                )
                .where(RoundOutcome.round_id == round_id)
                .order_by(RoundOutcome.id)
            )
        ).all()
        events = (
            await s.execute(select(infra.outbox.c.event_type, infra.outbox.c.key).order_by(infra.outbox.c.id))
        ).all()
    return [tuple(m) for m in matches], [tuple(o) for o in outcomes], [tuple(e) for e in events]


async def _store_in_ranges(db, size: int, monkeypatch) -> tuple[tuple, list[tuple[str, int, float]]]:
    """A round of the seeded cycle stored ``size`` applicants at a time: what it stored, and each
    bulk write (table, rows, the round's progress before it)."""
    monkeypatch.setattr(rounds, "STORE_RANGE", size)
    job, result = await _computed(db)
    progress = rounds.Progress(0.85)
    writes = []
    real_bulk_insert = rounds.bulk_insert

    async def counted(session, table, columns, rows, **kw):
        writes.append((table.name, len(rows), round(progress.value, 2)))
        await real_bulk_insert(session, table, columns, rows, **kw)

    monkeypatch.setattr(rounds, "bulk_insert", counted)
    async with db.session() as s, s.begin():
        assert await rounds.store(s, job, result, progress=progress)
    monkeypatch.setattr(rounds, "bulk_insert", real_bulk_insert)
    assert progress.value == 1.0
    return await _stored(db, job.round_id), writes


async def test_a_round_stored_range_by_range_is_the_round_stored_at_once(db, tmp_path, monkeypatch):
    """A national round's rows are built and written a range of applicants at a time (memory):
    ranges of two write what one range writes, in the same order, and the progress moves on."""
    whole = Database(f"sqlite+aiosqlite:///{tmp_path}/whole.db", Base.metadata)
    await migrate(whole)
    try:
        await seed_cycle(whole)
        await seed_cycle(db)
        (matches, outcomes, events), _ = await _store_in_ranges(whole, rounds.STORE_RANGE, monkeypatch)
        (in_ranges, outcomes_in_ranges, events_in_ranges), writes = await _store_in_ranges(db, 2, monkeypatch)
    finally:
        await whole.dispose()
    # five applicants in ranges of two: three writes of outcomes, the progress before each
    assert [(n, at) for table, n, at in writes if table == "round_outcomes"] == [(2, 0.85), (2, 0.91), (1, 0.97)]
    assert [m[:4] for m in in_ranges] == [m[:4] for m in matches] and len(matches) == 3
    assert len({m[4] for m in in_ranges}) == 3  # each a microsecond after the one before, across ranges
    assert outcomes_in_ranges == outcomes and [o[0] for o in outcomes] == ["a1", "a2", "a3", "a4", "a5"]
    assert events_in_ranges == events and events[-1][0].endswith("round.completed.v1")
