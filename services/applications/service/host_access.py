"""A host institution reads the identity, documents and referee letters of the applicants it
considers, with their consent (domain/consent.py), and every read is recorded for the applicant
to see. The letters go with the documents' consent (issue 15): they are papers of the
application, as the transcript is, and the applicant's consent page asks two questions only."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, and_, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import select

from services.applications.domain.consent import Consent, Given, host_of, is_with
from services.applications.domain.journal import Action
from services.applications.domain.referees import RefereeState
from services.applications.models import (
    Account,
    Applicant,
    Application,
    CatalogProgramme,
    Document,
    IdentityRead,
    RefereeRequest,
)
from services.applications.service import journal
from services.applications.service.applications import own_application
from services.applications.service.officer import in_scope
from services.applications.service.storage import Storage, fetch
from shared.clock import utcnow
from shared.errors import Forbidden, NotFound
from shared.events.catalog import ApplicationStatus
from shared.principal import Principal


async def give_consent(
    session: AsyncSession, applicant_id: str, application_id: str, *, identity: bool, documents: bool
) -> Given:
    """Set (or withdraw) what hosts may read; takes effect at once for every later read."""
    application = await own_application(session, application_id, applicant_id, lock=True)
    before = Given.of(application.consent)
    given = Given(identity=identity, documents=documents, at=utcnow())
    application.consent = given.stored()
    journal.record(
        session,
        applicant_id,
        Action.CONSENT_SET,
        subject=f"application:{application.id}",
        scheme_id=application.scheme_id,
        cycle_id=application.cycle_id,
        application_id=application.id,
        before={"host_identity": before.identity, "host_documents": before.documents},
        after={"host_identity": identity, "host_documents": documents},
    )
    application.updated_at = utcnow()
    return given


async def _hosts(session: AsyncSession, applications: Iterable[Application]) -> dict[str, str | None]:
    """Each application's host institution now (the deciding host, else the offered programme's)."""
    apps = list(applications)
    offered = {a.offered_programme_id for a in apps if a.offered_programme_id}
    programmes = {}
    if offered:
        rows = await session.execute(
            select(CatalogProgramme.id, CatalogProgramme.host_institution_id).where(CatalogProgramme.id.in_(offered))
        )
        programmes = {r.id: r.host_institution_id for r in rows}
    return {a.id: host_of(a.status, a.host_institution_id, programmes.get(a.offered_programme_id or "")) for a in apps}


@dataclass(frozen=True)
class Considered:
    """An application with one of the host's institutions, as the host sees it in a list."""

    application: Application
    institution_id: str
    consent: Given
    messages_language: str | None = None
    # held for ``names``, never shown unless the applicant lets the host read their identity
    applicant_name: str | None = None
    passport_name: str | None = None  # in Latin letters: a name typed in Urdu, read in Urumqi


def considered_query(
    host: Principal, institution_id: str | None = None, application_ids: Iterable[str] | None = None
) -> Select:
    """The applications with the caller's institutions now (or with ``institution_id``): with
    the host deciding admission, or offered or accepted at one of its programmes; only
    ``application_ids`` when given (the cards of an admissions page)."""
    institutions = set(host.institutions)
    if institution_id is not None:
        if institution_id not in institutions:
            raise Forbidden("host.not_your_institution", f"{institution_id} is not one of yours", "institution_id")
        institutions = {institution_id}
    hosted = select(CatalogProgramme.id).where(CatalogProgramme.host_institution_id.in_(sorted(institutions)))
    query = select(Application)
    if application_ids is not None:
        query = query.where(Application.id.in_(sorted(set(application_ids))))
    return query.where(
        or_(
            and_(
                Application.status == ApplicationStatus.WITH_HOST,
                Application.host_institution_id.in_(sorted(institutions)),
            ),
            and_(
                Application.status.in_([ApplicationStatus.OFFERED, ApplicationStatus.ACCEPTED]),
                Application.offered_programme_id.in_(hosted),
            ),
        )
    )


async def consents_in_scope(session: AsyncSession, officer: Principal, application_ids: list[str]) -> dict[str, Given]:
    """What each of these applications (those in the officer's scope) lets the host read: an
    officer approving a match reads it, since a host that cannot see the documents may take
    them for missing."""
    scoped = in_scope(select(Application.id, Application.consent).where(Application.id.in_(application_ids)), officer)
    return {row.id: Given.of(row.consent) for row in await session.execute(scoped)}


