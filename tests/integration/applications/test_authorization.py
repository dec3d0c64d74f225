"""Who may touch what, as a matrix: applicants only their own, officers their scope, a
nominating authority its own country's applications in its schemes (to review documents and
letters, issue 15; its pool and nominations are in the matching service), partners nothing here."""

from __future__ import annotations

from datetime import date, timedelta

import jwt
import pytest

from shared.events.catalog import ReviewerAssigned, ReviewerUnassigned
from shared.principal import Role
from tests.integration.applications.test_documents import PDF
from tests.support.accounts import create_staff, staff_headers
from tests.support.events import publish
from tests.support.flows import create_draft, register, submit
from tests.support.infra import wait_for
from tests.support.services import auth


async def _submitted_with_passport(service, catalog, who) -> tuple[dict, dict]:
    """``who``'s application in ``catalog``, with a passport, submitted: (the draft, the document)."""
    draft = await create_draft(service.client, who, catalog)
    doc = (
        await service.client.post(
            f"/applications/{draft['id']}/documents",
            headers=who.headers,
            data={"kind": "passport"},
            files={"file": ("p.pdf", PDF, "application/pdf")},
        )
    ).json()
    assert (await submit(service.client, who, draft["id"])).status_code == 200
    return draft, doc


@pytest.fixture(scope="module")
async def world(service, catalog):
    owner = await register(service.client)
    stranger = await register(service.client)
    submitted, doc = await _submitted_with_passport(service, catalog, owner)
    admin = await service.admin_headers()

    async def staff(role: Role, **scope) -> dict[str, str]:  # real accounts: the service checks they exist
        return await staff_headers(service.client, admin, role, **scope)

    async def reviewer(assigned: bool, **scope) -> dict[str, str]:
        """A committee reviewer's account, given the application by matching's assignment run or not."""
        account = await create_staff(service.client, admin, Role.REVIEWER, **scope)
        if assigned:
            await publish(service.bootstrap, _assigned(catalog, account["id"], submitted["id"]))
        return auth(Role.REVIEWER, account["id"], **scope)

    reviewers = {
        # a selection committee's reviewers: scoped as officers are, and reading only what they were given
        "reviewer_in_scope": await reviewer(True, schemes=[catalog.scheme_id]),
        "reviewer_by_institution": await reviewer(True, institutions=[catalog.institution_id]),
        "reviewer_other_scheme": await reviewer(True, schemes=["cgs-cpec"]),
        "reviewer_not_given_it": await reviewer(False, schemes=[catalog.scheme_id]),
    }

    async def given() -> bool | None:
        r = await service.client.get(
            f"/officer/applications/{submitted['id']}", headers=reviewers["reviewer_by_institution"]
        )
        return r.status_code == 200 or None

    await wait_for(given, timeout=60, what="the reviewers' assignments from Kafka")

    return {
        "owner": owner.headers,
        "stranger": stranger.headers,
        "officer_in_scope": await staff(Role.OFFICER, schemes=[catalog.scheme_id]),
        "officer_by_institution": await staff(Role.OFFICER, institutions=[catalog.institution_id]),
        "officer_other_scheme": await staff(Role.OFFICER, schemes=["cgs-cpec"]),
        "officer_other_institution": await staff(Role.OFFICER, institutions=["tju"]),
        "officer_in_both": await staff(
            Role.OFFICER, schemes=[catalog.scheme_id], institutions=[catalog.institution_id]
        ),
        "officer_scheme_not_host": await staff(Role.OFFICER, schemes=[catalog.scheme_id], institutions=["tju"]),
        "partner": await staff(Role.PARTNER, institutions=[catalog.institution_id]),
        **reviewers,
        # the owner's own country's authority, in the owner's scheme: reviews its documents (issue 15)
        "nominator": await staff(Role.NOMINATOR, schemes=[catalog.scheme_id], countries=[owner.profile["nationality"]]),
        "nominator_other_country": await staff(Role.NOMINATOR, schemes=[catalog.scheme_id], countries=["PK"]),
        "nominator_other_scheme": await staff(
            Role.NOMINATOR, schemes=["cgs-cpec"], countries=[owner.profile["nationality"]]
        ),
        "admin": admin,
        "nobody": {},
        "app": submitted["id"],
        "doc": doc["id"],
    }


APPLICANT_ROUTES = [
    ("GET", "/applications/{app}"),
    ("PATCH", "/applications/{app}"),
    ("GET", "/applications/{app}/eligibility"),
    ("GET", "/applications/{app}/checklist"),
    ("POST", "/applications/{app}/withdraw"),
    ("POST", "/applications/{app}/offer/accept"),
    ("GET", "/applications/{app}/documents"),
    ("GET", "/applications/{app}/documents/{doc}"),
    ("DELETE", "/applications/{app}/documents/{doc}"),
    ("GET", "/applications/{app}/papers"),
    ("GET", "/applications/{app}/papers/{doc}"),
]
# who -> expected status on an applicant route for someone else's application
EXPECTED = {
    "stranger": 404,
    "officer_in_scope": 403,
    "officer_other_scheme": 403,
    "partner": 403,
    "nominator": 403,
    "reviewer_in_scope": 403,
    "admin": 403,
    "nobody": 401,
}


