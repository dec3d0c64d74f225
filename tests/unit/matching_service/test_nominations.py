"""Nominations through the service layer on SQLite (issue 14): drafts are never told, a
publication tells each changed application, a withdrawal (the authority's, the host's through
``release``, the applicant's own) moves the reserve up; scope, allocation and the deadline are
enforced; rounds place nominees only and never propose again what the host rejected."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from services.matching.domain.statuses import MatchStatus
from services.matching.models import (
    AdmissionDecision,
    ApplicantProfile,
    Cycle,
    JournalEntry,
    Match,
    Nomination,
    Round,
    Scheme,
    StaffAccount,
)
from services.matching.service import committee, nominations, rounds
from shared.clock import utcnow
from shared.errors import Conflict, Forbidden, Invalid, NotFound
from shared.events.catalog import AccountUpserted
from shared.paging import Paging
from shared.principal import Principal, Role

from .conftest import ADMIN, CYCLE, officer, seed_cycle, staged_events

KZ = Principal(sub="kz-ministry", role=Role.NOMINATOR, schemes=["sco"], countries=["KZ"], name="KZ ministry")
UZ = Principal(sub="uz-ministry", role=Role.NOMINATOR, countries=["UZ"])
AUTHORITY = "Ministry of Science and Higher Education"


@pytest.fixture
async def sco(db):
    """The seeded SCO cycle with a nomination stage; KZ's pool is a1 a2 a3 (allocation 2)."""
    await seed_cycle(db)
    async with db.session() as s, s.begin():
        scheme = await s.get(Scheme, "sco")
        scheme.path = ["nomination", "matching", "review", "answer"]
        scheme.authorities = {"KZ": AUTHORITY}
        scheme.authority_translations = {"KZ": {"ru": "Министерство науки и высшего образования"}}
        for app, name in (("a1", "Aigerim Bekova"), ("a2", "Daniyar Serikov"), ("a3", "Aliya Nurlanova")):
            s.add(ApplicantProfile(applicant_id=f"stu-{app}", name=name, nationality="KZ"))
    return db


async def told(db) -> list[dict]:
    return [d for kind, d in await staged_events(db) if kind == "decided" and "state" in d]


async def save(db, who, *, nominees, reserve=(), not_nominated=(), publish=True, country="KZ", version=None):
    async with db.session() as s, s.begin():
        return await nominations.save(
            s,
            who,
            CYCLE,
            country,
            nominees=list(nominees),
            reserve=list(reserve),
            not_nominated=list(not_nominated),
            publish=publish,
            version=version,
        )


async def states(db) -> dict[str, tuple]:
    async with db.session() as s:
        rows = (await s.scalars(select(Nomination))).all()
        return {n.application_id: (n.state, n.position, n.promoted, n.version) for n in rows}


async def test_a_draft_is_not_told_and_a_publication_tells_each_application_once(sco):
    draft = await save(sco, KZ, nominees=["a2"], reserve=["a1"], publish=False)
    assert (draft["status"], draft["version"], draft["nominated"], draft["reserve"]) == ("draft", 0, 1, 1)
    assert draft["allocation"] == 2 and draft["authority"] == AUTHORITY
    assert draft["authority_translations"] == {"ru": "Министерство науки и высшего образования"}
    assert await told(sco) == []
    # the draft changes freely, then is published
    await save(sco, KZ, nominees=["a1", "a2"], reserve=["a3"], publish=False)
    done = await save(sco, KZ, nominees=["a1", "a2"], reserve=["a3"])
    assert (done["status"], done["version"], done["nominated"], done["reserve"]) == ("published", 1, 2, 1)
    events = {d["application_id"]: d for d in await told(sco)}
    assert {a: (d["state"], d["position"], d["version"]) for a, d in events.items()} == {
        "a1": ("nominated", 1, 1),
        "a2": ("nominated", 2, 1),
        "a3": ("reserve", 1, 1),
    }
    assert events["a1"]["authority"] == AUTHORITY and events["a1"]["applicant_id"] == "stu-a1"
    # publishing again with one change tells only that application, with a new version
    await save(sco, KZ, nominees=["a1", "a2"], not_nominated=[("a3", "no language certificate")])
    last = (await told(sco))[3:]
    assert [(d["application_id"], d["state"], d["reason"], d["version"]) for d in last] == [
        ("a3", "not_nominated", "no language certificate", 2)
    ]
    with pytest.raises(Conflict) as err:  # a draft would hide from applicants what they were told
        await save(sco, KZ, nominees=["a1"], publish=False)
    assert err.value.code == "nomination.published"
    async with sco.session() as s:
        entries = (await s.scalars(select(JournalEntry).where(JournalEntry.action == "nomination.published"))).all()
    assert [e.after["version"] for e in entries] == [1, 2] and entries[0].actor == "kz-ministry"


