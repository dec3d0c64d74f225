"""Messages about an application (pure): an officer (or a coordinator or nominator with the
application in scope) writes to the applicant, and the applicant replies; both read the thread.

The body is kept as written (trimmed at both ends), 1 to ``MAX_BODY`` characters, with line
breaks and tabs but no other control characters.
"""

from __future__ import annotations

from enum import StrEnum

from shared.errors import Conflict, Invalid
from shared.events.catalog import ApplicationStatus

MAX_BODY = 5000


class Direction(StrEnum):
    TO_APPLICANT = "officer_to_applicant"
    TO_OFFICER = "applicant_to_officer"


def checked_body(body: str) -> str:
    """The body trimmed, or a 422 on ``body``: empty, too long, or with control characters."""
    text = body.strip()
    if not text:
        raise Invalid("message.body_empty", "write a message (at least one character)", "body")
    if len(text) > MAX_BODY:
        raise Invalid("message.body_too_long", f"a message is at most {MAX_BODY} characters", "body", max=MAX_BODY)
    if any(ord(ch) < 32 and ch not in "\n\r\t" for ch in text) or "\x7f" in text:
        raise Invalid("message.body_control_characters", "a message must not contain control characters", "body")
    return text


def check_applicant_can_write(status: str) -> None:
    """An applicant writes about a submitted application (a draft has nobody to read it)."""
    if status == ApplicationStatus.DRAFT:
        raise Conflict(
            "message.application_draft",
            "submit the application first: nobody reads messages about a draft",
            "application_id",
        )
