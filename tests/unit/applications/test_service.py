"""The service layer against a fake database (in-memory SQLite), one session per step as
in the service: submit, withdraw, offer answers, match outcomes and the officer's scope,
with the events each stages in the outbox."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import StaticPool

from services.applications import handlers
from services.applications.api.schemas import ApplicationOut, OfficerApplicationOut
from services.applications.models import (
    Account,
    Applicant,
    Application,
    Base,
    CatalogCycle,
    CatalogProgramme,
    CatalogScheme,
    infra,
)
from services.applications.service import applications, officer
from services.applications.service.submit import submit
from shared.clock import utcnow
from shared.errors import Conflict, Invalid, NotFound
from shared.events.catalog import (
    ApplicationUnmatched,
    ApplicationWaitlisted,
    ChoiceReason,
    MatchApproved,
    MatchConfirmed,
    MatchProposed,
    MatchRejected,
    WaitlistPosition,
)
from shared.events.envelope import Envelope, decode_message
from shared.outbox import kafka_headers
from shared.principal import Principal, Role

SOURCE = "/corridor/applications"
CYCLE, SCHEME = "sco-2026", "sco"


@dataclass(frozen=True)
class Ref:
    id: str
    applicant_id: str


class Db:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]):
        self.sessions = sessions

    def tx(self):
        """A session in a transaction, committed at the end (a request, an event)."""
        return _Tx(self.sessions)

    async def status(self, application_id: str) -> str:
        async with self.sessions() as s:
            return await s.scalar(select(Application.status).where(Application.id == application_id))

    async def get(self, application_id: str) -> Application:
        async with self.sessions() as s:
            return await s.get(Application, application_id)

    async def outbox(self) -> list[Envelope]:
        """The events staged so far, decoded as a consumer would read them."""
        async with self.sessions() as s:
            o = infra.outbox.c
            rows = (await s.execute(select(o.key, o.payload, o.headers).order_by(o.id))).all()
        return [decode_message(r.key.encode(), r.payload, kafka_headers(r.headers)) for r in rows]


class _Tx:
    def __init__(self, sessions):
        self.sessions = sessions

    async def __aenter__(self) -> AsyncSession:
        self.session = self.sessions()
        await self.session.begin()
        return self.session

    async def __aexit__(self, exc_type, exc, tb):
        if exc_type is None:
            await self.session.commit()
        else:
            await self.session.rollback()
        await self.session.close()


@pytest.fixture
async def db():
    engine = create_async_engine("sqlite+aiosqlite://", poolclass=StaticPool)
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    fake = Db(async_sessionmaker(engine, expire_on_commit=False))
    now = utcnow()
    async with fake.tx() as s:
        s.add(
            CatalogCycle(
                id=CYCLE,
                scheme_id=SCHEME,
                name="SCO 2026",
                opens_at=now - timedelta(days=1),
                closes_at=now + timedelta(days=1),
                max_choices=3,
                eligible_countries=["KZ"],
            )
        )
        for pid, host, requirements in [("easy", "lzu", {}), ("hard", "lzu", {"min_grade": 90}), ("far", "xju", {})]:
            s.add(
                CatalogProgramme(
                    id=pid,
                    cycle_id=CYCLE,
                    scheme_id=SCHEME,
                    host_institution_id=host,
                    host_country="CN",
                    title=pid,
                    field="medicine",
                    level="bachelor",
                    language="zh",
                    seats=3,
                    applicant_type="student",
                    requirements=requirements,
                )
            )
    yield fake
    await engine.dispose()


async def draft(db: Db, choices: list[str], grade: float = 80.0, applicant_id: str | None = None) -> Ref:
    who = applicant_id or str(uuid.uuid4())
    async with db.tx() as s:
        if applicant_id is None:
            s.add(Account(id=who, email=f"{who}@example.org", password_hash="x", role="applicant", name="Aigerim"))
            s.add(
                Applicant(
                    id=who,
                    applicant_type="student",
                    nationality="KZ",
                    home_institution="KazNU",
                    date_of_birth=date(2004, 5, 10),
                    preferred_language="ru",
                )
            )
            await s.flush()
        application = await applications.create_draft(
            s,
            who,
            cycle_id=CYCLE,
            choices=choices,
            grade=grade,
            language_certificates=[{"kind": "HSK", "level": 5.0}],
            statement="",
        )
        return Ref(application.id, who)


async def submitted(db: Db, ref: Ref):
    """Submit as the route does: the service's writes run in its transaction."""
    async with db.tx() as s:
        result = await submit(s, infra, ref.applicant_id, ref.id, source=SOURCE)
        conn = await s.connection()
        for statement, params in result.writes:
            await conn.execute(statement, params)
    return result.application


