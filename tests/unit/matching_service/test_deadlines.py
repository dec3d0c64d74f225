"""Stage deadlines (issue 14): reminders to the stage's owner on set days, the scheme's officers
told once it passes, and the scheme's action on undecided matches, on a controllable clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from services.matching.domain import deadlines as rules
from services.matching.domain.review import Decision
from services.matching.domain.statuses import MatchStatus
from services.matching.models import AdmissionDecision, Cycle, Endorsement, Match, PoolEntry, Scheme
from services.matching.service import deadlines, review, rounds

from .conftest import ADMIN, CYCLE, seed_cycle, staged_events

CLOSES = datetime(2030, 7, 1, 12, tzinfo=UTC)
DAYS = [7, 2]


# --- the rules ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "now,sent,expected",
    [
        (CLOSES - timedelta(days=8), set(), None),  # too early
        (CLOSES - timedelta(days=6), set(), "near:7"),
        (CLOSES - timedelta(days=6), {"near:7"}, None),  # once
        (CLOSES - timedelta(days=1), {"near:7"}, "near:2"),
        (CLOSES - timedelta(days=1), set(), "near:2"),  # the 7-day one missed: only the latest is sent
        (CLOSES, {"near:7", "near:2"}, "passed"),
        (CLOSES + timedelta(days=30), {"passed"}, None),
    ],
)
def test_which_alert_is_due(now, sent, expected):
    assert rules.due(now, CLOSES, DAYS, sent) == expected


def test_days_left_round_up():
    assert rules.days_left(CLOSES - timedelta(hours=30), CLOSES) == 2
    assert rules.days_left(CLOSES - timedelta(days=7), CLOSES) == 7
    assert rules.days_left(CLOSES + timedelta(hours=1), CLOSES) == 0


# --- the worker on a database ---------------------------------------------------------------------


async def _with_host(db, path: list[str], action: str) -> list[Match]:
    await seed_cycle(db)
    async with db.session() as s, s.begin():
        scheme = await s.get(Scheme, "sco")
        scheme.path, scheme.admission_deadline_action = path, action
        (await s.get(Cycle, CYCLE)).admission_closes_at = CLOSES
    runner = rounds.RoundRunner(db)
    queued = await runner.start(CYCLE, 42, "o")
    await runner.tasks[queued.id]
    async with db.session() as s, s.begin():
        for m in (await s.scalars(select(Match))).all():
            await review.decide(s, ADMIN, m.id, Decision.APPROVE, None)
    async with db.session() as s:
        return list((await s.scalars(select(Match))).all())


def _deadline_events(events):
    return [(k, d) for k, d in events if d.get("stage") == "admission"]


async def test_hosts_are_reminded_once_per_day_set_then_officers_told_and_nothing_declined(db):
    matches = await _with_host(db, ["matching", "review", "admission", "answer"], "wait")
    hosts = {m.host_institution_id for m in matches}
    worker = deadlines.StageDeadlines(db, DAYS)
    assert await worker.step(CLOSES - timedelta(days=10)) == len(hosts)  # applicants sent to them (no reminder yet)
    assert await worker.step(CLOSES - timedelta(days=9)) == 0
    assert await worker.step(CLOSES - timedelta(days=6)) == len(hosts)  # one reminder per host
    assert await worker.step(CLOSES - timedelta(days=5)) == 0  # not again
    assert await worker.step(CLOSES - timedelta(hours=20)) == len(hosts)
    assert await worker.step(CLOSES + timedelta(minutes=1)) == len(hosts)  # passed: the officers hear
    assert await worker.step(CLOSES + timedelta(days=3)) == 0
    told = _deadline_events(await staged_events(db))
    near = [d for _k, d in told if "days_left" in d]
    passed = [d for _k, d in told if "action" in d]
    assert sorted(d["days_left"] for d in near) == sorted([6] * len(hosts) + [1] * len(hosts))
    assert {d["institution_id"] for d in passed} == hosts and {d["action"] for d in passed} == {"wait"}
    assert sum(d["pending"] for d in passed) == len(matches) and all(d["declined"] == 0 for d in passed)
    async with db.session() as s:  # waiting: nothing was decided for the hosts
        assert {m.status for m in (await s.scalars(select(Match))).all()} == {MatchStatus.WITH_HOST}


async def test_a_scheme_that_declines_at_the_deadline_frees_the_seats(db):
    matches = await _with_host(db, ["matching", "review", "admission", "answer"], "decline")
    worker = deadlines.StageDeadlines(db, DAYS)
    await worker.step(CLOSES + timedelta(seconds=1))
    async with db.session() as s:
        after = (await s.scalars(select(Match))).all()
        decisions = (await s.scalars(select(AdmissionDecision))).all()
    assert {m.status for m in after} == {MatchStatus.HOST_REJECTED}
    # the reason's code says it in each reader's words; no English note goes to the applicant
    assert {(d.decision, d.reason_code, d.decided_by, d.note) for d in decisions} == {
        ("rejected", "no_decision", deadlines.DEADLINE.sub, None)
    }
    passed = [d for _k, d in _deadline_events(await staged_events(db)) if "action" in d]
    assert sum(d["declined"] for d in passed) == len(matches)
    # a second instance (or a restart) at the same moment sends and declines nothing more
    assert await deadlines.StageDeadlines(db, DAYS).step(CLOSES + timedelta(seconds=2)) == 0
    # a match sent to the host after its deadline (an officer approved it since; the host may
    # decide no more) is declined by the next tick, without a second deadline notice
    late = matches[0].id
    async with db.session() as s, s.begin():
        (await s.get(Match, late)).status = MatchStatus.WITH_HOST
        for d in (await s.scalars(select(AdmissionDecision).where(AdmissionDecision.match_id == late))).all():
            await s.delete(d)
    await worker.step(CLOSES + timedelta(days=1))
    async with db.session() as s:
        assert (await s.get(Match, late)).status == MatchStatus.HOST_REJECTED
    again = [d for _k, d in _deadline_events(await staged_events(db)) if "action" in d]
    assert len(again) == len(passed)


async def test_an_authority_without_a_published_list_is_reminded_and_escalated(db):
    await seed_cycle(db)
    async with db.session() as s, s.begin():
        (await s.get(Scheme, "sco")).path = ["nomination", "matching", "review", "answer"]
        (await s.get(Cycle, CYCLE)).nomination_closes_at = CLOSES
    worker = deadlines.StageDeadlines(db, DAYS)
    sent = await worker.step(CLOSES - timedelta(days=1))
    told = [d for _k, d in await staged_events(db) if d.get("stage") == "nomination"]
    assert sent == len(told) > 0 and all(d["days_left"] == 1 and d["sending_country"] for d in told)
    assert sum(d["pending"] for d in told) > 0
    assert await worker.step(CLOSES + timedelta(hours=1)) == sent  # escalated, once per country


async def test_a_home_institution_with_undecided_applicants_is_reminded_then_the_officers_told(db):
    await seed_cycle(db)
    async with db.session() as s, s.begin():
        (await s.get(Scheme, "sco")).path = ["endorsement", "matching", "review", "answer"]
        (await s.get(Cycle, CYCLE)).endorsement_closes_at = CLOSES
        entries = (await s.scalars(select(PoolEntry).order_by(PoolEntry.application_id))).all()
        for n, e in enumerate(entries):
            e.home_institution_id = "kemu" if n % 2 == 0 else "duhs"
        decided = entries[0]  # one of KEMU's is decided: it no longer counts as pending
        s.add(
            Endorsement(
                application_id=decided.application_id,
                cycle_id=CYCLE,
                home_institution_id="kemu",
                state="endorsed",
                decided_by="c",
            )
        )
    kemu = sum(1 for n in range(len(entries)) if n % 2 == 0) - 1
    duhs = len(entries) - kemu - 1
    worker = deadlines.StageDeadlines(db, DAYS)
    # one reminder per home institution (the cycle's window closed years before: no new-applicant notices)
    assert await worker.step(CLOSES - timedelta(days=6)) == 2
    assert await worker.step(CLOSES - timedelta(days=5)) == 0
    assert await worker.step(CLOSES + timedelta(minutes=1)) == 2
    assert await worker.step(CLOSES + timedelta(days=1)) == 0
    told = [d for _k, d in await staged_events(db) if d.get("stage") == "endorsement"]
    assert not [d for d in told if "new" in d]
    near = {d["institution_id"]: d["pending"] for d in told if "days_left" in d}
    passed = {d["institution_id"]: d["pending"] for d in told if "action" in d}
    assert near == passed == {"kemu": kemu, "duhs": duhs}


def _early_tomorrow() -> datetime:
    """1:00 UTC tomorrow: a notice is due once a day, so a test's steps hours apart must not
    cross midnight (one started after 21:00 UTC did)."""
    return (datetime.now(UTC) + timedelta(days=1)).replace(hour=1, minute=0, second=0, microsecond=0)


def _arrival(like: PoolEntry, application_id: str, home: str, received_at: datetime) -> PoolEntry:
    """A new applicant of ``home``'s, received at ``received_at``, applying as ``like`` did."""
    return PoolEntry(
        application_id=application_id,
        applicant_id=f"stu-{application_id}",
        cycle_id=CYCLE,
        scheme_id="sco",
        applicant_type="student",
        sending_country=like.sending_country,
        choices=like.choices,
        grade=80.0,
        home_institution_id=home,
        received_at=received_at,
    )


