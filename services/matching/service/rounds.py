"""Matching rounds: queue one per cycle, run the engine in the background, store the round
and its matches, and stage the events, all through the service's database and outbox.

A round is queued by the request (202); the ``RoundRunner`` (the service's worker) then
runs it in a task of this process: ``load`` reads the cycle, ``compute`` runs the pure
engine in a worker thread (``asyncio.to_thread``), ``store`` writes the result in one
transaction together with its events. Progress and a heartbeat (a ``Loop`` per running
round) are written to the round's row, so any instance can answer ``GET /rounds/{id}``;
a round whose heartbeat stopped (its process died) is marked failed when the next round
is asked for.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import json.encoder
import logging
import secrets
import time
import uuid
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from typing import Any

from sqlalchemy import Select, Text, and_, case, cast, func, or_, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.matching.domain import engine, notices
from services.matching.domain.catalog import sending_countries
from services.matching.domain.endorsements import has_endorsement_stage
from services.matching.domain.inputs import (
    HostNote,
    PoolRow,
    ProgrammeRow,
    build_inputs,
    left_out_reason,
    places_held,
    pool_json,
    statistics_json,
)
from services.matching.domain.journal import Action
from services.matching.domain.nominations import has_nomination_stage
from services.matching.domain.reasons import Coded
from services.matching.domain.scoring import ScoreCheck, score_check
from services.matching.domain.statuses import (
    ACTIVE_ROUNDS,
    FIXED_STATES,
    MatchStatus,
    OutcomeStatus,
    PoolStatus,
    RoundStatus,
)
from services.matching.models import (
    AdmissionDecision,
    Cycle,
    Endorsement,
    Match,
    Nomination,
    NominationList,
    PoolEntry,
    Programme,
    QuotaRule,
    ReviewAssignment,
    Round,
    RoundOutcome,
    Scheme,
    infra,
)
from services.matching.service import committee, documents, journal
from services.matching.service.common import SOURCE
from services.matching.service.endorsements import endorsed_ids
from services.matching.service.nominations import PUBLISHED
from services.matching.service.outcomes import OutcomeColumns, RoundOutcomes
from services.matching.service.quota import Caps
from shared.clock import aware, utcnow
from shared.db import Database
from shared.errors import Conflict
from shared.events.catalog import (
    ApplicationUnmatched,
    ApplicationWaitlisted,
    MatchProposed,
    NominationState,
    RoundCompleted,
    type_of,
)
from shared.events.ids import uuid7_strings
from shared.heap import paused_gc
from shared.idempotency import Once, StoredAnswer, complete, json_answer, reserve
from shared.intake import SAME_INTAKE_DAYS, intake_of
from shared.metrics import MATCHING_ROUND_SECONDS, MATCHING_ROUNDS
from shared.outbox import add_event, bulk_insert, encode_payloads, stage_rows
from shared.workers import Loop

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 1.0
STALE_AFTER = timedelta(seconds=30)


@dataclass
class Progress:
    value: float = 0.0


@dataclass
class RoundJob:
    """What a round reads from its cycle, loaded once before the engine runs: plain rows, no
    ORM object per applicant or programme."""

    round_id: str
    seed: int
    cycle: Cycle
    programmes: Sequence[ProgrammeRow]
    rules: Sequence[QuotaRule]
    entries: Mapping[str, PoolRow]  # application id -> submitted pool entry (held kinds included)
    applicant_ids: Mapping[str, str]  # application id -> applicant id
    fixed: dict[str, str]  # application id -> programme id (approved or accepted)
    rejected: dict[str, dict[str, str]]  # application id -> {programme id: what the applicant may read}
    countries: Sequence[str] = ()  # the sending countries: the cycle's, or else its scheme's
    held: dict[str, Coded] = field(default_factory=dict)  # application id -> a place of the intake held elsewhere
    # why submitted applications are not in ``entries``: counts per (reason, sending country)
    left_out: dict[tuple[str, str], int] = field(default_factory=dict)
    # submitted reviews per application of the pool, and how many the scoresheet asks (None: no sheet)
    reviews: dict[str, int] = field(default_factory=dict)
    reviews_asked: int | None = None
    by_id: dict[str, ProgrammeRow] = field(init=False)

    def __post_init__(self) -> None:
        self.by_id = {p.id: p for p in self.programmes}


@dataclass
class RoundResult:
    inputs_digest: str  # of the engine's inputs (the inputs themselves are not kept: memory)
    outcomes: RoundOutcomes  # every applicant's, in the inputs' order (by application id)
    statistics: dict
    waitlist: dict[str, list[str]]


async def active_round(session: AsyncSession, cycle_id: str, *, lock: bool = False) -> Round | None:
    """The round that owns the cycle (queued or running), if any; ``lock``: its row locked (a
    round completing meanwhile is waited for, and then owns the cycle no more)."""
    owner = select(Round).where(Round.active_cycle_id == cycle_id)
    return await session.scalar(owner.with_for_update() if lock else owner)


def fail(round_: Round, error: str) -> None:
    round_.status = RoundStatus.FAILED
    round_.error = error[:2000]
    round_.active_cycle_id = None
    round_.finished_at = utcnow()


async def queue(
    session: AsyncSession,
    cycle_id: str,
    seed: int,
    started_by: str,
    incomplete_scores_ok: bool = False,
    after_round: str | None = None,
) -> Round:
    """A new queued round for the cycle; refused while another one is alive for it. A round
    whose heartbeat stopped is marked failed and gives way. ``incomplete_scores_ok``: the
    officer confirmed a round over incomplete scores (``readiness``), journaled with it."""
    # The cycle's row: a review in progress (``review._review`` holds it shared) commits first,
    # so the round's ``load`` reads its decision; one queued after it refuses reviews.
    archived = await session.scalar(
        select(Cycle.archived_at).where(Cycle.id == cycle_id).with_for_update(key_share=True)
    )
    if archived is not None:
        raise Conflict("cycle.archived", f"cycle {cycle_id} is archived: bring it back before a round", "cycle_id")
    # Locked: a round completing meanwhile (its row locked from its completion to its commit)
    # is not marked failed over its committed rows.
    active = await active_round(session, cycle_id, lock=True)
    if active is not None:
        if utcnow() - aware(active.heartbeat_at) < STALE_AFTER:
            raise Conflict(
                "round.running",
                f"round {active.id} is {active.status} for cycle {cycle_id}; wait for it",
                "cycle_id",
                round_id=active.id,
            )
        fail(active, "its process stopped (no heartbeat)")
        await session.flush()
    if after_round is not None:  # the page's latest round: one started since supersedes what it showed
        latest = await session.scalar(
            select(Round.id).where(Round.cycle_id == cycle_id).order_by(Round.number.desc()).limit(1)
        )
        if (latest or "") != after_round:
            raise Conflict(
                "round.started_since",
                f"round {latest} of cycle {cycle_id} was started since the page was read: read it before starting another",
                "after_round",
                round_id=latest,
            )
    number = int(await session.scalar(select(func.count()).where(Round.cycle_id == cycle_id)) or 0) + 1
    round_ = Round(
        id=str(uuid.uuid4()),
        cycle_id=cycle_id,
        number=number,
        seed=seed,
        status=RoundStatus.QUEUED,
        active_cycle_id=cycle_id,
        started_by=started_by,
    )
    session.add(round_)
    cycle = await session.get(Cycle, cycle_id)
    journal.record(
        session,
        started_by,
        Action.ROUND_STARTED,
        subject=f"round:{round_.id}",
        scheme_id=cycle.scheme_id if cycle else None,
        cycle_id=cycle_id,
        after={"round_id": round_.id, "number": number, "seed": seed}
        | ({"incomplete_scores_ok": True} if incomplete_scores_ok else {}),
    )
    return round_


# --- running ------------------------------------------------------------------------------


# The columns a round reads of its pool and programmes; JSON columns as their text, decoded
# all at once (``_json_columns``) rather than value by value.
POOL_COLUMNS = (
    PoolEntry.application_id,
    PoolEntry.applicant_id,
    PoolEntry.sending_country,
    PoolEntry.applicant_type,
    cast(PoolEntry.choices, Text),
    PoolEntry.grade,
    PoolEntry.interview_score,
    PoolEntry.committee_score,
    cast(PoolEntry.language_certificates, Text),
)
PROGRAMME_COLUMNS = (
    Programme.id,
    Programme.seats,
    Programme.scheme_id,
    Programme.cycle_id,
    Programme.host_institution_id,
    Programme.host_country,
    Programme.field,
    Programme.level,
    Programme.applicant_type,
    cast(Programme.requirements, Text),
)


def _json_columns(rows: Sequence[Sequence[Any]], at: Sequence[int]) -> list[list[Any]]:
    """The JSON texts of the given columns of every row, decoded in one call: per column, its values."""
    texts = [row[i] or "null" for i in at for row in rows]
    values = json.loads("[" + ",".join(texts) + "]") if texts else []
    n = len(rows)
    return [values[c * n : (c + 1) * n] for c in range(len(at))]


def _pool_rows(pool: Sequence[Sequence[Any]], held: Mapping[str, tuple[str, ...]]) -> dict[str, PoolRow]:
    """application id -> its pool entry, from the rows of ``POOL_COLUMNS``."""
    choices, certificates = _json_columns(pool, (4, 8))
    # One str per programme id, country and type rather than one per mention (a national pool
    # names a few thousand programmes 2.7 million times): the round holds its pool throughout.
    kept: dict[str, str] = {}
    one = kept.setdefault
    return {
        row[0]: PoolRow(
            row[0],
            one(row[2], row[2]),
            one(row[3], row[3]),
            tuple(one(p, p) for p in chosen),
            row[5],
            row[6],
            row[7],
            tuple(certs),
            held_kinds=held.get(row[0], ()),
        )
        for row, chosen, certs in zip(pool, choices, certificates, strict=True)
    }


def considered(cycle: Cycle, scheme: Scheme | None, *columns: Any) -> Select:
    """The columns of the pool entries a round of the cycle considers: the submitted, under an
    endorsement stage the endorsed, under a nomination stage the nominees of a published list
    (and, under either, any whose match holds a seat)."""
    in_pool = select(*columns).where(PoolEntry.cycle_id == cycle.id, PoolEntry.status == PoolStatus.SUBMITTED)
    if scheme is not None and has_endorsement_stage(scheme.path) and not has_nomination_stage(scheme.path):
        # the home institutions decide who competes: the endorsed only (a match that holds a
        # seat keeps it); after a nomination stage the nominees are endorsed already
        holding = select(Match.application_id).where(Match.cycle_id == cycle.id, Match.status.in_(FIXED_STATES))
        in_pool = in_pool.where(
            or_(PoolEntry.application_id.in_(endorsed_ids(cycle.id)), PoolEntry.application_id.in_(holding))
        )
    if scheme is not None and has_nomination_stage(scheme.path):
        # the authority decides who competes: the nominees of its published list only (a
        # draft's were placed too, before the authority had said anything)
        nominees = (
            select(Nomination.application_id)
            .join(
                NominationList,
                and_(
                    NominationList.cycle_id == Nomination.cycle_id,
                    NominationList.sending_country == Nomination.sending_country,
                ),
            )
            .where(
                Nomination.cycle_id == cycle.id,
                Nomination.state == NominationState.NOMINATED,
                NominationList.status == PUBLISHED,
            )
        )
        # (a match that holds a seat keeps it, whatever happened to the nomination since)
        holding = select(Match.application_id).where(Match.cycle_id == cycle.id, Match.status.in_(FIXED_STATES))
        in_pool = in_pool.where(or_(PoolEntry.application_id.in_(nominees), PoolEntry.application_id.in_(holding)))
    return in_pool


async def load(session: AsyncSession, round_id: str) -> RoundJob:
    """Mark the round running and read its cycle: programmes, rules, pool, earlier decisions.
    The pool and the programmes are read as plain rows, one query each."""
    round_ = await session.get(Round, round_id)
    round_.status, round_.started_at, round_.heartbeat_at = RoundStatus.RUNNING, utcnow(), utcnow()
    round_.progress = 0.02
    cycle = await session.get(Cycle, round_.cycle_id)
    scheme = await session.get(Scheme, cycle.scheme_id)
    found = (await session.execute(select(*PROGRAMME_COLUMNS).where(Programme.cycle_id == cycle.id))).all()
    (requirements,) = _json_columns(found, (9,))
    programmes = [
        ProgrammeRow(pid, seats, scheme_id, cycle_id, host, country, field_, level, applicant_type, req or {})
        for (pid, seats, scheme_id, cycle_id, host, country, field_, level, applicant_type, _), req in zip(
            found, requirements, strict=True
        )
    ]
    rules = (await session.scalars(select(QuotaRule).where(QuotaRule.cycle_id == cycle.id))).all()
    in_pool = considered(cycle, scheme, *POOL_COLUMNS)
    held = await documents.held_kinds(session, cycle.id)
    sheet = await committee.scoresheet_for(session, cycle)
    reviews = await _reviews(session, cycle.id) if sheet is not None else {}
    left_out = await _left_out(session, cycle, scheme.path if scheme is not None else [])
    with paused_gc():  # a national pool's rows: see ``paused_gc``
        pool = (await session.execute(in_pool)).all()
        entries = await asyncio.to_thread(_pool_rows, pool, held)  # off the event loop
    refused = [MatchStatus.REJECTED, MatchStatus.HOST_REJECTED]
    decided = (
        await session.execute(
            select(Match.id, Match.application_id, Match.programme_id, Match.status, Match.message_to_applicant).where(
                Match.cycle_id == cycle.id, Match.status.in_([*FIXED_STATES, *refused])
            )
        )
    ).all()
    fixed = {
        application_id: programme_id
        for _id, application_id, programme_id, status, _m in decided
        if status in FIXED_STATES
    }
    notes = await host_notes(session, [m[0] for m in decided if m[3] == MatchStatus.HOST_REJECTED])
    held_by = await _places_held(session, cycle)
    rejected: dict[str, dict[str, str]] = {}
    for match_id, application_id, programme_id, status, message in decided:
        if status == MatchStatus.REJECTED:
            # The officer's reason is internal: later rounds tell only the message meant for the applicant.
            rejected.setdefault(application_id, {})[programme_id] = message or ""
        elif status == MatchStatus.HOST_REJECTED:
            # the host's note is meant for the applicant; the same programme is not proposed again
            rejected.setdefault(application_id, {})[programme_id] = HostNote(notes.get(match_id, ""))
    return RoundJob(
        round_id=round_id,
        seed=round_.seed,
        cycle=cycle,
        programmes=programmes,
        rules=rules,
        entries=entries,
        applicant_ids={row[0]: row[1] for row in pool},
        fixed=fixed,
        rejected=rejected,
        countries=sending_countries(cycle.eligible_countries, scheme.eligible_countries if scheme else []),
        held={app: held_by[applicant] for app, applicant in ((row[0], row[1]) for row in pool) if applicant in held_by},
        left_out=left_out,
        reviews=reviews,
        reviews_asked=sheet.reviewers_per_application if sheet is not None else None,
    )


def _submitted_reviews(cycle_id: str) -> Select:
    """Per application of the cycle, its live submitted reviews (``n``): what its committee
    score is the mean of."""
    return (
        select(ReviewAssignment.application_id, func.count().label("n"))
        .where(
            ReviewAssignment.cycle_id == cycle_id,
            ReviewAssignment.active,
            ReviewAssignment.composite.is_not(None),
        )
        .group_by(ReviewAssignment.application_id)
    )


async def _reviews(session: AsyncSession, cycle_id: str) -> dict[str, int]:
    return {app: n for app, n in await session.execute(_submitted_reviews(cycle_id))}


async def readiness(session: AsyncSession, cycle: Cycle) -> ScoreCheck:
    """What a round started now would rank by, and how complete the officers' scores are over
    the applications it would rank (``scoring.score_check``): counted in the database, as the
    round's own load would find them, without reading the pool row by row."""
    scheme = await session.get(Scheme, cycle.scheme_id)
    sheet = await committee.scoresheet_for(session, cycle)
    holding = select(Match.application_id).where(Match.cycle_id == cycle.id, Match.status.in_(FIXED_STATES))
    ranked = considered(cycle, scheme, PoolEntry.application_id).where(PoolEntry.application_id.not_in(holding))
    ids = ranked.subquery()
    asked = sheet.reviewers_per_application if sheet is not None else None
    reviews = _submitted_reviews(cycle.id).subquery()
    short = func.sum(case((func.coalesce(reviews.c.n, 0) < (asked or 0), 1), else_=0))
    total, interviewed, scored, short_n = (
        await session.execute(
            select(
                func.count(),
                func.count(PoolEntry.interview_score),
                func.count(PoolEntry.committee_score),
                short,
            )
            .select_from(PoolEntry)
            .join(ids, ids.c.application_id == PoolEntry.application_id)
            .outerjoin(reviews, reviews.c.application_id == PoolEntry.application_id)
        )
    ).one()
    return score_check(
        int(total or 0),
        {"interview": int(interviewed or 0), "committee": int(scored or 0)},
        cycle.score_weights,
        reviews_asked=asked,
        short_of_reviews=int(short_n or 0),
    )


