"""Messages about an application over the API (issue 16), real PostgreSQL and Kafka: an officer
in scope writes to the applicant (one application.message_sent on Kafka), the applicant reads
the thread and replies, the officer sees the reply; another applicant and an officer out of
scope are refused; bad input is a 422 on ``body`` and stores nothing."""

from __future__ import annotations

from shared.principal import Role
from tests.support.accounts import staff_headers
from tests.support.flows import create_draft, register, submit


async def test_an_officer_writes_the_applicant_reads_and_replies(service, catalog, events):
    c = service.client
    who = await register(c)
    draft = await create_draft(c, who, catalog, choices=[catalog.student_programmes[1]])
    app_id = draft["id"]
    admin = await service.admin_headers()
    officer = await staff_headers(c, admin, Role.OFFICER, schemes=[catalog.scheme_id])
    stranger = await staff_headers(c, admin, Role.OFFICER, schemes=["some-other-scheme"])
    officer_path, own_path = f"/officer/applications/{app_id}/messages", f"/applications/{app_id}/messages"

    # a draft: officers do not see it; the applicant has nobody to write to yet
    assert (await c.post(officer_path, headers=officer, json={"body": "Hello"})).status_code == 404
    r = await c.post(own_path, headers=who.headers, json={"body": "Hello"})
    assert r.status_code == 409 and r.json()["code"] == "message.application_draft"
    assert (await submit(c, who, app_id)).status_code == 200

    # bad input: a 422 naming the field, and nothing stored
    for bad in ({"body": "   "}, {"body": "x" * 5001}, {}, {"body": "ok", "extra": 1}):
        r = await c.post(officer_path, headers=officer, json=bad)
        assert r.status_code == 422, bad
        assert r.json()["status"] == 422 and r.json()["errors"][0]["field"] in ("body", "extra"), r.json()
    r = await c.post(officer_path, headers=officer, json={"body": " \n "})
    assert r.json()["code"] == "message.body_empty" and r.json()["errors"][0]["field"] == "body"
    assert (await c.get(officer_path, headers=officer)).json()["total"] == 0

    # out of scope: not found, for reading and for writing; the applicant's own route is theirs alone
    assert (await c.get(officer_path, headers=stranger)).status_code == 404
    r = await c.post(officer_path, headers=stranger, json={"body": "Hello"})
    assert r.status_code == 404 and r.json()["code"] == "application.not_in_scope"
    other = await register(c)
    assert (await c.get(own_path, headers=other.headers)).status_code == 404
    assert (await c.post(own_path, headers=other.headers, json={"body": "Hello"})).status_code == 404
    assert (await c.get(officer_path, headers=who.headers)).status_code == 403  # an applicant is no reviewer

    body = "Dear applicant,\nplease bring your original diploma to the interview."
    r = await c.post(officer_path, headers=officer, json={"body": body})
    assert r.status_code == 201, r.text
    sent = r.json()
    assert sent["direction"] == "officer_to_applicant" and sent["body"] == body and sent["author_role"] == "officer"
    [event] = await events.wait(app_id, "message_sent")
    assert event.data["message_id"] == sent["id"] and event.data["body"] == body
    assert event.data["applicant_id"] == who.id and event.data["direction"] == "officer_to_applicant"

    thread = (await c.get(own_path, headers=who.headers)).json()
    assert thread["total"] == 1 and thread["items"][0]["body"] == body
    # a retry with the same Idempotency-Key gets the first answer back: one reply, one event
    retried = {**who.headers, "Idempotency-Key": "reply-1"}
    r = await c.post(own_path, headers=retried, json={"body": "Thank you, I will."})
    assert r.status_code == 201 and r.json()["direction"] == "applicant_to_officer"
    again = await c.post(own_path, headers=retried, json={"body": "Thank you, I will."})
    assert again.status_code == 201 and again.json()["id"] == r.json()["id"]
    assert again.headers["Idempotent-Replayed"] == "true"
    thread = (await c.get(officer_path, headers=officer, params={"limit": 1, "offset": 1})).json()
    assert thread["total"] == 2 and [m["body"] for m in thread["items"]] == ["Thank you, I will."]

    # each message announced once (the reply without its text), and journaled once
    await events.settle(1.0)
    announced = events.of(app_id, "message_sent")
    assert [e.data["direction"] for e in announced] == ["officer_to_applicant", "applicant_to_officer"]
    assert announced[1].data["body"] == ""
    journal = (await c.get(f"/officer/applications/{app_id}/journal", headers=officer)).json()
    assert [e["action"] for e in journal["items"]].count("message.sent") == 2
