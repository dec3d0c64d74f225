"""Catalog writes: institutions and schemes (admins), cycles, programmes and quota rules
(officers within their scope). Every change is staged on the compacted catalog topic in
the caller's transaction (upserts keyed by the entity id, deletes as tombstones).

Each write returns the row and its warnings (data: the change was made); errors refuse it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, String, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.matching.domain import catalog as rules_of_catalog
from services.matching.domain.catalog import ERROR, WARNING, Problem
from services.matching.domain.journal import Action
from services.matching.domain.nominations import has_nomination_stage, path_problems
from services.matching.domain.quota import SizedCap
from services.matching.domain.scoring import weight_problems
from services.matching.domain.statuses import USING_STATES, MatchStatus, PoolStatus
from services.matching.models import (
    Cycle,
    Institution,
    Match,
    PoolEntry,
    Programme,
    QuotaRule,
    Round,
    Scheme,
    infra,
)
from services.matching.service import journal, quota
from services.matching.service.common import (
    get_or_not_found,
    managed_schemes,
    outside_scope,
    refuse_errors,
    require_scheme,
)
from shared.clock import aware, utcnow
from shared.errors import Conflict, Invalid
from shared.events.catalog import (
    Award,
    CycleUpserted,
    EventData,
    InstitutionUpserted,
    ProgrammeUpserted,
    QuotaRuleUpserted,
    Requirements,
    SchemeUpserted,
    Stage,
)
from shared.outbox import add_event, add_tombstone
from shared.principal import Principal
from shared.scope import manages_hosted

Saved = tuple[Any, list[Problem]]

KINDS: dict[str, Any] = {
    "institution": Institution,
    "scheme": Scheme,
    "cycle": Cycle,
    "programme": Programme,
    "quota-rule": QuotaRule,
}


# --- steps every kind shares -------------------------------------------------------------------


async def _id_owner(session: AsyncSession, entity_id: str) -> str | None:
    for kind, model in KINDS.items():
        if await session.get(model, entity_id) is not None:
            return kind
    return None


async def _refuse_taken_id(session: AsyncSession, kind: str, entity_id: str) -> None:
    """Catalog ids share one compacted topic keyed by id: unique across the kinds."""
    owner = await _id_owner(session, entity_id)
    if owner == kind:
        msg = f"{kind} {entity_id!r} already exists; PUT /{kind}s/{entity_id} changes it"
        raise Conflict("catalog.id_exists", msg, "id")
    problem = rules_of_catalog.uniqueness_problem(entity_id, kind, owner)
    if problem:
        raise Conflict(problem.code, problem.message, problem.field)


async def _refuse_if_used(session: AsyncSession, what: str, checks: list[tuple[str, Select]]) -> None:
    for label, stmt in checks:
        n = await session.scalar(select(func.count()).select_from(stmt.subquery()))
        if n:
            raise Conflict("catalog.in_use", f"{what} still has {n} {label}; delete or move them first", "id")


def _refuse_move(what: str, field: str, old: str, new: str) -> None:
    if old != new:
        raise Invalid(f"{what}.cannot_move", f"a {what.replace('_', ' ')} cannot move to another {field[:-3]}", field)


def _apply(row: Any, values: dict) -> None:
    for k, v in values.items():
        setattr(row, k, v)
    row.updated_at = utcnow()


async def _publish(session: AsyncSession, source: str, event: EventData, kind: str, entity_id: str) -> None:
    await add_event(session, infra, event, source=source, subject=f"{kind}:{entity_id}")


async def _tombstone(session: AsyncSession, source: str, kind: str, entity_id: str) -> None:
    await add_tombstone(session, infra, key=entity_id, subject=f"{kind}:{entity_id}", source=source)


def _stored(row: Institution | Scheme | Cycle | Programme) -> dict[str, Any]:
    """A catalog record as the journal keeps it before and after a change (its times aside)."""
    return row.model_dump(mode="json", exclude={"created_at", "updated_at"})


def _journal_catalog(
    session: AsyncSession,
    caller: Principal,
    action: Action,
    kind: str,
    row: Institution | Scheme | Cycle | Programme,
    before: dict[str, Any] | None,
    *,
    scheme_id: str | None = None,
    cycle_id: str | None = None,
) -> None:
    """Who created, changed or removed a catalog record, and what it was before and after: an
    institution or programme removed had left a trace only in access logs."""
    after = None if action == Action.CATALOG_DELETED else _stored(row)
    journal.record(
        session,
        caller,
        action,
        subject=f"{kind}:{row.id}",
        scheme_id=scheme_id,
        cycle_id=cycle_id,
        before=before,
        after=after,
    )


# --- institutions (admins) ----------------------------------------------------------------------


def institution_event(row: Institution) -> InstitutionUpserted:
    return InstitutionUpserted(
        institution_id=row.id, name=row.name, translations=row.translations, country=row.country, kind=row.kind
    )


async def _name_warnings(session: AsyncSession, values: dict, institution_id: str) -> list[Problem]:
    """A warning when another institution of the country has this name (any case and spacing):
    account scopes, webhook forms and applicants' lists showed two alike, nobody knowing which.
    Saved all the same: two campuses may share a name until the admin tells them apart."""
    name = " ".join(str(values["name"]).split()).casefold()
    rows = await session.execute(
        select(Institution.id, Institution.name).where(
            Institution.country == values["country"], Institution.id != institution_id
        )
    )
    same = sorted(i for i, n in rows if " ".join(n.split()).casefold() == name)
    if not same:
        return []
    msg = f"institution {same[0]!r} of {values['country']} has this name too: readers cannot tell them apart"
    return [Problem(WARNING, "name", msg, "institution.name_taken")]


async def create_institution(
    session: AsyncSession, source: str, caller: Principal, values: dict
) -> tuple[Institution, list[Problem]]:
    """The institution, and a warning when another of its country has its name."""
    await _refuse_taken_id(session, "institution", values["id"])
    warnings = await _name_warnings(session, values, values["id"])
    row = Institution(**values)
    session.add(row)
    await _publish(session, source, institution_event(row), "institution", row.id)
    _journal_catalog(session, caller, Action.CATALOG_CREATED, "institution", row, None)
    return row, warnings


async def update_institution(
    session: AsyncSession, source: str, caller: Principal, institution_id: str, values: dict
) -> tuple[Institution, list[Problem]]:
    row = await get_or_not_found(session, Institution, institution_id, field="institution_id", what="institution")
    warnings = await _name_warnings(session, values, institution_id)
    before = _stored(row)
    carried = ("country", "name", "translations")
    carried_changed = any(getattr(row, k) != values[k] for k in carried)
    _apply(row, values)
    await _publish(session, source, institution_event(row), "institution", row.id)
    if carried_changed:  # programmes carry their host's country and name: republish them
        for programme in (
            await session.scalars(select(Programme).where(Programme.host_institution_id == row.id))
        ).all():
            programme.host_country = row.country
            programme.updated_at = utcnow()
            await _publish(session, source, programme_event(programme, row), "programme", programme.id)
    _journal_catalog(session, caller, Action.CATALOG_UPDATED, "institution", row, before)
    return row, warnings


async def delete_institution(session: AsyncSession, source: str, caller: Principal, institution_id: str) -> None:
    row = await get_or_not_found(session, Institution, institution_id, field="institution_id", what="institution")
    hosted = select(Programme.id).where(Programme.host_institution_id == institution_id)
    await _refuse_if_used(session, f"institution {institution_id!r}", [("programmes", hosted)])
    _journal_catalog(session, caller, Action.CATALOG_DELETED, "institution", row, _stored(row))
    await session.delete(row)
    await _tombstone(session, source, "institution", institution_id)


# --- schemes (admins) ---------------------------------------------------------------------------


def scheme_event(row: Scheme) -> SchemeUpserted:
    return SchemeUpserted(
        scheme_id=row.id,
        name=row.name,
        translations=row.translations,
        sponsor=row.sponsor,
        eligible_countries=row.eligible_countries,
        max_choices=row.max_choices,
        path=[Stage(s) for s in row.path],
        authorities=dict(row.authorities),
        authority_translations=dict(row.authority_translations),
        admission_deadline_action=row.admission_deadline_action,
    )


def _authority_warnings(values: dict) -> list[Problem]:
    """A nomination stage with no authority named: allowed (an admin then publishes every
    country's list), but said, since a scheme saved so looked like one whose authorities would
    nominate."""
    if has_nomination_stage(values["path"]) and not values.get("authorities"):
        msg = "the path has a nomination stage but no country has an authority: an admin publishes every list"
        return [Problem(WARNING, "authorities", msg, "scheme.no_authority")]
    return []


async def create_scheme(session: AsyncSession, source: str, caller: Principal, values: dict) -> Saved:
    refuse_errors(path_problems(values["path"]))
    await _refuse_taken_id(session, "scheme", values["id"])
    row = Scheme(**values)
    session.add(row)
    await _publish(session, source, scheme_event(row), "scheme", row.id)
    _journal_catalog(session, caller, Action.CATALOG_CREATED, "scheme", row, None, scheme_id=row.id)
    return row, _authority_warnings(values)


async def update_scheme(session: AsyncSession, source: str, caller: Principal, scheme_id: str, values: dict) -> Saved:
    """The scheme, and a warning per cycle that still admits a country the scheme dropped."""
    row = await get_or_not_found(session, Scheme, scheme_id, field="scheme_id", what="scheme")
    before = _stored(row)
    refuse_errors(path_problems(values["path"]))
    if list(values["path"]) != list(row.path):
        await _refuse_path_change(session, scheme_id, row.path, values["path"])
    _apply(row, values)
    warnings = _authority_warnings(values)
    allowed = set(row.eligible_countries)
    for cycle in (await session.scalars(select(Cycle).where(Cycle.scheme_id == scheme_id))).all():
        extra = sorted(set(cycle.eligible_countries) - allowed) if allowed else []
        if extra:
            msg = f"cycle {cycle.id} still admits {', '.join(extra)}, which the scheme no longer lists"
            warnings.append(Problem(WARNING, "eligible_countries", msg, "scheme.cycle_admits_dropped_country"))
    await _publish(session, source, scheme_event(row), "scheme", row.id)
    _journal_catalog(session, caller, Action.CATALOG_UPDATED, "scheme", row, before, scheme_id=row.id)
    return row, warnings


async def _refuse_path_change(session: AsyncSession, scheme_id: str, old: list[str], new: list[str]) -> None:
    """A scheme's path (its stages) is fixed once a cycle of it has applicants: applications
    on their way through a stage would skip it or wait for one that no longer comes (a PUT
    that left ``path`` out once made a nominating scheme direct, 40 applicants on the way)."""
    cycles = (
        await session.scalars(select(PoolEntry.cycle_id).where(PoolEntry.scheme_id == scheme_id).distinct().limit(5))
    ).all()
    if cycles:
        raise Conflict(
            "scheme.path_in_use",
            f"the path of a scheme with applicants cannot change ({' > '.join(old) or 'direct'} to "
            f"{' > '.join(new) or 'direct'}): cycle(s) {', '.join(sorted(cycles))} have applicants; "
            "create a scheme with the new path for the next cycle",
            "path",
            cycles=sorted(cycles),
        )


async def delete_scheme(session: AsyncSession, source: str, caller: Principal, scheme_id: str) -> None:
    row = await get_or_not_found(session, Scheme, scheme_id, field="scheme_id", what="scheme")
    cycles = select(Cycle.id).where(Cycle.scheme_id == scheme_id)
    await _refuse_if_used(session, f"scheme {scheme_id!r}", [("cycles", cycles)])
    _journal_catalog(session, caller, Action.CATALOG_DELETED, "scheme", row, _stored(row), scheme_id=row.id)
    await session.delete(row)
    await _tombstone(session, source, "scheme", scheme_id)


# --- cycles (officers of the scheme) ------------------------------------------------------------


def cycle_event(row: Cycle) -> CycleUpserted:
    return CycleUpserted(
        cycle_id=row.id,
        scheme_id=row.scheme_id,
        name=row.name,
        translations=row.translations,
        opens_at=row.opens_at,
        closes_at=row.closes_at,
        starts_on=row.starts_on,
        max_choices=row.max_choices,
        eligible_countries=row.eligible_countries,
        nomination_closes_at=row.nomination_closes_at,
        admission_closes_at=row.admission_closes_at,
        endorsement_closes_at=row.endorsement_closes_at,
    )


def _deadline_problems(values: dict) -> list[Problem]:
    """A stage's deadline (endorsement, nomination, admission) comes after the window opens."""
    out = []
    for name in ("endorsement_closes_at", "nomination_closes_at", "admission_closes_at"):
        at = values.get(name)
        if (problem := rules_of_catalog.date_problem(name, at)) is not None:
            out.append(problem)
        elif at is not None and at <= values["opens_at"]:
            stage = name.removesuffix("_closes_at")
            msg = f"the {stage} deadline must come after the window opens"
            out.append(Problem(ERROR, name, msg, "cycle.deadline_order"))
    return out


async def _cycle_checks(session: AsyncSession, caller: Principal, values: dict) -> list[Problem]:
    require_scheme(caller, values["scheme_id"], "scheme_id")
    scheme = await session.get(Scheme, values["scheme_id"])
    if scheme is None:
        raise Invalid("cycle.unknown_scheme", f"unknown scheme {values['scheme_id']!r}", "scheme_id")
    draft = rules_of_catalog.CycleDraft(
        values["opens_at"],
        values["closes_at"],
        values["starts_on"],
        values["max_choices"],
        values["eligible_countries"],
    )
    problems = rules_of_catalog.cycle_problems(draft, scheme.eligible_countries, scheme.max_choices)
    return refuse_errors(problems + _deadline_problems(values) + weight_problems(values["score_weights"]))


async def create_cycle(session: AsyncSession, source: str, caller: Principal, values: dict) -> Saved:
    warnings = await _cycle_checks(session, caller, values)
    await _refuse_taken_id(session, "cycle", values["id"])
    row = Cycle(**values)
    session.add(row)
    await _publish(session, source, cycle_event(row), "cycle", row.id)
    _journal_catalog(
        session, caller, Action.CATALOG_CREATED, "cycle", row, None, scheme_id=row.scheme_id, cycle_id=row.id
    )
    return row, warnings


async def _cycle_in_scope(session: AsyncSession, caller: Principal, cycle_id: str) -> Cycle:
    row = await get_or_not_found(session, Cycle, cycle_id, field="cycle_id", what="cycle")
    require_scheme(caller, row.scheme_id, "cycle_id")
    return row


async def update_cycle(session: AsyncSession, source: str, caller: Principal, cycle_id: str, values: dict) -> Saved:
    row = await _cycle_in_scope(session, caller, cycle_id)
    if row.archived_at is not None:  # its window reopened, applicants applied to a cycle no list showed
        raise Conflict("cycle.archived", f"cycle {cycle_id} is archived: bring it back before changing it", "cycle_id")
    _refuse_move("cycle", "scheme_id", row.scheme_id, values["scheme_id"])
    warnings = await _cycle_checks(session, caller, values)
    warnings += await _change_warnings(session, row, values)
    before = _stored(row)
    _apply(row, values)
    await _publish(session, source, cycle_event(row), "cycle", row.id)
    _journal_catalog(
        session, caller, Action.CATALOG_UPDATED, "cycle", row, before, scheme_id=row.scheme_id, cycle_id=row.id
    )
    return row, warnings


async def _change_warnings(session: AsyncSession, row: Cycle, values: dict) -> list[Problem]:
    """``rules_of_catalog.cycle_change_warnings`` of this change, with the cycle's submitted
    applications counted by sending country."""
    scheme = await session.get(Scheme, row.scheme_id)
    counted = (
        await session.execute(
            select(PoolEntry.sending_country, func.count())
            .where(PoolEntry.cycle_id == row.id, PoolEntry.status == PoolStatus.SUBMITTED)
            .group_by(PoolEntry.sending_country)
        )
    ).all()

    def draft(v: Any) -> rules_of_catalog.CycleDraft:
        get = v.get if isinstance(v, dict) else lambda k: getattr(v, k)
        return rules_of_catalog.CycleDraft(
            aware(get("opens_at")),
            aware(get("closes_at")),
            get("starts_on"),
            get("max_choices"),
            list(get("eligible_countries") or []),
        )

    return rules_of_catalog.cycle_change_warnings(
        draft(row),
        draft(values),
        scheme.eligible_countries if scheme else [],
        {str(country or ""): int(n) for country, n in counted},
        utcnow(),
    )


async def archive_cycle(session: AsyncSession, caller: Principal, cycle_id: str, archived: bool) -> Cycle:
    """Archive a cycle (``archived``) or bring it back, journaled. An archived cycle leaves the
    officers' console and starts no round; everything of it stays readable and its applicants'
    pages are unchanged (a cycle that ran a round cannot be removed: this is how it leaves the
    lists). Only once its applications have closed, with no round under way and no proposal
    waiting for the officers' review."""
    row = await _cycle_in_scope(session, caller, cycle_id)
    # the row locked: a round queued meanwhile (which reads it FOR KEY SHARE) waits, or is seen
    await session.refresh(row, with_for_update=True)
    if (row.archived_at is not None) == archived:
        return row  # already so: nothing to journal
    if archived:
        if utcnow() < aware(row.closes_at):
            raise Conflict(
                "cycle.still_open",
                "applications to this cycle are still open: archive it once they have closed",
                "cycle_id",
                closes_at=aware(row.closes_at).isoformat(),
            )
        if await session.scalar(select(Round.id).where(Round.active_cycle_id == cycle_id)) is not None:
            raise Conflict(
                "cycle.round_running", "a round of this cycle is under way: archive it once it ends", "cycle_id"
            )
        waiting = int(
            await session.scalar(
                select(func.count()).where(Match.cycle_id == cycle_id, Match.status == MatchStatus.PROPOSED)
            )
            or 0
        )
        if waiting:
            raise Conflict(
                "cycle.proposals_waiting",
                f"proposals of this cycle waiting for the officers' review: {waiting}; approve or reject them first",
                "cycle_id",
                count=waiting,
            )
    before = _stored(row)
    row.archived_at = utcnow() if archived else None
    row.updated_at = utcnow()
    _journal_catalog(
        session, caller, Action.CATALOG_UPDATED, "cycle", row, before, scheme_id=row.scheme_id, cycle_id=row.id
    )
    return row


async def delete_cycle(session: AsyncSession, source: str, caller: Principal, cycle_id: str) -> None:
    row = await _cycle_in_scope(session, caller, cycle_id)
    await _refuse_if_used(
        session,
        f"cycle {cycle_id!r}",
        [
            ("programmes", select(Programme.id).where(Programme.cycle_id == cycle_id)),
            ("quota rules", select(QuotaRule.id).where(QuotaRule.cycle_id == cycle_id)),
            ("rounds", select(Round.id).where(Round.cycle_id == cycle_id)),
        ],
    )
    _journal_catalog(
        session, caller, Action.CATALOG_DELETED, "cycle", row, _stored(row), scheme_id=row.scheme_id, cycle_id=row.id
    )
    await session.delete(row)
    await _tombstone(session, source, "cycle", cycle_id)


# --- programmes (officers of the scheme and host) -----------------------------------------------


def programme_event(row: Programme, host: Institution | None) -> ProgrammeUpserted:
    return ProgrammeUpserted(
        programme_id=row.id,
        cycle_id=row.cycle_id,
        scheme_id=row.scheme_id,
        host_institution_id=row.host_institution_id,
        host_institution_name=host.name if host else "",
        host_institution_translations=host.translations if host else {},
        host_country=row.host_country,
        title=row.title,
        translations=row.translations,
        field=row.field,
        level=row.level,
        language=row.language,
        seats=row.seats,
        applicant_type=row.applicant_type,
        requirements=Requirements.model_validate(row.requirements),
        award=Award.model_validate(row.award),
    )


async def _programme_context(
    session: AsyncSession, caller: Principal, values: dict
) -> tuple[Cycle, Institution, list[Problem]]:
    cycle = await session.get(Cycle, values["cycle_id"])
    if cycle is None:
        raise Invalid("programme.unknown_cycle", f"unknown cycle {values['cycle_id']!r}", "cycle_id")
    host = await session.get(Institution, values["host_institution_id"])
    if host is None:
        msg = f"unknown institution {values['host_institution_id']!r}"
        raise Invalid("programme.unknown_institution", msg, "host_institution_id")
    if not manages_hosted(caller, cycle.scheme_id, host.id):
        raise outside_scope(f"scheme {cycle.scheme_id} at {host.id}", "host_institution_id")
    problems = rules_of_catalog.programme_problems(
        applicant_type=values["applicant_type"],
        level=values["level"],
        seats=values["seats"],
        requirements=values["requirements"],
        language=values["language"],
    )
    return cycle, host, refuse_errors(problems)


def _programme_values(values: dict, cycle: Cycle, host: Institution) -> dict:
    return {**values, "scheme_id": cycle.scheme_id, "host_country": host.country}


async def _programme_in_scope(session: AsyncSession, caller: Principal, programme_id: str) -> Programme:
    row = await get_or_not_found(session, Programme, programme_id, field="programme_id", what="programme")
    if not manages_hosted(caller, row.scheme_id, row.host_institution_id):
        raise outside_scope(f"programme {programme_id}", "programme_id")
    return row


async def _refuse_host_change(session: AsyncSession, row: Programme) -> None:
    """A programme with a live match (proposed, with the host, offered, accepted) keeps its host:
    the match names the host that decides and reads the applicant's file."""
    live = await session.scalar(
        select(func.count()).where(Match.programme_id == row.id, Match.status.in_(USING_STATES))
    )
    if live:
        raise Conflict(
            "programme.host_in_use",
            f"programme {row.id} has {live} live match(es) with {row.host_institution_id}: "
            "its host cannot change while they stand",
            "host_institution_id",
            matches=int(live),
        )


async def _seats_below_places(session: AsyncSession, programme_id: str, seats: int) -> list[Problem]:
    """A warning when fewer seats are left than places already proposed, offered or taken: the
    change stands (a place already taken is not withdrawn by it), but the next round proposes
    nobody there and the quota page shows the programme over full."""
    live = await session.scalar(
        select(func.count()).where(Match.programme_id == programme_id, Match.status.in_(USING_STATES))
    )
    if not live or live <= seats:
        return []
    msg = f"{live} place(s) are proposed, offered or taken: more than the {seats} seat(s) left"
    return [Problem(WARNING, "seats", msg, "programme.seats_below_places")]


async def create_programme(session: AsyncSession, source: str, caller: Principal, values: dict) -> Saved:
    cycle, host, warnings = await _programme_context(session, caller, values)
    await _refuse_taken_id(session, "programme", values["id"])
    row = Programme(**_programme_values(values, cycle, host))
    session.add(row)
    before: dict[str, Any] | None = None
    await session.flush()
    warnings += await quota.recheck_cycle(session, cycle.id)
    await _publish(session, source, programme_event(row, host), "programme", row.id)
    action = Action.CATALOG_CREATED if before is None else Action.CATALOG_UPDATED
    _journal_catalog(session, caller, action, "programme", row, before, scheme_id=cycle.scheme_id, cycle_id=cycle.id)
    return row, warnings


async def update_programme(
    session: AsyncSession, source: str, caller: Principal, programme_id: str, values: dict
) -> Saved:
    row = await _programme_in_scope(session, caller, programme_id)
    _refuse_move("programme", "cycle_id", row.cycle_id, values["cycle_id"])
    if values["host_institution_id"] != row.host_institution_id:
        await _refuse_host_change(session, row)
    cycle, host, warnings = await _programme_context(session, caller, values)
    if values["seats"] < row.seats:
        warnings += await _seats_below_places(session, row.id, values["seats"])
    before = _stored(row)
    _apply(row, _programme_values(values, cycle, host))
    await session.flush()
    warnings += await quota.recheck_cycle(session, cycle.id)
    await _publish(session, source, programme_event(row, host), "programme", row.id)
    action = Action.CATALOG_CREATED if before is None else Action.CATALOG_UPDATED
    _journal_catalog(session, caller, action, "programme", row, before, scheme_id=cycle.scheme_id, cycle_id=cycle.id)
    return row, warnings


async def applications_choosing(session: AsyncSession, programme: Programme) -> int:
    """How many live applications (submitted, in the pool) list the programme among their
    choices. The JSON text narrows the rows in the database; the list decides."""
    quoted = f'"{programme.id}"'
    rows = await session.scalars(
        select(PoolEntry.choices).where(
            PoolEntry.cycle_id == programme.cycle_id,
            PoolEntry.status == PoolStatus.SUBMITTED,
            cast(PoolEntry.choices, String).contains(quoted, autoescape=True),
        )
    )
    return sum(1 for choices in rows if programme.id in choices)


async def delete_programme(session: AsyncSession, source: str, caller: Principal, programme_id: str) -> None:
    """Refused while submitted applications chose it (they would name a programme that is
    gone) or a match holds a seat in it; a programme nobody chose can go."""
    row = await _programme_in_scope(session, caller, programme_id)
    chosen = await applications_choosing(session, row)
    if chosen:
        raise Conflict(
            "programme.has_applications",
            f"{chosen} submitted application(s) chose programme {programme_id!r}; it cannot be deleted",
            "programme_id",
            applications=chosen,
        )
    live = select(Match.id).where(Match.programme_id == programme_id, Match.status.in_(USING_STATES))
    await _refuse_if_used(session, f"programme {programme_id!r}", [("matches", live)])
    cycle_id = row.cycle_id
    _journal_catalog(
        session,
        caller,
        Action.CATALOG_DELETED,
        "programme",
        row,
        _stored(row),
        scheme_id=row.scheme_id,
        cycle_id=cycle_id,
    )
    await session.delete(row)
    await session.flush()
    await quota.recheck_cycle(session, cycle_id)  # a rule naming it would now be dangling
    await _tombstone(session, source, "programme", programme_id)


# --- quota rules (officers of the scheme) -------------------------------------------------------


def quota_rule_event(row: QuotaRule) -> QuotaRuleUpserted:
    return QuotaRuleUpserted(
        rule_id=row.id,
        cycle_id=row.cycle_id,
        label=row.label,
        scope=row.scope,
        per=",".join(row.per) or None,
        max_count=row.max_count,
        max_share_of_seats=row.max_share_of_seats,
    )


async def rule_cycle(session: AsyncSession, caller: Principal, cycle_id: str) -> Cycle:
    """A rule's cycle, which must exist and be the caller's scheme."""
    cycle = await session.get(Cycle, cycle_id)
    if cycle is None:
        raise Invalid("quota.unknown_cycle", f"unknown cycle {cycle_id!r}", "cycle_id")
    require_scheme(caller, cycle.scheme_id, "cycle_id")
    return cycle


def _rule_values(row: QuotaRule) -> dict:
    return {
        "label": row.label,
        "scope": dict(row.scope),
        "per": list(row.per),
        "max_count": row.max_count,
        "max_share_of_seats": row.max_share_of_seats,
    }


def _journal_rule(
    session: AsyncSession, caller: Principal, action: Action, cycle: Cycle, rule_id: str, before, after
) -> None:
    journal.record(
        session,
        caller,
        action,
        subject=f"quota_rule:{rule_id}",
        scheme_id=cycle.scheme_id,
        cycle_id=cycle.id,
        before=before,
        after=after,
    )


async def create_quota_rule(session: AsyncSession, source: str, caller: Principal, values: dict) -> Saved:
    cycle = await rule_cycle(session, caller, values["cycle_id"])
    await _refuse_taken_id(session, "quota-rule", values["id"])
    row = QuotaRule(**values)
    session.add(row)
    await session.flush()
    warnings = await quota.check_rule(session, row)
    await _publish(session, source, quota_rule_event(row), "quota-rule", row.id)
    _journal_rule(session, caller, Action.QUOTA_RULE_CREATED, cycle, row.id, None, _rule_values(row))
    return row, warnings


async def update_quota_rule(session: AsyncSession, source: str, caller: Principal, rule_id: str, values: dict) -> Saved:
    row = await get_or_not_found(session, QuotaRule, rule_id, field="rule_id", what="quota rule")
    cycle = await rule_cycle(session, caller, row.cycle_id)  # the scope first: a refusal of the move told of the rule
    _refuse_move("quota_rule", "cycle_id", row.cycle_id, values["cycle_id"])
    before = _rule_values(row)
    _apply(row, values)
    await session.flush()
    warnings = await quota.check_rule(session, row)
    await _publish(session, source, quota_rule_event(row), "quota-rule", row.id)
    _journal_rule(session, caller, Action.QUOTA_RULE_UPDATED, cycle, row.id, before, _rule_values(row))
    return row, warnings


async def delete_quota_rule(session: AsyncSession, source: str, caller: Principal, rule_id: str) -> None:
    row = await get_or_not_found(session, QuotaRule, rule_id, field="rule_id", what="quota rule")
    cycle = await rule_cycle(session, caller, row.cycle_id)
    before = _rule_values(row)
    await session.delete(row)
    await _tombstone(session, source, "quota-rule", rule_id)
    _journal_rule(session, caller, Action.QUOTA_RULE_DELETED, cycle, rule_id, before, None)


async def visible_quota_rule(session: AsyncSession, caller: Principal, rule_id: str) -> QuotaRule:
    """One rule, for an officer of its cycle's scheme (403 otherwise)."""
    row = await get_or_not_found(session, QuotaRule, rule_id, field="rule_id", what="quota rule")
    cycle = await session.get(Cycle, row.cycle_id)
    require_scheme(caller, cycle.scheme_id if cycle else None, "rule_id")
    return row


async def quota_rules_query(session: AsyncSession, caller: Principal, cycle_id: str | None) -> Select:
    """The rules the caller may read, to be paged: one cycle's (403 if it is not of the
    caller's schemes), or without a cycle those of every scheme the caller manages."""
    query = select(QuotaRule)
    if cycle_id:
        cycle = await session.get(Cycle, cycle_id)
        if cycle is not None:
            require_scheme(caller, cycle.scheme_id, "cycle_id")
        query = query.where(QuotaRule.cycle_id == cycle_id)
    schemes = managed_schemes(caller)
    if schemes is not None:
        query = query.where(QuotaRule.cycle_id.in_(select(Cycle.id).where(Cycle.scheme_id.in_(schemes))))
    return query


async def validate_quota_rule(session: AsyncSession, caller: Principal, values: dict) -> list[Problem]:
    """Every problem of a rule against its cycle's catalog, errors included; nothing is saved."""
    await rule_cycle(session, caller, values["cycle_id"])
    return await quota.problems_for(session, QuotaRule(**values))


async def preview_quota_rule(session: AsyncSession, caller: Principal, values: dict) -> list[SizedCap]:
    """The caps a rule would make now, nothing saved (422 with its errors, as a save)."""
    await rule_cycle(session, caller, values["cycle_id"])
    return await quota.preview(session, QuotaRule(**values))