def _incomplete_words(check: ScoreCheck) -> str:
    """The refusal's detail (a reader's words are the portal's, by the code and its numbers)."""
    said = []
    if check.short_of_reviews:
        said.append(
            f"{check.short_of_reviews} of the {check.ranked} applications the round would rank have fewer"
            f" reviews than the scoresheet asks ({check.reviews_asked})"
        )
    for component in check.left_out:
        said.append(
            f"{check.without[component]} of {check.ranked} have no {component} score, so the round leaves it"
            " out of everyone's priority"
        )
    return "; ".join(said) + "; confirm with incomplete_scores_ok to start it all the same"


async def _left_out(session: AsyncSession, cycle: Cycle, path: Sequence[str]) -> dict[tuple[str, str], int]:
    """How many submitted applications of the pool the round leaves out, per reason
    (``inputs.left_out_reason``) and sending country: counted in groups of like applications,
    not one by one."""
    endorses, nominates = has_endorsement_stage(path), has_nomination_stage(path)
    if not (endorses or nominates):
        return {}
    holding = select(Match.application_id).where(Match.cycle_id == cycle.id, Match.status.in_(FIXED_STATES))
    holds = PoolEntry.application_id.in_(holding)
    keys = (Endorsement.state, Nomination.state, NominationList.status, holds, PoolEntry.sending_country)
    groups = await session.execute(
        select(*keys, func.count())
        .select_from(PoolEntry)
        .outerjoin(
            Endorsement,
            and_(Endorsement.application_id == PoolEntry.application_id, Endorsement.cycle_id == cycle.id),
        )
        .outerjoin(
            Nomination, and_(Nomination.application_id == PoolEntry.application_id, Nomination.cycle_id == cycle.id)
        )
        .outerjoin(
            NominationList,
            and_(NominationList.cycle_id == cycle.id, NominationList.sending_country == PoolEntry.sending_country),
        )
        .where(PoolEntry.cycle_id == cycle.id, PoolEntry.status == PoolStatus.SUBMITTED)
        .group_by(*keys)
    )
    counts: Counter[tuple[str, str]] = Counter()
    for endorsement, nomination, list_status, holds_place, country, n in groups:
        reason = left_out_reason(
            endorses=endorses,
            nominates=nominates,
            holds_place=bool(holds_place),
            endorsement=endorsement,
            nomination=nomination,
            list_published=list_status == PUBLISHED,
        )
        if reason is not None:
            counts[reason, country] += n
    return dict(counts)


