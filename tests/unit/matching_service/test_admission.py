"""Host admission (issue 14) through the domain rules and the service layer: an officer's
approval under an admission stage hands the match to the host; the host admits (the offer)
or rejects (the seat is freed, the nominee withdrawn); decisions are versioned."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, update

from services.matching.domain import admission as rules
from services.matching.domain.admission import Verdict
from services.matching.domain.journal import Action
from services.matching.domain.review import Decision, approved_status
from services.matching.domain.statuses import LIVE, MatchStatus
from services.matching.models import AdmissionDecision, Cycle, JournalEntry, Match, Programme, Scheme
from services.matching.service import admission, review, rounds
from shared.errors import Conflict, Forbidden, Invalid, NotFound
from shared.principal import Principal, Role

from .conftest import ADMIN, CYCLE, officer, seed_cycle, staged, staged_events

EXCHANGE = ["matching", "review", "admission", "answer"]
SCO = ["nomination", "matching", "review", "admission", "answer"]
LZU = Principal(sub="p-lzu", role=Role.PARTNER, institutions=["lzu"], name="LZU admissions")
XJU = Principal(sub="p-xju", role=Role.PARTNER, institutions=["xju"])


# --- the rules ---------------------------------------------------------------------------------


def test_an_approval_under_an_admission_stage_goes_to_the_host():
    assert approved_status(EXCHANGE) == MatchStatus.WITH_HOST
    assert approved_status(SCO) == MatchStatus.WITH_HOST
    assert approved_status([]) == MatchStatus.APPROVED  # direct
    assert approved_status(["nomination", "matching", "review", "answer"]) == MatchStatus.APPROVED
    assert MatchStatus.WITH_HOST in LIVE and MatchStatus.HOST_REJECTED not in LIVE


@pytest.mark.parametrize(
    "status,last,verdict,after",
    [
        ("with_host", None, "admitted", "approved"),
        ("with_host", None, "rejected", "host_rejected"),
        ("approved", "admitted", "rejected", "host_rejected"),  # a change of mind, a new version
    ],
)
def test_what_a_decision_does(status, last, verdict, after):
    assert rules.decide(status, last, Verdict(verdict)) == after


@pytest.mark.parametrize(
    "status,last,verdict,code",
    [
        ("host_rejected", "rejected", "admitted", "admission.seat_released"),
        ("host_rejected", "admitted", "admitted", "admission.seat_released"),
        ("host_rejected", "rejected", "rejected", "admission.not_awaiting"),
        ("approved", "admitted", "admitted", "admission.not_awaiting"),
        ("approved", None, "rejected", "admission.not_awaiting"),  # an offer of a direct path
        ("accepted", "admitted", "rejected", "admission.not_awaiting"),  # the applicant answered
        ("proposed", None, "admitted", "admission.not_awaiting"),
        ("withdrawn", None, "admitted", "admission.not_awaiting"),
    ],
)
def test_what_is_refused(status, last, verdict, code):
    with pytest.raises(Conflict) as refused:
        rules.decide(status, last, Verdict(verdict))
    assert refused.value.code == code and refused.value.field == "decision"


def test_a_rejection_needs_a_reason_from_the_list():
    assert rules.check_reason(Verdict.REJECTED, "capacity") == "capacity"
    assert rules.check_reason(Verdict.ADMITTED, "capacity") is None
    for code, expected in ((None, "admission.reason_required"), ("", "admission.reason_required")):
        with pytest.raises(Invalid) as refused:
            rules.check_reason(Verdict.REJECTED, code)
        assert refused.value.code == expected and refused.value.field == "reason_code"
    with pytest.raises(Invalid) as refused:
        rules.check_reason(Verdict.REJECTED, "too_tall")
    assert refused.value.code == "admission.unknown_reason"


def test_no_decision_is_the_deadlines_reason_and_no_hosts():
    with pytest.raises(Invalid) as refused:
        rules.check_reason(Verdict.REJECTED, rules.NO_DECISION)
    assert refused.value.code == "admission.unknown_reason"
    assert rules.check_reason(Verdict.REJECTED, rules.NO_DECISION, by_deadline=True) == "no_decision"


def test_the_host_decides_by_the_cycles_admission_deadline():
    assert rules.decide_by(datetime(2026, 6, 30, 23, 59, tzinfo=UTC)) == date(2026, 6, 30)
    # a deadline at midnight: the day it names is already past it (a decision then is refused)
    assert rules.decide_by(datetime(2026, 7, 1, 0, 0, tzinfo=UTC)) == date(2026, 6, 30)
    assert rules.decide_by(datetime(2026, 7, 1, 0, 0, 1, tzinfo=UTC)) == date(2026, 7, 1)
    assert rules.decide_by(None) is None


# --- the service ----------------------------------------------------------------------------------


@pytest.fixture
async def with_host(db) -> dict[str, Match]:
    """The exchange path: round 1 proposes a1, a2 at ir (lzu) and a4 at pe (xju); the admin
    approves all three, so each waits for its host."""
    await seed_cycle(db)
    async with db.session() as s, s.begin():
        (await s.get(Scheme, "sco")).path = EXCHANGE
        (await s.get(Cycle, CYCLE)).admission_closes_at = datetime(2030, 7, 1, 12, tzinfo=UTC)
    runner = rounds.RoundRunner(db)
    queued = await runner.start(CYCLE, 42, "o")
    await runner.tasks[queued.id]
    async with db.session() as s, s.begin():
        for m in (await s.scalars(select(Match))).all():
            await review.decide(s, ADMIN, m.id, Decision.APPROVE, None)
    async with db.session() as s:
        return {m.application_id: m for m in (await s.scalars(select(Match))).all()}


async def test_an_approval_for_the_host_takes_no_message_it_could_lose(db):
    """The officer's message to the applicant goes with a rejection only (the offer, after the
    host admits, tells the applicant itself): under an admission stage too an approval with a
    message is refused, nothing is staged and the match stays proposed, so no text an officer
    wrote for the applicant is accepted and then never told."""
    await seed_cycle(db)
    async with db.session() as s, s.begin():
        (await s.get(Scheme, "sco")).path = EXCHANGE
    runner = rounds.RoundRunner(db)
    queued = await runner.start(CYCLE, 42, "o")
    await runner.tasks[queued.id]
    async with db.session() as s:
        match = (await s.scalars(select(Match).order_by(Match.id))).first()
    before = await staged(db)
    async with db.session() as s:
        with pytest.raises(Invalid) as refused:
            await review.decide(s, ADMIN, match.id, Decision.APPROVE, None, message_to_applicant="Welcome!")
    assert refused.value.code == "review.message_on_approval" and refused.value.field == "message_to_applicant"
    assert await staged(db) == before
    async with db.session() as s:
        assert (await s.get(Match, match.id)).status == MatchStatus.PROPOSED


async def test_an_approval_asks_the_host_and_makes_no_offer(db, with_host):
    assert {m.status for m in with_host.values()} == {MatchStatus.WITH_HOST}
    assert all(m.reply_by is None for m in with_host.values())
    requested = [d for k, d in await staged_events(db) if k == "requested"]
    assert {d["match_id"] for d in requested} == {m.id for m in with_host.values()}
    assert {d["decide_by"] for d in requested} == {"2030-07-01"}
    assert "approved" not in await staged(db)  # no offer yet


async def test_the_host_admits_then_the_offer_goes_out(db, with_host):
    match = with_host["a4"]
    async with db.session() as s, s.begin():
        item = await admission.decide(s, XJU, match.id, Verdict.ADMITTED, "capacity", "  Welcome to Urumqi  ")
    assert item.status == MatchStatus.APPROVED and item.decide_by == date(2030, 7, 1)
    assert item.decide_before == datetime(2030, 7, 1, 12, tzinfo=UTC)  # the deadline itself, its hour too
    assert [(d.version, d.decision, d.reason_code, d.note, d.decided_by) for d in item.decisions] == [
        (1, "admitted", None, "Welcome to Urumqi", "p-xju")
    ]
    assert item.sending_country == "UZ" and item.grade == 90.0 and item.programme_title == "pe"
    (k1, decided), (k2, offer) = (await staged_events(db))[-2:]
    assert (k1, decided["decision"], decided["version"]) == ("decided", "admitted", 1)
    assert k2 == "approved" and offer["match_id"] == match.id and offer["reply_by"]
    async with db.session() as s:
        stored = await s.get(Match, match.id)
        assert stored.status == MatchStatus.APPROVED and stored.reply_by is not None
        (entry,) = (
            await s.scalars(select(JournalEntry).where(JournalEntry.action == Action.ADMISSION_DECIDED.value))
        ).all()
    assert entry.actor == "p-xju" and entry.after["status"] == "approved" and entry.before["status"] == "with_host"


async def test_the_same_decision_again_is_answered_as_it_stands(db, with_host):
    """A partner retrying after a timeout got 409 and could not tell it from another's decision."""
    match = with_host["a1"]
    async with db.session() as s, s.begin():
        await admission.decide(s, LZU, match.id, Verdict.REJECTED, "capacity", "no seat left")
    before = await staged(db)
    async with db.session() as s, s.begin():
        again = await admission.decide(s, LZU, match.id, Verdict.REJECTED, "capacity", " no seat left ")
    assert again.status == MatchStatus.HOST_REJECTED and [d.version for d in again.decisions] == [1]
    assert await staged(db) == before  # nothing told again, the reserve not moved twice
    async with db.session() as s:
        assert len((await s.scalars(select(AdmissionDecision))).all()) == 1
        with pytest.raises(Conflict):  # another reason is another decision
            await admission.decide(s, LZU, match.id, Verdict.REJECTED, "health")


