"""The quota matrix of a cycle (issue 16): programmes by sending country, each cell the
places used, its allocation and what remains.

A cell's allocation is the cap whose scope takes the pair (an applicant of that country at
that programme) and binds it now (the least left, then the smallest), else the programme's seats. A cap may count more than the cell
(a country cap over all programmes, a share of a programme's seats over several countries):
then it is ``shared``, and what remains in the cell is bounded by what that cap has left
across everything it counts, as the engine would bound the next placement.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .engine import Applicant, Cap, Programme
from .statuses import USING_STATES


@dataclass(frozen=True, slots=True)
class Cell:
    country: str
    used: int
    allocation: int
    capped: bool
    shared: bool
    cap_label: str | None
    remaining: int


@dataclass(frozen=True, slots=True)
class Row:
    programme: Programme
    filled: int
    remaining: int
    cells: tuple[Cell, ...]


@dataclass(frozen=True, slots=True)
class CountryTotal:
    country: str
    used: int
    allocation: int


def held_by_status(statuses: Iterable[str]) -> dict[str, int]:
    """The places used, by the status of the match that holds each: every status that uses a
    place, in the order a match goes through them (proposed, with_host, approved, accepted),
    zeros too. "32 of 45 filled" counted 28 proposals nobody had reviewed with the one accepted."""
    counted = Counter(statuses)
    return {str(s): counted[s] for s in USING_STATES}


def someone_from(country: str, programme: Programme) -> Applicant:
    """The applicant a cell stands for: of that country, of the type the programme takes."""
    return Applicant(
        id="",
        choices=(programme.id,),
        score=0.0,
        attrs={"sending_country": country, "applicant_type": programme.attrs.get("applicant_type") or "student"},
    )


def matrix(
    programmes: Sequence[Programme],
    countries: Sequence[str],
    caps: Sequence[Cap],
    placed: Sequence[tuple[Applicant, Programme]],
) -> tuple[list[Row], list[CountryTotal]]:
    """Rows per programme and totals per country; ``placed``: the pairs holding a place."""
    cap_used = {c.id: sum(1 for a, p in placed if c.covers(a, p)) for c in caps}
    # how many cells each cap takes: more than one makes it shared
    cap_cells = {c.id: sum(1 for p in programmes for k in countries if c.covers(someone_from(k, p), p)) for c in caps}
    rows: list[Row] = []
    for p in programmes:
        filled = sum(1 for _a, q in placed if q.id == p.id)
        seats_left = max(p.seats - filled, 0)
        cells = []
        for k in countries:
            who = someone_from(k, p)
            on_pair = [c for c in caps if c.covers(who, p)]
            used = sum(1 for a, q in placed if q.id == p.id and a.attrs.get("sending_country") == k)
            # the cap that binds now: the least left, then the smallest (a cell of a per-pair cap of 4
            # that Pakistan's shared cap of 5, three used elsewhere, holds to 2 read "0 / 4, 2 left"
            # with no mark of the shared cap that explained it)
            left = {c.id: max(c.limit - cap_used[c.id], 0) for c in on_pair}
            tightest = min(on_pair, key=lambda c: (left[c.id], c.limit, c.id), default=None)
            if tightest is not None and tightest.limit >= p.seats and left[tightest.id] >= seats_left:
                tightest = None  # the seats bind first
            remaining = min([seats_left] + list(left.values()))
            cells.append(
                Cell(
                    country=k,
                    used=used,
                    allocation=tightest.limit if tightest else p.seats,
                    capped=tightest is not None,
                    shared=tightest is not None and cap_cells[tightest.id] > 1,
                    cap_label=tightest.label if tightest else None,
                    remaining=remaining,
                )
            )
        rows.append(Row(p, filled, seats_left, tuple(cells)))
    totals = []
    for i, k in enumerate(countries):
        over_all = [c for c in caps if programmes and all(c.covers(someone_from(k, p), p) for p in programmes)]
        allocation = sum(r.cells[i].allocation for r in rows)
        if over_all:
            allocation = min([allocation] + [c.limit for c in over_all])
        totals.append(CountryTotal(k, sum(r.cells[i].used for r in rows), allocation))
    return rows, totals
