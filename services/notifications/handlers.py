"""Who is told what: one typed function per consumed event type.

Each handler runs in the consumer's transaction (with the record of the event id), so its
inbox entries, feed entries and outbound notification rows commit together or not at
all; the dispatcher sends the rows after the commit.

Decisions:
- A proposed match (match.proposed) awaits officer review, so the applicant is not told;
  the applicant hears of it once approved (match.approved: "offer of a place"). A rejected
  proposal (match.rejected) is likewise not announced: the applicant never heard of it.
  Partners hear of offers, not of proposals.
- application.offer_accepted is not announced by itself: match.confirmed follows it and
  tells the applicant (and the partner) that the place is confirmed.
- Officers hear of round.completed in their inbox; who they are is configured per scheme
  (settings ``round_officers``).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.notifications.domain import partner
from services.notifications.domain.templates import render
from services.notifications.models import (
    ApplicationRef,
    Contact,
    CycleRef,
    InboxEntry,
    Notification,
    PartnerFeedEntry,
    ProgrammeRef,
    WebhookSubscription,
)
from services.notifications.settings import Settings
from services.notifications.store import upsert
from shared.events.catalog import (
    ApplicantContact,
    ApplicantRegistered,
    ApplicantUpdated,
    ApplicationSubmitted,
    ApplicationUnmatched,
    ApplicationUpdated,
    ApplicationWaitlisted,
    ApplicationWithdrawn,
    CycleUpserted,
    MatchApproved,
    MatchConfirmed,
    OfferDeclined,
    ProgrammeUpserted,
    RoundCompleted,
    type_of,
)
from shared.events.envelope import Envelope
from shared.metrics import NOTIFICATION_DELIVERIES

log = logging.getLogger(__name__)

Handler = Callable[[AsyncSession, Any, Envelope], Awaitable[None]]


# --- local copies of what messages and routing need ---


async def remember_contact(
    session: AsyncSession, applicant_id: str, email: str, name: str, language: str, as_of: datetime
) -> tuple[str, str] | None:
    """Store the contact unless a newer one is stored; (name, language) when these values won."""
    written = await upsert(
        session,
        Contact,
        {"applicant_id": applicant_id, "email": email, "name": name, "language": language, "as_of": as_of},
        ["applicant_id"],
        newer_than="as_of",
        returning=["name", "language"],
    )
    return (written.name, written.language) if written is not None else None


async def remember_application(session: AsyncSession, event: ApplicationSubmitted) -> None:
    await upsert(
        session,
        ApplicationRef,
        {
            "application_id": event.application_id,
            "applicant_id": event.applicant_id,
            "cycle_id": event.cycle_id,
            "scheme_id": event.scheme_id,
            "sending_country": event.sending_country,
            "applicant_type": event.applicant_type,
            "choices": list(event.choices),
        },
        ["application_id"],
    )


async def programmes(session: AsyncSession, ids: list[str]) -> dict[str, ProgrammeRef]:
    if not ids:
        return {}
    rows = await session.scalars(select(ProgrammeRef).where(ProgrammeRef.programme_id.in_(set(ids))))
    return {p.programme_id: p for p in rows}


async def cycle_name(session: AsyncSession, cycle_id: str) -> str:
    cycle = await session.get(CycleRef, cycle_id)
    return cycle.name if cycle else cycle_id


def title(progs: dict[str, ProgrammeRef], pid: str) -> str:
    p = progs.get(pid)
    return p.title if p else pid


def institution_name(progs: dict[str, ProgrammeRef], pid: str, fallback: str) -> str:
    p = progs.get(pid)
    return (p.host_institution_name or p.host_institution_id) if p else fallback


# --- the applicant: inbox now, e-mail through the dispatcher ---


async def tell_applicant(
    session: AsyncSession,
    env: Envelope,
    applicant_id: str,
    kind: str,
    context: dict[str, Any],
    contact: tuple[str, str] | None = None,
) -> None:
    """``contact``: (name, language) as just stored in this transaction (saves reading it back)."""
    if contact is not None:
        name, language = contact
    else:
        stored = await session.get(Contact, applicant_id)
        language = stored.language if stored else "en"
        name = stored.name if stored else applicant_id
    message = render(kind, language, {**context, "name": name})
    session.add(
        InboxEntry(
            recipient_id=applicant_id,
            source_event_id=env.id,
            event_type=env.type,
            subject=message.subject[:300],
            body=message.text,
            language=message.language,
        )
    )
    NOTIFICATION_DELIVERIES.labels("inbox", "delivered").inc()
    # The e-mail is rendered when sent, with the contact as known then (it may arrive later).
    session.add(
        Notification(
            source_event_id=env.id,
            event_type=env.type,
            channel="email",
            recipient=applicant_id,
            template=kind,
            context=context,
        )
    )


# --- partners: the feed, and a webhook row per matching subscription ---


async def tell_partners(
    session: AsyncSession, env: Envelope, partner_type: str, payloads: dict[str, dict[str, Any]]
) -> None:
    if not payloads:
        return
    subs = (
        await session.scalars(
            select(WebhookSubscription).where(
                WebhookSubscription.institution_id.in_(list(payloads)), WebhookSubscription.active.is_(True)
            )
        )
    ).all()
    for institution_id, payload in payloads.items():
        entry = PartnerFeedEntry(
            institution_id=institution_id, source_event_id=env.id, event_type=partner_type, payload=payload
        )
        session.add(entry)
        for sub in subs:
            if sub.institution_id == institution_id and partner.wants(sub.event_types, partner_type):
                session.add(
                    Notification(
                        source_event_id=env.id,
                        event_type=env.type,
                        channel="webhook",
                        recipient=sub.id,
                        institution_id=institution_id,
                        context={"message_id": entry.message_id, "payload": payload},
                    )
                )


async def partner_payloads(
    session: AsyncSession,
    env: Envelope,
    partner_type: str,
    *,
    application_id: str,
    cycle_id: str,
    by_institution: dict[str, list[str]],
    match_id: str | None = None,
    waitlist: list[dict[str, Any]] | None = None,
    app: ApplicationSubmitted | ApplicationRef | None = None,
) -> dict[str, dict[str, Any]]:
    """``app``: the application's stored facts when the caller has them (else they are read)."""
    if not by_institution:
        return {}
    if app is None:
        app = await session.get(ApplicationRef, application_id)
    out = {}
    for institution_id, pids in by_institution.items():
        out[institution_id] = partner.project(
            partner_type,
            timestamp=env.time,
            application_id=application_id,
            cycle_id=cycle_id,
            scheme_id=app.scheme_id if app else None,
            sending_country=app.sending_country if app else None,
            applicant_type=app.applicant_type if app else None,
            programme_ids=pids,
            match_id=match_id,
            waitlist=[w for w in waitlist if w["programme_id"] in pids] if waitlist is not None else None,
        )
    return out


