"""An applicant proves the e-mail address from its mailbox before submitting (real PostgreSQL
and Kafka, APPLICATIONS_EMAIL_VERIFICATION on): anyone could register with another person's
address, and that person then got the notices and the referees' requests made in their name.
Drafts are free; the submit waits for the link sent at registration (or a new one, which ends
the earlier), or for an admin who confirmed the address otherwise."""

from __future__ import annotations

import pytest

from tests.support.flows import create_draft, login, register, registration_body, submit
from tests.support.infra import wait_for
from tests.support.mail import link_token


@pytest.fixture
def verifying(service, monkeypatch):
    monkeypatch.setattr(service.settings, "email_verification", True)  # the production default
    return service


def _token(notice) -> str:
    assert "/email-verify?token=" in notice.data["link"], notice.data["link"]
    return link_token(notice.data["link"])


async def test_an_applicant_submits_once_the_address_is_confirmed(verifying, events, catalog):
    c = verifying.client
    who = await register(c)
    assert who.profile["email_verified"] is False
    me = (await c.get("/me", headers=who.headers)).json()
    assert me["email_verified"] is False and me["pending_email"] is None  # its own address: nothing "pending"
    draft = await create_draft(c, who, catalog, choices=[catalog.student_programmes[0]])  # drafts are free
    r = await submit(c, who, draft["id"])
    assert r.status_code == 409 and r.json()["code"] == "account.email_unverified", r.text
    assert r.json()["errors"][0]["field"] == "email" and r.json()["errors"][0]["email"] == who.email.lower()
    (sent,) = await events.wait(who.id, "account.notice")
    assert sent.data["kind"] == "email_verify" and sent.data["email"] == who.email.lower()
    first = _token(sent)
    # a new link ends the first; four an hour (the registration's and three more): a fifth is
    # refused and the fourth still works
    for _ in range(3):
        r = await c.post("/me/email/verify", headers=who.headers)
        assert r.status_code == 202, r.text
    r = await c.post("/me/email/verify", headers=who.headers)
    assert r.status_code == 429 and r.json()["code"] == "account.email_verify_throttled", r.text
    assert int(r.headers["retry-after"]) > 0
    *_, again = await events.wait(who.id, "account.notice", count=4)
    r = await c.post("/auth/email-change/confirm", json={"token": first})
    assert r.status_code == 422 and r.json()["code"] == "email_change.invalid"
    r = await c.post("/auth/email-change/confirm", json={"token": _token(again)})
    assert r.status_code == 200 and r.json()["changed"] is False, r.text
    me = (await c.get("/me", headers=who.headers)).json()
    assert me["email_verified"] is True and me["email"] == who.email.lower()
    assert (await submit(c, who, draft["id"])).status_code == 200
    r = await c.post("/me/email/verify", headers=who.headers)
    assert r.status_code == 409 and r.json()["code"] == "account.email_verified"
    await events.settle()
    assert [e.data["kind"] for e in events.of(who.id, "account.notice")] == ["email_verify"] * 4


async def test_a_new_address_asked_for_before_confirming_is_the_one_its_link_confirms(verifying, events, catalog):
    """Registered with a mistyped address, then changed: "send the link again" went to the
    mistyped one (a stranger's), and ended the new address's link."""
    c = verifying.client
    who = await register(c)
    new = f"fixed-{who.email}"
    r = await c.patch("/me", json={"email": new, "current_password": who.password}, headers=who.headers)
    assert r.status_code == 200 and r.json()["pending_email"] == new and r.json()["email_verified"] is False
    r = await c.post("/me/email/verify", headers=who.headers)
    assert r.status_code == 409 and r.json()["code"] == "account.email_change_pending", r.text
    assert r.json()["errors"][0]["email"] == new
    # a refused submit names the address whose link confirms the account now
    draft = await create_draft(c, who, catalog, choices=[catalog.student_programmes[0]])
    r = await submit(c, who, draft["id"])
    assert r.status_code == 409 and r.json()["errors"][0]["email"] == new, r.text
    # taken back (mistyped): the address it has is the one to confirm again, and a link goes there
    r = await c.delete("/me/email-change", headers=who.headers)
    assert r.status_code == 204
    me = (await c.get("/me", headers=who.headers)).json()
    assert me["pending_email"] is None and me["email"] == who.email.lower()
    r = await c.post("/me/email/verify", headers=who.headers)
    assert r.status_code == 202, r.text
    # asked for again, the new address's link is what confirms
    r = await c.patch("/me", json={"email": new, "current_password": who.password}, headers=who.headers)
    assert r.status_code == 200 and r.json()["pending_email"] == new

    # the second change's link: waited for as such (four notices of any kind could be counted
    # before it arrived, and the first change's link, ended, was taken for it)
    async def second_link():
        await events.poll()
        links = [n for n in events.of(who.id, "account.notice") if n.data["kind"] == "email_confirm"]
        return links if len(links) >= 2 else None

    *_, change = await wait_for(second_link, timeout=30, what="the second change's link")
    r = await c.post("/auth/email-change/confirm", json={"token": link_token(change.data["link"])})
    assert r.status_code == 200 and r.json()["changed"] is True, r.text
    me = (await c.get("/me", headers=who.headers)).json()
    assert me["email"] == new and me["email_verified"] is True


async def test_an_admin_may_take_an_address_as_confirmed_and_a_taken_address_is_answered_alike(
    verifying, events, catalog
):
    c = verifying.client
    admin = await verifying.admin_headers()
    who = await register(c)
    draft = await create_draft(c, who, catalog, choices=[catalog.student_programmes[0]])
    assert (await submit(c, who, draft["id"])).status_code == 409
    r = await c.post(f"/admin/accounts/{who.id}/email-verified", headers=who.headers)
    assert r.status_code == 403  # an applicant cannot confirm their own
    r = await c.post(f"/admin/accounts/{who.id}/email-verified", headers=admin)
    assert r.status_code == 200 and r.json()["email_verified"] is True, r.text
    me = (await c.get("/me/account", headers=admin)).json()  # only an applicant's address is taken so
    r = await c.post(f"/admin/accounts/{me['id']}/email-verified", headers=admin)
    assert r.status_code == 409 and r.json()["code"] == "account.not_applicant", r.text
    assert (await submit(c, who, draft["id"])).status_code == 200
    # someone registering the same address again gets the answer a new account gets
    again = await c.post("/auth/register", json=registration_body(email=who.email))
    assert again.status_code == 201 and again.json()["email_verified"] is False
    assert (await login(c, who.email, who.password))["Authorization"]  # the account is untouched