async def _places_held(session: AsyncSession, cycle: Cycle) -> dict[str, Coded]:
    """applicant id -> the place of this cycle's intake they accepted in another cycle (for
    the applicants of this cycle's pool; ``inputs.places_held``)."""
    in_pool = select(PoolEntry.applicant_id).where(
        PoolEntry.cycle_id == cycle.id, PoolEntry.status == PoolStatus.SUBMITTED
    )
    starts = intake_of(cycle.starts_on, cycle.closes_at)
    # only cycles that can be of the same intake (their start, or else their close, near this
    # one's): not every place accepted in every earlier year
    near = timedelta(days=SAME_INTAKE_DAYS)
    earliest, latest = starts - near, starts + near
    dated = or_(
        Cycle.starts_on.between(earliest, latest),
        and_(
            Cycle.starts_on.is_(None),
            Cycle.closes_at.between(
                datetime.combine(earliest, clock_time.min, UTC), datetime.combine(latest, clock_time.max, UTC)
            ),
        ),
    )
    accepted = await session.execute(
        select(Match.applicant_id, Programme.title, Cycle.starts_on, Cycle.closes_at)
        .join(Cycle, Cycle.id == Match.cycle_id)
        .join(Programme, Programme.id == Match.programme_id)
        .where(
            Match.status == MatchStatus.ACCEPTED,
            Match.cycle_id != cycle.id,
            dated,
            Match.applicant_id.in_(in_pool),
        )
    )
    return places_held(starts, [(who, title, intake_of(on, closes)) for who, title, on, closes in accepted])


