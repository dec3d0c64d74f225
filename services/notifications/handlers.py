"""Who is told what: one typed function per consumed event type.

Each runs in the consumer's transaction (with the record of the event id) and decides the
message kind, its context and the partners concerned; ``service/fanout.py`` writes the
inbox entries, feed entries and notification rows, ``service/references.py`` the local
copies of contacts, applications, programmes and cycles.

Decisions:
- A proposed match (match.proposed) awaits officer review, so nobody is told (it is not
  even consumed): the applicant sees "under review" in the portal and hears once an
  officer approves it (match.approved: "offer of a place"). Partners hear of offers, not
  of proposals.
- A rejected proposal (match.rejected) tells the applicant that the proposed place was not
  approved and that a later round may place them at another choice (their page had said
  "under review" and now says "submitted"), with the officer's ``message_to_applicant`` when
  there is one; never the internal ``reason`` nor the programme that was proposed; partners
  are not told.
- application.offer_accepted is not announced by itself: match.confirmed follows it and
  tells the applicant (and the partner) that the place is confirmed.
- Tell once per change: each notice about an application names what it says (``says``:
  status, positions, reasons, match, message); one that says what its recipient was last
  told is skipped (``service/fanout.py``, ``domain/told.py``).
- round.completed tells (inbox and e-mail, in each one's language) the active officers
  who manage the cycle's scheme, known from account.upserted; admins only when no such
  officer is active (``domain/officers.py``).
- document.rejected tells the applicant (inbox and e-mail, in their language) which document
  to upload again, the reason in their words, the officer's note as written and the last day;
  document.resubmitted tells the officer who rejected the version it replaces (inbox and
  e-mail, in their language); document.verified is not announced (the portal shows it).
- application.message_sent from an officer tells the applicant (inbox and e-mail, in their
  language) the officer's text as written and that the reply goes on the application page,
  and remembers who wrote (``author_id``); the applicant's reply tells those who wrote in the
  thread (an officer only while the application is in their scope), else, when none is known,
  the active officers who see the application (its scheme, and its choices' hosts for an
  officer scoped to institutions; the admins when there is none): that the applicant replied,
  with the link to the thread, never the reply (the event carries none).
- The selection committee (issue 16): reviewer.assigned tells the reviewer (inbox and e-mail,
  in their language) once per assignment run or reassignment: the cycle, how many
  applications, and the link to their list; review.moderation_flagged tells the scheme's
  officers (as a round), except the application's reviewers who have not submitted yet (they
  may not see others' scores), with the link to the cycle's committee page.
- document.task_due tells the applicant (inbox and e-mail, in their language) that a
  re-upload task's last day is near (each reminder day once) or has passed: which document,
  the last day, and to upload a new version on the application page.
- referee.requested and .reminded are e-mailed to the referee (no account, no inbox) in the
  referee's language with the link, and .cancelled tells the referee the request ended; referee.letter_submitted and .declined tell the applicant
  (inbox and e-mail), never the letter (``service/referees.py``).
- account.notice (a lock, a password change, a reset link, an account disabled or enabled,
  a registration with an address that already has an account) is e-mailed to the address
  the event names, in the owner's language; never an inbox entry (``service/fanout.py``).
- The award path (issue 14, ``service/award.py``): endorsement.decided tells the applicant
  (endorsed by the home institution, in a cohort if any; or not endorsed, with its reason);
  nomination.decided tells the applicant
  (nominated, moved up, reserve position, not nominated with the authority's reason,
  withdrawn); admission.requested tells the applicant "with the host" (not an offer) and the
  host institution (feed, webhooks); admission.decided tells the host every version and
  the applicant a rejection (the reason in their words, the host's note as written); an
  admission is told by the offer that follows it, which then says the host admitted them.
- stage.deadline_near tells the stage's owner (a nomination's: the country's nominators; an
  admission's: the host's partner users; an endorsement's: the home institution's
  coordinators, from account.upserted with role coordinator); stage.deadline_passed tells
  the scheme's officers as a round does; stage.awaiting tells a home institution's
  coordinators that new applicants wait for their endorsement.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import quote, urlencode

from sqlalchemy.ext.asyncio import AsyncSession

from services.notifications.domain.officers import (
    application_audience,
    committee_audience,
    coordinators_of,
    host_users,
    nominators_of,
    reply_audience,
    round_audience,
)
from services.notifications.models import Account, ApplicationRef
from services.notifications.service import erasure, partners
from services.notifications.service.award import (
    ACCEPTED,
    ADMITTED,
    HELD_ORDER,
    admission_step,
    endorsement_stage,
    nomination_stage,
    places_held,
    remember_accepted_place,
    tell_admission_decided,
    tell_admission_requested,
    tell_endorsement,
    tell_endorsers_left,
    tell_nomination,
    tell_withdrawal_to_hosts,
)
from services.notifications.service.deliveries import retry_emails_now
from services.notifications.service.fanout import (
    FactsKey,
    after_withdrawal,
    email_account_owner,
    notice_facts,
    read_facts_ahead,
    route,
    stored_contact,
    tell_applicant,
    tell_partners,
    tell_staff,
)
from services.notifications.service.interviews import tell_booking, tell_invited
from services.notifications.service.referees import email_referee, email_referee_cancelled, tell_applicant_answered
from services.notifications.service.references import (
    accounts_picked,
    cycle_name,
    cycle_ref,
    host_name,
    institution_name,
    principal,
    programmes,
    reason_item,
    remember_account,
    remember_application,
    remember_contact,
    remember_cycle,
    remember_institution,
    remember_programme,
    remember_scheme,
    remember_thread_author,
    staff,
    thread_authors,
    title,
)
from services.notifications.settings import Settings
from shared.events.catalog import (
    AccountNotice,
    AccountUpserted,
    AdmissionDecided,
    AdmissionRequested,
    ApplicantContact,
    ApplicantErased,
    ApplicantRegistered,
    ApplicantUpdated,
    ApplicationMessageSent,
    ApplicationSubmitted,
    ApplicationUnmatched,
    ApplicationUpdated,
    ApplicationWaitlisted,
    ApplicationWithdrawn,
    CycleUpserted,
    DocumentRejected,
    DocumentResubmitted,
    DocumentTaskDue,
    EndorsementDecided,
    InstitutionUpserted,
    InterviewBooked,
    InterviewCancelled,
    InterviewInvited,
    MatchApproved,
    MatchConfirmed,
    MatchRejected,
    NominationDecided,
    OfferDeclined,
    PapersIssued,
    ProgrammeUpserted,
    RefereeCancelled,
    RefereeDeclined,
    RefereeLetterSubmitted,
    RefereeReminded,
    RefereeRequested,
    ReviewerAssigned,
    ReviewerUnassigned,
    ReviewModerationFlagged,
    RoundCompleted,
    SchemeUpserted,
    StageAwaiting,
    StageDeadlineNear,
    StageDeadlinePassed,
    type_of,
)
from shared.events.envelope import Envelope
from shared.kafka.consumer import Handler
from shared.moments import when_in
from shared.principal import Role


async def on_applicant_contact(session: AsyncSession, event: ApplicantContact, env: Envelope) -> None:
    written = await remember_contact(
        session, event.applicant_id, event.email, event.name, event.preferred_language, env.time
    )
    if written is not None:  # e-mails that failed for want of this address go now, not after their delay
        await retry_emails_now(session, event.applicant_id)


async def on_applicant_erased(session: AsyncSession, event: ApplicantErased, env: Envelope) -> None:
    await erasure.erase_applicant(session, event, env.time)


async def on_application_submitted(session: AsyncSession, event: ApplicationSubmitted, env: Envelope) -> None:
    # The contact comes from the applicant events; read before this one, or not yet (another
    # partition): then the inbox entry is in the application's language, without a name, and
    # the e-mail waits for the address (it is rendered when sent).
    contact = await stored_contact(session, event.applicant_id) or ("", event.preferred_language)
    await remember_application(session, event)
    progs = await programmes(session, event.choices)
    context = {
        "cycle": await cycle_name(session, event.cycle_id),
        "programmes": [
            {"programme": title(progs, p), "institution": institution_name(progs, p, "")} for p in event.choices
        ],
        **await nomination_stage(session, event.scheme_id, event.sending_country),
        **await endorsement_stage(session, event.scheme_id, event.home_institution_id),
    }
    await tell_applicant(
        session,
        env,
        event.applicant_id,
        "application_submitted",
        context,
        application_id=event.application_id,
        says={"choices": list(event.choices)},
        contact=contact,
    )
    await tell_partners(
        session,
        env,
        "application.submitted",
        application_id=event.application_id,
        cycle_id=event.cycle_id,
        by_institution=await route(session, event.choices, progs),
        app=event,  # the application's facts are the event's (just stored)
    )


async def on_application_updated(session: AsyncSession, event: ApplicationUpdated, env: Envelope) -> None:
    """Not announced to the applicant (they made the change); partners see their current part.

    A partner whose programme was dropped hears of it too, with an empty programme list.
    """
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
        application_id=event.application_id,
        cycle_id=event.cycle_id,
        by_institution=by_inst,
    )


async def on_application_withdrawn(
    session: AsyncSession, event: ApplicationWithdrawn, env: Envelope, *, portal: str = ""
) -> None:
    held = await places_held(session, event.application_id)
    gave_up = sorted(h for h, state in held.items() if state == ACCEPTED)
    cycle = await cycle_name(session, event.cycle_id)
    if gave_up:  # the place they had accepted, said as such
        kind, context = "place_given_up", {"cycle": cycle, "institution": await host_name(session, gave_up[0])}
    else:
        kind, context = "application_withdrawn", {"cycle": cycle}
    await tell_applicant(session, env, event.applicant_id, kind, context, application_id=event.application_id, says={})
    app = await session.get(ApplicationRef, event.application_id)
    if app is not None:
        app.withdrawn = True  # what arrives after it about the application is told to nobody
    await tell_partners(
        session,
        env,
        "application.withdrawn",
        application_id=event.application_id,
        cycle_id=event.cycle_id,
        by_institution=await route(session, list(app.choices) if app else []),
        app=app,
    )
    await tell_withdrawal_to_hosts(session, env, app, event, cycle, held, portal)
    if held and app is not None:  # the seat is free for the next round: its officers hear it
        strongest = min(held.values(), key=HELD_ORDER.index)
        context = {
            "cycle": cycle,
            "country": app.sending_country,
            "institution": ", ".join([await host_name(session, h) for h in sorted(held)]),
            "held": {ACCEPTED: "accepted", ADMITTED: "admitted"}.get(strongest, "with_host"),
        }
        if portal:
            context["link"] = f"{portal}/officer/cycles/{quote(event.cycle_id, safe='')}"
        accounts = {a.account_id: a for a in await staff(session)}
        told = application_audience((principal(a) for a in accounts.values()), app.scheme_id, sorted(held))
        await tell_staff(session, env, [accounts[i] for i in told], "place_freed_officers", context)
    left = "gave_up" if gave_up else "withdrew"
    await tell_endorsers_left(
        session, env, event.application_id, event.applicant_id, event.cycle_id, left, portal=portal
    )


async def on_match_approved(session: AsyncSession, event: MatchApproved, env: Envelope) -> None:
    # The offer's last day to answer (UTC), as an ISO date: contexts are stored as JSON.
    reply_by = event.reply_by.isoformat() if event.reply_by else None
    await _tell_about_place(session, event, env, "offer_made", "application.offered", reply_by=reply_by)


async def on_match_confirmed(session: AsyncSession, event: MatchConfirmed, env: Envelope, *, portal: str = "") -> None:
    await _tell_about_place(session, event, env, "place_confirmed", "application.confirmed")
    await remember_accepted_place(session, event)
    # the host's admissions staff: their next step is the admission papers
    link = f"{portal}/host/applications/{quote(event.application_id, safe='')}" if portal else None
    answer = await _answer_of(session, event.application_id, event.cycle_id, event.programme_id)
    await _tell_hosts(session, env, answer, "place_accepted_host", link)


@dataclass(frozen=True)
class _Answer:
    """An applicant's answer to an offer as the staff hear it: the notice's words (no name:
    the applicant's identity is the host's only with consent), and who is concerned."""

    context: dict[str, Any]  # cycle, programme, the sending country
    hosts: list[str]  # the programme's host institution(s)
    scheme_id: str | None


async def _answer_of(session: AsyncSession, application_id: str, cycle_id: str, programme_id: str) -> _Answer:
    progs = await programmes(session, [programme_id])
    app = await session.get(ApplicationRef, application_id)
    context = {
        "cycle": await cycle_name(session, cycle_id),
        "programme": title(progs, programme_id),
        "country": app.sending_country if app else "",
    }
    return _Answer(context, list(await route(session, [programme_id], progs)), app.scheme_id if app else None)


async def _tell_hosts(session: AsyncSession, env: Envelope, answer: _Answer, kind: str, link: str | None) -> None:
    """The programme's host's partner users hear the answer, by inbox and e-mail."""
    context = {**answer.context, **({"link": link} if link else {})}
    for institution in answer.hosts:
        told = await accounts_picked(session, Role.PARTNER, partial(host_users, institution_id=institution))
        # which of its universities: one office admits for four, and "the place at Clinical
        # Medicine" left it to click through to find out where
        named = {**context, "institution": await host_name(session, institution)}
        await tell_staff(session, env, told, kind, named)


Outcome = ApplicationWaitlisted | ApplicationUnmatched | MatchApproved | MatchConfirmed


def _facts_key(event: Outcome) -> FactsKey:
    """What an outcome's notice reads of its applicant and application (``notice_facts``): an
    offer also the host's admission step."""
    step = admission_step(event.match_id) if isinstance(event, MatchApproved) else None
    return event.applicant_id, event.application_id, step


