"""The matching engine: deferred acceptance generalised to quota caps.

Pure module: no I/O, no database, no Kafka, no clock. The service loads a cycle's pool,
calls :func:`run_matching` and stores what it returns.

Inputs
------
* :class:`Programme` — a place with ``seats`` and descriptive ``attrs`` (host_institution,
  host_country, field, level, applicant_type, scheme, cycle, ...).
* :class:`Applicant` — ranked ``choices`` (programme ids), a ``score``, ``attrs``
  (sending_country, applicant_type) and ``ineligible`` choices with a human reason.
  :class:`ApplicantPool` carries the same data column-wise (cheaper for large pools).
* :class:`Cap` — a hard limit on the number of matched (applicant, programme) pairs it
  covers. ``scope`` maps attribute names to allowed values; a pair is covered when every
  key matches. Bare ``sending_country`` and ``applicant_type`` are read from the applicant
  (``applicant_type`` falls back to the programme's attribute when the applicant has
  none), ``programme`` is the programme id, every other bare key is a programme attribute;
  ``applicant.<attr>`` / ``programme.<attr>`` name a side explicitly. :mod:`.quota` turns
  officer-edited quota rules into caps.
* ``fixed`` — applicant id -> programme id: approved or accepted matches of earlier rounds.
  They stay, use seats and caps, and are never displaced; those applicants do not
  propose again.
* ``seed`` — one lottery number per applicant, ``blake2b(f"{seed}\\0{applicant_id}")``
  (8-byte digest, big-endian; see :func:`lottery_number`), breaks score ties. Priority is
  (score descending, lottery ascending, applicant id); every programme and every cap ranks
  applicants by this one order.

Semantics
---------
Applicant-proposing deferred acceptance: an applicant proposes to the next choice it is
eligible for; the proposal is held while the programme's seats and every cap covering the
pair have room; otherwise the lowest-priority applicant among those competing for the
saturated constraint (the held pairs it covers, plus the proposer) is rejected and
proposes further down its list.

Without caps every order of proposals ends in the same matching, the applicant-optimal
stable matching (and, as all programmes share one priority order, the only stable one).
With caps that cut across programmes (a country cap spans every programme of a scheme)
the order matters: if a cap rejects a held applicant and that applicant is later pushed
out of its programme by someone else, the cap's slot can end up empty while the rejected
applicant sits lower on its list. Example: seats 1 each at r1, r2, s; cap "KZ at
institution I" (covering r1 and r2) limit 1; priorities y > x > z; y (PK) ranks r1,
x (KZ) ranks r1 then s, z (KZ) ranks r2. Proposals in the order x, z, y reject z (the cap
is held by x), then y pushes x from r1 to s: z is unplaced while r2 is empty and the cap
unused. The engine therefore fixes the order: proposals are taken in priority order. Then
the proposer is always the lowest-priority competitor, no held proposal is ever rejected,
and the procedure reads as serial dictatorship under feasibility: in priority order, each
applicant gets the first eligible choice whose seats and covering caps all still have
room. :func:`reference_matching` states exactly this in a few lines.

Guarantee (checked by an independent checker in the tests)
----------------------------------------------------------
Let μ be the result, fixed pairs included. A constraint is a programme's seats or a cap.
A choice p of applicant a is *eligible* when p is a programme of the round and not in
``a.ineligible``.

1. Feasible: no programme holds more than its seats and no cap covers more than its limit.
   (Fixed pairs alone may already exceed a limit that was lowered after they were
   approved; they stay, nothing new is added under that constraint, and the result
   carries a warning.)
2. No priority-justified blocking pair: there is no non-fixed applicant a and eligible
   choice p that a ranks above μ(a) (any eligible choice, if a is unplaced) such that
   moving a to p, after removing any set of non-fixed applicants with lower priority
   than a, is feasible. Equivalently, for every such (a, p) some constraint covering
   (a, p) — p's seats, or a cap that covers (a, p) but not (a, μ(a)) — already reaches
   its limit counting only the pairs of fixed applicants and of applicants with higher
   priority than a. That constraint is what the reason for p names.

(2) contains non-wastefulness (a free seat at p with room, once a leaves μ(a), in every
cap covering (a, p) would have been taken) and fairness (no justified envy towards a
lower-priority b at p whose replacement by a breaks no cap — the notion asked for in the
design), and goes further: a is never kept out by a cap filled with lower-priority
applicants at other programmes. It implies Kamada and Kojima's *strong stability*
("Stability concepts in matching under distributional constraints", JET 2017:
satisfying any blocking pair would violate a constraint). They show that strongly stable
matchings need not exist in general, and Biró, Fleiner, Irving and Manlove (2010) show
the same for non-nested caps; both need programmes that rank applicants differently,
and Kamada and Kojima's answer for that case is the weaker "weak stability" of flexible
deferred acceptance. Here every programme and every cap uses the same priority order,
and then a matching with (1) and (2) always exists and is unique: by induction along the
priority order, each applicant's place is forced by the places of those above it (the
tests confirm uniqueness by brute force on small instances). Should programmes ever get
their own priority orders, this guarantee becomes unattainable and the engine would have
to move to flexible deferred acceptance and weak stability.

Outputs (:class:`MatchingResult`)
---------------------------------
``matches`` (new proposals, fixed ones excluded), ``waitlist`` (per programme, in priority
order: the eligible applicants who ranked it above their placement or are unplaced),
``outcomes`` (per applicant: status matched / waitlisted / unmatched, placement, and one
:class:`Reason` per choice ranked above the placement, e.g. "programme full: lowest held
score 81.5 > yours 78.0", "country cap KZ on SCO-2026 full", "ineligible: HSK 3 below
required 4"), ``statistics`` (fill per programme, per cap and per sending country).
Same inputs and seed give the same result, whatever the order of the input collections.

Implementation
--------------
Ids are integer-encoded once; the choice lists become an (applicants x choices) int32
matrix in priority order. Applicants are processed in blocks: numpy marks, for the whole
block, every choice that is already closed (its seats or a covering cap full before the
block starts — closing is permanent), so applicants with nothing open are settled at once
and the others start at their first open choice; a short Python loop then walks the live
applicants in priority order against the exact counters. Waitlists, reasons and
statistics are derived afterwards and built lazily on first access.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from types import MappingProxyType
from typing import NamedTuple

import numpy as np

__all__ = [
    "MATCHED",
    "UNMATCHED",
    "WAITLISTED",
    "Applicant",
    "ApplicantPool",
    "Cap",
    "CountryStats",
    "Fill",
    "MatchingResult",
    "Outcome",
    "Programme",
    "Reason",
    "Statistics",
    "lottery_number",
    "priority_key",
    "reference_matching",
    "run_matching",
    "scope_value",
]

MATCHED = "matched"
WAITLISTED = "waitlisted"
UNMATCHED = "unmatched"

#: Applicant-side attribute names for bare scope keys; every other bare key but
#: ``programme`` is a programme attribute.
APPLICANT_SCOPE_KEYS = frozenset({"sending_country", "applicant_type"})

_EMPTY: Mapping[str, str] = MappingProxyType({})
_UNKNOWN = -2  # choice code: programme not in this round
_INELIGIBLE = -3  # choice code: applicant ineligible for that programme
_PAD = -1  # choice code: no choice in this column
_NEVER = 1 << 62
_BLOCK = 4096


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


# ---------------------------------------------------------------- priority, scopes


def _seed_prefix(seed: int) -> bytes:
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise ValueError(f"seed must be an integer, got {seed!r}")
    return f"{seed}\0".encode()


def lottery_number(seed: int, applicant_id: str) -> int:
    """The applicant's lottery number for this seed (lower wins a score tie)."""
    digest = hashlib.blake2b(_seed_prefix(seed) + applicant_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def priority_key(applicant: Applicant, seed: int) -> tuple[float, int, str]:
    """Sort key: smaller is higher priority (score desc, lottery asc, id)."""
    return (-float(applicant.score), lottery_number(seed, applicant.id), applicant.id)


def _lotteries(seed: int, ids: Sequence[str]) -> np.ndarray:
    base = hashlib.blake2b(_seed_prefix(seed), digest_size=8)
    copy = base.copy

    def one(aid: str) -> bytes:
        h = copy()
        h.update(aid.encode("utf-8"))
        return h.digest()

    return np.frombuffer(b"".join(map(one, ids)), dtype=">u8").astype(np.uint64)


_SIDE_APPLICANT = 0
_SIDE_PROGRAMME = 1
_SIDE_PROGRAMME_ID = 2


def _resolve(key: str) -> tuple[int, str, bool]:
    """(side, attribute, falls back to the programme attribute) for a scope key."""
    if key == "programme":
        return _SIDE_PROGRAMME_ID, "id", False
    if key.startswith("applicant."):
        return _SIDE_APPLICANT, key[len("applicant.") :], False
    if key.startswith("programme."):
        attr = key[len("programme.") :]
        return (_SIDE_PROGRAMME_ID, "id", False) if attr == "id" else (_SIDE_PROGRAMME, attr, False)
    if key in APPLICANT_SCOPE_KEYS:
        return _SIDE_APPLICANT, key, key == "applicant_type"
    return _SIDE_PROGRAMME, key, False


def scope_value(key: str, applicant: Applicant, programme: Programme) -> str | None:
    """The value a cap's scope key reads for the pair (applicant, programme)."""
    side, attr, fallback = _resolve(key)
    if side == _SIDE_PROGRAMME_ID:
        return programme.id
    if side == _SIDE_APPLICANT:
        value = applicant.attrs.get(attr)
        if value is None and fallback:
            value = programme.attrs.get(attr)
        return value
    return programme.attrs.get(attr)


def _fmt(score: float) -> str:
    return repr(float(score))


# ------------------------------------------------------------------ the reference


def reference_matching(
    applicants: Iterable[Applicant],
    programmes: Iterable[Programme],
    caps: Iterable[Cap] = (),
    seed: int = 0,
    fixed: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The semantics in plain words (slow; for tests and for reading).

    In priority order, every applicant not fixed takes its first eligible choice whose
    seats and covering caps all have room given everything held so far.
    """
    fixed = dict(fixed or {})
    apps = list(applicants)
    progs = {p.id: p for p in programmes}
    caps = list(caps)
    by_id = {a.id: a for a in apps}
    held = [(by_id[aid], progs[pid]) for aid, pid in fixed.items()]

    def has_room(a: Applicant, p: Programme) -> bool:
        if sum(1 for _, q in held if q.id == p.id) >= p.seats:
            return False
        return all(sum(1 for b, q in held if cap.covers(b, q)) < cap.limit for cap in caps if cap.covers(a, p))

    matches: dict[str, str] = {}
    for a in sorted((a for a in apps if a.id not in fixed), key=lambda a: priority_key(a, seed)):
        for pid in a.choices:
            p = progs.get(pid)
            if p is None or pid in a.ineligible:
                continue
            if has_room(a, p):
                held.append((a, p))
                matches[a.id] = pid
                break
    return matches


# --------------------------------------------------------------------- the engine


class _Codes(dict):
    """programme id -> index; unknown ids map to _UNKNOWN (used through __getitem__)."""

    def __missing__(self, key: str) -> int:
        return _UNKNOWN


def run_matching(
    applicants: Iterable[Applicant] | ApplicantPool,
    programmes: Iterable[Programme],
    caps: Iterable[Cap] = (),
    seed: int = 0,
    fixed: Mapping[str, str] | None = None,
    progress: Callable[[float], None] | None = None,
) -> MatchingResult:
    """Run one matching round. See the module docstring for the semantics.

    Raises ValueError for inconsistent input (duplicate ids, negative seats or limits,
    non-finite scores, fixed assignments naming unknown applicants or programmes).
    An unknown programme id inside an applicant's choices is not an error: that choice
    is skipped with reason kind "unknown_programme".
    """
    return _Run(applicants, programmes, caps, seed, fixed, progress).result


class _Run:
    """One run's encoded state; the result object keeps it for lazy materialisation."""

    def __init__(self, applicants, programmes, caps, seed, fixed, progress) -> None:
        _seed_prefix(seed)  # validates
        self.seed = seed
        self.report = progress or (lambda fraction: None)
        self._load_applicants(applicants)
        self._load_programmes(programmes)
        self._load_caps(caps)
        self._load_fixed(fixed)
        self._prioritise()
        self.report(0.05)
        self._encode_choices()
        self.report(0.1)
        self._build_constraints()
        self._serial_dictatorship()
        self._collect()
        self.report(1.0)
        self.result = MatchingResult(self)

    # -- input ------------------------------------------------------------------------

    def _load_applicants(self, applicants) -> None:
        if isinstance(applicants, ApplicantPool):
            pool = applicants
            self.ids = ids = list(pool.ids)
            self.choices = pool.choices
            self.scores_in = pool.scores
            attrs = pool.attrs
            self._column = lambda key: attrs.get(key) or [None] * len(ids)
            inel_by_id = {aid: r for aid, r in pool.ineligible.items() if r}
            ineligible = {}
            if inel_by_id:
                hits = np.flatnonzero(np.fromiter(map(inel_by_id.__contains__, ids), dtype=bool, count=len(ids)))
                for i in hits.tolist():
                    ineligible[i] = inel_by_id[ids[i]]
                if len({ids[i] for i in ineligible}) != len(inel_by_id):
                    unknown = sorted(set(inel_by_id) - set(ids))
                    raise ValueError(f"ineligible: unknown applicant {unknown[0]!r}")
        else:
            apps = list(applicants)
            self.ids = [a.id for a in apps]
            self.choices = [a.choices for a in apps]
            self.scores_in = [a.score for a in apps]
            self._column = lambda key: [a.attrs.get(key) for a in apps]
            ineligible = {i: a.ineligible for i, a in enumerate(apps) if a.ineligible}
        self.ineligible = ineligible
        self.n = len(self.ids)

    @cached_property
    def index(self) -> dict[str, int]:
        return dict(zip(self.ids, range(self.n), strict=False))

    def _load_programmes(self, programmes) -> None:
        progs = sorted(programmes, key=lambda p: p.id)  # deterministic output order
        m = len(progs)
        pids = [p.id for p in progs]
        pidx = _Codes(zip(pids, range(m), strict=False))
        if len(pidx) != m:
            dup = next(a for a, b in zip(pids, pids[1:], strict=False) if a == b)
            raise ValueError(f"duplicate programme id {dup!r}")
        for p in progs:
            if not isinstance(p.seats, (int, np.integer)) or p.seats < 0:
                raise ValueError(f"programme {p.id!r}: seats must be a non-negative integer")
        self.m, self.progs, self.pids, self.pidx = m, progs, pids, pidx

    def _load_caps(self, caps) -> None:
        caps = sorted(caps, key=lambda c: c.id)
        for a, b in zip(caps, caps[1:], strict=False):
            if a.id == b.id:
                raise ValueError(f"duplicate cap id {a.id!r}")
        for c in caps:
            if not isinstance(c.limit, (int, np.integer)) or c.limit < 0:
                raise ValueError(f"cap {c.id!r}: limit must be a non-negative integer")
        self.caps = caps

    def _load_fixed(self, fixed) -> None:
        self.fixed = fixed = dict(fixed or {})
        for aid, pid in fixed.items():
            if aid not in self.index:
                raise ValueError(f"fixed assignment for unknown applicant {aid!r}")
            if self.pidx[pid] < 0:
                raise ValueError(f"fixed assignment of {aid!r} to unknown programme {pid!r}")

    def _prioritise(self) -> None:
        """Priority order: score desc, lottery asc, applicant id."""
        n, ids = self.n, self.ids
        scores = np.asarray(self.scores_in, dtype=np.float64).reshape(n)
        if n and not np.isfinite(scores).all():
            bad = ids[int(np.flatnonzero(~np.isfinite(scores))[0])]
            raise ValueError(f"applicant {bad!r}: score must be a finite number")
        lots = _lotteries(self.seed, ids)
        by_lottery = np.argsort(lots)
        order = None
        if n > 1:
            srt = lots[by_lottery]
            if (srt[1:] == srt[:-1]).any():
                if len(self.index) != n:  # equal ids draw equal numbers
                    seen: set[str] = set()
                    dup = next(aid for aid in ids if aid in seen or seen.add(aid))
                    raise ValueError(f"duplicate applicant id {dup!r}")
                # a 64-bit collision between two ids: the id breaks that tie
                order = np.array(sorted(range(n), key=lambda i: (-scores[i], int(lots[i]), ids[i])), dtype=np.intp)
        if order is None:  # score descending, then lottery ascending (a stable sort keeps it)
            order = by_lottery[np.argsort(-scores[by_lottery], kind="stable")]
        self.scores = scores
        self.order = order  # input indices of all applicants, priority order
        is_fixed = np.zeros(n, dtype=bool)
        if self.fixed:
            is_fixed[[self.index[aid] for aid in self.fixed]] = True
        self.is_fixed = is_fixed
        self.rows = order[~is_fixed[order]] if self.fixed else order  # proposers
        self.R = len(self.rows)

    def _encode_choices(self) -> None:
        """Choice lists -> (rows x k) int32 matrix in priority order."""
        n, choices, pidx = self.n, self.choices, self.pidx
        lens = np.fromiter(map(len, choices), dtype=np.int64, count=n)
        k = int(lens.max()) if n else 0
        total = int(lens.sum())
        flat = np.fromiter(map(pidx.__getitem__, chain.from_iterable(choices)), dtype=np.int32, count=total)
        if total == n * k:
            C = flat.reshape(n, k)
        else:
            C = np.full((n, k), _PAD, dtype=np.int32)
            starts = np.cumsum(lens) - lens
            C[np.repeat(np.arange(n), lens), np.arange(total) - np.repeat(starts, lens)] = flat
        if self.ineligible:
            ii: list[int] = []
            jj: list[int] = []
            for i, reasons in self.ineligible.items():
                for j, pid in enumerate(choices[i]):
                    if pid in reasons:
                        ii.append(i)
                        jj.append(j)
            if ii:
                known = C[ii, jj]
                C[ii, jj] = np.where(known >= 0, _INELIGIBLE, known)
        self.k = k
        self.C = C[self.rows]

    # -- constraints --------------------------------------------------------------------

    def _build_constraints(self) -> None:
        m, caps = self.m, self.caps
        nc = len(caps)
        # applicant classes: the signature over the applicant-side keys the caps read
        akeys = sorted(
            {attr for c in caps for key in c.scope for side, attr, _ in [_resolve(key)] if side == _SIDE_APPLICANT}
        )
        if akeys:
            if len(akeys) == 1:  # the usual case (sending_country): no tuples needed
                values = self._column(akeys[0])
                distinct = list(dict.fromkeys(values))
                code = dict(zip(distinct, range(len(distinct)), strict=False))
                sigs = [(v,) for v in distinct]
            else:
                values = list(zip(*[self._column(key) for key in akeys], strict=False))
                sigs = list(dict.fromkeys(values))
                code = dict(zip(sigs, range(len(sigs)), strict=False))
            cls_in = np.fromiter(map(code.__getitem__, values), dtype=np.int32, count=self.n)
        else:
            sigs = [()]
            cls_in = np.zeros(self.n, dtype=np.int32)
        self.cls_in = cls_in
        # constraints: 0..m-1 seats, m..m+nc-1 caps, m+nc a dummy that never closes
        self.dummy = m + nc
        ncons = m + nc + 1
        self.capcols, self.tabs = self._cap_tables(akeys, sigs)
        left = [int(p.seats) for p in self.progs] + [int(c.limit) for c in caps] + [_NEVER]
        self.limits = list(left)
        fixed_at = [0] * m
        for aid in sorted(self.fixed):
            i = self.index[aid]
            p = self.pidx[self.fixed[aid]]
            fixed_at[p] += 1
            left[p] -= 1
            for c in self.tabs[cls_in[i]][p] or ():
                left[c] -= 1
        self.fixed_at = fixed_at
        # close_pos[c]: the row whose match filled constraint c (-1: full before the round)
        close_pos = [_NEVER] * ncons
        # closed_ext: a flag per constraint plus a last, always-closed slot that index -1
        # (no valid choice) reads
        closed_ext = np.zeros(ncons + 1, dtype=bool)
        closed_ext[-1] = True
        warnings: list[str] = []
        for c in range(ncons - 1):
            if left[c] <= 0:
                close_pos[c] = -1
                closed_ext[c] = True
            if left[c] < 0:
                what = f"programme {self.pids[c]}" if c < m else f"{caps[c - m].label}"
                warnings.append(
                    f"{what}: fixed matches exceed the limit ({self.limits[c] - left[c]}"
                    f" > {self.limits[c]}); nothing new is added under it"
                )
        self.left, self.close_pos, self.closed_ext, self.warnings = left, close_pos, closed_ext, warnings

    def _cap_tables(self, akeys, sigs):
        """capcols[class, programme, :] (numpy, padded with the dummy) and
        tabs[class][programme] (tuple of cap constraint indices, or None)."""
        m, caps = self.m, self.caps
        ncls = len(sigs)
        tabs: list[list[tuple[int, ...] | None]] = [[None] * m for _ in range(ncls)]
        if not caps:
            return None, tabs
        progs = self.progs
        attr_codes: dict[str, tuple[dict[str, int], np.ndarray]] = {}

        def attr_mask(attr: str, allowed: frozenset[str]) -> np.ndarray:
            if attr not in attr_codes:
                values = [p.attrs.get(attr) for p in progs]
                codes = {v: i for i, v in enumerate(dict.fromkeys(values))}
                attr_codes[attr] = (codes, np.fromiter(map(codes.__getitem__, values), np.int64, m))
            codes, arr = attr_codes[attr]
            wanted = [codes[v] for v in allowed if v in codes]
            return np.isin(arr, wanted) if wanted else np.zeros(m, dtype=bool)

        apos = {a: i for i, a in enumerate(akeys)}
        parts_cl, parts_p, parts_c = [], [], []
        for ci, cap in enumerate(caps):
            base = np.ones(m, dtype=bool)
            a_items = []
            for key, allowed in cap.scope.items():
                side, attr, fallback = _resolve(key)
                if side == _SIDE_PROGRAMME_ID:
                    mask = np.zeros(m, dtype=bool)
                    mask[[self.pidx[v] for v in allowed if self.pidx[v] >= 0]] = True
                    base &= mask
                elif side == _SIDE_PROGRAMME:
                    base &= attr_mask(attr, allowed)
                else:
                    a_items.append((apos[attr], allowed, attr if fallback else None))
            if not base.any():
                continue
            for cl, sig in enumerate(sigs):
                mask = base
                for pos, allowed, fallback in a_items:
                    v = sig[pos]
                    if v is None and fallback is not None:
                        mask = mask & attr_mask(fallback, allowed)
                    elif v not in allowed:
                        mask = None
                        break
                if mask is None:
                    continue
                ps = np.flatnonzero(mask)
                if ps.size:
                    parts_cl.append(np.full(ps.size, cl, dtype=np.int64))
                    parts_p.append(ps)
                    parts_c.append(np.full(ps.size, m + ci, dtype=np.int64))
        if not parts_cl:
            return None, tabs
        CL, P, CC = np.concatenate(parts_cl), np.concatenate(parts_p), np.concatenate(parts_c)
        o = np.lexsort((CC, P, CL))
        CL, P, CC = CL[o], P[o], CC[o]
        key = CL * m + P
        new = np.r_[True, key[1:] != key[:-1]]
        slot = np.arange(key.size) - np.flatnonzero(new)[np.cumsum(new) - 1]
        capcols = np.full((ncls, m, int(slot.max()) + 1), self.dummy, dtype=np.int32)
        capcols[CL, P, slot] = CC
        for cl, p, c in zip(CL.tolist(), P.tolist(), CC.tolist(), strict=False):
            t = tabs[cl]
            cur = t[p]
            t[p] = (c,) if cur is None else cur + (c,)
        return capcols, tabs

    # -- the matching ---------------------------------------------------------------------

    def _serial_dictatorship(self) -> None:
        """Each row, in priority order, takes its first choice whose seats and covering
        caps all have room. Closing is permanent, so a block's rows can skip, all at
        once, every choice already closed when the block starts."""
        R, k = self.R, self.k
        left, close_pos, closed_ext, tabs = self.left, self.close_pos, self.closed_ext, self.tabs
        capcols = self.capcols
        report = self.report
        rank = np.full(R, k, dtype=np.int32)  # index of the choice taken; k = none
        Cw = np.maximum(self.C, -1)
        cls_rows = self.cls_in[self.rows]
        for s in range(0, R, _BLOCK):
            e = min(s + _BLOCK, R)
            Cb = Cw[s:e]
            blocked = closed_ext[Cb]
            if capcols is not None:
                blocked |= closed_ext[capcols[cls_rows[s:e, None], Cb]].any(axis=2)
            usable = ~blocked
            live = np.flatnonzero(usable.any(axis=1))
            if live.size:
                newly: list[int] = []
                out: list[int] = []
                j0 = usable[live].argmax(axis=1)
                for pos, p, j, cl in zip(
                    (live + s).tolist(), Cb[live, j0].tolist(), j0.tolist(), cls_rows[s:e][live].tolist(), strict=False
                ):
                    # p: the row's first choice still open when the block started; it is
                    # usually taken, the rest of the row is read only when it is not
                    tab = tabs[cl]
                    row = None
                    while True:
                        if p >= 0 and left[p] > 0:
                            cs = tab[p]
                            if cs is None:
                                v = left[p] = left[p] - 1
                                if not v:
                                    close_pos[p] = pos
                                    newly.append(p)
                                break
                            for c in cs:
                                if left[c] <= 0:
                                    break
                            else:
                                v = left[p] = left[p] - 1
                                if not v:
                                    close_pos[p] = pos
                                    newly.append(p)
                                for c in cs:
                                    v = left[c] = left[c] - 1
                                    if not v:
                                        close_pos[c] = pos
                                        newly.append(c)
                                break
                        j += 1
                        if j >= k:
                            break
                        if row is None:
                            row = Cw[pos].tolist()
                        p = row[j]
                    out.append(j)
                rank[live + s] = out
                if newly:
                    closed_ext[newly] = True
            report(0.1 + 0.85 * e / R)
        self.rank = rank

    def _collect(self) -> None:
        R, k = self.R, self.k
        self.placed = placed = self.rank < k
        pr = np.flatnonzero(placed)
        prog_rows = np.full(R, -1, dtype=np.int32)
        if pr.size:
            prog_rows[pr] = self.C[pr, self.rank[pr]]
        self.prog_rows = prog_rows
        ids, pids = self.ids, self.pids
        self.matches = dict(
            zip(
                map(ids.__getitem__, self.rows[pr].tolist()),
                map(pids.__getitem__, prog_rows[pr].tolist()), strict=False,
            )
        )

    # -- lazily derived outputs -----------------------------------------------------------

    @cached_property
    def row_ids(self) -> list[str]:
        return list(map(self.ids.__getitem__, self.rows.tolist()))

    @cached_property
    def row_of(self) -> dict[str, int]:
        return dict(zip(self.row_ids, range(self.R), strict=False))

    @cached_property
    def failed(self) -> np.ndarray:
        """(R, k) bool: eligible, known choices ranked above the row's placement."""
        return (self.C >= 0) & (np.arange(self.k)[None, :] < self.rank[:, None])

    @cached_property
    def waitlist_arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(rows grouped by programme in priority order, offsets per programme,
        (R, k) matrix of 1-based waitlist positions, 0 where none)."""
        R, k, m = self.R, self.k, self.m
        positions = np.zeros((R, k), dtype=np.int32)
        if not R or not k:
            return np.zeros(0, dtype=np.int64), np.zeros(m + 1, dtype=np.int64), positions
        r_idx, j_idx = np.nonzero(self.failed)
        p_sel = self.C[r_idx, j_idx]
        o = np.argsort(p_sel, kind="stable")  # rows stay in priority order per programme
        p_s, r_s, j_s = p_sel[o], r_idx[o], j_idx[o]
        if p_s.size:  # a programme listed twice by one applicant counts once
            keep = np.r_[True, (p_s[1:] != p_s[:-1]) | (r_s[1:] != r_s[:-1])]
            p_s, r_s, j_s = p_s[keep], r_s[keep], j_s[keep]
        ptr = np.zeros(m + 1, dtype=np.int64)
        np.cumsum(np.bincount(p_s, minlength=m), out=ptr[1:])
        positions[r_s, j_s] = np.arange(p_s.size) - ptr[p_s] + 1
        return r_s, ptr, positions

    @cached_property
    def waitlisted_rows(self) -> np.ndarray:
        if not self.R or not self.k:
            return np.zeros(self.R, dtype=bool)
        return self.failed.any(axis=1) & ~self.placed

    @cached_property
    def seat_messages(self) -> list[tuple[float | None, str]]:
        """Per programme: (lowest score placed there this round, message start)."""
        low = np.full(self.m, -1, dtype=np.int64)
        pr = np.flatnonzero(self.placed)
        np.maximum.at(low, self.prog_rows[pr], pr)
        row_scores = self.scores[self.rows]
        out: list[tuple[float | None, str]] = []
        for p, r in enumerate(low.tolist()):
            if r >= 0:
                held = float(row_scores[r])
                out.append((held, f"programme full: lowest held score {_fmt(held)}"))
            elif self.limits[p] == 0:
                out.append((None, "programme full: it has no seats in this round"))
            else:
                out.append(
                    (
                        None,
                        f"programme full: all {self.limits[p]} seats are held by matches confirmed in earlier rounds",
                    )
                )
        return out

    @cached_property
    def rank_list(self) -> list[int]:
        return self.rank.tolist()

    def outcome(self, aid: str) -> Outcome:
        i = self.index[aid]
        ch = self.choices[i]
        if aid in self.fixed:
            pid = self.fixed[aid]
            rank = list(ch).index(pid) + 1 if pid in ch else None
            return Outcome(aid, MATCHED, pid, rank, True, (), _EMPTY)
        r = self.row_of[aid]
        rk = self.rank_list[r]
        reasons: list[Reason] = []
        positions: dict[str, int] = {}
        if rk:
            codes = self.C[r].tolist()
            wl_pos = self.waitlist_arrays[2][r].tolist()
            tab = self.tabs[int(self.cls_in[i])]
            seat_messages, close_pos, pids, caps, m = self.seat_messages, self.close_pos, self.pids, self.caps, self.m
            my_score = float(self.scores[i])
            mine = _fmt(my_score)
            above, tie = f" > yours {mine}", f" = yours {mine} (tie broken by lottery)"
            new = tuple.__new__
            seen: set = set()
            for j in range(rk):
                p = codes[j]
                if p < 0:  # unknown programme, ineligible choice or padding
                    if j >= len(ch):
                        break
                    pid = ch[j]
                    if pid in seen:
                        continue
                    seen.add(pid)
                    if p == _UNKNOWN:
                        reasons.append(
                            new(
                                Reason,
                                (
                                    pid,
                                    "unknown_programme",
                                    f"unknown programme: {pid} is not offered in this round",
                                    (),
                                ),
                            )
                        )
                    else:
                        reasons.append(new(Reason, (pid, "ineligible", self.ineligible[i][pid], ())))
                    continue
                pid = pids[p]
                if pid in seen:
                    continue
                seen.add(pid)
                full_caps = None
                cs = tab[p]
                if cs:
                    for c in cs:
                        if close_pos[c] < r:
                            if full_caps is None:
                                full_caps = []
                            full_caps.append(caps[c - m])
                if close_pos[p] < r:
                    held, msg = seat_messages[p]
                    if held is not None:
                        msg += tie if held == my_score else above
                    kind = "programme_full"
                elif full_caps:
                    msg, kind = "", "cap_full"
                else:  # impossible: the engine would have placed the applicant here
                    raise AssertionError(f"no reason for {aid} at {pid}")
                if full_caps:
                    labels = "; ".join([f"{cap.label} full" for cap in full_caps])
                    msg = f"{msg}; {labels}" if msg else labels
                    reasons.append(new(Reason, (pid, kind, msg, tuple([cap.id for cap in full_caps]))))
                else:
                    reasons.append(new(Reason, (pid, kind, msg, ())))
                positions[pid] = wl_pos[j]
        if rk < self.k:
            status, pid, choice_rank = MATCHED, self.pids[int(self.prog_rows[r])], rk + 1
        else:
            status = WAITLISTED if positions else UNMATCHED
            pid, choice_rank = None, None
        return Outcome(aid, status, pid, choice_rank, False, tuple(reasons), MappingProxyType(positions))


class _Outcomes(Mapping[str, Outcome]):
    """applicant id -> Outcome, computed on access; iterates in priority order."""

    def __init__(self, run: _Run) -> None:
        self._run = run
        self._cache: dict[str, Outcome] = {}

    def __getitem__(self, aid: str) -> Outcome:
        out = self._cache.get(aid)
        if out is None:
            if aid not in self._run.index:
                raise KeyError(aid)
            out = self._cache[aid] = self._run.outcome(aid)
        return out

    def __iter__(self) -> Iterator[str]:
        ids = self._run.ids
        return (ids[i] for i in self._run.order.tolist())

    def __len__(self) -> int:
        return self._run.n

    def __contains__(self, aid: object) -> bool:
        return aid in self._run.index


class MatchingResult:
    """A round's result. ``matches`` is built eagerly; the rest on first access."""

    def __init__(self, run: _Run) -> None:
        self._run = run
        self.seed: int = run.seed
        #: applicant id -> programme id, new proposals only (fixed excluded), priority order
        self.matches: dict[str, str] = run.matches
        #: the fixed assignments this round kept
        self.fixed: dict[str, str] = dict(sorted(run.fixed.items()))
        #: e.g. fixed matches exceeding a limit that was lowered since
        self.warnings: list[str] = run.warnings

    @cached_property
    def waitlist(self) -> dict[str, list[str]]:
        """programme id -> applicant ids in priority order (every programme present)."""
        run = self._run
        wl_rows, ptr, _ = run.waitlist_arrays
        names = np.asarray(run.row_ids, dtype=object)[wl_rows].tolist() if wl_rows.size else []
        bounds = ptr.tolist()
        return {pid: names[bounds[p] : bounds[p + 1]] for p, pid in enumerate(run.pids)}

    @cached_property
    def outcomes(self) -> Mapping[str, Outcome]:
        return _Outcomes(self._run)

    def outcome(self, applicant_id: str) -> Outcome:
        return self.outcomes[applicant_id]

    @cached_property
    def status(self) -> dict[str, str]:
        """applicant id -> MATCHED | WAITLISTED | UNMATCHED (fixed count as matched)."""
        run = self._run
        codes = np.where(run.placed, 0, np.where(run.waitlisted_rows, 1, 2)).tolist()
        names = (MATCHED, WAITLISTED, UNMATCHED)
        out = {run.ids[i]: MATCHED for i in run.order.tolist() if run.is_fixed[i]}
        out.update(zip(run.row_ids, map(names.__getitem__, codes), strict=False))
        return out

    @cached_property
    def priority(self) -> list[str]:
        """All applicant ids, highest priority first."""
        return [self._run.ids[i] for i in self._run.order.tolist()]

    @cached_property
    def statistics(self) -> Statistics:
        run = self._run
        m = run.m
        filled = np.bincount(run.prog_rows[run.placed], minlength=m)[:m] if run.R else np.zeros(m, int)
        programmes = {pid: Fill(int(filled[p]) + run.fixed_at[p], run.limits[p]) for p, pid in enumerate(run.pids)}
        caps = {cap.id: Fill(run.limits[m + c] - run.left[m + c], run.limits[m + c]) for c, cap in enumerate(run.caps)}
        col = run._column("sending_country")
        country = [c or "" for c in col]
        state = np.full(run.n, 3, dtype=np.int8)  # 0 matched, 1 waitlisted, 2 unmatched, 3 fixed
        state[run.rows] = np.where(run.placed, 0, np.where(run.waitlisted_rows, 1, 2))
        counts: dict[str, list[int]] = {}
        for cty, st in zip(country, state.tolist(), strict=False):
            row = counts.get(cty)
            if row is None:
                row = counts[cty] = [0, 0, 0, 0]
            row[st] += 1
        countries = {cty: CountryStats(sum(v), v[0], v[3], v[1], v[2]) for cty, v in sorted(counts.items())}
        tot = [sum(v[i] for v in counts.values()) for i in range(4)]
        return Statistics(
            programmes=programmes,
            caps=caps,
            countries=countries,
            applicants=run.n,
            matched=tot[0],
            fixed=tot[3],
            waitlisted=tot[1],
            unmatched=tot[2],
        )

    def __repr__(self) -> str:
        return f"MatchingResult(seed={self.seed}, matches={len(self.matches)}, fixed={len(self.fixed)})"
