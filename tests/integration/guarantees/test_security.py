"""Security checks across the three running services: every refusal has the right status
and leaves nothing behind (checked in the databases and the documents folder).

- tampered, expired and foreign-signed tokens, tokens without this service's audience or with
  an absurd lifetime: 401 everywhere;
- no service starts with the published default, an empty or a short JWT secret outside
  development mode (issue 13, item 1);
- a token revoked by log-out or a password change: 401 auth.revoked in every service (item 5);
- a token of one role on another role's endpoints: 403, nothing stored;
- an applicant reaching for another applicant's data: 404 (its existence is not revealed);
- a partner asking for another institution's events: 403, and its own feed never holds them;
- an upload whose content does not match its declared type: refused, no file, no row;
- a path-traversal file name: nothing is written outside the documents folder.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import uuid
from pathlib import Path

import httpx
import jwt
import pytest
from sqlalchemy import text

from shared.auth import ALL_SERVICES, TokenKeys, issue_token
from shared.principal import Principal, Role
from shared.settings import DEV_JWT_SECRET, new_key_pair
from tests.support.flows import PASSWORD, create_draft, login, register, submit
from tests.support.infra import wait_for
from tests.support.services import TEST_JWT_SECRET, TEST_TOKEN_KEYS, ServiceProcess, auth, service_env, token

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _b64(obj: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()


def tampered(role_token: str, **claims) -> str:
    """The same signature over a payload with changed claims (e.g. role escalated to admin)."""
    header, payload, signature = role_token.split(".")
    body = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    body.update(claims)
    return f"{header}.{_b64(body)}.{signature}"


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


async def count(engine, sql: str, **params) -> int:
    async with engine.connect() as conn:
        return int(await conn.scalar(text(sql), params))


def files_under(folder) -> set[str]:
    return {str(p) for p in folder.rglob("*") if p.is_file()} if folder.exists() else set()


@pytest.fixture(scope="module")
async def people(guarded):
    """Two applicants: A with a submitted application and a draft, B with nothing of A's."""
    async with httpx.AsyncClient(base_url=guarded.stack.applications.url, timeout=30) as c:
        a = await register(c)
        b = await register(c, nationality="UZ", preferred_language="en")
        submitted = await create_draft(c, a, guarded.catalog)
        r = await submit(c, a, submitted["id"])
        assert r.status_code == 200, r.text
    return {"a": a, "b": b, "submitted": submitted["id"]}


def urls(guarded) -> dict[str, str]:
    s = guarded.stack
    return {
        "applications": f"{s.applications.url}/applications",
        "matching": f"{s.matching.url}/cycles/{guarded.catalog.cycle_id}/pool",
        "notifications": f"{s.notifications.url}/inbox",
    }


def hs256_with(key: str, claims: dict) -> str:
    head = _b64({"alg": "HS256", "typ": "JWT"})
    body = _b64(claims)
    mac = hmac.new(key.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"


async def test_tampered_expired_and_foreign_tokens_are_refused_everywhere(guarded):
    applicant_token = token(Role.APPLICANT, "someone")
    other_private, other_public = new_key_pair()
    forever = {"iss": "corridor", "aud": list(ALL_SERVICES), "sub": "x", "role": "admin", "iat": 1, "exp": 4102444800}
    bad = {
        "the published default secret": issue_token(Principal(sub="x", role=Role.ADMIN), DEV_JWT_SECRET),
        "no audience": issue_token(Principal(sub="x", role=Role.ADMIN), TEST_TOKEN_KEYS, audience=()),
        "an expiry in 2100": jwt.encode(forever, TEST_TOKEN_KEYS.private_key, algorithm="EdDSA"),
        # the secret still exists (referee links): a token it signs is not a token
        "HS256 with the shared secret": issue_token(Principal(sub="x", role=Role.ADMIN), TEST_JWT_SECRET),
        # key confusion: the public key used as an HMAC secret
        "HS256 keyed with the public key": hs256_with(TEST_TOKEN_KEYS.public_key, forever),
        "signed with another Ed25519 key": issue_token(
            Principal(sub="x", role=Role.ADMIN), TokenKeys(public_key=other_public, private_key=other_private)
        ),
        "escalated to admin": tampered(token(Role.APPLICANT, "someone"), role="admin"),
        "other subject": tampered(applicant_token, sub="someone-else"),
        "expired": issue_token(Principal(sub="someone", role=Role.ADMIN), TEST_TOKEN_KEYS, ttl_seconds=-60),
        "signed with another secret": issue_token(Principal(sub="x", role=Role.ADMIN), "another-secret-" + "x" * 32),
        "alg none": f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64({'sub': 'x', 'role': 'admin', 'iss': 'corridor', 'exp': 4102444800})}.",
        "garbage": "not-a-jwt",
    }
    async with httpx.AsyncClient(timeout=30) as c:
        for name, url in urls(guarded).items():
            others = tuple(n for n in ALL_SERVICES if n != name)
            bad["meant for the other services"] = token(Role.ADMIN, "x", audience=others)
            for what, raw in bad.items():
                r = await c.get(url, headers=bearer(raw))
                assert r.status_code == 401, f"{name} accepted a token ({what}): {r.status_code} {r.text[:200]}"
                assert r.headers.get("www-authenticate", "").lower().startswith("bearer")
            assert (await c.get(url)).status_code == 401  # no token at all