async def _applicants(session: AsyncSession, application_ids: Iterable[str]) -> dict[str, tuple[str, str, str | None]]:
    """Each application's applicant account: (name, the language they read notices in, the
    name as in the passport)."""
    rows = await session.execute(
        select(Application.id, Account.name, Account.preferred_language, Applicant.passport_name)
        .join(Account, Account.id == Application.applicant_id)
        .join(Applicant, Applicant.id == Application.applicant_id, isouter=True)
        .where(Application.id.in_(list(application_ids)))
    )
    return {row.id: (row.name, row.preferred_language, row.passport_name) for row in rows}


async def messages_languages(session: AsyncSession, application_ids: Iterable[str]) -> dict[str, str]:
    """The language each applicant reads notices in: a note or message written to them by an
    officer or a host reaches them as written (a Russian paragraph landed in a Chinese e-mail)."""
    return {a: language for a, (_name, language, _passport) in (await _applicants(session, application_ids)).items()}


async def considered(session: AsyncSession, rows: Iterable[Application]) -> list[Considered]:
    """A page of ``considered_query`` as the host sees it (the institution each is with)."""
    rows = list(rows)
    hosts = await _hosts(session, rows)
    applicants = await _applicants(session, [a.id for a in rows])
    cards = []
    for a in rows:
        name, language, passport = applicants.get(a.id, (None, None, None))
        cards.append(Considered(a, hosts[a.id] or "", Given.of(a.consent), language, name, passport))
    return cards


async def names(session: AsyncSession, host: Principal, cards: list[Considered]) -> dict[str, tuple[str, str | None]]:
    """The names of the applicants among ``cards`` who let the host read their identity: an
    admissions list of bare application ids left the host unable to tell whom it admitted. A
    name is part of the identity, so it is recorded as a read (``name``: the name alone, told
    apart from the whole identity's), at most once a day per application and institution (not
    at every page of the list)."""
    allowed = {
        c.application.id: c for c in cards if c.consent.allows(Consent.IDENTITY) and c.applicant_name is not None
    }
    if not allowed:
        return {}
    recent = await session.execute(
        select(IdentityRead.application_id, IdentityRead.institution_id).where(
            IdentityRead.application_id.in_(list(allowed)),
            IdentityRead.what == "name",
            IdentityRead.read_at >= utcnow() - timedelta(days=1),
        )
    )
    read = {(row.application_id, row.institution_id) for row in recent}
    for application_id, card in allowed.items():
        if (application_id, card.institution_id) not in read:
            _record(session, host, card.application, card.institution_id, "name")
    return {a: (str(card.applicant_name), card.passport_name) for a, card in allowed.items()}


async def with_host(
    session: AsyncSession, host: Principal, application_id: str, *, lock: bool = False
) -> tuple[Application, str]:
    """The application and the caller's institution it is with now; someone else's applicant, or
    one not (or no longer) with this host, is not found (its existence is not revealed)."""
    query = select(Application).where(Application.id == application_id)
    application = await session.scalar(query.with_for_update() if lock else query)
    hosts = await _hosts(session, [application] if application else [])
    if application is None or not is_with(application.status, hosts[application.id], host.institutions):
        raise NotFound(
            "host.not_with_you", f"no application {application_id} is with your institution", "application_id"
        )
    return application, hosts[application.id] or ""


async def _readable(
    session: AsyncSession, host: Principal, application_id: str, what: Consent
) -> tuple[Application, str]:
    """The application and the institution it is with, if that institution may read ``what`` of
    it; the refusal says why."""
    application, institution = await with_host(session, host, application_id)
    if not Given.of(application.consent).allows(what):
        raise Forbidden(
            f"host.no_consent_{'identity' if what == Consent.IDENTITY else 'documents'}",
            "the applicant has not consented to share this with the host institution",
            "application_id",
        )
    return application, institution


def _record(session: AsyncSession, host: Principal, application: Application, institution: str, what: str) -> None:
    """The read, for the applicant (``identity_reads``) and in the journal."""
    session.add(IdentityRead(application_id=application.id, account_id=host.sub, institution_id=institution, what=what))
    journal.record(
        session,
        host,
        Action.IDENTITY_READ,
        subject=what,
        scheme_id=application.scheme_id,
        cycle_id=application.cycle_id,
        application_id=application.id,
        after={"institution_id": institution},
    )


