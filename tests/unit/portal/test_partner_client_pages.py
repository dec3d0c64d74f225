"""A partner's staff make their systems' client credentials in the portal (only the
applications API could, with an account id no page showed): the account id, the token
endpoint and a client-credentials example on the page; a client made with its secret shown
once; a rotation and a revocation each after a confirmation saying every token of the
account ends, this sign-in's too; other roles refused; every page in Chinese, Russian and
Urdu with no English left."""

from __future__ import annotations

import html
import json
import re

import httpx
import pytest

from services.portal.partner_client_words import PARTNER_CLIENT_WORDS
from services.portal.views.partner_clients import REFUSALS
from tests.unit.portal.test_pages_with_fake_services import (
    FakeApplications,
    csrf_of,
    log_in,
    portal_over,
    problem,
)
from tests.unit.portal.test_webhook_pages import Catalog, Notifications

ACCOUNT = "u1"  # the fake token's sub: the partner account
SECRET = "c2VjcmV0LW9mLXRoZS1maXJzdC1jbGllbnQtb2YtbHp1"
NEW_SECRET = "bmV3LXNlY3JldC1hZnRlci1yb3RhdGlvbi1vZi1semU"
CLIENT = {
    "client_id": "pc_1",
    "account_id": ACCOUNT,
    "name": "Admissions system",
    "created_at": "2026-11-01T09:30:00+00:00",
    "rotated_at": None,
    "revoked_at": None,
    "last_used_at": "2026-11-20T08:00:00+00:00",
}


class Applications(FakeApplications):
    """The applications service's /partners/{account_id}/clients, as far as the pages use it."""

    def __init__(self):
        super().__init__()
        self.clients = {CLIENT["client_id"]: dict(CLIENT)}
        self.sent: list[tuple[str, str, dict]] = []
        self.refuse_make: httpx.Response | None = None
        self.made_for: dict = {}  # by Idempotency-Key (a rotation: by its path and key)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        method, path = request.method, request.url.path
        base = f"/partners/{ACCOUNT}/clients"
        if not path.startswith("/partners/"):
            return super().__call__(request)
        if not path.startswith(base):
            return problem(403, "partner_client.not_yours", "account_id", "not yours")
        body = json.loads(request.content) if request.content else {}
        if (method, path) == ("GET", base):
            items = list(self.clients.values())
            return httpx.Response(200, json={"items": items, "total": len(items), "offset": 0, "limit": 500})
        if (method, path) == ("POST", base):
            key = request.headers.get("idempotency-key")
            if key in self.made_for:  # as the service: the same request again answers the first, its secret left out
                return httpx.Response(201, json={**self.made_for[key], "client_secret": None})
            self.sent.append((method, path, body))
            if self.refuse_make is not None:
                return self.refuse_make
            made = {**CLIENT, "client_id": "pc_2", "name": body["name"], "last_used_at": None}
            self.clients["pc_2"] = self.made_for[key] = made
            return httpx.Response(201, json={**made, "client_secret": SECRET})
        client = self.clients.get(path.split("/")[4])
        if client is None:
            return problem(404, "partner_client.not_found", "client_id", "no such client")
        key = request.headers.get("idempotency-key")
        if method == "POST" and path.endswith("/rotate") and (path, key) in self.made_for:  # as the service
            return httpx.Response(200, json={**client, "client_secret": None})
        self.sent.append((method, path, body))
        if method == "POST" and path.endswith("/rotate"):
            client["rotated_at"] = "2026-12-01T10:00:00+00:00"
            self.made_for[(path, key)] = client
            return httpx.Response(200, json={**client, "client_secret": NEW_SECRET})
        if method == "DELETE":
            client["revoked_at"] = "2026-12-01T10:00:00+00:00"
            return httpx.Response(204)
        return httpx.Response(404, json={"code": "not_found", "detail": "Not Found", "errors": []})


def _portal(role: str = "partner"):
    accounts = Applications()
    accounts.role = role
    accounts.scope = {"institutions": ["lzu"]}  # type: ignore[attr-defined]
    return portal_over(accounts, Catalog(), Notifications())


@pytest.fixture
async def partner():
    async with _portal() as client:
        await log_in(client)
        yield client


def _fake(client) -> Applications:
    return client.fake


