"""The vectorised run: ids encoded once, choices as an int32 matrix in priority order,
blocks of applicants settled by numpy against closed constraints, a short Python loop for
the rest (see the package docstring)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import cached_property
from itertools import chain

import numpy as np

from .priority import _SIDE_APPLICANT, _SIDE_PROGRAMME, _SIDE_PROGRAMME_ID, _lotteries, _resolve, _seed_prefix
from .results import _INELIGIBLE, _UNKNOWN, MatchingResult, RunOutputs
from .types import Applicant, ApplicantPool, Cap, Programme

_PAD = -1  # choice code: no choice in this column
_NEVER = 1 << 62
_BLOCK = 4096


def _first_duplicate(ids: list[str]) -> str | None:
    seen: set[str] = set()
    for aid in ids:
        if aid in seen:
            return aid
        seen.add(aid)
    return None


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


class _Run(RunOutputs):
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
                    raise ValueError(f"duplicate applicant id {_first_duplicate(ids)!r}")
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
        sigs: list[tuple[str | None, ...]]
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
                map(pids.__getitem__, prog_rows[pr].tolist()),
                strict=False,
            )
        )
