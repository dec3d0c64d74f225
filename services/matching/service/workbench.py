"""The officer workbench (issue 16): a round's waitlists with names and scores, the quota
matrix of a cycle, the cycle's application table (sorted, filtered, searched, paged in the
database, in the caller's scope), each officer's saved filters of that table, and one action
on the rows selected in it (invite to interview, assign reviewers), answered row by row."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, String, and_, case, cast, func, literal, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.matching.domain import engine
from services.matching.domain import workbench as shape
from services.matching.domain.catalog import sending_countries
from services.matching.domain.committee import DEFAULT_SPREAD_THRESHOLD
from services.matching.domain.inputs import engine_programme
from services.matching.domain.statuses import USING_STATES, PoolStatus
from services.matching.models import (
    ApplicantProfile,
    Cycle,
    Endorsement,
    HeldDocument,
    InterviewInvitation,
    Match,
    PoolEntry,
    Programme,
    QuotaRule,
    ReviewAssignment,
    Round,
    SavedFilter,
    Scheme,
)
from services.matching.service import committee, interviews, standing
from services.matching.service.pool import cycle_for_pool, pool_query
from services.matching.service.quota import Caps, programme_row
from shared.db import contains
from shared.errors import Conflict, Invalid, NotFound
from shared.paging import Paging
from shared.principal import Principal

# --- the waitlist with names --------------------------------------------------------------------


@dataclass(frozen=True)
class Waiting:
    position: int
    entry: PoolEntry
    profile: ApplicantProfile | None


async def waitlist_of(session: AsyncSession, round_: Round) -> list[tuple[Programme | None, str, list[Waiting]]]:
    """Each programme of the round's waitlists (programme, its id, the waiting in order)."""
    ids = [a for waiting in (round_.waitlist or {}).values() for a in waiting]
    entries = {
        e.application_id: e for e in (await session.scalars(select(PoolEntry).where(PoolEntry.application_id.in_(ids))))
    }
    profiles = {
        p.applicant_id: p
        for p in await session.scalars(
            select(ApplicantProfile).where(
                ApplicantProfile.applicant_id.in_({e.applicant_id for e in entries.values()})
            )
        )
    }
    programmes = {
        p.id: p for p in await session.scalars(select(Programme).where(Programme.id.in_(list(round_.waitlist or {}))))
    }
    out = []
    for programme_id, waiting in (round_.waitlist or {}).items():
        rows = [
            Waiting(n, entries[a], profiles.get(entries[a].applicant_id))
            for n, a in enumerate(waiting, start=1)
            if a in entries
        ]
        out.append((programmes.get(programme_id), programme_id, rows))
    out.sort(key=lambda t: (t[0].title if t[0] else t[1], t[1]))
    return out


# --- the quota matrix ---------------------------------------------------------------------------


async def quota_matrix(
    session: AsyncSession, cycle: Cycle
) -> tuple[dict[str, str], list[shape.Row], list[shape.CountryTotal], dict[str, int]]:
    """Programmes (by title) by sending country: the cycle's eligible countries and any in
    its pool; with each programme's title, and the places used by the status of their match."""
    programmes = (
        await session.scalars(select(Programme).where(Programme.cycle_id == cycle.id).order_by(Programme.title))
    ).all()
    rules = (
        await session.scalars(select(QuotaRule).where(QuotaRule.cycle_id == cycle.id).order_by(QuotaRule.id))
    ).all()
    matches = (
        await session.scalars(select(Match).where(Match.cycle_id == cycle.id, Match.status.in_(USING_STATES)))
    ).all()
    pool = (await session.scalars(select(PoolEntry).where(PoolEntry.cycle_id == cycle.id))).all()
    scheme = await session.get(Scheme, cycle.scheme_id)
    countries = set(sending_countries(cycle.eligible_countries, scheme.eligible_countries if scheme else []))
    countries |= {e.sending_country for e in pool if e.sending_country}
    eng = {p.id: engine_programme(programme_row(p)) for p in programmes}
    applicants = {
        e.application_id: engine.Applicant(
            id=e.application_id,
            choices=tuple(e.choices),
            score=0.0,
            attrs={"sending_country": e.sending_country, "applicant_type": e.applicant_type},
        )
        for e in pool
    }
    caps = Caps(rules).make(list(eng.values()), list(applicants.values()))
    counted = [m for m in matches if m.application_id in applicants and m.programme_id in eng]
    placed = [(applicants[m.application_id], eng[m.programme_id]) for m in counted]
    rows, totals = shape.matrix([eng[p.id] for p in programmes], sorted(countries), caps, placed)
    return {p.id: p.title for p in programmes}, rows, totals, shape.held_by_status(m.status for m in counted)


