"""The priority score of an application: a weighted mean of what is known about it.

Components are the normalised grade (from the application), the interview score and the
committee score (both from officers), each 0-100. The weights come from the cycle
(default grade 1, interview 1, committee 1). Only components that are present count, and
the weights are renormalised over them, so an application nobody has scored yet ranks by
its grade alone ("default = grade"); one without any component scores 0.

A round ranks everyone on one scale (``score_check``): an officer's component (interview,
committee) counts only when every application the round ranks has it. Blending it into some
applications' priority and not others' compared a committee composite with a bare grade: with
6 of 40 scored, a grade of 92 and a composite of 75.6 gave 83.8, below every unscored grade
above 83.8, so being scored pushed an applicant down (or up, had the committee been kinder
than the grades). Until the last one is scored, such a component is left out for all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from services.matching.domain.catalog import ERROR, Problem

DEFAULT_WEIGHTS: dict[str, float] = {"grade": 1.0, "interview": 1.0, "committee": 1.0}
COMPONENTS = tuple(DEFAULT_WEIGHTS)
# the scores officers give, one application after another: known for some, not yet for others
OFFICER_COMPONENTS = ("interview", "committee")
# Weights are relative: a thousand to one is more than any rule needs, and a larger one (1e308)
# made a weighted sum infinite, a score NaN and every round of the cycle fail.
MAX_WEIGHT = 1000.0


def priority_score(
    grade: float | None,
    interview: float | None,
    committee: float | None,
    weights: Mapping[str, float] | None = None,
    components: tuple[str, ...] = COMPONENTS,
) -> float:
    """``components``: those the round ranks by (``ScoreCheck.components``); the others are
    left out even where present."""
    w = {**DEFAULT_WEIGHTS, **(weights or {})}
    parts = {"grade": grade, "interview": interview, "committee": committee}
    total = weight = 0.0
    for name, value in parts.items():
        if value is None or w[name] <= 0 or name not in components:
            continue
        total += w[name] * value
        weight += w[name]
    # two decimals: a stable value for the digest and a readable one in reasons
    return round(total / weight, 2) if weight else 0.0


@dataclass(frozen=True)
class ScoreCheck:
    """What a round ranks by, and how complete the officers' scores are, over the applications
    it ranks (those it considers, less those whose match keeps its seat)."""

    ranked: int
    # per officer component with a positive weight, how many of the ranked have it
    having: Mapping[str, int] = field(default_factory=dict)
    reviews_asked: int | None = None  # the scoresheet's reviewers per application (None: no scoresheet)
    short_of_reviews: int = 0  # ranked applications with fewer submitted reviews than that

    @property
    def components(self) -> tuple[str, ...]:
        """The components in everyone's priority: the grade, and each officer's score (weighted)
        that all the ranked have; a round that ranked nobody ranked by no officer's score (it said
        "by grade, interview and committee score" of an empty round)."""
        return tuple(
            c
            for c in COMPONENTS
            if c not in OFFICER_COMPONENTS or (c in self.having and 0 < self.ranked <= self.having[c])
        )

    @property
    def left_out(self) -> tuple[str, ...]:
        """Officer components some of the ranked have and others lack: scores given that will not count."""
        return tuple(c for c, n in self.having.items() if 0 < n < self.ranked)

    @property
    def without(self) -> dict[str, int]:
        return {c: self.ranked - n for c, n in self.having.items()}

    @property
    def incomplete(self) -> bool:
        """The officer must confirm a round now: reviews missing, or scores given that would not count."""
        return self.short_of_reviews > 0 or bool(self.left_out)

    def as_json(self) -> dict:
        return {
            "ranked": self.ranked,
            "components": list(self.components),
            "left_out": list(self.left_out),
            "without": self.without,
            "reviews_asked": self.reviews_asked,
            "short_of_reviews": self.short_of_reviews,
            "incomplete": self.incomplete,
        }


def score_check(
    ranked: int,
    having: Mapping[str, int],
    weights: Mapping[str, float] | None = None,
    *,
    reviews_asked: int | None = None,
    short_of_reviews: int = 0,
) -> ScoreCheck:
    """``having``: officer component -> how many of the ``ranked`` applications have it. A
    component weighted 0 counts nowhere, so whether it is complete does not matter."""
    w = {**DEFAULT_WEIGHTS, **(weights or {})}
    counted = {c: int(having.get(c, 0)) for c in OFFICER_COMPONENTS if w[c] > 0}
    return ScoreCheck(ranked, counted, reviews_asked, short_of_reviews if reviews_asked else 0)


def components_of(statistics: Mapping | None) -> tuple[str, ...]:
    """The components a stored round ranked by (a round from before ranked by all present)."""
    stored = (statistics or {}).get("priority") or {}
    return tuple(stored["components"]) if "components" in stored else COMPONENTS


def weight_problems(weights: Mapping[str, float]) -> list[Problem]:
    problems = []
    for name, value in weights.items():
        if name not in COMPONENTS:
            msg = f"unknown component; use {', '.join(COMPONENTS)}"
            problems.append(Problem(ERROR, f"score_weights.{name}", msg, "cycle.unknown_weight"))
        elif value < 0:
            problems.append(
                Problem(ERROR, f"score_weights.{name}", "weights must not be negative", "cycle.negative_weight")
            )
        elif not value <= MAX_WEIGHT:  # NaN too
            msg = f"a weight is at most {MAX_WEIGHT:g} (weights are relative)"
            problems.append(Problem(ERROR, f"score_weights.{name}", msg, "cycle.weight_too_large"))
    if weights and all(weights.get(c, DEFAULT_WEIGHTS[c]) <= 0 for c in COMPONENTS):
        msg = "at least one component needs a positive weight"
        problems.append(Problem(ERROR, "score_weights", msg, "cycle.no_positive_weight"))
    return problems