async def test_a_role_on_another_roles_endpoints_is_forbidden_and_stores_nothing(guarded, people):
    s, cat = guarded.stack, guarded.catalog
    applicant, partner = (
        auth(Role.APPLICANT, "app-x"),
        auth(Role.PARTNER, "partner-x", institutions=[cat.institution_id]),
    )
    officer = auth(Role.OFFICER, "officer-x")
    new_inst = f"inst-{uuid.uuid4().hex[:8]}"
    hook = f"https://partner.example/hook-{new_inst}"
    async with httpx.AsyncClient(timeout=30) as c:
        refused = [
            await c.get(f"{s.matching.url}/cycles/{cat.cycle_id}/pool", headers=applicant),
            await c.get(f"{s.matching.url}/cycles/{cat.cycle_id}/pool", headers=partner),
            await c.post(
                f"{s.matching.url}/institutions",
                headers=applicant,
                json={"id": new_inst, "name": "Tianjin Urban Construction College", "country": "CN"},
            ),
            await c.post(
                f"{s.matching.url}/institutions",
                headers=partner,
                json={"id": new_inst, "name": "Tianjin Urban Construction College", "country": "CN"},
            ),
            await c.post(f"{s.matching.url}/cycles/{cat.cycle_id}/rounds", headers=applicant, json={}),
            # (the applications service also wants the token's account to exist: a real applicant)
            await c.get(f"{s.applications.url}/admin/accounts", headers=people["b"].headers),
            await c.get(f"{s.notifications.url}/notifications", headers=applicant),
            await c.get(f"{s.notifications.url}/partner/feed", headers=officer),
            await c.post(
                f"{s.notifications.url}/webhooks/subscriptions",
                headers=applicant,
                json={"url": hook, "institution_id": cat.institution_id, "event_types": []},
            ),
        ]
    for r in refused:
        assert r.status_code == 403, f"{r.request.method} {r.request.url} -> {r.status_code} {r.text[:200]}"
    # a host's admissions staff read their own inbox (the admission deadline's reminders), nobody else's
    async with httpx.AsyncClient(timeout=30) as c:
        theirs = await c.get(f"{s.notifications.url}/inbox", headers=partner)
    assert theirs.status_code == 200 and theirs.json()["total"] == 0
    assert await count(guarded.engines["matching"], "SELECT count(*) FROM institutions WHERE id = :i", i=new_inst) == 0
    assert (
        await count(guarded.engines["matching"], "SELECT count(*) FROM rounds WHERE cycle_id = :c", c=cat.cycle_id) == 0
    )
    assert (
        await count(
            guarded.engines["notifications"], "SELECT count(*) FROM webhook_subscriptions WHERE url = :u", u=hook
        )
        == 0
    )


