"""The officer workbench's reads (issue 16): a round's waitlists with names and scores, the
quota matrix of a cycle, and the cycle's application table (sorted, filtered, searched,
paged in the database, in the caller's scope)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, String, and_, case, cast, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.matching.domain import engine
from services.matching.domain import workbench as shape
from services.matching.domain.catalog import sending_countries
from services.matching.domain.committee import DEFAULT_SPREAD_THRESHOLD
from services.matching.domain.inputs import engine_programme
from services.matching.domain.statuses import LIVE, USING_STATES, PoolStatus
from services.matching.models import (
    ApplicantProfile,
    Cycle,
    Endorsement,
    HeldDocument,
    Match,
    PoolEntry,
    Programme,
    QuotaRule,
    ReviewAssignment,
    Round,
    Scheme,
)
from services.matching.service import committee
from services.matching.service.pool import cycle_for_pool, pool_query
from services.matching.service.quota import Caps, programme_row
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
) -> tuple[dict[str, str], list[shape.Row], list[shape.CountryTotal]]:
    """Programmes (by title) by sending country: the cycle's eligible countries and any in
    its pool; with each programme's title."""
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
    placed = [
        (applicants[m.application_id], eng[m.programme_id])
        for m in matches
        if m.application_id in applicants and m.programme_id in eng
    ]
    rows, totals = shape.matrix([eng[p.id] for p in programmes], sorted(countries), caps, placed)
    return {p.id: p.title for p in programmes}, rows, totals


# --- the application table ----------------------------------------------------------------------


@dataclass(frozen=True)
class TableFilters:
    status: str | None = None
    country: str | None = None
    search: str | None = None  # the name or the application id contains it


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
    live = (
        select(
            Match.application_id.label("application_id"),
            func.min(Match.status).label("status"),
            func.min(Match.programme_id).label("programme_id"),
        )
        .where(Match.cycle_id == cycle.id, Match.status.in_(LIVE))
        .group_by(Match.application_id)
        .subquery()
    )
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
    status = func.coalesce(live.c.status, PoolEntry.status)
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
        (await pool_query(session, caller, cycle, None, filters.country))
        .add_columns(
            ApplicantProfile.name,
            ApplicantProfile.home_institution,
            status.label("shown_status"),
            live.c.programme_id,
            func.coalesce(reviews.c.n, 0).label("reviews_n"),
            spread.label("shown_spread"),
            Endorsement.state,
            Endorsement.cohort,
        )
        .outerjoin(ApplicantProfile, ApplicantProfile.applicant_id == PoolEntry.applicant_id)
        .outerjoin(Endorsement, Endorsement.application_id == PoolEntry.application_id)
        .outerjoin(live, live.c.application_id == PoolEntry.application_id)
        .outerjoin(held, held.c.application_id == PoolEntry.application_id)
        .outerjoin(reviews, reviews.c.application_id == PoolEntry.application_id)
    )
    if filters.status:
        query = query.where(status == filters.status)
    if filters.search and filters.search.strip():
        pattern = f"%{filters.search.strip().casefold()}%"
        query = query.where(
            or_(
                func.lower(func.coalesce(ApplicantProfile.name, "")).like(pattern),
                func.lower(PoolEntry.application_id).like(pattern),
            )
        )
    column = columns[sort]
    first = column.desc().nulls_last() if descending else column.asc().nulls_last()
    total = int(await session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0)
    rows = (
        await session.execute(query.order_by(first, PoolEntry.application_id).offset(paging.offset).limit(paging.limit))
    ).all()
    kinds = await _held_kinds(session, [r[0].application_id for r in rows])
    out = []
    for entry, name, home, shown_status, programme_id, n_reviews, shown_spread, endorsed, cohort in rows:
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
