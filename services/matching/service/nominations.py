"""Nominations (issue 14): a sending country's nominating authority ranks its national pool
and publishes nominees (at most the country's allocation) and a ranked reserve list.

Every change to a country's nominations first locks its ``NominationList`` row (SELECT ...
FOR UPDATE; the row is created on first use with INSERT ... ON CONFLICT DO NOTHING), so two
instances saving, publishing or withdrawing at once are serialised and never together
exceed the allocation. A draft is never told; a publication tells each application whose
decision changed, and so does every change after it (a withdrawal, the reserve moving up):
one ``nomination.decided`` each, with a new version, through the outbox.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from services.matching.domain import nominations as rules
from services.matching.domain.catalog import sending_countries
from services.matching.domain.endorsements import has_endorsement_stage
from services.matching.domain.journal import APPLICANT_ACTOR, Action
from services.matching.domain.nominations import Decision
from services.matching.domain.statuses import FIXED_STATES, MatchStatus, PoolStatus
from services.matching.models import (
    Cycle,
    HeldDocument,
    JournalEntry,
    Match,
    Nomination,
    NominationList,
    PoolEntry,
    QuotaRule,
    Scheme,
    StaffAccount,
    infra,
)
from services.matching.service import journal
from services.matching.service.common import SOURCE, get_or_not_found, name_found, names_and_languages, outside_scope
from services.matching.service.endorsements import endorsed_ids
from shared.clock import aware, aware_or_none, utcnow
from shared.countries import is_country
from shared.errors import Conflict, Invalid
from shared.events.catalog import NominationDecided, NominationState
from shared.outbox import add_event
from shared.paging import Paging
from shared.principal import Principal
from shared.scope import nominates_for, reads_nominations

DRAFT, PUBLISHED = "draft", "published"
COUNTRY = re.compile(r"[A-Z]{2}")
REASON_LENGTH = 1000  # nominations.reason
SORTS = ("name", "grade", "committee_score", "position", "received_at")
UNDECIDED = "undecided"


@dataclass(frozen=True)
class Context:
    cycle: Cycle
    scheme: Scheme
    country: str

    @property
    def authority(self) -> str:
        return self.scheme.authorities.get(self.country, "")

    @property
    def authority_translations(self) -> dict[str, str]:
        return dict((self.scheme.authority_translations or {}).get(self.country) or {})


# --- reading -----------------------------------------------------------------------------------


async def context(session: AsyncSession, cycle_id: str, country: str) -> Context:
    """The cycle and its scheme, which must have a nomination stage."""
    cycle = await get_or_not_found(session, Cycle, cycle_id, field="cycle_id", what="cycle")
    scheme = await get_or_not_found(session, Scheme, cycle.scheme_id, field="cycle_id", what="scheme")
    if not rules.has_nomination_stage(scheme.path):
        msg = f"scheme {scheme.id!r} has no nomination stage"
        raise Conflict("nomination.no_stage", msg, "cycle_id", scheme_id=scheme.id)
    country = country.upper()
    if country and not (COUNTRY.fullmatch(country) and is_country(country)):
        raise Invalid("nomination.unknown_country", f"not an ISO 3166-1 alpha-2 code: {country!r}", "sending_country")
    taken = sending_countries(cycle.eligible_countries, scheme.eligible_countries)
    if country and taken and country not in taken and not await _has_pool(session, cycle.id, country):
        # a list for China in a cycle of Central Asian senders was saved, even published, and
        # no listing showed it (those of a cycle narrowed after its applicants came still are)
        raise Invalid(
            "nomination.country_not_sending",
            f"cycle {cycle.id} takes no applicants from {country} (it takes {', '.join(taken)})",
            "sending_country",
            countries=", ".join(taken),
        )
    return Context(cycle, scheme, country)


async def _has_pool(session: AsyncSession, cycle_id: str, country: str) -> bool:
    found = select(PoolEntry.application_id).where(PoolEntry.cycle_id == cycle_id, PoolEntry.sending_country == country)
    return await session.scalar(found.limit(1)) is not None


def _require_reader(caller: Principal, ctx: Context) -> None:
    if not reads_nominations(caller, ctx.scheme.id, ctx.country):
        raise outside_scope(f"nominations of {ctx.country} in scheme {ctx.scheme.id}", "sending_country")


def _require_nominator(caller: Principal, ctx: Context) -> None:
    if not nominates_for(caller, ctx.scheme.id, ctx.country):
        raise outside_scope(f"nominations of {ctx.country} in scheme {ctx.scheme.id}", "sending_country")


async def _pool(session: AsyncSession, ctx: Context) -> list[PoolEntry]:
    """The country's national pool: its submitted applications in the cycle."""
    query = select(PoolEntry).where(
        PoolEntry.cycle_id == ctx.cycle.id,
        PoolEntry.sending_country == ctx.country,
        PoolEntry.status == PoolStatus.SUBMITTED,
    )
    if has_endorsement_stage(ctx.scheme.path):  # the home institutions endorsed them first
        query = query.where(PoolEntry.application_id.in_(endorsed_ids(ctx.cycle.id)))
    return list((await session.scalars(query)).all())