# --- the application table ----------------------------------------------------------------------


@dataclass(frozen=True)
class TableFilters:
    statuses: tuple[str, ...] = ()  # only rows of one of these shown statuses, when any
    country: str | None = None
    search: str | None = None  # the name or the application id contains it
    application_ids: tuple[str, ...] = ()  # only these (the rows an officer selected), when any
    documents_rejected: bool = False  # only those with a rejected document not yet replaced
    endorsed: bool = False  # under an endorsement stage, only the endorsed (those a round may place)
    invited: bool | None = None  # only those invited to an interview (True) or not yet (False)


@dataclass(frozen=True)
class TableRow:
    entry: PoolEntry
    name: str
    home_institution: str | None
    status: str
    programme_id: str | None
    documents_rejected: tuple[str, ...]
    committee_hidden: bool
    reviews_submitted: int
    spread: float | None
    flags: tuple[str, ...]
    # the home institution's decision (EndorsementState) and the cohort it endorsed with
    endorsement: str | None = None
    cohort: str | None = None
    passport_name: str | None = None  # in Latin letters, when the applicant gave it


SORTS = ("name", "country", "home", "choices", "status", "documents", "score", "grade", "flags", "received")


async def table_page(
    session: AsyncSession,
    caller: Principal,
    cycle_id: str,
    filters: TableFilters,
    sort: str,
    descending: bool,
    paging: Paging,
) -> tuple[Cycle, list[TableRow], int]:
    """One page of the cycle's applications the caller sees (``pool.pool_query``), sorted by
    any column. A reviewer's not yet submitted applications sort as if unscored (their
    committee score and spread are withheld, so the order must not tell them either)."""
    cycle = await cycle_for_pool(session, caller, cycle_id)
    hidden = await committee.scores_hidden_from(session, caller)
    sheet = await committee.scoresheet_for(session, cycle)
    threshold = sheet.spread_threshold if sheet else DEFAULT_SPREAD_THRESHOLD
    live = standing.live_matches(cycle.id)
    held = (
        select(HeldDocument.application_id.label("application_id"), func.count().label("n"))
        .group_by(HeldDocument.application_id)
        .subquery()
    )
    reviews = (
        select(
            ReviewAssignment.application_id.label("application_id"),
            func.count().label("n"),
            (func.max(ReviewAssignment.composite) - func.min(ReviewAssignment.composite)).label("spread"),
        )
        .where(
            ReviewAssignment.cycle_id == cycle.id,
            ReviewAssignment.active,
            ReviewAssignment.composite.is_not(None),
        )
        .group_by(ReviewAssignment.application_id)
        .subquery()
    )
    is_hidden: ColumnElement[bool] = PoolEntry.application_id.in_(hidden) if hidden else literal(False)
    status, joined = standing.shown_status(cycle.id, live)
    documents = func.coalesce(held.c.n, 0)
    spread = case((and_(~is_hidden, func.coalesce(reviews.c.n, 0) > 1), reviews.c.spread), else_=None)
    score = case((is_hidden, None), else_=PoolEntry.committee_score)
    flagged = (
        case((documents > 0, 1), else_=0)
        + case((func.coalesce(spread, 0) > threshold, 1), else_=0)
        + case((PoolEntry.status != PoolStatus.SUBMITTED, 1), else_=0)
    )
    columns: dict[str, Any] = {
        "name": func.lower(func.coalesce(ApplicantProfile.name, "")),
        "country": PoolEntry.sending_country,
        "home": func.lower(func.coalesce(ApplicantProfile.home_institution, "")),
        "choices": cast(PoolEntry.choices, String),
        "status": status,
        "documents": documents,
        "score": score,
        "grade": PoolEntry.grade,
        "flags": flagged,
        "received": PoolEntry.received_at,
    }
    query = (
        (await pool_query(session, caller, cycle, None, filters.country, filters.endorsed))
        .add_columns(
            ApplicantProfile.name,
            ApplicantProfile.passport_name,
            ApplicantProfile.home_institution,
            status.label("shown_status"),
            live.c.programme_id,
            func.coalesce(reviews.c.n, 0).label("reviews_n"),
            spread.label("shown_spread"),
            Endorsement.state,
            Endorsement.cohort,
        )
        .outerjoin(ApplicantProfile, ApplicantProfile.applicant_id == PoolEntry.applicant_id)
        .outerjoin(held, held.c.application_id == PoolEntry.application_id)
        .outerjoin(reviews, reviews.c.application_id == PoolEntry.application_id)
    )
    query = joined(query)
    # the total counts the same rows without the joins no filter needs (each join is one row
    # per application at most, so it neither adds nor drops one)
    counted = (await pool_query(session, caller, cycle, None, filters.country, filters.endorsed)).with_only_columns(
        PoolEntry.application_id
    )
    if filters.statuses:
        query = query.where(status.in_(filters.statuses))
        counted = joined(counted).where(status.in_(filters.statuses))
    if filters.invited is not None:
        invited = PoolEntry.application_id.in_(select(InterviewInvitation.application_id))
        query = query.where(invited if filters.invited else ~invited)
        counted = counted.where(invited if filters.invited else ~invited)
    if filters.documents_rejected:
        query = query.where(held.c.n > 0)
        counted = counted.join(held, held.c.application_id == PoolEntry.application_id)
    if filters.application_ids:
        query = query.where(PoolEntry.application_id.in_(filters.application_ids))
        counted = counted.where(PoolEntry.application_id.in_(filters.application_ids))
    if filters.search and filters.search.strip():
        pattern = contains(filters.search.strip())
        found = or_(
            func.lower(func.coalesce(ApplicantProfile.name, "")).like(pattern, escape="\\"),
            func.lower(func.coalesce(ApplicantProfile.passport_name, "")).like(pattern, escape="\\"),
            func.lower(PoolEntry.application_id).like(pattern, escape="\\"),
        )
        query = query.where(found)
        counted = counted.outerjoin(ApplicantProfile, ApplicantProfile.applicant_id == PoolEntry.applicant_id).where(
            found
        )
    column = columns[sort]
    first = column.desc().nulls_last() if descending else column.asc().nulls_last()
    total = int(await session.scalar(select(func.count()).select_from(counted.subquery())) or 0)
    rows = (
        await session.execute(query.order_by(first, PoolEntry.application_id).offset(paging.offset).limit(paging.limit))
    ).all()
    kinds = await _held_kinds(session, [r[0].application_id for r in rows])
    out = []
    for entry, name, passport_name, home, shown_status, programme_id, n_reviews, shown_spread, endorsed, cohort in rows:
        rejected = kinds.get(entry.application_id, ())
        flags = []
        if rejected:
            flags.append("documents_rejected")
        if shown_spread is not None and shown_spread > threshold:
            flags.append("score_spread")
        if entry.status != PoolStatus.SUBMITTED:
            flags.append(str(entry.status))
        out.append(
            TableRow(
                entry=entry,
                name=name or "",
                home_institution=home,
                status=str(shown_status),
                programme_id=programme_id,
                documents_rejected=rejected,
                committee_hidden=entry.application_id in hidden,
                reviews_submitted=int(n_reviews or 0),
                spread=None if shown_spread is None else round(float(shown_spread), 2),
                flags=tuple(flags),
                endorsement=endorsed,
                cohort=cohort,
                passport_name=passport_name,
            )
        )
    return cycle, out, total