def offer_base(ref: Ref, **extra) -> dict:
    return dict(
        round_id="r-1",
        application_id=ref.id,
        applicant_id=ref.applicant_id,
        cycle_id=CYCLE,
        programme_id="easy",
        host_institution_id="lzu",
        rank=1,
        **extra,
    )


async def offered(db: Db, reply_by: date | None = None) -> Ref:
    ref = await draft(db, ["easy"])
    await submitted(db, ref)
    async with db.tx() as s:
        await handlers.on_match_approved(s, MatchApproved(**offer_base(ref, match_id="m-1", reply_by=reply_by)), None)
    return ref


async def test_an_eligible_submit_stages_application_submitted(db):
    ref = await draft(db, ["easy", "far"])
    application = await submitted(db, ref)
    assert application.status == "submitted"
    assert [h["status"] for h in application.history] == ["draft", "submitted"]
    assert await db.status(ref.id) == "submitted"
    (event,) = await db.outbox()
    assert "application.submitted" in event.type and event.key == ref.id and event.source == SOURCE
    assert event.data["choices"] == ["easy", "far"] and event.data["grade"] == 80.0
    assert event.data["preferred_language"] == "ru" and "date_of_birth" not in event.data


async def test_an_ineligible_choice_refuses_the_submit_and_stages_nothing(db):
    ref = await draft(db, ["easy", "hard"], grade=70)
    with pytest.raises(Invalid) as refused:
        await submitted(db, ref)
    assert refused.value.code == "application.not_eligible"
    (error,) = refused.value.errors
    item = error.as_dict()
    assert item["field"] == "choices.1" and item["programme_id"] == "hard"
    assert item["reasons"] == ["grade 70 below required 90"]
    assert await db.status(ref.id) == "draft" and await db.outbox() == []


async def test_a_submit_after_the_window_closed_is_a_conflict(db):
    ref = await draft(db, ["easy"])
    async with db.tx() as s:
        await s.execute(update(CatalogCycle).values(closes_at=utcnow() - timedelta(seconds=1)))
    with pytest.raises(Conflict) as refused:
        await submitted(db, ref)
    assert refused.value.code == "application.window_closed" and refused.value.field == "cycle_id"
    assert await db.status(ref.id) == "draft"


async def test_one_active_application_per_cycle_and_known_cycles_only(db):
    ref = await draft(db, ["easy"])
    with pytest.raises(Conflict) as refused:
        await draft(db, ["far"], applicant_id=ref.applicant_id)
    assert refused.value.code == "application.already_active"
    assert refused.value.errors[0].as_dict()["application_id"] == ref.id
    with pytest.raises(Invalid) as choices:
        await draft(db, ["easy", "easy", "nope"])
    assert [e.field for e in choices.value.errors] == ["choices.1", "choices.2"]


async def test_withdrawing_a_submitted_application_announces_it_a_draft_does_not(db):
    ref = await draft(db, ["easy"])
    await submitted(db, ref)
    async with db.tx() as s:
        withdrawn = await applications.withdraw(s, infra, ref.applicant_id, ref.id, "elsewhere", source=SOURCE)
    assert withdrawn.status == "withdrawn" and withdrawn.active is None
    assert withdrawn.history[-1]["reason"] == "elsewhere"
    events = await db.outbox()
    assert [e.type.split(".")[-2] for e in events] == ["submitted", "withdrawn"]
    assert events[-1].data["reason"] == "elsewhere"

    other = await draft(db, ["easy"])
    async with db.tx() as s:
        await applications.withdraw(s, infra, other.applicant_id, other.id, None, source=SOURCE)
    assert len(await db.outbox()) == 2  # a draft was never announced
    with pytest.raises(Conflict) as again:
        async with db.tx() as s:
            await applications.withdraw(s, infra, other.applicant_id, other.id, None, source=SOURCE)
    assert again.value.code == "application.not_withdrawable"
    # the cycle is free again
    await draft(db, ["easy"], applicant_id=ref.applicant_id)


async def test_someone_elses_application_is_not_found(db):
    ref = await draft(db, ["easy"])
    with pytest.raises(NotFound) as refused:
        async with db.tx() as s:
            await applications.withdraw(s, infra, "someone-else", ref.id, None, source=SOURCE)
    assert refused.value.code == "application.not_found" and await db.status(ref.id) == "draft"