async def _rows(session: AsyncSession, ctx: Context) -> dict[str, Nomination]:
    query = select(Nomination).where(Nomination.cycle_id == ctx.cycle.id, Nomination.sending_country == ctx.country)
    return {n.application_id: n for n in (await session.scalars(query)).all()}


def _decision(row: Nomination) -> Decision:
    return Decision(NominationState(row.state), row.position, row.reason, row.promoted)


async def allocation_of(session: AsyncSession, cycle_id: str, country: str) -> int | None:
    found = (await session.scalars(select(QuotaRule).where(QuotaRule.cycle_id == cycle_id))).all()
    return rules.allocation([rules.RuleFacts(r.scope, r.per, r.max_count) for r in found], country)


async def summary(session: AsyncSession, ctx: Context) -> dict[str, Any]:
    lst = await session.get(NominationList, (ctx.cycle.id, ctx.country))
    nominated, reserve = rules.counts(_decision(r) for r in (await _rows(session, ctx)).values())
    return {
        "cycle_id": ctx.cycle.id,
        "scheme_id": ctx.scheme.id,
        "sending_country": ctx.country,
        "authority": ctx.authority,
        "authority_translations": ctx.authority_translations,
        "allocation": await allocation_of(session, ctx.cycle.id, ctx.country),
        "nominated": nominated,
        "reserve": reserve,
        "status": lst.status if lst else DRAFT,
        "version": lst.version if lst else 0,
        "published_at": lst.published_at if lst else None,
        "closes_at": aware_or_none(ctx.cycle.nomination_closes_at),
    }


async def visible_summary(session: AsyncSession, caller: Principal, cycle_id: str, country: str) -> dict[str, Any]:
    ctx = await context(session, cycle_id, country)
    _require_reader(caller, ctx)
    return await summary(session, ctx)


async def visible_lists(session: AsyncSession, caller: Principal, cycle_id: str) -> list[dict[str, Any]]:
    """A summary per sending country of the cycle the caller may read: those the cycle takes
    applicants from (with an authority or not), and those of its pool. None when the scheme
    has no nomination stage."""
    cycle = await get_or_not_found(session, Cycle, cycle_id, field="cycle_id", what="cycle")
    scheme = await session.get(Scheme, cycle.scheme_id)
    if scheme is None or not rules.has_nomination_stage(scheme.path):
        return []
    ctx = Context(cycle, scheme, "")
    pooled = await session.scalars(
        select(PoolEntry.sending_country).where(PoolEntry.cycle_id == cycle_id, PoolEntry.sending_country != "")
    )
    taken = set(sending_countries(ctx.cycle.eligible_countries, ctx.scheme.eligible_countries))
    # an authority of a country this cycle does not take applicants from has no list in it
    # (a cycle narrowed to three of the scheme's countries listed all five, each at 0 / 2)
    authorities = set(ctx.scheme.authorities) & taken if taken else set(ctx.scheme.authorities)
    countries = authorities | taken | set(pooled.all())
    out = []
    for country in sorted(countries):
        each = Context(ctx.cycle, ctx.scheme, country)
        if reads_nominations(caller, ctx.scheme.id, country):
            out.append(await summary(session, each))
    return out


def _sort_key(sort: str, item: dict[str, Any]) -> Any:
    if sort == "name":
        return item["applicant_name"].casefold()
    if sort == "position":
        rank = {NominationState.NOMINATED: 0, NominationState.RESERVE: 1}.get(item["state"], 2)
        return (rank, item["position"] or 0)
    return item[sort]


