"""Quota rules as data: validated on save, expanded into the engine's caps for a round.

A :class:`QuotaRule` is what an officer edits: "SCO 2026: at most 30 from KZ", "at most 40%
of a programme's seats to one sending country", "faculty: at most 10 per host institution".

* ``scheme`` / ``cycle`` restrict the rule to the programmes of one scheme / cycle
  (programme attributes ``scheme`` and ``cycle``).
* ``scope`` filters, each a set of allowed values, over ``sending_country`` and
  ``applicant_type`` (read from the applicant) and ``host_institution``, ``host_country``,
  ``programme`` (the programme id), ``field``, ``level`` (read from the programme).
* The limit is either ``max_count`` (absolute) or ``max_share_of_seats`` (0..1 of the
  seats of the programmes in scope, rounded down).
* ``per`` names dimensions the rule applies to separately, one cap per value (or per
  combination of values): ``per=("sending_country",)`` makes "at most 30 per country",
  ``per=("programme", "sending_country")`` with a share makes "at most 40% of each
  programme's seats to one country" (the share is taken of that programme's seats).
  ``scheme`` and ``cycle`` may be ``per`` dimensions too.

:func:`validate_rules` reports problems as data (severity, field, message) so that the
API can answer 422 with the field and the reason; :func:`expand_caps` turns valid rules
into :class:`~services.matching.domain.engine.Cap` objects with readable labels
("country cap KZ on SCO-2026"), which the engine quotes in its reasons.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import product
from types import MappingProxyType

from .engine import Applicant, ApplicantPool, Cap, Programme

__all__ = [
    "APPLICANT_DIMENSIONS",
    "PER_DIMENSIONS",
    "SCOPE_DIMENSIONS",
    "Catalog",
    "Problem",
    "QuotaRule",
    "SizedCap",
    "expand_caps",
    "programmes_in_scope",
    "sized_caps",
    "validate_rules",
]

#: dimensions a rule's scope may filter on
SCOPE_DIMENSIONS = (
    "sending_country",
    "applicant_type",
    "host_institution",
    "host_country",
    "programme",
    "field",
    "level",
)
#: dimensions a rule may apply "per" value of
PER_DIMENSIONS = SCOPE_DIMENSIONS + ("scheme", "cycle")
#: dimensions read from the applicant (all others from the programme)
APPLICANT_DIMENSIONS = frozenset({"sending_country", "applicant_type"})

ERROR = "error"
WARNING = "warning"

_ISO_ALPHA2 = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True, slots=True)
class QuotaRule:
    id: str
    scheme: str | None = None
    cycle: str | None = None
    scope: Mapping[str, frozenset[str]] = field(default_factory=dict)
    max_count: int | None = None
    max_share_of_seats: float | None = None
    per: tuple[str, ...] = ()
    #: optional label template, e.g. "country cap {sending_country} on {scheme}-{cycle}";
    #: placeholders: scheme, cycle and the ``per`` dimensions
    label: str | None = None

    def __post_init__(self) -> None:
        norm = {
            key: frozenset((vals,)) if isinstance(vals, str) else frozenset(vals) for key, vals in self.scope.items()
        }
        object.__setattr__(self, "scope", MappingProxyType(norm))
        per = (self.per,) if isinstance(self.per, str) else tuple(self.per)
        object.__setattr__(self, "per", per)


@dataclass(frozen=True, slots=True)
class Problem:
    severity: str  # "error" | "warning"
    field: str  # e.g. "scope.sending_country", "max_share_of_seats", "id"
    message: str
    rule_id: str | None = None
    #: stable machine code, e.g. "quota.unknown_scope_value"
    code: str = "quota.invalid"


@dataclass(frozen=True, slots=True)
class Catalog:
    """What rules are checked against: the cycle's programmes and the known values."""

    programmes: Sequence[Programme]
    #: sending countries eligible in the scheme(s); empty: only the ISO 3166-1 alpha-2 form is checked
    sending_countries: frozenset[str] = frozenset()
    applicant_types: frozenset[str] = frozenset({"student", "faculty"})


# ------------------------------------------------------------------------- helpers


def _programme_value(p: Programme, dim: str) -> str | None:
    return p.id if dim == "programme" else p.attrs.get(dim)