async def test_a_change_of_mind_is_a_new_version_and_frees_the_seat(db, with_host):
    match = with_host["a1"]
    async with db.session() as s, s.begin():
        await admission.decide(s, LZU, match.id, Verdict.ADMITTED)
    async with db.session() as s, s.begin():
        item = await admission.decide(s, LZU, match.id, Verdict.REJECTED, "health", "medical report")
    assert item.status == MatchStatus.HOST_REJECTED
    assert [(d.version, d.decision) for d in item.decisions] == [(1, "admitted"), (2, "rejected")]
    kind, data = (await staged_events(db))[-1]
    assert (kind, data["decision"], data["version"], data["reason_code"]) == ("decided", "rejected", 2, "health")
    async with db.session() as s:
        stored = await s.get(Match, match.id)
        assert stored.status == MatchStatus.HOST_REJECTED and stored.reply_by is None
        rows = (await s.scalars(select(AdmissionDecision).where(AdmissionDecision.match_id == match.id))).all()
        assert sorted(r.version for r in rows) == [1, 2]  # the first version stays
    before = await staged(db)
    async with db.session() as s:
        with pytest.raises(Conflict) as refused:
            await admission.decide(s, LZU, match.id, Verdict.ADMITTED)
    assert refused.value.code == "admission.seat_released"
    assert await staged(db) == before