async def read_outcome_facts_ahead(session: AsyncSession, items: list[tuple[Any, Envelope]]) -> None:
    """The consumer's read-ahead (``shared.kafka.consumer.ReadAhead``): a batch of a round's
    outcomes only has the facts of all its notices read in one statement. Their handlers write
    none of what the others read (contacts, applications, award steps); any other event in the
    batch (a new contact, a submission) might, so then each notice reads its own as it goes."""
    if all(isinstance(data, Outcome) for data, _env in items):
        await read_facts_ahead(session, [_facts_key(data) for data, _env in items])


async def _tell_about_place(
    session: AsyncSession,
    event: MatchApproved | MatchConfirmed,
    env: Envelope,
    template: str,
    partner_type: str,
    reply_by: str | None = None,
) -> None:
    """An offer made or a place confirmed: the applicant with the programme, the host partner.
    An offer reads with the notice's facts whether the host admitted the applicant before it
    (the offer says so when the host's newest decision is an admission)."""
    facts = await notice_facts(session, *_facts_key(event))
    if after_withdrawal(facts.app, event):
        return
    progs = await programmes(session, [event.programme_id])
    context: dict[str, Any] = {
        "programme": title(progs, event.programme_id),
        "institution": institution_name(progs, event.programme_id, event.host_institution_id),
        "cycle": await cycle_name(session, event.cycle_id),
        "reply_by": reply_by,
        "admitted": facts.award_state == ADMITTED,
        "note": facts.award_note if facts.award_state == ADMITTED else None,
    }
    place = progs[event.programme_id].award if event.programme_id in progs else None
    if place and template == "offer_made":  # what accepting gives: the offer says it
        context["place"] = dict(place)
    await tell_applicant(
        session,
        env,
        event.applicant_id,
        template,
        context,
        application_id=event.application_id,
        says={"match_id": event.match_id, "programme_id": event.programme_id, "reply_by": reply_by},
        contact=facts.contact,
    )
    await tell_partners(
        session,
        env,
        partner_type,
        application_id=event.application_id,
        cycle_id=event.cycle_id,
        by_institution={event.host_institution_id: [event.programme_id]},
        match_id=event.match_id,
        app=facts.app,
    )


