"""Draft -> submit -> edit -> match outcomes -> offer answer; windows, limits, idempotency."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from shared.events.catalog import (
    ApplicationUnmatched,
    ApplicationWaitlisted,
    ChoiceReason,
    CycleUpserted,
    MatchApproved,
    MatchConfirmed,
    MatchProposed,
    MatchRejected,
    Requirements,
    WaitlistPosition,
)
from tests.support.events import publish
from tests.support.flows import (
    application_body,
    create_draft,
    demo_catalog,
    register,
    register_and_submit,
    submit,
    uid,
    wait_for_catalog,
)
from tests.support.infra import wait_for


async def test_submit_emits_the_catalogued_payload(service, catalog, events):
    who, app = await register_and_submit(service.client, catalog)
    assert app["status"] == "submitted" and [h["status"] for h in app["history"]] == ["draft", "submitted"]
    (env,) = await events.wait(app["id"], "application.submitted")
    d = env.data
    assert d["application_id"] == app["id"] and d["applicant_id"] == who.id and d["cycle_id"] == catalog.cycle_id
    assert d["scheme_id"] == catalog.scheme_id and d["sending_country"] == "KZ" and d["applicant_type"] == "student"
    assert d["choices"] == catalog.student_programmes and d["grade"] == 88.5
    assert d["language_certificates"] == [{"kind": "HSK", "level": 5.0}]
    assert d["preferred_language"] == "ru"
    # no personal data a consumer does not need: the name and address travel in applicant events only
    assert "email" not in d and "name" not in d and who.email not in str(d)
    assert "date_of_birth" not in d and "statement" not in d and "documents" not in d
    assert env.key == app["id"]


async def test_submit_retry_with_the_same_key_returns_the_first_answer_and_no_second_event(service, catalog, events):
    who = await register(service.client)
    draft = await create_draft(service.client, who, catalog)
    key = uid("submit")
    first = await submit(service.client, who, draft["id"], key=key)
    again = await submit(service.client, who, draft["id"], key=key)
    assert first.status_code == again.status_code == 200
    assert again.content == first.content and again.headers["Idempotent-Replayed"] == "true"
    # without the key the second submit is refused: it is not a draft any more
    plain = await submit(service.client, who, draft["id"])
    assert plain.status_code == 409 and plain.json()["errors"][0]["field"] == "status"
    assert plain.json()["code"] == "application.not_draft"
    # the same key for another request is refused
    other = await service.client.post(
        f"/applications/{draft['id']}/withdraw", headers={**who.headers, "Idempotency-Key": key}
    )
    assert other.status_code == 422 and other.json()["errors"][0]["field"] == "Idempotency-Key"
    assert "different request" in other.json()["errors"][0]["reason"]
    await events.wait(draft["id"], "application.submitted")
    await events.settle(1.5)
    assert len(events.of(draft["id"], "application.submitted")) == 1


async def test_concurrent_retries_with_one_key_submit_once(service, catalog, events):
    import asyncio

    who = await register(service.client)
    draft = await create_draft(service.client, who, catalog)
    key = uid("race")
    answers = await asyncio.gather(*(submit(service.client, who, draft["id"], key=key) for _ in range(5)))
    assert {r.status_code for r in answers} == {200} and len({r.content for r in answers}) == 1
    await events.wait(draft["id"], "application.submitted")
    await events.settle(1.0)
    assert len(events.of(draft["id"], "application.submitted")) == 1


async def test_bad_idempotency_key_is_named(service, catalog):
    who = await register(service.client)
    draft = await create_draft(service.client, who, catalog)
    r = await service.client.post(
        f"/applications/{draft['id']}/submit", headers={**who.headers, "Idempotency-Key": "has spaces in it"}
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "Idempotency-Key"


async def test_choice_rules(service, catalog):
    who = await register(service.client)
    c = service.client
    other = demo_catalog()
    await publish(service.bootstrap, *other.events)
    await wait_for_catalog(c, other)
    body = application_body(
        catalog, choices=[*catalog.student_programmes, catalog.faculty_programme, other.student_programmes[0]]
    )
    r = await c.post("/applications", json=body, headers=who.headers)
    assert r.status_code == 422
    assert r.json()["code"] == "application.invalid_choices"
    fields = {d["field"]: d["reason"] for d in r.json()["errors"]}
    assert fields["choices"] == "at most 3 choices in this cycle; got 4"
    assert "faculty" in fields["choices.2"] and other.cycle_id in fields["choices.3"]
    r = await c.post("/applications", json=application_body(catalog, cycle_id="no-such-cycle"), headers=who.headers)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "cycle_id"


async def test_one_active_application_per_cycle(service, catalog):
    who = await register(service.client)
    first = await create_draft(service.client, who, catalog)
    r = await service.client.post("/applications", json=application_body(catalog), headers=who.headers)
    assert r.status_code == 409 and r.json()["errors"][0]["field"] == "cycle_id"
    assert r.json()["errors"][0]["application_id"] == first["id"] and r.json()["code"] == "application.already_active"
    w = await service.client.post(f"/applications/{first['id']}/withdraw", headers=who.headers)
    assert w.status_code == 200 and w.json()["status"] == "withdrawn"
    assert (
        await service.client.post("/applications", json=application_body(catalog), headers=who.headers)
    ).status_code == 201


async def test_edit_after_submit_emits_updated_and_the_closed_window_refuses(service, events):
    t = datetime.now(UTC)
    cat = demo_catalog(closes_at=t + timedelta(seconds=6))
    await publish(service.bootstrap, *cat.events)
    await wait_for_catalog(service.client, cat)
    who, app = await register_and_submit(service.client, cat)
    r = await service.client.patch(
        f"/applications/{app['id']}", json={"choices": [cat.student_programmes[1]], "grade": 91}, headers=who.headers
    )
    assert r.status_code == 200, r.text
    (env,) = await events.wait(app["id"], "application.updated")
    assert env.data["choices"] == [cat.student_programmes[1]] and env.data["grade"] == 91

    async def closed():
        return (await service.client.get(f"/cycles/{cat.cycle_id}")).json()["window"] == "closed"

    await wait_for(closed, timeout=15, what="window closed")
    r = await service.client.patch(f"/applications/{app['id']}", json={"grade": 99}, headers=who.headers)
    assert r.status_code == 409
    detail = r.json()["errors"][0]
    assert detail["field"] == "cycle_id" and "closed" in detail["reason"]
    assert detail["closes_at"] == cat.cycle.closes_at.isoformat()
    assert cat.cycle.closes_at.isoformat() in detail["reason"]
    got = (await service.client.get(f"/applications/{app['id']}", headers=who.headers)).json()
    assert got["grade"] == 91  # nothing changed


async def test_ineligible_choices_refuse_the_submit_with_a_reason_each(service, catalog):
    who = await register(service.client, date_of_birth="1980-01-01")
    draft = await create_draft(
        service.client, who, catalog, grade=65, language_certificates=[{"kind": "HSK", "level": 3}]
    )
    preview = (await service.client.get(f"/applications/{draft['id']}/eligibility", headers=who.headers)).json()
    assert preview["eligible"] is False
    first, second = preview["choices"]
    assert first["eligible"] is False and second["eligible"] is True
    assert set(first["reasons"]) == {
        "grade 65 below required 70",
        "HSK 3 below required 4",
        f"age {first['reasons'][2].split()[1]} on {catalog.cycle.starts_on.isoformat()} is above the limit of 35",
    }
    r = await submit(service.client, who, draft["id"])
    assert r.status_code == 422
    assert r.json()["code"] == "application.not_eligible"
    (detail,) = r.json()["errors"]
    assert detail["field"] == "choices.0" and detail["programme_id"] == catalog.student_programmes[0]
    assert len(detail["reasons"]) == 3
    assert (await service.client.get(f"/applications/{draft['id']}", headers=who.headers)).json()["status"] == "draft"
    # dropping the ineligible choice is the applicant's decision, then it goes through
    r = await service.client.patch(
        f"/applications/{draft['id']}", json={"choices": [catalog.student_programmes[1]]}, headers=who.headers
    )
    assert r.status_code == 200
    assert (await submit(service.client, who, draft["id"])).status_code == 200


async def test_match_outcomes_drive_the_status_and_the_offer(service, catalog, events):
    who, app = await register_and_submit(service.client, catalog)
    aid, c = app["id"], service.client
    base = dict(
        round_id=uid("round"),
        application_id=aid,
        applicant_id=who.id,
        cycle_id=catalog.cycle_id,
        host_institution_id=catalog.institution_id,
    )
    pid = catalog.student_programmes[0]

    async def status_is(expected):
        async def check():
            got = (await c.get(f"/applications/{aid}", headers=who.headers)).json()
            return got if got["status"] == expected else None

        return await wait_for(check, what=f"status {expected}")

    # no offer to answer yet
    assert (await c.post(f"/applications/{aid}/offer/accept", headers=who.headers)).status_code == 409

    await publish(
        service.bootstrap,
        ApplicationWaitlisted(
            round_id=base["round_id"],
            application_id=aid,
            applicant_id=who.id,
            cycle_id=catalog.cycle_id,
            positions=[WaitlistPosition(programme_id=pid, position=3)],
        ),
    )
    await status_is("waitlisted")
    await publish(service.bootstrap, MatchProposed(match_id="m1-" + aid, programme_id=pid, rank=1, **base))
    got = await status_is("under_review")  # a proposal is not announced: no programme named
    last = got["history"][-1]
    # nothing about the programme, by text or by code, and no officer's note
    assert last == {"status": "under_review", "at": last["at"], "reason": "under review", "details": []}
    admin = await service.admin_headers()
    officer_view = (await c.get(f"/officer/applications/{aid}", headers=admin)).json()
    assert officer_view["history"][-1]["internal_reason"] == f"proposed: {pid} (choice 1)"
    await publish(
        service.bootstrap,
        MatchRejected(
            match_id="m1-" + aid,
            programme_id=pid,
            rank=1,
            reason="documents incomplete",
            message_to_applicant="Please upload a certified transcript.",
            **base,
        ),
    )
    got = await status_is("submitted")
    assert got["match_id"] is None and got["history"][-1]["reason"] == "Please upload a certified transcript."
    assert "documents incomplete" not in str(got)  # the officer's own reason stays internal
    officer_view = (await c.get(f"/officer/applications/{aid}", headers=admin)).json()
    assert officer_view["history"][-1]["internal_reason"] == "match rejected: documents incomplete"
    await publish(
        service.bootstrap,
        MatchProposed(match_id="m2-" + aid, programme_id=pid, rank=1, **base),
        MatchApproved(match_id="m2-" + aid, programme_id=pid, rank=1, **base),
    )
    got = await status_is("offered")
    assert got["match_id"] == "m2-" + aid and got["offered_programme_id"] == pid

    # an applicant can no longer withdraw-and-edit: only answer, once
    assert (await c.patch(f"/applications/{aid}", json={"grade": 50}, headers=who.headers)).status_code == 409
    r = await c.post(f"/applications/{aid}/offer/accept", headers={**who.headers, "Idempotency-Key": uid("acc")})
    assert r.status_code == 200 and r.json()["status"] == "accepted"
    (env,) = await events.wait(aid, "application.offer_accepted")
    assert env.data == {
        "application_id": aid,
        "applicant_id": who.id,
        "cycle_id": catalog.cycle_id,
        "match_id": "m2-" + aid,
        "programme_id": pid,
    }
    assert (await c.post(f"/applications/{aid}/offer/decline", headers=who.headers)).status_code == 409
    await publish(service.bootstrap, MatchConfirmed(match_id="m2-" + aid, programme_id=pid, rank=1, **base))

    # the confirmation changes nothing the applicant sees: no second "accepted" (give it time)
    await asyncio.sleep(2)
    statuses = [h["status"] for h in (await c.get(f"/applications/{aid}", headers=who.headers)).json()["history"]]
    assert statuses == [
        "draft",
        "submitted",
        "waitlisted",
        "under_review",
        "submitted",
        "under_review",
        "offered",
        "accepted",
    ]
    # the place given up (a visa refused): withdrawn and announced, so the seat goes back
    r = await c.post(f"/applications/{aid}/withdraw", json={"reason": "visa refused"}, headers=who.headers)
    assert r.status_code == 200 and r.json()["status"] == "withdrawn", r.text
    (gone,) = await events.wait(aid, "application.withdrawn")
    assert gone.data["reason"] == "visa refused"
    again = await c.post(f"/applications/{aid}/withdraw", json={}, headers=who.headers)
    assert again.status_code == 409 and again.json()["code"] == "application.not_withdrawable"


async def test_a_cycle_without_countries_takes_its_schemes_at_submit(service):
    cat = demo_catalog(eligible_countries=("UZ", "KZ", "KG", "TJ"))
    cat.events = [
        e.model_copy(update={"eligible_countries": []}) if isinstance(e, CycleUpserted) else e for e in cat.events
    ]
    await publish(service.bootstrap, *cat.events)
    await wait_for_catalog(service.client, cat)
    who = await register(service.client, nationality="CN")
    draft = await create_draft(service.client, who, cat)
    nationality = "nationality CN is not eligible in this cycle (eligible: UZ, KZ, KG, TJ)"
    preview = (await service.client.get(f"/applications/{draft['id']}/eligibility", headers=who.headers)).json()
    assert [nationality in c["reasons"] for c in preview["choices"]] == [True, True]
    r = await submit(service.client, who, draft["id"])
    assert r.status_code == 422 and r.json()["code"] == "application.not_eligible"
    assert all(nationality in e["reasons"] for e in r.json()["errors"])


async def test_decline_unmatched_and_withdrawn_ignore_late_offers(service, catalog, events):
    c = service.client
    who, app = await register_and_submit(service.client, catalog)
    aid = app["id"]
    base = dict(
        round_id=uid("round"),
        application_id=aid,
        applicant_id=who.id,
        cycle_id=catalog.cycle_id,
        host_institution_id=catalog.institution_id,
        programme_id=catalog.student_programmes[1],
        rank=2,
    )
    await publish(
        service.bootstrap,
        ApplicationUnmatched(
            round_id=base["round_id"],
            application_id=aid,
            applicant_id=who.id,
            cycle_id=catalog.cycle_id,
            reasons=[ChoiceReason(programme_id=catalog.student_programmes[0], reason="programme full")],
        ),
    )

    async def status(expected):
        async def check():
            return (await c.get(f"/applications/{aid}", headers=who.headers)).json()["status"] == expected

        await wait_for(check, what=expected)

    await status("unmatched")
    await publish(service.bootstrap, MatchApproved(match_id="m-" + aid, **base))
    await status("offered")
    r = await c.post(f"/applications/{aid}/offer/decline", headers=who.headers)
    assert r.status_code == 200 and r.json()["status"] == "declined"
    (env,) = await events.wait(aid, "application.offer_declined")
    assert env.data["match_id"] == "m-" + aid

    # a withdrawn application ignores offers that arrive late
    who2, app2 = await register_and_submit(service.client, catalog)
    w = await c.post(
        f"/applications/{app2['id']}/withdraw", json={"reason": "accepted elsewhere"}, headers=who2.headers
    )
    assert w.status_code == 200
    (wenv,) = await events.wait(app2["id"], "application.withdrawn")
    assert wenv.data["reason"] == "accepted elsewhere"
    await publish(
        service.bootstrap,
        MatchApproved(match_id="late", **{**base, "application_id": app2["id"], "applicant_id": who2.id}),
    )
    await events.settle(1.5)
    assert (await c.get(f"/applications/{app2['id']}", headers=who2.headers)).json()["status"] == "withdrawn"


async def test_my_applications_are_paginated_with_history(service):
    cats = [demo_catalog(requirements=Requirements()) for _ in range(3)]
    await publish(service.bootstrap, *[e for cat in cats for e in cat.events])
    for cat in cats:
        await wait_for_catalog(service.client, cat)
    who = await register(service.client)
    ids = [(await create_draft(service.client, who, cat))["id"] for cat in cats]
    page = (await service.client.get("/applications", params={"limit": 2}, headers=who.headers)).json()
    assert page["total"] == 3 and len(page["items"]) == 2 and page["items"][0]["id"] == ids[-1]
    rest = (await service.client.get("/applications", params={"limit": 2, "offset": 2}, headers=who.headers)).json()
    assert [a["id"] for a in rest["items"]] == [ids[0]] and rest["items"][0]["history"][0]["status"] == "draft"
    r = await service.client.get("/applications", params={"limit": 1000}, headers=who.headers)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "limit"


async def test_an_edit_over_a_change_made_since_it_was_read_is_refused_with_if_match(service, catalog):
    """Two tabs read the draft (the same ETag); the first saves its statement; the second,
    sending the ETag it read as If-Match, is refused (412 application.changed) and the first's
    text stays. With the new ETag, or without If-Match, the edit goes through."""
    c = service.client
    who = await register(c)
    draft = await create_draft(c, who, catalog)
    read = await c.get(f"/applications/{draft['id']}", headers=who.headers)
    tag = read.headers["ETag"]
    assert read.json()["etag"] == tag

    first = await c.patch(
        f"/applications/{draft['id']}", json={"statement": "from tab one"}, headers={**who.headers, "If-Match": tag}
    )
    assert first.status_code == 200, first.text
    assert first.headers["ETag"] != tag and first.json()["etag"] == first.headers["ETag"]
    second = await c.patch(
        f"/applications/{draft['id']}", json={"statement": "from tab two"}, headers={**who.headers, "If-Match": tag}
    )
    assert second.status_code == 412, second.text
    assert second.json()["code"] == "application.changed" and second.json()["errors"][0]["field"] == "If-Match"
    assert (await c.get(f"/applications/{draft['id']}", headers=who.headers)).json()["statement"] == "from tab one"
    for header in ({"If-Match": "not-a-tag"}, {"If-Match": '"20200101T000000.000000Z"'}):
        refused = await c.patch(f"/applications/{draft['id']}", json={"grade": 80}, headers={**who.headers, **header})
        assert refused.status_code == 412, refused.text

    again = await c.patch(
        f"/applications/{draft['id']}",
        json={"statement": "from tab two, read again"},
        headers={**who.headers, "If-Match": first.headers["ETag"]},
    )
    assert again.status_code == 200 and again.json()["statement"] == "from tab two, read again"
    current = again.headers["ETag"]
    weak = await c.patch(
        f"/applications/{draft['id']}", json={"grade": 70}, headers={**who.headers, "If-Match": f"W/{current}"}
    )
    assert weak.status_code == 412  # If-Match compares strongly: a weak tag matches nothing
    listed = await c.patch(
        f"/applications/{draft['id']}", json={"grade": 71}, headers={**who.headers, "If-Match": f"{tag}, {current}"}
    )
    assert listed.status_code == 200, listed.text  # any tag of a list
    plain = await c.patch(f"/applications/{draft['id']}", json={"statement": "no condition"}, headers=who.headers)
    assert plain.status_code == 200 and plain.json()["statement"] == "no condition"


async def test_the_applicant_type_changes_only_while_no_application_is_live(service, catalog):
    """Registered as a student by mistake: changed to faculty at once; with a draft (made as
    faculty) it cannot change back (409 profile.applicant_type_in_use, field applicant_type)
    until the draft is withdrawn."""
    c = service.client
    who = await register(c)
    r = await c.patch("/me", json={"applicant_type": "faculty"}, headers=who.headers)
    assert r.status_code == 200 and r.json()["applicant_type"] == "faculty", r.text
    draft = await create_draft(c, who, catalog, choices=[catalog.faculty_programme])
    r = await c.patch("/me", json={"applicant_type": "student"}, headers=who.headers)
    assert r.status_code == 409, r.text
    error = r.json()["errors"][0]
    assert r.json()["code"] == "profile.applicant_type_in_use" and error["field"] == "applicant_type"
    assert error["applications"] == 1
    assert (await c.get("/me", headers=who.headers)).json()["applicant_type"] == "faculty"
    assert (await c.patch("/me", json={"applicant_type": "faculty"}, headers=who.headers)).status_code == 200
    assert (await c.post(f"/applications/{draft['id']}/withdraw", headers=who.headers)).status_code == 200
    r = await c.patch("/me", json={"applicant_type": "student"}, headers=who.headers)
    assert r.status_code == 200 and r.json()["applicant_type"] == "student"


async def test_nationality_and_date_of_birth_are_corrected_until_an_application_is_submitted(service, catalog):
    """Mistyped at registration, they could never be changed: an applicant whose typo made
    them too old could not submit, so never reached the messages where the office corrects
    it. The applicant corrects them until an application is submitted; a draft follows."""
    c = service.client
    who = await register(c, nationality="UZ", date_of_birth="1960-01-01")
    draft = await create_draft(c, who, catalog)
    assert draft["sending_country"] == "UZ"
    born = (datetime.now(UTC).date() - timedelta(days=365 * 21)).isoformat()
    r = await c.patch("/me", json={"nationality": "KZ", "date_of_birth": born}, headers=who.headers)
    assert r.status_code == 200, r.text
    assert (r.json()["nationality"], r.json()["date_of_birth"]) == ("KZ", born)
    draft = (await c.get(f"/applications/{draft['id']}", headers=who.headers)).json()
    assert draft["sending_country"] == "KZ"  # the draft is sent from the corrected country
    r = await c.patch("/me", json={"date_of_birth": "2999-01-01"}, headers=who.headers)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "date_of_birth"

    assert (await submit(c, who, draft["id"])).status_code == 200
    for body, field in (({"nationality": "UZ"}, "nationality"), ({"date_of_birth": "2001-02-03"}, "date_of_birth")):
        r = await c.patch("/me", json=body, headers=who.headers)
        assert r.status_code == 409, r.text
        assert r.json()["code"] == "profile.facts_in_use" and r.json()["errors"][0]["field"] == field
    me = (await c.get("/me", headers=who.headers)).json()
    assert (me["nationality"], me["date_of_birth"]) == ("KZ", born)  # nothing changed
    same = await c.patch("/me", json={"nationality": "KZ", "name": "Aigerim N."}, headers=who.headers)
    assert same.status_code == 200  # the facts as they are, sent with the rest of the form: no refusal