async def host_notes(session: AsyncSession, match_ids: Sequence[str]) -> dict[str, str]:
    """Per host-rejected match, the note of the host's latest decision."""
    if not match_ids:
        return {}
    rows = await session.execute(
        select(AdmissionDecision.match_id, AdmissionDecision.note)
        .where(AdmissionDecision.match_id.in_(list(match_ids)))
        .order_by(AdmissionDecision.match_id, AdmissionDecision.version)
    )
    return {match_id: note or "" for match_id, note in rows}  # the highest version comes last


def compute(job: RoundJob, progress: Progress) -> RoundResult:
    """The engine's round from the loaded cycle, and its outcomes column by column (CPU-bound:
    run it off the event loop)."""
    # millions of new objects at national scale: see ``paused_gc``
    with paused_gc():
        caps = Caps(job.rules)
        inputs = build_inputs(
            programmes=job.programmes,
            make_caps=caps.make,
            pool=job.entries.values(),
            eligible_countries=job.countries,
            score_weights=job.cycle.score_weights,
            fixed=job.fixed,
            rejected=job.rejected,
            today=utcnow().date(),
            held=job.held,
            reviews=job.reviews,
            reviews_asked=job.reviews_asked,
        )
        progress.value = 0.1
        result = engine.run_matching(
            inputs.applicants,
            inputs.programmes,
            inputs.caps,
            job.seed,
            fixed=inputs.fixed,
            progress=lambda f: setattr(progress, "value", 0.1 + 0.7 * f),
        )
        outcomes = RoundOutcomes(result)
        statistics = statistics_json(result, caps.rule_of(), caps.labels())
        # the pool the round was of: those it considered and, per reason, those it left out
        statistics["pool"] = pool_json(len(job.entries), job.left_out)
        # what everyone's priority was made of, and how complete the officers' scores were
        statistics["priority"] = inputs.scores.as_json()
        waitlist = {pid: list(ids) for pid, ids in result.waitlist.items()}
        progress.value = 0.85
        return RoundResult(inputs.digest, outcomes, statistics, waitlist)


