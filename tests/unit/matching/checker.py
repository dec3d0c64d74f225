"""An independent checker for matching results.

Written from the guarantee stated in the engine's docstring, not from the engine's code:
it re-derives the lottery from its specification, resolves cap scopes itself and checks
every property on the plain final matching, by brute force.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping

from services.matching.domain.engine import Applicant, Cap, Programme


def lottery(seed: int, applicant_id: str) -> int:
    data = f"{seed}\0{applicant_id}".encode()
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big")


def priority(applicant: Applicant, seed: int) -> tuple:
    """Smaller is better."""
    return (-applicant.score, lottery(seed, applicant.id), applicant.id)


def covers(cap: Cap, a: Applicant, p: Programme) -> bool:
    for key, allowed in cap.scope.items():
        if key == "programme":
            value = p.id
        elif key in ("sending_country", "applicant_type"):
            value = a.attrs.get(key)
            if value is None and key == "applicant_type":
                value = p.attrs.get(key)
        else:
            value = p.attrs.get(key)
        if value not in allowed:
            return False
    return True


class Instance:
    def __init__(
        self,
        applicants: Iterable[Applicant],
        programmes: Iterable[Programme],
        caps: Iterable[Cap] = (),
        seed: int = 0,
        fixed: Mapping[str, str] | None = None,
    ) -> None:
        self.applicants = list(applicants)
        self.programmes = {p.id: p for p in programmes}
        self.caps = list(caps)
        self.seed = seed
        self.fixed = dict(fixed or {})
        self.by_id = {a.id: a for a in self.applicants}
        self.prio = {a.id: priority(a, seed) for a in self.applicants}

    def eligible_choices(self, a: Applicant) -> list[str]:
        """Distinct known choices the applicant is eligible for, in its order."""
        out: list[str] = []
        for pid in a.choices:
            if pid in self.programmes and pid not in a.ineligible and pid not in out:
                out.append(pid)
        return out

    def constraints(self, a: Applicant, p: Programme) -> list[tuple[str, int, object]]:
        """(name, limit, member test over (applicant, programme)) covering the pair."""
        out: list[tuple[str, int, object]] = [(f"seats of {p.id}", p.seats, lambda b, q, pid=p.id: q.id == pid)]
        for cap in self.caps:
            if covers(cap, a, p):
                out.append((cap.label, cap.limit, lambda b, q, cap=cap: covers(cap, b, q)))
        return out

    def above(self, a: Applicant, placed: str | None) -> list[str]:
        """Eligible choices ranked above the placement (all if unplaced)."""
        ch = self.eligible_choices(a)
        if placed is None:
            return ch
        return ch[: ch.index(placed)] if placed in ch else ch

    # ------------------------------------------------------------------ the checks

    def problems(self, matches: Mapping[str, str]) -> list[str]:
        out: list[str] = []
        mu = dict(self.fixed)
        for aid, pid in matches.items():
            if aid in self.fixed:
                out.append(f"fixed applicant {aid} got a new match")
            a = self.by_id[aid]
            if pid not in self.eligible_choices(a):
                out.append(f"{aid} matched to {pid}, not an eligible choice")
            mu[aid] = pid
        pairs = [(self.by_id[aid], self.programmes[pid]) for aid, pid in mu.items()]
        fixed_pairs = [(self.by_id[aid], self.programmes[pid]) for aid, pid in self.fixed.items()]

        # feasibility (a constraint already over its limit with fixed pairs gets nothing new)
        for p in self.programmes.values():
            n = sum(1 for _, q in pairs if q.id == p.id)
            f = sum(1 for _, q in fixed_pairs if q.id == p.id)
            if n > max(p.seats, f):
                out.append(f"{p.id} holds {n} > {p.seats} seats")
        for cap in self.caps:
            n = sum(1 for b, q in pairs if covers(cap, b, q))
            f = sum(1 for b, q in fixed_pairs if covers(cap, b, q))
            if n > max(cap.limit, f):
                out.append(f"{cap.label}: {n} > {cap.limit}")

        # no priority-justified blocking pair
        for a in self.applicants:
            if a.id in self.fixed:
                continue
            for pid in self.above(a, mu.get(a.id)):
                p = self.programmes[pid]
                # keep fixed pairs and pairs of higher-priority applicants; a leaves its place
                kept = [
                    (b, q)
                    for b, q in pairs
                    if b.id != a.id and (b.id in self.fixed or self.prio[b.id] < self.prio[a.id])
                ]
                blocked = any(
                    sum(1 for b, q in kept if member(b, q)) >= limit for _, limit, member in self.constraints(a, p)
                )
                if not blocked:
                    out.append(f"blocking pair ({a.id}, {pid}); {a.id} holds {mu.get(a.id)}")
        return out

    def expected_waitlist(self, matches: Mapping[str, str]) -> dict[str, list[str]]:
        wl: dict[str, list[str]] = {pid: [] for pid in self.programmes}
        for a in sorted(self.applicants, key=lambda a: self.prio[a.id]):
            if a.id in self.fixed:
                continue
            for pid in self.above(a, matches.get(a.id)):
                wl[pid].append(a.id)
        return wl

    def blocking_constraints(self, a: Applicant, pid: str, matches: Mapping[str, str]) -> list[str]:
        """Names of constraints covering (a, pid) that are full with fixed or
        higher-priority pairs once a leaves its place."""
        mu = dict(self.fixed) | dict(matches)
        pairs = [(self.by_id[b], self.programmes[q]) for b, q in mu.items() if b != a.id]
        kept = [(b, q) for b, q in pairs if b.id in self.fixed or self.prio[b.id] < self.prio[a.id]]
        return [
            name
            for name, limit, member in self.constraints(a, self.programmes[pid])
            if sum(1 for b, q in kept if member(b, q)) >= limit
        ]