async def test_accepting_an_offer_stages_offer_accepted_once(db):
    ref = await offered(db)
    assert await db.status(ref.id) == "offered"
    async with db.tx() as s:
        accepted = await applications.answer_offer(s, infra, ref.applicant_id, ref.id, True, source=SOURCE)
    assert accepted.status == "accepted"
    event = (await db.outbox())[-1]
    assert "offer_accepted" in event.type
    assert event.data == {
        "application_id": ref.id,
        "applicant_id": ref.applicant_id,
        "cycle_id": CYCLE,
        "match_id": "m-1",
        "programme_id": "easy",
    }
    with pytest.raises(Conflict) as again:
        async with db.tx() as s:
            await applications.answer_offer(s, infra, ref.applicant_id, ref.id, False, source=SOURCE)
    assert again.value.code == "application.no_open_offer"
    assert len(await db.outbox()) == 2


async def test_declining_an_offer(db):
    ref = await offered(db)
    async with db.tx() as s:
        declined = await applications.answer_offer(s, infra, ref.applicant_id, ref.id, False, source=SOURCE)
    assert declined.status == "declined" and "offer_declined" in (await db.outbox())[-1].type


async def test_an_offer_is_answered_up_to_its_reply_by_day_in_utc_and_refused_after(db, monkeypatch):
    last_day = date(2027, 3, 10)
    on_time, too_late = await offered(db, reply_by=last_day), await offered(db, reply_by=last_day)
    assert ApplicationOut.of(await db.get(on_time.id)).offer_reply_by == last_day

    monkeypatch.setattr(applications, "utcnow", lambda: datetime(2027, 3, 10, 23, 59, tzinfo=UTC))
    async with db.tx() as s:
        accepted = await applications.answer_offer(s, infra, on_time.applicant_id, on_time.id, True, source=SOURCE)
    assert accepted.status == "accepted"

    staged = len(await db.outbox())
    monkeypatch.setattr(applications, "utcnow", lambda: datetime(2027, 3, 11, 0, 0, tzinfo=UTC))
    with pytest.raises(Conflict) as refused:
        async with db.tx() as s:
            await applications.answer_offer(s, infra, too_late.applicant_id, too_late.id, False, source=SOURCE)
    assert refused.value.code == "application.offer_expired"
    assert refused.value.errors[0].as_dict()["reply_by"] == "2027-03-10"
    assert await db.status(too_late.id) == "offered" and len(await db.outbox()) == staged


async def test_a_rejected_offer_keeps_no_reply_by_date(db):
    ref = await offered(db, reply_by=date(2027, 3, 10))
    async with db.tx() as s:
        await handlers.on_match_rejected(
            s, MatchRejected(**offer_base(ref, match_id="m-1", reason="late papers")), None
        )
    assert (await db.get(ref.id)).offer_reply_by is None


async def test_match_outcomes_move_the_application_and_stale_ones_are_ignored(db):
    ref = await offered(db)
    got = await db.get(ref.id)
    assert got.match_id == "m-1" and got.offered_programme_id == "easy"
    async with db.tx() as s:  # the rejection of an older match changes nothing
        await handlers.on_match_rejected(s, MatchRejected(**offer_base(ref, match_id="m-0", reason="old")), None)
    assert await db.status(ref.id) == "offered"
    async with db.tx() as s:
        await handlers.on_match_rejected(s, MatchRejected(**offer_base(ref, match_id="m-1", reason="no visa")), None)
    got = await db.get(ref.id)
    assert got.status == "submitted" and got.match_id is None and got.offered_programme_id is None
    assert got.history[-1]["reason"] is None  # the officer's reason is internal
    assert got.history[-1]["internal_reason"] == "match rejected: no visa"
    async with db.tx() as s:  # a confirmation without an offer does not apply
        await handlers.on_match_confirmed(s, MatchConfirmed(**offer_base(ref, match_id="m-1")), None)
    assert await db.status(ref.id) == "submitted"
    async with db.tx() as s:  # an application this service does not hold is ignored
        await handlers.on_match_confirmed(s, MatchConfirmed(**offer_base(Ref("other", "x"), match_id="m")), None)