def _text(page: httpx.Response) -> str:
    return html.unescape(page.text)


async def test_the_page_shows_the_account_id_the_token_endpoint_and_an_example(partner):
    webhooks = await partner.get("/webhooks")
    assert 'href="/partner/clients"' in webhooks.text  # reached from the partner systems page
    page = await partner.get("/partner/clients")
    assert page.status_code == 200, page.text
    assert '<a href="/webhooks" aria-current="page">Partner systems</a>' in page.text  # in the navigation
    text = _text(page)
    settings = partner._transport.app.state.settings
    token_url = f"{settings.applications_url}/auth/token"
    assert re.search(rf'id="account-id" dir="ltr">{ACCOUNT}<', page.text)
    assert f'id="token-url" dir="ltr">{token_url}<' in text
    example = re.search(r'id="curl-example"><code>(.*?)</code>', text, re.S).group(1)
    assert token_url in example and "grant_type=client_credentials" in example and "client_id=" in example
    row = re.search(r'<tr id="client-pc_1">(.*?)</tr>', text, re.S).group(1)
    assert "Admissions system" in row and "pc_1" in row and "active" in row
    assert 'href="/partner/clients/pc_1/rotate"' in row and 'href="/partner/clients/pc_1/revoke"' in row
    # the address partners' systems reach, when the portal knows the services by another
    settings.public_applications_url = "https://applications.corridor.example.org"
    page = await partner.get("/partner/clients")
    assert "https://applications.corridor.example.org/auth/token" in _text(page)


async def test_a_client_is_made_with_its_secret_shown_once(partner):
    fake = _fake(partner)
    page = await partner.get("/partner/clients")
    once = re.search(r'name="once" value="([^"]+)"', page.text).group(1)
    form = {"csrf": csrf_of(page.text), "once": once, "name": "  Student   records "}
    made = await partner.post("/partner/clients", data=form)
    assert made.status_code == 201, made.text
    assert fake.sent == [("POST", f"/partners/{ACCOUNT}/clients", {"name": "Student records"})]
    assert made.headers["cache-control"] == "no-store"
    text = _text(made)
    assert f'value="{SECRET}"' in text and "it will not be shown again" in text
    assert 'id="client-id">pc_2<' in text and "client_id=pc_2" in text  # the example filled in
    # the form sent again (the page reloaded, a double click) is the same request at the service, which
    # makes nothing more; the secret is not shown again
    again = await partner.post("/partner/clients", data=form, follow_redirects=True)
    assert len(fake.sent) == 1 and SECRET not in again.text and "was made already" in _text(again)
    assert list(fake.made_for) == [once]  # the form's value was the request's Idempotency-Key
    listed = await partner.get("/partner/clients")
    assert 'id="client-pc_2"' in listed.text and SECRET not in listed.text


async def test_a_refused_or_empty_name_is_said_on_its_field(partner):
    fake = _fake(partner)
    csrf = csrf_of((await partner.get("/partner/clients")).text)
    empty = await partner.post("/partner/clients", data={"csrf": csrf, "once": "a", "name": "   "})
    assert empty.status_code == 422 and "Give the client a name." in _text(empty) and fake.sent == []
    fake.refuse_make = problem(409, "partner_client.too_many", "account_id", "at most 20", limit=20)
    refused = await partner.post("/partner/clients", data={"csrf": csrf, "once": "b", "name": "Third system"})
    assert refused.status_code == 409
    assert "Your account has 20 active clients" in _text(refused) and 'value="Third system"' in refused.text


