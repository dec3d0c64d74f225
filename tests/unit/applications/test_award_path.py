"""The applications service's view of the award path (issue 14): the nominating authority's
decisions and the host's admission move the application and are kept on it, versioned
(an older or redelivered event changes nothing)."""

from __future__ import annotations

import pytest

from services.applications import handlers
from services.applications.api.schemas import ApplicationOut, OfficerApplicationOut
from services.applications.domain.lifecycle import (
    MatchOutcome,
    check_can_withdraw,
    is_newer,
    status_after_match_event,
    status_after_nomination,
)
from shared.events.catalog import (
    AdmissionDecided,
    AdmissionRequested,
    ApplicationStatus,
    MatchApproved,
    MatchProposed,
    NominationDecided,
    NominationState,
)

from .test_service import (
    CYCLE,
    SCHEME,
    Db,
    Ref,
    db,  # noqa: F401 - the fake database fixture, given to the tests as `store`
    draft,
    offer_base,
    submitted,
)

HEC = "Higher Education Commission (HEC)"


@pytest.fixture
def store(request) -> Db:
    return request.getfixturevalue("db")


S = ApplicationStatus


# --- the rules ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status,state,after",
    [
        ("submitted", "nominated", "nominated"),
        ("submitted", "reserve", "reserve"),
        ("submitted", "not_nominated", "not_nominated"),
        ("nominated", "withdrawn", "not_nominated"),
        ("reserve", "nominated", "nominated"),  # moved up
        ("waitlisted", "withdrawn", "not_nominated"),
        ("waitlisted", "nominated", None),  # still a nominee: the round's outcome says more
        ("unmatched", "nominated", None),
        # a round's proposal, not yet reviewed: off the list, matching voids it
        ("under_review", "withdrawn", "not_nominated"),
        ("under_review", "reserve", "reserve"),
        ("under_review", "nominated", None),  # still a nominee: the proposal stands
        ("with_host", "withdrawn", None),
        ("not_admitted", "withdrawn", None),  # the host's rejection withdrew it: not admitted it stays
        ("offered", "withdrawn", None),
        ("withdrawn", "nominated", None),
        ("draft", "nominated", None),
    ],
)
def test_where_a_nomination_moves_the_application(status, state, after):
    assert status_after_nomination(status, NominationState(state)) == after


def test_newer_versions_only():
    assert is_newer(None, 1)
    assert is_newer({"version": 1}, 2) and not is_newer({"version": 2}, 2) and not is_newer({"version": 3}, 2)
    # an admission record is per match: another match's decisions start again at 1
    assert is_newer({"match_id": "m-1", "version": 2}, 1, match_id="m-2")
    assert not is_newer({"match_id": "m-1", "version": 2}, 1, match_id="m-1")


def test_the_host_stage_in_the_lifecycle():
    assert status_after_match_event("under_review", MatchOutcome.WITH_HOST) == S.WITH_HOST
    assert status_after_match_event("with_host", MatchOutcome.APPROVED) == S.OFFERED
    assert status_after_match_event("with_host", MatchOutcome.NOT_ADMITTED) == S.NOT_ADMITTED
    assert status_after_match_event("offered", MatchOutcome.NOT_ADMITTED) == S.NOT_ADMITTED  # change of mind
    # the rejection overtook the acceptance: matching found no offer to accept any more
    assert status_after_match_event("accepted", MatchOutcome.NOT_ADMITTED) == S.NOT_ADMITTED
    assert status_after_match_event("declined", MatchOutcome.NOT_ADMITTED) is None
    assert status_after_match_event("withdrawn", MatchOutcome.WITH_HOST) is None
    # a nominee is placed by a round; a host's rejection leaves the other choices to the next
    assert status_after_match_event("nominated", MatchOutcome.PROPOSED) == S.UNDER_REVIEW
    assert status_after_match_event("not_admitted", MatchOutcome.PROPOSED) == S.UNDER_REVIEW
    assert status_after_match_event("reserve", MatchOutcome.PROPOSED) is None
    for status in ("nominated", "reserve", "not_nominated", "with_host", "not_admitted"):
        check_can_withdraw(status)


# --- the handlers -------------------------------------------------------------------------------


def nomination(ref: Ref, state: str, version: int, **extra) -> NominationDecided:
    return NominationDecided(
        application_id=ref.id,
        applicant_id=ref.applicant_id,
        cycle_id=CYCLE,
        scheme_id=SCHEME,
        sending_country="KZ",
        state=NominationState(state),
        authority=HEC,
        version=version,
        **extra,
    )


def decided(ref: Ref, decision: str, version: int, match_id: str = "m-1", **extra) -> AdmissionDecided:
    return AdmissionDecided(**offer_base(ref, match_id=match_id, decision=decision, version=version, **extra))


async def applied(store: Db) -> Ref:
    ref = await draft(store, ["easy"])
    await submitted(store, ref)
    return ref