# The rows a round writes, in bulk (``bulk_insert``: COPY on PostgreSQL); their reasons and
# waitlist positions go as the JSON text ``RoundOutcomes.columns`` built.
MATCH_COLUMNS = (
    "id",
    "round_id",
    "cycle_id",
    "scheme_id",
    "application_id",
    "applicant_id",
    "programme_id",
    "host_institution_id",
    "rank",
    "status",
    "reasons",
    "created_at",
    "updated_at",
)
OUTCOME_COLUMNS = (
    "round_id",
    "application_id",
    "applicant_id",
    "status",
    "programme_id",
    "match_id",
    "reasons",
    "waitlist_positions",
    "notified",
)
MATCH_JSON = ("reasons",)
OUTCOME_JSON = ("reasons", "waitlist_positions")
PROPOSED, WAITLISTED, UNMATCHED = (type_of(m) for m in (MatchProposed, ApplicationWaitlisted, ApplicationUnmatched))
_quote = json.encoder.encode_basestring_ascii  # a JSON string as json.dumps writes it


def outcome_status(status: str, fixed: bool, withdrawn: bool) -> OutcomeStatus:
    if fixed:
        return OutcomeStatus.FIXED
    if withdrawn:
        return OutcomeStatus.WITHDRAWN  # withdrew while the round ran: nothing proposed
    return OutcomeStatus(status)


def tells(status: OutcomeStatus, reasons: str, positions: str, before: notices.Told | None) -> bool:
    """Whether this outcome gets its event (domain/notices.py says when an outcome is news);
    ``reasons`` and ``positions`` as stored (JSON)."""
    if status == OutcomeStatus.MATCHED:
        return True  # a new proposal, for the officers' review
    if status not in notices.COMPARED:
        return False
    if before is None or before.status != status.value:
        return True  # news whatever its reasons: read them back only to compare them
    return notices.worth_telling(before, notices.told(status.value, json.loads(reasons), json.loads(positions)))


@dataclass
class RoundRows:
    """A round's result as rows: matches and round_outcomes (tuples in ``MATCH_COLUMNS`` and
    ``OUTCOME_COLUMNS`` order, reasons and positions as JSON text) and the events that tell
    it (``(type, key, data as JSON)``, for ``encode_payloads``), all in the outcomes' order."""

    matches: list[tuple] = field(default_factory=list)
    outcomes: list[tuple] = field(default_factory=list)
    events: list[tuple[str, str, bytes]] = field(default_factory=list)
    counts: Counter[OutcomeStatus] = field(default_factory=Counter)


