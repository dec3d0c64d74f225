"""An applicant closes their account: refused while an application is in progress, then
everything personal erased here (files too), the address free again, and applicant.erased
announced with the ids the other services erase by."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import create_async_engine

from services.applications.models import Applicant, Application, JournalEntry, RefereeRequest
from tests.integration.applications.test_documents import upload
from tests.support.flows import PASSWORD, application_body, create_draft, referee_body, register, submit


def _files(service) -> set[str]:
    return {p.name for p in Path(service.settings.documents_dir).iterdir() if p.is_file()}


async def test_an_application_in_progress_keeps_the_account_open(service, catalog):
    who = await register(service.client)
    application = (await submit(service.client, who, (await create_draft(service.client, who, catalog))["id"])).json()

    r = await service.client.post("/me/close", json={"password": PASSWORD}, headers=who.headers)
    assert r.status_code == 409, r.text
    body = r.json()
    assert body["code"] == "account.applications_in_progress" and body["errors"][0]["field"] == "applications"
    held = body["errors"][0]["applications"]
    assert held == [{"application_id": application["id"], "cycle_id": catalog.cycle_id, "status": "submitted"}]

    r = await service.client.post("/me/close", json={"password": "not-my-password"}, headers=who.headers)
    assert r.status_code == 422 and r.json()["code"] == "password.incorrect"
    assert r.json()["errors"][0]["field"] == "password"
    # nothing was erased: the account still logs in and reads its application
    assert (await service.client.get(f"/applications/{application['id']}", headers=who.headers)).status_code == 200


async def test_closing_erases_the_applicants_data_and_frees_the_address(service, catalog, events):
    who = await register(service.client, name="Dana Serikqyzy")
    submitted = await create_draft(service.client, who, catalog, statement="I grew up in Taraz.")
    before = _files(service)
    assert (await upload(service.client, who, submitted["id"])).status_code == 201
    stored = _files(service) - before
    assert len(stored) == 1
    r = await service.client.post(
        f"/applications/{submitted['id']}/referees", json=referee_body(1), headers=who.headers
    )
    assert r.status_code == 201, r.text
    referee = r.json()["id"]
    assert (await submit(service.client, who, submitted["id"])).status_code == 200
    r = await service.client.post(
        f"/applications/{submitted['id']}/withdraw",
        json={"reason": "I was offered a job in Almaty"},
        headers={**who.headers, "Idempotency-Key": f"withdraw-{who.id}"},
    )
    assert r.status_code == 200, r.text

    r = await service.client.post("/me/close", json={"password": who.password}, headers=who.headers)
    assert r.status_code == 200, r.text
    assert r.json()["applications"] == 1

    # the account is gone for its owner: no log-in, no token
    r = await service.client.post("/auth/token", data={"username": who.email, "password": who.password})
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant"
    assert (await service.client.get("/me", headers=who.headers)).status_code == 401
    # the file is deleted, and nothing personal is left in the rows
    assert not (stored & _files(service))
    engine = create_async_engine(service.database_url)
    try:
        async with engine.connect() as conn:
            applicant = (await conn.execute(select(Applicant).where(Applicant.id == who.id))).one()
            assert applicant.date_of_birth is None and applicant.home_institution == ""
            application = (await conn.execute(select(Application).where(Application.id == submitted["id"]))).one()
            assert application.statement == "" and application.status == "withdrawn"
            assert application.cycle_id == catalog.cycle_id  # the facts stay
            assert all(step["reason"] is None for step in application.history)
            letter = (await conn.execute(select(RefereeRequest).where(RefereeRequest.id == referee))).one()
            assert (letter.name, letter.email, letter.state) == ("", "", "cancelled")
            # no stored answer to a repeated request keeps what they sent (the withdrawal's reason)
            kept = await conn.execute(text("SELECT count(*) FROM idempotency_keys WHERE principal = :p"), {"p": who.id})
            assert kept.scalar() == 0
            # the journal, which nothing changes, never held their name or their reason
            entries = (
                await conn.execute(select(JournalEntry).where(JournalEntry.application_id == submitted["id"]))
            ).all()
            assert entries and all(e.actor_name == "" for e in entries if e.actor == who.id)
            assert "Almaty" not in str([e.reason for e in entries]) and "Dana" not in str(
                [e.actor_name for e in entries]
            )
    finally:
        await engine.dispose()

    erased = (await events.wait(who.id, "applicant.erased"))[0]
    assert erased.data["application_ids"] == [submitted["id"]]
    assert erased.data["referee_request_ids"] == [referee]
    assert "email" not in erased.data and "name" not in erased.data

    admin = await service.admin_headers()
    # officers read that the applicant closed the account, and write to nobody
    r = await service.client.get(f"/officer/applications/{submitted['id']}", headers=admin)
    assert r.status_code == 200 and r.json()["applicant_closed_at"] and r.json()["applicant_name"] == ""
    r = await service.client.post(
        f"/officer/applications/{submitted['id']}/messages", json={"body": "Are you still there?"}, headers=admin
    )
    assert r.status_code == 409 and r.json()["code"] == "message.applicant_closed"
    r = await service.client.get(f"/admin/accounts/{who.id}", headers=admin)
    assert r.status_code == 200 and r.json()["erased_at"] and r.json()["name"] == ""
    assert who.email not in r.text
    for step in ("enable", "email-verified"):  # nothing of it is left to enable or confirm
        r = await service.client.post(f"/admin/accounts/{who.id}/{step}", headers=admin)
        assert r.status_code == 409 and r.json()["code"] == "account.erased"

    # the address is free: its owner may register anew, as a stranger to the old account
    again = await register(service.client, email=who.email)
    assert again.id != who.id


async def test_drafts_go_with_the_account(service, catalog, events):
    who = await register(service.client)
    draft = await create_draft(service.client, who, catalog)
    r = await service.client.post("/me/close", json={"password": who.password}, headers=who.headers)
    assert r.status_code == 200, r.text
    engine = create_async_engine(service.database_url)
    try:
        async with engine.connect() as conn:  # never announced, it goes whole: no officer ever lists it
            assert (await conn.execute(select(Application).where(Application.id == draft["id"]))).all() == []
    finally:
        await engine.dispose()
    erased = (await events.wait(who.id, "applicant.erased"))[0]
    assert erased.data["application_ids"] == [draft["id"]]


async def test_an_applicant_downloads_what_the_service_holds_about_them(service, catalog):
    who = await register(service.client, name="Madina Karimova")
    draft = await create_draft(service.client, who, catalog, statement="Teaching is my calling.")
    assert (await upload(service.client, who, draft["id"], name="diploma.pdf")).status_code == 201
    r = await service.client.post(f"/applications/{draft['id']}/referees", json=referee_body(2), headers=who.headers)
    assert r.status_code == 201, r.text

    r = await service.client.get("/me/data", headers=who.headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-disposition"].startswith("attachment") and r.headers["cache-control"] == "no-store"
    data = r.json()
    assert data["profile"]["name"] == "Madina Karimova" and data["profile"]["email"] == who.email
    [mine] = data["applications"]
    assert mine["application"]["id"] == draft["id"]
    assert mine["application"]["statement"] == "Teaching is my calling."
    assert [d["original_name"] for d in mine["documents"]] == ["diploma.pdf"]
    assert [x["email"] for x in mine["referees"]] == ["referee2@university.example"]
    assert mine["messages"] == [] and mine["identity_reads"] == []
    assert mine["consent"] == {"host_identity": False, "host_documents": False, "at": None}  # never asked
    # another applicant's token reads only their own
    other = await register(service.client)
    theirs = (await service.client.get("/me/data", headers=other.headers)).json()
    assert theirs["applications"] == [] and theirs["profile"]["email"] == other.email


async def test_a_change_sent_while_the_account_closes_is_refused_not_written_back(service, catalog):
    """A request that passed the token check before the closing committed: it waits for the
    closing's hold on the account, then finds it closed (it had written the name back, and its
    applicant.updated refilled the other services' copies)."""
    who = await register(service.client, name="Erlan Abenov")
    engine = create_async_engine(service.database_url)
    try:
        async with engine.connect() as closing:
            transaction = await closing.begin()
            # a closing in progress: the account's row held, as service/erasure.py holds it
            await closing.execute(text("SELECT id FROM accounts WHERE id = :a FOR UPDATE"), {"a": who.id})
            change = asyncio.create_task(
                service.client.patch("/me", json={"name": "Erlan Reborn"}, headers=who.headers)
            )
            draft = asyncio.create_task(
                service.client.post("/applications", json=application_body(catalog), headers=who.headers)
            )
            await asyncio.sleep(1.0)
            assert not change.done() and not draft.done()  # both wait for the closing
            await closing.execute(text("UPDATE accounts SET erased_at = now(), name = '' WHERE id = :a"), {"a": who.id})
            await transaction.commit()
            changed, drafted = await change, await draft
        assert changed.status_code == 401 and changed.json()["code"] == "auth.revoked"
        assert drafted.status_code == 401
        async with engine.connect() as conn:
            name = (await conn.execute(text("SELECT name FROM accounts WHERE id = :a"), {"a": who.id})).scalar()
            drafts = (await conn.execute(select(Application).where(Application.applicant_id == who.id))).all()
        assert name == "" and drafts == []
    finally:
        await engine.dispose()


