"""One typed function per consumed event; each runs inside the consumer's transaction.

corridor.catalog.v1 -> the local catalog read model (``service/catalog.py``: upserts;
tombstones delete). corridor.matching.v1 -> the status of the applicant's application
(``service/outcomes.py``), incl. the award path's endorsement, nomination and host admission decisions. Events about applications this service does not hold (the
topics are shared) are ignored.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.applications.domain.lifecycle import MatchOutcome
from services.applications.models import (
    Account,
    CatalogCycle,
    CatalogInstitution,
    CatalogProgramme,
    CatalogQuotaRule,
    CatalogScheme,
)
from services.applications.service import catalog, officer, outcomes
from shared.events.catalog import (
    AdmissionDecided,
    AdmissionRequested,
    ApplicationUnmatched,
    ApplicationWaitlisted,
    ChoiceReason,
    CycleUpserted,
    EndorsementDecided,
    InstitutionUpserted,
    MatchApproved,
    MatchConfirmed,
    MatchProposed,
    MatchRejected,
    NominationDecided,
    ProgrammeUpserted,
    QuotaRuleUpserted,
    ReviewerAssigned,
    ReviewerUnassigned,
    SchemeUpserted,
    type_of,
)
from shared.events.envelope import Envelope
from shared.kafka.consumer import Handler

# --- catalog ---


async def on_institution(session: AsyncSession, e: InstitutionUpserted, _env: Envelope) -> None:
    await catalog.upsert(
        session,
        CatalogInstitution,
        e.institution_id,
        name=e.name,
        translations=dict(e.translations),
        country=e.country,
        kind=e.kind,
    )


async def on_scheme(session: AsyncSession, e: SchemeUpserted, _env: Envelope) -> None:
    await catalog.upsert(
        session,
        CatalogScheme,
        e.scheme_id,
        name=e.name,
        translations=dict(e.translations),
        sponsor=e.sponsor,
        eligible_countries=list(e.eligible_countries),
        max_choices=e.max_choices,
        path=[stage.value for stage in e.path],
    )


async def on_cycle(session: AsyncSession, e: CycleUpserted, _env: Envelope) -> None:
    await catalog.upsert(
        session,
        CatalogCycle,
        e.cycle_id,
        scheme_id=e.scheme_id,
        name=e.name,
        translations=dict(e.translations),
        opens_at=e.opens_at,
        closes_at=e.closes_at,
        starts_on=e.starts_on,
        max_choices=e.max_choices,
        eligible_countries=list(e.eligible_countries),
    )


async def on_programme(session: AsyncSession, e: ProgrammeUpserted, _env: Envelope) -> None:
    await catalog.upsert(
        session,
        CatalogProgramme,
        e.programme_id,
        cycle_id=e.cycle_id,
        scheme_id=e.scheme_id,
        host_institution_id=e.host_institution_id,
        host_institution_name=e.host_institution_name,
        host_institution_translations=dict(e.host_institution_translations),
        host_country=e.host_country,
        title=e.title,
        translations=dict(e.translations),
        field=e.field,
        level=e.level,
        language=e.language,
        seats=e.seats,
        applicant_type=e.applicant_type,
        requirements=e.requirements.model_dump(mode="json"),
        award=e.award.model_dump(mode="json"),
    )


async def on_quota_rule(session: AsyncSession, e: QuotaRuleUpserted, _env: Envelope) -> None:
    await catalog.upsert(session, CatalogQuotaRule, e.rule_id, cycle_id=e.cycle_id, rule=e.model_dump(mode="json"))


async def on_catalog_deleted(session: AsyncSession, _e: None, env: Envelope) -> None:
    await catalog.delete_entity(session, env.subject, env.key)


# --- matching ---

UNDER_REVIEW = "under review"


def _reasons(reasons: Iterable[ChoiceReason]) -> str | None:
    return "; ".join(f"{r.programme_id}: {r.reason}" for r in reasons) or None


async def on_match_proposed(session: AsyncSession, e: MatchProposed, _env: Envelope) -> None:
    # A proposal is not announced: the applicant reads "under review"; officers see the programme.
    await outcomes.apply(
        session,
        e.application_id,
        MatchOutcome.PROPOSED,
        UNDER_REVIEW,
        internal_reason=f"proposed: {e.programme_id} (choice {e.rank})",
        match_id=e.match_id,
    )


async def on_waitlisted(session: AsyncSession, e: ApplicationWaitlisted, _env: Envelope) -> None:
    names = await catalog.programme_names(session, [p.programme_id for p in e.positions])
    where = "; ".join(f"{names[p.programme_id]} #{p.position}" for p in e.positions)
    # the same by code, for a reader to word in its language
    details = [
        {
            "programme_id": p.programme_id,
            "programme": names[p.programme_id],
            "code": "round.waitlist_position",
            "params": {"position": p.position},
            "text": f"#{p.position}",
        }
        for p in e.positions
    ]
    # and why each other choice placed it nowhere, so the applicant reads every choice's result
    details += await _details(session, [r for r in e.reasons if r.programme_id not in names])
    await outcomes.apply(session, e.application_id, MatchOutcome.WAITLISTED, where or None, details=details)


async def _details(session: AsyncSession, reasons: list[ChoiceReason]) -> list[dict[str, Any]]:
    """The reasons by code, each with the programme's name, for a reader to word them."""
    names = await catalog.programme_names(session, [r.programme_id for r in reasons])
    return [
        {
            "programme_id": r.programme_id,
            "programme": names[r.programme_id],
            "code": r.code,
            "params": r.params,
            "text": r.reason,
        }
        for r in reasons
    ]