async def test_a_list_published_again_since_it_was_read_is_refused_and_nobody_is_told_twice(sco):
    """Two nominators published at once from the same list: the second undid the first, and the
    applicants were told "nominated" then "reserve" within a second."""
    first = await save(sco, KZ, nominees=["a1", "a2"], reserve=["a3"], version=0)
    assert first["version"] == 1
    told_before = len(await told(sco))
    with pytest.raises(Conflict) as err:  # the colleague's publication, read at version 0
        await save(sco, KZ, nominees=["a1", "a3"], reserve=["a2"], version=0)
    assert err.value.code == "nomination.changed" and err.value.context["version"] == 1
    assert len(await told(sco)) == told_before and (await states(sco))["a2"][0] == "nominated"
    # read again, the change goes through; without a version nothing is compared
    assert (await save(sco, KZ, nominees=["a1", "a3"], reserve=["a2"], version=1))["version"] == 2
    assert (await save(sco, KZ, nominees=["a1", "a2"], reserve=["a3"]))["version"] == 3


async def test_the_list_is_refused_over_the_allocation_outside_the_pool_and_the_scope(sco):
    with pytest.raises(Invalid) as err:
        await save(sco, KZ, nominees=["a1", "a2", "a3"])
    assert (err.value.errors[0].field, err.value.code) == ("nominees", "nomination.over_allocation")
    assert err.value.errors[0].context == {"allocation": 2}
    with pytest.raises(Invalid) as err:
        await save(sco, KZ, nominees=["a1", "a4"])  # a4 is Uzbek
    assert (err.value.errors[0].field, err.value.code) == ("nominees.1", "nomination.not_in_pool")
    with pytest.raises(Invalid) as err:
        await save(sco, KZ, nominees=["a1"], not_nominated=[("a1", "")])
    assert err.value.code == "nomination.duplicate"
    with pytest.raises(Forbidden):
        await save(sco, UZ, nominees=["a1"])  # another country's authority
    with pytest.raises(Forbidden):
        await save(sco, officer("o", schemes=["sco"]), nominees=["a1"])  # officers read, they do not nominate
    other_scheme = Principal(sub="n", role=Role.NOMINATOR, schemes=["csc"], countries=["KZ"])
    with pytest.raises(Forbidden):
        await save(sco, other_scheme, nominees=["a1"])
    assert await save(sco, ADMIN, nominees=["a1"], publish=False)
    assert await told(sco) == []


async def test_nominations_close_at_the_deadline(sco):
    async with sco.session() as s, s.begin():
        (await s.get(Cycle, CYCLE)).nomination_closes_at = utcnow() - timedelta(minutes=1)
    with pytest.raises(Conflict) as err:
        await save(sco, KZ, nominees=["a1"])
    assert err.value.code == "nomination.closed"


async def test_a_scheme_without_a_nomination_stage_has_no_nominations(sco):
    async with sco.session() as s, s.begin():
        (await s.get(Scheme, "sco")).path = []
    with pytest.raises(Conflict) as err:
        await save(sco, KZ, nominees=["a1"])
    assert err.value.code == "nomination.no_stage"
    async with sco.session() as s:
        assert await nominations.visible_lists(s, ADMIN, CYCLE) == []  # nothing to list
        with pytest.raises(NotFound):
            await nominations.visible_lists(s, KZ, "no-such-cycle")


async def test_withdrawals_move_the_reserve_up_and_release_does_nothing_without_a_nomination(sco):
    await save(sco, KZ, nominees=["a1"], reserve=["a2", "a3"])
    async with sco.session() as s, s.begin():
        out = await nominations.withdraw(s, KZ, CYCLE, "KZ", "a1", "did not sit the exam")
    assert (out["nominated"], out["reserve"], out["version"]) == (1, 1, 2)
    assert await states(sco) == {
        "a1": ("withdrawn", None, False, 2),
        "a2": ("nominated", 1, True, 2),
        "a3": ("reserve", 1, False, 2),
    }
    last = {d["application_id"]: d for d in (await told(sco))[3:]}
    assert last["a1"]["reason"] == "did not sit the exam" and last["a2"]["promoted"] is True
    assert last["a3"]["position"] == 1
    async with sco.session() as s, s.begin():
        with pytest.raises(Conflict) as err:
            await nominations.withdraw(s, KZ, CYCLE, "KZ", "a1", "again")
    assert err.value.code == "nomination.not_on_list"
    # the host rejects the promoted nominee (part B calls release): the last reserve moves up
    async with sco.session() as s, s.begin():
        await nominations.release(s, "a2", "host rejected: capacity", "partner-lzu")
        await nominations.release(s, "a4", "no nomination", "partner-lzu")  # nothing happens
    assert await states(sco) == {
        "a1": ("withdrawn", None, False, 2),
        "a2": ("withdrawn", None, False, 3),
        "a3": ("nominated", 1, True, 3),
    }
    assert len(await told(sco)) == 3 + 3 + 2
    # the host's doing, not the authority's: the applicant hears of it by the host's decision
    released, moved_up = (await told(sco))[-2:]
    assert (released["application_id"], released["state"], released["host_rejected"]) == ("a2", "withdrawn", True)
    assert (moved_up["application_id"], moved_up["host_rejected"]) == ("a3", False)
    assert not any(d["host_rejected"] for d in (await told(sco))[:6])  # the authority's own withdrawal
    async with sco.session() as s:
        entries = (await s.scalars(select(JournalEntry).where(JournalEntry.action == "nomination.withdrawn"))).all()
    assert [(e.actor, e.application_id, e.after["promoted"]) for e in entries] == [
        ("kz-ministry", "a1", "a2"),
        ("partner-lzu", "a2", "a3"),
    ]