@pytest.mark.parametrize("who", list(EXPECTED))
@pytest.mark.parametrize("method,path", APPLICANT_ROUTES)
async def test_applicant_routes_only_for_the_owner(service, world, who, method, path):
    url = path.format(app=world["app"], doc=world["doc"])
    kwargs = {"json": {"grade": 1}} if method == "PATCH" else {}
    r = await service.client.request(method, url, headers=world[who], **kwargs)
    assert r.status_code == EXPECTED[who], r.text


async def test_the_owner_still_has_it_untouched(service, world):
    r = await service.client.get(f"/applications/{world['app']}", headers=world["owner"])
    assert r.status_code == 200 and r.json()["status"] == "submitted" and r.json()["grade"] == 88.5
    assert (
        len((await service.client.get(f"/applications/{world['app']}/documents", headers=world["owner"])).json()) == 1
    )


OFFICER_VIEW = {
    "officer_in_scope": True,
    "officer_by_institution": True,
    "admin": True,
    "officer_other_scheme": False,
    "officer_other_institution": False,
    # scoped to both (shared.scope): in one of the schemes AND naming a programme hosted at one of the institutions
    "officer_in_both": True,
    "officer_scheme_not_host": False,
    # a nominating authority: its own country's applicants in its schemes (to review documents)
    "nominator": True,
    "nominator_other_country": False,
    "nominator_other_scheme": False,
    # a committee's reviewer reads what an officer of its scope reads, of what it was given
    "reviewer_in_scope": True,
    "reviewer_by_institution": True,
    "reviewer_other_scheme": False,
    "reviewer_not_given_it": False,
}


@pytest.mark.parametrize("who,sees", list(OFFICER_VIEW.items()))
async def test_officers_see_only_their_scope(service, catalog, world, who, sees):
    r = await service.client.get("/officer/applications", params={"cycle_id": catalog.cycle_id}, headers=world[who])
    assert r.status_code == 200
    ids = [a["id"] for a in r.json()["items"]]
    assert (world["app"] in ids) is sees
    one = await service.client.get(f"/officer/applications/{world['app']}", headers=world[who])
    assert one.status_code == (200 if sees else 404)
    checklist = await service.client.get(f"/officer/applications/{world['app']}/checklist", headers=world[who])
    assert checklist.status_code == (200 if sees else 404), checklist.text
    if sees:  # officers read who applied, not only an id
        listed = next(a for a in r.json()["items"] if a["id"] == world["app"])
        for view in (listed, one.json()):
            assert view["applicant_name"] == "Aigerim Nurlanovna"
            assert view["home_institution"] == "Al-Farabi Kazakh National University"
            # the age limits of eligibility are theirs to check
            assert view["date_of_birth"] == (date.today() - timedelta(days=365 * 22)).isoformat()


@pytest.mark.parametrize("who,status", [("partner", 403), ("owner", 403), ("nobody", 401)])
async def test_no_officer_view_for_partners_or_applicants(service, catalog, world, who, status):
    r = await service.client.get("/officer/applications", params={"cycle_id": catalog.cycle_id}, headers=world[who])
    assert r.status_code == status
    r = await service.client.get(f"/officer/applications/{world['app']}", headers=world[who])
    assert r.status_code == status
    r = await service.client.get(f"/officer/applications/{world['app']}/checklist", headers=world[who])
    assert r.status_code == status


async def test_an_applicant_lists_only_their_own(service, world):
    mine = (await service.client.get("/applications", headers=world["owner"])).json()
    theirs = (await service.client.get("/applications", headers=world["stranger"])).json()
    assert [a["id"] for a in mine["items"]] == [world["app"]] and theirs["total"] == 0


async def test_a_nominating_authority_reviews_its_own_countrys_documents_only(service, world):
    base = f"/officer/applications/{world['app']}/documents"
    for who in ("nominator_other_country", "nominator_other_scheme"):
        assert (await service.client.get(base, headers=world[who])).status_code == 404
        r = await service.client.post(f"{base}/{world['doc']}/verify", headers=world[who])
        assert r.status_code == 404 and r.json()["code"] == "application.not_in_scope"
    listed = await service.client.get(base, headers=world["nominator"])
    assert listed.status_code == 200 and [d["id"] for d in listed.json()] == [world["doc"]]
    r = await service.client.post(f"{base}/{world['doc']}/verify", headers=world["nominator"])
    assert r.status_code == 200 and r.json()["state"] == "verified"
    # reading the journal of an application stays with officers
    r = await service.client.get(f"/officer/applications/{world['app']}/journal", headers=world["nominator"])
    assert r.status_code == 403