def round_rows(
    job: RoundJob,
    outcomes: OutcomeColumns,
    still_in: set[str],
    before: Mapping[str, notices.Told],
    now: datetime,
) -> RoundRows:
    """Every outcome's row, a matched outcome's proposal (its match row and event), and the
    event of each other outcome worth telling (``tells``), straight from the outcomes'
    columns: tuples, and the events' JSON written around the reasons' JSON. An ORM object
    and a pydantic model per applicant cost more than the engine's whole run at national
    scale (issue 17)."""
    rows = RoundRows()
    round_id, cycle_id = job.round_id, job.cycle.id
    q_round, q_cycle = _quote(round_id), _quote(cycle_id)
    proposed = MatchStatus.PROPOSED.value
    applicant_ids = job.applicant_ids
    placed = sum(1 for s, f in zip(outcomes.status, outcomes.fixed, strict=True) if s == engine.MATCHED and not f)
    match_ids = iter(uuid7_strings(placed))  # enough for every proposal (a withdrawn one takes none)
    for app, engine_status, fixed, pid, choice_rank, stored, told, positions in zip(
        outcomes.ids,
        outcomes.status,
        outcomes.fixed,
        outcomes.programme,
        outcomes.choice_rank,
        outcomes.reasons,
        outcomes.told,
        outcomes.positions,
        strict=True,
    ):
        applicant_id = applicant_ids[app]
        status = outcome_status(engine_status, fixed, app not in still_in)
        match_id = None
        # The event that tells it, if any: its data as the type's model dumps it (its fields in
        # their order, json.dumps's JSON), keyed by the application (the catalog's key).
        event: bytes | None = None
        if status == OutcomeStatus.MATCHED:
            programme = job.by_id[pid]
            match_id, rank, host = next(match_ids), choice_rank or 0, programme.host_institution_id
            # each a microsecond after the one before: lists ordered by creation keep the round's order
            at = now + timedelta(microseconds=len(rows.matches))
            rows.matches.append(
                (
                    match_id,
                    round_id,
                    cycle_id,
                    programme.scheme_id,
                    app,
                    applicant_id,
                    programme.id,
                    host,
                    rank,
                    proposed,
                    stored,
                    at,
                    at,
                )
            )
            event = (
                f'{{"match_id": {_quote(match_id)}, "round_id": {q_round}, "application_id": {_quote(app)}, '
                f'"applicant_id": {_quote(applicant_id)}, "cycle_id": {q_cycle}, "programme_id": '
                f'{_quote(programme.id)}, "host_institution_id": {_quote(host)}, "rank": {rank}, "reasons": {told}}}'
            ).encode()
            rows.events.append((PROPOSED, app, event))
        elif tells(status, stored, positions, before.get(app)):
            common = (
                f'{{"round_id": {q_round}, "application_id": {_quote(app)}, "applicant_id": {_quote(applicant_id)}, '
                f'"cycle_id": {q_cycle}'
            )
            if status == OutcomeStatus.WAITLISTED:
                event = f'{common}, "positions": {positions}, "reasons": {told}}}'.encode()
                rows.events.append((WAITLISTED, app, event))
            else:
                event = f'{common}, "reasons": {told}}}'.encode()
                rows.events.append((UNMATCHED, app, event))
        rows.outcomes.append(
            (round_id, app, applicant_id, status.value, pid, match_id, stored, positions, event is not None)
        )
        rows.counts[status] += 1
    return rows


# Applicants whose rows and events are built and written at a time: their JSON (~3 KB per
# applicant) is most of a round's memory, so a national round never holds all of it at once.
STORE_RANGE = 10_000


def _rows_and_events(
    job: RoundJob,
    outcomes: RoundOutcomes,
    still_in: set[str],
    before: Mapping[str, notices.Told],
    now: datetime,
    source: str,
    start: int,
    made: int,
) -> tuple[RoundRows, list[tuple]]:
    """The rows of the applicants ``start`` to ``start + STORE_RANGE`` and their events encoded
    as outbox rows; ``made``: the matches of the applicants before them (each match is a
    microsecond after the one before, from ``now``)."""
    columns = outcomes.columns(start, start + STORE_RANGE)
    rows = round_rows(job, columns, still_in, before, now + timedelta(microseconds=made))
    return rows, encode_payloads(rows.events, source=source)


async def last_told(session: AsyncSession, cycle_id: str) -> dict[str, notices.Told]:
    """Per application of the cycle, the last outcome an event told: one query per round.
    The highest row id is the latest round's: a cycle's rounds are stored one after the other."""
    latest = (
        select(func.max(RoundOutcome.id))
        .join(Round, Round.id == RoundOutcome.round_id)
        .where(Round.cycle_id == cycle_id, RoundOutcome.notified.is_(True))
        .group_by(RoundOutcome.application_id)
    )
    rows = await session.execute(
        select(
            RoundOutcome.application_id, RoundOutcome.status, RoundOutcome.reasons, RoundOutcome.waitlist_positions
        ).where(RoundOutcome.id.in_(latest))
    )
    return {app: notices.told(status, reasons, positions) for app, status, reasons, positions in rows}


# A national round writes hundreds of megabytes of JSON (reasons, in the rows and again in
# the events), much of it in values long enough for PostgreSQL to compress; lz4 compresses
# several times faster than the default pglz. Set for this transaction only, where the server
# has lz4; the values read back the same either way (each records how it was compressed).
_LZ4_FOR_THIS_TRANSACTION = text(
    "SELECT set_config('default_toast_compression', 'lz4', true) FROM pg_settings"
    " WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)"
)