async def _held_kinds(session: AsyncSession, application_ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
    if not application_ids:
        return {}
    found: dict[str, set[str]] = {}
    for application_id, kind in await session.execute(
        select(HeldDocument.application_id, HeldDocument.kind).where(HeldDocument.application_id.in_(application_ids))
    ):
        found.setdefault(application_id, set()).add(kind)
    return {a: tuple(sorted(k)) for a, k in found.items()}


# --- saved filters -------------------------------------------------------------------------------

MAX_SAVED_FILTERS = 50  # per officer and cycle
NAME_MAX = 80
# what a saved filter holds: the table's own parameters (checked by the API's schema)
FILTER_KEYS = ("status", "sending_country", "q", "sort", "order")


async def saved_filters(session: AsyncSession, caller: Principal, cycle_id: str) -> list[SavedFilter]:
    """The caller's saved filters of the cycle's table, by name (nobody else's)."""
    cycle = await cycle_for_pool(session, caller, cycle_id)
    return list(
        (
            await session.scalars(
                select(SavedFilter)
                .where(SavedFilter.owner == caller.sub, SavedFilter.cycle_id == cycle.id)
                .order_by(func.lower(SavedFilter.name), SavedFilter.id)
            )
        ).all()
    )


async def save_filter(
    session: AsyncSession, caller: Principal, cycle_id: str, name: str, filters: Mapping[str, str]
) -> SavedFilter:
    """Keep the table's current filter under a name (1..80 characters once trimmed, unique for
    this officer and cycle whatever the letter case; at most 50 per officer and cycle)."""
    cycle = await cycle_for_pool(session, caller, cycle_id)
    name = " ".join(name.split())
    if not 1 <= len(name) <= NAME_MAX:
        raise Invalid("saved_filter.name_length", f"a name is 1 to {NAME_MAX} characters", "name")
    for field, text in (("name", name), *((f"filters.{k}", v) for k, v in filters.items())):
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in text):
            raise Invalid("saved_filter.control_characters", "must not contain control characters", field)
    mine = (
        await session.scalars(
            select(SavedFilter).where(SavedFilter.owner == caller.sub, SavedFilter.cycle_id == cycle.id)
        )
    ).all()
    if any(f.name.casefold() == name.casefold() for f in mine):
        raise Conflict("saved_filter.name_taken", f"you already have a filter named {name!r} here", "name")
    if len(mine) >= MAX_SAVED_FILTERS:
        raise Conflict(
            "saved_filter.too_many",
            f"at most {MAX_SAVED_FILTERS} saved filters per cycle: delete one first",
            "name",
            limit=MAX_SAVED_FILTERS,
        )
    row = SavedFilter(
        id=str(uuid.uuid4()),
        owner=caller.sub,
        cycle_id=cycle.id,
        name=name,
        filters={k: v for k, v in filters.items() if k in FILTER_KEYS and v},
    )
    try:
        async with session.begin_nested():  # the same name saved twice at once: one wins
            session.add(row)
    except IntegrityError:
        raise Conflict("saved_filter.name_taken", f"you already have a filter named {name!r} here", "name") from None
    return row