async def test_an_officer_sees_applications_in_both_scopes_and_never_drafts(db):
    at_lzu = await draft(db, ["easy"])
    await submitted(db, at_lzu)
    at_xju = await draft(db, ["far"])
    await submitted(db, at_xju)
    still_draft = await draft(db, ["easy"])
    mine = {at_lzu.id, at_xju.id, still_draft.id}

    async def seen(role: Role = Role.OFFICER, **scope) -> set[str]:
        async with db.sessions() as s:
            rows = (await s.scalars(officer.scoped_query(Principal(sub="o", role=role, **scope), CYCLE, None))).all()
        return {a.id for a in rows} & mine

    assert await seen(schemes=[SCHEME], institutions=["lzu"]) == {at_lzu.id}
    assert await seen(institutions=["xju"]) == {at_xju.id}
    assert await seen(schemes=["cpec"], institutions=["lzu"]) == set()
    assert await seen(schemes=[SCHEME]) == {at_lzu.id, at_xju.id}
    assert await seen() == {at_lzu.id, at_xju.id}
    assert await seen(Role.ADMIN) == {at_lzu.id, at_xju.id}
    async with db.sessions() as s:
        with pytest.raises(NotFound) as refused:
            await officer.scoped_application(s, Principal(sub="o", role=Role.OFFICER), still_draft.id)
    assert refused.value.code == "application.not_in_scope"


# --- issue 18 ---------------------------------------------------------------------------------


async def proposed(db: Db, ref: Ref, match_id: str = "m-1") -> None:
    async with db.tx() as s:
        await handlers.on_match_proposed(s, MatchProposed(**offer_base(ref, match_id=match_id)), None)


async def test_a_proposal_is_under_review_and_names_no_programme_to_the_applicant(db):
    ref = await draft(db, ["easy"])
    await submitted(db, ref)
    await proposed(db, ref)
    got = await db.get(ref.id)
    assert got.status == "under_review" and got.match_id == "m-1"
    applicant_view = ApplicationOut.of(got).model_dump()
    assert applicant_view["history"][-1]["status"] == "under_review"
    assert applicant_view["history"][-1]["reason"] == "under review"
    assert "easy" not in str(applicant_view["history"])
    officer_view = OfficerApplicationOut.of(got).model_dump()
    assert officer_view["history"][-1]["internal_reason"] == "proposed: easy (choice 1)"
    async with db.tx() as s:  # an officer approves: an offer, as before
        await handlers.on_match_approved(s, MatchApproved(**offer_base(ref, match_id="m-1")), None)
    assert await db.status(ref.id) == "offered"


async def test_a_rejected_proposal_goes_back_to_submitted_and_shows_only_the_message_to_the_applicant(db):
    ref = await draft(db, ["easy"])
    await submitted(db, ref)
    await proposed(db, ref)
    internal = "Transcript is not certified by the ministry"
    async with db.tx() as s:
        await handlers.on_match_rejected(s, MatchRejected(**offer_base(ref, match_id="m-1", reason=internal)), None)
    got = await db.get(ref.id)
    assert got.status == "submitted" and got.match_id is None
    assert [h["status"] for h in got.history] == ["draft", "submitted", "under_review", "submitted"]
    assert internal not in str(ApplicationOut.of(got).model_dump())
    assert ApplicationOut.of(got).history[-1].reason is None
    assert OfficerApplicationOut.of(got).history[-1].internal_reason == f"match rejected: {internal}"

    await proposed(db, ref, "m-2")
    message = "Please upload a certified transcript; you stay in the next round."
    async with db.tx() as s:
        await handlers.on_match_rejected(
            s,
            MatchRejected(**offer_base(ref, match_id="m-2", reason=internal, message_to_applicant=message)),
            None,
        )
    got = await db.get(ref.id)
    assert ApplicationOut.of(got).history[-1].reason == message
    assert internal not in str(ApplicationOut.of(got).model_dump())


def unmatched_event(ref: Ref, round_id: str, reason: str = "programme full") -> ApplicationUnmatched:
    return ApplicationUnmatched(
        round_id=round_id,
        application_id=ref.id,
        applicant_id=ref.applicant_id,
        cycle_id=CYCLE,
        reasons=[ChoiceReason(programme_id="easy", reason=reason)],
    )


async def test_a_repeated_outcome_adds_no_history_line_a_new_one_does(db):
    ref = await draft(db, ["easy"])
    await submitted(db, ref)
    for round_no in range(4):
        async with db.tx() as s:
            await handlers.on_unmatched(s, unmatched_event(ref, f"r-{round_no}"), None)
    got = await db.get(ref.id)
    assert [h["status"] for h in got.history] == ["draft", "submitted", "unmatched"]
    async with db.tx() as s:  # a new reason is news
        await handlers.on_unmatched(s, unmatched_event(ref, "r-5", "grade below required"), None)
    async with db.tx() as s:
        await handlers.on_waitlisted(
            s,
            ApplicationWaitlisted(
                round_id="r-6",
                application_id=ref.id,
                applicant_id=ref.applicant_id,
                cycle_id=CYCLE,
                positions=[WaitlistPosition(programme_id="easy", position=3)],
            ),
            None,
        )
    got = await db.get(ref.id)
    assert [h["status"] for h in got.history] == ["draft", "submitted", "unmatched", "unmatched", "waitlisted"]