async def candidates(
    session: AsyncSession,
    caller: Principal,
    cycle_id: str,
    country: str,
    *,
    sort: str = "position",
    order: str = "asc",
    state: str | None = None,
    q: str | None = None,
    paging: Paging,
) -> tuple[list[dict[str, Any]], int]:
    """One page of the country's national pool as a table, and how many rows match. A
    country's pool is hundreds, not millions: it is read once and sorted here."""
    ctx = await context(session, cycle_id, country)
    _require_reader(caller, ctx)
    pool = await _pool(session, ctx)
    rows = await _rows(session, ctx)
    ids = [e.application_id for e in pool]
    applicants = [e.applicant_id for e in pool]
    names, languages, passports = await names_and_languages(session, applicants)
    held: dict[str, list[str]] = {}
    for app, kind in await session.execute(
        select(HeldDocument.application_id, HeldDocument.kind).where(HeldDocument.application_id.in_(ids))
    ):
        held.setdefault(app, []).append(kind)
    placed: dict[str, str] = dict(
        (
            await session.execute(
                select(Match.application_id, Match.status).where(
                    Match.cycle_id == ctx.cycle.id, Match.application_id.in_(ids), Match.status.in_(FIXED_STATES)
                )
            )
        ).all()
    )
    freed = await _freed_places(session, ctx, [a for a, r in rows.items() if r.state == NominationState.WITHDRAWN])
    by_application = {p.application_id: p.applicant_id for p in pool}
    moved_up_names = {
        a: names.get(by_application.get(a, ""), "") for a in (up for up, _was in freed.values() if up is not None)
    }
    items: list[dict[str, Any]] = []
    for e in pool:
        row = rows.get(e.application_id)
        moved_up, was_nominee = freed.get(e.application_id, (None, False))
        items.append(
            {
                "application_id": e.application_id,
                "applicant_id": e.applicant_id,
                "applicant_name": names.get(e.applicant_id, ""),
                "passport_name": passports.get(e.applicant_id),
                # a withdrawal's reason reaches the applicant as written: in which language
                "messages_language": languages.get(e.applicant_id),
                "grade": e.grade,
                "language_certificates": list(e.language_certificates or []),
                "committee_score": e.committee_score,
                "choices": list(e.choices),
                "held_documents": sorted(set(held.get(e.application_id, []))),
                "state": NominationState(row.state) if row else None,
                "position": row.position if row else None,
                "reason": row.reason if row else None,
                "placed": placed.get(e.application_id),
                "received_at": aware(e.received_at),
                # a withdrawn nominee's place: who moved up into it, or nobody (the reserve list was empty)
                "moved_up": {"application_id": moved_up, "applicant_name": moved_up_names.get(moved_up, "")}
                if moved_up
                else None,
                "reserve_was_empty": was_nominee and moved_up is None,
            }
        )
    if state:
        items = [i for i in items if (i["state"] or UNDECIDED) == state]
    if q:
        needle = q.casefold()
        items = [i for i in items if name_found(needle, i["applicant_name"], i["passport_name"])]
    # empty values last in either order
    present = [i for i in items if _sort_key(sort, i) is not None]
    absent = [i for i in items if _sort_key(sort, i) is None]
    present.sort(key=lambda i: i["application_id"])
    present.sort(key=lambda i: _sort_key(sort, i), reverse=order == "desc")
    absent.sort(key=lambda i: i["application_id"])
    ordered = present + absent
    return ordered[paging.offset : paging.offset + paging.limit], len(ordered)


async def _freed_places(
    session: AsyncSession, ctx: Context, withdrawn: Sequence[str]
) -> dict[str, tuple[str | None, bool]]:
    """For each of these withdrawn applications, from its last withdrawal in the journal: the
    reserve who moved up into its place (None: nobody), and whether it was a nominee (a
    reserve's withdrawal frees no place). The list keeps no link between the two; the journal
    does, and the authority's page said "the place went to the reserve list" of an empty one."""
    if not withdrawn:
        return {}
    entries = await session.execute(
        select(JournalEntry.application_id, JournalEntry.before, JournalEntry.after)
        .where(
            JournalEntry.cycle_id == ctx.cycle.id,
            JournalEntry.action == Action.NOMINATION_WITHDRAWN.value,
            JournalEntry.application_id.in_(list(withdrawn)),
        )
        .order_by(JournalEntry.id)
    )
    out: dict[str, tuple[str | None, bool]] = {}
    for application_id, before, after in entries:  # the last one stands
        promoted = (after or {}).get("promoted")
        was_nominee = (before or {}).get("state") == NominationState.NOMINATED.value
        out[application_id] = (promoted if isinstance(promoted, str) else None, was_nominee)
    return out


