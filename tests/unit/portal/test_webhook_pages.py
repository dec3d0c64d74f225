"""Partners and admins manage webhook endpoints in the portal (only the notifications API
could): an endpoint added with its events and institution, its signing secret shown once, a
refusal beside its field with what was typed kept, a test event's answer, a rotation and a
stop each after a confirmation, deliveries with a dead one tried again; officers and
applicants refused; every page in Chinese, Russian and Urdu with no English left."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs

import httpx
import pytest

from services.notifications.domain.delivery import DeliveryStatus
from services.notifications.domain.partner import PARTNER_EVENT_TYPES
from services.portal.domain import webhooks as hooks
from services.portal.i18n import CATALOGS, translate
from services.portal.webhook_words import WEBHOOK_WORDS
from tests.unit.portal.test_pages_with_fake_services import (
    FakeApplications,
    FakeMatching,
    csrf_of,
    log_in,
    portal_over,
    problem,
)

SECRET = "whsec_c2VjcmV0LW9mLXRoZS1maXJzdC1lbmRwb2ludA=="
NEW_SECRET = "whsec_bmV3LXNlY3JldC1hZnRlci1yb3RhdGlvbg=="
INSTITUTIONS = [
    {"id": "lzu", "name": "Lanzhou University", "country": "CN"},
    {"id": "xjmu", "name": "Xinjiang Medical University", "country": "CN"},
    {"id": "pku", "name": "Peking University", "country": "CN"},
]
SUB = {
    "id": "sub_1",
    "institution_id": "lzu",
    "url": "https://lzu.example.edu/corridor/hooks",
    "event_types": ["application.submitted", "admission.decided"],
    "description": "Admissions office system",
    "active": True,
    "created_at": "2026-11-01T09:30:00+00:00",
    "previous_secret_until": None,
}
DEAD = {
    "id": "del_dead",
    "subscription_id": "sub_1",
    "institution_id": "lzu",
    "message_id": "msg_dead",
    "type": "application.submitted",
    "status": "dead",
    "attempts": 8,
    "next_attempt_at": "2026-11-02T10:00:00+00:00",
    "last_error": "connection refused",
    "last_status_code": 502,
    "created_at": "2026-11-01T10:00:00+00:00",
    "delivered_at": None,
}
DONE = {
    **DEAD,
    "id": "del_done",
    "message_id": "msg_done",
    "type": "admission.decided",
    "status": "delivered",
    "attempts": 1,
    "last_error": None,
    "last_status_code": 200,
    "delivered_at": "2026-11-01T10:00:02+00:00",
}

RETRYING = {
    **DEAD,
    "id": "del_retrying",
    "message_id": "msg_retrying",
    "status": "pending",
    "attempts": 3,
    "next_attempt_at": "2026-11-02T11:30:00+00:00",
    "last_error": "ConnectError: All connection attempts failed",
    "last_status_code": None,
}
FIRST = {**RETRYING, "id": "del_first", "message_id": "msg_first", "attempts": 0, "last_error": None}


class Notifications:
    """The notifications service's /webhooks API, as far as the pages use it; records each change."""

    def __init__(self):
        self.subs = {SUB["id"]: dict(SUB)}
        self.deliveries = [dict(DEAD), dict(DONE), dict(RETRYING), dict(FIRST)]
        self.sent: list[tuple[str, str, dict]] = []
        self.refuse_add: httpx.Response | None = None
        self.made_for: dict[str | None, dict] = {}  # by Idempotency-Key
        self.ping_answer = {"message_id": "msg_ping", "delivered": True, "status_code": 204, "error": None}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        method, path = request.method, request.url.path
        body = json.loads(request.content) if request.content else {}
        page = {"offset": 0, "limit": 50}
        if (method, path) == ("GET", "/webhooks/subscriptions"):
            items = list(self.subs.values())
            return httpx.Response(200, json={"items": items, "total": len(items), **page})
        if (method, path) == ("POST", "/webhooks/subscriptions"):
            key = request.headers.get("idempotency-key")
            if key in self.made_for:  # as the service: the same request again answers the first, its secret left out
                return httpx.Response(201, json={**self.made_for[key], "secret": None})
            self.sent.append((method, path, body))
            if self.refuse_add is not None:
                return self.refuse_add
            made = {**SUB, **body, "id": "sub_2", "active": True, "previous_secret_until": None}
            self.subs["sub_2"] = self.made_for[key] = {k: v for k, v in made.items() if k != "secret"}
            return httpx.Response(201, json={**made, "secret": SECRET})
        if (method, path) == ("GET", "/webhooks/deliveries"):
            status, sub = request.url.params.get("status"), request.url.params.get("subscription_id")
            items = [
                d
                for d in self.deliveries
                if (not status or d["status"] == status) and (not sub or d["subscription_id"] == sub)
            ]
            return httpx.Response(200, json={"items": items, "total": len(items), **page})
        if method == "POST" and path.startswith("/webhooks/deliveries/") and path.endswith("/replay"):
            self.sent.append((method, path, body))
            row = next((d for d in self.deliveries if d["id"] == path.split("/")[3]), None)
            if row is None:
                return problem(404, "delivery.not_found", "delivery_id", "no such delivery")
            if row["status"] != "dead":
                return problem(409, "delivery.not_dead", "status", f"only dead deliveries are replayed; this one is {row['status']}")  # fmt: skip
            row["status"], row["attempts"] = "pending", 0
            return httpx.Response(200, json=row)
        if path.startswith("/webhooks/subscriptions/"):
            parts = path.split("/")
            sub = self.subs.get(parts[3])
            if sub is None:
                return problem(404, "subscription.not_found", "subscription_id", "no such subscription")
            if method == "GET" and len(parts) == 4:  # one subscription
                return httpx.Response(200, json=sub)
            if method == "DELETE":
                self.sent.append((method, str(request.url), {"reason": request.url.params.get("reason")}))
                sub["active"] = False
                return httpx.Response(204)
            if parts[-1] == "ping":
                self.sent.append((method, path, body))
                return httpx.Response(200, json=self.ping_answer)
            if parts[-1] == "retry":
                self.sent.append((method, path, body))
                return httpx.Response(200, json={"due_now": getattr(self, "waiting", 0)})
            if parts[-1] == "secret":
                self.sent.append((method, path, body))
                until = datetime.now(UTC) + timedelta(seconds=body["overlap_seconds"])
                sub["previous_secret_until"] = until.isoformat() if body["overlap_seconds"] else None
                return httpx.Response(200, json={**sub, "secret": NEW_SECRET})
        return httpx.Response(404, json={"code": "not_found", "detail": "Not Found", "errors": []})


