"""The award path in the portal (issue 14), pure: a nominating authority's marks on its
pool turned into the list the matching service takes (``PUT /cycles/{id}/nominations/{country}``),
and where an applicant's application stands on the path. No I/O."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from services.portal.domain.forms import whole_number
from services.portal.domain.problems import Message
from shared.events.catalog import ApplicationStatus, NominationState, Stage

MARKS = ("", NominationState.NOMINATED.value, NominationState.RESERVE.value, NominationState.NOT_NOMINATED.value)
REASON_MAX = 500
RANK_PROBLEM = "A rank is a whole number from 1."
DUPLICATE_RANK = "Rank {rank} is given twice on this list: give each candidate a different rank."
RANKED = (NominationState.NOMINATED.value, NominationState.RESERVE.value)
REASON_LEFT_OFF_ONLY = (
    "A reason is kept only for an applicant who is not nominated: clear it, or choose “not nominated”."
)
REASON_TOO_LONG = "The reason is too long: at most {max} characters."
# The papers a host issues to an applicant who accepted the place (the applications service's
# kinds, in the order offered), and the longest note it keeps with one.
PAPER_KINDS = ("admission_letter", "visa_form", "other")
PAPER_NOTE_MAX = 500


@dataclass(frozen=True)
class Mark:
    """What the authority set for one candidate on the page: a state ("" undecided), a rank
    (None: after the ranked ones) and a reason for the applicant."""

    state: str
    rank: int | None = None
    reason: str = ""


def marks_from_form(form: Mapping[str, Any], shown: Iterable[str]) -> tuple[dict[str, Mark], dict[str, str]]:
    """The marks of the candidates shown on the page (``state.<id>``, ``rank.<id>``,
    ``reason.<id>``), and the problems by field. An unknown state reads as undecided."""
    marks: dict[str, Mark] = {}
    problems: dict[str, str] = {}
    for app_id in shown:
        state = str(form.get(f"state.{app_id}") or "")
        state = state if state in MARKS else ""
        text = str(form.get(f"rank.{app_id}") or "").strip()
        rank: int | None = None
        if text:
            number = whole_number(text)
            if number is not None and number >= 1:
                rank = number
            else:
                problems[f"rank.{app_id}"] = RANK_PROBLEM
        reason = str(form.get(f"reason.{app_id}") or "").strip()
        if len(reason) > REASON_MAX:  # said, not cut off unseen
            problems.setdefault(f"reason.{app_id}", Message(REASON_TOO_LONG, {"max": REASON_MAX}))
        elif reason and state in RANKED:  # the service keeps a reason for those left off only
            problems.setdefault(f"reason.{app_id}", REASON_LEFT_OFF_ONLY)
        marks[app_id] = Mark(state, rank, reason[:REASON_MAX])
    return marks, duplicate_ranks(marks) | problems


@dataclass(frozen=True)
class Change:
    """One applicant's place on a published list, before and after publishing it again."""

    application_id: str
    name: str
    before: str  # a NominationState value, "" undecided
    before_position: int | None
    after: str
    after_position: int | None
    # left off both times, with another reason: told again (the confirmation did not say so)
    reason_changed: bool = False


def list_changes(candidates: Iterable[Mapping[str, Any]], lists: Mapping[str, Any]) -> tuple[list[Change], list[str]]:
    """What publishing ``lists`` again changes, for the confirmation: each applicant whose place
    changes (a nominee moved to the reserve list is told the nomination is withdrawn), the
    nominees leaving the list first; and the reserves passed over (they stay on the reserve
    list while someone after them, or off it, is nominated), by application id."""
    after: dict[str, tuple[str, int | None]] = {
        a: (NominationState.NOMINATED.value, n) for n, a in enumerate(lists["nominees"], 1)
    }
    after |= {a: (NominationState.RESERVE.value, n) for n, a in enumerate(lists["reserve"], 1)}
    reasons = {
        left["application_id"]: str(left.get("reason") or "").strip() for left in lists.get("not_nominated") or []
    }
    everyone = list(candidates)
    changes: list[Change] = []
    for c in everyone:
        before = (str(c.get("state") or ""), c.get("position"))
        if before[0] == NominationState.WITHDRAWN:
            continue  # stays off the lists
        now = after.get(c["application_id"], (NominationState.NOT_NOMINATED.value, None))
        if now != before:
            changes.append(Change(c["application_id"], str(c.get("applicant_name") or ""), *before, *now))
        elif (
            now[0] == NominationState.NOT_NOMINATED
            and reasons.get(c["application_id"], "") != str(c.get("reason") or "").strip()
        ):
            changes.append(Change(c["application_id"], str(c.get("applicant_name") or ""), *before, *now, True))
    leaving = NominationState.NOMINATED.value
    changes.sort(key=lambda ch: (ch.before != leaving or ch.after == leaving, ch.after != leaving))
    newly = [ch for ch in changes if ch.after == leaving and ch.before != leaving]
    passed: list[str] = []
    for c in everyone:
        stays = after.get(c["application_id"], ("", None))[0] == NominationState.RESERVE.value
        if c.get("state") != NominationState.RESERVE.value or not stays:
            continue
        mine = c.get("position") or 0
        if any(ch.before != NominationState.RESERVE.value or (ch.before_position or 0) > mine for ch in newly):
            passed.append(c["application_id"])
    return changes, passed