async def on_offer_declined(session: AsyncSession, event: OfferDeclined, env: Envelope, *, portal: str = "") -> None:
    progs = await programmes(session, [event.programme_id])
    context = {"programme": title(progs, event.programme_id), "cycle": await cycle_name(session, event.cycle_id)}
    await tell_applicant(
        session,
        env,
        event.applicant_id,
        "offer_declined",
        context,
        application_id=event.application_id,
        says={"match_id": event.match_id, "programme_id": event.programme_id},
    )
    await tell_partners(
        session,
        env,
        "application.declined",
        application_id=event.application_id,
        cycle_id=event.cycle_id,
        by_institution=await route(session, [event.programme_id], progs),
        match_id=event.match_id,
    )
    # the seat is free again: the host hears it, and the officers who see the application, as
    # only a new round offers it to the next on the waiting list
    answer = await _answer_of(session, event.application_id, event.cycle_id, event.programme_id)
    host_link = f"{portal}/host/admissions?{urlencode({'cycle_id': event.cycle_id})}" if portal else None
    await _tell_hosts(session, env, answer, "place_declined_host", host_link)
    accounts = {a.account_id: a for a in await staff(session)}
    told = application_audience((principal(a) for a in accounts.values()), answer.scheme_id, answer.hosts)
    context = dict(answer.context)
    if portal:
        context["link"] = f"{portal}/officer/cycles/{quote(event.cycle_id, safe='')}"
    await tell_staff(session, env, [accounts[i] for i in told], "place_declined_officers", context)
    await tell_endorsers_left(
        session, env, event.application_id, event.applicant_id, event.cycle_id, "declined", portal=portal
    )