async def test_an_applicant_cannot_reach_another_applicants_data(guarded, people):
    a, b, app_id = people["a"], people["b"], people["submitted"]
    s = guarded.stack
    async with httpx.AsyncClient(base_url=s.applications.url, timeout=30) as c:
        assert (await c.get(f"/applications/{app_id}", headers=a.headers)).status_code == 200
        for r in [
            await c.get(f"/applications/{app_id}", headers=b.headers),
            await c.get(f"/applications/{app_id}/documents", headers=b.headers),
            await c.post(f"/applications/{app_id}/withdraw", headers=b.headers),
            await c.patch(f"/applications/{app_id}", headers=b.headers, json={"grade": 10}),
            await c.post(
                f"/applications/{app_id}/documents",
                headers=b.headers,
                data={"kind": "passport"},
                files={"file": ("p.pdf", PDF, "application/pdf")},
            ),
        ]:
            assert r.status_code == 404, f"{r.request.method} {r.request.url} -> {r.status_code} {r.text[:200]}"
        listing = (await c.get("/applications", headers=b.headers)).json()
        assert app_id not in {i["id"] for i in listing["items"]}
        assert (await c.get(f"/applications/{app_id}", headers=a.headers)).json()["status"] == "submitted"
    assert (
        await count(
            guarded.engines["applications"], "SELECT count(*) FROM documents WHERE application_id = :a", a=app_id
        )
        == 0
    )

    # A's notification reaches A's inbox only.
    async def a_told():
        async with httpx.AsyncClient(timeout=30) as c:
            r = await c.get(f"{s.notifications.url}/inbox", headers=auth(Role.APPLICANT, a.id))
        return r.json()["total"] >= 1

    await wait_for(a_told, timeout=60, what="A's inbox entry")
    async with httpx.AsyncClient(timeout=30) as c:
        b_inbox = (await c.get(f"{s.notifications.url}/inbox", headers=auth(Role.APPLICANT, b.id))).json()
        mine = await c.get(f"{s.notifications.url}/inbox", headers=auth(Role.APPLICANT, a.id))
        entry = mine.json()["items"][0]["id"]
        stolen = await c.post(f"{s.notifications.url}/inbox/{entry}/read", headers=auth(Role.APPLICANT, b.id))
    assert all(i["recipient_id"] == b.id for i in b_inbox["items"])
    assert stolen.status_code == 404
    assert (
        await count(
            guarded.engines["notifications"],
            "SELECT count(*) FROM inbox_entries WHERE id = :i AND read_at IS NOT NULL",
            i=entry,
        )
        == 0
    )


async def test_a_partner_sees_only_its_own_institutions_events(guarded, people):
    s, host = guarded.stack, guarded.catalog.institution_id
    other = f"inst-{uuid.uuid4().hex[:8]}"
    own_partner = auth(Role.PARTNER, "xjmu-system", institutions=[host])
    other_partner = auth(Role.PARTNER, "luban-system", institutions=[other])
    async with httpx.AsyncClient(base_url=s.notifications.url, timeout=30) as c:

        async def host_feed():
            r = await c.get("/partner/feed", params={"limit": 500}, headers=own_partner)
            return [i for i in r.json()["items"] if i["data"].get("application_id") == people["submitted"]]

        assert await wait_for(host_feed, timeout=60, what="the host institution's feed entry")
        asked = await c.get("/partner/feed", params={"institution_id": host}, headers=other_partner)
        assert asked.status_code == 403 and asked.json()["errors"][0]["field"] == "institution_id"
        own = await c.get("/partner/feed", params={"limit": 500}, headers=other_partner)
        assert own.status_code == 200 and own.json()["items"] == []


async def test_an_upload_that_lies_about_its_type_is_refused_and_nothing_is_kept(guarded, people):
    a = people["a"]
    async with httpx.AsyncClient(base_url=guarded.stack.applications.url, timeout=30) as c:
        draft = (
            await c.post(
                "/applications",
                headers=a.headers,
                json={"cycle_id": guarded.catalog.cycle_id, "choices": [guarded.catalog.faculty_programme]},
            )
        ).json()
        draft_id = draft.get("id")
        if draft_id is None:  # one active application per cycle: use the submitted one (still editable)
            draft_id = people["submitted"]
        before = files_under(guarded.documents_dir)
        for name, content, declared in [
            ("photo.pdf", PNG, "application/pdf"),  # a PNG declared as PDF
            ("transcript.pdf", b"MZ\x90\x00 not a pdf at all", "application/pdf"),  # an executable as PDF
            ("scan.png", PDF, "image/png"),  # a PDF declared as PNG
        ]:
            r = await c.post(
                f"/applications/{draft_id}/documents",
                headers=a.headers,
                data={"kind": "transcript"},
                files={"file": (name, content, declared)},
            )
            assert r.status_code in (415, 422), f"{name}: {r.status_code} {r.text[:200]}"
            assert r.json()["errors"][0]["field"] == "file"
        assert files_under(guarded.documents_dir) == before
    assert (
        await count(
            guarded.engines["applications"], "SELECT count(*) FROM documents WHERE application_id = :a", a=draft_id
        )
        == 0
    )


