"""Endorsement by the home institution (issue 14), pure: the checks of a coordinator's
decisions and which of them change anything (so exactly those applicants are told).

Under an endorsement stage each application of the cycle names its home institution; that
institution's coordinator endorses it or not (with a reason for the applicant), one at a
time or several at once as a named cohort (a Luban Workshop's trainees: each keeps their
own application). A decision may change until the stage's deadline or until the application
is nominated or placed; rounds (and a nomination stage after it) see endorsed applications
only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from shared.errors import Conflict, FieldError, Invalid
from shared.events.catalog import EndorsementState, Stage


@dataclass(frozen=True)
class Decision:
    state: EndorsementState
    reason: str | None = None
    cohort: str | None = None


@dataclass(frozen=True)
class Requested:
    application_id: str
    state: EndorsementState
    reason: str | None = None
    was: str | None = None  # the decision as the client saw it ("" none); None: not said


def seen_otherwise(requested: Sequence[Requested], before: Mapping[str, Decision]) -> list[tuple[int, str, str]]:
    """The requests made on a decision that is no longer the one stored (a colleague, another
    tab): (index, application, the state now, "" none). A stale page had reversed a decision
    made meanwhile without a word, and the applicant received both e-mails."""
    out = []
    for i, r in enumerate(requested):
        now = before[r.application_id].state.value if r.application_id in before else ""
        if r.was is not None and r.was != now:
            out.append((i, r.application_id, now))
    return out


def has_endorsement_stage(path: Iterable[str]) -> bool:
    return Stage.ENDORSEMENT.value in {str(s) for s in path}


def check(requested: Sequence[Requested], pool: Iterable[str], settled: Iterable[str]) -> None:
    """Refuse (422, every problem at once) a decision about an application that is not the
    institution's in the cycle, or one named twice; then (409) one already nominated or
    placed, whose endorsement can no longer change."""
    in_pool, past = set(pool), set(settled)
    errors: list[FieldError] = []
    seen: set[str] = set()
    for i, r in enumerate(requested):
        where = f"decisions.{i}.application_id"
        if r.application_id in seen:
            msg = f"application {r.application_id!r} is named more than once"
            errors.append(FieldError(where, msg, "endorsement.duplicate", {"application_id": r.application_id}))
        seen.add(r.application_id)
        if r.application_id not in in_pool:
            msg = f"application {r.application_id!r} is not one of this institution's applications in the cycle"
            errors.append(FieldError(where, msg, "endorsement.not_in_pool", {"application_id": r.application_id}))
    if errors:
        raise Invalid.of(errors)
    for i, r in enumerate(requested):
        if r.application_id in past:
            msg = f"application {r.application_id!r} is already placed in a round or nominated: its endorsement stands"
            raise Conflict(
                "endorsement.too_late", msg, f"decisions.{i}.application_id", application_id=r.application_id
            )


def decided(requested: Sequence[Requested], cohort: str | None) -> dict[str, Decision]:
    """The decisions a request makes: the cohort goes to every endorsed one; a reason is
    kept only for a refusal (an endorsement needs none)."""
    out = {}
    for r in requested:
        if r.state == EndorsementState.ENDORSED:
            out[r.application_id] = Decision(r.state, None, cohort or None)
        else:
            out[r.application_id] = Decision(r.state, (r.reason or "").strip() or None, None)
    return out


def changed(before: Mapping[str, Decision], after: Mapping[str, Decision]) -> list[str]:
    """The applications whose decision differs from what they were told: told again."""
    return sorted(app for app, d in after.items() if before.get(app) != d)


def counts(decisions: Iterable[Decision], pool_size: int) -> dict[str, int]:
    states = [d.state for d in decisions]
    endorsed = states.count(EndorsementState.ENDORSED)
    refused = states.count(EndorsementState.NOT_ENDORSED)
    return {"endorsed": endorsed, "not_endorsed": refused, "undecided": max(0, pool_size - endorsed - refused)}