async def on_waitlisted(session: AsyncSession, event: ApplicationWaitlisted, env: Envelope) -> None:
    """The positions, and why the applicant's other choices were not met: not a waitlisted
    programme's own reason (its seats or quota full: why there is a list), which had come under
    "your other choices" for the only choice an applicant had."""
    waiting = {w.programme_id for w in event.positions}
    others = [r for r in event.reasons if r.programme_id not in waiting]
    progs = await programmes(session, [*waiting, *(r.programme_id for r in others)])
    context = {
        "cycle": await cycle_name(session, event.cycle_id),
        "positions": [{"programme": title(progs, w.programme_id), "position": w.position} for w in event.positions],
        "reasons": [reason_item(progs, r) for r in others],
    }
    facts = await notice_facts(session, *_facts_key(event))
    if after_withdrawal(facts.app, event):
        return
    await tell_applicant(
        session,
        env,
        event.applicant_id,
        "waitlisted",
        context,
        application_id=event.application_id,
        says={
            "positions": [[w.programme_id, w.position] for w in event.positions],
            "reasons": [[r.programme_id, r.reason] for r in event.reasons],
        },
        contact=facts.contact,
    )
    await tell_partners(
        session,
        env,
        "application.waitlisted",
        application_id=event.application_id,
        cycle_id=event.cycle_id,
        by_institution=await route(session, [w.programme_id for w in event.positions], progs),
        waitlist=[w.model_dump() for w in event.positions],
        app=facts.app,
    )


async def on_unmatched(session: AsyncSession, event: ApplicationUnmatched, env: Envelope) -> None:
    progs = await programmes(session, [r.programme_id for r in event.reasons])
    context = {
        "cycle": await cycle_name(session, event.cycle_id),
        "reasons": [reason_item(progs, r) for r in event.reasons],
    }
    facts = await notice_facts(session, *_facts_key(event))
    if after_withdrawal(facts.app, event):
        return
    await tell_applicant(
        session,
        env,
        event.applicant_id,
        "unmatched",
        context,
        application_id=event.application_id,
        says={"reasons": [[r.programme_id, r.reason] for r in event.reasons]},
        contact=facts.contact,
    )
    # Partners learn only that the application is unplaced, not the reasons.
    await tell_partners(
        session,
        env,
        "application.unmatched",
        application_id=event.application_id,
        cycle_id=event.cycle_id,
        by_institution=await route(session, [r.programme_id for r in event.reasons], progs),
        app=facts.app,
    )


async def on_match_rejected(session: AsyncSession, event: MatchRejected, env: Envelope) -> None:
    """The place not approved, and what the officer wrote for the applicant, if anything; never
    ``reason``."""
    facts = await notice_facts(session, event.applicant_id, event.application_id)
    if after_withdrawal(facts.app, event):
        return
    message = (event.message_to_applicant or "").strip()
    await tell_applicant(
        session,
        env,
        event.applicant_id,
        "match_rejected",
        {"cycle": await cycle_name(session, event.cycle_id), "message": message},
        application_id=event.application_id,
        says={"match_id": event.match_id, "message": message},
        contact=facts.contact,
    )