class Catalog(FakeMatching):
    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/institutions":
            return httpx.Response(200, json={"items": INSTITUTIONS, "total": len(INSTITUTIONS)})
        return super().__call__(request)


def _portal(role: str, institutions: list[str] | None = None):
    accounts = FakeApplications()
    accounts.role = role
    if institutions is not None:
        accounts.scope = {"institutions": institutions}  # type: ignore[attr-defined]
    return portal_over(accounts, Catalog(), Notifications())


@pytest.fixture
async def partner():
    """A partner acting for two host institutions."""
    async with _portal("partner", ["lzu", "xjmu"]) as client:
        await log_in(client)
        yield client


def _fake(client) -> Notifications:
    return client._transport.app.state.services.notifications.http._transport.handler


def _text(page: httpx.Response) -> str:
    return html.unescape(page.text)


def _error_on(page: httpx.Response, name: str) -> str:
    return html.unescape(re.search(rf'id="e-{re.escape(name)}">(.*?)</p>', page.text, re.S).group(1))


async def test_a_partner_adds_an_endpoint_for_one_of_its_institutions_and_sees_the_secret_once(partner):
    fake = _fake(partner)
    page = await partner.get("/webhooks")
    assert page.status_code == 200, page.text
    assert '<a href="/webhooks" aria-current="page">Partner systems</a>' in page.text  # in the navigation
    # the endpoint listed by its address, its institution by name, its events in words
    row = re.search(r'<tr id="endpoint-sub_1">(.*?)</tr>', page.text, re.S).group(1)
    assert SUB["url"] in row and "Lanzhou University" in row
    assert "Application submitted" in row and "Admission decided" in row and "active" in row
    # the institution chosen among the partner's own two only
    select = re.search(r'<select id="f-institution_id".*?</select>', page.text, re.S).group(0)
    assert 'value="lzu"' in select and 'value="xjmu"' in select and "pku" not in select
    assert "Peking University" not in page.text
    for t in hooks.EVENT_TYPES:
        assert f'name="event_types[]" value="{t}"' in page.text
    form = {
        "csrf": csrf_of(page.text),
        "url": " https://xjmu.example.edu/corridor ",
        "event_types[]": ["admission.requested", "admission.decided"],
        "institution_id": "xjmu",
        "description": "Student records",
    }
    made = await partner.post("/webhooks", data=form)
    assert made.status_code == 201, made.text
    assert fake.sent == [
        (
            "POST",
            "/webhooks/subscriptions",
            {
                "url": "https://xjmu.example.edu/corridor",
                "event_types": ["admission.requested", "admission.decided"],
                "institution_id": "xjmu",
                "description": "Student records",
            },
        )
    ]
    text = _text(made)
    assert f'value="{SECRET}"' in made.text and "it will not be shown again" in text
    assert made.headers["cache-control"] == "no-store"
    # how to verify: the three headers, HMAC-SHA256, and the standard's site
    for word in ("webhook-id", "webhook-timestamp", "webhook-signature", "HMAC-SHA256"):
        assert word in text
    assert 'href="https://www.standardwebhooks.com/"' in made.text
    # never again: not on the list, nor on the endpoint's page
    listed = await partner.get("/webhooks")
    assert "https://xjmu.example.edu/corridor" in listed.text and "Xinjiang Medical University" in listed.text
    assert SECRET not in listed.text and "whsec_" not in listed.text
    assert SECRET not in (await partner.get("/webhooks/sub_2")).text
    # none chosen: every event (the service's empty list)
    fake.sent.clear()
    form = {"csrf": csrf_of(listed.text), "url": "https://lzu.example.edu/all", "institution_id": "lzu"}
    assert (await partner.post("/webhooks", data=form)).status_code == 201
    assert fake.sent[0][2]["event_types"] == [] and fake.sent[0][2]["institution_id"] == "lzu"