async def test_coordinators_hear_of_new_applicants_at_most_once_a_day_without_any_deadline(db):
    """A cycle with an endorsement stage and no deadline: the home institutions' coordinators
    were never told that applicants waited on them."""
    await seed_cycle(db)
    async with db.session() as s, s.begin():
        (await s.get(Scheme, "sco")).path = ["endorsement", "matching", "review", "answer"]
        entries = (await s.scalars(select(PoolEntry).order_by(PoolEntry.application_id))).all()
        for n, e in enumerate(entries):
            e.home_institution_id = "kemu" if n % 2 == 0 else "duhs"
        kemu = sum(1 for e in entries if e.home_institution_id == "kemu")
        template = entries[0]
    t0 = _early_tomorrow()  # the seeded entries settled (deadlines.SETTLE); a day's hours ahead
    worker = deadlines.StageDeadlines(db, DAYS)

    def awaiting(events):
        return [d for k, d in events if k == "awaiting"]

    assert await worker.step(t0) == 2
    assert {d["institution_id"]: (d["new"], d["pending"]) for d in awaiting(await staged_events(db))} == {
        "kemu": (kemu, kemu),
        "duhs": (len(entries) - kemu, len(entries) - kemu),
    }
    assert await worker.step(t0 + timedelta(hours=1)) == 0  # nothing new
    async with db.session() as s, s.begin():  # a new applicant of KEMU's, later that day
        s.add(_arrival(template, "late-1", "kemu", t0 + timedelta(hours=2)))
    assert await worker.step(t0 + timedelta(hours=3)) == 0  # told today already
    next_day = t0 + timedelta(days=1)
    assert await worker.step(next_day) == 1  # KEMU only: DUHS has nobody new
    latest = awaiting(await staged_events(db))[-1]
    assert (latest["institution_id"], latest["new"], latest["pending"]) == ("kemu", 1, kemu + 1)
    assert latest["closes_at"] is None
    assert await worker.step(next_day + timedelta(days=1)) == 0
    assert await deadlines.StageDeadlines(db, DAYS).step(next_day) == 0  # a second instance: nothing twice
    # one received just before a notice but seen only after it (its batch committed late) is
    # counted by the next notice, not lost: each notice counts up to its clock less SETTLE
    async with db.session() as s, s.begin():
        s.add(_arrival(template, "late-2", "duhs", next_day - timedelta(seconds=30)))
    day_three = next_day + timedelta(days=2)
    assert await worker.step(day_three) == 1
    latest = awaiting(await staged_events(db))[-1]
    assert (latest["institution_id"], latest["new"]) == ("duhs", 1)
    # a cycle whose window closed long ago: no more notices, whatever arrives
    async with db.session() as s, s.begin():
        (await s.get(Cycle, CYCLE)).closes_at = day_three - deadlines.AWAITING_AFTER_CLOSE - timedelta(days=2)
        (await s.get(PoolEntry, "late-2")).received_at = day_three + timedelta(hours=1)
    assert await worker.step(day_three + timedelta(days=1)) == 0