# --- changing ----------------------------------------------------------------------------------


async def _lock(session: AsyncSession, ctx: Context) -> NominationList:
    """The country's list row, created if absent, locked for the rest of the transaction."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    await session.execute(
        insert(NominationList)
        .values(cycle_id=ctx.cycle.id, sending_country=ctx.country, scheme_id=ctx.scheme.id, status=DRAFT, version=0)
        .on_conflict_do_nothing()
    )
    query = (
        select(NominationList)
        .where(NominationList.cycle_id == ctx.cycle.id, NominationList.sending_country == ctx.country)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return (await session.scalars(query)).one()


async def _apply(
    session: AsyncSession,
    ctx: Context,
    lst: NominationList,
    rows: dict[str, Nomination],
    after: Mapping[str, Decision],
    tell: Sequence[str],
    by: str,
    source: str,
    released_by_host: str | None = None,
    left: tuple[str, Literal["withdrew", "declined"]] | None = None,
) -> None:
    """Store the decisions; while the list is published, tell the ``tell`` ones (a new
    version each). ``released_by_host``: the application the host did not admit (its
    withdrawal is said to be the host's, not the authority's); ``left``: the application whose
    applicant withdrew or declined, and which. A withdrawal names the reserve who moved up."""
    entries = {
        e.application_id: e
        for e in (await session.scalars(select(PoolEntry).where(PoolEntry.application_id.in_(list(after))))).all()
    }
    now = utcnow()
    for app, d in after.items():
        row = rows.get(app)
        if row is None:
            row = Nomination(
                application_id=app,
                cycle_id=ctx.cycle.id,
                sending_country=ctx.country,
                state=d.state,
                version=0,
                decided_by=by,
            )
            session.add(row)
            rows[app] = row
        row.state, row.position, row.reason, row.promoted = d.state.value, d.position, d.reason, d.promoted
        row.decided_by, row.updated_at = by, now
    # A round's proposal to an application that is no longer a nominee is void, as the next
    # round would make it: an officer could approve it otherwise, and the seat would go to
    # someone off the list beside the reserve who moved up in their stead. Unreviewed
    # proposals are not announced, so nobody is told; the nomination's own event says it.
    off = [app for app, d in after.items() if d.state != NominationState.NOMINATED]
    if off:
        await session.execute(
            update(Match)
            .where(Match.cycle_id == ctx.cycle.id, Match.application_id.in_(off), Match.status == MatchStatus.PROPOSED)
            .values(status=MatchStatus.SUPERSEDED, updated_at=now)
        )
    if lst.status != PUBLISHED:
        return
    moved_up = next((app for app, d in after.items() if d.promoted and d.state == NominationState.NOMINATED), None)
    for app in tell:
        row, entry = rows[app], entries.get(app)
        row.version += 1
        event = NominationDecided(
            application_id=app,
            applicant_id=entry.applicant_id if entry else "",
            cycle_id=ctx.cycle.id,
            scheme_id=ctx.scheme.id,
            sending_country=ctx.country,
            state=NominationState(row.state),
            position=row.position,
            reason=row.reason,
            promoted=row.promoted,
            authority=ctx.authority,
            version=row.version,
            host_rejected=app == released_by_host,
            applicant_left=left[1] if left is not None and app == left[0] else None,
            replaced_by=moved_up if row.state == NominationState.WITHDRAWN else None,
        )
        await add_event(session, infra, event, source=source, subject=f"application:{app}")


def _refuse_closed(ctx: Context) -> None:
    closes = aware_or_none(ctx.cycle.nomination_closes_at)
    if closes is not None and utcnow() >= closes:
        msg = f"nominations for cycle {ctx.cycle.id} closed at {closes.isoformat()}"
        raise Conflict("nomination.closed", msg, "cycle_id", closes_at=closes.isoformat())


async def save(
    session: AsyncSession,
    caller: Principal,
    cycle_id: str,
    country: str,
    *,
    nominees: Sequence[str],
    reserve: Sequence[str],
    not_nominated: Sequence[tuple[str, str | None]],
    publish: bool,
    version: int | None = None,
    source: str = SOURCE,
) -> dict[str, Any]:
    """Save the country's list as a draft, or publish it (telling each changed application).
    Once published, a list only changes by publishing again (or a withdrawal): a draft would
    hide from the applicants what they were told. ``version``: the list's as the caller read
    it; published again since (two nominators at once had both published, the second undoing
    the first, and the applicants were told both within a second), refused."""
    ctx = await context(session, cycle_id, country)
    _require_nominator(caller, ctx)
    _refuse_closed(ctx)
    lst = await _lock(session, ctx)
    if version is not None and version != lst.version:
        raise Conflict(
            "nomination.changed",
            f"the list was published again meanwhile (now version {lst.version}, read as {version}): read it again",
            "version",
            version=lst.version,
        )
    if lst.status == PUBLISHED and not publish:
        msg = "the list is published: publish the changes (the applicants are told)"
        raise Conflict("nomination.published", msg, "publish")
    pool = [e.application_id for e in await _pool(session, ctx)]
    left_off = [app for app, _ in not_nominated]
    rules.check_list(nominees, reserve, left_off, pool, await allocation_of(session, cycle_id, ctx.country))
    rows = await _rows(session, ctx)
    before = {app: _decision(r) for app, r in rows.items()}
    kept = set(nominees)
    dropped = [a for a, d in before.items() if d.state == NominationState.NOMINATED and a not in kept]
    await _refuse_placed(session, ctx, dropped)
    after = rules.planned(before, pool, nominees, reserve, dict(not_nominated), publish=publish)
    for app in set(rows) - set(after):
        if rows[app].version == 0:  # left undecided in a draft, never told: no decision at all
            await session.delete(rows.pop(app))
    told_before = before if lst.status == PUBLISHED else {}
    if publish:
        lst.status, lst.published_at, lst.published_by = PUBLISHED, utcnow(), caller.sub
        lst.version += 1
    lst.updated_at = utcnow()
    tell = rules.changed(told_before, after)
    await _apply(session, ctx, lst, rows, after, tell, caller.sub, source)
    if publish:
        nominated, on_reserve = rules.counts(after.values())
        journal.record(
            session,
            caller,
            Action.NOMINATIONS_PUBLISHED,
            subject=f"nomination_list:{cycle_id}:{ctx.country}",
            scheme_id=ctx.scheme.id,
            cycle_id=cycle_id,
            after={
                "sending_country": ctx.country,
                "version": lst.version,
                "nominees": list(nominees),
                "reserve": list(reserve),
                "nominated": nominated,
                "on_reserve": on_reserve,
                "told": len(tell),
            },
        )
    return await summary(session, ctx)


async def _withdraw(
    session: AsyncSession,
    ctx: Context,
    application_id: str,
    reason: str | None,
    by: Principal | str,
    *,
    tell_withdrawn: bool,
    source: str,
    released_by_host: bool = False,
    left: Literal["withdrew", "declined"] | None = None,
) -> bool:
    """Take the application off its list; the first reserve moves up. False when it was
    neither nominated nor on the reserve list (nothing changed)."""
    lst = await _lock(session, ctx)
    rows = await _rows(session, ctx)
    before = {app: _decision(r) for app, r in rows.items()}
    changes = rules.withdrawn(before, application_id, reason[:REASON_LENGTH] if reason else None)
    if not changes:
        return False
    tell = [app for app in sorted(changes) if tell_withdrawn or app != application_id]
    if lst.status == PUBLISHED:
        lst.version += 1
    lst.updated_at = utcnow()
    sub = by if isinstance(by, str) else by.sub
    released = application_id if released_by_host else None
    await _apply(
        session,
        ctx,
        lst,
        rows,
        changes,
        tell,
        sub,
        source,
        released_by_host=released,
        left=(application_id, left) if left is not None else None,
    )
    promoted = [app for app, d in changes.items() if d.promoted]
    journal.record(
        session,
        by,
        Action.NOMINATION_WITHDRAWN,
        subject=f"nomination:{application_id}",
        scheme_id=ctx.scheme.id,
        cycle_id=ctx.cycle.id,
        application_id=application_id,
        before={"state": before[application_id].state.value, "position": before[application_id].position},
        after={"state": NominationState.WITHDRAWN.value, "promoted": promoted[0] if promoted else None},
        reason=reason,
    )
    return True


async def withdraw(
    session: AsyncSession,
    caller: Principal,
    cycle_id: str,
    country: str,
    application_id: str,
    reason: str,
    source: str = SOURCE,
) -> dict[str, Any]:
    """The authority withdraws a nominee (or a reserve): 409 when it is neither."""
    ctx = await context(session, cycle_id, country)
    _require_nominator(caller, ctx)
    await _lock(session, ctx)  # the list first, as every change of it: then the matches
    await _refuse_placed(session, ctx, [application_id])
    if not await _withdraw(session, ctx, application_id, reason, caller, tell_withdrawn=True, source=source):
        msg = f"application {application_id!r} is neither nominated nor on the reserve list of {ctx.country}"
        raise Conflict("nomination.not_on_list", msg, "application_id")
    return await summary(session, ctx)


async def _refuse_placed(session: AsyncSession, ctx: Context, application_ids: Sequence[str]) -> None:
    """409 ``nomination.placed`` when one of these nominees holds a place of the cycle
    (approved by an officer, with the host, or accepted): the authority cannot take them off
    the list. Their seat stays theirs and would count against the country's allocation beside
    the reserve moved up in their stead. A host that does not admit them frees it (``release``)."""
    if not application_ids:
        return
    # their matches locked, whatever their status: an officer approving one at this moment
    # (review.py locks the match row) commits first and is seen here, or waits for this
    matches = (
        await session.execute(
            select(Match.application_id, Match.status)
            .where(Match.cycle_id == ctx.cycle.id, Match.application_id.in_(list(application_ids)))
            .order_by(Match.application_id, Match.id)
            .with_for_update()
        )
    ).all()
    placed = next(((a, st) for a, st in matches if st in FIXED_STATES), None)
    if placed is not None:
        application_id, status = placed
        msg = f"application {application_id!r} holds a place ({status}): a nominee with a place cannot be taken off"
        raise Conflict("nomination.placed", msg, "application_id", application_id=application_id, status=str(status))


async def _context_of(session: AsyncSession, application_id: str) -> Context | None:
    row = await session.get(Nomination, application_id)
    if row is None:
        return None
    cycle = await session.get(Cycle, row.cycle_id)
    scheme = await session.get(Scheme, cycle.scheme_id) if cycle else None
    if cycle is None or scheme is None:
        return None
    return Context(cycle, scheme, row.sending_country)


async def release(session: AsyncSession, application_id: str, reason: str | None, by: Principal | str) -> None:
    """The nominee leaves its list (the host rejected it): withdrawn, and the first reserve of
    the list moves up; both events are published. The withdrawal says it was the host's
    (``host_rejected``): the applicant hears of it by the host's decision, not as the
    authority's withdrawal with the host's note as its reason. Nothing when the application has
    no nomination. ``reason``: the host's note, kept on the list for the authority. ``by``: the
    host's account, its name kept in the journal (an id alone showed as the entry's actor)."""
    ctx = await _context_of(session, application_id)
    if ctx is not None:
        await _withdraw(
            session, ctx, application_id, reason, by, tell_withdrawn=True, source=SOURCE, released_by_host=True
        )


async def lock_list_of(session: AsyncSession, application_id: str) -> None:
    """Lock the nomination list the application is on, if any (``_lock``)."""
    ctx = await _context_of(session, application_id)
    if ctx is not None:
        await _lock(session, ctx)


async def applicant_withdrew(session: AsyncSession, application_id: str, *, declined: bool = False) -> None:
    """The applicant withdrew the application, or declined its offer: off its list, the
    reserve moves up. The applicant is not told about their own step (the event says it was
    theirs, ``applicant_left``: the authority hears it); the promoted reserve is."""
    ctx = await _context_of(session, application_id)
    if ctx is not None:
        row = await session.get(PoolEntry, application_id)
        # the applicant by id, named when read (the journal said "applicant"); without a pool
        # entry, still the applicant
        by = row.applicant_id if row is not None else APPLICANT_ACTOR
        left: Literal["withdrew", "declined"] = "declined" if declined else "withdrew"
        await _withdraw(session, ctx, application_id, None, by, tell_withdrawn=True, source=SOURCE, left=left)


async def remember_countries(session: AsyncSession, account_id: str, countries: Sequence[str], as_of: datetime) -> None:
    """A nominator's sending countries, when the account event that says them was the one
    stored (``committee.remember_account`` keeps a newer one)."""
    row = await session.get(StaffAccount, account_id)
    if row is not None and aware(row.as_of) == aware(as_of):
        row.countries = sorted(set(countries))
