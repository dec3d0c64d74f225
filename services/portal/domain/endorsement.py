"""Endorsement by the home institution in the portal (issue 14), pure: the coordinator's table
view from the address, the request a posted form makes (``PUT /cycles/{id}/endorsements/
{institution}``: one applicant endorsed or not, or the ticked ones endorsed at once, perhaps
as a named cohort) with its problems by field, and where an application stands on the
endorsement stage. No I/O."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from services.portal.domain.forms import whole_number
from services.portal.domain.problems import BY_CODE, Message
from shared.events.catalog import ApplicationStatus, EndorsementState, Stage

SORTS = ("name", "grade", "received_at", "state")
STATES = ("endorsed", "not_endorsed", "undecided")
REASON_MAX = 1000  # the matching service keeps 1000 characters
LONG_REASON = "The reason is at most 1,000 characters: shorten it (nothing was recorded)."
COHORT_MAX = 200
NO_SELECTION = "Select at least one applicant."
NO_COHORT = "Enter a name for the cohort."
LONG_COHORT = "A cohort's name is at most 200 characters."
NO_REASON = "Enter a reason for the applicant."
# a reason typed, then "Endorse" pressed: an endorsement carries none, and the words were lost
REASON_NOT_SENT = (
    "A reason reaches the applicant only with “Do not endorse”. To endorse, clear it; "
    "to tell the applicant something, write in the application's messages."
)
TOO_LATE = BY_CODE["endorsement.too_late"]
TOO_LATE_PLACED = "This application is already placed in a round: its endorsement stands."
PLACED_OR_NOMINATED = "Decided: placed in a round or nominated."
PLACED = "Decided: placed in a round."


def view_of(q: Mapping[str, Any]) -> dict[str, Any]:
    """The table's sort, order, filter, search and page, from the address (unknown values
    read as the defaults)."""
    offset = str(q.get("offset") or "")
    return {
        "sort": q.get("sort") if q.get("sort") in SORTS else "name",
        "order": "desc" if q.get("order") == "desc" else "asc",
        "state": q.get("state") if q.get("state") in STATES else "",
        "q": str(q.get("q") or "").strip()[:100],
        "offset": whole_number(offset) or 0,
    }


@dataclass
class Request:
    """What a posted form asks the service: the body to PUT, or the problems that keep it
    from being sent (by the page's field: ``row.<id>``, ``selected``, ``cohort``), and the
    sentence that says it was done."""

    body: dict[str, Any] | None
    errors: dict[str, str] = field(default_factory=dict)
    done: Message = Message("")


def _listed(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


def _reason_typed(form: Mapping[str, Any], app_id: str) -> bool:
    """A reason typed in the row now (the one shown from an earlier refusal does not count)."""
    typed = str(form.get(f"reason.{app_id}") or "").strip()
    return bool(typed) and typed != str(form.get(f"reason_was.{app_id}") or "").strip()


def _as_seen(form: Mapping[str, Any], app_id: str) -> dict[str, str]:
    """The row's decision as the page showed it (``was.<id>``), for the service to refuse a
    decision made on a page older than a colleague's (``endorsement.changed``)."""
    was = form.get(f"was.{app_id}")
    return {"was": str(was)} if was is not None and str(was) in ("", "endorsed", "not_endorsed") else {}


def request_of(form: Mapping[str, Any]) -> Request:
    """The request of the button pressed (``action``): ``endorse:<id>`` (an applicant already
    in a cohort keeps it), ``not_endorse:<id>`` (with the row's reason, required),
    ``selected`` (the ticked rows endorsed) or ``cohort`` (the ticked rows endorsed as the
    named cohort, a name required). Only applications shown on the page may be named."""
    shown = _listed(form.get("shown[]"))
    action, _sep, app_id = str(form.get("action") or "").partition(":")
    if action in ("endorse", "not_endorse"):
        if app_id not in shown:
            return Request(None, {"list": NO_SELECTION})
        if action == "endorse":
            if _reason_typed(form, app_id):
                return Request(None, {f"row.{app_id}": REASON_NOT_SENT})
            cohort = str(form.get(f"cohort.{app_id}") or "").strip()[:COHORT_MAX] or None
            decision = {"application_id": app_id, "state": EndorsementState.ENDORSED.value, "reason": None}
            decision |= _as_seen(form, app_id)
            return Request({"decisions": [decision], "cohort": cohort}, done=Message("The applicant was endorsed."))
        reason = str(form.get(f"reason.{app_id}") or "").strip()
        if not reason:
            return Request(None, {f"row.{app_id}": NO_REASON})
        if len(reason) > REASON_MAX:  # said, not cut: the applicant had read its first 1,000 characters
            return Request(None, {f"row.{app_id}": LONG_REASON})
        decision = {"application_id": app_id, "state": EndorsementState.NOT_ENDORSED.value, "reason": reason}
        decision |= _as_seen(form, app_id)
        return Request(
            {"decisions": [decision], "cohort": None},
            done=Message("Recorded as not endorsed; the applicant is told the reason."),
        )
    if action not in ("selected", "cohort"):
        return Request(None, {"list": NO_SELECTION})
    chosen = list(dict.fromkeys(a for a in _listed(form.get("selected[]")) if a in shown))
    errors: dict[str, str] = {}
    if not chosen:
        errors["selected"] = NO_SELECTION
    cohort = str(form.get("cohort") or "").strip()
    if action == "cohort":
        if not cohort:
            errors["cohort"] = NO_COHORT
        elif len(cohort) > COHORT_MAX:
            errors["cohort"] = LONG_COHORT
    errors |= {f"row.{a}": REASON_NOT_SENT for a in chosen if _reason_typed(form, a)}
    if errors:
        return Request(None, errors)
    decisions = [{"application_id": a, "state": EndorsementState.ENDORSED.value, "reason": None} for a in chosen]
    for d in decisions:
        d |= _as_seen(form, d["application_id"])
    if action == "cohort":
        done = Message("The selected applicants were endorsed as the cohort {cohort}.", {"cohort": cohort})
        return Request({"decisions": decisions, "cohort": cohort}, done=done)
    return Request({"decisions": decisions, "cohort": None}, done=Message("The selected applicants were endorsed."))


def refusal_fields(errors: Iterable[tuple[str, str]], body: Mapping[str, Any]) -> dict[str, str]:
    """The service's problems ``(field, message)`` by the page's fields: ``decisions.3.
    application_id`` is the row of the fourth decision of the request; the rest is the list's."""
    decisions = list(body.get("decisions") or [])
    out: dict[str, str] = {}
    for where, message in errors:
        parts = where.split(".")
        if parts[0] == "decisions" and len(parts) > 1 and parts[1].isdigit() and int(parts[1]) < len(decisions):
            out.setdefault(f"row.{decisions[int(parts[1])]['application_id']}", message)
        elif parts[0] == "cohort":
            out.setdefault("cohort", message)
        else:
            out.setdefault("list", message)
    return out


def has_endorsement(scheme: Mapping[str, Any] | None) -> bool:
    return Stage.ENDORSEMENT.value in [str(s) for s in (scheme or {}).get("path") or []]


def back_from(value: Any) -> str:
    """A way back to a coordinator's endorsement table or an officer's review of a cycle's
    matches (``?back=`` on the documents and letters pages): only a path of this portal under
    /endorsements/ or /officer/cycles/<id>/review, else none."""
    back = str(value or "")
    review = re.fullmatch(r"/officer/cycles/[^/?#]+/review(?:[?#].*)?", back, re.S) is not None
    if not (back.startswith("/endorsements/") or review) or len(back) > 500:
        return ""
    if "//" in back or "\\" in back or any(ch.isspace() or ord(ch) < 32 for ch in back):
        return ""
    return back


def has_nomination(scheme: Mapping[str, Any] | None) -> bool:
    return Stage.NOMINATION.value in [str(s) for s in (scheme or {}).get("path") or []]


def settled_note(scheme: Mapping[str, Any] | None) -> str:
    """What a settled row says instead of its buttons (nominated only under a nomination stage)."""
    return PLACED_OR_NOMINATED if has_nomination(scheme) else PLACED


def worded_for(errors: Mapping[str, str], scheme: Mapping[str, Any] | None) -> dict[str, str]:
    """The page's problems, the too-late refusal without "nominated" under a scheme that
    does not nominate."""
    if has_nomination(scheme):
        return dict(errors)
    return {f: (Message(TOO_LATE_PLACED) if str(m) == TOO_LATE else m) for f, m in errors.items()}


@dataclass(frozen=True)
class Endorsement:
    """Where an application stands on the endorsement stage, as the applicant is told it:
    ``kind`` is with_institution | endorsed | not_endorsed."""

    kind: str
    institution: str = ""
    reason: str = ""
    cohort: str = ""
    # the application still stands at this stage (submitted, endorsed or not): once a later
    # stage moved it on (a round, an offer, its answer, a withdrawal) the decision is history,
    # and what it led to ("goes on to the next stage") is not said beside that stage's status
    current: bool = True
    # with its institution, which has no coordinator account to endorse it: it waits for nobody
    unattended: bool = False


# the statuses of an application at the endorsement stage (with its home institution, or just decided)
AT_ENDORSEMENT = frozenset({ApplicationStatus.SUBMITTED, ApplicationStatus.ENDORSED, ApplicationStatus.NOT_ENDORSED})


def endorsement_of(
    application: Mapping[str, Any],
    scheme: Mapping[str, Any] | None,
    names: Mapping[str, str],
    endorsing: Collection[str] | None = None,
) -> Endorsement | None:
    """The endorsement line of an application: its home institution's decision (kept on the
    application as ``endorsement``), or, submitted under an endorsement stage without one,
    that it waits for the institution. ``names``: catalog institution names by id."""
    decided = application.get("endorsement") or {}
    home = application.get("home_institution_id") or ""
    # the catalog's name (in the reader's language) first; the one the decision recorded else
    institution = names.get(home) or application.get("home_institution_name") or decided.get("institution") or ""
    state = decided.get("state")
    current = application.get("status") in AT_ENDORSEMENT
    if state == EndorsementState.ENDORSED:
        return Endorsement("endorsed", institution, cohort=decided.get("cohort") or "", current=current)
    if state == EndorsementState.NOT_ENDORSED:
        return Endorsement("not_endorsed", institution, reason=decided.get("reason") or "", current=current)
    if application.get("status") == ApplicationStatus.SUBMITTED and has_endorsement(scheme):
        unattended = endorsing is not None and bool(home) and home not in endorsing
        return Endorsement("with_institution", institution, unattended=unattended)
    return None