async def test_a_partner_of_one_institution_is_not_asked_which_and_not_offered_others():
    async with _portal("partner", ["lzu"]) as client:
        await log_in(client)
        page = await client.get("/webhooks")
        assert 'id="f-institution_id"' not in page.text
        assert re.search(r'id="only-institution">.*Lanzhou University', page.text)
        assert "Peking University" not in page.text and "Xinjiang Medical University" not in page.text
        form = {"csrf": csrf_of(page.text), "url": "https://lzu.example.edu/hooks", "institution_id": "pku"}
        assert (await client.post("/webhooks", data=form)).status_code == 201
        assert _fake(client).sent[0][2]["institution_id"] == "lzu"  # its own, whatever was posted


async def test_an_admin_chooses_any_institution_and_finds_the_page_in_the_navigation():
    async with _portal("admin") as client:
        await log_in(client)
        home = await client.get("/webhooks")
        assert home.status_code == 200 and 'href="/webhooks"' in home.text
        # an admin has no institution of its own: the intro speaks of the hosts' (it said "your institution's")
        intro = home.text.split('id="webhooks-intro">', 1)[1].split("</p>", 1)[0]
        assert intro.startswith("Host institutions&#39; systems") and "As an admin" in intro
        select = re.search(r'<select id="f-institution_id".*?</select>', home.text, re.S).group(0)
        assert all(f'value="{i["id"]}"' in select for i in INSTITUTIONS)
        # none chosen: refused here, beside the field, nothing sent
        form = {"csrf": csrf_of(home.text), "url": "https://pku.example.edu/h", "institution_id": ""}
        refused = await client.post("/webhooks", data=form)
        assert refused.status_code == 422 and _fake(client).sent == []
        assert "Choose the institution the endpoint is for." in _error_on(refused, "institution_id")
        form["institution_id"] = "pku"
        assert (await client.post("/webhooks", data=form)).status_code == 201
        assert _fake(client).sent[0][2]["institution_id"] == "pku"


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
async def test_an_institution_the_service_does_not_know_is_said_on_its_field(lang):
    """The service refuses an institution missing from its catalog (one added a moment ago,
    not yet heard of): the form says so in words, not as a code."""
    async with _portal("admin") as client:
        await log_in(client)
        await client.get(f"/language/{lang}?next=/")
        home = await client.get("/webhooks")
        _fake(client).refuse_add = problem(
            422, "webhook.unknown_institution", "institution_id", "no institution 'pku' in the catalog"
        )
        form = {"csrf": csrf_of(home.text), "url": "https://pku.example.edu/h", "institution_id": "pku"}
        refused = await client.post("/webhooks", data=form)
        assert refused.status_code == 422
        said = _error_on(refused, "institution_id")
        assert said.endswith(translate(lang, hooks.REFUSALS["webhook.unknown_institution"]))
        assert lang == "en" or not said.endswith(hooks.REFUSALS["webhook.unknown_institution"])


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_a_refused_address_is_said_on_its_field_with_what_was_typed_kept(partner, lang):
    fake = _fake(partner)
    await partner.get(f"/language/{lang}?next=/")
    page = await partner.get("/webhooks")
    fake.refuse_add = problem(422, "webhook.url_not_public", "url", "the host's address is not public (private)")
    form = {
        "csrf": csrf_of(page.text),
        "url": "https://10.1.2.3/hooks",
        "event_types[]": ["application.withdrawn"],
        "institution_id": "xjmu",
        "description": "Our test box",
    }
    refused = await partner.post("/webhooks", data=form)
    assert refused.status_code == 422
    said = translate(lang, "This address is not on the public internet (a local, private or reserved address): Corridor cannot send events to it.")  # fmt: skip
    assert said in _error_on(refused, "url") and "not public (private)" not in refused.text
    assert 'value="https://10.1.2.3/hooks"' in refused.text and 'value="Our test box"' in refused.text
    assert 'value="application.withdrawn" checked' in refused.text
    assert 'value="application.submitted" checked' not in refused.text
    assert re.search(r'<option value="xjmu" selected>', refused.text)
    assert SECRET not in refused.text
    # a code the portal has no words for: the service's reason, on its field
    fake.refuse_add = problem(422, "webhook.url_brand_new", "url", "the endpoint is on a blocklist")
    refused = await partner.post("/webhooks", data=form)
    assert "the endpoint is on a blocklist" in _error_on(refused, "url")
    # an address that is not https is refused here, without asking the service
    fake.sent.clear()
    refused = await partner.post("/webhooks", data={**form, "url": "http://lzu.example.edu/hooks"})
    assert refused.status_code == 422 and fake.sent == []
    assert translate(lang, "The address must start with https://: events are only sent encrypted.") in _error_on(
        refused, "url"
    )
    assert 'value="http://lzu.example.edu/hooks"' in refused.text


