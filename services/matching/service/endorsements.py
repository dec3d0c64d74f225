"""Endorsement by the home institution (issue 14): a home institution's coordinator reads its
applicants in a cycle and endorses them or not, one at a time or as a named cohort.

Each change is told at once (``endorsement.decided``, a new version, through the outbox) and
journaled. The requested applications' pool rows are locked (SELECT ... FOR UPDATE) for the
transaction, so two coordinators (or instances) deciding about the same application are
serialised and each version is told once. Rounds, and a nomination stage after this one,
see endorsed applications only (``endorsed_only``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.matching.domain import endorsements as rules
from services.matching.domain.endorsements import Decision, Requested
from services.matching.domain.journal import Action
from services.matching.domain.statuses import MatchStatus, PoolStatus
from services.matching.models import (
    Cycle,
    Endorsement,
    HeldDocument,
    Institution,
    Match,
    Nomination,
    PoolEntry,
    Scheme,
    StaffAccount,
    infra,
)
from services.matching.service import journal
from services.matching.service.common import SOURCE, get_or_not_found, name_found, names_and_languages, outside_scope
from shared.clock import aware, aware_or_none, utcnow
from shared.errors import Conflict
from shared.events.catalog import EndorsementDecided, EndorsementState
from shared.outbox import add_event
from shared.paging import Paging
from shared.principal import Principal
from shared.scope import endorses_for, home_filter, reads_endorsements

SORTS = ("name", "grade", "received_at", "state")
UNDECIDED = "undecided"
# a match in one of these has placed the application: its endorsement stands
PLACED = (MatchStatus.PROPOSED, MatchStatus.WITH_HOST, MatchStatus.APPROVED, MatchStatus.ACCEPTED)


@dataclass(frozen=True)
class Context:
    cycle: Cycle
    scheme: Scheme
    institution: Institution


async def context(session: AsyncSession, cycle_id: str, institution_id: str) -> Context:
    """The cycle, its scheme (which must have an endorsement stage) and the home institution."""
    cycle = await get_or_not_found(session, Cycle, cycle_id, field="cycle_id", what="cycle")
    scheme = await get_or_not_found(session, Scheme, cycle.scheme_id, field="cycle_id", what="scheme")
    if not rules.has_endorsement_stage(scheme.path):
        msg = f"scheme {scheme.id!r} has no endorsement stage"
        raise Conflict("endorsement.no_stage", msg, "cycle_id", scheme_id=scheme.id)
    institution = await get_or_not_found(
        session, Institution, institution_id, field="institution_id", what="institution"
    )
    return Context(cycle, scheme, institution)


def _require_reader(caller: Principal, ctx: Context) -> None:
    if not reads_endorsements(caller, ctx.scheme.id, ctx.institution.id):
        raise outside_scope(f"endorsements of {ctx.institution.id} in scheme {ctx.scheme.id}", "institution_id")


def endorsed_ids(cycle_id: str) -> Select:
    """The endorsed applications of the cycle (a subquery): what rounds, and a nomination
    stage after endorsement, see."""
    return select(Endorsement.application_id).where(
        Endorsement.cycle_id == cycle_id, Endorsement.state == EndorsementState.ENDORSED
    )


async def endorsed_only(session: AsyncSession, cycle: Cycle) -> Select | None:
    """Under an endorsement stage, the applications that passed the home institution's
    endorsement (a subquery); None when the cycle's scheme has none (every one passes).
    Reviewers and interviews are not spent on the others: no round would place them. (A
    nomination stage after it does not narrow this: the authority ranks its candidates with
    the committee's scores.)"""
    scheme = await session.get(Scheme, cycle.scheme_id)
    if scheme is None or not rules.has_endorsement_stage(scheme.path):
        return None
    return endorsed_ids(cycle.id)


async def endorsed_among(session: AsyncSession, cycle: Cycle, application_ids: Sequence[str]) -> set[str] | None:
    """Which of these applications ``endorsed_only`` keeps (None: every one)."""
    endorsed = await endorsed_only(session, cycle)
    if endorsed is None or not application_ids:
        return None if endorsed is None else set()
    return set((await session.scalars(endorsed.where(Endorsement.application_id.in_(list(application_ids))))).all())


async def _pool(session: AsyncSession, ctx: Context) -> list[PoolEntry]:
    """The institution's applications in the cycle (withdrawn ones gone)."""
    query = select(PoolEntry).where(
        PoolEntry.cycle_id == ctx.cycle.id,
        PoolEntry.home_institution_id == ctx.institution.id,
        PoolEntry.status == PoolStatus.SUBMITTED,
    )
    return list((await session.scalars(query)).all())


async def _rows(session: AsyncSession, ids: Sequence[str]) -> dict[str, Endorsement]:
    if not ids:
        return {}
    found = await session.scalars(select(Endorsement).where(Endorsement.application_id.in_(list(ids))))
    return {r.application_id: r for r in found.all()}


def _decision(row: Endorsement) -> Decision:
    return Decision(EndorsementState(row.state), row.reason, row.cohort)


def _open(ctx: Context) -> bool:
    closes = aware_or_none(ctx.cycle.endorsement_closes_at)
    return closes is None or utcnow() < closes


async def _endorsers_by_institution(session: AsyncSession, scheme_id: str) -> Counter[str]:
    """How many active coordinator accounts endorse for each home institution in the scheme (as
    ``shared.scope.endorses_for`` reads a token): one without any waits for nobody."""
    coordinators = await session.scalars(
        select(StaffAccount).where(StaffAccount.role == "coordinator", StaffAccount.active.is_(True))
    )
    return Counter(i for a in coordinators.all() if not a.schemes or scheme_id in a.schemes for i in a.institutions)


async def endorsing_institutions(session: AsyncSession, scheme_id: str) -> list[str]:
    """The home institutions with an active coordinator account in the scheme: an applicant
    choosing another waits for an endorsement nobody can give."""
    await get_or_not_found(session, Scheme, scheme_id, field="scheme_id", what="scheme")
    return sorted(await _endorsers_by_institution(session, scheme_id))


async def summary(session: AsyncSession, ctx: Context, endorsers: Counter[str] | None = None) -> dict[str, Any]:
    """``endorsers``: the scheme's coordinator accounts per institution, when already read."""
    pool = [e.application_id for e in await _pool(session, ctx)]
    rows = await _rows(session, pool)
    if endorsers is None:
        endorsers = await _endorsers_by_institution(session, ctx.scheme.id)
    return {
        "endorsers": endorsers[ctx.institution.id],
        "cycle_id": ctx.cycle.id,
        "scheme_id": ctx.scheme.id,
        "home_institution_id": ctx.institution.id,
        "institution": ctx.institution.name,
        "institution_translations": dict(ctx.institution.translations or {}),
        **rules.counts((_decision(r) for r in rows.values()), len(pool)),
        "closes_at": aware_or_none(ctx.cycle.endorsement_closes_at),
        "open": _open(ctx),
    }


async def visible_summary(session: AsyncSession, caller: Principal, cycle_id: str, institution_id: str) -> dict:
    ctx = await context(session, cycle_id, institution_id)
    _require_reader(caller, ctx)
    return await summary(session, ctx)


async def visible_lists(session: AsyncSession, caller: Principal, cycle_id: str) -> list[dict[str, Any]]:
    """A summary per home institution the caller may read: a coordinator's own institutions;
    for officers, every home institution with applicants in the cycle. Empty when the scheme
    has no endorsement stage."""
    cycle = await get_or_not_found(session, Cycle, cycle_id, field="cycle_id", what="cycle")
    scheme = await session.get(Scheme, cycle.scheme_id)
    if scheme is None or not rules.has_endorsement_stage(scheme.path):
        return []
    own = home_filter(caller)
    if own is not None:
        ids = set(own)
    else:
        pooled = await session.scalars(
            select(PoolEntry.home_institution_id).where(
                PoolEntry.cycle_id == cycle_id, PoolEntry.home_institution_id.is_not(None)
            )
        )
        ids = {i for i in pooled.all() if i}
    out = []
    endorsers = await _endorsers_by_institution(session, scheme.id)  # once for the list, not per institution
    for institution in (await session.scalars(select(Institution).where(Institution.id.in_(ids)))).all():
        ctx = Context(cycle, scheme, institution)
        if reads_endorsements(caller, scheme.id, institution.id):
            out.append(await summary(session, ctx, endorsers))
    return sorted(out, key=lambda s: s["institution"].casefold())


def _sort_key(sort: str, item: dict[str, Any]) -> Any:
    if sort == "name":
        return item["applicant_name"].casefold()
    if sort == "state":
        return item["state"] or UNDECIDED
    return item[sort]


async def candidates(
    session: AsyncSession,
    caller: Principal,
    cycle_id: str,
    institution_id: str,
    *,
    sort: str = "name",
    order: str = "asc",
    state: str | None = None,
    q: str | None = None,
    paging: Paging,
) -> tuple[list[dict[str, Any]], int]:
    """One page of the institution's applicants in the cycle as a table, and how many rows
    match. An institution's applicants are tens or hundreds: read once and sorted here."""
    ctx = await context(session, cycle_id, institution_id)
    _require_reader(caller, ctx)
    pool = await _pool(session, ctx)
    ids = [e.application_id for e in pool]
    rows = await _rows(session, ids)
    names, languages, passports = await names_and_languages(session, [e.applicant_id for e in pool])
    settled = await _settled(session, ids)
    held: dict[str, set[str]] = {}
    for app, kind in await session.execute(
        select(HeldDocument.application_id, HeldDocument.kind).where(HeldDocument.application_id.in_(ids))
    ):
        held.setdefault(app, set()).add(kind)
    items: list[dict[str, Any]] = []
    for e in pool:
        row = rows.get(e.application_id)
        items.append(
            {
                "application_id": e.application_id,
                "applicant_id": e.applicant_id,
                "applicant_name": names.get(e.applicant_id, ""),
                "passport_name": passports.get(e.applicant_id),
                # a decline's reason reaches the applicant as written: in which language
                "messages_language": languages.get(e.applicant_id),
                "applicant_type": e.applicant_type,
                "grade": e.grade,
                "language_certificates": list(e.language_certificates or []),
                "choices": list(e.choices),
                "held_documents": sorted(held.get(e.application_id, set())),
                "state": EndorsementState(row.state) if row else None,
                "reason": row.reason if row else None,
                "cohort": row.cohort if row else None,
                "version": row.version if row else 0,
                "settled": e.application_id in settled,
                "received_at": aware(e.received_at),
                "decided_at": aware(row.updated_at) if row else None,
            }
        )
    if state:
        items = [i for i in items if (i["state"] or UNDECIDED) == state]
    if q:
        needle = q.casefold()
        items = [i for i in items if name_found(needle, i["applicant_name"], i["passport_name"])]
    present = sorted((i for i in items if _sort_key(sort, i) is not None), key=lambda i: i["application_id"])
    present.sort(key=lambda i: _sort_key(sort, i), reverse=order == "desc")
    absent = sorted((i for i in items if _sort_key(sort, i) is None), key=lambda i: i["application_id"])
    ordered = present + absent  # empty values last in either order
    return ordered[paging.offset : paging.offset + paging.limit], len(ordered)


async def _settled(session: AsyncSession, ids: Sequence[str]) -> set[str]:
    """Of ``ids``, the applications already nominated (a told decision) or placed."""
    if not ids:
        return set()
    told = await session.scalars(
        select(Nomination.application_id).where(Nomination.application_id.in_(list(ids)), Nomination.version > 0)
    )
    placed = await session.scalars(
        select(Match.application_id).where(Match.application_id.in_(list(ids)), Match.status.in_(PLACED))
    )
    return set(told.all()) | set(placed.all())


async def decide(
    session: AsyncSession,
    caller: Principal,
    cycle_id: str,
    institution_id: str,
    requested: Sequence[Requested],
    *,
    cohort: str | None = None,
    source: str = SOURCE,
) -> dict[str, Any]:
    """Endorse (or not) the requested applications; each whose decision changed is told."""
    ctx = await context(session, cycle_id, institution_id)
    if not endorses_for(caller, ctx.scheme.id, ctx.institution.id):
        raise outside_scope(f"endorsements of {ctx.institution.id} in scheme {ctx.scheme.id}", "institution_id")
    if not _open(ctx):
        closes = aware(ctx.cycle.endorsement_closes_at)
        msg = f"endorsements for cycle {ctx.cycle.id} closed at {closes.isoformat()}"
        raise Conflict("endorsement.closed", msg, "cycle_id", closes_at=closes.isoformat())
    wanted = [r.application_id for r in requested]
    locked = await session.scalars(
        select(PoolEntry)
        .where(
            PoolEntry.application_id.in_(wanted),
            PoolEntry.cycle_id == ctx.cycle.id,
            PoolEntry.home_institution_id == ctx.institution.id,
            PoolEntry.status == PoolStatus.SUBMITTED,
        )
        .order_by(PoolEntry.application_id)  # one lock order: two requests never deadlock
        .with_for_update()
    )
    entries = {e.application_id: e for e in locked.all()}
    rules.check(requested, entries, await _settled(session, list(entries)))
    rows = await _rows(session, wanted)
    before = {app: _decision(r) for app, r in rows.items()}
    stale = rules.seen_otherwise(requested, before)
    if stale:  # the pool entries are locked: what was seen is compared with what stands
        i, app, now_state = stale[0]
        said = now_state.replace("_", " ") if now_state else "undecided"
        raise Conflict(
            "endorsement.changed",
            f"application {app} was decided meanwhile: it is {said} now; nothing was changed",
            f"decisions.{i}.was",
            application_id=app,
            state=now_state or None,
        )
    after = rules.decided(requested, cohort)
    now = utcnow()
    for app in rules.changed(before, after):
        d, row, entry = after[app], rows.get(app), entries[app]
        if row is None:
            row = Endorsement(
                application_id=app,
                cycle_id=ctx.cycle.id,
                home_institution_id=ctx.institution.id,
                state=d.state,
                version=0,
                decided_by=caller.sub,
            )
            session.add(row)
        row.state, row.reason, row.cohort = d.state.value, d.reason, d.cohort
        row.version += 1
        row.decided_by, row.updated_at = caller.sub, now
        event = EndorsementDecided(
            application_id=app,
            applicant_id=entry.applicant_id,
            cycle_id=ctx.cycle.id,
            scheme_id=ctx.scheme.id,
            home_institution_id=ctx.institution.id,
            institution=ctx.institution.name,
            state=d.state,
            reason=d.reason,
            cohort=d.cohort,
            version=row.version,
        )
        await add_event(session, infra, event, source=source, subject=f"application:{app}")
        was = before.get(app)
        journal.record(
            session,
            caller,
            Action.ENDORSEMENT_DECIDED,
            subject=f"endorsement:{app}",
            scheme_id=ctx.scheme.id,
            cycle_id=ctx.cycle.id,
            application_id=app,
            before={"state": was.state.value, "cohort": was.cohort} if was else None,
            after={"state": d.state.value, "cohort": d.cohort, "version": row.version, "home": ctx.institution.id},
            reason=d.reason,
        )
    await session.flush()
    return await summary(session, ctx)