def programmes_in_scope(rule: QuotaRule, candidates: Iterable[Programme]) -> list[Programme]:
    """The programmes a rule can count matches at (its scheme, cycle and programme-side filters)."""
    out = []
    for p in candidates:
        if rule.scheme is not None and p.attrs.get("scheme") != rule.scheme:
            continue
        if rule.cycle is not None and p.attrs.get("cycle") != rule.cycle:
            continue
        ok = True
        for dim, allowed in rule.scope.items():
            if dim in APPLICANT_DIMENSIONS:
                # applicant_type is also a programme attribute (student / faculty places):
                # a programme explicitly for the other type is out of scope
                if dim == "applicant_type" and p.attrs.get(dim) is not None and p.attrs[dim] not in allowed:
                    ok = False
                    break
                continue
            if _programme_value(p, dim) not in allowed:
                ok = False
                break
        if ok:
            out.append(p)
    return out


class _ByScheme:
    """Programmes indexed by (scheme, cycle), so that each rule scans only its own."""

    def __init__(self, programmes: Sequence[Programme]) -> None:
        self.all = list(programmes)
        self.index: dict[tuple[str | None, str | None], list[Programme]] = {}
        for p in self.all:
            s, c = p.attrs.get("scheme"), p.attrs.get("cycle")
            for key in dict.fromkeys(((s, c), (s, None), (None, c))):
                self.index.setdefault(key, []).append(p)

    def in_scope(self, rule: QuotaRule) -> list[Programme]:
        if rule.scheme is None and rule.cycle is None:
            return programmes_in_scope(rule, self.all)
        return programmes_in_scope(rule, self.index.get((rule.scheme, rule.cycle), ()))


def _limit(rule: QuotaRule, seats: int) -> int:
    if rule.max_count is not None:
        return int(rule.max_count)
    # a tiny epsilon so that 0.4 * 5 stays 2 despite binary floating point
    return math.floor(float(rule.max_share_of_seats) * seats + 1e-9)


def _join(values: Iterable[str]) -> str:
    return "/".join(sorted(values))


def _auto_label(rule: QuotaRule, values: Mapping[str, str]) -> str:
    def get(dim: str) -> str | None:
        if dim in values:
            return values[dim]
        if dim in rule.scope:
            return _join(rule.scope[dim])
        return {"scheme": rule.scheme, "cycle": rule.cycle}.get(dim)

    country, kind = get("sending_country"), get("applicant_type")
    who = " ".join(x for x in (kind, "country" if country else None) if x)
    head = f"{who} cap" if who else "cap"
    if country:
        head = f"{head} {country}"
    specifics = [
        v for v in (get("programme"), get("host_institution"), get("host_country"), get("field"), get("level")) if v
    ]
    scheme_cycle = "-".join(x for x in (get("scheme"), get("cycle")) if x)
    if specifics and scheme_cycle:
        where = f"{' '.join(specifics)} ({scheme_cycle})"
    else:
        where = " ".join(specifics) or scheme_cycle or "all programmes"
    return f"{head} on {where}"


# A label's placeholder: a dimension's name in braces, nothing more ("{sending_country}"). A
# label had been filled by str.format: "{sending_country.__class__}" reached into objects, a
# width ("{x:>2000000}") made one label megabytes long, and a bad field answered 500.
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
LABEL_DIMENSIONS = frozenset(PER_DIMENSIONS)


def label_placeholders(label: str) -> list[str]:
    """What in braces is not a dimension's name (a typo, a format spec): a rule's label names
    only dimensions, filled in per cap."""
    return [b for b in re.findall(r"\{[^{}]*\}", label) if b[1:-1] not in LABEL_DIMENSIONS]


def _label(rule: QuotaRule, values: Mapping[str, str]) -> str:
    if not rule.label:
        return _auto_label(rule, values)
    if values and "{" not in rule.label:  # a fixed label: name the value each cap is for
        return f"{rule.label} ({', '.join(values.values())})"
    fill = {"scheme": rule.scheme or "", "cycle": rule.cycle or ""}
    fill.update({dim: _join(v) for dim, v in rule.scope.items()})
    fill.update(values)
    # each {dimension} filled, anything else left as typed
    return PLACEHOLDER.sub(lambda m: str(fill[m.group(1)]) if m.group(1) in fill else m.group(0), rule.label)


# ---------------------------------------------------------------------- validation


