"""Accounts over real PostgreSQL and Kafka: register, log in, profile, staff accounts."""

from __future__ import annotations

import asyncio
import base64

from shared.auth import TokenKeys, verify_token
from tests.support.flows import PASSWORD, login, register, registration_body
from tests.support.ids import uid
from tests.support.mail import link_token
from tests.support.services import TEST_TOKEN_KEYS, claims_of


async def test_register_emits_contact_without_date_of_birth(service, events):
    who = await register(service.client, nationality="UZ", preferred_language="ru", applicant_type="faculty")
    assert who.profile["nationality"] == "UZ" and "password" not in who.profile
    (env,) = await events.wait(who.id, "applicant.registered")
    assert env.data["email"] == who.email and env.data["preferred_language"] == "ru"
    assert env.data["applicant_type"] == "faculty"
    assert "date_of_birth" not in env.data and "password" not in str(env.data)


async def test_token_verifies_with_the_public_key_only(service):
    who = await register(service.client)
    principal = verify_token(who.headers["Authorization"].split()[1], TokenKeys(public_key=TEST_TOKEN_KEYS.public_key))
    assert principal.sub == who.id and principal.role == "applicant"
    r = await service.client.get("/me", headers=who.headers)
    assert r.status_code == 200 and r.json()["email"] == who.email


async def test_login_is_case_insensitive_and_refuses_bad_passwords(service):
    who = await register(service.client)
    assert (
        await service.client.post("/auth/token", data={"username": who.email.upper(), "password": PASSWORD})
    ).status_code == 200
    r = await service.client.post("/auth/token", data={"username": who.email, "password": "wrong password!"})
    body = r.json()
    # RFC 6749 (5.2): a wrong password is the grant's refusal, 400 invalid_grant, not a 401
    assert r.status_code == 400 and body["detail"] == "incorrect e-mail or password"
    assert body["code"] == "auth.bad_credentials" and body["status"] == 400 and body["error"] == "invalid_grant"
    assert "www-authenticate" not in r.headers
    r = await service.client.post("/auth/token", data={"username": "nobody@example.kz", "password": "whatever123"})
    assert r.status_code == 400 and r.json()["code"] == "auth.bad_credentials"


async def test_a_taken_email_is_answered_as_a_new_one_and_its_owner_is_told(service, events):
    """Issue 13, item 6: registering with an address that has an account answers exactly as a
    new registration (same status, same body shape, nothing stored) and e-mails the owner."""
    body = registration_body()
    first = await service.client.post("/auth/register", json=body)
    assert first.status_code == 201
    again = await service.client.post(
        "/auth/register", json={**body, "email": body["email"].upper(), "name": "Someone Else"}
    )
    assert again.status_code == 201, again.text
    assert set(again.json()) == set(first.json()) and again.json()["email"] == body["email"].lower()
    assert again.json()["id"] != first.json()["id"] and again.json()["name"] == "Someone Else"
    owner = first.json()["id"]
    (notice,) = await events.wait(owner, "account.notice")
    assert notice.data["kind"] == "registration_attempt" and notice.data["email"] == body["email"].lower()
    # The owner's account and password are untouched; the second "account" does not exist.
    assert (await login(service.client, body["email"], PASSWORD))["Authorization"]
    assert not events.of(again.json()["id"])
    # tried again within the hour: answered alike, and the owner is not written to again
    third = await service.client.post("/auth/register", json={**body, "name": "Someone Else Again"})
    assert third.status_code == 201 and set(third.json()) == set(first.json())
    await events.settle(1.0)
    assert [n.data["kind"] for n in events.of(owner, "account.notice")] == ["registration_attempt"]
    bad = registration_body(
        nationality="Kazakhstan", date_of_birth="2999-01-01", password="short", email="not-an-email"
    )
    r = await service.client.post("/auth/register", json=bad)
    assert r.status_code == 422
    assert {d["field"] for d in r.json()["errors"]} == {"nationality", "date_of_birth", "password", "email"}


async def test_register_with_idempotency_key_replays(service, events):
    body = registration_body()
    key = uid("reg")
    first = await service.client.post("/auth/register", json=body, headers={"Idempotency-Key": key})
    again = await service.client.post("/auth/register", json=body, headers={"Idempotency-Key": key})
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    await events.wait(first.json()["id"], "applicant.registered")
    await events.settle(1.0)
    assert len(events.of(first.json()["id"], "applicant.registered")) == 1