async def on_document_rejected(session: AsyncSession, event: DocumentRejected, env: Envelope) -> None:
    """The applicant's task: which document, why (worded in their language), the officer's
    note as written, and the last day to upload a new version."""
    await tell_applicant(
        session,
        env,
        event.applicant_id,
        "document_rejected",
        {
            "cycle": await cycle_name(session, event.cycle_id),
            "kind": event.kind,
            "reason": event.reason,
            "note": event.note,
            "due_on": event.due_on.isoformat(),
        },
        application_id=event.application_id,
        says={"document_id": event.document_id, "rejected_at": event.rejected_at.isoformat()},
    )


async def on_papers_issued(session: AsyncSession, event: PapersIssued, env: Envelope) -> None:
    """The applicant: which paper the host issued (a new one replacing the one before says
    so), the host's note as written; the file is on the application page."""
    await tell_applicant(
        session,
        env,
        event.applicant_id,
        "papers_issued",
        {
            "cycle": await cycle_name(session, event.cycle_id),
            "institution": await host_name(session, event.institution_id),
            "paper": event.kind,
            "note": event.note,
            "replaces": event.replaces is not None,
        },
        application_id=event.application_id,
        says={"paper_id": event.paper_id},
    )


async def on_application_message(
    session: AsyncSession, event: ApplicationMessageSent, env: Envelope, *, portal: str
) -> None:
    """An officer's message: the applicant's inbox entry and an e-mail in their language, the
    text as written; once per message (``says`` names it). The applicant's reply: those who
    wrote in the thread hear that there is one (it is read in the portal)."""
    if event.direction == "applicant_to_officer":
        await _tell_officers_of_reply(session, event, env, portal)
        return
    if event.author_id:
        await remember_thread_author(session, event.application_id, event.author_id, event.sent_at)
    await tell_applicant(
        session,
        env,
        event.applicant_id,
        "application_message",
        {"cycle": await cycle_name(session, event.cycle_id), "author": event.author_name, "body": event.body},
        application_id=event.application_id,
        says={"message_id": event.message_id},
    )


async def _scheme_and_hosts(
    session: AsyncSession, application_id: str, cycle_id: str
) -> tuple[str | None, list[str | None]]:
    """An application's scheme and its choices' host institutions, as officers' scopes read
    them; an application not (yet) known here: its cycle's scheme, and no host."""
    app = await session.get(ApplicationRef, application_id)
    if app is None:
        cycle = await cycle_ref(session, cycle_id)
        return (cycle.scheme_id if cycle else None), []
    progs = await programmes(session, list(app.choices))
    return app.scheme_id, [progs[p].host_institution_id if p in progs else None for p in app.choices]


async def _tell_officers_of_reply(
    session: AsyncSession, event: ApplicationMessageSent, env: Envelope, portal: str
) -> None:
    """Those who wrote in the thread, else the officers who see the application
    (``domain/officers.py`` ``reply_audience``), each in their language, once per event (the
    consumer records its id)."""
    scheme_id, hosts = await _scheme_and_hosts(session, event.application_id, event.cycle_id)
    authors = await thread_authors(session, event.application_id)
    accounts = {a.account_id: a for a in [*authors, *await staff(session)]}
    told = reply_audience((principal(a) for a in authors), (principal(a) for a in accounts.values()), scheme_id, hosts)
    context = {
        "cycle": await cycle_name(session, event.cycle_id),
        "application": event.application_id[:8],
        "link": f"{portal}/officer/applications/{quote(event.application_id, safe='')}/messages",
    }
    await tell_staff(session, env, [accounts[i] for i in told], "applicant_replied", context)


async def on_reviewer_assigned(session: AsyncSession, event: ReviewerAssigned, env: Envelope, *, portal: str) -> None:
    """The reviewer hears once per assignment run (or reassignment) how many applications of
    the cycle they were given, with the link to their list of those still to score."""
    reviewer = await session.get(Account, event.reviewer_id)
    cycle = await cycle_name(session, event.cycle_id)
    if reviewer is not None and reviewer.active and event.count:
        context = {
            "cycle": cycle,
            "count": event.count,
            "reassigned": event.replaced_reviewer_id is not None,
            "link": f"{portal}/officer/committee?{urlencode({'cycle_id': event.cycle_id, 'scored': 'false'})}",
        }
        await tell_staff(session, env, [reviewer], "reviewer_assigned", context)
    # the reviewer it was taken from hears it too (their old link had opened "not found")
    replaced = await session.get(Account, event.replaced_reviewer_id) if event.replaced_reviewer_id else None
    if replaced is not None and replaced.active and event.count:
        context = {
            "cycle": cycle,
            "count": event.count,
            "link": f"{portal}/officer/committee?{urlencode({'cycle_id': event.cycle_id})}",
        }
        await tell_staff(session, env, [replaced], "review_given_away", context)


