"""A round's outcomes column by column (``RoundOutcomes``) and its rows and events from them
(``round_rows``) say exactly what the engine's per-applicant ``Outcome`` said, as the round
stored and told it before (each outcome's reasons, codes and positions as dicts, each event's
data as a dict, encoded with ``json.dumps``): the same JSON, byte for byte, on random rounds
with caps, ties, fixed matches, unknown, repeated and ineligible choices, withdrawals and
earlier outcomes told."""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.matching.domain import engine, notices
from services.matching.domain.inputs import ProgrammeRow
from services.matching.domain.reasons import Coded, code_of
from services.matching.domain.statuses import MatchStatus, OutcomeStatus
from services.matching.models import Cycle
from services.matching.service import rounds
from services.matching.service.outcomes import RoundOutcomes
from shared.clock import utcnow
from shared.events.catalog import spec_for
from tests.unit.matching.strategies import instances

# Words an officer or a rule may give an ineligible choice: with a code and parameters, quotes,
# backslashes and other scripts (escaped as json.dumps escapes them).
CODED = (
    Coded("ineligible: grade 70 below required 75", "eligibility.grade_below", {"grade": 70, "min_grade": 75.5}),
    Coded('rejected by officer: "HSK" \\ 证书', "round.rejected", {"message": '"HSK" \\ 证书'}),
    Coded("ineligible: nationality RU", "eligibility.nationality", {"nationality": "RU", "eligible": ["KZ", "UZ"]}),
    "plain words, no code: ünïcode 🙂",
)


def reference_reasons(out: engine.Outcome) -> tuple[list[dict], list[dict]]:
    """An outcome's reasons as stored and as told, the way the round built them one by one."""
    stored, told = [], []
    for r in out.reasons:
        code, params = code_of(r.kind, r.message)
        stored.append(
            {
                "programme_id": r.programme,
                "kind": r.kind,
                "reason": r.message,
                "caps": list(r.caps),
                "code": code,
                "params": params,
            }
        )
        told.append({"programme_id": r.programme, "reason": r.message, "code": code, "params": params})
    return stored, told


def reference_rows(job, outcomes, still_in, before) -> tuple[list[dict], list[dict], list[tuple[str, dict]]]:
    """Matches, outcomes and events as dicts, from the engine's outcomes one by one."""
    matches, rows, events = [], [], []
    for out in outcomes:
        app = out.applicant
        applicant_id = job.applicant_ids[app]
        if out.fixed:
            status = OutcomeStatus.FIXED
        elif app not in still_in:
            status = OutcomeStatus.WITHDRAWN
        else:
            status = OutcomeStatus(out.status)
        stored, told = reference_reasons(out)
        positions = [{"programme_id": p, "position": n} for p, n in out.waitlist_positions.items()]
        match_id = None
        event = None
        common = {"round_id": job.round_id, "application_id": app, "applicant_id": applicant_id}
        common["cycle_id"] = job.cycle.id
        if status == OutcomeStatus.MATCHED:
            programme = job.by_id[out.programme]
            match_id = f"m{len(matches)}"
            matches.append(
                {"id": match_id, "application_id": app, "programme_id": programme.id, "reasons": stored}
                | {"rank": out.choice_rank or 0, "host_institution_id": programme.host_institution_id}
            )
            data = {"match_id": match_id} | common | {"programme_id": programme.id}
            data |= {"host_institution_id": programme.host_institution_id, "rank": out.choice_rank or 0}
            event = (rounds.PROPOSED, data | {"reasons": told})
        elif status in notices.COMPARED:
            last = before.get(app)
            if last is None or notices.worth_telling(last, notices.told(status.value, stored, positions)):
                if status == OutcomeStatus.WAITLISTED:
                    event = (rounds.WAITLISTED, common | {"positions": positions, "reasons": told})
                else:
                    event = (rounds.UNMATCHED, common | {"reasons": told})
        if event is not None:
            events.append(event)
        rows.append(
            {"application_id": app, "status": status.value, "programme_id": out.programme, "match_id": match_id}
            | {"reasons": stored, "waitlist_positions": positions, "notified": event is not None}
        )
    return matches, rows, events


def job_of(applicants, programmes) -> rounds.RoundJob:
    rows = [
        ProgrammeRow(p.id, p.seats, p.attrs["scheme"], "c1", p.attrs["host_institution"], "CN", "f", "m", "s", {})
        for p in programmes
    ]
    return rounds.RoundJob(
        round_id="r1",
        seed=1,
        cycle=Cycle(id="c1", scheme_id="s", name="c"),
        programmes=rows,
        rules=[],
        entries={},
        applicant_ids={a.id: f"stu-{a.id}" for a in applicants},
        fixed={},
        rejected={},
    )


