"""A round's outcomes: built column by column from the engine's arrays for the round's store
(``RoundOutcomes``), and an application's outcome in the latest round of its cycle, choice
by choice with the reasons the round kept (the officer's application page reads it)."""

from __future__ import annotations

import json
import json.encoder
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.matching.domain import engine
from services.matching.domain.reasons import ChoiceVerdict, choice_verdicts, code_of
from services.matching.domain.statuses import OutcomeStatus, RoundStatus
from services.matching.models import PoolEntry, Round, RoundOutcome
from services.matching.service.pool import visible_entry
from shared.principal import Principal


@dataclass
class ApplicationOutcome:
    entry: PoolEntry
    round: Round | None
    outcome: RoundOutcome | None
    verdicts: list[ChoiceVerdict]


async def latest_outcome(session: AsyncSession, caller: Principal, application_id: str) -> ApplicationOutcome:
    """What the latest completed round of the application's cycle decided for it, choice by
    choice with the reasons kept on its outcome; before its first round, no round and every
    choice undecided. Seen by whoever sees its pool entry (404 otherwise)."""
    entry = await visible_entry(session, caller, application_id)
    found = (
        await session.execute(
            select(Round, RoundOutcome)
            .join(RoundOutcome, RoundOutcome.round_id == Round.id)
            .where(
                Round.cycle_id == entry.cycle_id,
                Round.status == RoundStatus.COMPLETED,
                RoundOutcome.application_id == application_id,
            )
            .order_by(Round.number.desc())
            .limit(1)
        )
    ).first()
    if found is None:
        return ApplicationOutcome(entry, None, None, choice_verdicts(list(entry.choices), None, [], []))
    round_, outcome = found
    placed = outcome.programme_id if outcome.status in (OutcomeStatus.MATCHED, OutcomeStatus.FIXED) else None
    verdicts = choice_verdicts(list(entry.choices), placed, outcome.reasons or [], outcome.waitlist_positions or [])
    return ApplicationOutcome(entry, round_, outcome, verdicts)


# --- a round's outcomes, column by column (issue 17) ------------------------------------------

_quote = json.encoder.encode_basestring_ascii  # a JSON string as json.dumps writes it (ASCII, quoted)
_JSON = json.JSONEncoder()  # json.dumps's defaults


def _number(score: float) -> str:
    """A score as a reason's parameter (``domain/reasons.py``: whole numbers as integers), in JSON."""
    return str(int(score)) if score.is_integer() else repr(score)


def _inner(text: str) -> str:
    """A string's JSON without its quotes (to be written between others)."""
    return _quote(text)[1:-1]


@dataclass
class OutcomeColumns:
    """Applicants' outcomes of a round, one list per field, in the engine's input order:
    what ``engine.Outcome`` and its ``Reason`` say, with the reasons and waitlist positions
    already in their JSON form (``json.dumps``'s): as stored on an outcome and a match
    (``{"programme_id", "kind", "reason", "caps", "code", "params"}``), as told in an event
    (``ChoiceReason``'s fields in its order) and ``[{"programme_id", "position"}]``."""

    ids: list[str] = field(default_factory=list)
    status: list[str] = field(default_factory=list)  # engine.MATCHED | WAITLISTED | UNMATCHED
    fixed: list[bool] = field(default_factory=list)
    programme: list[str | None] = field(default_factory=list)
    choice_rank: list[int | None] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    told: list[str] = field(default_factory=list)
    positions: list[str] = field(default_factory=list)