async def test_accepting_then_the_confirmation_shows_accepted_once(db):
    ref = await offered(db)
    async with db.tx() as s:
        await applications.answer_offer(s, infra, ref.applicant_id, ref.id, True, source=SOURCE)
    async with db.tx() as s:
        await handlers.on_match_confirmed(s, MatchConfirmed(**offer_base(ref, match_id="m-1")), None)
    got = await db.get(ref.id)
    assert got.status == "accepted"
    assert [h["status"] for h in got.history].count("accepted") == 1


async def test_a_cycle_without_countries_takes_its_schemes_at_submit_and_in_the_preview(db):
    async with db.tx() as s:
        s.add(CatalogScheme(id=SCHEME, name="SCO", sponsor="MOE", eligible_countries=["UZ", "KZ", "KG", "TJ"]))
        await s.execute(update(CatalogCycle).values(eligible_countries=[]))
    ref = await draft(db, ["easy"])
    async with db.tx() as s:  # a Chinese applicant
        await s.execute(update(Applicant).where(Applicant.id == ref.applicant_id).values(nationality="CN"))
    async with db.sessions() as s:
        (verdict,) = await applications.preview_eligibility(s, ref.applicant_id, ref.id)
    nationality = "nationality CN is not eligible in this cycle (eligible: UZ, KZ, KG, TJ)"
    assert not verdict.eligible and verdict.reasons == (nationality,)
    with pytest.raises(Invalid) as refused:
        await submitted(db, ref)
    assert refused.value.errors[0].as_dict()["reasons"] == [nationality]
    assert await db.status(ref.id) == "draft"

    kazakh = await draft(db, ["easy"])  # the scheme's list lets a Kazakh applicant in
    assert (await submitted(db, kazakh)).status == "submitted"


async def test_an_applicant_holds_one_accepted_place_per_intake(db):
    ref = await offered(db)
    now = utcnow()
    async with db.tx() as s:  # the cycle offering this place starts next September
        (await s.get(CatalogCycle, CYCLE)).starts_on = date(now.year + 1, 9, 1)
        s.add(
            CatalogCycle(
                id="cpec-same-intake",
                scheme_id="cpec",
                name="CPEC",
                opens_at=now - timedelta(days=1),
                closes_at=now + timedelta(days=1),
                starts_on=date(now.year + 1, 10, 1),
            )
        )
        s.add(  # a place accepted in another scheme, starting a month later
            Application(
                id="held-1",
                applicant_id=ref.applicant_id,
                cycle_id="cpec-same-intake",
                scheme_id="cpec",
                sending_country="KZ",
                status="accepted",
            )
        )
    with pytest.raises(Conflict) as refused:
        async with db.tx() as s:
            await applications.answer_offer(s, infra, ref.applicant_id, ref.id, True, source=SOURCE)
    assert (refused.value.code, refused.value.context["held"]) == ("offer.place_held", "held-1")
    assert await db.status(ref.id) == "offered" and "offer_accepted" not in (await db.outbox())[-1].type
    async with db.tx() as s:  # the other place begins a year later: both may be held
        (await s.get(CatalogCycle, "cpec-same-intake")).starts_on = date(now.year + 2, 9, 1)
    async with db.tx() as s:
        accepted = await applications.answer_offer(s, infra, ref.applicant_id, ref.id, True, source=SOURCE)
    assert accepted.status == "accepted"


async def test_an_offers_line_in_the_history_names_the_programme_in_the_applicants_language(db):
    """The history keeps its lines as text: an offer's names the programme as the applicant
    reads it (Russian here), not as the catalog typed it."""
    from sqlalchemy import update

    from services.applications.models import CatalogProgramme

    async with db.tx() as s:
        await s.execute(
            update(CatalogProgramme).where(CatalogProgramme.id == "easy").values(translations={"ru": "Лёгкая"})
        )
    ref = await draft(db, ["easy"])
    async with db.tx() as s:  # an applicant's account and profile share the language (service/accounts.py)
        await s.execute(update(Account).where(Account.id == ref.applicant_id).values(preferred_language="ru"))
    await submitted(db, ref)
    async with db.tx() as s:
        await handlers.on_match_approved(s, MatchApproved(**offer_base(ref, match_id="m-1")), None)
    got = await db.get(ref.id)
    assert got.history[-1]["reason"].startswith("Лёгкая")