async def test_a_test_event_shows_how_the_endpoint_answered(partner):
    fake = _fake(partner)
    page = await partner.get("/webhooks/sub_1")
    assert page.status_code == 200 and SUB["url"] in page.text and "Admissions office system" in page.text
    # the service's own terse words ("failed: HTTP 503", "failed", "refused"), as it answers them
    fake.ping_answer = {"message_id": "msg_ping", "delivered": False, "status_code": 503, "error": "failed: HTTP 503"}
    answered = await partner.post("/webhooks/sub_1/ping", data={"csrf": csrf_of(page.text)})
    assert answered.status_code == 200
    result = _text(answered)
    assert "The test event was not delivered." in result and "Your endpoint answered HTTP 503." in result
    assert 'id="ping-error"' not in answered.text and "msg_ping" in answered.text  # the status line says it
    assert ("POST", "/webhooks/subscriptions/sub_1/ping", {}) in fake.sent
    fake.ping_answer = {"message_id": "msg_2", "delivered": False, "status_code": None, "error": "failed"}
    answered = await partner.post("/webhooks/sub_1/ping", data={"csrf": csrf_of(page.text)})
    assert "Your endpoint gave no HTTP answer." in answered.text
    said = re.search(r'id="ping-error">(.*?)</bdi>', answered.text, re.S).group(1)
    assert said.startswith("No connection could be made")  # "failed" told a partner nothing
    await partner.get("/language/ur?next=/webhooks/sub_1")
    fake.ping_answer = {"message_id": "msg_4", "delivered": False, "status_code": None, "error": "refused"}
    answered = await partner.post("/webhooks/sub_1/ping", data={"csrf": csrf_of(page.text)})
    said = re.search(r'id="ping-error">(.*?)</bdi>', answered.text, re.S).group(1)
    assert said == translate("ur", hooks.PING_ERRORS["refused"]) != hooks.PING_ERRORS["refused"]
    await partner.get("/language/en?next=/webhooks/sub_1")
    fake.ping_answer = {"message_id": "msg_3", "delivered": True, "status_code": 204, "error": None}
    answered = await partner.post("/webhooks/sub_1/ping", data={"csrf": csrf_of(page.text)})
    assert "The test event was delivered." in answered.text and "HTTP 204" in answered.text
    # the form's address reopened: the endpoint's page
    again = await partner.get("/webhooks/sub_1/ping")
    assert again.status_code == 303 and again.headers["location"] == "/webhooks/sub_1"


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
async def test_an_endpoint_back_sends_what_waits_now(partner, lang):
    """Failed deliveries wait hours apart late in the schedule: once the endpoint works again,
    one button sends every waiting delivery now, and says how many."""
    fake = _fake(partner)
    await partner.get(f"/language/{lang}?next=/webhooks/sub_1")
    page = await partner.get("/webhooks/sub_1")
    assert 'id="retry-waiting"' in page.text and translate(lang, "Send the waiting deliveries now") in page.text
    fake.waiting = 7
    sent = await partner.post("/webhooks/sub_1/retry", data={"csrf": csrf_of(page.text)})
    assert sent.status_code == 303 and sent.headers["location"] == "/webhooks/sub_1"
    assert ("POST", "/webhooks/subscriptions/sub_1/retry", {}) in fake.sent
    shown = (await partner.get("/webhooks/sub_1")).text
    assert translate(lang, "{n} waiting deliveries are being sent now.", n=7) in shown
    fake.waiting = 0
    await partner.post("/webhooks/sub_1/retry", data={"csrf": csrf_of(page.text)})
    assert translate(lang, "No delivery was waiting for its next try.") in (await partner.get("/webhooks/sub_1")).text


