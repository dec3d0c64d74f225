"""What the officer's application page puts together from the services' answers. Pure."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

# an application's or a document's id as the applications service takes it: nothing else is
# put into a service's path (no "..", no "?")
_ID = re.compile(r"[A-Za-z0-9-]{1,64}")

# shown inside the page: a PDF in a frame, an image as an image (clients.PREVIEWABLE)
FRAMED = {"application/pdf"}
PICTURED = {"image/png", "image/jpeg"}


def is_id(value: str) -> bool:
    return _ID.fullmatch(value) is not None


def preview_kind(content_type: str | None) -> str | None:
    """ "frame", "image" or None (a download link only)."""
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type in FRAMED:
        return "frame"
    if media_type in PICTURED:
        return "image"
    return None


def documents_by_kind(documents: Iterable[Mapping[str, Any]]) -> list[tuple[dict, list[dict]]]:
    """Each document's newest version with its earlier ones (newest first), in upload order of
    the newest versions."""
    current: list[dict] = []
    earlier: dict[str, list[dict]] = {}
    versions = [dict(d) for d in documents]
    by_id = {d["id"]: d for d in versions}
    for d in versions:
        if not d.get("superseded"):
            current.append(d)
    for d in current:
        chain, seen = [], {d["id"]}
        replaced = by_id.get(d.get("replaces") or "")
        while replaced is not None and replaced["id"] not in seen:
            chain.append(replaced)
            seen.add(replaced["id"])
            replaced = by_id.get(replaced.get("replaces") or "")
        earlier[d["id"]] = chain
    return [(d, earlier[d["id"]]) for d in current]


# An applicant's answer to an offer, journaled by both services (the applications service's
# as given, the matching service's as it changed the match): one step, shown once.
ANSWERS = frozenset({"offer.accepted", "offer.declined"})


def merged_journal(*journals: Mapping[str, Any] | None) -> list[dict]:
    """The entries of each service's journal of the application, newest first (an ISO time
    sorts as text; the services write UTC); an entry read by two of the queries (the
    application's and its cycle's scoresheet changes) once, and an answer to an offer once
    (the first journal's: an application answers its offer once)."""
    seen: set[tuple[str, ...]] = set()
    entries = []
    for e in (e for j in journals if j for e in j.get("items") or []):
        action = str(e.get("action"))
        if action in ANSWERS:
            key: tuple[str, ...] = (action, str(e.get("application_id")))
        else:
            key = (str(e.get("id")), action, str(e.get("at")))
        if key not in seen:
            seen.add(key)
            entries.append(dict(e))
    return sorted(entries, key=lambda e: str(e.get("at") or ""), reverse=True)


def interview_of(invitations: Iterable[Mapping[str, Any]] | None, application_id: str) -> dict | None:
    return next((dict(i) for i in invitations or [] if i.get("application_id") == application_id), None)