def validate_rules(rules: Sequence[QuotaRule], catalog: Catalog) -> list[Problem]:
    """Problems with a set of rules, errors first then warnings, in rule order.

    Errors: missing or duplicate id, no limit or two limits, negative count, share outside
    0..1, unknown scope key or ``per`` dimension, unknown scope value, scheme or cycle (not
    in the catalog), an empty filter, a scope that covers no programme.
    Warnings: a cap of 0, a cap that can never bind (at least the seats in scope), a share
    that rounds down to 0 on a programme with seats, rules that duplicate or contradict
    each other.
    """
    problems: list[Problem] = []
    index = _ByScheme(list(catalog.programmes))
    known = _known_values(catalog)
    seen_ids: set[str] = set()
    signatures: dict[tuple, QuotaRule] = {}
    for rule in rules:
        found: list[Problem] = []
        found += _check_id(rule, seen_ids)
        limit_problems, limit_ok = _check_limit(rule)
        found += limit_problems
        scope_problems, scope_ok = _check_scope(rule, known)
        found += scope_problems
        per_problems, per_ok = _check_per(rule)
        found += per_problems
        found += _check_coverage(rule, index.in_scope(rule), limit_ok and per_ok)
        if scope_ok:
            found += _check_overlap(rule, signatures)
        problems += found
    problems.sort(key=lambda pr: 0 if pr.severity == ERROR else 1)
    return problems


def _problem(severity: str, rule: QuotaRule, fld: str, code: str, message: str) -> Problem:
    return Problem(severity, fld, message, rule.id or None, f"quota.{code}")


def _known_values(catalog: Catalog) -> dict[str, set[str]]:
    """The values each dimension may take in this catalog."""
    known: dict[str, set[str]] = {dim: set() for dim in PER_DIMENSIONS}
    for p in catalog.programmes:
        known["programme"].add(p.id)
        for dim in ("host_institution", "host_country", "field", "level", "scheme", "cycle", "applicant_type"):
            v = p.attrs.get(dim)
            if v is not None:
                known[dim].add(v)
    known["applicant_type"] |= set(catalog.applicant_types)
    known["sending_country"] = set(catalog.sending_countries)
    return known


def _check_id(rule: QuotaRule, seen_ids: set[str]) -> list[Problem]:
    out = []
    if not rule.id or not str(rule.id).strip():
        out.append(_problem(ERROR, rule, "id", "missing_id", "a rule needs an id"))
    elif rule.id in seen_ids:
        out.append(_problem(ERROR, rule, "id", "duplicate_id", f"duplicate rule id {rule.id!r}"))
    seen_ids.add(rule.id)
    return out


def _check_limit(rule: QuotaRule) -> tuple[list[Problem], bool]:
    """Exactly one limit, and a sensible one; (problems, whether the limit is usable)."""
    has_count = rule.max_count is not None
    has_share = rule.max_share_of_seats is not None
    if has_count == has_share:
        msg = "give exactly one of max_count and max_share_of_seats"
        return [_problem(ERROR, rule, "max_count", "one_limit", msg)], False
    if has_count:
        c = rule.max_count
        if isinstance(c, bool) or not isinstance(c, int):
            return [
                _problem(ERROR, rule, "max_count", "count_not_whole", f"max_count must be a whole number, got {c!r}")
            ], False
        if c < 0:
            return [
                _problem(ERROR, rule, "max_count", "cap_negative", f"max_count must not be negative, got {c}")
            ], False
        if c == 0:
            return [_problem(WARNING, rule, "max_count", "cap_zero", "a cap of 0 keeps everyone in scope out")], True
        return [], True
    s = rule.max_share_of_seats
    fld = "max_share_of_seats"
    if isinstance(s, bool) or not isinstance(s, (int, float)) or not math.isfinite(s):
        return [
            _problem(ERROR, rule, fld, "share_not_number", f"max_share_of_seats must be a number, got {s!r}")
        ], False
    if not 0 <= s <= 1:
        msg = f"max_share_of_seats must be between 0 and 1, got {s}"
        return [_problem(ERROR, rule, fld, "share_out_of_range", msg)], False
    if s == 0:
        return [_problem(WARNING, rule, fld, "share_zero", "a share of 0 keeps everyone in scope out")], True
    return [], True


def _check_scope(rule: QuotaRule, known: Mapping[str, set[str]]) -> tuple[list[Problem], bool]:
    """Scheme, cycle, scope keys and their values; (problems, whether the scope is sound)."""
    out: list[Problem] = []
    ok = True
    for fld, value in (("scheme", rule.scheme), ("cycle", rule.cycle)):
        if value is not None and value not in known[fld]:
            ok = False
            out.append(_problem(ERROR, rule, fld, f"unknown_{fld}", f"unknown {fld} {value!r}{_hint(known[fld])}"))
    for dim, allowed in rule.scope.items():
        fld = f"scope.{dim}"
        if dim not in SCOPE_DIMENSIONS:
            ok = False
            msg = f"unknown scope key {dim!r}; use one of {', '.join(SCOPE_DIMENSIONS)}"
            out.append(_problem(ERROR, rule, fld, "unknown_scope_key", msg))
            continue
        if not allowed:
            ok = False
            msg = "an empty filter matches nothing; remove the key to mean 'any'"
            out.append(_problem(ERROR, rule, fld, "empty_filter", msg))
            continue
        if dim == "sending_country" and not known[dim]:
            bad = sorted(v for v in allowed if not _ISO_ALPHA2.match(v))
            for v in bad:
                msg = f"unknown sending country {v!r}: use an ISO 3166-1 alpha-2 code such as KZ"
                out.append(_problem(ERROR, rule, fld, "unknown_scope_value", msg))
        else:
            bad = sorted(v for v in allowed if v not in known[dim])
            for v in bad:
                msg = f"unknown {dim.replace('_', ' ')} {v!r}{_hint(known[dim])}"
                out.append(_problem(ERROR, rule, fld, "unknown_scope_value", msg))
        if bad:
            ok = False
    return out, ok