async def test_the_secret_is_rotated_only_after_a_confirmation_with_the_overlap_shown(partner):
    fake = _fake(partner)
    page = await partner.get("/webhooks/sub_1")
    assert 'href="/webhooks/sub_1/rotate"' in page.text
    asked = await partner.get("/webhooks/sub_1/rotate")
    assert asked.status_code == 200 and "Rotate the secret?" in asked.text and fake.sent == []
    assert '<option value="86400" selected>' in asked.text  # the service's default overlap
    # a post that did not come from the confirmation asks first
    unconfirmed = await partner.post("/webhooks/sub_1/rotate", data={"csrf": csrf_of(asked.text)})
    assert "Rotate the secret?" in unconfirmed.text and fake.sent == []
    form = {"csrf": csrf_of(asked.text), "confirm": "yes", "overlap_seconds": "259200", "reason": "staff left"}
    rotated = await partner.post("/webhooks/sub_1/rotate", data=form)
    assert rotated.status_code == 200, rotated.text
    assert fake.sent == [
        ("POST", "/webhooks/subscriptions/sub_1/secret", {"overlap_seconds": 259200, "reason": "staff left"})
    ]
    assert f'value="{NEW_SECRET}"' in rotated.text and rotated.headers["cache-control"] == "no-store"
    assert "it will not be shown again" in _text(rotated)
    assert "The previous secret signs too until" in rotated.text
    # the list says until when the previous one signs, never the secret
    listed = await partner.get("/webhooks")
    row = re.search(r'<tr id="endpoint-sub_1">(.*?)</tr>', listed.text, re.S).group(1)
    assert "The previous secret signs too until" in row and NEW_SECRET not in listed.text
    # an overlap not offered is the default one
    fake.sent.clear()
    await partner.post("/webhooks/sub_1/rotate", data={**form, "overlap_seconds": "99999999"})
    assert fake.sent[0][2]["overlap_seconds"] == 86400