async def test_officers_filter_their_list_by_any_of_several_statuses(service, catalog, world):
    officer, cycle = world["officer_in_scope"], catalog.cycle_id
    one = await service.client.get(f"/officer/applications/{world['app']}", headers=officer)
    status = one.json()["status"]

    async def listed(*statuses: str) -> list[str]:
        r = await service.client.get(
            "/officer/applications", params={"cycle_id": cycle, "status": list(statuses)}, headers=officer
        )
        assert r.status_code == 200, r.text
        return [a["id"] for a in r.json()["items"]]

    assert world["app"] in await listed(status, "withdrawn")
    assert world["app"] in await listed("under_review", status)
    assert world["app"] not in await listed("withdrawn")
    wrong = await service.client.get("/officer/applications", params={"status": ["submitted", "lost"]}, headers=officer)
    assert wrong.status_code == 422
    assert any(e["field"].startswith("status") for e in wrong.json()["errors"]), wrong.json()


async def test_officers_find_an_application_by_the_applicants_name_e_mail_or_id(service, catalog, world):
    """Forty-five rows and no search: an officer looked for an applicant by reading the page."""
    officer, cycle = world["officer_in_scope"], catalog.cycle_id
    one = (await service.client.get(f"/officer/applications/{world['app']}", headers=officer)).json()
    name = one["applicant_name"]

    async def found(q: str, who=officer) -> list[str]:
        r = await service.client.get("/officer/applications", params={"cycle_id": cycle, "q": q}, headers=who)
        assert r.status_code == 200, r.text
        return [a["id"] for a in r.json()["items"]]

    assert world["app"] in await found(name.split()[0].upper())  # part of the name, any case
    assert world["app"] in await found(world["app"][:8])  # the id's beginning, as the table shows it
    assert world["app"] not in await found("nobody-has-this-name")
    assert world["app"] not in await found("%")  # a % is typed, not a pattern that finds everyone
    assert world["app"] not in await found("_")
    assert world["app"] not in await found(name, who=world["officer_other_scheme"])  # the scope still holds


async def test_a_committee_reviewer_reads_and_checks_documents_in_scope_and_nothing_more(service, catalog, world):
    app, doc = await _submitted_with_passport(service, catalog, await register(service.client))
    base = f"/officer/applications/{app['id']}"
    reviewer = world["reviewer_in_scope"]
    # not given it yet: not theirs to read
    assert (await service.client.get(f"{base}/documents", headers=reviewer)).status_code == 404
    sub = claims(reviewer)["sub"]
    await publish(service.bootstrap, _assigned(catalog, sub, app["id"]))

    async def given() -> bool | None:
        return (await service.client.get(base, headers=reviewer)).status_code == 200 or None

    await wait_for(given, timeout=60, what="the assignment from Kafka")
    r = await service.client.post(f"{base}/documents/{doc['id']}/verify", headers=world["reviewer_other_scheme"])
    assert r.status_code == 404 and r.json()["code"] == "application.not_in_scope"
    listed = await service.client.get(f"{base}/documents", headers=world["reviewer_in_scope"])
    assert listed.status_code == 200 and [d["id"] for d in listed.json()] == [doc["id"]]
    letters = await service.client.get(f"{base}/referees", headers=world["reviewer_in_scope"])
    assert letters.status_code == 200
    r = await service.client.post(f"{base}/documents/{doc['id']}/verify", headers=world["reviewer_in_scope"])
    assert r.status_code == 200 and r.json()["state"] == "verified"
    # accounts stay an admin's: a reviewer makes none
    r = await service.client.post(
        "/admin/accounts",
        headers=world["reviewer_in_scope"],
        json={"email": "x@example.org", "password": "a-long-password-1", "name": "X", "role": "officer"},
    )
    assert r.status_code == 403 and r.json()["code"] == "auth.wrong_role"
    # a reviewer may not write to the applicant: officers and the stages' owners do
    r = await service.client.post(f"{base}/messages", headers=reviewer, json={"body": "Hello"})
    assert r.status_code == 403 and r.json()["code"] == "auth.wrong_role"

    # a conflict declared (or the review given to another): the application is no longer theirs to read
    ended = ReviewerUnassigned(
        cycle_id=catalog.cycle_id,
        scheme_id=catalog.scheme_id,
        reviewer_id=sub,
        application_ids=[app["id"]],
        reason="conflict",
        by=sub,
    )
    await publish(service.bootstrap, ended)

    async def taken() -> bool | None:
        return (await service.client.get(base, headers=reviewer)).status_code == 404 or None

    await wait_for(taken, timeout=60, what="the conflict from Kafka")
    r = await service.client.post(
        f"{base}/documents/{doc['id']}/reject", headers=reviewer, json={"reason": "illegible"}
    )
    assert r.status_code == 404 and r.json()["code"] == "application.not_in_scope"


def _assigned(catalog, reviewer_id: str, application_id: str) -> ReviewerAssigned:
    return ReviewerAssigned(
        cycle_id=catalog.cycle_id,
        scheme_id=catalog.scheme_id,
        reviewer_id=reviewer_id,
        application_ids=[application_id],
        count=1,
        assigned_by="chair",
    )


def claims(headers: dict[str, str]) -> dict:
    token = headers["Authorization"].removeprefix("Bearer ")
    return jwt.decode(token, options={"verify_signature": False})
