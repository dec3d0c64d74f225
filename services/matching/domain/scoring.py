"""The priority score of an application: a weighted mean of what is known about it.

Components are the normalised grade (from the application), the interview score and the
committee score (both from officers), each 0-100. The weights come from the cycle
(default grade 1, interview 1, committee 1). Only components that are present count, and
the weights are renormalised over them, so an application nobody has scored yet ranks by
its grade alone ("default = grade"); one without any component scores 0.
"""

from __future__ import annotations

from collections.abc import Mapping

from services.matching.domain.catalog import ERROR, Problem

DEFAULT_WEIGHTS: dict[str, float] = {"grade": 1.0, "interview": 1.0, "committee": 1.0}
COMPONENTS = tuple(DEFAULT_WEIGHTS)
# Weights are relative: a thousand to one is more than any rule needs, and a larger one (1e308)
# made a weighted sum infinite, a score NaN and every round of the cycle fail.
MAX_WEIGHT = 1000.0


def priority_score(
    grade: float | None,
    interview: float | None,
    committee: float | None,
    weights: Mapping[str, float] | None = None,
) -> float:
    w = {**DEFAULT_WEIGHTS, **(weights or {})}
    parts = {"grade": grade, "interview": interview, "committee": committee}
    total = weight = 0.0
    for name, value in parts.items():
        if value is None or w[name] <= 0:
            continue
        total += w[name] * value
        weight += w[name]
    # two decimals: a stable value for the digest and a readable one in reasons
    return round(total / weight, 2) if weight else 0.0


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
