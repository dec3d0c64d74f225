"""One typed function per consumed event; each runs inside the consumer's transaction.

corridor.catalog.v1 -> the local catalog read model (upserts; tombstones delete).
corridor.matching.v1 -> the status of the applicant's application.
Events about applications this service does not hold (the topics are shared) are ignored.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.applications.domain.lifecycle import status_after_match_event
from services.applications.models import (
    Application,
    CatalogCycle,
    CatalogInstitution,
    CatalogProgramme,
    CatalogQuotaRule,
    CatalogScheme,
)
from services.applications.store import record_status
from shared.events.catalog import (
    ApplicationUnmatched,
    ApplicationWaitlisted,
    CycleUpserted,
    InstitutionUpserted,
    MatchApproved,
    MatchConfirmed,
    MatchProposed,
    MatchRejected,
    ProgrammeUpserted,
    QuotaRuleUpserted,
    SchemeUpserted,
    type_of,
)
from shared.events.envelope import Envelope

log = logging.getLogger(__name__)


async def _upsert(session: AsyncSession, model, id_: str, **values) -> None:
    row = await session.get(model, id_)
    if row is None:
        session.add(model(id=id_, **values))
    else:
        for name, value in values.items():
            setattr(row, name, value)


# --- catalog ---


async def on_institution(session: AsyncSession, e: InstitutionUpserted, _env: Envelope) -> None:
    await _upsert(session, CatalogInstitution, e.institution_id, name=e.name, country=e.country, kind=e.kind)


async def on_scheme(session: AsyncSession, e: SchemeUpserted, _env: Envelope) -> None:
    await _upsert(
        session,
        CatalogScheme,
        e.scheme_id,
        name=e.name,
        sponsor=e.sponsor,
        eligible_countries=list(e.eligible_countries),
        max_choices=e.max_choices,
    )


async def on_cycle(session: AsyncSession, e: CycleUpserted, _env: Envelope) -> None:
    await _upsert(
        session,
        CatalogCycle,
        e.cycle_id,
        scheme_id=e.scheme_id,
        name=e.name,
        opens_at=e.opens_at,
        closes_at=e.closes_at,
        starts_on=e.starts_on,
        max_choices=e.max_choices,
        eligible_countries=list(e.eligible_countries),
    )


async def on_programme(session: AsyncSession, e: ProgrammeUpserted, _env: Envelope) -> None:
    await _upsert(
        session,
        CatalogProgramme,
        e.programme_id,
        cycle_id=e.cycle_id,
        scheme_id=e.scheme_id,
        host_institution_id=e.host_institution_id,
        host_institution_name=e.host_institution_name,
        host_country=e.host_country,
        title=e.title,
        field=e.field,
        level=e.level,
        language=e.language,
        seats=e.seats,
        applicant_type=e.applicant_type,
        requirements=e.requirements.model_dump(mode="json"),
    )


async def on_quota_rule(session: AsyncSession, e: QuotaRuleUpserted, _env: Envelope) -> None:
    await _upsert(session, CatalogQuotaRule, e.rule_id, cycle_id=e.cycle_id, rule=e.model_dump(mode="json"))


KINDS = {
    "institution": CatalogInstitution,
    "scheme": CatalogScheme,
    "cycle": CatalogCycle,
    "programme": CatalogProgramme,
    "quota_rule": CatalogQuotaRule,
}


def tombstone_target(subject: str | None, key: str | None) -> tuple[list, str | None]:
    """(tables to delete from, entity id) from a tombstone's subject ("programme:<id>",
    "programme/<id>") and key ("<id>"). An unrecognised kind deletes the id from every table."""
    kind, ident = None, None
    if subject:
        for sep in (":", "/"):
            if sep in subject:
                kind, ident = subject.split(sep, 1)
                break
    if kind is not None:
        kind = kind.strip().lower().replace("-", "_").removeprefix("catalog.").rstrip("s")
    model = KINDS.get(kind or "")
    ident = key or ident or subject
    return ([model] if model else list(KINDS.values())), ident


async def on_catalog_deleted(session: AsyncSession, _e: None, env: Envelope) -> None:
    models, ident = tombstone_target(env.subject, env.key)
    if not ident:
        return
    for model in models:
        await session.execute(delete(model).where(model.id == ident))


# --- matching ---


async def _application(session: AsyncSession, application_id: str) -> Application | None:
    return await session.scalar(select(Application).where(Application.id == application_id).with_for_update())


def _reasons(reasons) -> str | None:
    return "; ".join(f"{r.programme_id}: {r.reason}" for r in reasons) or None


async def _move(session: AsyncSession, application_id: str, kind: str, reason: str | None = None, after=None) -> None:
    application = await _application(session, application_id)
    if application is None:
        return  # not ours (shared topic) or long gone
    new = status_after_match_event(application.status, kind)
    if new is None:
        log.info("match.%s ignored for %s in status %s", kind, application_id, application.status)
        return
    if after is not None:
        after(application)
    record_status(application, new.value, reason)


async def on_match_proposed(session: AsyncSession, e: MatchProposed, _env: Envelope) -> None:
    def keep(a: Application) -> None:
        a.match_id = e.match_id

    await _move(session, e.application_id, "proposed", f"proposed: {e.programme_id} (choice {e.rank})", keep)


async def on_waitlisted(session: AsyncSession, e: ApplicationWaitlisted, _env: Envelope) -> None:
    where = ", ".join(f"{p.programme_id} #{p.position}" for p in e.positions)
    await _move(session, e.application_id, "waitlisted", f"waitlisted: {where}" if where else None)


async def on_unmatched(session: AsyncSession, e: ApplicationUnmatched, _env: Envelope) -> None:
    await _move(session, e.application_id, "unmatched", _reasons(e.reasons))


async def on_match_approved(session: AsyncSession, e: MatchApproved, _env: Envelope) -> None:
    def offer(a: Application) -> None:
        a.match_id = e.match_id
        a.offered_programme_id = e.programme_id

    await _move(session, e.application_id, "approved", f"offer: {e.programme_id}", offer)


async def on_match_rejected(session: AsyncSession, e: MatchRejected, _env: Envelope) -> None:
    application = await _application(session, e.application_id)
    if application is not None and application.match_id not in (None, e.match_id):
        return  # an older match than the one the application holds

    def clear(a: Application) -> None:
        a.match_id = None
        a.offered_programme_id = None

    await _move(session, e.application_id, "rejected", f"match rejected: {e.reason}", clear)


async def on_match_confirmed(session: AsyncSession, e: MatchConfirmed, _env: Envelope) -> None:
    def confirm(a: Application) -> None:
        a.match_id = e.match_id
        a.offered_programme_id = e.programme_id

    application = await _application(session, e.application_id)
    if application is not None and application.status == "accepted":
        application.history = [
            *application.history,
            {"status": "accepted", "at": datetime.now(UTC).isoformat(), "reason": "place confirmed"},
        ]
        return
    await _move(session, e.application_id, "confirmed", "place confirmed", confirm)


CATALOG_HANDLERS = {
    type_of(InstitutionUpserted): on_institution,
    type_of(SchemeUpserted): on_scheme,
    type_of(CycleUpserted): on_cycle,
    type_of(ProgrammeUpserted): on_programme,
    type_of(QuotaRuleUpserted): on_quota_rule,
    "org.corridor.catalog.deleted.v1": on_catalog_deleted,
}

MATCHING_HANDLERS = {
    type_of(MatchProposed): on_match_proposed,
    type_of(ApplicationWaitlisted): on_waitlisted,
    type_of(ApplicationUnmatched): on_unmatched,
    type_of(MatchApproved): on_match_approved,
    type_of(MatchRejected): on_match_rejected,
    type_of(MatchConfirmed): on_match_confirmed,
}