async def test_a_hosts_staff_hear_of_applicants_sent_to_them_at_most_once_a_day(db):
    """A host heard of the applicants an officer sent it only from the admission deadline's
    reminder, and never in a cycle without an admission deadline."""
    matches = await _with_host(db, ["matching", "review", "admission", "answer"], "wait")
    async with db.session() as s, s.begin():
        (await s.get(Cycle, CYCLE)).admission_closes_at = None  # no deadline: still told
    hosts: dict[str, int] = {}
    for m in matches:
        hosts[m.host_institution_id] = hosts.get(m.host_institution_id, 0) + 1
    t0 = _early_tomorrow()  # the approvals settled (deadlines.SETTLE); a day's hours ahead
    worker = deadlines.StageDeadlines(db, DAYS)

    def awaiting(events):
        return [d for k, d in events if k == "awaiting" and d["stage"] == "admission"]

    assert await worker.step(t0) == len(hosts)
    told = awaiting(await staged_events(db))
    assert {d["institution_id"]: (d["new"], d["pending"]) for d in told} == {h: (n, n) for h, n in hosts.items()}
    assert all(d["closes_at"] is None for d in told)
    assert await worker.step(t0 + timedelta(hours=1)) == 0  # nothing new
    assert await deadlines.StageDeadlines(db, DAYS).step(t0 + timedelta(days=1)) == 0  # nothing new the next day
    # the host decides one; another is sent to it the next day (approved later): only that one is new
    first, second = matches[0], next(m for m in matches[1:] if m.host_institution_id == matches[0].host_institution_id)
    async with db.session() as s, s.begin():
        (await s.get(Match, first.id)).status = MatchStatus.APPROVED
        (await s.get(Match, second.id)).reviewed_at = t0 + timedelta(days=1, hours=1)
    assert await worker.step(t0 + timedelta(days=2)) == 1
    latest = awaiting(await staged_events(db))[-1]
    host = first.host_institution_id
    assert (latest["institution_id"], latest["new"], latest["pending"]) == (host, 1, hosts[host] - 1)
    # a cycle with a deadline: none after it (the deadline's own alerts take over)
    async with db.session() as s, s.begin():
        (await s.get(Cycle, CYCLE)).admission_closes_at = t0 + timedelta(days=3)
        (await s.get(Match, second.id)).reviewed_at = t0 + timedelta(days=3, hours=1)
    assert not awaiting(await staged_events(db))[len(told) + 1 :]
    await worker.step(t0 + timedelta(days=4))
    assert len(awaiting(await staged_events(db))) == len(told) + 1
