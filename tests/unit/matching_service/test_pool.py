"""The pool through the service layer: what officers see (the same rule as the applications
service), scores, and the applications service's events."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from services.matching.domain.review import Reply
from services.matching.domain.statuses import MatchStatus, PoolStatus
from services.matching.models import ApplicantProfile, JournalEntry, Match, PoolEntry
from services.matching.service import committee, pool
from shared.errors import Conflict, Forbidden, NotFound
from shared.events.catalog import ApplicationSubmitted, LanguageCertificate

from .conftest import ADMIN, CYCLE, officer, seed_cycle, staged

# a1-a3 name ir (lzu) and pe (xju); a4 names med, ir (lzu) and pe (xju); a5 names ir (lzu) only.


async def _visible_ids(db, caller) -> set[str]:
    async with db.session() as s:
        cycle = await pool.cycle_for_pool(s, caller, CYCLE)
        return {e.application_id for e in (await s.scalars(await pool.pool_query(s, caller, cycle))).all()}


async def test_an_officer_of_a_scheme_and_an_institution_sees_what_applications_shows(db):
    """Scoped to sco and xju: only the entries naming a programme hosted at xju, in the
    list and one by one (404 "not in your scope" for the others), as in applications."""
    await seed_cycle(db)
    both = officer(schemes=["sco"], institutions=["xju"])
    assert await _visible_ids(db, both) == {"a1", "a2", "a3", "a4"}
    async with db.session() as s:
        assert (await pool.visible_entry(s, both, "a4")).application_id == "a4"
        with pytest.raises(NotFound) as hidden:
            await pool.visible_entry(s, both, "a5")
    assert hidden.value.code == "pool.not_in_scope" and hidden.value.reason == "not in your scope"
    assert await _visible_ids(db, ADMIN) == {"a1", "a2", "a3", "a4", "a5"}
    assert await _visible_ids(db, officer(schemes=["sco"])) == {"a1", "a2", "a3", "a4", "a5"}
    assert await _visible_ids(db, officer(institutions=["lzu"])) == {"a1", "a2", "a3", "a4", "a5"}


async def test_an_officer_of_another_scheme_sees_no_pool(db):
    await seed_cycle(db)
    async with db.session() as s:
        with pytest.raises(Forbidden):
            await pool.cycle_for_pool(s, officer(schemes=["cpec"]), CYCLE)
        with pytest.raises(NotFound):
            await pool.visible_entry(s, officer(schemes=["cpec"]), "a1")


async def test_scores_are_scheme_wide_and_not_for_withdrawn_applications(db):
    await seed_cycle(db)
    async with db.session() as s, s.begin():
        entry, _cycle = await pool.score(s, officer("o-sco", schemes=["sco"]), CYCLE, "a1", 100.0, 95.0)
    assert (entry.interview_score, entry.scored_by) == (100.0, "o-sco")
    async with db.session() as s, s.begin():
        with pytest.raises(Forbidden):
            await pool.score(s, officer(institutions=["xju"]), CYCLE, "a1", 1.0, None)
        await pool.withdraw_application(s, "a2", "stu-a2", CYCLE)
    async with db.session() as s:
        with pytest.raises(Conflict) as refused:
            await pool.score(s, ADMIN, CYCLE, "a2", 50.0, None)
    assert refused.value.code == "pool.withdrawn"


def submission(application_id: str) -> ApplicationSubmitted:
    """application.submitted in the seeded cycle: a student from UZ choosing pe."""
    return ApplicationSubmitted(
        application_id=application_id,
        applicant_id=f"stu-{application_id}",
        cycle_id=CYCLE,
        scheme_id="sco",
        applicant_type="student",
        sending_country="UZ",
        choices=["pe"],
        grade=80.0,
        language_certificates=[LanguageCertificate(kind="HSK", level=4)],
        submitted_at=datetime.now(UTC),
    )


async def test_events_keep_the_pool_and_the_matches_up_to_date(db):
    await seed_cycle(db)
    submitted = submission("a9")
    async with db.session() as s, s.begin():
        await pool.record_application(s, submitted)
        s.add(
            Match(
                id="m9",
                round_id="r",
                cycle_id=CYCLE,
                scheme_id="sco",
                application_id="a9",
                applicant_id="stu-a9",
                programme_id="pe",
                host_institution_id="xju",
                rank=1,
                status=MatchStatus.APPROVED,
            )
        )
        s.add(
            Match(
                id="m1",
                round_id="r",
                cycle_id=CYCLE,
                scheme_id="sco",
                application_id="a1",
                applicant_id="stu-a1",
                programme_id="ir",
                host_institution_id="lzu",
                rank=1,
                status=MatchStatus.PROPOSED,
            )
        )
    async with db.session() as s, s.begin():
        confirmed = await pool.answer_offer(s, "m9", "a9", Reply.ACCEPT)
        assert confirmed is not None and confirmed.status == MatchStatus.ACCEPTED
        assert await pool.answer_offer(s, "m9", "a9", Reply.ACCEPT) is None  # redelivered: nothing changes
        await pool.withdraw_application(s, "a1", "stu-a1", CYCLE)
    assert (await staged(db))[-1] == "confirmed"
    async with db.session() as s, s.begin():
        assert (await s.get(Match, "m1")).status == MatchStatus.WITHDRAWN
        assert (await s.get(PoolEntry, "a1")).status == PoolStatus.WITHDRAWN
        await pool.record_application(s, submitted.model_copy(update={"application_id": "a1"}))
    async with db.session() as s:
        assert (await s.get(PoolEntry, "a1")).status == PoolStatus.WITHDRAWN  # a late edit stays out


async def test_one_batchs_events_about_one_application_apply_in_their_order(db):
    """A consumer's batch is one transaction: a withdrawal seen before the submission it
    overtook keeps the application out (the session writes it before the submission's
    statement), and an entry read earlier in the batch is read again as the later event left it."""
    await seed_cycle(db)
    submitted = submission("a7")
    async with db.session() as s, s.begin():
        await pool.withdraw_application(s, "a7", "stu-a7", CYCLE)  # not seen before: remembered, pending
        await pool.record_application(s, submitted)
        await pool.record_application(s, submitted.model_copy(update={"application_id": "a8"}))
        entry = await s.get(PoolEntry, "a8")  # held: the session keeps its copy while it is referenced
        first = entry.received_at
        await pool.record_application(
            s, submitted.model_copy(update={"application_id": "a8", "choices": ["ir", "pe"], "grade": 75.0})
        )
        again = await s.get(PoolEntry, "a8")
        assert (again.choices, again.grade, again.received_at) == (["ir", "pe"], 75.0, first)
        assert entry.choices == ["pe"]  # the copy read before is not what is stored now
    async with db.session() as s:
        assert (await s.get(PoolEntry, "a7")).status == PoolStatus.WITHDRAWN
        stored = await s.get(PoolEntry, "a8")
        assert (stored.status, stored.choices, stored.received_at) == (PoolStatus.SUBMITTED, ["ir", "pe"], first)


async def test_an_answer_to_an_offer_is_in_the_cycles_journal_once_by_the_applicant(db):
    """The cycle's journal (and its CSV) is the matching service's: the applicants' accepts and
    declines were only in the applications service's journal, on each application's page."""
    await seed_cycle(db)
    async with db.session() as s, s.begin():
        s.add(ApplicantProfile(applicant_id="stu-a1", name="Aigerim Bekova", nationality="KZ"))
        for mid, app, programme in (("m1", "a1", "ir"), ("m2", "a2", "pe")):
            s.add(
                Match(
                    id=mid, round_id="r", cycle_id=CYCLE, scheme_id="sco", application_id=app,
                    applicant_id=f"stu-{app}", programme_id=programme, host_institution_id="lzu", rank=1,
                    status=MatchStatus.APPROVED,
                )
            )  # fmt: skip
    async with db.session() as s, s.begin():
        await pool.answer_offer(s, "m1", "a1", Reply.ACCEPT)
        await pool.answer_offer(s, "m2", "a2", Reply.DECLINE)
        assert await pool.answer_offer(s, "m1", "a1", Reply.ACCEPT) is None  # redelivered: no second entry
    async with db.session() as s:
        query = await committee.journal_query(s, ADMIN, CYCLE, None, "offer.declined")
        declined = (await s.scalars(query)).all()
        entries = (await s.scalars(select(JournalEntry).order_by(JournalEntry.id))).all()
        names = await committee.journal_names(s, ADMIN, entries)
    shown = [(e.action, e.actor, e.actor_name, e.cycle_id, e.subject, e.before, e.after) for e in entries]
    # the applicant by id, named when the journal is read (a closed account's name goes with it)
    assert names.actors.get(entries[0].id) == "Aigerim Bekova"
    assert shown == [
        ("offer.accepted", "stu-a1", "", CYCLE, "match:m1", {"status": "approved"},
         {"status": "accepted", "programme_id": "ir"}),
        # no profile yet: the applicant's id, named when the journal is read
        ("offer.declined", "stu-a2", "", CYCLE, "match:m2", {"status": "approved"},
         {"status": "declined", "programme_id": "pe"}),
    ]  # fmt: skip
    assert [e.application_id for e in declined] == ["a2"]  # the journal's filter knows the answers
