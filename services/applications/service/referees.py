"""Referee letters: the applicant names referees; each referee answers through a link.

The applicant names, reminds, cancels and replaces referees and sees each request's state,
never the letter. The referee, with no account, reaches exactly one request with the
link's token (``referee_tokens.py``): opens it, uploads a PDF or writes the letter, or
declines. Officers in scope read the letters. Submitted letters count toward eligibility
(``letter_positions``). A worker reminds referees on schedule and expires the requests
whose deadline passed (``RefereeReminders``).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.applications.domain import checklist as checklist_rules
from services.applications.domain import lifecycle
from services.applications.domain import referees as rules
from services.applications.domain.documents import sanitise_filename
from services.applications.domain.referees import WAITING, RefereeState, shown_state
from services.applications.models import Account, Applicant, Application, RefereeRequest
from services.applications.service import catalog, checklist, referee_tokens
from services.applications.service.applications import own_application
from services.applications.service.documents import Upload, read_checked
from services.applications.service.officer import scoped_application
from services.applications.service.storage import Storage, fetch, new_key
from shared.clock import aware, utcnow
from shared.db import Database
from shared.errors import Conflict, DomainError, Invalid, NotFound, Unsupported
from shared.events.catalog import (
    ApplicationStatus,
    RefereeCancelled,
    RefereeDeclined,
    RefereeLetterSubmitted,
    RefereeReminded,
    RefereeRequested,
    Requirements,
)
from shared.outbox import add_event
from shared.principal import Principal
from shared.tables import InfraTables

log = logging.getLogger(__name__)

MAX_LETTER_CHARS = 20000
MIN_LETTER_CHARS = 50


@dataclass(frozen=True)
class Referee:
    """Who the applicant names."""

    name: str
    email: str
    position: str
    institution: str
    relationship: str
    language: str


@dataclass(frozen=True)
class Links:
    """How links are made: the signing secret and the portal address the token is appended to."""

    secret: str
    prefix: str

    def link(self, request: RefereeRequest) -> str:
        return self.prefix + referee_tokens.mint(self.secret, request.id, aware(request.due_at))


@dataclass(frozen=True)
class RefereeView:
    """What the referee sees through the link: the one request, nothing else."""

    request: RefereeRequest
    applicant_name: str
    programmes: list[str]


# --- the applicant ---------------------------------------------------------------------------


async def _about(session: AsyncSession, application: Application, language: str | None = None) -> tuple[str, list[str]]:
    """The applicant's name and the titles of the chosen programmes, in ``language`` (the
    referee's), else in the applicant's own (what they are told of a referee's answer)."""
    account = (
        await session.execute(
            select(Account.name, Account.preferred_language, Applicant.passport_name)
            .outerjoin(Applicant, Applicant.id == Account.id)
            .where(Account.id == application.applicant_id)
        )
    ).first()
    name, theirs, passport = account if account is not None else ("", None, None)
    names = await catalog.programme_names(session, list(application.choices), language or theirs)
    return with_passport_name(name or "", passport), [names[p] for p in application.choices]


def with_passport_name(name: str, passport: str | None) -> str:
    """The name as the applicant writes it, and as in the passport beside it when that differs:
    a referee abroad may not read "عائشہ خان" ("عائشہ خان (AYESHA KHAN)")."""
    if not passport or passport.casefold() == name.casefold():
        return name
    return f"{name} ({passport})" if name else passport


async def _requested_event(
    session: AsyncSession, application: Application, request: RefereeRequest, links: Links
) -> dict[str, Any]:
    applicant_name, programmes = await _about(session, application, request.language)
    return dict(
        request_id=request.id,
        application_id=application.id,
        applicant_id=application.applicant_id,
        applicant_name=applicant_name,
        programmes=programmes,
        referee_name=request.name,
        referee_email=request.email,
        referee_language=request.language,
        link=links.link(request),
        due_at=aware(request.due_at),
    )


async def _editable_application(session: AsyncSession, applicant_id: str, application_id: str) -> Application:
    application = await own_application(session, application_id, applicant_id, lock=True)
    cycle = await catalog.cycle_to_apply_in(session, application.cycle_id)
    lifecycle.check_can_edit(application.status, catalog.window_of(cycle), utcnow())
    return application


async def name_referee(
    session: AsyncSession,
    tables: InfraTables,
    applicant_id: str,
    application_id: str,
    referee: Referee,
    *,
    links: Links,
    max_days: int,
    max_referees: int,
    source: str,
    replaces: RefereeRequest | None = None,
) -> RefereeRequest:
    """Ask ``referee`` for a letter: the request, and referee.requested with the link. The
    deadline is the cycle's close (at most ``max_days`` ahead)."""
    application = await _editable_application(session, applicant_id, application_id)
    active = await _requests(session, application.id)
    # every request e-mails its referee, and a cancelled or replaced one its end too: without a
    # bound, naming and cancelling sent mail with words of the applicant's choosing to anyone
    asked = (
        await session.scalar(
            select(func.count()).select_from(RefereeRequest).where(RefereeRequest.application_id == application.id)
        )
        or 0
    )
    if asked >= max_referees * REQUESTS_PER_PLACE:
        raise Conflict(
            "referee.too_many_requests",
            f"this application has asked {asked} referees (cancelled and replaced ones count), the most it may: "
            "write to the admissions office in the application's messages",
            "email",
            max=max_referees * REQUESTS_PER_PLACE,
        )
    if len(active) >= max_referees and replaces is None:
        raise Conflict(
            "referee.too_many", f"at most {max_referees} referees per application", "email", max=max_referees
        )
    email = referee.email.strip().lower()
    if any(r.email == email and r.id != (replaces.id if replaces else None) for r in active):
        raise Conflict("referee.already_named", "this referee is already asked for a letter", "email")
    account = await session.get(Account, applicant_id)
    chosen = await catalog.programmes_by_id(session, list(application.choices))
    wanted = [
        letters
        for p in chosen.values()
        if (letters := Requirements.model_validate(p.requirements or {}).letters) is not None and letters.count
    ]
    rules.check_referee(email, referee.position, account.email if account else None, wanted)
    cycle = await catalog.cycle_to_apply_in(session, application.cycle_id)
    now = utcnow()
    request = RefereeRequest(
        id=str(uuid.uuid4()),
        application_id=application.id,
        applicant_id=applicant_id,
        name=referee.name.strip(),
        email=email,
        position=referee.position,
        institution=referee.institution.strip(),
        relationship=referee.relationship.strip(),
        language=referee.language,
        state=RefereeState.REQUESTED.value,
        due_at=min(aware(cycle.closes_at), now + timedelta(days=max_days)),
        created_at=now,
    )
    session.add(request)
    if replaces is not None:
        waiting = _still_asked(replaces)  # a referee still asked is told; one who declined answered
        replaces.state = RefereeState.CANCELLED.value
        replaces.cancelled_at = now
        replaces.replaced_by = request.id
        if waiting:
            await _tell_cancelled(session, tables, application, replaces, replaced=True, source=source)
    await add_event(
        session, tables, RefereeRequested(**await _requested_event(session, application, request, links)), source=source
    )
    return request


# Requests an application may make in all, per referee it may have (a referee who declines is
# replaced, one mistyped cancelled): enough for a person's changes, not for mailing strangers.
REQUESTS_PER_PLACE = 3


async def _requests(session: AsyncSession, application_id: str) -> list[RefereeRequest]:
    """The application's requests that count (not cancelled), oldest first."""
    rows = await session.scalars(
        select(RefereeRequest)
        .where(
            RefereeRequest.application_id == application_id,
            RefereeRequest.state != RefereeState.CANCELLED.value,
        )
        .order_by(RefereeRequest.created_at, RefereeRequest.id)
    )
    return list(rows.all())


async def list_referees(session: AsyncSession, applicant_id: str, application_id: str) -> list[RefereeRequest]:
    await own_application(session, application_id, applicant_id)
    return await _requests(session, application_id)


async def _own_request(
    session: AsyncSession, applicant_id: str, application_id: str, request_id: str, *, lock: bool = True
) -> RefereeRequest:
    query = select(RefereeRequest).where(
        RefereeRequest.id == request_id,
        RefereeRequest.application_id == application_id,
        RefereeRequest.applicant_id == applicant_id,
        RefereeRequest.state != RefereeState.CANCELLED.value,
    )
    request = await session.scalar(query.with_for_update() if lock else query)
    if request is None:
        raise NotFound("referee.not_found", f"no referee request {request_id}", "request_id")
    return request


async def remind(
    session: AsyncSession,
    tables: InfraTables,
    applicant_id: str,
    application_id: str,
    request_id: str,
    *,
    links: Links,
    min_gap: timedelta,
    source: str,
) -> RefereeRequest:
    """The applicant reminds a referee who has not answered (at most once per ``min_gap``)."""
    application = await own_application(session, application_id, applicant_id)
    request = await _own_request(session, applicant_id, application_id, request_id)
    now = utcnow()
    asked = aware(request.created_at)
    rules.check_can_remind(request.state, _aware_or_none(request.last_reminded_at), now, min_gap, asked)
    rules.check_link_usable(request.state, aware(request.due_at), now)
    request.last_reminded_at = now
    await add_event(
        session,
        tables,
        RefereeReminded(**await _requested_event(session, application, request, links), by="applicant"),
        source=source,
    )
    return request


async def cancel(
    session: AsyncSession, tables: InfraTables, applicant_id: str, application_id: str, request_id: str, *, source: str
) -> None:
    """Withdraw the request: its link stops working, and a referee who had not answered is told
    (referee.cancelled). A submitted letter stays."""
    application = await _editable_application(session, applicant_id, application_id)
    request = await _own_request(session, applicant_id, application_id, request_id)
    rules.check_applicant_can("cancel", request.state)
    waiting = _still_asked(request)
    request.state = RefereeState.CANCELLED.value
    request.cancelled_at = utcnow()
    if waiting:
        await _tell_cancelled(session, tables, application, request, replaced=False, source=source)


async def end_with_application(
    session: AsyncSession, tables: InfraTables, application: Application, *, source: str
) -> int:
    """The application was withdrawn: each request still waiting for its referee ends as a
    cancelled one does, and its referee is told (referee.cancelled), not left to open a link
    that sent them back to the applicant for a new one. How many were ended."""
    waiting = (
        await session.scalars(
            select(RefereeRequest)
            .where(
                RefereeRequest.application_id == application.id, RefereeRequest.state.in_([s.value for s in WAITING])
            )
            .with_for_update()
        )
    ).all()
    ended = 0
    for request in waiting:
        still_asked = _still_asked(request)
        request.state = RefereeState.CANCELLED.value
        request.cancelled_at = utcnow()
        if still_asked:
            await _tell_cancelled(session, tables, application, request, replaced=False, source=source)
            ended += 1
    return ended


def _still_asked(request: RefereeRequest) -> bool:
    """A request whose referee has not answered and whose link still works (as the applicant's
    page shows it): its end is news to them. One past its deadline is over already."""
    return shown_state(request.state, aware(request.due_at), utcnow()) in WAITING


async def _tell_cancelled(
    session: AsyncSession,
    tables: InfraTables,
    application: Application,
    request: RefereeRequest,
    *,
    replaced: bool,
    source: str,
) -> None:
    applicant_name, _programmes = await _about(session, application)
    event = RefereeCancelled(
        request_id=request.id,
        application_id=application.id,
        applicant_id=application.applicant_id,
        applicant_name=applicant_name,
        referee_name=request.name,
        referee_email=request.email,
        referee_language=request.language,
        replaced=replaced,
    )
    await add_event(session, tables, event, source=source)


async def replace(
    session: AsyncSession,
    tables: InfraTables,
    applicant_id: str,
    application_id: str,
    request_id: str,
    referee: Referee,
    **kwargs: Any,
) -> RefereeRequest:
    """Ask someone else instead of a referee who declined or did not answer."""
    old = await _own_request(session, applicant_id, application_id, request_id)
    rules.check_applicant_can("replace", old.state)
    return await name_referee(session, tables, applicant_id, application_id, referee, replaces=old, **kwargs)


# --- the referee, through the link --------------------------------------------------------------


async def _linked(session: AsyncSession, secret: str, token: str, *, lock: bool) -> RefereeRequest:
    """The one request a token reaches, while it still works."""
    request_id = referee_tokens.request_id_of(secret, token)
    query = select(RefereeRequest).where(RefereeRequest.id == request_id)
    request = await session.scalar(query.with_for_update() if lock else query)
    if request is None:
        raise rules.link_invalid()
    rules.check_link_usable(request.state, aware(request.due_at), utcnow(), request.language)
    status = await session.scalar(select(Application.status).where(Application.id == request.application_id))
    if status is None:
        raise rules.link_invalid()
    if status == ApplicationStatus.WITHDRAWN:  # nothing to write a letter for any more
        rules.check_link_usable(RefereeState.CANCELLED.value, aware(request.due_at), utcnow(), request.language)
    return request


async def open_request(session: AsyncSession, secret: str, token: str, language: str | None = None) -> RefereeView:
    """The referee opens the link: the request (marked opened), whose letter it is and for what,
    the programmes named in ``language`` (the page's), else in the request's."""
    request = await _linked(session, secret, token, lock=True)
    if request.state == RefereeState.REQUESTED:
        request.state = rules.opened(request.state).value
        request.opened_at = utcnow()
    application = await session.get(Application, request.application_id)
    if application is None:
        raise rules.link_invalid()
    applicant_name, programmes = await _about(session, application, language or request.language)
    return RefereeView(request, applicant_name, programmes)


async def _answered(
    session: AsyncSession,
    tables: InfraTables,
    request: RefereeRequest,
    state: RefereeState,
    *,
    source: str,
) -> None:
    request.state = state.value
    request.answered_at = utcnow()
    application = await session.get(Application, request.application_id)
    programmes = (await _about(session, application))[1] if application is not None else []
    about: dict[str, Any] = {
        "request_id": request.id,
        "application_id": request.application_id,
        "applicant_id": request.applicant_id,
        "referee_name": request.name,
        "position": request.position,
        "programmes": programmes,
    }
    # the applicant's next step: a draft whose last letter came in was left waiting for them; a
    # decline when every letter is in already asks for nobody else
    complete = ready = False
    if application is not None:
        try:
            _app, checklists = await checklist.for_applicant(session, request.applicant_id, application.id)
        except DomainError:  # the cycle gone from the catalog: the letter is kept all the same
            checklists = []
        complete = checklist_rules.letters_complete(checklists)
        ready = (
            bool(checklists) and application.status == ApplicationStatus.DRAFT and all(c.eligible for c in checklists)
        )
    if state != RefereeState.SUBMITTED:
        declined = RefereeDeclined(**about, reason=request.decline_reason, letters_complete=complete)
        await add_event(session, tables, declined, source=source)
        return
    event = RefereeLetterSubmitted(**about, letters_complete=complete, ready_to_submit=ready)
    await add_event(session, tables, event, source=source)


async def write_letter(
    session: AsyncSession, tables: InfraTables, secret: str, token: str, text: str, *, source: str
) -> RefereeRequest:
    """The referee submits the letter written in the form."""
    text = (text or "").strip()
    if len(text) < MIN_LETTER_CHARS:
        raise Invalid("referee.letter_too_short", f"write at least {MIN_LETTER_CHARS} characters", "text")
    if len(text) > MAX_LETTER_CHARS:
        raise Invalid("referee.letter_too_long", f"at most {MAX_LETTER_CHARS} characters", "text")
    request = await _linked(session, secret, token, lock=True)
    request.letter_text = text
    await _answered(session, tables, request, RefereeState.SUBMITTED, source=source)
    return request


async def upload_letter(
    session: AsyncSession,
    tables: InfraTables,
    secret: str,
    token: str,
    file: Upload,
    *,
    store: Storage,
    limit: int,
    source: str,
) -> RefereeRequest:
    """The referee uploads the letter as a PDF (checked on content and size like documents).

    ``session`` must not be in a transaction: the link is checked before the body is read,
    the file stored, then the request updated in a short transaction."""
    await _linked(session, secret, token, lock=False)
    await session.rollback()
    try:
        stored, data = await read_checked(file, limit)
    except Unsupported as exc:
        if exc.code != "document.unsupported_type":
            raise
        # neither PDF nor an image: said as for an image (the documents' "PDF, PNG or JPEG"
        # had invited a PNG the letter then refused)
        raise Unsupported("referee.letter_not_pdf", "upload the letter as a PDF file", "file") from exc
    if stored.content_type != "application/pdf":
        raise Unsupported("referee.letter_not_pdf", "upload the letter as a PDF file", "file")
    stored_name = new_key()
    try:
        await store.put(stored_name, data)
        async with session.begin():
            request = await _linked(session, secret, token, lock=True)
            request.letter_stored_name = stored_name
            request.letter_original_name = sanitise_filename(
                file.filename, "letter.pdf", content_type=stored.content_type
            )
            request.letter_size = stored.size
            request.letter_sha256 = stored.sha256
            await _answered(session, tables, request, RefereeState.SUBMITTED, source=source)
    except BaseException:
        await store.delete(stored_name)  # no file without its request (also when cancelled)
        raise
    return request


async def decline(
    session: AsyncSession, tables: InfraTables, secret: str, token: str, *, reason: str | None = None, source: str
) -> None:
    request = await _linked(session, secret, token, lock=True)
    request.decline_reason = (reason or "").strip()[:500] or None
    await _answered(session, tables, request, RefereeState.DECLINED, source=source)


# --- officers --------------------------------------------------------------------------------------


async def letters_in_scope(session: AsyncSession, officer: Principal, application_id: str) -> list[RefereeRequest]:
    application = await scoped_application(session, officer, application_id)
    return await _requests(session, application.id)


async def letter_in_scope(
    session: AsyncSession, officer: Principal, application_id: str, request_id: str, *, store: Storage
) -> tuple[RefereeRequest, bytes | None]:
    """A submitted letter and, for an uploaded one, its PDF's bytes (None: a written letter)."""
    application = await scoped_application(session, officer, application_id)
    request = await session.scalar(
        select(RefereeRequest).where(
            RefereeRequest.id == request_id,
            RefereeRequest.application_id == application.id,
            RefereeRequest.state == RefereeState.SUBMITTED.value,
        )
    )
    if request is None:
        raise NotFound("referee.letter_not_found", f"no submitted letter {request_id}", "request_id")
    if request.letter_stored_name is None and request.letter_text is None:  # service/erasure.py
        raise NotFound(
            "referee.letter_erased", "the applicant closed their account: this letter was erased", "request_id"
        )
    if request.letter_stored_name is None:
        return request, None
    pdf = await fetch(store, request.letter_stored_name, request.letter_sha256, code="referee", field="request_id")
    return request, pdf


# --- the reminder worker ---------------------------------------------------------------------------


def _aware_or_none(value: datetime | None) -> datetime | None:
    return None if value is None else aware(value)


async def remind_and_expire(
    session: AsyncSession,
    tables: InfraTables,
    *,
    links: Links,
    before_due: Sequence[timedelta],
    source: str,
    now: datetime | None = None,
    batch: int = 200,
) -> tuple[int, int]:
    """One pass: remind each waiting referee a scheduled reminder is due for (referee.reminded),
    expire each waiting request whose deadline passed. (reminded, expired)."""
    now = now or utcnow()
    rows = (
        await session.scalars(
            select(RefereeRequest)
            .where(RefereeRequest.state.in_([s.value for s in rules.WAITING]))
            .order_by(RefereeRequest.due_at)
            .limit(batch)
            .with_for_update(skip_locked=True)
        )
    ).all()
    reminded = expired = 0
    for request in rows:
        due_at = aware(request.due_at)
        if now >= due_at:
            request.state = RefereeState.EXPIRED.value
            expired += 1
            continue
        due = rules.reminders_due(aware(request.created_at), due_at, request.reminders_sent, before_due, now)
        if due <= request.reminders_sent:
            continue
        request.reminders_sent = due
        request.last_reminded_at = now
        application = await session.get(Application, request.application_id)
        if application is None:
            continue
        event = await _requested_event(session, application, request, links)
        await add_event(session, tables, RefereeReminded(**event, by="schedule"), source=source)
        reminded += 1
    return reminded, expired


class RefereeReminders:
    """The worker's step: one ``remind_and_expire`` pass in its own transaction."""

    def __init__(self, db: Database, tables: InfraTables, links: Links, before_due: Sequence[timedelta], source: str):
        self.db, self.tables, self.links, self.before_due, self.source = db, tables, links, before_due, source

    async def step(self) -> None:
        async with self.db.session() as session, session.begin():
            reminded, expired = await remind_and_expire(
                session, self.tables, links=self.links, before_due=self.before_due, source=self.source
            )
        if reminded or expired:
            log.info("referee letters: %d reminded, %d expired", reminded, expired)