class RoundOutcomes:
    """The outcomes of a round straight from the engine's arrays, a range of applicants at a
    time (``columns``): the same statuses, places, reasons (words, codes and parameters, as
    ``code_of`` reads them) and waitlist positions as ``result.outcomes``, without an
    ``Outcome``, a ``Reason`` or a dict per applicant and reason, and without reading the words
    back for their parameters (a national round has about 1.4 million reasons). Their JSON is
    most of a round's memory (about 3 KB per applicant): the round stores them range by range
    rather than holding all at once."""

    def __init__(self, result: engine.MatchingResult):
        run: Any = result._run  # the run's arrays (domain/engine/results.py RunOutputs)
        self.run = run
        self.n, self.k, m = run.n, run.k, run.m
        pids, caps = run.pids, run.caps
        self.quoted = quoted = [_quote(p) for p in pids]
        # per constraint (programmes first, then caps): a full cap's words (JSON, after "; ") and id
        self.cap_words = [""] * m + [_inner(f"; {c.label} full") for c in caps]
        self.cap_ids = [""] * m + [_quote(c.id) for c in caps]
        # per cap: a cap_full reason's params when it is the first full one ({"quota": its label})
        self.cap_params = ["{}"] * m + [_JSON.encode({"quota": c.label}) if c.label else "{}" for c in caps]
        # per programme: its full-seats words and the lowest score held there (None: no seat this round)
        seat_words = [words for _held, words in run.seat_messages]
        self.seat_held = seat_held = [held for held, _words in run.seat_messages]
        self.lowest = ['{"lowest": ' + _number(h) + ', "yours": ' if h is not None else "" for h in seat_held]
        self.seatless = ['{"no_seats": "yes"}' if limit == 0 else '{"held_earlier": "yes"}' for limit in run.limits[:m]]
        self.full_stored = [
            '{"programme_id": ' + q + ', "kind": "programme_full", "reason": "' + _inner(w)
            for q, w in zip(quoted, seat_words, strict=True)
        ]
        self.full_told = [
            '{"programme_id": ' + q + ', "reason": "' + _inner(w) for q, w in zip(quoted, seat_words, strict=True)
        ]
        self.positioned = ['{"programme_id": ' + q + ', "position": ' for q in quoted]
        row_of = np.full(run.n, -1, dtype=np.int64)
        row_of[run.rows] = np.arange(run.R)
        self.row_of = row_of
        # each applicant's row (0 for the fixed, who have none): its arrays are read in the
        # applicants' order (no jumping about the heap)
        self.at_row = np.maximum(row_of, 0) if run.R else np.zeros(0, dtype=np.int64)
        self.waitlisted_at = run.waitlist_arrays[2] if run.R and self.k else None

    def __len__(self) -> int:
        return self.n

    def columns(self, start: int = 0, stop: int | None = None) -> OutcomeColumns:
        """The outcomes of the applicants ``start`` to ``stop`` (all by default), in the
        engine's input order."""
        run = self.run
        stop = self.n if stop is None else min(stop, self.n)
        k = self.k
        ids, pids, choices, fixed = run.ids, run.pids, run.choices, run.fixed
        close_pos, tabs, offered = run.close_pos, run.tabs, run.pidx
        quoted, cap_words, cap_ids, seat_held = self.quoted, self.cap_words, self.cap_ids, self.seat_held
        cap_params = self.cap_params
        lowest, seatless, full_stored, full_told = self.lowest, self.seatless, self.full_stored, self.full_told
        positioned = self.positioned
        rows = self.row_of[start:stop].tolist()
        at_row = self.at_row[start:stop]
        rank_of, codes = run.rank[at_row].tolist(), run.C[at_row].tolist()
        places = run.prog_rows[at_row].tolist()
        waitlisted_at = self.waitlisted_at[at_row].tolist() if self.waitlisted_at is not None else []
        classes, scores = run.cls_in[start:stop].tolist(), run.scores[start:stop].tolist()
        ineligible = run.ineligible
        out = OutcomeColumns(ids=list(ids[start:stop]))
        status, is_fixed, programme, choice_rank = out.status, out.fixed, out.programme, out.choice_rank
        all_stored, all_told, all_positions = out.reasons, out.told, out.positions
        for x in range(stop - start):
            i = start + x  # x: in this range's arrays, i: in the run's
            aid = ids[i]
            if aid in fixed:
                pid, ch = fixed[aid], choices[i]
                status.append(engine.MATCHED)
                is_fixed.append(True)
                programme.append(pid)
                choice_rank.append(list(ch).index(pid) + 1 if pid in ch else None)
                all_stored.append("[]")
                all_told.append("[]")
                all_positions.append("[]")
                continue
            r = rows[x]
            rk = rank_of[x]
            if not rk and k:  # placed at its first choice: nothing above it to explain
                status.append(engine.MATCHED)
                is_fixed.append(False)
                programme.append(pids[places[x]])
                choice_rank.append(1)
                all_stored.append("[]")
                all_told.append("[]")
                all_positions.append("[]")
                continue
            stored: list[str] = []
            told: list[str] = []
            positions: list[str] = []
            if rk:
                row, at, tab, mine = codes[x], waitlisted_at[x], tabs[classes[x]], scores[x]
                yours = _number(mine)
                above = f" > yours {mine!r}"
                seen: set[str] = set()
                for j in range(rk):
                    p = row[j]
                    if p < 0:  # unknown programme, ineligible choice or padding
                        ch = choices[i]
                        if j >= len(ch):
                            break
                        pid = ch[j]
                        if pid in seen:
                            continue
                        seen.add(pid)
                        if pid not in offered:
                            words, kind = f"unknown programme: {pid} is not offered in this round", "unknown_programme"
                        else:
                            words, kind = ineligible[i][pid], "ineligible"
                        code, params = code_of(kind, words)
                        qpid, qwords = _quote(pid), _quote(words)
                        qcode = "null" if code is None else _quote(code)
                        qparams = _JSON.encode(params)
                        stored.append(
                            f'{{"programme_id": {qpid}, "kind": "{kind}", "reason": {qwords}, "caps": [], '
                            f'"code": {qcode}, "params": {qparams}}}'
                        )
                        told.append(
                            f'{{"programme_id": {qpid}, "reason": {qwords}, "code": {qcode}, "params": {qparams}}}'
                        )
                        continue
                    pid = pids[p]
                    if pid in seen:
                        continue
                    seen.add(pid)
                    positions.append(f"{positioned[p]}{at[j]}}}")
                    # the caps covering the choice that were full before this applicant's turn: their
                    # words (JSON, each after "; ") and ids
                    caps_words = caps_json = ""
                    first_cap = -1
                    for c in tab[p] or ():
                        if close_pos[c] < r:
                            caps_words += cap_words[c]
                            caps_json = f"{caps_json}, {cap_ids[c]}" if caps_json else cap_ids[c]
                            if first_cap < 0:
                                first_cap = c
                    if close_pos[p] < r:  # the usual reason: a programme full, with higher scores
                        held = seat_held[p]
                        if held is None:
                            words, qparams = caps_words, seatless[p]
                        elif held == mine:
                            words = f" = yours {mine!r} (tie broken by lottery){caps_words}"
                            qparams = f'{lowest[p]}{yours}, "tie": "lottery"}}'
                        else:
                            words, qparams = f"{above}{caps_words}", f"{lowest[p]}{yours}}}"
                        stored.append(
                            f'{full_stored[p]}{words}", "caps": [{caps_json}], "code": "round.programme_full", '
                            f'"params": {qparams}}}'
                        )
                        told.append(f'{full_told[p]}{words}", "code": "round.programme_full", "params": {qparams}}}')
                    elif caps_json:
                        words = caps_words[2:]  # the caps' words alone
                        qparams = cap_params[first_cap]
                        stored.append(
                            f'{{"programme_id": {quoted[p]}, "kind": "cap_full", "reason": "{words}", '
                            f'"caps": [{caps_json}], "code": "round.cap_full", "params": {qparams}}}'
                        )
                        told.append(
                            f'{{"programme_id": {quoted[p]}, "reason": "{words}", "code": "round.cap_full", '
                            f'"params": {qparams}}}'
                        )
                    else:  # impossible: the engine would have placed the applicant here
                        raise AssertionError(f"no reason for {aid} at {pid}")
            if rk < k:
                status.append(engine.MATCHED)
                programme.append(pids[places[x]])
                choice_rank.append(rk + 1)
            else:
                status.append(engine.WAITLISTED if positions else engine.UNMATCHED)
                programme.append(None)
                choice_rank.append(None)
            is_fixed.append(False)
            all_stored.append(f"[{', '.join(stored)}]")
            all_told.append(f"[{', '.join(told)}]")
            all_positions.append(f"[{', '.join(positions)}]")
        return out