async def route(
    session: AsyncSession, programme_ids: list[str], progs: dict[str, ProgrammeRef] | None = None
) -> dict[str, list[str]]:
    """Programme ids by host institution; ``progs``: those programmes if already read."""
    if progs is None:
        progs = await programmes(session, programme_ids)
    unknown = [p for p in programme_ids if p not in progs]
    if unknown:
        log.warning("programmes not in the local catalog, no partner routing for them: %s", unknown)
    return partner.institutions_for(programme_ids, {k: v.host_institution_id for k, v in progs.items()})


# --- handlers ---


async def on_applicant_contact(session: AsyncSession, event: ApplicantContact, env: Envelope) -> None:
    await remember_contact(session, event.applicant_id, event.email, event.name, event.preferred_language, env.time)


async def on_application_submitted(session: AsyncSession, event: ApplicationSubmitted, env: Envelope) -> None:
    contact = await remember_contact(
        session, event.applicant_id, event.email, event.name, event.preferred_language, env.time
    )
    await remember_application(session, event)
    progs = await programmes(session, event.choices)
    context = {
        "cycle": await cycle_name(session, event.cycle_id),
        "programmes": [title(progs, p) for p in event.choices],
    }
    await tell_applicant(session, env, event.applicant_id, "application_submitted", context, contact)
    by_inst = await route(session, event.choices, progs)
    # The application's facts are the event's: remember_application has just stored them.
    await tell_partners(
        session,
        env,
        "application.submitted",
        await partner_payloads(
            session,
            env,
            "application.submitted",
            application_id=event.application_id,
            cycle_id=event.cycle_id,
            by_institution=by_inst,
            app=event,
        ),
    )


