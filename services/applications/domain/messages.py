"""Messages about an application (pure): an officer (or a coordinator or nominator with the
application in scope) writes to the applicant, and the applicant replies; both read the thread.

The body is kept as written (trimmed at both ends), 1 to ``MAX_BODY`` characters, with line
breaks and tabs but no other control characters, and no text direction overrides.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from enum import StrEnum

from shared.errors import Conflict, Invalid, TooManyRequests
from shared.events.catalog import ApplicationStatus
from shared.text import has_overrides, has_visible

MAX_BODY = 5000
# Each reply is told to the application's officers by e-mail: an applicant writes at most
# this many in a rolling hour (an officer's messages are not limited).
REPLIES_PER_HOUR = 10
REPLY_WINDOW = timedelta(hours=1)


class Direction(StrEnum):
    TO_APPLICANT = "officer_to_applicant"
    TO_OFFICER = "applicant_to_officer"


def checked_body(body: str) -> str:
    """The body trimmed, or a 422 on ``body``: empty, too long, or with control characters."""
    text = body.strip()
    if not has_visible(text):  # only spaces, zero-width characters or marks: nothing to read
        raise Invalid("message.body_empty", "write a message (at least one character)", "body")
    if len(text) > MAX_BODY:
        raise Invalid("message.body_too_long", f"a message is at most {MAX_BODY} characters", "body", max=MAX_BODY)
    if any(ord(ch) < 32 and ch not in "\n\r\t" for ch in text) or "\x7f" in text:
        raise Invalid("message.body_control_characters", "a message must not contain control characters", "body")
    if has_overrides(text):  # shown to the other side in another order than it was typed (as names and notes)
        raise Invalid("message.body_direction_controls", "a message must not contain text direction overrides", "body")
    return text


def check_applicant_can_write(status: str) -> None:
    """An applicant writes about a submitted application (a draft has nobody to read it, nor
    has a withdrawn one)."""
    if status == ApplicationStatus.DRAFT:
        raise Conflict(
            "message.application_draft",
            "submit the application first: nobody reads messages about a draft",
            "application_id",
        )
    if status == ApplicationStatus.WITHDRAWN:
        raise Conflict(
            "message.application_withdrawn",
            "the application is withdrawn: nobody reads messages about it",
            "application_id",
        )


def check_reply_rate(recent: Sequence[datetime], now: datetime) -> None:
    """``recent``: when the applicant's replies in the last ``REPLY_WINDOW`` were written.
    One more is a 429 (with when to try again) once there are ``REPLIES_PER_HOUR`` of them."""
    inside = sorted(t for t in recent if t > now - REPLY_WINDOW)
    if len(inside) >= REPLIES_PER_HOUR:
        frees = inside[-REPLIES_PER_HOUR] + REPLY_WINDOW  # when the oldest counted one leaves the window
        raise TooManyRequests(
            "message.too_many",
            f"at most {REPLIES_PER_HOUR} messages an hour about one application: try again later",
            "body",
            retry_after=max(1, int((frees - now).total_seconds()) + 1),
        )