def marks_of_lists(lists: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """The pool page's marks (state, rank, reason by application) of a whole list, as the
    confirmation carried it."""
    marks: dict[str, dict[str, str]] = {}
    for state in (NominationState.NOMINATED.value, NominationState.RESERVE.value):
        for n, app in enumerate(lists["nominees" if state == NominationState.NOMINATED.value else "reserve"], 1):
            marks[app] = {"state": state, "rank": str(n), "reason": ""}
    for left in lists["not_nominated"]:
        marks[left["application_id"]] = {
            "state": NominationState.NOT_NOMINATED.value,
            "rank": "",
            "reason": left["reason"],
        }
    return marks


def placed_taken_off(candidates: Iterable[Mapping[str, Any]], nominees: Iterable[str]) -> list[str]:
    """The nominees holding a place (approved, with the host, accepted) that the new list no
    longer nominates: the service refuses such a list (``nomination.placed``)."""
    kept = set(nominees)
    return [
        c["application_id"]
        for c in candidates
        if c.get("placed") and c.get("state") == NominationState.NOMINATED.value and c["application_id"] not in kept
    ]


def duplicate_ranks(marks: Mapping[str, Mark], candidates: Iterable[Mapping[str, Any]] = ()) -> dict[str, str]:
    """A rank given twice on one list (nominees, or the reserve list), by ``rank.<id>`` of each
    shown candidate that has it. ``candidates``: the whole pool as saved; one not shown on the
    page keeps its place, so its rank counts too."""
    taken: dict[tuple[str, int], list[str]] = {}
    for app_id, m in marks.items():
        if m.state in RANKED and m.rank is not None:
            taken.setdefault((m.state, m.rank), []).append(app_id)
    for c in candidates:
        if c["application_id"] not in marks and c.get("state") in RANKED and c.get("position"):
            taken.setdefault((str(c["state"]), int(c["position"])), []).append("")
    problems: dict[str, str] = {}
    for (_state, rank), apps in sorted(taken.items()):
        if len(apps) > 1:
            for app_id in apps:
                if app_id:
                    problems[f"rank.{app_id}"] = Message(DUPLICATE_RANK, {"rank": rank})
    return problems


def nomination_list(candidates: list[dict[str, Any]], marks: Mapping[str, Mark]) -> dict[str, Any]:
    """The whole list (nominees and reserve ranked, the not nominated with their reasons) from
    every candidate of the pool as the service answered them, with the page's marks applied.

    A rank orders its list (ties in the order of the candidates); a candidate without one keeps
    its place on the list it was already on, else follows the ranked ones. A withdrawn nominee
    stays off the lists (only a withdrawal takes someone off a published list)."""
    ranked: dict[str, list[tuple[float, int, str]]] = {"nominated": [], "reserve": []}
    not_nominated: list[dict[str, str]] = []
    for i, c in enumerate(candidates):
        app_id = c["application_id"]
        before = c.get("state") or ""
        if before == NominationState.WITHDRAWN:
            continue
        m = marks.get(app_id)
        state = m.state if m else before
        if state in ranked:
            rank: float = math.inf
            if m and m.rank is not None:
                rank = m.rank
            elif state == before and c.get("position"):
                rank = c["position"]
            ranked[state].append((rank, i, app_id))
        elif state == NominationState.NOT_NOMINATED:
            reason = m.reason if m else (c.get("reason") or "")
            not_nominated.append({"application_id": app_id, "reason": reason})
    return {
        "nominees": [a for _r, _i, a in sorted(ranked["nominated"])],
        "reserve": [a for _r, _i, a in sorted(ranked["reserve"])],
        "not_nominated": not_nominated,
    }


def marks_of(candidates: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """The form's values for candidates as saved: state, rank and reason by id."""
    return {
        c["application_id"]: {
            "state": c.get("state") or "",
            "rank": str(c["position"]) if c.get("position") else "",
            "reason": c.get("reason") or "",
        }
        for c in candidates
    }


def saved_as(candidate_marks: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """Each row's decision and rank as saved (``marks_of``), as one value the page carries
    (``was.<id>``): what the person saw, to tell their change from a colleague's."""
    return {a: f"{m.get('state') or ''}|{m.get('rank') or ''}" for a, m in candidate_marks.items()}


def own_changes(
    marks: Mapping[str, Mark], was: Mapping[str, str], now: Mapping[str, Mapping[str, str]]
) -> tuple[dict[str, Mark], list[str]]:
    """Of the page's ``marks``, those its user changed (``was``: the rows as the page showed
    them; ``now``: ``marks_of`` the list as it stands), and the rows they changed that someone
    else changed meanwhile (another tab, a colleague): those are refused, not overwritten.

    A row left as it was shown is not sent: a page opened before a colleague's save had put
    every row it showed back as it had been (a nominee undecided again, without a word). A row
    the page carries no ``was`` for (a form of before) counts as changed, as it always had."""
    current = saved_as(now)
    mine: dict[str, Mark] = {}
    meanwhile: list[str] = []
    for app_id, mark in marks.items():
        shown = was.get(app_id)
        if shown is None:
            mine[app_id] = mark
            continue
        posted = f"{mark.state}|{mark.rank or ''}"
        reason_changed = mark.state == NominationState.NOT_NOMINATED and mark.reason != (now.get(app_id) or {}).get(
            "reason", ""
        )
        if posted == shown and not reason_changed:
            continue  # untouched: the list keeps it as it is now
        if current.get(app_id, shown) != shown:
            meanwhile.append(app_id)
        else:
            mine[app_id] = mark
    return mine, meanwhile


def has_passed(deadline: Any, now: datetime) -> bool:
    """Whether an ISO instant (the service's ``closes_at``) is at or before ``now``; an absent
    or unreadable one never passes (the service decides anyway)."""
    try:
        when = datetime.fromisoformat(str(deadline)) if deadline else None
    except ValueError:
        return False
    if when is None:
        return False
    return (when if when.tzinfo else when.replace(tzinfo=UTC)) <= now


# --- where an application stands -----------------------------------------------------------


@dataclass(frozen=True)
class Whereabouts:
    """One step of the path as the applicant's page says it: ``kind`` names it (a class for
    the page and the tests), ``authority`` is the nominating authority's name (empty: unknown)."""

    kind: str
    authority: str = ""
    position: int | None = None
    promoted: bool = False
    reason: str = ""  # the authority's words, or the host's reason code
    note: str = ""  # the host's note
    after: str = ""  # after a host's rejection: ``AFTER_REJECTION``'s word ("" unknown)
    host: str = ""  # with the host: its name in the reader's language ("" unknown)


# What a host's rejection leaves of the application in its cycle, as matching does it:
# under a nomination stage the nominee is withdrawn and no later round considers them
# ("out"); otherwise later rounds consider the other choices, never that programme again.
AFTER_REJECTION = ("out", "other_choices", "no_other_choice")


def after_rejection(path: Iterable[str], choices: Iterable[str]) -> str:
    """What a host's rejection leaves of an application in its cycle (``AFTER_REJECTION``)."""
    if Stage.NOMINATION in {str(s) for s in path}:
        return "out"
    return "other_choices" if len(list(choices)) > 1 else "no_other_choice"


def whereabouts(
    application: Mapping[str, Any], scheme: Mapping[str, Any] | None, hosts: Mapping[str, str] | None = None
) -> Whereabouts | None:
    """Where the application is on a nomination or admission stage; None off those stages.
    ``hosts``: host institution names by id (the cycle's programmes'), for the host deciding now."""
    status = application.get("status")
    nomination = application.get("nomination") or {}
    admission = application.get("admission") or {}
    authorities = (scheme or {}).get("authorities") or {}
    # the catalog's name (in the reader's language) first; the one the decision recorded else
    authority = authorities.get(application.get("sending_country") or "") or nomination.get("authority") or ""
    path = (scheme or {}).get("path") or []
    if status == ApplicationStatus.SUBMITTED and Stage.NOMINATION in path and not nomination:
        return Whereabouts("with_authority", authority)
    if status == ApplicationStatus.NOMINATED:
        return Whereabouts("nominated", authority, nomination.get("position"), bool(nomination.get("promoted")))
    if status == ApplicationStatus.RESERVE:
        return Whereabouts("reserve", authority, nomination.get("position"))
    if status == ApplicationStatus.NOT_NOMINATED:
        kind = "withdrawn" if nomination.get("state") == NominationState.WITHDRAWN else "not_nominated"
        return Whereabouts(kind, authority, reason=nomination.get("reason") or "")
    if status == ApplicationStatus.WITH_HOST:
        return Whereabouts("with_host", host=(hosts or {}).get(application.get("host_institution_id") or "", ""))
    if status == ApplicationStatus.NOT_ADMITTED:
        # what it leaves: only from the scheme's path, which an unknown scheme does not say
        after = after_rejection(path, application.get("choices") or []) if scheme else ""
        return Whereabouts(
            "not_admitted", reason=admission.get("reason_code") or "", note=admission.get("note") or "", after=after
        )
    if status in (ApplicationStatus.OFFERED, ApplicationStatus.ACCEPTED) and admission.get("decision") == "admitted":
        return Whereabouts("admitted", note=admission.get("note") or "")
    return None


# A waiting stage -> the matching cycle's deadline for it (CycleOut)
STAGE_DEADLINES = {
    "endorsement": "endorsement_closes_at",
    "nomination": "nomination_closes_at",
    "admission": "admission_closes_at",
}


def stage_deadlines(cycle: Mapping[str, Any] | None, now: datetime) -> dict[str, str]:
    """The cycle's stage deadlines still to come, by stage (ISO instants): the day the applicant's
    page says the stage holding the application decides by, as staff pages show it. One unset or
    passed is left out: the page then says no day rather than one gone by."""
    out: dict[str, str] = {}
    for stage, key in STAGE_DEADLINES.items():
        value = (cycle or {}).get(key)
        if value and not has_passed(value, now):
            out[stage] = str(value)
    return out


def history_names(
    application: Mapping[str, Any], scheme: Mapping[str, Any] | None, names: Mapping[str, str]
) -> dict[str, str]:
    """The home institution and the nominating authority as the history's award lines name
    them: the catalog's names (in the reader's language), else "" and the line keeps the name
    its decision recorded (as typed, often English). ``names``: catalog institution names by id."""
    authorities = (scheme or {}).get("authorities") or {}
    home = application.get("home_institution_id") or ""
    return {
        "institution": names.get(home) or application.get("home_institution_name") or "",
        "authority": authorities.get(application.get("sending_country") or "") or "",
    }


def choice_names(programmes: list[dict], institutions: list[dict]) -> dict[str, str]:
    """A choice as a list of candidates names it: the programme's title and its host (the
    title alone left a reader to open the documents to learn where)."""
    hosts = {i["id"]: i["name"] for i in institutions}
    return {
        p["id"]: f"{p['title']} · {hosts[p['host_institution_id']]}"
        if p.get("host_institution_id") in hosts
        else p["title"]
        for p in programmes
    }


# --- what the applicant shares with the host ------------------------------------------------

SHARING = ("all", "identity", "documents", "nothing")


def sharing(consent: Mapping[str, Any] | None) -> str | None:
    """What the applicant lets the host read, as one word of ``SHARING`` ("identity": the
    identity only); None when it is not known (the page then says nothing of it)."""
    if not isinstance(consent, Mapping):
        return None
    identity, documents = bool(consent.get("host_identity")), bool(consent.get("host_documents"))
    if identity and documents:
        return "all"
    return "identity" if identity else "documents" if documents else "nothing"


# what an officer reads beside a proposed match whose applicant shares less than everything
NOT_SHARED = {
    "nothing": "Not shared with the host yet: identity and documents",
    "identity": "Not shared with the host yet: documents",
    "documents": "Not shared with the host yet: identity",
}


def not_shared_with_host(consents: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """The applications (of ``consents``: application id -> consent) whose applicant has not
    shared everything with the host, with what the officer is told (``NOT_SHARED``)."""
    return {a: NOT_SHARED[kind] for a, c in consents.items() if (kind := sharing(c)) in NOT_SHARED}