async def test_an_endpoint_is_stopped_only_after_a_confirmation_with_the_reason_kept(partner):
    fake = _fake(partner)
    page = await partner.get("/webhooks/sub_1")
    assert 'href="/webhooks/sub_1/stop"' in page.text
    asked = await partner.get("/webhooks/sub_1/stop")
    assert asked.status_code == 200 and "Stop the endpoint?" in asked.text and fake.sent == []
    unconfirmed = await partner.post("/webhooks/sub_1/stop", data={"csrf": csrf_of(asked.text), "reason": "moved"})
    assert "Stop the endpoint?" in unconfirmed.text and ">moved</textarea>" in unconfirmed.text and fake.sent == []
    stopped = await partner.post(
        "/webhooks/sub_1/stop", data={"csrf": csrf_of(asked.text), "confirm": "yes", "reason": "system replaced"}
    )
    assert stopped.status_code == 303 and stopped.headers["location"] == "/webhooks/sub_1"
    ((method, url, _body),) = fake.sent
    assert method == "DELETE" and parse_qs(url.split("?", 1)[1]) == {"reason": ["system replaced"]}
    after = await partner.get("/webhooks/sub_1")
    assert "The endpoint was stopped: no more events are sent to it." in after.text
    assert 'id="send-ping"' not in after.text and 'id="stopped-note"' in after.text


async def test_a_dead_delivery_is_tried_again(partner):
    fake = _fake(partner)
    page = await partner.get("/webhooks/deliveries")
    assert page.status_code == 200
    # the status filter offers the dead first
    tabs = re.findall(r'id="tab-([a-z]+)"', page.text)
    assert tabs[0] == "dead" and set(tabs) == {*hooks.DELIVERY_STATES, "all"}
    dead = re.search(r'<tr id="delivery-del_dead".*?</tr>', page.text, re.S).group(0)
    assert "Application submitted" in dead and "Failed for good" in dead and ">8<" in dead
    assert "HTTP 502" in dead and "connection refused" in dead and SUB["url"] in dead
    assert 'id="replay-del_dead"' in dead
    done = re.search(r'<tr id="delivery-del_done".*?</tr>', page.text, re.S).group(0)
    assert "Delivered" in done and "replay" not in done
    only_dead = await partner.get("/webhooks/deliveries?status=dead")
    assert "del_dead" in only_dead.text and "del_done" not in only_dead.text
    back = "/webhooks/deliveries?status=dead"
    tried = await partner.post("/webhooks/deliveries/del_dead/replay", data={"csrf": csrf_of(page.text), "back": back})
    assert tried.status_code == 303 and tried.headers["location"] == back
    assert fake.sent == [("POST", "/webhooks/deliveries/del_dead/replay", {})]
    assert "The delivery will be tried again in a moment." in (await partner.get(back)).text
    # one no longer dead: refused, in the portal's words
    again = await partner.post(
        "/webhooks/deliveries/del_done/replay", data={"csrf": csrf_of(page.text), "back": "//evil"}
    )
    assert again.headers["location"] == "/webhooks/deliveries"
    shown = await partner.get("/webhooks/deliveries")
    assert "Only a delivery that failed for good can be tried again." in shown.text
    # the endpoint's own page lists its deliveries, with the same "Try again"
    fake.deliveries[0]["status"] = "dead"
    own = await partner.get("/webhooks/sub_1?status=dead")
    assert 'id="replay-del_dead"' in own.text and "del_done" not in own.text


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
async def test_a_delivery_being_retried_says_so_with_its_last_error_and_next_attempt(partner, lang):
    """A delivery that had failed three times read "Waiting to be sent", as one not yet tried."""
    await partner.get(f"/language/{lang}?next=/")
    page = await partner.get("/webhooks/deliveries?status=pending")
    retrying = re.search(r'<tr id="delivery-del_retrying".*?</tr>', page.text, re.S).group(0)
    status = re.search(r'class="badge delivery-state delivery-retrying">(.*?)</span>', retrying, re.S).group(1)
    assert status == translate(lang, "delivery:retrying") and translate(lang, "delivery:pending") not in retrying
    said = re.sub(r"<[^>]+>", "", retrying)
    assert translate(lang, "Failed attempts") in said and translate(lang, "Last error") in said
    assert "ConnectError: All connection attempts failed" in said and translate(lang, "Next attempt") in said
    assert "11:30" in said
    first = re.search(r'<tr id="delivery-del_first".*?</tr>', page.text, re.S).group(0)
    assert translate(lang, "delivery:pending") in first and "delivery-retrying" not in first