async def test_profile_edit_emits_applicant_updated(service, events):
    who = await register(service.client)
    r = await service.client.patch("/me", json={"preferred_language": "zh", "name": "Aigerim N."}, headers=who.headers)
    assert r.status_code == 200 and r.json()["preferred_language"] == "zh"
    (env,) = await events.wait(who.id, "applicant.updated")
    assert env.data["preferred_language"] == "zh" and env.data["name"] == "Aigerim N."
    r = await service.client.patch("/me", json={"date_of_birth": "2999-01-01"}, headers=who.headers)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "date_of_birth"  # corrected, not anyhow
    r = await service.client.patch("/me", json={"preferred_language": None}, headers=who.headers)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "preferred_language"


async def test_a_new_email_address_needs_the_password_and_the_old_address_is_told(service, events):
    """A session left open is not the account: whoever changed the address could then reset the
    password at the new one. The password is asked for, and the address the account had is told."""
    who = await register(service.client)
    new = f"moved-{uid('m')}@example.org"
    for body, code in (
        ({"email": new}, "password.current_missing"),
        ({"email": new, "current_password": "not the password"}, "password.incorrect"),
    ):
        r = await service.client.patch("/me", json=body, headers=who.headers)
        assert r.status_code == 422 and r.json()["code"] == code, r.text
        assert r.json()["errors"][0]["field"] == "current_password"
    assert (await service.client.get("/me", headers=who.headers)).json()["email"] == who.email.lower()
    # the same address sent again (the portal sends every field), whatever its case: no password asked
    r = await service.client.patch(
        "/me", json={"email": who.email.upper(), "name": "Same Address"}, headers=who.headers
    )
    assert r.status_code == 200 and r.json()["email"] == who.email.lower()
    r = await service.client.patch("/me", json={"email": new, "current_password": PASSWORD}, headers=who.headers)
    # the address moves once its mailbox opens the link sent to it
    assert r.status_code == 200 and r.json()["email"] == who.email.lower() and r.json()["pending_email"] == new
    # the address the account has hears of the request at once, the new one gets the link
    asked, confirm = await events.wait(who.id, "account.notice", count=2)
    assert asked.data["kind"] == "email_change_requested" and asked.data["email"] == who.email.lower()
    assert confirm.data["kind"] == "email_confirm" and confirm.data["email"] == new
    token = link_token(confirm.data["link"])
    r = await service.client.post("/auth/email-change/confirm", json={"token": token})
    assert r.status_code == 200, r.text
    me = (await service.client.get("/me", headers=who.headers)).json()
    assert me["email"] == new and me["pending_email"] is None
    *_, notice = await events.wait(who.id, "account.notice", count=3)
    assert notice.data["kind"] == "email_changed" and notice.data["email"] == who.email.lower()
    assert (await login(service.client, new))["Authorization"]
    # opened again: the address it confirmed stands confirmed, nothing changes (once, not twice)
    r = await service.client.post("/auth/email-change/confirm", json={"token": token})
    assert r.status_code == 200 and r.json()["changed"] is False, r.text
    assert len(await events.wait(who.id, "account.notice", count=3)) == 3


