"""Endorsement by the home institution (issue 14), the applications service's side: an
application names its home institution (a catalog institution of the sending country;
required to submit under an endorsement stage), the institution's decision (endorsement.decided,
versioned) moves it submitted -> endorsed | not_endorsed and back, an endorsed application goes
on as a submitted one would, and coordinators are staff accounts scoped to home institutions.
Against a fake database (in-memory SQLite)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from services.applications import handlers
from services.applications.api.schemas import ApplicationOut, OfficerApplicationOut
from services.applications.domain.lifecycle import (
    MatchOutcome,
    Window,
    check_can_edit,
    check_can_withdraw,
    check_home_institution,
    check_home_institution_named,
    status_after_endorsement,
    status_after_match_event,
    status_after_nomination,
    waiting_status,
)
from services.applications.models import Account, Applicant, CatalogInstitution, CatalogScheme, infra
from services.applications.service import accounts, applications, officer
from services.applications.service.catalog import Named
from shared.clock import utcnow
from shared.errors import Conflict, Invalid, NotFound
from shared.events.catalog import (
    ApplicationStatus,
    EndorsementDecided,
    EndorsementState,
    MatchApproved,
    MatchProposed,
    MatchRejected,
    NominationState,
    SchemeUpserted,
    Stage,
)
from shared.principal import Principal, Role

from .test_service import (
    CYCLE,
    SCHEME,
    SOURCE,
    Db,
    Ref,
    db,  # noqa: F401 - the fake database fixture, given to the tests as `store`
    offer_base,
    submitted,
)

S = ApplicationStatus
KAZNU = "Al-Farabi Kazakh National University"


@pytest.fixture
def store(request) -> Db:
    return request.getfixturevalue("db")


@pytest.fixture(autouse=True)
async def home_institutions(store: Db) -> None:
    async with store.tx() as s:
        s.add(CatalogInstitution(id="kaznu", name=KAZNU, country="KZ", kind="university"))
        s.add(CatalogInstitution(id="enu", name="L.N. Gumilyov Eurasian National University", country="KZ", kind="u"))
        s.add(CatalogInstitution(id="kemu", name="King Edward Medical University", country="PK", kind="university"))
        # the cycle's scheme: a path with an endorsement stage
        s.add(
            CatalogScheme(
                id=SCHEME,
                name="PK-KZ exchange",
                sponsor="HEC",
                eligible_countries=["KZ"],
                path=["endorsement", "matching", "review", "answer"],
            )
        )


async def new_draft(store: Db, home: str | None = "kaznu", choices: list[str] | None = None) -> Ref:
    who = str(uuid.uuid4())
    async with store.tx() as s:
        s.add(Account(id=who, email=f"{who}@example.kz", password_hash="x", role="applicant", name="Aigerim"))
        s.add(
            Applicant(
                id=who,
                applicant_type="student",
                nationality="KZ",
                home_institution=KAZNU,
                date_of_birth=date(2004, 5, 10),
                preferred_language="ru",
            )
        )
        await s.flush()
        application = await applications.create_draft(
            s,
            who,
            cycle_id=CYCLE,
            choices=choices or ["easy"],
            grade=80.0,
            language_certificates=[],
            statement="",
            home_institution_id=home,
        )
        return Ref(application.id, who)


def decision(ref: Ref, state: str, version: int, **extra) -> EndorsementDecided:
    return EndorsementDecided(
        application_id=ref.id,
        applicant_id=ref.applicant_id,
        cycle_id=CYCLE,
        scheme_id=SCHEME,
        home_institution_id="kaznu",
        institution=KAZNU,
        state=EndorsementState(state),
        version=version,
        **extra,
    )


async def decide(store: Db, *events: EndorsementDecided) -> None:
    async with store.tx() as s:
        for e in events:
            await handlers.on_endorsement_decided(s, e, None)


async def endorsed_application(store: Db) -> Ref:
    ref = await new_draft(store)
    await submitted(store, ref)
    await decide(store, decision(ref, "endorsed", 1))
    return ref


# --- the rules ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status,state,after",
    [
        ("submitted", "endorsed", "endorsed"),
        ("submitted", "not_endorsed", "not_endorsed"),
        ("endorsed", "not_endorsed", "not_endorsed"),  # the institution changes its mind
        ("not_endorsed", "endorsed", "endorsed"),
        ("endorsed", "endorsed", "endorsed"),  # a new cohort: the same status (no new line)
        ("waitlisted", "not_endorsed", "not_endorsed"),  # out of the next round
        ("unmatched", "not_endorsed", "not_endorsed"),
        ("waitlisted", "endorsed", None),  # still endorsed: the round's outcome says more
        ("under_review", "not_endorsed", None),  # placed: only the record changes
        ("offered", "not_endorsed", None),
        ("nominated", "not_endorsed", None),
        ("reserve", "endorsed", None),
        ("withdrawn", "endorsed", None),
        ("accepted", "not_endorsed", None),
        ("draft", "endorsed", None),
    ],
)
def test_where_an_endorsement_moves_the_application(status, state, after):
    assert status_after_endorsement(status, EndorsementState(state)) == after


def test_an_endorsed_application_goes_on_as_a_submitted_one_does():
    for outcome in MatchOutcome:
        assert status_after_match_event("endorsed", outcome) == status_after_match_event("submitted", outcome), outcome
    for state in NominationState:
        assert status_after_nomination("endorsed", state) == status_after_nomination("submitted", state), state
    check_can_withdraw("endorsed")
    assert waiting_status({"state": "endorsed", "version": 2}) == S.ENDORSED
    assert waiting_status({"state": "not_endorsed"}) == waiting_status(None) == S.SUBMITTED


def test_not_endorsed_is_final_for_the_stage_but_withdrawable():
    check_can_withdraw("not_endorsed")
    for outcome in (MatchOutcome.PROPOSED, MatchOutcome.WAITLISTED, MatchOutcome.APPROVED, MatchOutcome.WITH_HOST):
        assert status_after_match_event("not_endorsed", outcome) is None, outcome
    assert status_after_nomination("not_endorsed", NominationState.NOMINATED) is None


def test_an_endorsed_or_not_endorsed_application_is_not_edited():
    now = utcnow()
    window = Window(now - timedelta(days=1), now + timedelta(days=1))
    check_can_edit("submitted", window, now)
    for status in ("endorsed", "not_endorsed"):
        with pytest.raises(Conflict) as refused:
            check_can_edit(status, window, now)
        assert refused.value.code == "application.not_editable"


def test_the_home_institution_rules():
    check_home_institution("kaznu", "KZ", "KZ")
    with pytest.raises(Invalid) as unknown:
        check_home_institution("nowhere", None, "KZ")
    assert (unknown.value.code, unknown.value.field) == ("application.unknown_home_institution", "home_institution_id")
    with pytest.raises(Invalid) as abroad:
        check_home_institution("kemu", "PK", "KZ")
    assert (abroad.value.code, abroad.value.field) == ("application.home_institution_country", "home_institution_id")
    check_home_institution_named(["matching", "review"], None)  # no endorsement stage: optional
    check_home_institution_named([], None)
    check_home_institution_named([Stage.ENDORSEMENT.value, "matching"], "kaznu")
    with pytest.raises(Invalid) as missing:
        check_home_institution_named(["endorsement", "matching"], None)
    assert missing.value.code == "application.home_institution_required"
    assert missing.value.field == "home_institution_id"


# --- naming the home institution -----------------------------------------------------------------


async def test_a_draft_names_a_catalog_institution_of_its_sending_country(store):
    ref = await new_draft(store)
    got = await store.get(ref.id)
    assert got.home_institution_id == "kaznu"
    out = ApplicationOut.of(got, institutions={"kaznu": Named(KAZNU, {"ru": "КазНУ имени аль-Фараби"})})
    assert out.home_institution_id == "kaznu" and out.home_institution_name == KAZNU and out.endorsement is None
    assert out.home_institution_translations == {"ru": "КазНУ имени аль-Фараби"}
    for home, code in [
        ("nowhere", "application.unknown_home_institution"),
        ("kemu", "application.home_institution_country"),
    ]:
        with pytest.raises(Invalid) as refused:
            await new_draft(store, home)
        assert refused.value.code == code and refused.value.field == "home_institution_id"


async def test_under_an_endorsement_stage_a_submit_needs_the_home_institution(store):
    ref = await new_draft(store, None)
    with pytest.raises(Invalid) as refused:
        await submitted(store, ref)
    assert refused.value.code == "application.home_institution_required"
    assert await store.status(ref.id) == "draft" and await store.outbox() == []
    with pytest.raises(Invalid) as abroad:
        async with store.tx() as s:
            await applications.edit(s, infra, ref.applicant_id, ref.id, {"home_institution_id": "kemu"}, source=SOURCE)
    assert abroad.value.code == "application.home_institution_country"
    async with store.tx() as s:
        await applications.edit(s, infra, ref.applicant_id, ref.id, {"home_institution_id": "enu"}, source=SOURCE)
    application = await submitted(store, ref)
    assert application.status == "submitted"
    (event,) = await store.outbox()
    assert "application.submitted" in event.type and event.data["home_institution_id"] == "enu"


async def test_a_submitted_application_changes_its_home_institution_but_keeps_one(store):
    ref = await new_draft(store)
    await submitted(store, ref)
    async with store.tx() as s:
        await applications.edit(s, infra, ref.applicant_id, ref.id, {"home_institution_id": "enu"}, source=SOURCE)
    updated = (await store.outbox())[-1]
    assert "application.updated" in updated.type and updated.data["home_institution_id"] == "enu"
    with pytest.raises(Invalid) as refused:
        async with store.tx() as s:
            await applications.edit(s, infra, ref.applicant_id, ref.id, {"home_institution_id": None}, source=SOURCE)
    assert refused.value.code == "application.home_institution_required"
    assert (await store.get(ref.id)).home_institution_id == "enu"


async def test_without_an_endorsement_stage_the_home_institution_is_optional(store):
    async with store.tx() as s:
        await handlers.on_scheme(
            s,
            SchemeUpserted(scheme_id=SCHEME, name="SCO", sponsor="CSC", eligible_countries=["KZ"], path=[]),
            None,
        )
    ref = await new_draft(store, None)
    assert (await submitted(store, ref)).status == "submitted"
    assert (await store.outbox())[-1].data["home_institution_id"] is None


async def test_the_scheme_event_keeps_the_path(store):
    scheme = SchemeUpserted(
        scheme_id="luban-tj",
        name="Luban Workshop",
        sponsor="TTU",
        eligible_countries=["TJ"],
        path=[Stage.ENDORSEMENT, Stage.MATCHING, Stage.REVIEW, Stage.ANSWER],
    )
    async with store.tx() as s:
        await handlers.on_scheme(s, scheme, None)
    async with store.sessions() as s:
        assert (await s.get(CatalogScheme, "luban-tj")).path == ["endorsement", "matching", "review", "answer"]


# --- endorsement.decided ------------------------------------------------------------------------


async def test_an_endorsement_is_kept_versioned_and_the_status_follows(store):
    ref = await new_draft(store)
    await submitted(store, ref)
    await decide(store, decision(ref, "endorsed", 1, cohort="Luban 2026"))
    got = await store.get(ref.id)
    assert got.status == "endorsed"
    assert got.endorsement == {
        "state": "endorsed",
        "reason": None,
        "cohort": "Luban 2026",
        "institution": KAZNU,
        "version": 1,
    }
    assert got.history[-1]["details"][0]["code"] == "endorsement.endorsed"
    # a change of mind, then the older decision redelivered and the same one again
    late = decision(ref, "endorsed", 1, cohort="Luban 2026")
    again = decision(ref, "not_endorsed", 2, reason="grades too low")
    await decide(store, decision(ref, "not_endorsed", 2, reason="grades too low"), late, again)
    got = await store.get(ref.id)
    assert got.status == "not_endorsed" and got.endorsement["version"] == 2
    assert got.history[-1]["reason"] == "grades too low"
    assert got.history[-1]["details"][0]["text"] == "grades too low"
    assert [h["status"] for h in got.history] == ["draft", "submitted", "endorsed", "not_endorsed"]
    out = ApplicationOut.of(got).model_dump()
    assert out["endorsement"] == {
        "state": "not_endorsed",
        "reason": "grades too low",
        "cohort": None,
        "institution": KAZNU,
        "version": 2,
    }
    assert OfficerApplicationOut.of(got).endorsement.state == "not_endorsed"
    await decide(store, decision(ref, "endorsed", 3, cohort="second cohort"))
    got = await store.get(ref.id)
    assert got.status == "endorsed" and got.endorsement["cohort"] == "second cohort"
    # an application this service does not hold is ignored
    await decide(store, decision(Ref("other", "x"), "endorsed", 1))


async def test_an_endorsed_application_is_placed_rejected_back_to_endorsed_and_then_kept(store):
    ref = await endorsed_application(store)
    async with store.tx() as s:
        await handlers.on_match_proposed(s, MatchProposed(**offer_base(ref, match_id="m-1")), None)
    assert await store.status(ref.id) == "under_review"
    await decide(store, decision(ref, "not_endorsed", 2, reason="too late"))  # placed: only the record
    got = await store.get(ref.id)
    assert got.status == "under_review" and got.endorsement["state"] == "not_endorsed"
    await decide(store, decision(ref, "endorsed", 3))
    async with store.tx() as s:  # officers reject the match: it waits for the next round, endorsed
        await handlers.on_match_rejected(s, MatchRejected(**offer_base(ref, match_id="m-1", reason="visa")), None)
    assert await store.status(ref.id) == "endorsed"
    async with store.tx() as s:
        await handlers.on_match_approved(s, MatchApproved(**offer_base(ref, match_id="m-2")), None)
    assert await store.status(ref.id) == "offered"
    await decide(store, decision(ref, "not_endorsed", 4, reason="changed"))
    assert await store.status(ref.id) == "offered"


async def test_endorsed_and_not_endorsed_applications_are_withdrawn_not_edited(store):
    ref = await endorsed_application(store)
    with pytest.raises(Conflict) as refused:
        async with store.tx() as s:
            await applications.edit(s, infra, ref.applicant_id, ref.id, {"statement": "more"}, source=SOURCE)
    assert refused.value.code == "application.not_editable"
    other = await new_draft(store)
    await submitted(store, other)
    await decide(store, decision(other, "not_endorsed", 1, reason="no"))
    for r in (ref, other):
        async with store.tx() as s:
            withdrawn = await applications.withdraw(s, infra, r.applicant_id, r.id, "elsewhere", source=SOURCE)
        assert withdrawn.status == "withdrawn"
    await decide(store, decision(other, "endorsed", 2))  # too late: withdrawn stays withdrawn
    got = await store.get(other.id)
    assert got.status == "withdrawn" and got.endorsement["state"] == "endorsed"


# --- coordinators -------------------------------------------------------------------------------


async def coordinator(store: Db, **scope):
    async with store.tx() as s:
        return await accounts.create_staff(
            s,
            infra,
            email=f"coord-{uuid.uuid4().hex[:6]}@kaznu.example.kz",
            password_hash="x",
            name="KazNU international office",
            role=Role.COORDINATOR,
            schemes=scope.get("schemes", []),
            institutions=scope.get("institutions", []),
            countries=scope.get("countries", []),
            source=SOURCE,
        )


async def test_a_coordinator_account_is_scoped_to_home_institutions_and_announced(store):
    made = await coordinator(store, schemes=[SCHEME], institutions=["kaznu", "kaznu"])
    assert made.role == "coordinator" and made.institutions == ["kaznu"]
    event = (await store.outbox())[-1]
    assert event.type == "org.corridor.account.upserted.v1" and event.data["role"] == "coordinator"
    assert event.data["institutions"] == ["kaznu"] and event.data["schemes"] == [SCHEME]
    principal = accounts.principal_of(made)
    assert principal.role == Role.COORDINATOR and principal.institutions == ["kaznu"]
    assert Role.COORDINATOR in accounts.STAFF_ROLES
    for scope, code, field in [
        ({"schemes": [SCHEME]}, "account.coordinator_institutions", "institutions"),
        ({"institutions": ["kaznu"], "countries": ["KZ"]}, "account.countries_for_nominators", "countries"),
    ]:
        with pytest.raises(Invalid) as refused:
            await coordinator(store, **scope)
        assert refused.value.code == code and refused.value.field == field
    with pytest.raises(Invalid) as emptied:
        async with store.tx() as s:
            await accounts.update_staff(s, infra, made.id, {"institutions": []}, source=SOURCE)
    assert emptied.value.code == "account.coordinator_institutions"


async def test_a_coordinator_reads_its_own_institutions_applicants_only(store):
    ours = await new_draft(store, "kaznu")
    await submitted(store, ours)
    theirs = await new_draft(store, "enu")
    await submitted(store, theirs)
    drafted = await new_draft(store, "kaznu")
    mine = {ours.id, theirs.id, drafted.id}

    async def seen(**scope) -> set[str]:
        p = Principal(sub="c", role=Role.COORDINATOR, **scope)
        async with store.sessions() as s:
            return {a.id for a in (await s.scalars(officer.scoped_query(p, CYCLE, None))).all()} & mine

    assert await seen(institutions=["kaznu"]) == {ours.id}
    assert await seen(institutions=["kaznu", "enu"]) == {ours.id, theirs.id}
    assert await seen(institutions=["kaznu"], schemes=["other"]) == set()
    assert await seen(institutions=[]) == set()  # no institution: nobody's applicants
    async with store.sessions() as s:
        p = Principal(sub="c", role=Role.COORDINATOR, institutions=["kaznu"])
        assert (await officer.scoped_application(s, p, ours.id)).id == ours.id
        for other in (theirs.id, drafted.id):
            with pytest.raises(NotFound):
                await officer.scoped_application(s, p, other)
