"""One typed function per consumed event type; each runs inside the consumer's transaction
(the event's effect and the record of its id commit together) and calls the pool's use
cases (service/pool.py)."""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncSession

from services.matching.domain.review import Reply
from services.matching.service import committee, documents, interviews, nominations, pool
from shared.events.catalog import (
    AccountUpserted,
    ApplicantErased,
    ApplicantRegistered,
    ApplicantUpdated,
    ApplicationSubmitted,
    ApplicationUpdated,
    ApplicationWithdrawn,
    DocumentRejected,
    DocumentResubmitted,
    DocumentVerified,
    OfferAccepted,
    OfferDeclined,
    type_of,
)
from shared.events.envelope import Envelope
from shared.principal import Role

log = logging.getLogger(__name__)


async def on_application_submitted(session: AsyncSession, event: ApplicationSubmitted, _env: Envelope) -> None:
    await pool.record_application(session, event)


async def on_application_updated(session: AsyncSession, event: ApplicationUpdated, _env: Envelope) -> None:
    await on_application_submitted(session, event, _env)


async def on_applicant_contact(
    session: AsyncSession, event: ApplicantRegistered | ApplicantUpdated, _env: Envelope
) -> None:
    # the home institution keeps reviewers from their own institution's applicants
    await committee.remember_applicant(
        session,
        event.applicant_id,
        name=event.name,
        nationality=event.nationality,
        home_institution=event.home_institution or "",
        language=event.preferred_language,
        passport_name=event.passport_name,
    )


async def on_applicant_erased(session: AsyncSession, event: ApplicantErased, _env: Envelope) -> None:
    # the applicant closed their account: officers and reviewers read no name of theirs any more
    # (the applications' facts stay, by id: a cycle's figures and quotas stay true)
    await committee.forget_applicant(session, event.applicant_id)


async def on_account_upserted(session: AsyncSession, event: AccountUpserted, env: Envelope) -> None:
    # officer and reviewer accounts in a scheme's scope are its reviewers; one scoped elsewhere
    # or disabled hands its unscored reviews back
    account = await committee.remember_account(session, event, env.time)
    if account is not None and account.role in (Role.OFFICER, Role.REVIEWER):  # only they hold reviews
        await committee.release_out_of_scope(session, account)
    await nominations.remember_countries(session, event.account_id, event.countries, env.time)


async def on_application_withdrawn(session: AsyncSession, event: ApplicationWithdrawn, _env: Envelope) -> None:
    await pool.withdraw_application(session, event.application_id, event.applicant_id, event.cycle_id)
    # a booked interview's slot goes back to the others (it stayed held by the withdrawn application)
    await interviews.give_back_on_withdrawal(session, event.application_id)
    # a nominee's place goes to the first on the reserve list
    await nominations.applicant_withdrew(session, event.application_id)


async def on_document_rejected(session: AsyncSession, event: DocumentRejected, _env: Envelope) -> None:
    await documents.hold(session, event)


async def on_document_resubmitted(session: AsyncSession, event: DocumentResubmitted, _env: Envelope) -> None:
    # the rejected version is replaced: the new one awaits review, the application competes again
    await documents.release(session, event.application_id, event.replaces)


async def on_document_verified(session: AsyncSession, event: DocumentVerified, _env: Envelope) -> None:
    # an officer's correction of a rejection
    await documents.release(session, event.application_id, event.document_id)


async def on_offer_accepted(session: AsyncSession, event: OfferAccepted, env: Envelope) -> None:
    await _answer(session, event, Reply.ACCEPT, env)


async def on_offer_declined(session: AsyncSession, event: OfferDeclined, env: Envelope) -> None:
    await _answer(session, event, Reply.DECLINE, env)


async def _answer(session: AsyncSession, event: OfferAccepted | OfferDeclined, reply: Reply, env: Envelope) -> None:
    if reply == Reply.DECLINE:
        # the nomination list before the match, as every change of a list takes them (a
        # withdrawal locks the list, then the matches): the other order could deadlock
        await nominations.lock_list_of(session, event.application_id)
    match = await pool.answer_offer(session, event.match_id, event.application_id, reply, env.traceparent)
    if match is None:
        log.warning("offer %s for match %s: no longer awaiting an answer; ignored", reply, event.match_id)
    elif reply == Reply.DECLINE:
        # a nominee who declines gives the country's place back: the first reserve moves up, as
        # after a withdrawal (before, the nominee stayed counted on a list that no longer showed them)
        await nominations.applicant_withdrew(session, event.application_id, declined=True)


HANDLERS = {
    type_of(AccountUpserted): on_account_upserted,
    type_of(ApplicantRegistered): on_applicant_contact,
    type_of(ApplicantUpdated): on_applicant_contact,
    type_of(ApplicantErased): on_applicant_erased,
    type_of(ApplicationSubmitted): on_application_submitted,
    type_of(ApplicationUpdated): on_application_updated,
    type_of(ApplicationWithdrawn): on_application_withdrawn,
    type_of(DocumentRejected): on_document_rejected,
    type_of(DocumentResubmitted): on_document_resubmitted,
    type_of(DocumentVerified): on_document_verified,
    type_of(OfferAccepted): on_offer_accepted,
    type_of(OfferDeclined): on_offer_declined,
}