@dataclass(frozen=True)
class Identity:
    application_id: str
    applicant_id: str
    name: str
    email: str
    date_of_birth: date | None
    nationality: str
    home_institution: str
    applicant_type: str
    institution_id: str
    passport_name: str | None = None  # for the admission letter and the visa form; None: not given yet


async def identity(session: AsyncSession, host: Principal, application_id: str) -> Identity:
    """The applicant's identity, for the host deciding admission; the read is recorded."""
    application, institution = await _readable(session, host, application_id, Consent.IDENTITY)
    account = await session.get(Account, application.applicant_id)
    applicant = await session.get(Applicant, application.applicant_id)
    _record(session, host, application, institution, "identity")
    return Identity(
        application_id=application.id,
        applicant_id=application.applicant_id,
        name=account.name if account else "",
        email=account.email if account else "",
        date_of_birth=applicant.date_of_birth if applicant else None,
        nationality=applicant.nationality if applicant else application.sending_country,
        home_institution=applicant.home_institution if applicant else "",
        applicant_type=application.applicant_type,
        institution_id=institution,
        passport_name=applicant.passport_name if applicant else None,
    )


async def documents(session: AsyncSession, host: Principal, application_id: str) -> list[Document]:
    """The current version of each document (listing them is not a read of their content)."""
    await _readable(session, host, application_id, Consent.DOCUMENTS)
    rows = await session.scalars(
        select(Document)
        .where(Document.application_id == application_id, Document.superseded.is_(False))
        .order_by(Document.kind, Document.created_at)
    )
    return list(rows.all())  # the current versions only: what the host reads is what stands


async def document_file(
    session: AsyncSession, host: Principal, application_id: str, document_id: str, *, store: Storage
) -> tuple[Document, bytes]:
    """One document's bytes for the host; the read is recorded."""
    application, institution = await _readable(session, host, application_id, Consent.DOCUMENTS)
    document = await session.scalar(
        select(Document).where(
            Document.id == document_id, Document.application_id == application_id, Document.superseded.is_(False)
        )
    )
    if document is None:
        raise NotFound("document.not_found", f"no document {document_id}", "document_id")
    content = await fetch(store, document.stored_name, document.sha256, code="document", field="document_id")
    _record(session, host, application, institution, f"document:{document.id}")
    return document, content


async def letters(session: AsyncSession, host: Principal, application_id: str) -> list[RefereeRequest]:
    """The referees asked for a letter (not those cancelled or replaced) and how each stands,
    oldest first; listing them is not a read of a letter, as for documents."""
    await _readable(session, host, application_id, Consent.DOCUMENTS)
    rows = await session.scalars(
        select(RefereeRequest)
        .where(
            RefereeRequest.application_id == application_id,
            RefereeRequest.state != RefereeState.CANCELLED.value,
        )
        .order_by(RefereeRequest.created_at, RefereeRequest.id)
    )
    return list(rows.all())


async def letter(
    session: AsyncSession, host: Principal, application_id: str, request_id: str, *, store: Storage
) -> tuple[RefereeRequest, bytes | None]:
    """One submitted letter for the host: the PDF's bytes, or None for a letter written in the
    form (its text is on the request); the read is recorded."""
    application, institution = await _readable(session, host, application_id, Consent.DOCUMENTS)
    request = await session.scalar(
        select(RefereeRequest).where(
            RefereeRequest.id == request_id,
            RefereeRequest.application_id == application_id,
            RefereeRequest.state == RefereeState.SUBMITTED.value,
        )
    )
    if request is None:
        raise NotFound("referee.letter_not_found", f"no submitted letter {request_id}", "request_id")
    pdf = None
    if request.letter_stored_name is not None:
        pdf = await fetch(store, request.letter_stored_name, request.letter_sha256, code="referee", field="request_id")
    _record(session, host, application, institution, f"letter:{request.id}")
    return request, pdf


async def reads_of(session: AsyncSession, applicant_id: str, application_id: str) -> list[IdentityRead]:
    """Every read a host made of the applicant's application, newest first (for the applicant)."""
    await own_application(session, application_id, applicant_id)
    rows = await session.scalars(
        select(IdentityRead)
        .where(IdentityRead.application_id == application_id)
        .order_by(IdentityRead.read_at.desc(), IdentityRead.id.desc())
    )
    return list(rows.all())
