"""Tell once per change (pure): what a notice says, as a fingerprint.

A notice is skipped when its recipient was last told exactly the same about the same
application. What counts is what the recipient reads, not which event carried it:
- the applicant: the status, and with it the waitlist positions, the reasons per choice,
  the programme and match of an offer, an officer's message;
- a partner: its projection without the timestamp (status, its programmes, its waitlist
  positions, the match): a change of position at another institution is not its news.
A round that repeats an outcome therefore tells nobody again; a new position, a new reason
or a new status is told once.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from enum import StrEnum
from typing import Any


class Audience(StrEnum):
    APPLICANT = "applicant"
    PARTNER = "partner"


def fingerprint(content: Mapping[str, Any]) -> str:
    """A stable digest of what a notice says (key order does not matter, list order does)."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def partner_content(payload: Mapping[str, Any]) -> dict[str, Any]:
    """What a partner reads in a projected event: its data (the timestamp changes every time),
    but its own institution id, which every projection told to it carries alike: a projection
    told before data carried it is not told again for that alone."""
    return {k: v for k, v in payload["data"].items() if k != "institution_id"}
