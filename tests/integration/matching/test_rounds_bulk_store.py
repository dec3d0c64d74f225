"""A round stored in bulk on PostgreSQL (COPY for matches, outcomes and outbox rows): the
same rows and events as single INSERTs of the same rows, events byte for byte what
``add_event`` encodes, and nothing at all when the store fails half-way."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

import pytest
from sqlalchemy import func, insert, select, update

from services.matching.app import MIGRATIONS
from services.matching.domain.review import Decision
from services.matching.domain.statuses import RoundStatus
from services.matching.models import Base, Match, Round, RoundOutcome, infra
from services.matching.service import review, rounds
from shared import outbox
from shared.clock import utcnow
from shared.db import Database
from shared.errors import Conflict
from shared.events.catalog import parse_event, spec_for
from shared.events.envelope import Envelope, decode_message, encode_envelope, new_event
from shared.migrations import migrate
from shared.outbox import kafka_headers
from shared.principal import Principal, Role
from tests.unit.matching_service.conftest import CYCLE, seed_cycle


@pytest.fixture
async def db(postgres):
    database = Database(await postgres.create_database("bulk_store"), Base.metadata, MIGRATIONS)
    await migrate(database)
    await seed_cycle(database)
    try:
        yield database
    finally:
        await database.dispose()


async def _computed(db: Database) -> tuple[rounds.RoundJob, rounds.RoundResult]:
    async with db.session() as s, s.begin():
        queued = await rounds.queue(s, CYCLE, 42, "o-sco")
    async with db.session() as s, s.begin():
        job = await rounds.load(s, queued.id)
    return job, rounds.compute(job, rounds.Progress())


async def _inserted(session, table, columns, rows, *, encoded=()) -> None:
    """The same rows through single INSERT statements (executemany), as on SQLite (a JSON
    column given as its text is handed to the column's type as its value)."""
    if rows:
        values = [dict(zip(columns, row, strict=True)) for row in rows]
        for value in values:
            value.update({c: json.loads(value[c]) for c in encoded})
        await session.execute(insert(table), values)


async def _stored(session, round_id: str) -> tuple[dict, dict, list[Envelope]]:
    """(application -> match, application -> outcome, the staged events in order), with the
    random parts (match and event ids, times) left out."""
    matches = {
        m.application_id: m.model_dump(exclude={"id", "created_at", "updated_at"})
        for m in await session.scalars(select(Match).where(Match.round_id == round_id))
    }
    outcomes = {}
    for o in await session.scalars(select(RoundOutcome).where(RoundOutcome.round_id == round_id)):
        outcomes[o.application_id] = o.model_dump(exclude={"id", "match_id"}) | {"matched": o.match_id is not None}
    rows = await session.execute(
        select(infra.outbox.c.key, infra.outbox.c.payload, infra.outbox.c.headers).order_by(infra.outbox.c.id)
    )
    events = [decode_message(key.encode(), payload, kafka_headers(headers)) for key, payload, headers in rows]
    return matches, outcomes, events


def _comparable(env: Envelope) -> tuple:
    data = {k: v for k, v in (env.data or {}).items() if k != "match_id"}
    return env.type, env.key, env.subject, env.source, data


async def test_a_round_stored_by_copy_equals_the_same_round_inserted_row_by_row(db, monkeypatch):
    job, result = await _computed(db)
    async with db.session() as s:  # stored, read back, rolled back
        assert await rounds.store(s, job, result)
        bulk = await _stored(s, job.round_id)
        staged = (await s.execute(select(infra.outbox.c.key, infra.outbox.c.payload, infra.outbox.c.headers))).all()
        await s.rollback()
    monkeypatch.setattr(rounds, "bulk_insert", _inserted)
    monkeypatch.setattr(outbox, "bulk_insert", _inserted)
    async with db.session() as s:
        assert await rounds.store(s, job, result)
        single = await _stored(s, job.round_id)
        await s.rollback()

    bulk_matches, bulk_outcomes, bulk_events = bulk
    assert bulk_matches == single[0] and len(bulk_matches) == 3
    assert bulk_outcomes == single[1] and len(bulk_outcomes) == 5
    assert [_comparable(e) for e in bulk_events] == [_comparable(e) for e in single[2]]
    types = [e.type.split(".")[-2] for e in bulk_events]
    assert sorted(types) == ["completed", "proposed", "proposed", "proposed", "unmatched", "waitlisted"]
    assert types[-1] == "completed"  # the round's own event after its outcomes'
    assert len({e.id for e in bulk_events}) == len(bulk_events)
    # each outcome event keyed (and its subject) by its application, on the type's topic
    for env in bulk_events[:-1]:
        assert env.key == env.subject == env.data["application_id"]
    # and byte for byte what add_event encodes for the same event: the catalog's model of
    # the decoded data, encoded through an envelope with the same id, time and key
    for key, payload, headers in staged:
        env = decode_message(key.encode(), payload, kafka_headers(headers))
        again = new_event(env.type, parse_event(env), source=env.source, key=env.key, subject=env.subject)
        again.id, again.time, again.traceparent = env.id, env.time, env.traceparent
        _key, value, wire = encode_envelope(again)
        assert value == payload
        assert [part for name, raw in wire for part in (name, raw.decode())] == list(headers)
        assert spec_for(env.type).model is type(parse_event(env))


@pytest.mark.parametrize("failing", ["round_outcomes", "outbox"])
async def test_a_store_that_fails_half_way_leaves_nothing(db, monkeypatch, failing):
    real = rounds.bulk_insert
    written: list[str] = []

    async def fails_at(session, table, columns, rows, **how):
        if table.name == failing:
            raise RuntimeError(f"the machine stops before {failing}")
        await real(session, table, columns, rows, **how)
        written.append(table.name)

    monkeypatch.setattr(rounds, "bulk_insert", fails_at)
    monkeypatch.setattr(outbox, "bulk_insert", fails_at)
    async with db.session() as s, s.begin():
        queued = await rounds.queue(s, CYCLE, 42, "o-sco")
    await rounds.RoundRunner(db).execute(queued.id)  # the worker's run: the round is marked failed

    assert written == (["matches"] if failing == "round_outcomes" else ["matches", "round_outcomes"])
    async with db.session() as s:
        round_ = await s.get(Round, queued.id)
        assert round_.status == RoundStatus.FAILED and failing in round_.error
        assert await s.scalar(select(func.count()).select_from(Match)) == 0
        assert await s.scalar(select(func.count()).select_from(RoundOutcome)) == 0
        assert await s.scalar(select(func.count()).select_from(infra.outbox)) == 0


async def _stored_then(db, monkeypatch, meanwhile) -> str:
    """A round run by the worker, ``meanwhile(round_id)`` awaited once its rows are written
    and before it is marked completed; the round's id."""
    real = rounds._write_rows

    async def then(session, job, *args):
        counts = await real(session, job, *args)
        await meanwhile(job.round_id)
        return counts

    monkeypatch.setattr(rounds, "_write_rows", then)
    async with db.session() as s, s.begin():
        queued = await rounds.queue(s, CYCLE, 42, "o-sco")
    await rounds.RoundRunner(db).execute(queued.id)
    return queued.id


async def test_the_heartbeat_and_progress_are_written_while_a_round_is_stored(db, monkeypatch):
    """A national round's store takes tens of seconds: its heartbeat must not wait for it
    (a round silent for 30 s is declared dead when the next one is asked for)."""
    beats: list[float] = []

    async def beat(round_id: str) -> None:
        runner = rounds.RoundRunner(db)
        await asyncio.wait_for(runner._beat(round_id, rounds.Progress(0.93)), 5)  # the row is not locked
        async with db.session() as s:  # and committed, seen by others
            beats.append((await s.get(Round, round_id)).progress)

    round_id = await _stored_then(db, monkeypatch, beat)
    assert beats == [0.93]
    async with db.session() as s:
        done = await s.get(Round, round_id)
        assert done.status == RoundStatus.COMPLETED and done.progress == 1.0 and done.matched == 3


async def test_a_round_declared_dead_while_it_is_stored_leaves_nothing(db, monkeypatch):
    async def declared_dead(round_id: str) -> None:
        async with db.session() as s, s.begin():
            rounds.fail(await s.get(Round, round_id), "its process stopped (no heartbeat)")

    round_id = await _stored_then(db, monkeypatch, declared_dead)
    async with db.session() as s:
        round_ = await s.get(Round, round_id)
        assert round_.status == RoundStatus.FAILED and "heartbeat" in round_.error  # not overwritten
        assert await s.scalar(select(func.count()).select_from(Match)) == 0
        assert await s.scalar(select(func.count()).select_from(RoundOutcome)) == 0
        assert await s.scalar(select(func.count()).select_from(infra.outbox)) == 0


async def test_a_round_completing_while_another_is_asked_for_stays_completed(db, monkeypatch):
    """Its heartbeat late (as after a long store), a round completes while another instance asks
    for the next: that instance waits for the commit and finds the cycle free, rather than
    marking the completed round failed over its committed rows."""
    job, result = await _computed(db)
    async with db.session() as s, s.begin():  # its heartbeat went silent
        stale = utcnow() - rounds.STALE_AFTER - timedelta(seconds=5)
        await s.execute(update(Round).where(Round.id == job.round_id).values(heartbeat_at=stale))
    other: list[asyncio.Task] = []
    real_add_event = rounds.add_event

    async def next_round() -> str:
        async with db.session() as s, s.begin():
            return (await rounds.queue(s, CYCLE, 7, "o-2")).id

    async def asked_meanwhile(*args, **kwargs):  # completed, not committed yet
        other.append(asyncio.create_task(next_round()))
        await asyncio.sleep(0.5)  # the other instance now waits for the completed row
        return await real_add_event(*args, **kwargs)

    monkeypatch.setattr(rounds, "add_event", asked_meanwhile)
    async with db.session() as s, s.begin():
        assert await rounds.store(s, job, result)
    second = await other[0]
    async with db.session() as s:
        done, queued = await s.get(Round, job.round_id), await s.get(Round, second)
        assert done.status == RoundStatus.COMPLETED and done.error is None
        assert queued.status == RoundStatus.QUEUED and queued.number == 2


async def test_a_round_asked_for_during_a_review_waits_for_it_and_keeps_its_decision(db):
    """An officer approves a proposal while another asks for the next round: the round is
    queued only after the approval's commit, so its ``load`` holds the approved place fixed
    (read before the commit, the applicant would be proposed again beside the approved match)."""
    job, result = await _computed(db)
    async with db.session() as s, s.begin():
        assert await rounds.store(s, job, result)
        await s.execute(update(Round).where(Round.id == job.round_id).values(status=RoundStatus.COMPLETED))
    async with db.session() as s:
        proposed = (await s.scalars(select(Match).where(Match.round_id == job.round_id).order_by(Match.id))).first()
    officer = Principal(sub="o-sco", role=Role.OFFICER, schemes=["sco"])

    async def next_round() -> str:
        async with db.session() as s, s.begin():
            return (await rounds.queue(s, CYCLE, 7, "o-2")).id

    async with db.session() as reviewing, reviewing.begin():
        await review.decide(reviewing, officer, proposed.id, Decision.APPROVE, "fits")
        asking = asyncio.create_task(next_round())
        await asyncio.sleep(0.5)
        assert not asking.done()  # waits for the review's commit
    second = await asyncio.wait_for(asking, 5)
    async with db.session() as s, s.begin():
        job2 = await rounds.load(s, second)
    assert job2.fixed.get(proposed.application_id) == proposed.programme_id
    async with db.session() as s, s.begin():  # and a review after the round is queued is refused
        with pytest.raises(Conflict) as refused:
            await review.decide(s, officer, proposed.id, Decision.REJECT, "late")
        assert refused.value.code == "match.round_running"


async def test_a_round_declared_dead_while_it_is_stored_stops_at_its_next_range(db, monkeypatch):
    """A national round's store runs for tens of seconds: declared dead meanwhile, it writes
    no further range (and its transaction rolls back, as at its completion)."""
    monkeypatch.setattr(rounds, "STORE_RANGE", 1)  # a range per applicant
    real = rounds.bulk_insert
    written: list[str] = []

    async def declared_dead_after_the_first(session, table, columns, rows, **how):
        await real(session, table, columns, rows, **how)
        written.append(table.name)
        if table.name == "round_outcomes" and len(written) <= 2:  # the first range's outcomes
            async with db.session() as s, s.begin():
                rounds.fail(await s.get(Round, rows[0][0]), "its process stopped (no heartbeat)")

    monkeypatch.setattr(rounds, "bulk_insert", declared_dead_after_the_first)
    async with db.session() as s, s.begin():
        queued = await rounds.queue(s, CYCLE, 42, "o-sco")
    await rounds.RoundRunner(db).execute(queued.id)
    assert written.count("round_outcomes") == 1  # 5 applicants: 4 ranges were never written
    async with db.session() as s:
        round_ = await s.get(Round, queued.id)
        assert round_.status == RoundStatus.FAILED and "heartbeat" in round_.error
        assert await s.scalar(select(func.count()).select_from(RoundOutcome)) == 0
        assert await s.scalar(select(func.count()).select_from(infra.outbox)) == 0
