"""The semantics in a few lines: the reference the vectorised run is tested against."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .priority import priority_key
from .types import Applicant, Cap, Programme


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