async def delete_filter(session: AsyncSession, caller: Principal, cycle_id: str, filter_id: str) -> None:
    """Delete one of the caller's saved filters (another officer's is not found)."""
    cycle = await cycle_for_pool(session, caller, cycle_id)
    row = await session.get(SavedFilter, filter_id)
    if row is None or row.owner != caller.sub or row.cycle_id != cycle.id:
        raise NotFound("saved_filter.not_found", f"no saved filter {filter_id} of yours in {cycle.id}", "filter_id")
    await session.delete(row)


# --- actions on the selected rows --------------------------------------------------------------

MAX_SELECTED = 500


class BulkAction(StrEnum):
    INVITE = "invite"  # to interview
    ASSIGN = "assign"  # reviewers, the scoresheet's number each


class Outcome(StrEnum):
    DONE = "done"
    UNCHANGED = "unchanged"  # already so: nothing to do
    REFUSED = "refused"


@dataclass(frozen=True)
class RowResult:
    application_id: str
    outcome: Outcome
    code: str  # a stable machine code: what was done, or why not
    detail: str
    reviewers: tuple[str, ...] = ()  # the reviewers' names an assignment added


async def act_on_selected(
    session: AsyncSession,
    caller: Principal,
    cycle_id: str,
    action: BulkAction,
    application_ids: Sequence[str],
    source: str,
) -> list[RowResult]:
    """One action on the rows an officer selected, each row answered: done, unchanged (already
    so) or refused with the reason. Rows the caller does not see in this cycle's table are
    refused as not found, never acted on."""
    ids = list(dict.fromkeys(application_ids))
    if not ids:
        raise Invalid("bulk.nothing_selected", "select at least one application", "application_ids")
    if len(ids) > MAX_SELECTED:
        raise Invalid("bulk.too_many", f"at most {MAX_SELECTED} applications at once", "application_ids")
    cycle = await cycle_for_pool(session, caller, cycle_id)
    query = (await pool_query(session, caller, cycle)).where(PoolEntry.application_id.in_(ids))
    seen = {e.application_id: e for e in (await session.scalars(query)).all()}
    results: dict[str, RowResult] = {
        a: RowResult(a, Outcome.REFUSED, "pool.not_found", "not in this cycle's applications you see")
        for a in ids
        if a not in seen
    }
    entries = [seen[a] for a in ids if a in seen]
    if action is BulkAction.INVITE:
        results |= await _invite(session, caller, cycle, entries, source)
    else:
        results |= await _assign(session, caller, cycle, entries)
    return [results[a] for a in ids]


