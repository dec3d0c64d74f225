"""Accounts over real PostgreSQL and Kafka: register, log in, profile, staff accounts."""

from __future__ import annotations

import jwt

from shared.auth import verify_token
from tests.support.flows import PASSWORD, login, register, registration_body
from tests.support.ids import uid
from tests.support.services import TEST_JWT_SECRET


async def test_register_emits_contact_without_date_of_birth(service, events):
    who = await register(service.client, nationality="UZ", preferred_language="ru", applicant_type="faculty")
    assert who.profile["nationality"] == "UZ" and "password" not in who.profile
    (env,) = await events.wait(who.id, "applicant.registered")
    assert env.data["email"] == who.email and env.data["preferred_language"] == "ru"
    assert env.data["applicant_type"] == "faculty"
    assert "date_of_birth" not in env.data and "password" not in str(env.data)


async def test_token_verifies_with_the_shared_secret(service):
    who = await register(service.client)
    principal = verify_token(who.headers["Authorization"].split()[1], TEST_JWT_SECRET)
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
    assert r.status_code == 401 and body["detail"] == "incorrect e-mail or password"
    assert body["code"] == "auth.bad_credentials" and body["status"] == 401
    r = await service.client.post("/auth/token", data={"username": "nobody@example.kz", "password": "whatever123"})
    assert r.status_code == 401


async def test_duplicate_email_is_409_and_bad_fields_are_named(service):
    body = registration_body()
    assert (await service.client.post("/auth/register", json=body)).status_code == 201
    r = await service.client.post("/auth/register", json={**body, "email": body["email"].upper()})
    assert r.status_code == 409 and r.json()["errors"][0]["field"] == "email"
    assert r.json()["code"] == "account.email_taken"
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
    r = await service.client.patch("/me", json={"date_of_birth": "1990-01-01"}, headers=who.headers)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "date_of_birth"
    r = await service.client.patch("/me", json={"preferred_language": None}, headers=who.headers)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "preferred_language"


async def test_bootstrap_admin_creates_scoped_staff(service):
    admin = await service.admin_headers()
    email = f"{uid('officer')}@corridor.example"
    r = await service.client.post(
        "/admin/accounts",
        headers=admin,
        json={
            "email": email,
            "password": "officer-password",
            "name": "SCO desk",
            "role": "officer",
            "schemes": ["sco", "cgs-cpec"],
        },
    )
    assert r.status_code == 201, r.text
    assert r.json()["schemes"] == ["cgs-cpec", "sco"]
    officer = await login(service.client, email, "officer-password")
    claims = jwt.decode(officer["Authorization"].split()[1], TEST_JWT_SECRET, algorithms=["HS256"], issuer="corridor")
    assert claims["role"] == "officer" and claims["schemes"] == ["cgs-cpec", "sco"]

    r = await service.client.post(
        "/admin/accounts",
        headers=admin,
        json={
            "email": f"{uid('p')}@partner.example",
            "password": "partner-password",
            "name": "TJTU",
            "role": "partner",
            "institutions": ["tjtu", "xjmu"],
        },
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "institutions"
    r = await service.client.post(
        "/admin/accounts",
        headers=officer,
        json={"email": f"{uid('x')}@corridor.example", "password": "officer-password", "name": "x", "role": "admin"},
    )
    assert r.status_code == 403
    listed = await service.client.get("/admin/accounts", params={"role": "officer"}, headers=admin)
    assert listed.status_code == 200 and email in [a["email"] for a in listed.json()["items"]]