async def test_the_candidates_say_who_took_a_withdrawn_nominees_place_or_that_nobody_could(sco):
    """A host rejected a nominee of a list with an empty reserve; the authority's page said "the
    place went to the reserve list". Each withdrawn candidate now says who moved up into its
    place, or that the reserve list was empty (its place stayed open)."""
    await save(sco, KZ, nominees=["a1"], reserve=["a2", "a3"])
    async with sco.session() as s, s.begin():
        # a reserve taken off frees no nominee's place: nothing moved up, nothing left open
        await nominations.withdraw(s, KZ, CYCLE, "KZ", "a3", "withdrew for family reasons")
        await nominations.release(s, "a1", "documents incomplete", "partner-lzu")  # a2 moves up
    async with sco.session() as s, s.begin():
        await nominations.release(s, "a2", None, "partner-lzu")  # nobody left on the reserve list
    async with sco.session() as s:
        items, _ = await nominations.candidates(s, KZ, CYCLE, "KZ", paging=Paging(limit=50))
    rows = {i["application_id"]: (i["state"], i["moved_up"], i["reserve_was_empty"]) for i in items}
    assert rows == {
        "a1": ("withdrawn", {"application_id": "a2", "applicant_name": "Daniyar Serikov"}, False),
        "a2": ("withdrawn", None, True),
        "a3": ("withdrawn", None, False),
    }


async def test_an_applicant_withdrawing_is_announced_as_their_own_step_and_the_reserve_moving_up_too(sco):
    await save(sco, KZ, nominees=["a1"], reserve=["a2", "a3"])
    async with sco.session() as s, s.begin():
        await nominations.applicant_withdrew(s, "a1", declined=True)
    last = [
        (d["application_id"], d["state"], d["position"], d["applicant_left"], d["replaced_by"])
        for d in (await told(sco))[3:]
    ]
    # the withdrawal says it was the applicant's (the authority is told, not the applicant) and who moved up
    assert last == [
        ("a1", "withdrawn", None, "declined", "a2"),
        ("a2", "nominated", 1, None, None),
        ("a3", "reserve", 1, None, None),
    ]
    assert (await states(sco))["a1"][0] == "withdrawn"
    # the journal says who: the applicant, by id (it said "applicant"), named when read (a closed
    # account's name goes with it)
    async with sco.session() as s:
        entry = await s.scalar(select(JournalEntry).where(JournalEntry.action == "nomination.withdrawn"))
        names = await committee.journal_names(s, ADMIN, [entry])
    assert (entry.actor, entry.actor_name, entry.application_id) == ("stu-a1", "", "a1")
    assert names.actors.get(entry.id) == "Aigerim Bekova"


async def test_a_draft_withdrawal_is_not_told(sco):
    await save(sco, KZ, nominees=["a1"], reserve=["a2"], publish=False)
    async with sco.session() as s, s.begin():
        await nominations.withdraw(s, KZ, CYCLE, "KZ", "a1", "changed our mind")
    assert await told(sco) == []
    assert (await states(sco))["a2"][:3] == ("nominated", 1, True)