async def test_a_test_event_that_made_no_connection_shows_the_services_reason(partner):
    fake = _fake(partner)
    page = await partner.get("/webhooks/sub_1")
    reason = "ConnectError: All connection attempts failed"
    fake.ping_answer = {"message_id": "msg_5", "delivered": False, "status_code": None, "error": reason}
    answered = await partner.post("/webhooks/sub_1/ping", data={"csrf": csrf_of(page.text)})
    said = re.search(r'id="ping-error">(.*?)</bdi>', answered.text, re.S).group(1)
    assert said == hooks.PING_ERRORS["failed"]
    assert re.search(r'id="ping-detail">(.*?)</code>', answered.text).group(1) == reason
    assert hooks.ping_detail("refused") is None and hooks.ping_detail("failed: HTTP 503") is None


@pytest.mark.parametrize("role", ["officer", "applicant", "coordinator"])
async def test_other_roles_are_refused(role):
    async with _portal(role) as client:
        await log_in(client)
        for address in ("/webhooks", "/webhooks/deliveries", "/webhooks/sub_1", "/webhooks/sub_1/rotate"):
            r = await client.get(address)
            assert r.status_code == 403, (address, r.status_code)
        page = await client.get("/webhooks")
        assert 'href="/webhooks"' not in page.text  # not in their navigation
        r = await client.post("/webhooks/sub_1/stop", data={"csrf": csrf_of(page.text), "confirm": "yes"})
        assert r.status_code == 403 and _fake(client).sent == []


ENGLISH = sorted(
    {k for k in WEBHOOK_WORDS if ":" not in k and len(k) > 4 and "{" not in k}
    | {v["en"] for v in WEBHOOK_WORDS.values() if "en" in v}
)


