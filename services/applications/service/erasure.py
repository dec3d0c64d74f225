"""An applicant closes their account and their personal data is erased.

Refused while an application is still in progress (domain/lifecycle.py ``check_can_erase``):
the applicant withdraws it, or declines the offer, first. Then, in one transaction: the
account can no longer be used (its address freed, its password and tokens gone), the profile
and every application's personal content are emptied (statements, certificates, consent,
reasons and notes in the history, documents and papers, referees' details and letters,
messages), drafts (never announced) are deleted, and ``applicant.erased`` tells the other services to erase
their copies. The files go after the commit (a failed commit keeps them).

Kept, without personal data: each application's facts (cycle, choices, grade, sending
country, statuses and their times), so a cycle's figures and quotas stay true; and the audit
journal, which is append-only by design (who did what, when) and names the account by id.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.applications.domain import lifecycle
from services.applications.domain.journal import Action
from services.applications.domain.referees import WAITING, RefereeState
from services.applications.models import (
    Account,
    AdmissionPaper,
    Applicant,
    Application,
    ApplicationChoice,
    Document,
    DocumentTaskAlert,
    EmailChange,
    Message,
    PasswordReset,
    RefereeRequest,
)
from services.applications.service import accounts, journal, throttle
from services.applications.service.passwords import Passwords
from services.applications.service.storage import Storage
from shared.clock import aware, utcnow
from shared.db import Database
from shared.errors import Conflict
from shared.events.catalog import ApplicantErased, ApplicationStatus
from shared.outbox import add_event
from shared.principal import Principal, Role
from shared.tables import InfraTables

log = logging.getLogger(__name__)

# the free-text parts of the award path's records, as the matching service's events said them
_WORDS = ("reason", "note", "cohort", "message_to_applicant")


def erased_email(account_id: str) -> str:
    """The address an erased account keeps: unique, never deliverable (.invalid, RFC 2606)."""
    return f"{account_id}@erased.invalid"


async def close_own_account(
    db: Database,
    tables: InfraTables,
    passwords: Passwords,
    policy: throttle.Policy,
    store: Storage,
    account_id: str,
    password: str,
    *,
    source: str,
) -> ApplicantErased:
    """The applicant closes their account, their own password first (as for a new password)."""
    await accounts.check_current_password(db, passwords, policy, account_id, password, field="password")
    _account, erased = await erase_applicant(db, tables, store, account_id, by=account_id, source=source)
    return erased


async def erase_applicant(
    db: Database, tables: InfraTables, store: Storage, account_id: str, *, by: Principal | str, source: str
) -> tuple[Account, ApplicantErased]:
    """Close an applicant's account and erase their personal data here (``by``: the applicant,
    or an admin acting on their written request); the other services erase theirs on
    ``applicant.erased``. Returns the account as closed and the event."""
    async with db.session() as session, session.begin():
        account = await accounts.account_of(session, account_id, lock=True)
        if account.role != Role.APPLICANT.value:  # staff accounts are disabled, not erased
            raise Conflict("account.not_applicant", "only an applicant's account is closed and erased", "account_id")
        if account.erased_at is not None:
            raise accounts.account_closed()
        applications = list(
            await session.scalars(select(Application).where(Application.applicant_id == account_id).with_for_update())
        )
        lifecycle.check_can_erase([lifecycle.Held(a.id, a.cycle_id, a.status) for a in applications])
        now = utcnow()
        ids = [a.id for a in applications]
        files = await _erase_files(session, ids)
        referees, letters = await _erase_referees(session, ids, now)
        drafts = [a.id for a in applications if a.status == ApplicationStatus.DRAFT]
        for application in applications:
            if application.id not in drafts:
                _erase_application(application, now)
        await _erase_messages(session, ids)
        await _delete_drafts(session, drafts)
        await _erase_answers(session, tables, account)
        applicant = await session.get(Applicant, account_id, with_for_update=True)
        if applicant is not None:
            applicant.home_institution = ""
            applicant.date_of_birth = None
            applicant.name_passport(None)
            applicant.updated_at = now
        await session.execute(delete(EmailChange).where(EmailChange.account_id == account_id))
        await session.execute(delete(PasswordReset).where(PasswordReset.account_id == account_id))
        await throttle.forget_account(session, account.email)
        account.email = erased_email(account.id)
        account.name = ""
        account.password_hash = ""  # no password verifies against it
        account.active = False
        account.erased_at = now
        journal.record(session, by, Action.ACCOUNT_ERASED, subject=f"account:{account.id}")
        await accounts.revoke_tokens(session, tables, account, "disabled", source=source)
        erased = ApplicantErased(
            applicant_id=account.id, erased_at=now, application_ids=ids, referee_request_ids=referees
        )
        await add_event(session, tables, erased, source=source)
    for name in files + letters:
        try:
            await store.delete(name)
        except Exception:
            log.exception("an erased account's file %s could not be deleted", name)
    return account, erased


async def _erase_files(session: AsyncSession, application_ids: list[str]) -> list[str]:
    """The applications' documents (every version) and admission papers, rows now, files
    after the commit: returns the files' keys."""
    if not application_ids:
        return []
    documents = list(await session.scalars(select(Document).where(Document.application_id.in_(application_ids))))
    papers = list(
        await session.scalars(select(AdmissionPaper).where(AdmissionPaper.application_id.in_(application_ids)))
    )
    if documents:
        ids = [d.id for d in documents]
        await session.execute(delete(DocumentTaskAlert).where(DocumentTaskAlert.document_id.in_(ids)))
        await session.execute(delete(Document).where(Document.id.in_(ids)))
    if papers:
        await session.execute(delete(AdmissionPaper).where(AdmissionPaper.id.in_([p.id for p in papers])))
    return [d.stored_name for d in documents] + [p.stored_name for p in papers]