async def test_an_admin_closes_an_applicants_account_on_their_written_request(service, catalog, events):
    """An applicant who can no longer log in (their mailbox lost) asks the office by letter."""
    admin = await service.admin_headers()
    who = await register(service.client, name="Gulnara Tokhtarova")
    application = (await submit(service.client, who, (await create_draft(service.client, who, catalog))["id"])).json()
    r = await service.client.post(f"/admin/accounts/{who.id}/close", headers=admin)
    assert r.status_code == 409 and r.json()["code"] == "account.applications_in_progress"
    r = await service.client.post(f"/applications/{application['id']}/withdraw", json={}, headers=who.headers)
    assert r.status_code == 200, r.text

    r = await service.client.post(f"/admin/accounts/{who.id}/close", headers=admin)
    assert r.status_code == 200, r.text
    assert r.json()["erased_at"] and r.json()["name"] == "" and who.email not in r.text
    assert (await service.client.get("/me", headers=who.headers)).status_code == 401
    assert (await events.wait(who.id, "applicant.erased"))[0].data["application_ids"] == [application["id"]]
    journal = await service.client.get("/admin/journal", params={"subject": f"account:{who.id}"}, headers=admin)
    [entry] = [e for e in journal.json()["items"] if e["action"] == "account.erased"]
    assert entry["actor"] != who.id and entry["actor_name"]  # the admin who did it, by name

    again = await service.client.post(f"/admin/accounts/{who.id}/close", headers=admin)
    assert again.status_code == 409 and again.json()["code"] == "account.erased"
    me = (await service.client.get("/me/account", headers=admin)).json()
    staff = await service.client.post(f"/admin/accounts/{me['id']}/close", headers=admin)
    assert staff.status_code == 409 and staff.json()["code"] == "account.not_applicant"
