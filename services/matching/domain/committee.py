"""The selection committee's rules (pure): scoresheets, composites, the moderation flag,
who may review what, an even assignment of reviewers and who sees which scores.

The composite rule (also in the README and the API docs):

- A criterion has a weight > 0 and a range ``min < max``. A reviewer's score on it is
  normalised to 0-100: ``(value - min) / (max - min) * 100``.
- A reviewer's composite is the weighted mean of their normalised scores over every
  criterion of the scoresheet (a submitted review scores every criterion):
  ``sum(w_i * n_i) / sum(w_i)``.
- An application's composite is the plain mean of its submitted reviewers' composites,
  rounded to two decimals; it becomes the pool entry's committee score (0-100), one of the
  components of the matching priority (``domain/scoring.py``).
- The spread is the highest minus the lowest reviewer composite; with two or more
  submitted reviews and a spread above the scoresheet's ``spread_threshold`` the
  application is flagged for moderation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from services.matching.domain.catalog import ERROR, Problem
from services.matching.domain.scoring import MAX_WEIGHT

MAX_CRITERIA = 20
DEFAULT_REVIEWERS = 2
DEFAULT_SPREAD_THRESHOLD = 20.0


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    weight: float
    min: float = 0.0
    max: float = 10.0


def scoresheet_problems(
    criteria: Sequence[Criterion], reviewers_per_application: int, threshold: float
) -> list[Problem]:
    """Everything wrong with a scoresheet, each named by field."""
    problems: list[Problem] = []
    if not criteria:
        problems.append(Problem(ERROR, "criteria", "a scoresheet needs at least one criterion", "scoresheet.empty"))
    if len(criteria) > MAX_CRITERIA:
        msg = f"at most {MAX_CRITERIA} criteria"
        problems.append(Problem(ERROR, "criteria", msg, "scoresheet.too_many_criteria"))
    seen: set[str] = set()
    for i, c in enumerate(criteria):
        if c.key in seen:
            msg = f"criterion {c.key!r} appears twice"
            problems.append(Problem(ERROR, f"criteria.{i}.key", msg, "scoresheet.duplicate_criterion"))
        seen.add(c.key)
        if not c.weight > 0:
            msg = "a weight must be greater than 0"
            problems.append(Problem(ERROR, f"criteria.{i}.weight", msg, "scoresheet.weight_not_positive"))
        elif not c.weight <= MAX_WEIGHT:  # their sum overflowed to infinity: every composite NaN
            msg = f"a weight is at most {MAX_WEIGHT:g} (weights are relative)"
            problems.append(Problem(ERROR, f"criteria.{i}.weight", msg, "scoresheet.weight_too_large"))
        if not c.min < c.max:
            msg = f"the range is empty: min {c.min:g} must be below max {c.max:g}"
            problems.append(Problem(ERROR, f"criteria.{i}.max", msg, "scoresheet.empty_range"))
    if not 1 <= reviewers_per_application <= 10:
        msg = "between 1 and 10 reviewers per application"
        problems.append(Problem(ERROR, "reviewers_per_application", msg, "scoresheet.reviewers_out_of_range"))
    if not 0 <= threshold <= 100:
        msg = "the spread threshold is on the 0-100 composite scale"
        problems.append(Problem(ERROR, "spread_threshold", msg, "scoresheet.threshold_out_of_range"))
    return problems


def score_problems(criteria: Sequence[Criterion], scores: Mapping[str, float]) -> list[Problem]:
    """A review must score every criterion of the sheet within its range, and nothing else."""
    problems: list[Problem] = []
    known = {c.key: c for c in criteria}
    for key in scores:
        if key not in known:
            msg = f"no criterion {key!r} on this scoresheet; use {', '.join(known)}"
            problems.append(Problem(ERROR, f"scores.{key}", msg, "review.unknown_criterion"))
    for c in criteria:
        value = scores.get(c.key)
        if value is None:
            problems.append(Problem(ERROR, f"scores.{c.key}", f"score {c.label}", "review.missing_criterion"))
        elif not c.min <= value <= c.max:
            msg = f"{c.label} is scored from {c.min:g} to {c.max:g}"
            problems.append(Problem(ERROR, f"scores.{c.key}", msg, "review.out_of_range"))
    return problems


def reviewer_composite(criteria: Sequence[Criterion], scores: Mapping[str, float]) -> float:
    """The weighted mean of the normalised (0-100) scores; see the module docstring."""
    total = weight = 0.0
    for c in criteria:
        if c.key not in scores:
            continue
        total += c.weight * (scores[c.key] - c.min) / (c.max - c.min) * 100
        weight += c.weight
    return half_up(total / weight) if weight else 0.0


@dataclass(frozen=True)
class Summary:
    composite: float | None  # None until someone submitted
    spread: float | None  # None with fewer than two submitted reviews
    flagged: bool
    submitted: int


def half_up(value: float) -> float:
    """To two decimals, a half up (as people round): the mean of 31.11 and 40.00 is 35.56, where
    ``round`` gave 35.55 (35.555 is stored a little below itself)."""
    return float(Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def summarise(composites: Iterable[float], threshold: float) -> Summary:
    values = list(composites)
    if not values:
        return Summary(None, None, False, 0)
    composite = half_up(sum(values) / len(values))
    spread = half_up(max(values) - min(values)) if len(values) > 1 else None
    return Summary(composite, spread, spread is not None and spread > threshold, len(values))


def sees_scores_of_others(is_assigned: bool, has_submitted: bool) -> bool:
    """A reviewer assigned to an application sees the others' scores only once they
    submitted their own; officers in scope who are not its reviewers (the chair,
    moderators) see them all."""
    return has_submitted or not is_assigned


def normalise_institution(name: str | None) -> str:
    return " ".join((name or "").casefold().split())


@dataclass(frozen=True)
class Reviewer:
    id: str
    affiliations: frozenset[str] = frozenset()  # normalised institution names (and ids)
    conflicts: frozenset[str] = frozenset()  # application ids declared in conflict
    # the host institutions the reviewer's scope is limited to (none: every host of the scheme)
    hosts: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Candidate:
    application_id: str
    home_institution: str = ""  # normalised
    assigned: tuple[str, ...] = ()  # reviewers already on it (live assignments)
    excluded: tuple[str, ...] = ()  # reviewers taken off it (never given back automatically)
    hosts: frozenset[str] = frozenset()  # the host institutions of its choices
    submitted: tuple[str, ...] = ()  # reviewers on it who have submitted their scores
    readers: frozenset[str] = frozenset()  # officers shown another reviewer's submitted scores of it


def not_blind(application: Candidate, caller: str, *, besides: str | None = None) -> frozenset[str]:
    """Who may not be given a blind review of the application: the officers shown another
    reviewer's submitted scores of it, and ``caller`` once a reviewer (other than ``besides``)
    has submitted: they can read those scores. An officer had read the composite, then given
    themselves the other review; refused that, a colleague gave it to them."""
    if any(r != besides for r in application.submitted):
        return application.readers | {caller}
    return application.readers


def may_review(reviewer: Reviewer, application: Candidate) -> bool:
    """Never a reviewer of the applicant's home institution, or one with a declared conflict;
    and only one who may open the application: a reviewer scoped to host institutions sees
    only applications with a choice at one of them (shared.scope.sees_application)."""
    if application.application_id in reviewer.conflicts:
        return False
    if reviewer.hosts and not reviewer.hosts & application.hosts:
        return False
    return not (application.home_institution and application.home_institution in reviewer.affiliations)


@dataclass
class Assignment:
    """New (application id, reviewer id) pairs, and the applications left short of reviewers."""

    pairs: list[tuple[str, str]] = field(default_factory=list)
    short: dict[str, int] = field(default_factory=dict)  # application id -> reviewers missing


def assign(
    applications: Sequence[Candidate], reviewers: Sequence[Reviewer], n: int, load: Mapping[str, int] | None = None
) -> Assignment:
    """Give every application ``n`` reviewers (counting those it has), evenly: each pick is
    the eligible reviewer with the fewest assignments so far (``load`` counts the existing
    ones), ties broken by id, so loads differ by at most one where conflicts allow. Applications
    are taken most-constrained first (fewest eligible reviewers), then by id: deterministic."""
    counts = {r.id: (load or {}).get(r.id, 0) for r in reviewers}
    result = Assignment()
    eligible = {
        a.application_id: [
            r for r in reviewers if may_review(r, a) and r.id not in a.excluded and r.id not in a.readers
        ]
        for a in applications
    }
    for a in sorted(applications, key=lambda a: (len(eligible[a.application_id]), a.application_id)):
        have = set(a.assigned)
        missing = n - len(have)
        pool = [r for r in eligible[a.application_id] if r.id not in have]
        while missing > 0 and pool:
            pick = min(pool, key=lambda r: (counts[r.id], r.id))
            pool.remove(pick)
            counts[pick.id] += 1
            result.pairs.append((a.application_id, pick.id))
            missing -= 1
        if missing > 0:
            result.short[a.application_id] = missing
    return result
