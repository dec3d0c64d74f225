"""What several pages' views share."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from services.portal.clients import ServiceError, ServiceUnavailable, services_of
from services.portal.web import language_of, session_of


async def change_in_matching(
    request: Request, method: str, path: str, **kwargs: Any
) -> tuple[Any, ServiceError | None]:
    """The matching service's answer to the logged-in person's change, or its refusal for the
    page to show. An expired log-in (401) is no form's business: it goes on to the log-in
    redirect."""
    try:
        return await services_of(request).matching.call(method, path, session_of(request).token, **kwargs), None
    except ServiceError as exc:
        if exc.status == 401:
            raise
        return None, exc


async def consents_of(request: Request, application_ids: list[str]) -> dict[str, dict]:
    """What each application lets the host read (application id -> consent, and the language its
    applicant reads messages in, ``messages_language``): a partner reads it among the
    applications with its institutions, staff in their scope; empty when it cannot be read (the
    cards then say nothing of it)."""
    ids = list(dict.fromkeys(application_ids))
    if not ids:
        return {}
    s, apps = session_of(request), services_of(request).applications
    try:
        if s.role == "partner":
            params = {"application_id": ids, "limit": 500, "with_names": "true"}
            page = await apps.get("/host/applications", s.token, params=params)
            # with the language the applicant reads, as an officer's read gives it, and the name
            # of each who lets the host read their identity (else the cards were bare ids)
            return {
                a["application_id"]: {
                    **a["consent"],
                    "messages_language": a.get("messages_language"),
                    "name": a.get("name"),
                    "passport_name": a.get("passport_name"),
                }
                for a in page["items"]
            }
        given = await apps.get("/officer/consent", s.token, params={"application_id": ids})
        return {c["application_id"]: c for c in given}
    except (ServiceError, ServiceUnavailable, KeyError, TypeError):
        return {}


async def messages_language_if_other(request: Request) -> str | None:
    """The account's messages' language when the page is read in another (an office reading the
    portal in Chinese got its notices in English, and an applicant who switched the site to
    Chinese read Russian messages, and neither knew why); None otherwise, or when the account
    cannot be read."""
    s = session_of(request)
    try:
        account = await services_of(request).applications.get(
            "/me" if s.role == "applicant" else "/me/account", s.token
        )
    except (ServiceError, ServiceUnavailable):
        return None
    chosen = account.get("preferred_language") if isinstance(account, dict) else None
    return chosen if chosen and chosen != language_of(request) else None


# a secret's rotation sent again (a double click, the page reloaded): the service answers the
# first, without the secret it showed once
ROTATED_ALREADY = "The secret was rotated already, when the form was first sent: the new secret was shown then, once. If it was not kept, rotate it again."