async def test_a_decision_on_the_version_seen_does_not_overturn_one_made_since(db, with_host):
    """An older tab's "Do not admit", pressed after another tab admitted: refused, nothing told."""
    match = with_host["a1"]
    async with db.session() as s, s.begin():
        await admission.decide(s, LZU, match.id, Verdict.ADMITTED, seen=0)
    before = await staged(db)
    async with db.session() as s:
        with pytest.raises(Conflict) as refused:
            await admission.decide(s, LZU, match.id, Verdict.REJECTED, "capacity", seen=0)
    error = refused.value
    assert (error.code, error.field) == ("admission.changed", "version")
    assert (error.context["status"], error.context["version"], error.context["decision"]) == ("approved", 1, "admitted")
    assert await staged(db) == before
    assert "changed since version 0" in str(error)
    async with db.session() as s:  # a version no decision has had yet is said so, not "changed since"
        with pytest.raises(Conflict) as ahead:
            await admission.decide(s, LZU, match.id, Verdict.REJECTED, "capacity", seen=5)
    assert "has no version 5 yet: it is version 1" in str(ahead.value)
    async with db.session() as s, s.begin():  # on the version it saw, the change of mind is taken
        item = await admission.decide(s, LZU, match.id, Verdict.REJECTED, "capacity", seen=1)
    assert item.status == MatchStatus.HOST_REJECTED and [d.version for d in item.decisions] == [1, 2]
    async with db.session() as s, s.begin():  # a retry of that same decision is answered as it stands
        again = await admission.decide(s, LZU, match.id, Verdict.REJECTED, "capacity", seen=1)
    assert [d.version for d in again.decisions] == [1, 2]