async def fast_toast_compression(session: AsyncSession) -> None:
    if (await session.connection()).dialect.name == "postgresql":
        await session.execute(_LZ4_FOR_THIS_TRANSACTION)


class RoundStopped(Exception):
    """The round stopped running while it was stored: its transaction must roll back."""


async def _write_rows(
    session: AsyncSession,
    job: RoundJob,
    outcomes: RoundOutcomes,
    still_in: set[str],
    before: Mapping[str, notices.Told],
    source: str,
    progress: Progress | None,
) -> Counter[OutcomeStatus]:
    """Write the round's matches, outcomes and events, ``STORE_RANGE`` applicants at a time, in
    the outcomes' order; each range is built in a worker thread (CPU-bound at national scale:
    the heartbeat keeps beating) while the one before is written. The outcomes per status."""
    build = functools.partial(_rows_and_events, job, outcomes, still_in, before, utcnow(), source)
    counts: Counter[OutcomeStatus] = Counter()
    start = made = 0
    building = asyncio.ensure_future(asyncio.to_thread(build, 0, 0)) if len(outcomes) else None
    try:
        while building is not None:
            rows, events = await building
            # Declared dead meanwhile (its heartbeat late): stop now rather than at the completion.
            if await session.scalar(select(Round.status).where(Round.id == job.round_id)) != RoundStatus.RUNNING:
                raise RoundStopped(f"round {job.round_id} stopped running while it was stored (declared dead)")
            made += len(rows.matches)
            start += STORE_RANGE
            building = asyncio.ensure_future(asyncio.to_thread(build, start, made)) if start < len(outcomes) else None
            await bulk_insert(session, Match.__table__, MATCH_COLUMNS, rows.matches, encoded=MATCH_JSON)
            await bulk_insert(session, RoundOutcome.__table__, OUTCOME_COLUMNS, rows.outcomes, encoded=OUTCOME_JSON)
            await stage_rows(session, infra, events)
            counts.update(rows.counts)
            if progress is not None:
                progress.value = 0.85 + 0.15 * min(start, len(outcomes)) / len(outcomes)
    finally:
        if building is not None:  # a write failed: the range being built is not wanted
            building.cancel()
    return counts