async def on_application_updated(session: AsyncSession, event: ApplicationUpdated, env: Envelope) -> None:
    """Not announced to the applicant (they made the change); partners see their current part.

    A partner whose programme was dropped hears of it too, with an empty programme list.
    """
    await remember_contact(session, event.applicant_id, event.email, event.name, event.preferred_language, env.time)
    before = await session.get(ApplicationRef, event.application_id)
    old_choices = list(before.choices) if before else []
    await remember_application(session, event)
    by_inst = await route(session, event.choices)
    for inst in await route(session, old_choices):
        by_inst.setdefault(inst, [])
    await tell_partners(
        session,
        env,
        "application.updated",
        await partner_payloads(
            session,
            env,
            "application.updated",
            application_id=event.application_id,
            cycle_id=event.cycle_id,
            by_institution=by_inst,
        ),
    )


async def on_application_withdrawn(session: AsyncSession, event: ApplicationWithdrawn, env: Envelope) -> None:
    await tell_applicant(
        session, env, event.applicant_id, "application_withdrawn", {"cycle": await cycle_name(session, event.cycle_id)}
    )
    app = await session.get(ApplicationRef, event.application_id)
    by_inst = await route(session, list(app.choices) if app else [])
    await tell_partners(
        session,
        env,
        "application.withdrawn",
        await partner_payloads(
            session,
            env,
            "application.withdrawn",
            application_id=event.application_id,
            cycle_id=event.cycle_id,
            by_institution=by_inst,
        ),
    )


async def on_match_approved(session: AsyncSession, event: MatchApproved, env: Envelope) -> None:
    await _tell_about_place(session, event, env, "offer_made", "application.offered")


async def on_match_confirmed(session: AsyncSession, event: MatchConfirmed, env: Envelope) -> None:
    await _tell_about_place(session, event, env, "place_confirmed", "application.confirmed")


async def _tell_about_place(
    session: AsyncSession, event: MatchApproved | MatchConfirmed, env: Envelope, template: str, partner_type: str
) -> None:
    """An offer made or a place confirmed: the applicant with the programme, the host partner."""
    progs = await programmes(session, [event.programme_id])
    context = {
        "programme": title(progs, event.programme_id),
        "institution": institution_name(progs, event.programme_id, event.host_institution_id),
        "cycle": await cycle_name(session, event.cycle_id),
    }
    await tell_applicant(session, env, event.applicant_id, template, context)
    await tell_partners(
        session,
        env,
        partner_type,
        await partner_payloads(
            session,
            env,
            partner_type,
            application_id=event.application_id,
            cycle_id=event.cycle_id,
            by_institution={event.host_institution_id: [event.programme_id]},
            match_id=event.match_id,
        ),
    )


async def on_offer_declined(session: AsyncSession, event: OfferDeclined, env: Envelope) -> None:
    progs = await programmes(session, [event.programme_id])
    context = {"programme": title(progs, event.programme_id), "cycle": await cycle_name(session, event.cycle_id)}
    await tell_applicant(session, env, event.applicant_id, "offer_declined", context)
    by_inst = await route(session, [event.programme_id])
    await tell_partners(
        session,
        env,
        "application.declined",
        await partner_payloads(
            session,
            env,
            "application.declined",
            application_id=event.application_id,
            cycle_id=event.cycle_id,
            by_institution=by_inst,
            match_id=event.match_id,
        ),
    )


async def on_waitlisted(session: AsyncSession, event: ApplicationWaitlisted, env: Envelope) -> None:
    ids = [w.programme_id for w in event.positions] + [r.programme_id for r in event.reasons]
    progs = await programmes(session, ids)
    context = {
        "cycle": await cycle_name(session, event.cycle_id),
        "positions": [{"programme": title(progs, w.programme_id), "position": w.position} for w in event.positions],
        "reasons": [{"programme": title(progs, r.programme_id), "reason": r.reason} for r in event.reasons],
    }
    await tell_applicant(session, env, event.applicant_id, "waitlisted", context)
    by_inst = await route(session, [w.programme_id for w in event.positions])
    await tell_partners(
        session,
        env,
        "application.waitlisted",
        await partner_payloads(
            session,
            env,
            "application.waitlisted",
            application_id=event.application_id,
            cycle_id=event.cycle_id,
            by_institution=by_inst,
            waitlist=[w.model_dump() for w in event.positions],
        ),
    )


