"""A round's result: ``matches`` built eagerly, waitlists, outcomes with their reasons and
statistics derived from the run's arrays on first access."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cached_property
from types import MappingProxyType

import numpy as np

from .types import _EMPTY, MATCHED, UNMATCHED, WAITLISTED, CountryStats, Fill, Outcome, Reason, Statistics

_UNKNOWN = -2  # choice code: programme not in this round
_INELIGIBLE = -3  # choice code: applicant ineligible for that programme


def _fmt(score: float) -> str:
    return repr(float(score))


class RunOutputs:
    """What a run derives lazily from its arrays (mixed into the run, which sets them)."""

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

    def __init__(self, run: RunOutputs) -> None:
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

    def __init__(self, run: RunOutputs) -> None:
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
        out: dict[str, str] = {run.ids[i]: MATCHED for i in run.order.tolist() if run.is_fixed[i]}
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