async def _invite(
    session: AsyncSession, caller: Principal, cycle: Cycle, entries: Sequence[PoolEntry], source: str
) -> dict[str, RowResult]:
    out: dict[str, RowResult] = {}
    ids = [e.application_id for e in entries]
    invited = set(
        (
            await session.scalars(
                select(InterviewInvitation.application_id).where(InterviewInvitation.application_id.in_(ids))
            )
        ).all()
    )
    shown = await standing.standing_of(session, cycle.id, ids)
    eligible = []
    for e in entries:
        if e.status == PoolStatus.WITHDRAWN:
            out[e.application_id] = RowResult(
                e.application_id, Outcome.REFUSED, "interview.withdrawn", "the application was withdrawn"
            )
        elif (now := shown.get(e.application_id)) in standing.OUT_OF_THE_RUNNING:
            out[e.application_id] = RowResult(
                e.application_id, Outcome.REFUSED, "interview.out_of_the_running", f"no longer in the running ({now})"
            )
        elif e.application_id in invited:
            out[e.application_id] = RowResult(
                e.application_id, Outcome.UNCHANGED, "interview.already_invited", "already invited to interview"
            )
        else:
            eligible.append(e.application_id)
    if eligible:
        created = {i.application_id for i in await interviews.invite(session, caller, cycle.id, eligible, source)}
        for a in eligible:
            out[a] = (
                RowResult(a, Outcome.DONE, "interview.invited", "invited to interview")
                if a in created
                else RowResult(a, Outcome.UNCHANGED, "interview.already_invited", "already invited to interview")
            )
    return out


async def _assign(
    session: AsyncSession, caller: Principal, cycle: Cycle, entries: Sequence[PoolEntry]
) -> dict[str, RowResult]:
    """The scoresheet's number of reviewers for each selected submitted application, by the
    same even rule as a whole cycle's assignment (domain/committee.py ``assign``)."""
    await committee.cycle_in_scope(session, caller, cycle.id)
    out: dict[str, RowResult] = {}
    submitted = []
    shown = await standing.standing_of(session, cycle.id, [e.application_id for e in entries])
    for e in entries:
        if e.status != PoolStatus.SUBMITTED:
            out[e.application_id] = RowResult(
                e.application_id,
                Outcome.REFUSED,
                "assignment.not_submitted",
                f"only a submitted application is reviewed (this one is {e.status})",
            )
        elif (now := shown.get(e.application_id)) in standing.OUT_OF_THE_RUNNING:
            out[e.application_id] = RowResult(
                e.application_id,
                Outcome.REFUSED,
                "assignment.out_of_the_running",
                f"no longer in the running ({now}): nothing to score it for",
            )
        else:
            submitted.append(e)
    if not submitted:
        return out
    result = await committee.assign_entries(session, caller, cycle, submitted)
    added: dict[str, list[str]] = {}
    for row in result.created:
        added.setdefault(row.application_id, []).append(result.names.get(row.reviewer_id, "") or row.reviewer_id)
    for e in submitted:
        a = e.application_id
        got, short = tuple(added.get(a, ())), result.short.get(a, 0)
        if short:
            detail = f"{short} reviewer(s) still missing: no other eligible reviewer (own institution or a conflict)"
            out[a] = RowResult(a, Outcome.REFUSED, "assignment.no_reviewers", detail, got)
        elif got:
            out[a] = RowResult(a, Outcome.DONE, "assignment.assigned", f"{len(got)} reviewer(s) assigned", got)
        else:
            out[a] = RowResult(
                a,
                Outcome.UNCHANGED,
                "assignment.complete",
                f"already has {result.per_application} reviewer(s)",
            )
    return out