async def on_unmatched(session: AsyncSession, event: ApplicationUnmatched, env: Envelope) -> None:
    progs = await programmes(session, [r.programme_id for r in event.reasons])
    context = {
        "cycle": await cycle_name(session, event.cycle_id),
        "reasons": [{"programme": title(progs, r.programme_id), "reason": r.reason} for r in event.reasons],
    }
    await tell_applicant(session, env, event.applicant_id, "unmatched", context)
    # Partners learn only that the application is unplaced, not the reasons.
    by_inst = await route(session, [r.programme_id for r in event.reasons])
    await tell_partners(
        session,
        env,
        "application.unmatched",
        await partner_payloads(
            session,
            env,
            "application.unmatched",
            application_id=event.application_id,
            cycle_id=event.cycle_id,
            by_institution=by_inst,
        ),
    )


async def on_programme_upserted(session: AsyncSession, event: ProgrammeUpserted, env: Envelope) -> None:
    await upsert(
        session,
        ProgrammeRef,
        {
            "programme_id": event.programme_id,
            "title": event.title[:300],
            "host_institution_id": event.host_institution_id,
            "host_institution_name": event.host_institution_name[:300],
            "cycle_id": event.cycle_id,
            "scheme_id": event.scheme_id,
        },
        ["programme_id"],
    )


async def on_cycle_upserted(session: AsyncSession, event: CycleUpserted, env: Envelope) -> None:
    await upsert(
        session,
        CycleRef,
        {"cycle_id": event.cycle_id, "scheme_id": event.scheme_id, "name": event.name[:300]},
        ["cycle_id"],
    )


def officers_for(round_officers: dict[str, list[str]], scheme_id: str | None) -> list[str]:
    """The configured officers of the scheme plus those of every scheme ("*"), without repeats."""
    ids = list(round_officers.get(scheme_id, [])) if scheme_id else []
    ids += round_officers.get("*", [])
    return list(dict.fromkeys(ids))


def make_round_completed(settings: Settings) -> Handler:
    async def on_round_completed(session: AsyncSession, event: RoundCompleted, env: Envelope) -> None:
        cycle = await session.get(CycleRef, event.cycle_id)
        officers = officers_for(settings.round_officers, cycle.scheme_id if cycle else None)
        context = {
            "cycle": cycle.name if cycle else event.cycle_id,
            "round_id": event.round_id,
            "matched": event.matched,
            "waitlisted": event.waitlisted,
            "unmatched": event.unmatched,
        }
        message = render("round_completed", "en", context)
        for officer_id in officers:
            session.add(
                InboxEntry(
                    recipient_id=officer_id,
                    source_event_id=env.id,
                    event_type=env.type,
                    subject=message.subject[:300],
                    body=message.text,
                    language=message.language,
                )
            )

    return on_round_completed


def make_handlers(settings: Settings) -> dict[str, Handler]:
    return {
        type_of(ApplicantRegistered): on_applicant_contact,
        type_of(ApplicantUpdated): on_applicant_contact,
        type_of(ApplicationSubmitted): on_application_submitted,
        type_of(ApplicationUpdated): on_application_updated,
        type_of(ApplicationWithdrawn): on_application_withdrawn,
        type_of(OfferDeclined): on_offer_declined,
        type_of(MatchApproved): on_match_approved,
        type_of(MatchConfirmed): on_match_confirmed,
        type_of(ApplicationWaitlisted): on_waitlisted,
        type_of(ApplicationUnmatched): on_unmatched,
        type_of(RoundCompleted): make_round_completed(settings),
        type_of(ProgrammeUpserted): on_programme_upserted,
        type_of(CycleUpserted): on_cycle_upserted,
    }