async def on_moderation_flagged(
    session: AsyncSession, event: ReviewModerationFlagged, env: Envelope, *, portal: str
) -> None:
    """The officers who can open the application (its scheme, and its hosts when scoped to
    institutions), but not a reviewer of it who has not submitted yet: the spread tells of the
    others' scores. The link leads to the application's committee page (its reviews side by
    side, where a reviewer is added or replaced), not to the cycle's, which has no such action."""
    accounts = {a.account_id: a for a in await staff(session) if a.account_id not in event.unsubmitted_reviewer_ids}
    _, hosts = await _scheme_and_hosts(session, event.application_id, event.cycle_id)
    told = committee_audience((principal(a) for a in accounts.values()), event.scheme_id, hosts)
    context = {
        "cycle": await cycle_name(session, event.cycle_id),
        "application": event.application_id[:8],  # no applicant's name in a staff e-mail: the link shows it
        "spread": event.spread,
        "threshold": event.threshold,
        "submitted": event.submitted,
        "link": f"{portal}/officer/committee/applications/{quote(event.application_id, safe='')}",
    }
    await tell_staff(session, env, [accounts[i] for i in told], "moderation_flagged", context)


async def on_reviewer_unassigned(
    session: AsyncSession, event: ReviewerUnassigned, env: Envelope, *, portal: str
) -> None:
    """A declared conflict leaves the application short of a reviewer: the officers who can
    open it hear of it, with the link to its committee page (a reviewer taken off the
    committee by an assignment run is filled by that run: nothing to tell)."""
    if event.reason != "conflict":
        return
    accounts = {a.account_id: a for a in await staff(session) if a.account_id != event.reviewer_id}
    cycle = await cycle_name(session, event.cycle_id)
    for application_id in event.application_ids:
        _, hosts = await _scheme_and_hosts(session, application_id, event.cycle_id)
        told = committee_audience((principal(a) for a in accounts.values()), event.scheme_id, hosts)
        context = {
            "cycle": cycle,
            "application": application_id[:8],
            "link": f"{portal}/officer/committee/applications/{quote(application_id, safe='')}",
        }
        await tell_staff(session, env, [accounts[i] for i in told], "reviewer_conflict", context)


async def on_document_task_due(session: AsyncSession, event: DocumentTaskDue, env: Envelope) -> None:
    """A re-upload task near its last day (a reminder) or past it: the applicant is told which
    document, the last day and what to do; once per alert (``says`` names it)."""
    await tell_applicant(
        session,
        env,
        event.applicant_id,
        f"document_task_{event.alert}",
        {"cycle": await cycle_name(session, event.cycle_id), "kind": event.kind, "due_on": event.due_on.isoformat()},
        application_id=event.application_id,
        says={"document_id": event.document_id, "alert": event.alert, "days_left": event.days_left},
    )


async def on_referee_requested(session: AsyncSession, event: RefereeRequested, env: Envelope) -> None:
    await email_referee(session, env, event, "referee_request")


async def on_referee_cancelled(session: AsyncSession, event: RefereeCancelled, env: Envelope) -> None:
    await email_referee_cancelled(session, env, event)


async def on_referee_reminded(session: AsyncSession, event: RefereeReminded, env: Envelope) -> None:
    await email_referee(session, env, event, "referee_reminder")


async def on_referee_answered(
    session: AsyncSession, event: RefereeLetterSubmitted | RefereeDeclined, env: Envelope
) -> None:
    await tell_applicant_answered(session, env, event)


async def on_document_resubmitted(
    session: AsyncSession, event: DocumentResubmitted, env: Envelope, *, portal: str
) -> None:
    """The officer who reviewed the version it replaces hears of the new one (inbox and
    e-mail, in their language, linking the application's documents), when that account is
    known and active: worded for a rejected version, or for a verified one replaced."""
    if not event.reviewed_by:
        return
    reviewer = await session.get(Account, event.reviewed_by)
    if reviewer is None or not reviewer.active:
        return
    application = quote(event.application_id, safe="")
    context = {
        "cycle": await cycle_name(session, event.cycle_id),
        "kind": event.kind,
        "version": event.version,
        "application": event.application_id[:8],
        "link": f"{portal}/officer/applications/{application}/documents#doc-{quote(event.document_id, safe='')}",
    }
    kind = "document_replaced_verified" if event.replaced_state == "verified" else "document_resubmitted"
    await tell_staff(session, env, [reviewer], kind, context)


async def on_interview_invited(session: AsyncSession, event: InterviewInvited, env: Envelope) -> None:
    await tell_invited(session, env, event)


async def on_interview_changed(
    session: AsyncSession, event: InterviewBooked | InterviewCancelled, env: Envelope, *, portal: str
) -> None:
    """Booked, moved or cancelled: the applicant's e-mail with the calendar part
    (service/interviews.py). An applicant's own cancelling: the committee hears too (the
    slot is free again; it had learnt of it nowhere but the journal)."""
    told = await tell_booking(session, env, event)
    if told and isinstance(event, InterviewCancelled) and not event.by_staff:
        await _tell_committee_of_cancelling(session, event, env, portal)