async def _erase_referees(session: AsyncSession, application_ids: list[str], now: Any) -> tuple[list[str], list[str]]:
    """Referees' names, addresses and letters go; a link still waiting stops working. Returns
    the requests' ids and their letters' files."""
    if not application_ids:
        return [], []
    requests = list(
        await session.scalars(
            select(RefereeRequest).where(RefereeRequest.application_id.in_(application_ids)).with_for_update()
        )
    )
    letters = [r.letter_stored_name for r in requests if r.letter_stored_name]
    for r in requests:
        if r.state in WAITING:
            r.state = RefereeState.CANCELLED.value
            r.cancelled_at = now
        r.name = r.email = r.institution = r.relationship = ""
        r.decline_reason = r.letter_text = r.letter_original_name = r.letter_stored_name = None
        r.letter_size = r.letter_sha256 = None
    return [r.id for r in requests], letters


async def _delete_drafts(session: AsyncSession, draft_ids: list[str]) -> None:
    """A draft was never announced (no other service, no officer knew it): it goes whole,
    with its choices and the referees asked for it (their rows were emptied above)."""
    if not draft_ids:
        return
    await session.execute(delete(RefereeRequest).where(RefereeRequest.application_id.in_(draft_ids)))
    await session.execute(delete(ApplicationChoice).where(ApplicationChoice.application_id.in_(draft_ids)))
    await session.execute(delete(Application).where(Application.id.in_(draft_ids)))


async def _erase_answers(session: AsyncSession, tables: InfraTables, account: Account) -> None:
    """The stored answers to repeated requests (kept a day for retries) that carry the person's
    data: those of the account's own requests, and the registration's (made before there was an
    account, so stored under ``anonymous``: found by the account's id in the answer, near the
    account's creation)."""
    idem = tables.idempotency
    await session.execute(delete(idem).where(idem.c.principal == account.id))
    made = aware(account.created_at)
    near = await session.execute(
        select(idem.c.key, idem.c.response_body).where(
            idem.c.principal == accounts.ANONYMOUS,
            idem.c.created_at.between(made - timedelta(minutes=5), made + timedelta(minutes=5)),
        )
    )
    mine = [key for key, body in near if account.id.encode() in bytes(body)]
    if mine:
        await session.execute(delete(idem).where(idem.c.principal == accounts.ANONYMOUS, idem.c.key.in_(mine)))


def _erase_application(application: Application, now: Any) -> None:
    application.statement = ""
    application.language_certificates = []
    application.consent = None
    # each step's status and time stay; its reasons (the applicant's, officers', a host's) go
    application.history = [{"status": s["status"], "at": s["at"], "reason": None} for s in application.history]
    for part in ("nomination", "admission", "endorsement"):
        record = getattr(application, part)
        if record:
            setattr(application, part, {k: (None if k in _WORDS else v) for k, v in record.items()})
    application.updated_at = now


async def _erase_messages(session: AsyncSession, application_ids: list[str]) -> None:
    """The thread with officers (both ways: an officer's message is about the applicant)."""
    if not application_ids:
        return
    for message in await session.scalars(select(Message).where(Message.application_id.in_(application_ids))):
        message.body = ""
        if message.author_role == Role.APPLICANT.value:
            message.author_name = ""
