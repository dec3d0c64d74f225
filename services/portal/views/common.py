"""What several pages' views share."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from services.portal.clients import ServiceError, services_of
from services.portal.web import session_of


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