def _check_per(rule: QuotaRule) -> tuple[list[Problem], bool]:
    out: list[Problem] = []
    ok = True
    for dim in rule.per:
        if dim not in PER_DIMENSIONS:
            ok = False
            msg = f"unknown per dimension {dim!r}; use one of {', '.join(PER_DIMENSIONS)}"
            out.append(_problem(ERROR, rule, "per", "unknown_per", msg))
    if len(set(rule.per)) != len(rule.per):
        out.append(_problem(WARNING, rule, "per", "per_repeated", "a dimension is listed twice in per"))
    return out, ok


def _check_coverage(rule: QuotaRule, in_scope: list[Programme], limit_usable: bool) -> list[Problem]:
    """A rule must cover a programme; warn when it can never bind or rounds down to 0."""
    if not in_scope:
        return [_problem(ERROR, rule, "scope", "covers_nothing", "the rule covers no programme of the catalog")]
    if not limit_usable:
        return []
    out: list[Problem] = []
    has_count = rule.max_count is not None
    groups = _programme_groups(rule, in_scope)
    seats = {key: sum(p.seats for p in ps) for key, ps in groups.items()}
    limits = {key: _limit(rule, s) for key, s in seats.items()}
    if groups and all(limits[key] >= seats[key] for key in groups):
        total = sum(seats.values())
        what = f"limit {rule.max_count}" if has_count else f"share {rule.max_share_of_seats:g}"
        out.append(
            _problem(
                WARNING,
                rule,
                "max_count" if has_count else "max_share_of_seats",
                "never_binds",
                f"never binds: {what} is not below the {total} seats in scope"
                if len(groups) == 1
                else f"never binds: {what} is not below the seats of any {'/'.join(_p_dims(rule))} in scope",
            )
        )
    share = rule.max_share_of_seats
    if share is not None and share > 0:
        zero = sorted(key for key in groups if limits[key] == 0 and seats[key] > 0)
        if zero:
            example = ", ".join("/".join(k) or "all" for k in zero[:3])
            out.append(
                _problem(
                    WARNING,
                    rule,
                    "max_share_of_seats",
                    "share_rounds_to_zero",
                    f"share {share:g} rounds down to 0 on {len(zero)} group(s)"
                    f" (e.g. {example}): nobody in scope can be placed there",
                )
            )
    return out


def _check_overlap(rule: QuotaRule, signatures: dict[tuple, QuotaRule]) -> list[Problem]:
    """Another rule with the same scope: a duplicate (same limit) or a contradiction."""
    sig = (
        rule.scheme,
        rule.cycle,
        tuple(sorted((k, tuple(sorted(v))) for k, v in rule.scope.items())),
        tuple(sorted(set(rule.per))),
    )
    other = signatures.get(sig)
    if other is None:
        signatures[sig] = rule
        return []
    if (other.max_count, other.max_share_of_seats) == (rule.max_count, rule.max_share_of_seats):
        return [
            _problem(WARNING, rule, "scope", "duplicate_rule", f"duplicates rule {other.id!r} (same scope and limit)")
        ]
    msg = (
        f"contradicts rule {other.id!r}: same scope, different limit"
        f" ({_describe_limit(other)} vs {_describe_limit(rule)}); the tighter one applies"
    )
    return [_problem(WARNING, rule, "scope", "contradicting_rule", msg)]


def _describe_limit(rule: QuotaRule) -> str:
    if rule.max_count is not None:
        return f"max {rule.max_count}"
    return f"max {rule.max_share_of_seats:g} of seats"


def _hint(values: set[str]) -> str:
    if not values:
        return ""
    shown = sorted(values)[:8]
    more = ", ..." if len(values) > 8 else ""
    return f" (known: {', '.join(shown)}{more})"


def _p_dims(rule: QuotaRule) -> list[str]:
    return [d for d in dict.fromkeys(rule.per) if d not in APPLICANT_DIMENSIONS]