async def _tell_committee_of_cancelling(
    session: AsyncSession, event: InterviewCancelled, env: Envelope, portal: str
) -> None:
    """The officers of the application's committee (``committee_audience``), each in their
    language, the time as the host keeps it; no applicant's name (the link shows it)."""
    accounts = {a.account_id: a for a in await staff(session)}
    scheme_id, hosts = await _scheme_and_hosts(session, event.application_id, event.cycle_id)
    told = committee_audience((principal(a) for a in accounts.values()), scheme_id, hosts)
    by_language: dict[str, list[Account]] = {}
    for account_id in told:
        by_language.setdefault(accounts[account_id].language, []).append(accounts[account_id])
    context = {
        "cycle": await cycle_name(session, event.cycle_id),
        "application": event.application_id[:8],
        "link": f"{portal}/officer/committee/cycles/{quote(event.cycle_id, safe='')}/interviews",
    }
    for language, group in by_language.items():
        host_time = when_in(event.starts_at, event.time_zone, language)
        await tell_staff(session, env, group, "interview_cancelled_by_applicant", {**context, "host_time": host_time})


async def on_account_upserted(session: AsyncSession, event: AccountUpserted, env: Envelope) -> None:
    """Remembered; when this version is the newest kept, the account's webhook subscriptions
    outside what it may now do stop (disabled, or an institution out of its scope)."""
    if await remember_account(session, event, env.time):
        await partners.stop_outside_scope(
            session,
            event.account_id,
            active=event.active,
            role=event.role,
            institutions=list(event.institutions),
            as_of=env.time,
        )


async def on_account_notice(session: AsyncSession, event: AccountNotice, env: Envelope, *, portal: str = "") -> None:
    # a lock anyone's wrong passwords can set: the owner's way in now is a new password (the
    # e-mail had said "reset your password" with no way to it)
    # the form with the address filled in, as the portal's own link has it
    asked = f"{portal}/forgot-password?{urlencode({'email': event.email})}"
    link = asked if portal and event.kind == "locked" and not event.link else None
    email_account_owner(session, env, event, link=link)


async def on_programme_upserted(session: AsyncSession, event: ProgrammeUpserted, env: Envelope) -> None:
    await remember_programme(session, event)


async def on_scheme_upserted(session: AsyncSession, event: SchemeUpserted, env: Envelope) -> None:
    await remember_scheme(session, event)


async def on_institution_upserted(session: AsyncSession, event: InstitutionUpserted, env: Envelope) -> None:
    await remember_institution(session, event)


async def on_cycle_upserted(session: AsyncSession, event: CycleUpserted, env: Envelope) -> None:
    await remember_cycle(session, event)


async def on_round_completed(session: AsyncSession, event: RoundCompleted, env: Envelope, *, portal: str = "") -> None:
    cycle = await cycle_ref(session, event.cycle_id)
    context = {
        "cycle": cycle.name if cycle else event.cycle_id,
        "round_id": event.round_id,
        "matched": event.matched,
        "waitlisted": event.waitlisted,
        "unmatched": event.unmatched,
    }
    if portal:  # the round's page, where its proposals are reviewed
        context["link"] = f"{portal}/officer/rounds/{quote(event.round_id, safe='')}"
    accounts = {a.account_id: a for a in await staff(session)}
    told = round_audience((principal(a) for a in accounts.values()), cycle.scheme_id if cycle else None)
    await tell_staff(session, env, [accounts[i] for i in told], "round_completed", context)


async def _deadline_context(session: AsyncSession, event: StageDeadlineNear | StageDeadlinePassed) -> dict:
    context: dict = {
        "cycle": await cycle_name(session, event.cycle_id),
        "closes_at": event.closes_at.isoformat(),
        "pending": event.pending,
    }
    if event.sending_country:
        context["country"] = event.sending_country
    if event.institution_id:
        context["institution"] = await host_name(session, event.institution_id)
    return context


async def _stage_owners(session: AsyncSession, event: StageDeadlineNear | StageAwaiting) -> list[Account] | None:
    """Who does a stage's work: the country's nominating authority, the host's users, or the
    home institution's coordinators (scoped to the scheme or to none); None: no owner named."""
    scheme, country, institution = event.scheme_id, getattr(event, "sending_country", None), event.institution_id
    if event.stage == "nomination" and country:
        return await accounts_picked(session, Role.NOMINATOR, lambda ps: nominators_of(ps, scheme, country))
    if event.stage == "admission" and institution:
        return await accounts_picked(session, Role.PARTNER, lambda ps: host_users(ps, institution))
    if event.stage == "endorsement" and institution:
        return await accounts_picked(session, Role.COORDINATOR, lambda ps: coordinators_of(ps, scheme, institution))
    return None


def _stage_link(portal: str, event: StageDeadlineNear | StageAwaiting) -> str | None:
    """The portal's page where the stage's owner does what the notice asks."""
    if event.stage == "nomination" and event.sending_country:
        return f"{portal}/nominations/{quote(event.cycle_id, safe='')}/{quote(event.sending_country, safe='')}"
    if event.stage == "endorsement" and event.institution_id:
        return f"{portal}/endorsements/{quote(event.cycle_id, safe='')}/{quote(event.institution_id, safe='')}"
    if event.stage == "admission":
        query = {
            "cycle_id": event.cycle_id,
            **({"institution_id": event.institution_id} if event.institution_id else {}),
        }
        return f"{portal}/host/admissions?{urlencode(query)}"
    return None