async def test_no_decision_once_the_applicant_answered_or_before_the_officers(db, with_host):
    async with db.session() as s, s.begin():
        await admission.decide(s, LZU, with_host["a2"].id, Verdict.ADMITTED)
        (await s.get(Match, with_host["a2"].id)).status = MatchStatus.ACCEPTED
        (await s.get(Match, with_host["a1"].id)).status = MatchStatus.PROPOSED
    async with db.session() as s:
        for app in ("a2", "a1"):
            with pytest.raises(Conflict) as refused:
                await admission.decide(s, LZU, with_host[app].id, Verdict.REJECTED, "capacity")
            assert refused.value.code == "admission.not_awaiting"


async def test_only_the_host_decides_and_a_rejection_names_its_reason(db, with_host):
    async with db.session() as s:
        for caller in (officer("o-xju", institutions=["xju"]), Principal(sub="n", role=Role.NOMINATOR)):
            with pytest.raises(Forbidden) as refused:
                await admission.decide(s, caller, with_host["a1"].id, Verdict.ADMITTED)
            assert refused.value.code == "scope.outside"
        # another host's partner is answered as for a missing match: neither it nor its host is told
        with pytest.raises(NotFound) as hidden:
            await admission.decide(s, XJU, with_host["a1"].id, Verdict.ADMITTED)
        with pytest.raises(NotFound) as missing:
            await admission.decide(s, XJU, "no-such-match", Verdict.ADMITTED)
        assert (hidden.value.code, hidden.value.field) == (missing.value.code, missing.value.field)
        assert "lzu" not in hidden.value.reason and with_host["a1"].id in hidden.value.reason
        with pytest.raises(Invalid) as invalid:
            await admission.decide(s, LZU, with_host["a1"].id, Verdict.REJECTED, None, "no reason")
        assert invalid.value.field == "reason_code"
        with pytest.raises(NotFound):
            await admission.decide(s, LZU, "no-such-match", Verdict.ADMITTED)
    async with db.session() as s, s.begin():  # the programme's officer may decide
        item = await admission.decide(s, officer("o-lzu", institutions=["lzu"]), with_host["a1"].id, Verdict.ADMITTED)
    assert item.status == MatchStatus.APPROVED


async def _listed(db, caller, **filters) -> set[str]:
    async with db.session() as s:
        rows = (await s.scalars(admission.admissions_query(caller, **filters))).all()
    return {m.application_id for m in rows}


async def test_each_host_lists_its_own_admissions(db, with_host):
    assert await _listed(db, LZU, cycle_id=CYCLE) == {"a1", "a2"}
    assert await _listed(db, XJU) == {"a4"}
    assert await _listed(db, ADMIN) == {"a1", "a2", "a4"}
    assert await _listed(db, officer(schemes=["other"])) == set()
    assert await _listed(db, officer(institutions=["xju"])) == {"a4"}
    assert await _listed(db, ADMIN, institution_id="lzu") == {"a1", "a2"}
    with pytest.raises(Forbidden) as refused:
        await _listed(db, LZU, institution_id="xju")
    assert refused.value.field == "institution_id"
    async with db.session() as s, s.begin():
        await admission.decide(s, LZU, with_host["a1"].id, Verdict.REJECTED, "capacity")
    assert await _listed(db, LZU, status=MatchStatus.WITH_HOST) == {"a2"}
    assert await _listed(db, LZU, status=MatchStatus.HOST_REJECTED) == {"a1"}
    async with db.session() as s:
        rows = (await s.scalars(admission.admissions_query(LZU))).all()
        items = {a.application_id: a for a in await admission.describe(s, rows)}
    assert [d.decision for d in items["a1"].decisions] == ["rejected"] and items["a2"].decisions == []
    # each card names its programme, with the title's translations for the host's page to pick from
    async with db.session() as s, s.begin():
        await s.execute(
            update(Programme).where(Programme.id == items["a1"].programme_id).values(translations={"zh": "国际关系"})
        )
    async with db.session() as s:
        card = (await admission.describe(s, [r for r in rows if r.application_id == "a1"]))[0]
    assert card.programme_title and card.programme_translations == {"zh": "国际关系"}


async def test_the_list_narrows_to_applications_and_matches(db, with_host):
    a1, a2, a4 = (with_host[a].id for a in ("a1", "a2", "a4"))
    assert await _listed(db, LZU, application_ids=["a1"]) == {"a1"}
    assert await _listed(db, LZU, application_ids=["a1", "a2", "a4"]) == {"a1", "a2"}  # a4: xju's
    assert await _listed(db, LZU, match_ids=[a2, a4]) == {"a2"}
    assert await _listed(db, LZU, match_ids=[a1], application_ids=["a2"]) == set()
    assert await _listed(db, LZU, application_ids=[""]) == {"a1", "a2"}  # ``?application_id=``: no filter
    assert await _listed(db, ADMIN, match_ids=[a4]) == {"a4"}