async def test_a_nomination_is_kept_and_an_older_version_ignored(store):
    ref = await applied(store)
    async with store.tx() as s:
        await handlers.on_nomination_decided(s, nomination(ref, "reserve", 1, position=3), None)
    got = await store.get(ref.id)
    assert got.status == "reserve" and got.nomination["position"] == 3 and got.history[-1]["reason"] == "#3"
    assert got.history[-1]["details"][0]["code"] == "nomination.reserve_position"
    async with store.tx() as s:
        await handlers.on_nomination_decided(s, nomination(ref, "nominated", 2, position=2, promoted=True), None)
        await handlers.on_nomination_decided(s, nomination(ref, "reserve", 1, position=3), None)  # late
    got = await store.get(ref.id)
    assert got.status == "nominated" and got.nomination["promoted"] is True and got.nomination["version"] == 2
    out = ApplicationOut.of(got).model_dump()
    assert out["nomination"] == {
        "state": "nominated",
        "position": 2,
        "reason": None,
        "authority": HEC,
        "promoted": True,
    }
    assert out["admission"] is None
    lines = [h["status"] for h in got.history]
    assert lines == ["draft", "submitted", "reserve", "nominated"]  # the late reserve added nothing


async def test_not_nominated_carries_the_authoritys_reason(store):
    ref = await applied(store)
    async with store.tx() as s:
        await handlers.on_nomination_decided(s, nomination(ref, "not_nominated", 1, reason="HSK 3 only"), None)
        await handlers.on_nomination_decided(s, nomination(ref, "not_nominated", 1, reason="HSK 3 only"), None)
    got = await store.get(ref.id)
    assert got.status == "not_nominated" and got.history[-1]["reason"] == "HSK 3 only"
    assert [h["status"] for h in got.history].count("not_nominated") == 1
    assert OfficerApplicationOut.of(got).nomination.reason == "HSK 3 only"


async def test_the_chain_to_the_host_and_its_change_of_mind(store):
    ref = await applied(store)
    async with store.tx() as s:
        await handlers.on_nomination_decided(s, nomination(ref, "nominated", 1, position=1), None)
        await handlers.on_match_proposed(s, MatchProposed(**offer_base(ref, match_id="m-1")), None)
        await handlers.on_admission_requested(s, AdmissionRequested(**offer_base(ref, match_id="m-1")), None)
    got = await store.get(ref.id)
    assert got.status == "with_host" and got.match_id == "m-1" and got.admission is None
    assert got.offered_programme_id is None and got.history[-1]["reason"] == "easy"
    # the applicant's page names the host that decides now
    assert ApplicationOut.of(got).host_institution_id == offer_base(ref)["host_institution_id"]
    async with store.tx() as s:
        await handlers.on_admission_decided(s, decided(ref, "admitted", 1, note="Welcome"), None)
    got = await store.get(ref.id)
    assert got.status == "with_host"  # the offer (match.approved) follows
    assert ApplicationOut.of(got).admission.model_dump() == {
        "decision": "admitted",
        "reason_code": None,
        "note": "Welcome",
    }
    async with store.tx() as s:
        await handlers.on_match_approved(s, MatchApproved(**offer_base(ref, match_id="m-1")), None)
    assert (await store.get(ref.id)).status == "offered"
    async with store.tx() as s:  # the host changes its mind before the applicant answers
        await handlers.on_admission_decided(
            s, decided(ref, "rejected", 2, reason_code="health", note="medical report missing"), None
        )
        await handlers.on_admission_decided(s, decided(ref, "admitted", 1, note="Welcome"), None)  # redelivered
        await handlers.on_admission_decided(s, decided(ref, "admitted", 1, match_id="m-0"), None)  # another match
        # the host's rejection withdrew the nominee: the record says so, the status stays
        await handlers.on_nomination_decided(s, nomination(ref, "withdrawn", 2, reason="medical report missing"), None)
    got = await store.get(ref.id)
    assert got.status == "not_admitted" and got.offered_programme_id is None and got.offer_reply_by is None
    assert got.admission == {
        "match_id": "m-1",
        "decision": "rejected",
        "reason_code": "health",
        "note": "medical report missing",
        "version": 2,
    }
    assert got.nomination["state"] == "withdrawn"
    assert got.history[-1]["reason"] == "medical report missing"
    assert got.history[-1]["details"][0]["code"] == "admission.health"
    assert "health" in got.history[-1]["internal_reason"]
    assert [h["status"] for h in got.history][-3:] == ["with_host", "offered", "not_admitted"]


async def test_a_decision_about_another_application_or_match_is_ignored(store):
    ref = await applied(store)
    async with store.tx() as s:
        await handlers.on_match_proposed(s, MatchProposed(**offer_base(ref, match_id="m-2")), None)
        await handlers.on_admission_decided(
            s, decided(ref, "rejected", 1, match_id="m-1", reason_code="capacity"), None
        )
        await handlers.on_admission_decided(s, decided(Ref("other", "x"), "admitted", 1), None)
        await handlers.on_nomination_decided(s, nomination(Ref("other", "x"), "nominated", 1), None)
    got = await store.get(ref.id)
    assert got.status == "under_review" and got.admission is None