def _programme_groups(rule: QuotaRule, in_scope: list[Programme]) -> dict[tuple[str, ...], list[Programme]]:
    """Programmes in scope grouped by the rule's programme-side ``per`` dimensions."""
    dims = _p_dims(rule)
    groups: dict[tuple[str, ...], list[Programme]] = {}
    for p in in_scope:
        key = tuple(_programme_value(p, d) for d in dims)
        if None in key:
            continue  # a programme without that attribute belongs to no group
        groups.setdefault(key, []).append(p)
    return groups


# ----------------------------------------------------------------------- expansion


@dataclass(frozen=True, slots=True)
class SizedCap:
    """A cap with what its limit was made from: the seats and the number of programmes it covers."""

    cap: Cap
    seats: int
    programmes: int


def expand_caps(
    rules: Iterable[QuotaRule],
    programmes: Iterable[Programme],
    applicants: Iterable[Applicant] | ApplicantPool = (),
) -> list[Cap]:
    """Concrete caps for a round (:func:`sized_caps` without the sizes)."""
    return [sized.cap for sized in sized_caps(rules, programmes, applicants)]


def sized_caps(
    rules: Iterable[QuotaRule],
    programmes: Iterable[Programme],
    applicants: Iterable[Applicant] | ApplicantPool = (),
) -> Iterator[SizedCap]:
    """Concrete caps for a round, each with the seats it was sized on.

    One cap per rule, or per value (combination) of its ``per`` dimensions: programme-side
    values come from the programmes in scope, applicant-side values (sending_country,
    applicant_type) from the applicants (restricted to the rule's filter on that
    dimension, when it has one). A share becomes ``floor(share * seats)`` of the seats of
    the programmes the cap covers. Raises ValueError for a rule without a valid limit
    (run :func:`validate_rules` first).
    """
    progs = sorted(programmes, key=lambda p: p.id)
    seen_values: dict[str, set[str]] = {}

    def applicant_values(dim: str) -> set[str]:
        if dim not in seen_values:
            if isinstance(applicants, ApplicantPool):
                col = applicants.attrs.get(dim) or []
                seen_values[dim] = {v for v in col if v is not None}
            else:
                seen_values[dim] = {v for a in applicants_list for v in [a.attrs.get(dim)] if v is not None}
        return seen_values[dim]

    applicants_list = [] if isinstance(applicants, ApplicantPool) else list(applicants)
    index = _ByScheme(progs)
    for rule in sorted(rules, key=lambda r: r.id):
        count, share = rule.max_count, rule.max_share_of_seats
        if (count is None) == (share is None):
            raise ValueError(f"rule {rule.id!r}: give exactly one of max_count and max_share_of_seats")
        if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count < 0):
            raise ValueError(f"rule {rule.id!r}: max_count must be a non-negative whole number")
        if share is not None and not (isinstance(share, (int, float)) and 0 <= share <= 1):
            raise ValueError(f"rule {rule.id!r}: max_share_of_seats must be between 0 and 1")
        for dim in rule.per:
            if dim not in PER_DIMENSIONS:
                raise ValueError(f"rule {rule.id!r}: unknown per dimension {dim!r}")
        in_scope = index.in_scope(rule)
        if not in_scope:
            continue
        groups = _programme_groups(rule, in_scope)
        p_dims = _p_dims(rule)
        a_dims = [d for d in dict.fromkeys(rule.per) if d in APPLICANT_DIMENSIONS]
        a_choices = []
        for dim in a_dims:
            values = applicant_values(dim)
            if dim in rule.scope:
                values = values & rule.scope[dim]
            a_choices.append(sorted(values))
        base_scope: dict[str, frozenset[str]] = dict(rule.scope)
        if rule.scheme is not None:
            base_scope["scheme"] = frozenset((rule.scheme,))
        if rule.cycle is not None:
            base_scope["cycle"] = frozenset((rule.cycle,))
        for key in sorted(groups):
            seats = sum(p.seats for p in groups[key])
            limit = _limit(rule, seats)
            for a_key in product(*a_choices):
                cap_values = dict(zip(p_dims, key, strict=False)) | dict(zip(a_dims, a_key, strict=False))
                scope = dict(base_scope)
                for dim, v in cap_values.items():
                    scope[dim] = frozenset((v,))
                cap_id = rule.id
                if cap_values:
                    cap_id += "[" + ",".join(f"{d}={cap_values[d]}" for d in dict.fromkeys(rule.per)) + "]"
                yield SizedCap(Cap(cap_id, limit, _label(rule, cap_values), scope), seats, len(groups[key]))