async def test_one_admission_is_read_as_the_list_shows_it(db, with_host):
    a1 = with_host["a1"].id
    async with db.session() as s:
        item = await admission.one(s, LZU, a1)
        assert (item.match_id, item.application_id, item.status) == (a1, "a1", MatchStatus.WITH_HOST)
        assert (await admission.one(s, ADMIN, a1)).match_id == a1
        assert (await admission.one(s, officer(institutions=["lzu"]), a1)).match_id == a1
        # another host's, one out of an officer's scope, or no match at all: the same 404
        for caller, match_id in ((XJU, a1), (officer(institutions=["xju"]), a1), (LZU, "no-such-match")):
            with pytest.raises(NotFound) as refused:
                await admission.one(s, caller, match_id)
            assert (refused.value.code, refused.value.field) == ("admission.not_found", "match_id")
            assert "lzu" not in refused.value.reason


async def test_a_match_not_yet_the_hosts_is_no_admission(db):
    await seed_cycle(db)
    async with db.session() as s, s.begin():
        (await s.get(Scheme, "sco")).path = EXCHANGE
    runner = rounds.RoundRunner(db)
    queued = await runner.start(CYCLE, 42, "o")
    await runner.tasks[queued.id]
    async with db.session() as s:
        proposed = (await s.scalars(select(Match))).first()
        with pytest.raises(NotFound):  # officers have not approved it: the host has nothing to see
            await admission.one(s, ADMIN, proposed.id)


async def test_a_direct_path_approval_is_no_admission(db):
    await seed_cycle(db)
    runner = rounds.RoundRunner(db)
    queued = await runner.start(CYCLE, 42, "o")
    await runner.tasks[queued.id]
    async with db.session() as s, s.begin():
        m = (await s.scalars(select(Match))).first()
        approved = await review.decide(s, ADMIN, m.id, Decision.APPROVE, None)
    assert approved.status == MatchStatus.APPROVED
    assert await _listed(db, ADMIN) == set()


async def test_a_rejection_under_a_nomination_stage_releases_the_nominee(db, with_host, monkeypatch):
    released: list[tuple[str, str, str]] = []

    async def release(session, application_id: str, reason: str, by: Principal) -> None:
        # the host's account whole: its name goes into the journal's entry of the withdrawal
        released.append((application_id, reason, f"{by.sub} {by.name}"))

    monkeypatch.setattr(admission.nominations, "release", release)
    async with db.session() as s, s.begin():
        await admission.decide(s, LZU, with_host["a2"].id, Verdict.REJECTED, "capacity")  # exchange: none
    assert released == []
    async with db.session() as s, s.begin():
        (await s.get(Scheme, "sco")).path = SCO
    async with db.session() as s, s.begin():
        await admission.decide(s, LZU, with_host["a1"].id, Verdict.REJECTED, "language", "HSK 4 needed")
    assert released == [("a1", "HSK 4 needed", "p-lzu LZU admissions")]


async def test_the_decisions_name_who_decided(db, with_host):
    from services.matching.models import StaffAccount

    match = with_host["a4"]
    async with db.session() as s, s.begin():
        s.add(StaffAccount(account_id="p-xju", role="partner", name="XJU admissions office"))
    async with db.session() as s, s.begin():
        item = await admission.decide(s, XJU, match.id, Verdict.ADMITTED)
        [described] = await admission.describe(s, [await s.get(Match, match.id)])
    assert described.deciders["p-xju"] == "XJU admissions office"
    assert [d.decided_by for d in described.decisions] == ["p-xju"] and item.status == MatchStatus.APPROVED


async def test_a_rejection_for_another_reason_says_it_in_the_note(db, with_host):
    """ "Other" with no note was taken: the applicant read no reason at all."""
    async with db.session() as s:
        with pytest.raises(Invalid) as bare:
            await admission.decide(s, LZU, with_host["a1"].id, Verdict.REJECTED, "other", "  ")
    assert (bare.value.code, bare.value.field) == ("admission.note_required", "note")
    async with db.session() as s, s.begin():
        await admission.decide(s, LZU, with_host["a1"].id, Verdict.REJECTED, "other", "The programme was cancelled.")
