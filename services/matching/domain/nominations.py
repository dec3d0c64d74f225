"""Nominations (issue 14), pure: a sending country's allocation from the cycle's quota rules,
the checks of a nomination list, what a publication changes (so exactly those applicants are
told) and how the reserve list moves up when a nominee leaves it.

A country's list is a set of decisions, one per application of its national pool: nominated
(ranked 1..n, n at most the allocation), reserve (ranked 1..m), not nominated (with the
authority's reason) or withdrawn (a nominee taken off the list: by the authority, by the
host's rejection or by the applicant's own withdrawal).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from services.matching.domain.catalog import ERROR, Problem
from shared.errors import FieldError, Invalid
from shared.events.catalog import DIRECT_PATH, NominationState, Stage


@dataclass(frozen=True)
class RuleFacts:
    """What the allocation reads of a quota rule."""

    scope: Mapping[str, Sequence[str]]
    per: Sequence[str]
    max_count: int | None


@dataclass(frozen=True)
class Decision:
    """One application's place on (or off) its country's list."""

    state: NominationState
    position: int | None = None
    reason: str | None = None
    promoted: bool = False


def has_nomination_stage(path: Iterable[str]) -> bool:
    return Stage.NOMINATION.value in {str(s) for s in path}


def path_problems(path: Sequence[str]) -> list[Problem]:
    """A scheme's path: known stages, each once, in the canonical order, with matching,
    review and answer (every path ends with an offer the applicant answers). Empty: direct."""
    if not path:
        return []
    known = [s.value for s in Stage]
    unknown = [s for s in path if s not in known]
    if unknown:
        msg = f"unknown stage(s) {', '.join(map(repr, unknown))}; the stages are {', '.join(known)}"
        return [Problem(ERROR, "path", msg, "scheme.unknown_stage")]
    if len(set(path)) != len(path):
        return [Problem(ERROR, "path", "a stage appears more than once", "scheme.stage_repeated")]
    if list(path) != sorted(path, key=known.index):
        return [Problem(ERROR, "path", f"the stages go in this order: {', '.join(known)}", "scheme.stage_order")]
    missing = [s.value for s in DIRECT_PATH if s.value not in path]
    if missing:
        msg = f"every path has matching, review and answer; missing: {', '.join(missing)}"
        return [Problem(ERROR, "path", msg, "scheme.stage_missing")]
    return []


def allocation(rules: Iterable[RuleFacts], country: str) -> int | None:
    """The most nominees ``country`` may have: the smallest ``max_count`` of the rules that
    cap that country's applicants as a whole, i.e. whose scope is only ``sending_country``
    and names the country (per nothing or per sending country), or that apply per sending
    country with no scope. None: no such rule (no limit)."""
    caps = []
    for rule in rules:
        if rule.max_count is None:
            continue
        per = list(rule.per)
        only_country = set(rule.scope) == {"sending_country"} and country in rule.scope["sending_country"]
        if only_country and per in ([], ["sending_country"]):
            caps.append(rule.max_count)
        elif not rule.scope and per == ["sending_country"]:
            caps.append(rule.max_count)
    return min(caps) if caps else None


def check_list(
    nominees: Sequence[str],
    reserve: Sequence[str],
    not_nominated: Sequence[str],
    pool: Iterable[str],
    allocation_: int | None,
) -> None:
    """Refuse (422, every problem at once) a list naming an application outside the
    country's pool, one named twice, or more nominees than the allocation."""
    in_pool = set(pool)
    errors: list[FieldError] = []
    seen: set[str] = set()
    for field, ids in (("nominees", nominees), ("reserve", reserve), ("not_nominated", not_nominated)):
        for i, app in enumerate(ids):
            where = f"{field}.{i}"
            if app in seen:
                msg = f"application {app!r} is named more than once"
                errors.append(FieldError(where, msg, "nomination.duplicate", {"application_id": app}))
            seen.add(app)
            if app not in in_pool:
                msg = f"application {app!r} is not in this country's pool for the cycle"
                errors.append(FieldError(where, msg, "nomination.not_in_pool", {"application_id": app}))
    if allocation_ is not None and len(nominees) > allocation_:
        msg = f"{len(nominees)} nominees, but the country's allocation is {allocation_}"
        errors.append(FieldError("nominees", msg, "nomination.over_allocation", {"allocation": allocation_}))
    if errors:
        raise Invalid.of(errors)


def planned(
    current: Mapping[str, Decision],
    pool: Iterable[str],
    nominees: Sequence[str],
    reserve: Sequence[str],
    not_nominated: Mapping[str, str | None],
    *,
    publish: bool = True,
) -> dict[str, Decision]:
    """The decisions after a save: the nominees and the reserve in their order, the
    not-nominated with their reasons, and (on publication) everyone else in the pool not
    nominated, without a reason; a draft leaves them undecided (absent). A nominee withdrawn
    earlier stays withdrawn unless named again."""
    out: dict[str, Decision] = {}
    for n, app in enumerate(nominees, 1):
        before = current.get(app)
        kept = before is not None and before.state == NominationState.NOMINATED and before.promoted
        out[app] = Decision(NominationState.NOMINATED, n, promoted=kept)
    for n, app in enumerate(reserve, 1):
        out[app] = Decision(NominationState.RESERVE, n)
    for app, reason in not_nominated.items():
        out[app] = Decision(NominationState.NOT_NOMINATED, None, reason or None)
    for app in pool:
        if app in out:
            continue
        before = current.get(app)
        if before is not None and before.state == NominationState.WITHDRAWN:
            out[app] = before
        elif publish:
            out[app] = Decision(NominationState.NOT_NOMINATED)
    return out


def changed(before: Mapping[str, Decision], after: Mapping[str, Decision]) -> list[str]:
    """The applications whose decision (state, position, reason or promotion) differs: the
    ones a publication tells, in a stable order."""
    return sorted(app for app, d in after.items() if before.get(app) != d)


def withdrawn(decisions: Mapping[str, Decision], application_id: str, reason: str | None) -> dict[str, Decision]:
    """``application_id`` leaves the list (withdrawn, with the reason). A nominee's place
    goes to the first on the reserve list (promoted, at the nominee's position); the
    reserve list closes up behind it. Only the decisions that change are returned (nothing
    when the application was not nominated or on the reserve list)."""
    gone = decisions.get(application_id)
    if gone is None or gone.state not in (NominationState.NOMINATED, NominationState.RESERVE):
        return {}
    out = {application_id: Decision(NominationState.WITHDRAWN, None, reason or None)}
    reserve = sorted(
        (d.position or 0, app)
        for app, d in decisions.items()
        if d.state == NominationState.RESERVE and app != application_id
    )
    if gone.state == NominationState.NOMINATED and reserve:
        _, first = reserve.pop(0)
        out[first] = Decision(NominationState.NOMINATED, gone.position, None, promoted=True)
    for n, (_, app) in enumerate(reserve, 1):
        if decisions[app].position != n:
            out[app] = replace(decisions[app], position=n)
    return out


def counts(decisions: Iterable[Decision]) -> tuple[int, int]:
    """(nominated, reserve)."""
    states = [d.state for d in decisions]
    return states.count(NominationState.NOMINATED), states.count(NominationState.RESERVE)