async def on_stage_deadline_near(
    session: AsyncSession, event: StageDeadlineNear, env: Envelope, *, portal: str = ""
) -> None:
    """The stage's owner is reminded: the country's nominating authority, the host's users, or
    the home institution's coordinators (scoped to the scheme or to none), with the page's link."""
    told = await _stage_owners(session, event)
    if told is None:
        return
    context = {**await _deadline_context(session, event), "days_left": event.days_left}
    if portal and (link := _stage_link(portal, event)):
        context["link"] = link
    await tell_staff(session, env, told, f"deadline_near_{event.stage}", context)


async def on_stage_awaiting(session: AsyncSession, event: StageAwaiting, env: Envelope, *, portal: str = "") -> None:
    """New applicants wait for their home institution's endorsement (its coordinators are told,
    scoped to the scheme or to none) or for a host's admission decision (its partner users),
    with how many are new and how many wait in all."""
    context: dict = {
        "cycle": await cycle_name(session, event.cycle_id),
        "institution": await host_name(session, event.institution_id),
        "pending": event.pending,
        "new": event.new,
    }
    if event.closes_at is not None:
        context["closes_at"] = event.closes_at.isoformat()
    if portal and (link := _stage_link(portal, event)):
        context["link"] = link
    await tell_staff(session, env, await _stage_owners(session, event) or [], f"awaiting_{event.stage}", context)


async def on_stage_deadline_passed(session: AsyncSession, event: StageDeadlinePassed, env: Envelope) -> None:
    """The scheme's officers hear that a stage's deadline passed with work left (and what was done)."""
    context = await _deadline_context(session, event)
    if event.stage == "admission":
        context["declined"] = event.declined
    accounts = {a.account_id: a for a in await staff(session)}
    told = round_audience((principal(a) for a in accounts.values()), event.scheme_id)
    await tell_staff(session, env, [accounts[i] for i in told], f"deadline_passed_{event.stage}", context)


def make_handlers(settings: Settings | None = None) -> dict[str, Handler]:
    """The handler of each consumed event type. ``settings``: the portal's address, which the
    staff's notices link into (round officers come from account.upserted)."""
    portal = (settings or Settings()).portal_url.rstrip("/")
    return {
        type_of(AccountUpserted): on_account_upserted,
        type_of(AccountNotice): partial(on_account_notice, portal=portal),
        type_of(ApplicantRegistered): on_applicant_contact,
        type_of(ApplicantUpdated): on_applicant_contact,
        type_of(ApplicantErased): on_applicant_erased,
        type_of(ApplicationSubmitted): on_application_submitted,
        type_of(ApplicationUpdated): on_application_updated,
        type_of(ApplicationWithdrawn): partial(on_application_withdrawn, portal=portal),
        type_of(OfferDeclined): partial(on_offer_declined, portal=portal),
        type_of(MatchApproved): on_match_approved,
        type_of(MatchConfirmed): partial(on_match_confirmed, portal=portal),
        type_of(MatchRejected): on_match_rejected,
        type_of(DocumentRejected): on_document_rejected,
        type_of(DocumentResubmitted): partial(on_document_resubmitted, portal=portal),
        type_of(DocumentTaskDue): on_document_task_due,
        type_of(PapersIssued): on_papers_issued,
        type_of(ApplicationMessageSent): partial(on_application_message, portal=portal),
        type_of(ApplicationWaitlisted): on_waitlisted,
        type_of(ApplicationUnmatched): on_unmatched,
        type_of(RoundCompleted): partial(on_round_completed, portal=portal),
        type_of(StageDeadlineNear): partial(on_stage_deadline_near, portal=portal),
        type_of(StageDeadlinePassed): on_stage_deadline_passed,
        type_of(StageAwaiting): partial(on_stage_awaiting, portal=portal),
        type_of(RefereeRequested): on_referee_requested,
        type_of(RefereeReminded): on_referee_reminded,
        type_of(RefereeCancelled): on_referee_cancelled,
        type_of(RefereeLetterSubmitted): on_referee_answered,
        type_of(RefereeDeclined): on_referee_answered,
        type_of(ProgrammeUpserted): on_programme_upserted,
        type_of(CycleUpserted): on_cycle_upserted,
        type_of(SchemeUpserted): on_scheme_upserted,
        type_of(InstitutionUpserted): on_institution_upserted,
        type_of(InterviewInvited): on_interview_invited,
        type_of(InterviewBooked): partial(on_interview_changed, portal=portal),
        type_of(InterviewCancelled): partial(on_interview_changed, portal=portal),
        type_of(ReviewerAssigned): partial(on_reviewer_assigned, portal=portal),
        type_of(ReviewerUnassigned): partial(on_reviewer_unassigned, portal=portal),
        type_of(ReviewModerationFlagged): partial(on_moderation_flagged, portal=portal),
        # the award path: service/award.py takes these events as they come
        type_of(EndorsementDecided): tell_endorsement,
        type_of(NominationDecided): partial(tell_nomination, portal=portal),
        type_of(AdmissionRequested): tell_admission_requested,
        type_of(AdmissionDecided): partial(tell_admission_decided, portal=portal),
    }