@st.composite
def rounds_(draw):
    applicants, programmes, caps, seed, fixed = draw(instances(max_applicants=14))
    coded = [
        engine.Applicant(
            a.id,
            a.choices,
            a.score,
            a.attrs,
            {pid: draw(st.sampled_from(CODED)) for pid in a.ineligible},
        )
        for a in applicants
    ]
    withdrawn = draw(st.sets(st.sampled_from([a.id for a in applicants]))) if applicants else set()
    told_before = draw(st.sets(st.sampled_from([a.id for a in applicants]))) if applicants else set()
    return coded, programmes, caps, seed, fixed, withdrawn, told_before, draw(st.booleans())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rounds_())
def test_the_columns_rows_and_events_are_what_the_outcomes_one_by_one_gave(case):
    applicants, programmes, caps, seed, fixed, withdrawn, told_before, other_seed = case
    result = engine.run_matching(applicants, programmes, caps, seed, fixed=fixed)
    outcomes = [result.outcomes[a.id] for a in applicants]
    tables = RoundOutcomes(result)
    columns = tables.columns()
    for step in (1, 2, 3):  # the round stores them range by range: the ranges make the whole
        pieces = [tables.columns(start, start + step) for start in range(0, len(tables), step)]
        for f in dataclasses.fields(columns):
            assert [v for piece in pieces for v in getattr(piece, f.name)] == getattr(columns, f.name)

    assert columns.ids == [a.id for a in applicants]
    for i, out in enumerate(outcomes):
        stored, told = reference_reasons(out)
        positions = [{"programme_id": p, "position": n} for p, n in out.waitlist_positions.items()]
        assert (columns.status[i], columns.fixed[i]) == (out.status, out.fixed)
        assert (columns.programme[i], columns.choice_rank[i]) == (out.programme, out.choice_rank)
        assert columns.reasons[i] == json.dumps(stored)  # byte for byte what the column's JSON was
        assert columns.told[i] == json.dumps(told)
        assert columns.positions[i] == json.dumps(positions)

    job = job_of(applicants, programmes)
    still_in = {a.id for a in applicants} - withdrawn
    # earlier outcomes told: this round's own (nothing is news) or, now and then, those of the
    # same cycle drawn with another seed (other places, statuses, reasons and positions)
    earlier = outcomes
    if other_seed:
        again = engine.run_matching(applicants, programmes, caps, seed + 1, fixed=fixed)
        earlier = [again.outcomes[a.id] for a in applicants]
    _m, first, _e = reference_rows(job, earlier, still_in, {})
    before = {
        o["application_id"]: notices.told(o["status"], o["reasons"], o["waitlist_positions"])
        for o in first
        if o["application_id"] in told_before
    }
    matches, rows, events = reference_rows(job, outcomes, still_in, before)
    now = utcnow()
    got = rounds.round_rows(job, columns, still_in, before, now)

    ids = {}  # the new round's match ids -> the reference's
    assert len(got.matches) == len(matches)
    for i, (row, want) in enumerate(zip(got.matches, matches, strict=True)):
        m = dict(zip(rounds.MATCH_COLUMNS, row, strict=True))
        ids[m["id"]] = want["id"]
        assert (m["application_id"], m["programme_id"], m["rank"]) == (
            want["application_id"],
            want["programme_id"],
            want["rank"],
        )
        assert m["host_institution_id"] == want["host_institution_id"] and m["status"] == MatchStatus.PROPOSED
        assert m["reasons"] == json.dumps(want["reasons"])
        assert m["created_at"] == m["updated_at"] == now + timedelta(microseconds=i)
    assert len(got.outcomes) == len(rows)
    for row, want in zip(got.outcomes, rows, strict=True):
        o = dict(zip(rounds.OUTCOME_COLUMNS, row, strict=True))
        o["match_id"] = ids.get(o["match_id"])
        assert o["reasons"] == json.dumps(want.pop("reasons"))
        assert o["waitlist_positions"] == json.dumps(want.pop("waitlist_positions"))
        assert {k: o[k] for k in want} == want
    assert [(t, k) for t, k, _ in got.events] == [(t, d[spec_for(t).key]) for t, d in events]
    for (_t, _k, payload), (_type, data) in zip(got.events, events, strict=True):
        decoded = json.loads(payload)
        if "match_id" in decoded:
            decoded["match_id"] = ids[decoded["match_id"]]
            # the proposal's match id is the match row's, and sits where the model has it
            assert payload.startswith(b'{"match_id": "')
        assert json.dumps(decoded).encode() == json.dumps(data).encode()
        assert payload == json.dumps(json.loads(payload)).encode()  # json.dumps's own bytes
