"""The engine's inputs and outputs: plain values, no behaviour beyond their invariants."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import NamedTuple

from services.matching.domain.statuses import OutcomeStatus

from .priority import scope_value

# The three outcomes of a round, as the service stores them.
MATCHED = OutcomeStatus.MATCHED
WAITLISTED = OutcomeStatus.WAITLISTED
UNMATCHED = OutcomeStatus.UNMATCHED

_EMPTY: Mapping[str, str] = MappingProxyType({})


def _empty() -> Mapping[str, str]:
    return _EMPTY


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True, slots=True)
class Programme:
    id: str
    seats: int
    attrs: Mapping[str, str] = field(default_factory=_empty)


@dataclass(frozen=True, slots=True)
class Applicant:
    id: str
    choices: tuple[str, ...]
    score: float
    attrs: Mapping[str, str] = field(default_factory=_empty)
    #: programme id -> human reason ("ineligible: HSK 3 below required 4"); those choices are
    #: skipped and the reason is reported verbatim
    ineligible: Mapping[str, str] = field(default_factory=_empty)


@dataclass(frozen=True, slots=True)
class Cap:
    id: str
    limit: int
    label: str
    scope: Mapping[str, frozenset[str]] = field(default_factory=_empty)

    def __post_init__(self) -> None:
        # A bare string would silently match its substrings: normalise to frozensets.
        norm = {
            key: frozenset((vals,)) if isinstance(vals, str) else frozenset(vals) for key, vals in self.scope.items()
        }
        object.__setattr__(self, "scope", MappingProxyType(norm))

    def covers(self, applicant: Applicant, programme: Programme) -> bool:
        """Whether this cap counts the pair (applicant, programme)."""
        return all(scope_value(key, applicant, programme) in allowed for key, allowed in self.scope.items())


@dataclass(frozen=True, slots=True)
class ApplicantPool:
    """Applicants column-wise: the same data as a sequence of :class:`Applicant`.

    ``attrs`` maps an attribute name to one value (or None) per applicant;
    ``ineligible`` maps applicant id -> {programme id: reason}.
    """

    ids: Sequence[str]
    choices: Sequence[Sequence[str]]
    scores: Sequence[float]
    attrs: Mapping[str, Sequence[str | None]] = field(default_factory=dict)
    ineligible: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        n = len(self.ids)
        if len(self.choices) != n or len(self.scores) != n:
            raise ValueError("ApplicantPool: ids, choices and scores must have the same length")
        for key, col in self.attrs.items():
            if len(col) != n:
                raise ValueError(f"ApplicantPool: attribute column {key!r} has the wrong length")

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def from_applicants(cls, applicants: Iterable[Applicant]) -> ApplicantPool:
        apps = list(applicants)
        keys = sorted({k for a in apps for k in a.attrs})
        return cls(
            ids=[a.id for a in apps],
            choices=[tuple(a.choices) for a in apps],
            scores=[a.score for a in apps],
            attrs={k: [a.attrs.get(k) for a in apps] for k in keys},
            ineligible={a.id: a.ineligible for a in apps if a.ineligible},
        )

    def applicants(self) -> list[Applicant]:
        keys = list(self.attrs)
        return [
            Applicant(
                id=aid,
                choices=tuple(self.choices[i]),
                score=self.scores[i],
                attrs={k: v for k in keys if (v := self.attrs[k][i]) is not None},
                ineligible=self.ineligible.get(aid, _EMPTY),
            )
            for i, aid in enumerate(self.ids)
        ]


# ------------------------------------------------------------------------- outputs


class Reason(NamedTuple):
    """Why an applicant is not placed at one of the choices above its placement.

    (A named tuple rather than a dataclass: a large round creates millions of them.)
    """

    programme: str
    #: "ineligible" | "unknown_programme" | "programme_full" | "cap_full"
    kind: str
    message: str
    #: ids of the full caps that keep the applicant out (may accompany "programme_full")
    caps: tuple[str, ...] = ()


class Outcome(NamedTuple):
    """One applicant's result in a round (a named tuple, like :class:`Reason`)."""

    applicant: str
    status: str  # MATCHED | WAITLISTED | UNMATCHED
    programme: str | None
    #: 1-based position of ``programme`` in the applicant's choices (None: not listed / unplaced)
    choice_rank: int | None
    #: True for a fixed (earlier-round) match; such applicants do not compete and get no reasons
    fixed: bool
    reasons: tuple[Reason, ...]
    #: programme id -> 1-based position on that programme's waitlist
    waitlist_positions: Mapping[str, int]


@dataclass(frozen=True, slots=True)
class Fill:
    used: int
    limit: int

    @property
    def free(self) -> int:
        return max(0, self.limit - self.used)

    @property
    def ratio(self) -> float:
        return self.used / self.limit if self.limit else (1.0 if self.used else 0.0)


@dataclass(frozen=True, slots=True)
class CountryStats:
    applicants: int
    matched: int  # new proposals this round
    fixed: int
    waitlisted: int
    unmatched: int


@dataclass(frozen=True, slots=True)
class Statistics:
    #: programme id -> filled (fixed included) / seats
    programmes: Mapping[str, Fill]
    #: cap id -> used (fixed included) / limit
    caps: Mapping[str, Fill]
    #: sending country ("" when unknown) -> counts
    countries: Mapping[str, CountryStats]
    applicants: int
    matched: int
    fixed: int
    waitlisted: int
    unmatched: int