async def store(
    session: AsyncSession, job: RoundJob, result: RoundResult, source: str = SOURCE, progress: Progress | None = None
) -> bool:
    """Write the round's outcomes, matches and events in the caller's transaction (a failure
    anywhere leaves nothing of them); False when the round is no longer running (declared
    dead meanwhile: a newer one owns the cycle), ``RoundStopped`` when it stopped while its
    rows were written (the caller's transaction must roll back). Every outcome is stored; an
    outcome event is staged only for news (``tells``). Rows and events go in bulk: COPY on
    PostgreSQL."""
    round_ = await session.get(Round, job.round_id)
    if round_.status != RoundStatus.RUNNING:
        return False
    # Still-unreviewed proposals of earlier rounds give way to this round's.
    await session.execute(
        update(Match)
        .where(Match.cycle_id == job.cycle.id, Match.status == MatchStatus.PROPOSED)
        .values(status=MatchStatus.SUPERSEDED, updated_at=utcnow())
    )
    with paused_gc():  # a national round's rows: see ``paused_gc``
        still_in = set(
            (
                await session.scalars(
                    select(PoolEntry.application_id).where(
                        PoolEntry.cycle_id == job.cycle.id, PoolEntry.status == PoolStatus.SUBMITTED
                    )
                )
            ).all()
        )
        before = await last_told(session, job.cycle.id)
        await fast_toast_compression(session)
        counts = await _write_rows(session, job, result.outcomes, still_in, before, source, progress)
    # Completed only if still running: the row is locked from here to the commit, not for the
    # whole store (a national round's takes tens of seconds), so the heartbeat and progress
    # written meanwhile are seen, and a round declared dead meanwhile leaves nothing behind.
    completed = await session.execute(
        update(Round)
        .where(Round.id == job.round_id, Round.status == RoundStatus.RUNNING)
        .values(
            status=RoundStatus.COMPLETED,
            progress=1.0,
            active_cycle_id=None,
            inputs_digest=result.inputs_digest,
            statistics=result.statistics,
            waitlist=result.waitlist,
            matched=counts[OutcomeStatus.MATCHED],
            waitlisted=counts[OutcomeStatus.WAITLISTED],
            unmatched=counts[OutcomeStatus.UNMATCHED],
            fixed=counts[OutcomeStatus.FIXED],
            finished_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    if completed.rowcount != 1:
        raise RoundStopped(f"round {job.round_id} stopped running while it was stored (its process was declared dead)")
    await add_event(
        session,
        infra,
        RoundCompleted(
            round_id=job.round_id,
            cycle_id=job.cycle.id,
            seed=round_.seed,
            matched=counts[OutcomeStatus.MATCHED],
            waitlisted=counts[OutcomeStatus.WAITLISTED],
            unmatched=counts[OutcomeStatus.UNMATCHED],
            inputs_digest=result.inputs_digest,
        ),
        source=source,
    )
    return True


# --- the worker -------------------------------------------------------------------------------


class RoundRunner:
    """The service's worker: each queued round runs in a task of this process. ``run``
    waits for the service to stop; ``stop`` cancels the rounds still running (they are
    marked failed) before the database closes."""

    name = "rounds"

    def __init__(self, db: Database, source: str = SOURCE):
        self.db = db
        self.source = source
        self.tasks: dict[str, asyncio.Task] = {}
        self._stopped = asyncio.Event()

    async def run(self) -> None:
        await self._stopped.wait()

    async def stop(self) -> None:
        self._stopped.set()
        for task in list(self.tasks.values()):
            task.cancel()
        for task in list(self.tasks.values()):
            with contextlib.suppress(BaseException):
                await asyncio.wait_for(task, 10)

    async def start(self, cycle_id: str, seed: int | None, started_by: str, incomplete_scores_ok: bool = True) -> Round:
        """Queue a round for the cycle and start running it (409 while another one is alive).
        Over incomplete scores too unless told otherwise: the API asks through ``start_checked``."""
        return (await self.start_checked(cycle_id, seed, started_by, incomplete_scores_ok))[0]

    async def start_checked(
        self,
        cycle_id: str,
        seed: int | None,
        started_by: str,
        incomplete_scores_ok: bool = False,
        *,
        once: Once | None = None,
        answer: Callable[[Round, ScoreCheck], Any] | None = None,
        after_round: str | None = None,
    ) -> tuple[Round, ScoreCheck] | StoredAnswer:
        """``start``, and what the round will rank by as its queueing found it; 409
        ``round.scores_incomplete`` unless ``incomplete_scores_ok`` when applications it would
        rank have fewer reviews than the scoresheet asks, or scores given to some would not
        count (``ScoreCheck.incomplete``). ``once``: the request's Idempotency-Key, its
        ``answer`` kept with the queued round; the same request again (a double click, a
        client's retry after a timeout) gets that answer back and starts nothing, even when
        the first round has completed meanwhile."""
        seed = secrets.randbelow(2**31) if seed is None else seed
        try:
            async with self.db.session() as session, session.begin():
                if once is not None:
                    kept = await reserve(
                        session, infra, principal=once.principal, key=once.key, fingerprint=once.fingerprint
                    )
                    if kept is not None:
                        return kept
                cycle = await session.get(Cycle, cycle_id)
                check = await readiness(session, cycle) if cycle is not None else ScoreCheck(0)
                if check.incomplete and not incomplete_scores_ok:
                    raise Conflict(
                        "round.scores_incomplete",
                        _incomplete_words(check),
                        "incomplete_scores_ok",
                        **check.as_json(),
                    )
                round_ = await queue(
                    session, cycle_id, seed, started_by, incomplete_scores_ok and check.incomplete, after_round
                )
                if once is not None and answer is not None:
                    await session.flush()
                    said = json_answer(202, answer(round_, check))
                    await complete(session, infra, principal=once.principal, key=once.key, answer=said)
        except IntegrityError:
            raise Conflict(
                "round.running", f"another round was just started for cycle {cycle_id}", "cycle_id"
            ) from None
        task = asyncio.create_task(self.execute(round_.id), name=f"round-{round_.id}")
        self.tasks[round_.id] = task
        task.add_done_callback(functools.partial(self._forget, round_.id))
        return round_, check

    def _forget(self, round_id: str, _task: asyncio.Task) -> None:
        self.tasks.pop(round_id, None)

    async def execute(self, round_id: str) -> None:
        """Run one queued round to its end: completed, or failed with the error."""
        progress = Progress()
        beat = functools.partial(self._beat, round_id, progress)
        heartbeat = Loop(f"round-heartbeat-{round_id}", beat, interval=HEARTBEAT_SECONDS)
        beating = asyncio.create_task(heartbeat.run(), name=f"round-heartbeat-{round_id}")
        started = time.perf_counter()
        try:
            async with self.db.session() as session, session.begin():
                job = await load(session, round_id)
            result = await asyncio.to_thread(compute, job, progress)
            async with self.db.session() as session, session.begin():
                await store(session, job, result, self.source, progress)
            MATCHING_ROUND_SECONDS.observe(time.perf_counter() - started)
            MATCHING_ROUNDS.labels("completed").inc()
        except RoundStopped as exc:
            log.warning("%s: nothing of it was stored", exc)
            MATCHING_ROUNDS.labels("stopped").inc()
        except asyncio.CancelledError:
            await self._mark_failed(round_id, "stopped with the service")
            MATCHING_ROUNDS.labels("failed").inc()
            raise
        except Exception as exc:
            log.exception("round %s failed", round_id)
            await self._mark_failed(round_id, f"{type(exc).__name__}: {exc}")
            MATCHING_ROUNDS.labels("failed").inc()
        finally:
            await heartbeat.stop()
            beating.cancel()
            with contextlib.suppress(BaseException):
                await beating

    async def _beat(self, round_id: str, progress: Progress) -> None:
        async with self.db.session() as session, session.begin():
            await session.execute(
                update(Round)
                .where(Round.id == round_id, Round.status == RoundStatus.RUNNING)
                .values(progress=round(progress.value, 3), heartbeat_at=utcnow())
            )

    async def _mark_failed(self, round_id: str, error: str) -> None:
        with contextlib.suppress(Exception):
            async with self.db.session() as session, session.begin():
                row = await session.get(Round, round_id)
                if row is not None and row.status in ACTIVE_ROUNDS:
                    fail(row, error)
