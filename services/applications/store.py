"""Loading and saving what the routes work on (the only module besides handlers that queries)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.applications.api.common import aware, now
from services.applications.api.schemas import ApplicationOut, HistoryEntry
from services.applications.domain.eligibility import (
    ApplicantFacts,
    Certificate,
    ChoiceEligibility,
    CycleFacts,
    ProgrammeFacts,
    check_choices,
)
from services.applications.domain.lifecycle import ProgrammeView, Window
from services.applications.models import (
    Account,
    Applicant,
    Application,
    ApplicationChoice,
    CatalogCycle,
    CatalogProgramme,
    Document,
)
from shared.api import DomainError
from shared.events.catalog import ApplicationSubmitted, LanguageCertificate, Requirements


async def own_application(session: AsyncSession, application_id: str, applicant_id: str, *, lock: bool = False) -> Application:
    """The caller's application; someone else's is 'not found' (its existence is not revealed)."""
    query = select(Application).where(Application.id == application_id, Application.applicant_id == applicant_id)
    if lock:
        query = query.with_for_update()
    application = await session.scalar(query)
    if application is None:
        raise DomainError(404, f"no application {application_id}", field="application_id")
    return application


async def own_application_in_context(
    session: AsyncSession, application_id: str, applicant_id: str
) -> tuple[Application, Account, Applicant, CatalogCycle]:
    """The caller's application (locked), their account and profile, and the cycle: one query."""
    row = (await session.execute(
        select(Application, Account, Applicant, CatalogCycle)
        .join(Account, Account.id == Application.applicant_id)
        .join(Applicant, Applicant.id == Application.applicant_id)
        .outerjoin(CatalogCycle, CatalogCycle.id == Application.cycle_id)
        .where(Application.id == application_id, Application.applicant_id == applicant_id)
        .with_for_update(of=Application)
    )).first()
    if row is None:
        raise DomainError(404, f"no application {application_id}", field="application_id")
    application, account, applicant, cycle = row
    if cycle is None:
        raise DomainError(409, f"cycle {application.cycle_id} is not in the catalog", field="cycle_id")
    return application, account, applicant, cycle


def needs_documents(programmes: dict[str, CatalogProgramme]) -> bool:
    return any((p.requirements or {}).get("required_documents") for p in programmes.values())


async def cycle_of(session: AsyncSession, cycle_id: str, *, status: int = 409) -> CatalogCycle:
    cycle = await session.get(CatalogCycle, cycle_id)
    if cycle is None:
        raise DomainError(status, f"cycle {cycle_id} is not in the catalog", field="cycle_id")
    return cycle


def window_of(cycle: CatalogCycle) -> Window:
    return Window(aware(cycle.opens_at), aware(cycle.closes_at))


async def programmes_by_id(session: AsyncSession, ids: list[str]) -> dict[str, CatalogProgramme]:
    if not ids:
        return {}
    rows = (await session.scalars(select(CatalogProgramme).where(CatalogProgramme.id.in_(set(ids))))).all()
    return {p.id: p for p in rows}


def choice_views(programmes: dict[str, CatalogProgramme]) -> dict[str, ProgrammeView]:
    return {pid: ProgrammeView(p.id, p.cycle_id, p.applicant_type) for pid, p in programmes.items()}


async def profile(session: AsyncSession, applicant_id: str) -> tuple[Account, Applicant]:
    account = await session.get(Account, applicant_id)
    applicant = await session.get(Applicant, applicant_id)
    if account is None or applicant is None:
        raise DomainError(404, "no such applicant", field="sub")
    return account, applicant


async def document_kinds(session: AsyncSession, application_id: str,
                         programmes: dict[str, CatalogProgramme] | None = None) -> frozenset[str]:
    """Kinds of document uploaded; not queried when none of ``programmes`` asks for any."""
    if programmes is not None and not needs_documents(programmes):
        return frozenset()
    rows = await session.scalars(select(Document.kind).where(Document.application_id == application_id).distinct())
    return frozenset(rows.all())


async def replace_choice_rows(session: AsyncSession, application: Application, programmes: dict[str, CatalogProgramme]) -> None:
    await session.execute(delete(ApplicationChoice).where(ApplicationChoice.application_id == application.id))
    rows = [
        {"application_id": application.id, "rank": rank, "programme_id": pid,
         "host_institution_id": programmes[pid].host_institution_id}
        for rank, pid in enumerate(application.choices, start=1) if pid in programmes
    ]
    if rows:
        await session.execute(insert(ApplicationChoice), rows)


def record_status(application: Application, status: str, reason: str | None = None) -> None:
    application.status = status
    application.updated_at = now()
    # a new list, so the JSON column is seen as changed
    application.history = [*application.history, {"status": status, "at": application.updated_at.isoformat(), "reason": reason}]


def eligibility(
    application: Application, applicant: Applicant, cycle: CatalogCycle,
    programmes: dict[str, CatalogProgramme], kinds: frozenset[str],
) -> list[ChoiceEligibility]:
    facts = ApplicantFacts(
        applicant_type=applicant.applicant_type, nationality=applicant.nationality,
        date_of_birth=applicant.date_of_birth, grade=application.grade,
        certificates=tuple(Certificate(c["kind"], float(c["level"])) for c in application.language_certificates),
        document_kinds=kinds,
    )
    cycle_facts = CycleFacts(cycle.id, cycle.starts_on, tuple(cycle.eligible_countries))
    programme_facts = {
        pid: ProgrammeFacts(p.id, p.cycle_id, p.applicant_type, Requirements.model_validate(p.requirements or {}))
        for pid, p in programmes.items()
    }
    return check_choices(facts, cycle_facts, list(application.choices), programme_facts, date.today())


def submitted_event(cls: type[ApplicationSubmitted], application: Application, account: Account, applicant: Applicant):
    """application.submitted / updated: what matching and notifications need, nothing more."""
    return cls(
        application_id=application.id, applicant_id=application.applicant_id, cycle_id=application.cycle_id,
        scheme_id=application.scheme_id, applicant_type=application.applicant_type,
        sending_country=application.sending_country, choices=list(application.choices), grade=application.grade,
        language_certificates=[LanguageCertificate(**c) for c in application.language_certificates],
        submitted_at=application.submitted_at or now(),
        email=account.email, name=account.name, preferred_language=applicant.preferred_language,
    )


def application_out(a: Application) -> ApplicationOut:
    return ApplicationOut(
        id=a.id, applicant_id=a.applicant_id, cycle_id=a.cycle_id, scheme_id=a.scheme_id,
        applicant_type=a.applicant_type, sending_country=a.sending_country, choices=list(a.choices),
        grade=a.grade, language_certificates=list(a.language_certificates), statement=a.statement,
        status=a.status, match_id=a.match_id, offered_programme_id=a.offered_programme_id,
        created_at=aware(a.created_at), updated_at=aware(a.updated_at),
        submitted_at=aware(a.submitted_at) if a.submitted_at else None,
        history=[HistoryEntry(**h) for h in a.history],
    )