async def on_unmatched(session: AsyncSession, e: ApplicationUnmatched, _env: Envelope) -> None:
    await outcomes.apply(
        session,
        e.application_id,
        MatchOutcome.UNMATCHED,
        _reasons(e.reasons),
        details=await _details(session, e.reasons),
    )


async def _named_for(session: AsyncSession, applicant_id: str, programme_id: str) -> str:
    """The programme as its applicant reads it in the history of their application: "Title, Host"
    in their language where the catalog has it (the line is stored as text)."""
    programme = (await catalog.programmes_by_id(session, [programme_id])).get(programme_id)
    language = None
    if catalog.has_translations(programme):  # else the applicant's language changes nothing: not read
        language = await session.scalar(select(Account.preferred_language).where(Account.id == applicant_id))
    return catalog.programme_name(programme, programme_id, language)


async def on_match_approved(session: AsyncSession, e: MatchApproved, _env: Envelope) -> None:
    await outcomes.apply(
        session,
        e.application_id,
        MatchOutcome.APPROVED,
        await _named_for(session, e.applicant_id, e.programme_id),
        match_id=e.match_id,
        offered_programme_id=e.programme_id,
        offer_reply_by=e.reply_by,
    )


async def on_match_rejected(session: AsyncSession, e: MatchRejected, _env: Envelope) -> None:
    await outcomes.apply(
        session,
        e.application_id,
        MatchOutcome.REJECTED,
        e.message_to_applicant or None,  # the officer's own reason stays internal
        internal_reason=f"match rejected: {e.reason}",
        of_match=e.match_id,
        match_id=None,
        offered_programme_id=None,
        offer_reply_by=None,
    )


async def on_match_confirmed(session: AsyncSession, e: MatchConfirmed, _env: Envelope) -> None:
    await outcomes.apply(
        session,
        e.application_id,
        MatchOutcome.CONFIRMED,
        "place confirmed",
        match_id=e.match_id,
        offered_programme_id=e.programme_id,
    )


# --- the award path (issue 14): the nominating authority and the host ---


async def on_nomination_decided(session: AsyncSession, e: NominationDecided, _env: Envelope) -> None:
    await outcomes.nominate(session, e)


async def on_endorsement_decided(session: AsyncSession, e: EndorsementDecided, _env: Envelope) -> None:
    await outcomes.endorse(session, e)


async def on_admission_requested(session: AsyncSession, e: AdmissionRequested, _env: Envelope) -> None:
    # the applicant reads which programme's host now decides (officers approved it)
    programme = await _named_for(session, e.applicant_id, e.programme_id)
    await outcomes.admission_requested(session, e.match_id, e.application_id, programme, e.host_institution_id)


async def on_admission_decided(session: AsyncSession, e: AdmissionDecided, _env: Envelope) -> None:
    await outcomes.admission_decided(session, e)


# --- the selection committee: what a committee reviewer may read -----------------------------


async def on_reviewer_assigned(session: AsyncSession, e: ReviewerAssigned, _env: Envelope) -> None:
    await officer.remember_assignments(session, e.reviewer_id, e.application_ids)
    if e.replaced_reviewer_id:  # given to this reviewer, taken from that one
        await officer.forget_assignments(session, e.replaced_reviewer_id, e.application_ids)


async def on_reviewer_unassigned(session: AsyncSession, e: ReviewerUnassigned, _env: Envelope) -> None:
    await officer.forget_assignments(session, e.reviewer_id, e.application_ids)


CATALOG_HANDLERS: dict[str, Handler] = {
    type_of(InstitutionUpserted): on_institution,
    type_of(SchemeUpserted): on_scheme,
    type_of(CycleUpserted): on_cycle,
    type_of(ProgrammeUpserted): on_programme,
    type_of(QuotaRuleUpserted): on_quota_rule,
    "org.corridor.catalog.deleted.v1": on_catalog_deleted,
}

MATCHING_HANDLERS: dict[str, Handler] = {
    type_of(MatchProposed): on_match_proposed,
    type_of(ApplicationWaitlisted): on_waitlisted,
    type_of(ApplicationUnmatched): on_unmatched,
    type_of(MatchApproved): on_match_approved,
    type_of(MatchRejected): on_match_rejected,
    type_of(MatchConfirmed): on_match_confirmed,
    type_of(EndorsementDecided): on_endorsement_decided,
    type_of(NominationDecided): on_nomination_decided,
    type_of(AdmissionRequested): on_admission_requested,
    type_of(AdmissionDecided): on_admission_decided,
    type_of(ReviewerAssigned): on_reviewer_assigned,
    type_of(ReviewerUnassigned): on_reviewer_unassigned,
}