async def test_a_path_traversal_file_name_writes_nothing_outside_the_documents_folder(guarded, people):
    a, folder = people["a"], guarded.documents_dir
    escape_targets = [folder.parent / "escaped.pdf", folder.parent.parent / "escaped.pdf"]
    async with httpx.AsyncClient(base_url=guarded.stack.applications.url, timeout=30) as c:
        r = await c.post(
            f"/applications/{people['submitted']}/documents",
            headers=a.headers,
            data={"kind": "passport"},
            files={"file": ("../../escaped.pdf", PDF, "application/pdf")},
        )
        r2 = await c.post(
            f"/applications/{people['submitted']}/documents",
            headers=a.headers,
            data={"kind": "passport"},
            files={"file": ("..\\..\\escaped.pdf", PDF, "application/pdf")},
        )
    for resp in (r, r2):
        # Either refused, or kept under a generated name inside the folder with a harmless display name.
        if resp.status_code == 201:
            name = resp.json()["original_name"]
            assert "/" not in name and "\\" not in name and ".." not in name, name
        else:
            assert 400 <= resp.status_code < 500, resp.text
    assert not any(t.exists() for t in escape_targets)
    stored = await count(
        guarded.engines["applications"],
        "SELECT count(*) FROM documents WHERE application_id = :a",
        a=people["submitted"],
    )
    inside = [p for p in folder.rglob("*") if p.is_file()]
    assert all(p.resolve().parent == folder.resolve() for p in inside)
    assert stored == len([x for x in (r, r2) if x.status_code == 201])


@pytest.mark.parametrize("service", ["applications", "matching", "notifications"])
@pytest.mark.parametrize("secret", [DEV_JWT_SECRET, "", "short-secret"])
def test_no_service_starts_with_a_known_empty_or_short_secret(service, secret, tmp_path: Path):
    """Where the secret signs anything: every service without a key pair, and the applications
    service always (referee links). With a key pair, matching and notifications use no secret
    at all (tests/unit/test_token_keys.py)."""
    env = service_env(service, f"sqlite+aiosqlite:///{tmp_path}/{service}.db", "127.0.0.1:9")
    env.update({"CORRIDOR_JWT_SECRET": secret, "CORRIDOR_ENV": "production"})
    if service != "applications":
        env.pop("CORRIDOR_JWT_PUBLIC_KEY_FILE")
    proc = ServiceProcess(service, env, tmp_path / f"{service}.log")
    with pytest.raises(RuntimeError, match="exited early"):
        proc.start(timeout=60)
    assert "CORRIDOR_JWT_SECRET" in proc.log_tail(80)
    proc.stop()


async def test_a_revoked_token_is_refused_everywhere(guarded):
    """Log-out and a password change: the earlier token is refused by every service (by
    account.tokens_revoked on Kafka, within seconds), a new one works."""
    s = guarded.stack
    where = {
        "applications": f"{s.applications.url}/me",
        "matching": f"{s.matching.url}/cycles/{guarded.catalog.cycle_id}/pool",
        "notifications": f"{s.notifications.url}/inbox",
    }
    async with httpx.AsyncClient(base_url=s.applications.url, timeout=30) as c:
        who = await register(c)
        for name, url in where.items():
            assert (await c.get(url, headers=who.headers)).status_code != 401, name
        assert (await c.post("/auth/logout", headers=who.headers)).status_code == 204

        async def refused_everywhere(headers) -> bool:
            answers = [await c.get(url, headers=headers) for url in where.values()]
            return all(r.status_code == 401 and r.json()["code"] == "auth.revoked" for r in answers)

        me = await c.get(where["applications"], headers=who.headers)
        assert me.status_code == 401 and me.json()["code"] == "auth.revoked"  # the applications service: at once
        await wait_for(lambda: refused_everywhere(who.headers), timeout=60, what="the log-out seen everywhere")
        again = await login(c, who.email)
        r = await c.post(
            "/me/password",
            headers=again,
            json={"current_password": PASSWORD, "new_password": "lantern-quiet-meadow-64"},
        )
        assert r.status_code == 200, r.text
        await wait_for(lambda: refused_everywhere(again), timeout=60, what="the password change seen everywhere")
        await wait_for(lambda: refused_everywhere(who.headers), timeout=10, what="the logout still refused")
        fresh = {"Authorization": f"Bearer {r.json()['access_token']}"}
        for name, url in where.items():
            assert (await c.get(url, headers=fresh)).status_code != 401, name


async def test_an_upload_from_an_unknown_or_revoked_caller_is_refused_on_its_headers_before_any_body(guarded, people):
    """Item 3: an anonymous client used to make the service spool a whole upload first. Here
    only the headers of a 9 MiB upload are sent; the 401 must come back without the body."""
    host, port = guarded.stack.applications.url.removeprefix("http://").split(":")
    target = f"/applications/{people['submitted']}/documents"
    for authorization in ("", "Authorization: Bearer not-a-token\r\n"):
        reader, writer = await asyncio.open_connection(host, int(port))
        writer.write(
            (
                f"POST {target} HTTP/1.1\r\nHost: {host}\r\n{authorization}"
                "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 9437184\r\n\r\n"
            ).encode()
        )
        await writer.drain()
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)  # no body was sent
        assert head.startswith(b"HTTP/1.1 401 "), head
        assert b"www-authenticate: bearer" in head.lower()
        writer.close()