async def test_bootstrap_admin_creates_scoped_staff(service):
    admin = await service.admin_headers()
    email = f"{uid('officer')}@corridor.example"
    r = await service.client.post(
        "/admin/accounts",
        headers=admin,
        json={
            "email": email,
            "password": "steady-copper-kettle-73",
            "name": "SCO desk",
            "role": "officer",
            "schemes": ["sco", "cgs-cpec"],
        },
    )
    assert r.status_code == 201, r.text
    assert r.json()["schemes"] == ["cgs-cpec", "sco"]
    officer = await login(service.client, email, "steady-copper-kettle-73")
    claims = claims_of(officer["Authorization"].split()[1])
    assert claims["role"] == "officer" and claims["schemes"] == ["cgs-cpec", "sco"]

    r = await service.client.post(
        "/admin/accounts",
        headers=admin,
        json={
            "email": f"{uid('p')}@partner.example",
            "password": "bright-silver-canoe-58",
            "name": "TJTU",
            "role": "partner",
            "institutions": [],
        },
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "institutions"
    r = await service.client.post(
        "/admin/accounts",
        headers=officer,
        json={
            "email": f"{uid('x')}@corridor.example",
            "password": "steady-copper-kettle-73",
            "name": "x",
            "role": "admin",
        },
    )
    assert r.status_code == 403
    listed = await service.client.get("/admin/accounts", params={"role": "officer"}, headers=admin)
    assert listed.status_code == 200 and email in [a["email"] for a in listed.json()["items"]]


async def new_partner(service, admin: dict, institutions: list[str]) -> tuple[str, dict]:
    email = f"{uid('p')}@partner.example"
    r = await service.client.post(
        "/admin/accounts",
        headers=admin,
        json={
            "email": email,
            "password": "bright-silver-canoe-58",
            "name": "TJTU admissions",
            "role": "partner",
            "institutions": institutions,
        },
    )
    assert r.status_code == 201, r.text
    return r.json()["id"], await login(service.client, email, "bright-silver-canoe-58")


async def test_staff_accounts_are_announced_when_made_and_changed(service, events):
    admin = await service.admin_headers()
    admins = (await service.client.get("/admin/accounts", params={"role": "admin"}, headers=admin)).json()
    (boot,) = [a for a in admins["items"] if a["email"] == "admin@corridor.example"]
    (env,) = await events.wait(boot["id"], "account.upserted")
    assert env.data["role"] == "admin" and env.data["email"] == "admin@corridor.example"

    r = await service.client.post(
        "/admin/accounts",
        headers=admin,
        json={
            "email": f"{uid('officer')}@corridor.example",
            "password": "steady-copper-kettle-73",
            "name": "SCO desk",
            "role": "officer",
            "schemes": ["sco"],
            "preferred_language": "zh",
        },
    )
    assert r.status_code == 201 and r.json()["preferred_language"] == "zh"
    officer = r.json()
    (env,) = await events.wait(officer["id"], "account.upserted")
    assert env.data["email"] == officer["email"] and env.data["schemes"] == ["sco"]
    assert env.data["preferred_language"] == "zh" and env.data["role"] == "officer"

    r = await service.client.patch(
        f"/admin/accounts/{officer['id']}",
        json={"schemes": ["sco", "cpec"], "name": "SCO and CPEC desk"},
        headers=admin,
    )
    assert r.status_code == 200 and r.json()["schemes"] == ["cpec", "sco"]
    changed = (await events.wait(officer["id"], "account.upserted", count=2))[-1]
    assert changed.data["schemes"] == ["cpec", "sco"] and changed.data["name"] == "SCO and CPEC desk"
    r = await service.client.patch(f"/admin/accounts/{officer['id']}", json={"institutions": ["x"]}, headers=admin)
    assert r.status_code == 200
    r = await service.client.patch(f"/admin/accounts/{boot['id']}", json={"schemes": ["sco"]}, headers=admin)
    assert r.status_code == 422 and r.json()["code"] == "account.admin_scoped"


async def test_a_partner_system_gets_tokens_with_client_credentials(service, events):
    admin = await service.admin_headers()
    partner_id, partner = await new_partner(service, admin, ["tjtu", "xjmu"])
    c = service.client
    r = await c.post(f"/partners/{partner_id}/clients", json={"name": "admissions system"}, headers=partner)
    assert r.status_code == 201, r.text
    assert r.headers["cache-control"] == "no-store"  # the secret, shown once, is kept by no cache
    made = r.json()
    client_id, secret = made["client_id"], made["client_secret"]
    assert made["name"] == "admissions system" and made["revoked_at"] is None

    async def grant(**form) -> dict:
        r = await c.post("/auth/token", data={"grant_type": "client_credentials", **form})
        return {"status": r.status_code, **r.json()}

    got = await grant(client_id=client_id, client_secret=secret)
    assert got["status"] == 200 and got["role"] == "partner" and got["expires_in"] == service.settings.jwt_ttl_seconds
    claims = claims_of(got["access_token"])
    assert claims["sub"] == partner_id and claims["institutions"] == ["tjtu", "xjmu"]
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    r = await c.post(
        "/auth/token", data={"grant_type": "client_credentials"}, headers={"Authorization": f"Basic {basic}"}
    )
    assert r.status_code == 200 and r.json()["role"] == "partner"
    assert r.headers["cache-control"] == "no-store"  # RFC 6749 5.1: no cache keeps a token
    wrong = await grant(client_id=client_id, client_secret="not-the-secret")
    assert wrong["status"] == 401 and wrong["code"] == "auth.bad_client_credentials"
    # an OAuth client library reads RFC 6749's members
    assert wrong["error"] == "invalid_client" and wrong["error_description"] == wrong["detail"]
    # ... and RFC 6749's statuses: 401 with the Basic challenge for a client's credentials, 400 else
    r = await c.post(
        "/auth/token",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": "Basic " + base64.b64encode(f"{client_id}:nope".encode()).decode()},
    )
    assert r.status_code == 401 and r.headers["www-authenticate"] == 'Basic realm="corridor"'
    missing = await grant(client_id=client_id)
    assert missing["status"] == 400 and missing["errors"][0]["field"] == "client_secret"
    assert missing["error"] == "invalid_request"
    other = await c.post("/auth/token", data={"grant_type": "authorization_code", "code": "x"})
    assert other.status_code == 400 and other.json()["error"] == "unsupported_grant_type"
    assert other.json()["status"] == 400 and other.json()["title"] == "Bad Request"

    # the same request sent twice at once with its Idempotency-Key makes one client; the second
    # answer names it without its secret (shown once)
    once = {**partner, "Idempotency-Key": f"clients-{partner_id}"}
    twice = await asyncio.gather(
        *(c.post(f"/partners/{partner_id}/clients", json={"name": "records"}, headers=once) for _ in range(2))
    )
    assert [r.status_code for r in twice] == [201, 201] and twice[0].json()["client_id"] == twice[1].json()["client_id"]
    first, replayed = sorted(twice, key=lambda r: r.headers["idempotent-replayed"])
    assert first.json()["client_secret"] and replayed.json()["client_secret"] is None
    assert replayed.headers["cache-control"] == "no-store"
    twin = first.json()["client_id"]
    # its rotation sent twice at once: one rotation, the secret shown once (three at once had each
    # shown a secret, and only the last one worked)
    once = {**partner, "Idempotency-Key": f"rotate-{twin}"}
    rotated = await asyncio.gather(
        *(c.post(f"/partners/{partner_id}/clients/{twin}/rotate", headers=once) for _ in range(2))
    )
    assert [r.status_code for r in rotated] == [200, 200]
    assert sorted(r.json()["client_secret"] is None for r in rotated) == [False, True]
    secret = next(r.json()["client_secret"] for r in rotated if r.json()["client_secret"])
    r = await c.post(
        "/auth/token", data={"grant_type": "client_credentials", "client_id": twin, "client_secret": secret}
    )
    assert r.status_code == 200, r.text
    assert (await c.delete(f"/partners/{partner_id}/clients/{twin}", headers=partner)).status_code == 204

    listed = (await c.get(f"/partners/{partner_id}/clients", headers=admin)).json()
    listed["items"] = [x for x in listed["items"] if x["client_id"] != twin]
    assert [x["client_id"] for x in listed["items"]] == [client_id] and "client_secret" not in str(listed)
    assert listed["items"][0]["last_used_at"] is not None

    machine = {"Authorization": f"Bearer {got['access_token']}"}
    assert (await c.get(f"/partners/{partner_id}/clients", headers=machine)).status_code == 200
    # a client's own token cannot make another (a leaked secret would outlive its revocation)
    r = await c.post(f"/partners/{partner_id}/clients", json={"name": "by the machine"}, headers=machine)
    assert r.status_code == 403 and r.json()["code"] == "partner_client.machine_token"
    # nor log out (a system doing so on shutdown had ended every token of the account, the
    # staff's portal sessions too), change the password or the account's language
    for method, path, body in (
        ("POST", "/auth/logout", None),
        ("POST", "/me/password", {"current_password": "a" * 12, "new_password": "b" * 12}),
        ("PATCH", "/me/account", {"preferred_language": "zh"}),
    ):
        r = await c.request(method, path, json=body, headers=machine)
        assert r.status_code == 403 and r.json()["code"] == "auth.machine_token", r.text
    assert (await c.get("/me/account", headers=partner)).status_code == 200
    assert (await c.get("/me/account", headers=machine)).json()["preferred_language"] == "en"

    # a second system of the same partner, with its own client
    second = (await c.post(f"/partners/{partner_id}/clients", json={"name": "visa office"}, headers=admin)).json()
    got_second = await grant(client_id=second["client_id"], client_secret=second["client_secret"])
    second_machine = {"Authorization": f"Bearer {got_second['access_token']}"}

    r = await c.post(f"/partners/{partner_id}/clients/{client_id}/rotate", headers=admin)
    assert r.headers["cache-control"] == "no-store"
    rotated = r.json()
    assert rotated["client_id"] == client_id and rotated["client_secret"] != secret
    assert (await grant(client_id=client_id, client_secret=secret))["status"] == 401
    # the tokens got with the old secret end with it; the partner's people and its other
    # system keep theirs (rotating one system's secret had logged every one of them out)
    r = await c.get(f"/partners/{partner_id}/clients", headers=machine)
    assert r.status_code == 401 and r.json()["code"] == "auth.revoked", r.text
    for headers in (partner, second_machine):
        assert (await c.get(f"/partners/{partner_id}/clients", headers=headers)).status_code == 200
    (revoked,) = [
        e.data
        # the twin's rotation and revocation came first: this client's rotation is the third
        for e in await events.wait(partner_id, "account.tokens_revoked", count=3)
        if e.data["why"] == "client_rotated" and e.data["client_id"] == client_id
    ]
    assert revoked["client_id"] == client_id and revoked["active"] is True
    again = await grant(client_id=client_id, client_secret=rotated["client_secret"])
    assert again["status"] == 200
    machine = {"Authorization": f"Bearer {again['access_token']}"}

    other_id, other = await new_partner(service, admin, ["lzu"])
    assert (await c.get(f"/partners/{partner_id}/clients", headers=other)).status_code == 403
    r = await c.delete(f"/partners/{partner_id}/clients/{client_id}", headers=other)
    assert r.status_code == 403 and r.json()["code"] == "partner_client.not_yours"
    assert (await c.delete(f"/partners/{partner_id}/clients/{client_id}", headers=partner)).status_code == 204
    assert (await grant(client_id=client_id, client_secret=rotated["client_secret"]))["status"] == 401
    assert (
        await c.get(f"/partners/{partner_id}/clients", headers=machine)
    ).status_code == 401  # revoked: its tokens too
    assert (await c.get(f"/partners/{partner_id}/clients", headers=second_machine)).status_code == 200
    officer_made = await c.post(
        f"/partners/{other_id}/clients", json={"name": "x"}, headers=await login_officer(service)
    )
    assert officer_made.status_code == 403


async def login_officer(service) -> dict:
    admin = await service.admin_headers()
    email = f"{uid('officer')}@corridor.example"
    body = {"email": email, "password": "steady-copper-kettle-73", "name": "O", "role": "officer", "schemes": ["sco"]}
    assert (await service.client.post("/admin/accounts", headers=admin, json=body)).status_code == 201
    return await login(service.client, email, "steady-copper-kettle-73")


async def test_any_account_reads_its_own_language_and_scope(service):
    """The portal shows a staff member's pages in their account's language (GET /me/account);
    an applicant reads theirs too."""
    from shared.principal import Role
    from tests.support.accounts import STAFF_PASSWORD, create_staff

    admin = await service.admin_headers()
    made = await create_staff(service.client, admin, Role.OFFICER, schemes=["sco"], preferred_language="zh")
    headers = await login(service.client, made["email"], STAFF_PASSWORD)
    r = await service.client.get("/me/account", headers=headers)
    assert r.status_code == 200, r.text
    mine = r.json()
    assert (mine["id"], mine["role"], mine["preferred_language"], mine["schemes"]) == (
        made["id"],
        "officer",
        "zh",
        ["sco"],
    )
    who = await register(service.client)
    assert (await service.client.get("/me/account", headers=who.headers)).json()["role"] == "applicant"
    assert (await service.client.get("/me/account")).status_code == 401
    # the account changes its own language for messages (and nothing else: its scope is an admin's)
    r = await service.client.patch("/me/account", headers=headers, json={"preferred_language": "ru"})
    assert r.status_code == 200 and r.json()["preferred_language"] == "ru" and r.json()["schemes"] == ["sco"]
    assert (await service.client.get("/me/account", headers=headers)).json()["preferred_language"] == "ru"
    wider = await service.client.patch("/me/account", headers=headers, json={"schemes": []})
    assert wider.status_code == 422 and "schemes" in {e["field"] for e in wider.json()["errors"]}  # not its own
    bad = await service.client.patch("/me/account", headers=headers, json={"preferred_language": "xx"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "preferred_language"
    mine = await service.client.patch("/me/account", headers=who.headers, json={"preferred_language": "ru"})
    assert mine.status_code == 422 and mine.json()["code"] == "account.applicant_profile"


async def test_the_admins_list_shows_an_applicants_own_language(service):
    """An applicant's language is the account's: the one chosen at registration, then the one
    set on the profile (the list once said English for every applicant)."""
    admin = await service.admin_headers()
    who = await register(service.client, preferred_language="ur")

    async def listed() -> str:
        r = await service.client.get(f"/admin/accounts/{who.id}", headers=admin)
        assert r.status_code == 200, r.text
        return r.json()["preferred_language"]

    assert await listed() == "ur"
    assert (
        await service.client.patch("/me", json={"preferred_language": "ru"}, headers=who.headers)
    ).status_code == 200
    assert await listed() == "ru"
    assert (await service.client.get("/me/account", headers=who.headers)).json()["preferred_language"] == "ru"
    # the admins' list: the staff alone, or an account found by name or address, any case
    c = service.client
    staff = (await c.get("/admin/accounts", params={"staff": "true", "limit": 200}, headers=admin)).json()
    assert staff["items"] and all(a["role"] != "applicant" for a in staff["items"])
    found = (await c.get("/admin/accounts", params={"q": who.email.upper()}, headers=admin)).json()
    assert [a["id"] for a in found["items"]] == [who.id]
    assert (await c.get("/admin/accounts", params={"q": "100%_"}, headers=admin)).json()["total"] == 0  # as typed


async def test_an_admin_finds_the_accounts_of_an_institution(service):
    """ "Tell the partner" of its dead webhooks: an admin had scanned every partner account, the
    list taking no institution (422)."""
    from shared.principal import Role
    from tests.support.accounts import create_staff

    c, admin = service.client, await service.admin_headers()
    inst = f"xjmu_{uid('i')[-6:]}"  # an underscore: matched as itself, not as any character
    mine = await create_staff(c, admin, Role.PARTNER, institutions=["lzu", inst])
    await create_staff(c, admin, Role.PARTNER, institutions=[inst.replace("_", "x")])
    await create_staff(c, admin, Role.PARTNER, institutions=[f"{inst}-nursing"])
    r = await c.get("/admin/accounts", params={"institution": inst, "role": "partner"}, headers=admin)
    assert r.status_code == 200, r.text
    assert [a["id"] for a in r.json()["items"]] == [mine["id"]]


async def test_a_persons_token_is_renewed_until_the_sessions_limit_and_never_once_revoked(service):
    """A session (8 hours) outlived its hour-long token however active the person was: the
    portal logged them out mid-work. A standing token is exchanged for a new one with the same
    log-in time; a token revoked (log-out) or a log-in older than the limit is not."""
    import time

    from shared.auth import issue_token
    from shared.principal import Principal, Role

    who = await register(service.client)
    first = claims_of(who.headers["Authorization"].split()[1])
    r = await service.client.post("/auth/token/renew", headers=who.headers)
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    renewed = claims_of(r.json()["access_token"])
    assert renewed["sub"] == who.id and renewed["auth_time"] == first["auth_time"] and renewed["jti"] != first["jti"]
    assert renewed["exp"] >= first["exp"]
    fresh = {"Authorization": f"Bearer {r.json()['access_token']}"}
    assert (await service.client.get("/me", headers=fresh)).status_code == 200
    # a log-in nine hours ago: log in again
    principal = Principal(sub=who.id, role=Role.APPLICANT, name="Aigerim")
    old = issue_token(principal, TEST_TOKEN_KEYS, 3600, audience=["applications"], auth_time=time.time() - 9 * 3600)
    r = await service.client.post("/auth/token/renew", headers={"Authorization": f"Bearer {old}"})
    assert r.status_code == 401 and r.json()["code"] == "auth.renewal_too_late"
    # logged out: the token stands no more, nor can it be renewed
    assert (await service.client.post("/auth/logout", headers=fresh)).status_code == 204
    r = await service.client.post("/auth/token/renew", headers=fresh)
    assert r.status_code == 401 and r.json()["code"] == "auth.revoked"