@pytest.mark.parametrize("lang", ["zh", "ru", "ur"])
async def test_every_page_is_in_the_readers_language_with_no_english_left(partner, lang):
    fake = _fake(partner)
    await partner.get(f"/language/{lang}?next=/")
    listed = await partner.get("/webhooks")
    csrf = csrf_of(listed.text)
    form = {"csrf": csrf, "url": "https://xjmu.example.edu/h", "event_types[]": ["application.offered"], "institution_id": "xjmu"}  # fmt: skip
    made = await partner.post("/webhooks", data=form)
    fake.refuse_add = problem(422, "webhook.url_port", "url", "port 8443 is not allowed (allowed: 443)")
    refused = await partner.post("/webhooks", data={**form, "url": "https://xjmu.example.edu:8443/h"})
    fake.ping_answer = {"message_id": "msg_ping", "delivered": False, "status_code": 500, "error": None}
    pinged = await partner.post("/webhooks/sub_1/ping", data={"csrf": csrf})
    rotated = await partner.post("/webhooks/sub_1/rotate", data={"csrf": csrf, "confirm": "yes"})
    await partner.post("/webhooks/deliveries/del_done/replay", data={"csrf": csrf})
    pages = {
        "list": listed,
        "secret": made,
        "refused": refused,
        "endpoint": pinged,
        "rotated": rotated,
        "rotate": await partner.get("/webhooks/sub_1/rotate"),
        "stop": await partner.get("/webhooks/sub_1/stop"),
        "deliveries": await partner.get("/webhooks/deliveries"),
        "listed again": await partner.get("/webhooks"),
    }
    for name, page in pages.items():
        assert page.status_code in (200, 201, 422), (name, page.status_code)
        text = _text(page)
        left = [w for w in ENGLISH if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]
        assert left == [], (name, left)
    assert translate(lang, "webhook-event:application.offered") in _text(made)
    assert translate(lang, "delivery:dead") in _text(pages["deliveries"])
    assert translate(lang, "Use the standard https port (443): other ports are not allowed.") in _error_on(
        refused, "url"
    )


def test_the_event_types_and_delivery_states_are_the_services():
    assert set(hooks.EVENT_TYPES) == set(PARTNER_EVENT_TYPES)
    assert set(hooks.DELIVERY_STATES) == {s.value for s in DeliveryStatus}


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
def test_every_word_of_the_pages_is_translated(lang):
    keys = {
        *hooks.REFUSALS.values(),
        *(words for _seconds, words in hooks.OVERLAPS),
        *(hooks.event_key(t) for t in (*hooks.EVENT_TYPES, hooks.PING_TYPE)),
        *(hooks.state_key(s) for s in hooks.DELIVERY_STATES),
    }
    if lang == "en":  # the value keys read as words
        keys = {k for k in keys if k.startswith(("webhook-event:", "delivery:"))}
    assert sorted(k for k in keys if k not in CATALOGS[lang]) == []


async def test_the_add_form_sent_again_makes_no_second_endpoint(partner):
    """Reloading the page that showed the secret sent the form again: a second endpoint with a
    second secret, beside the one whose secret the partner had just copied."""
    fake = _fake(partner)
    page = await partner.get("/webhooks")
    once = re.search(r'name="once" value="([^"]+)"', page.text).group(1)
    form = {
        "csrf": csrf_of(page.text),
        "once": once,
        "url": "https://xjmu.example.edu/corridor",
        "institution_id": "xjmu",
    }
    made = await partner.post("/webhooks", data=form)
    assert made.status_code == 201
    made_id = re.search(r'href="/webhooks/(sub_[0-9]+)"', made.text).group(1)
    again = await partner.post("/webhooks", data=form)
    assert len(fake.sent) == 1  # nothing more made: the form's value was the request's Idempotency-Key
    assert list(fake.made_for) == [once]
    assert again.status_code == 303 and again.headers["location"] == f"/webhooks/{made_id}"
    said = _text(await partner.get(again.headers["location"]))
    assert "This endpoint was added already" in said and SECRET not in said
    fresh = await partner.get("/webhooks")  # a new form: a new value, another endpoint may be added
    assert re.search(r'name="once" value="([^"]+)"', fresh.text).group(1) != once


async def test_a_stopped_endpoint_says_nothing_of_its_old_secrets_overlap(partner):
    """Rotated, then stopped: "the previous secret signs too until …" stood beside "stopped"."""
    fake = _fake(partner)
    until = (datetime.now(UTC) + timedelta(hours=5)).isoformat()
    fake.subs["sub_1"].update(previous_secret_until=until)
    assert "The previous secret signs too until" in (await partner.get("/webhooks/sub_1")).text
    fake.subs["sub_1"].update(active=False)
    for address in ("/webhooks", "/webhooks/sub_1"):
        assert "The previous secret signs too until" not in (await partner.get(address)).text, address