async def test_a_rotation_asks_first_shows_the_new_secret_once_and_keeps_this_sign_in(partner):
    fake = _fake(partner)
    asking = await partner.get("/partner/clients/pc_1/rotate")
    assert asking.status_code == 200 and "and so do the tokens this client got" in _text(asking)
    assert "Your sign-in and your other systems' tokens stand." in _text(asking)
    csrf = csrf_of(asking.text)
    # a post without the confirmation asks first
    unconfirmed = await partner.post("/partner/clients/pc_1/rotate", data={"csrf": csrf})
    assert unconfirmed.status_code == 200 and 'id="confirm-rotate"' in unconfirmed.text and fake.sent == []
    rotated = await partner.post("/partner/clients/pc_1/rotate", data={"csrf": csrf, "confirm": "yes"})
    assert rotated.status_code == 200, rotated.text
    assert fake.sent == [("POST", f"/partners/{ACCOUNT}/clients/pc_1/rotate", {})]
    assert f'value="{NEW_SECRET}"' in rotated.text and rotated.headers["cache-control"] == "no-store"
    assert 'id="signed-out"' in rotated.text and 'href="/partner/clients"' in rotated.text
    # only the client's tokens ended (the service revokes by client): this sign-in goes on
    after = await partner.get("/partner/clients")
    assert after.status_code == 200
    # the confirmation sent twice (a double click): one rotation; the second says so, no secret
    once = re.search(r'name="once" value="([^"]+)"', asking.text).group(1)
    form = {"csrf": csrf, "confirm": "yes", "once": once}
    first = await partner.post("/partner/clients/pc_1/rotate", data=form)
    again = await partner.post("/partner/clients/pc_1/rotate", data=form, follow_redirects=True)
    assert NEW_SECRET in first.text and NEW_SECRET not in again.text and len(fake.sent) == 2
    assert "The secret was rotated already" in _text(again)


async def test_a_revocation_asks_first_saying_the_clients_tokens_end(partner):
    fake = _fake(partner)
    asking = await partner.get("/partner/clients/pc_1/revoke")
    assert asking.status_code == 200
    assert "the tokens it got stop working" in _text(asking) and "Your sign-in" in _text(asking)
    revoked = await partner.post("/partner/clients/pc_1/revoke", data={"csrf": csrf_of(asking.text), "confirm": "yes"})
    assert revoked.status_code == 303 and revoked.headers["location"] == "/partner/clients"
    assert fake.sent == [("DELETE", f"/partners/{ACCOUNT}/clients/pc_1", {})]
    back = await partner.get("/partner/clients")
    assert back.status_code == 200 and "The client was revoked" in _text(back)
    # another account's client, or none, is no page
    async with _portal() as other:
        await log_in(other)
        assert (await other.get("/partner/clients/pc_9/revoke")).status_code == 404


@pytest.mark.parametrize("role", ["officer", "admin", "applicant", "coordinator"])
async def test_other_roles_are_refused(role):
    async with _portal(role) as client:
        await log_in(client)
        for address in ("/partner/clients", "/partner/clients/pc_1/rotate", "/partner/clients/pc_1/revoke"):
            assert (await client.get(address)).status_code == 403, address
        page = await client.get("/partner/clients")
        assert 'href="/partner/clients"' not in page.text  # not in their navigation
        r = await client.post("/partner/clients/pc_1/revoke", data={"csrf": csrf_of(page.text), "confirm": "yes"})
        assert r.status_code == 403 and _fake(client).sent == []


ENGLISH = sorted(k for k in PARTNER_CLIENT_WORDS if len(k) > 4 and "{" not in k)


@pytest.mark.parametrize("lang", ["zh", "ru", "ur"])
async def test_every_page_is_in_the_readers_language_with_no_english_left(partner, lang):
    fake = _fake(partner)
    await partner.get(f"/language/{lang}?next=/")
    listed = await partner.get("/partner/clients")
    csrf = csrf_of(listed.text)
    made = await partner.post("/partner/clients", data={"csrf": csrf, "once": "x", "name": "Intake"})
    empty = await partner.post("/partner/clients", data={"csrf": csrf, "once": "y", "name": ""})
    fake.refuse_make = problem(409, "partner_client.too_many", "account_id", "at most 20", limit=20)
    refused = await partner.post("/partner/clients", data={"csrf": csrf, "once": "z", "name": "More"})
    pages = {
        "list": listed,
        "made": made,
        "empty": empty,
        "refused": refused,
        "rotate": await partner.get("/partner/clients/pc_1/rotate"),
        "revoke": await partner.get("/partner/clients/pc_1/revoke"),
        "rotated": await partner.post("/partner/clients/pc_1/rotate", data={"csrf": csrf, "confirm": "yes"}),
    }
    for name, page in pages.items():
        assert page.status_code in (200, 201, 409, 422), (name, page.status_code)
        text = _text(page)
        left = [w for w in ENGLISH if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]
        assert left == [], (name, left)


def test_every_refusal_the_page_words_is_translated():
    assert set(REFUSALS.values()) <= set(PARTNER_CLIENT_WORDS)