async def test_the_candidates_table_sorts_filters_and_searches_within_the_scope(sco):
    await save(sco, KZ, nominees=["a3"], reserve=["a1"], publish=False)

    async def page(who=KZ, **kw):
        async with sco.session() as s:
            return await nominations.candidates(s, who, CYCLE, "KZ", paging=Paging(limit=kw.pop("limit", 50)), **kw)

    items, total = await page(sort="grade", order="desc")
    assert total == 3 and [i["application_id"] for i in items] == ["a1", "a2", "a3"]
    assert items[0]["applicant_name"] == "Aigerim Bekova" and items[0]["choices"] == ["ir", "pe"]
    items, _ = await page(sort="position")
    assert [(i["application_id"], i["state"], i["position"]) for i in items] == [
        ("a3", "nominated", 1),
        ("a1", "reserve", 1),
        ("a2", None, None),
    ]
    assert [i["application_id"] for i in (await page(state="undecided"))[0]] == ["a2"]
    assert [i["application_id"] for i in (await page(state="reserve"))[0]] == ["a1"]
    assert [i["application_id"] for i in (await page(q="nurl"))[0]] == ["a3"]
    assert [i["application_id"] for i in (await page(sort="name", limit=1))[0]] == ["a1"]
    items, _ = await page(officer("o", schemes=["sco"]))  # the scheme's officers read
    assert len(items) == 3
    with pytest.raises(Forbidden):
        await page(UZ)
    async with sco.session() as s:
        assert [c["sending_country"] for c in await nominations.visible_lists(s, KZ, CYCLE)] == ["KZ"]
        seen = [c["sending_country"] for c in await nominations.visible_lists(s, ADMIN, CYCLE)]
    assert seen == ["KZ", "RU", "UZ"]  # authorities, the cycle's countries and its pool's


async def _round(db) -> dict[str, str]:
    runner = rounds.RoundRunner(db)
    queued = await runner.start(CYCLE, 7, "o-sco")
    await runner.tasks[queued.id]
    async with db.session() as s:
        assert (await s.get(Round, queued.id)).status == "completed"
        return {m.application_id: m.programme_id for m in (await s.scalars(select(Match))).all()}


async def test_a_round_places_nominees_only(sco):
    await save(sco, KZ, nominees=["a3"], reserve=["a1", "a2"])  # a1 and a2 have higher grades
    assert await _round(sco) == {"a3": "ir"}  # a4 (UZ) has no nomination either


async def test_a_programme_the_host_rejected_is_not_proposed_again(sco):
    await save(sco, KZ, nominees=["a1"])
    async with sco.session() as s, s.begin():
        (await s.get(Scheme, "sco")).path = ["matching", "review", "admission", "answer"]  # no nomination
        s.add(
            Match(
                id="m-old",
                round_id="r0",
                cycle_id=CYCLE,
                scheme_id="sco",
                application_id="a1",
                applicant_id="stu-a1",
                programme_id="ir",
                host_institution_id="lzu",
                rank=1,
                status=MatchStatus.HOST_REJECTED,
            )
        )
        s.add(AdmissionDecision(match_id="m-old", version=1, decision="admitted", decided_by="p"))
        s.add(
            AdmissionDecision(
                match_id="m-old",
                version=2,
                decision="rejected",
                reason_code="capacity",
                note="no lab space",
                decided_by="p",
            )
        )
    async with sco.session() as s, s.begin():
        job = await rounds.load(s, (await rounds.queue(s, CYCLE, 1, "o")).id)
    assert job.rejected == {"a1": {"ir": "no lab space"}}
    assert set(job.entries) == {"a1", "a2", "a3", "a4", "a5"}  # no nomination stage: everyone competes


async def test_a_nominators_countries_are_kept_from_the_account_event_that_was_stored(db):
    def event(countries):
        return AccountUpserted(
            account_id="hec-1", role="nominator", name="HEC", email="hec@x.org", schemes=["sco"], countries=countries
        )

    newer, older = datetime(2026, 11, 30, 12, tzinfo=UTC), datetime(2026, 11, 30, 11, tzinfo=UTC)
    async with db.session() as s, s.begin():
        for e, at in ((event(["PK", "AF"]), newer), (event(["KZ"]), older)):  # the older arrives late
            await committee.remember_account(s, e, at)
            await nominations.remember_countries(s, e.account_id, e.countries, at)
    async with db.session() as s:
        row = await s.get(StaffAccount, "hec-1")
    assert (row.role, row.countries) == ("nominator", ["AF", "PK"])


async def test_a_country_that_is_no_code_is_refused_and_a_long_reason_is_cut_to_what_is_stored(sco):
    for code in ("KAZ", "XX"):
        with pytest.raises(Invalid) as err:
            await save(sco, ADMIN, nominees=[], country=code)
        assert (err.value.code, err.value.field) == ("nomination.unknown_country", "sending_country")
    # a country the cycle takes no applicants from has no list to save, publish or read
    with pytest.raises(Invalid) as err:
        await save(sco, ADMIN, nominees=[], country="CN")
    assert (err.value.code, err.value.context["countries"]) == ("nomination.country_not_sending", "KZ, UZ")
    async with sco.session() as s:
        with pytest.raises(Invalid):
            await nominations.visible_summary(s, ADMIN, CYCLE, "CN")
    await save(sco, KZ, nominees=["a1"], reserve=["a2"])
    async with sco.session() as s, s.begin():
        await nominations.release(s, "a1", "x" * 2000, "partner-lzu")  # a host's note may be 2000 long
    async with sco.session() as s:
        assert len((await s.get(Nomination, "a1")).reason) == 1000
