"""An admin makes, changes, disables and enables staff and partner accounts in the portal
(it could only through the API): the scope chosen from the catalog, each refusal beside its
field with what was typed, in the admin's language."""

from __future__ import annotations

import html
import json
import re

import httpx
import pytest

from services.portal.i18n import translate
from tests.unit.portal.test_pages_with_fake_services import (
    FakeApplications,
    FakeMatching,
    csrf_of,
    log_in,
    portal_over,
    problem,
)

OFFICER = {
    "id": "acc-1",
    "email": "li.wei@csc.example",
    "name": "Li Wei",
    "role": "officer",
    "schemes": ["sco"],
    "institutions": [],
    "countries": [],
    "preferred_language": "zh",
    "created_at": "2026-11-01T10:00:00+00:00",
    "active": True,
}


class Accounts(FakeApplications):
    """The applications service's /admin/accounts, as far as the pages use it."""

    def __init__(self):
        super().__init__()
        self.role = "admin"
        self.accounts = {OFFICER["id"]: dict(OFFICER)}
        self.sent: list[tuple[str, str, dict]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        method, path = request.method, request.url.path
        if (method, path) == ("POST", "/auth/password-reset"):
            self.calls.append((method, str(request.url), request.content))
            return httpx.Response(202, json={"detail": "if this address has an account, a reset link is on its way"})
        if not path.startswith("/admin/"):
            return super().__call__(request)
        body = json.loads(request.content) if request.content else {}
        if path == "/admin/journal" and method == "GET":
            self.journal_asked = dict(request.url.params)
            items = getattr(self, "journal", [])
            return httpx.Response(200, json={"items": items, "total": len(items), "offset": 0, "limit": 50})
        if path == "/admin/accounts" and method == "GET":
            role, q = request.url.params.get("role"), (request.url.params.get("q") or "").lower()
            self.listed_with = dict(request.url.params)
            items = [a for a in self.accounts.values() if not role or a["role"] == role]
            if request.url.params.get("staff") == "true":
                items = [a for a in items if a["role"] != "applicant"]
            items = [a for a in items if q in a["name"].lower() or q in a["email"].lower()]
            return httpx.Response(200, json={"items": items, "total": len(items), "offset": 0, "limit": 50})
        if path == "/admin/accounts" and method == "POST":
            self.sent.append((method, path, body))
            if getattr(self, "refuse_make", None) is not None:
                return self.refuse_make
            if body["email"] in {a["email"] for a in self.accounts.values()}:
                return problem(409, "account.email_taken", "email", "an account with this e-mail already exists")
            made = {**OFFICER, **{k: v for k, v in body.items() if k != "password"}, "id": "acc-2"}
            self.accounts["acc-2"] = made
            return httpx.Response(201, json=made)
        if path.startswith("/admin/accounts/"):
            parts = path.split("/")
            account = self.accounts.get(parts[3])
            if account is None:
                return problem(404, "account.not_found", "account_id", "no such account")
            if method == "GET":
                return httpx.Response(200, json=account)
            self.sent.append((method, path, body))
            if method == "PATCH":
                account.update(body)
            elif parts[-1] in ("disable", "enable"):
                account["active"] = parts[-1] == "enable"
            elif parts[-1] == "close":
                if account.get("held"):
                    return problem(409, "account.applications_in_progress", "applications", "withdraw these first")
                account.update(erased_at="2026-12-06T12:00:00+00:00", name="", active=False)
            return httpx.Response(200, json=account)
        return super().__call__(request)


class Catalog(FakeMatching):
    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/schemes":
            schemes = [{"id": "sco", "name": "SCO Scholarship"}, {"id": "cpec", "name": "CPEC Scholarship"}]
            return httpx.Response(200, json={"items": schemes, "total": 2})
        if request.url.path == "/institutions":
            items = [{"id": "lzu", "name": "Lanzhou University", "country": "CN"}]
            return httpx.Response(200, json={"items": items, "total": 1})
        return super().__call__(request)


@pytest.fixture
async def admin():
    async with portal_over(Accounts(), Catalog()) as client:
        await log_in(client)
        yield client


@pytest.mark.parametrize("lang", ["en", "ur"])
async def test_an_admin_makes_a_nominator_with_its_scope_chosen_from_the_catalog(admin, lang):
    await admin.get(f"/language/{lang}?next=/")
    page = await admin.get("/admin/accounts")
    assert page.status_code == 200, page.text
    assert 'href="/admin/accounts"' in page.text and "Li Wei" in page.text  # in the menu, and listed
    assert translate(lang, "Make an account") in page.text
    # the form is below the list: a link at the top leads to it, as does the address a person guesses
    assert '<a href="#new-account" class="button" id="to-new-account">' in page.text
    guessed = await admin.get("/admin/accounts/new")
    assert guessed.status_code in (302, 303) and guessed.headers["location"] == "/admin/accounts#new-account"
    assert 'name="schemes[]" value="sco"' in page.text and "SCO Scholarship" in page.text
    assert 'name="institutions[]" value="lzu"' in page.text and 'name="countries[]" value="PK"' in page.text
    assert "role:" not in page.text and translate(lang, "role:nominator") in page.text  # roles by their names
    assert '<li><a href="/admin/accounts?role=applicant"' in page.text  # applicants are found, not made, here
    form = {
        "csrf": csrf_of(page.text),
        "role": "nominator",
        "name": "Hina Shah",
        "email": "li.wei@csc.example",  # taken: refused beside the field, what was typed kept
        "password": "quiet-orchid-lantern-47",
        "preferred_language": "ur",
        "schemes[]": ["sco"],
        "countries[]": ["PK"],
    }
    refused = await admin.post("/admin/accounts", data=form)
    assert refused.status_code == 422
    assert (
        translate(lang, "An account with this e-mail address already exists.") in refused.text.split('id="e-email"')[1]
    )
    assert 'value="Hina Shah"' in refused.text and 'name="countries[]" value="PK" checked' in refused.text
    assert "quiet-orchid" not in refused.text  # a password is never written back
    made = await admin.post("/admin/accounts", data={**form, "email": "hina@hec.example"})
    assert made.status_code == 303 and made.headers["location"] == "/admin/accounts/acc-2"
    sent = admin.fake.sent[-1][2]
    assert sent == {
        "role": "nominator",
        "name": "Hina Shah",
        "email": "hina@hec.example",
        "password": "quiet-orchid-lantern-47",
        "preferred_language": "ur",
        "schemes": ["sco"],
        "institutions": [],
        "countries": ["PK"],
    }
    shown = await admin.get("/admin/accounts/acc-2")
    assert "Hina Shah" in shown.text and 'name="countries[]" value="PK" checked' in shown.text


async def test_the_portal_says_what_it_can_before_asking_the_service(admin):
    page = await admin.get("/admin/accounts")
    form = {"csrf": csrf_of(page.text), "role": "janitor", "name": "", "email": "x@", "password": "short"}
    r = await admin.post("/admin/accounts", data=form)
    assert r.status_code == 422 and not admin.fake.sent
    for field in ("role", "name", "email", "password", "preferred_language"):
        assert f'id="e-{field}"' in r.text, field


async def test_an_admin_changes_a_scope_and_disables_an_account_only_with_the_box_ticked(admin):
    admin.fake.accounts["acc-1"]["institutions"] = ["gone-inst"]  # not in the catalog (any more)
    page = await admin.get("/admin/accounts/acc-1")
    assert 'name="schemes[]" value="sco" checked' in page.text
    # kept on the form, so a save does not drop it (and end the account's sessions)
    assert 'name="institutions[]" value="gone-inst" checked' in page.text
    change = {
        "csrf": csrf_of(page.text),
        "name": "Li Wei",
        "email": "li.wei@csc.example",
        "preferred_language": "zh",
        "schemes[]": ["cpec"],
    }
    r = await admin.post("/admin/accounts/acc-1", data=change)
    assert r.status_code == 303
    assert admin.fake.sent[-1] == (
        "PATCH",
        "/admin/accounts/acc-1",
        {
            "name": "Li Wei",
            "email": "li.wei@csc.example",
            "preferred_language": "zh",
            "schemes": ["cpec"],
            "institutions": [],
            "countries": [],
        },
    )  # (this form was posted without the box: unticked, it is dropped on purpose)
    saved = await admin.get("/admin/accounts/acc-1")
    assert "Its scope changed, which ends its sessions" in saved.text
    # the same scope again (only the language changed): saved, and no word of ended sessions
    r = await admin.post(
        "/admin/accounts/acc-1", data={**change, "csrf": csrf_of(saved.text), "preferred_language": "ru"}
    )
    assert r.status_code == 303
    again = await admin.get("/admin/accounts/acc-1")
    assert "The account was saved." in again.text and "ends its sessions" not in again.text
    r = await admin.post("/admin/accounts/acc-1/disable", data={"csrf": csrf_of(page.text)})
    assert r.status_code == 422 and admin.fake.accounts["acc-1"]["active"] is True
    assert "Tick the box to confirm: every session of the account ends at once." in r.text  # the portal's words
    r = await admin.post("/admin/accounts/acc-1/disable", data={"csrf": csrf_of(page.text), "confirm": "yes"})
    assert r.status_code == 303 and admin.fake.accounts["acc-1"]["active"] is False
    page = await admin.get("/admin/accounts/acc-1")
    assert 'action="/admin/accounts/acc-1/enable"' in page.text
    r = await admin.post("/admin/accounts/acc-1/enable", data={"csrf": csrf_of(page.text)})
    assert r.status_code == 303 and admin.fake.accounts["acc-1"]["active"] is True


async def test_only_an_admin_reaches_the_accounts(admin):
    page = await admin.get("/admin/accounts")
    await admin.post("/logout", data={"csrf": csrf_of(page.text)})
    admin.fake.role = "officer"
    await log_in(admin)
    assert (await admin.get("/admin/accounts")).status_code == 403
    assert 'href="/admin/accounts"' not in (await admin.get("/officer")).text


async def test_a_scope_the_role_does_not_take_is_said_in_the_admins_language(admin):
    admin.fake.refuse_make = problem(
        422, "account.nominator_countries", "countries", "a nominator nominates for at least one sending country"
    )
    await admin.get("/language/ru?next=/")
    page = await admin.get("/admin/accounts")
    form = {
        "csrf": csrf_of(page.text),
        "role": "nominator",
        "name": "Hina Shah",
        "email": "hina@hec.example",
        "password": "quiet-orchid-lantern-47",
        "preferred_language": "ur",
    }
    r = await admin.post("/admin/accounts", data=form)
    beside = r.text.split('id="e-countries">', 1)[1].split("</p>", 1)[0]
    assert r.status_code == 422 and "Выдвигающий орган" in beside and "nominator nominates" not in r.text


async def test_an_admin_sends_the_owner_a_reset_link_and_never_sets_a_password(admin):
    """A person who forgot their password had no way through an admin; the admin still never
    sees or sets it: a reset link goes to the account's own address."""
    await admin.get("/language/ru?next=/")
    page = await admin.get("/admin/accounts/acc-1")
    assert 'action="/admin/accounts/acc-1/reset"' in page.text
    r = await admin.post("/admin/accounts/acc-1/reset", data={"csrf": csrf_of(page.text)})
    assert r.status_code == 303 and r.headers["location"] == "/admin/accounts/acc-1"
    asked = [json.loads(c[2]) for c in admin.fake.calls if c[0] == "POST" and "/auth/password-reset" in c[1]]
    assert asked == [{"email": OFFICER["email"]}]
    after = await admin.get("/admin/accounts/acc-1")
    said = translate("ru", "A password-reset link was e-mailed to {email} (at most three an hour).")
    assert said.replace("{email}", OFFICER["email"]) in after.text


@pytest.mark.parametrize("lang", ["en", "ru"])
async def test_a_password_refused_for_the_persons_name_says_which_part(admin, lang):
    """ "Walkthrough-2026!" was refused for "Walk Officer" with no word that "walk" was the part."""
    admin.fake.refuse_make = problem(422, "password.personal", "password", "must not contain", contains="walk")
    await admin.get(f"/language/{lang}?next=/")
    page = await admin.get("/admin/accounts")
    form = {"csrf": csrf_of(page.text), "role": "officer", "name": "Walk Officer", "email": "walk@corridor.example",
            "password": "Walkthrough-2026!", "preferred_language": "en"}  # fmt: skip
    r = await admin.post("/admin/accounts", data=form)
    beside = html.unescape(r.text.split('id="e-password">', 1)[1].split("</p>", 1)[0])
    said = "The password must not contain the person's e-mail address or name (it contains “{contains}”)."
    assert r.status_code == 422 and translate(lang, said, contains="walk") in beside


async def test_the_accounts_list_shows_the_staff_first_and_finds_one_by_name_or_address(admin):
    # the applicants had filled the list's first pages, the form that makes an account far below
    admin.fake.accounts["app-1"] = {
        **OFFICER,
        "id": "app-1",
        "role": "applicant",
        "name": "Bakyt Osmonov",
        "email": "a@kz.org",
    }
    page = await admin.get("/admin/accounts")
    assert admin.fake.listed_with.get("staff") == "true" and "Bakyt Osmonov" not in page.text and "Li Wei" in page.text
    page = await admin.get("/admin/accounts?role=all")
    assert "staff" not in admin.fake.listed_with and "Bakyt Osmonov" in page.text
    page = await admin.get("/admin/accounts?role=all&q=KZ.ORG")
    assert admin.fake.listed_with.get("q") == "KZ.ORG" and "Bakyt Osmonov" in page.text and "Li Wei" not in page.text
    assert 'href="/admin/accounts?role=applicant&amp;q=KZ.ORG"' in page.text  # the search kept across tabs


async def test_an_accounts_page_shows_who_made_changed_and_disabled_it(admin):
    """Who disabled an account, and when, could be seen nowhere in the portal."""
    entry = {"id": 7, "at": "2026-12-05T20:50:00Z", "actor": "adm-1", "actor_name": "Zhang Admin",
             "action": "account.disabled", "scheme_id": None, "cycle_id": None, "application_id": None,
             "subject": "account:acc-1", "before": {"active": True}, "after": {"active": False}, "reason": ""}  # fmt: skip
    admin.fake.journal = [entry]
    page = await admin.get("/admin/accounts/acc-1")
    assert admin.fake.journal_asked["subject"] == "account:acc-1"
    history = page.text.split('id="account-history"', 1)[1]
    assert "History of the account" in page.text and "Zhang Admin" in history
    assert (
        translate("en", "journal:account.disabled") in history and '<time datetime="2026-12-05T20:50:00Z">' in history
    )
    # its fields in the page's language: an Urdu page had read "role:", "institutions:" in English
    admin.fake.journal = [{**entry, "after": {"role": "partner", "institutions": ["lzu"], "active": False}}]
    await admin.get("/language/ur?next=/admin/accounts/acc-1")
    history = (await admin.get("/admin/accounts/acc-1")).text.split('id="account-history"', 1)[1]
    assert "کردار" in history and "ادارے" in history and "institutions" not in history
    await admin.get("/language/en?next=/admin/accounts/acc-1")
    admin.fake.journal = []
    assert "Nothing recorded yet." in (await admin.get("/admin/accounts/acc-1")).text


async def test_a_search_with_no_account_says_so_not_that_a_role_has_none(admin):
    """ "No account of this role yet" answered a search for a name, with no role chosen."""
    await admin.get("/language/ru?next=/")
    page = await admin.get("/admin/accounts", params={"q": "Silk"})
    said = re.search(r'<td colspan="5" id="no-accounts">(.*?)</td>', page.text, re.S)
    assert said is not None and said.group(1) == "Учётных записей по запросу «Silk» нет."


async def test_an_account_saved_from_an_older_page_sends_only_what_that_page_changed(admin):
    """Admin A renamed the account; admin B's older page, which added a scheme, put the old
    name back ("account saved")."""
    page = await admin.get("/admin/accounts/acc-1")
    was = dict(re.findall(r'name="was\.(\w+)" value="([^"]*)"', page.text))
    assert was == {"name": "Li Wei", "email": "li.wei@csc.example", "preferred_language": "zh",
                   "schemes": "sco", "institutions": "", "countries": ""}  # fmt: skip
    admin.fake.accounts["acc-1"]["name"] = "Li Wei (CSC)"  # A's rename, meanwhile
    form = {"csrf": csrf_of(page.text), "name": "Li Wei", "email": "li.wei@csc.example", "preferred_language": "zh",
            "schemes[]": ["sco", "cpec"], **{f"was.{k}": v for k, v in was.items()}}  # fmt: skip
    r = await admin.post("/admin/accounts/acc-1", data=form)
    assert r.status_code == 303
    assert admin.fake.sent[-1] == ("PATCH", "/admin/accounts/acc-1", {"schemes": ["sco", "cpec"]})
    assert admin.fake.accounts["acc-1"]["name"] == "Li Wei (CSC)"


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
async def test_an_admin_makes_a_selection_committees_reviewer(admin, lang):
    await admin.get(f"/language/{lang}?next=/")
    page = await admin.get("/admin/accounts")
    assert '<option value="reviewer"' in page.text and translate(lang, "role:reviewer") in page.text
    assert translate(lang, "role:reviewer") != "role:reviewer"
    hint = page.text.split('id="reviewer-role-hint">')[1].split("</p>")[0]
    assert html.unescape(hint) == translate(
        lang,
        "A committee reviewer scores the applications a selection committee gives them, and reads and checks the "
        "documents of those in their scope; they define, run and decide nothing (an officer does).",
    )
    form = {
        "csrf": csrf_of(page.text),
        "role": "reviewer",
        "name": "Gulnara Sadykova",
        "email": "gulnara@kaznu.example",
        "password": "quiet-orchid-lantern-47",
        "preferred_language": "ru",
        "schemes[]": ["sco"],
    }
    made = await admin.post("/admin/accounts", data=form)
    assert made.status_code == 303
    assert admin.fake.sent[-1][2] | {"password": ""} == {
        "role": "reviewer",
        "name": "Gulnara Sadykova",
        "email": "gulnara@kaznu.example",
        "password": "",
        "preferred_language": "ru",
        "schemes": ["sco"],
        "institutions": [],
        "countries": [],
    }


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
async def test_a_closed_account_reads_as_closed_with_nothing_to_enable(admin, lang):
    admin.fake.accounts["app-9"] = {
        **OFFICER,
        "id": "app-9",
        "role": "applicant",
        "name": "",
        "email": "app-9@erased.invalid",
        "active": False,
        "erased_at": "2026-12-06T12:00:00+00:00",
    }
    await admin.get(f"/language/{lang}?next=/admin/accounts")
    listed = await admin.get("/admin/accounts?role=all")
    row = listed.text.split('href="/admin/accounts/app-9"', 1)[1].split("</tr>", 1)[0]
    assert translate(lang, "Closed account") in row and translate(lang, "closed") in row
    assert "erased.invalid" not in listed.text  # no empty link, no placeholder address
    page = await admin.get("/admin/accounts/app-9")
    assert 'id="closed-account"' in page.text and translate(lang, "Closed account") in page.text
    assert "&lt;time" not in page.text
    assert "/admin/accounts/app-9/enable" not in page.text and "/admin/accounts/app-9/reset" not in page.text


@pytest.mark.parametrize("lang", ["en", "zh", "ru", "ur"])
async def test_an_admin_closes_an_applicants_account_only_with_the_box_ticked(admin, lang):
    applicant = {**OFFICER, "id": "app-7", "role": "applicant", "name": "Gulnara", "email": "g@kz.org", "held": True}
    admin.fake.accounts["app-7"] = applicant
    await admin.get(f"/language/{lang}?next=/admin/accounts")
    page = await admin.get("/admin/accounts/app-7")
    assert 'action="/admin/accounts/app-7/close"' in page.text
    assert 'action="/admin/accounts/acc-1/close"' not in (await admin.get("/admin/accounts/acc-1")).text  # staff: no
    r = await admin.post("/admin/accounts/app-7/close", data={"csrf": csrf_of(page.text)})
    assert r.status_code == 422 and 'href="#f-close"' in r.text and "erased_at" not in applicant
    r = await admin.post("/admin/accounts/app-7/close", data={"csrf": csrf_of(page.text), "confirm": "yes"})
    said = "An application of theirs is still in progress: it is withdrawn, or its offer declined, first."
    assert r.status_code == 409 and translate(lang, said) in html.unescape(r.text)
    applicant["held"] = False
    r = await admin.post("/admin/accounts/app-7/close", data={"csrf": csrf_of(page.text), "confirm": "yes"})
    assert r.status_code == 303 and applicant["erased_at"]
    after = await admin.get("/admin/accounts/app-7")
    assert translate(lang, "The account was closed and the applicant's personal data erased.") in html.unescape(
        after.text
    )
    assert 'action="/admin/accounts/app-7/close"' not in after.text
