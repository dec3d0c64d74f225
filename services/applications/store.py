"""Loading and saving what the routes work on (the only module besides handlers that queries)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

from sqlalchemy import bindparam, delete, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.sql.dml import UpdateBase

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


async def own_application(
    session: AsyncSession, application_id: str, applicant_id: str, *, lock: bool = False
) -> Application:
    """The caller's application; someone else's is 'not found' (its existence is not revealed)."""
    query = select(Application).where(Application.id == application_id, Application.applicant_id == applicant_id)
    if lock:
        query = query.with_for_update()
    application = await session.scalar(query)
    if application is None:
        raise DomainError(404, f"no application {application_id}", field="application_id")
    return application


@dataclass
class SubmitContext:
    """What a submit works on, as plain records (no ORM identity map on the hot path)."""

    application: SimpleNamespace  # every column of the application row
    account: SimpleNamespace  # email, name
    applicant: SimpleNamespace  # applicant_type, nationality, date_of_birth, preferred_language
    cycle: SimpleNamespace
    programmes: dict[str, SimpleNamespace]  # the chosen programmes the catalog knows


_APPLICATIONS = Application.__table__
_ACCOUNTS = Account.__table__
_APPLICANTS = Applicant.__table__
_CYCLES = CatalogCycle.__table__
_PROGRAMMES = CatalogProgramme.__table__
_APPLICANT_COLUMNS = ("applicant_type", "nationality", "date_of_birth", "preferred_language")
_CYCLE_COLUMNS = ("id", "opens_at", "closes_at", "starts_on", "max_choices", "eligible_countries")
_PROGRAMME_COLUMNS = ("id", "cycle_id", "applicant_type", "host_institution_id", "requirements")
# A chosen programme: its id is one of the application's JSON choices.
_IS_CHOSEN = {
    "postgresql": "catalog_programmes.id IN (SELECT json_array_elements_text(applications.choices))",
    "sqlite": "catalog_programmes.id IN (SELECT value FROM json_each(applications.choices))",
}


def _submit_context_query(dialect: str):
    return (
        select(
            *_APPLICATIONS.c,
            _ACCOUNTS.c.email.label("account_email"),
            _ACCOUNTS.c.name.label("account_name"),
            *(_APPLICANTS.c[c].label(f"applicant_{c}") for c in _APPLICANT_COLUMNS),
            *(_CYCLES.c[c].label(f"catalog_cycle_{c}") for c in _CYCLE_COLUMNS),
            *(_PROGRAMMES.c[c].label(f"programme_{c}") for c in _PROGRAMME_COLUMNS),
        )
        .select_from(
            _APPLICATIONS.join(_ACCOUNTS, _ACCOUNTS.c.id == _APPLICATIONS.c.applicant_id)
            .join(_APPLICANTS, _APPLICANTS.c.id == _APPLICATIONS.c.applicant_id)
            .outerjoin(_CYCLES, _CYCLES.c.id == _APPLICATIONS.c.cycle_id)
            .outerjoin(_PROGRAMMES, text(_IS_CHOSEN[dialect]))
        )
        .where(
            _APPLICATIONS.c.id == bindparam("application_id"), _APPLICATIONS.c.applicant_id == bindparam("applicant_id")
        )
        .with_for_update(of=_APPLICATIONS)
    )


_SUBMIT_CONTEXT = {dialect: _submit_context_query(dialect) for dialect in _IS_CHOSEN}  # built once


async def submit_context(conn: AsyncConnection, application_id: str, applicant_id: str) -> SubmitContext:
    """The caller's application (locked), account, profile, cycle and chosen programmes in
    one query: one row per chosen programme the catalog has (one row when it has none)."""
    rows = (
        (
            await conn.execute(
                _SUBMIT_CONTEXT[conn.dialect.name], {"application_id": application_id, "applicant_id": applicant_id}
            )
        )
        .mappings()
        .all()
    )
    if not rows:
        raise DomainError(404, f"no application {application_id}", field="application_id")
    first = rows[0]
    application = SimpleNamespace(**{c.name: first[c.name] for c in _APPLICATIONS.c})
    if first["catalog_cycle_id"] is None:
        raise DomainError(409, f"cycle {application.cycle_id} is not in the catalog", field="cycle_id")
    return SubmitContext(
        application=application,
        account=SimpleNamespace(email=first["account_email"], name=first["account_name"]),
        applicant=SimpleNamespace(**{c: first[f"applicant_{c}"] for c in _APPLICANT_COLUMNS}),
        cycle=SimpleNamespace(**{c: first[f"catalog_cycle_{c}"] for c in _CYCLE_COLUMNS}),
        programmes={
            r["programme_id"]: SimpleNamespace(**{c: r[f"programme_{c}"] for c in _PROGRAMME_COLUMNS})
            for r in rows
            if r["programme_id"] is not None
        },
    )


_STATUS_COLUMNS = ("status", "updated_at", "submitted_at", "history")
_STATUS_UPDATE = (
    update(_APPLICATIONS)
    .where(_APPLICATIONS.c.id == bindparam("application_id"))
    .values({c: bindparam(f"application_{c}", type_=_APPLICATIONS.c[c].type) for c in _STATUS_COLUMNS})
)


def status_update(application) -> tuple[UpdateBase, dict]:
    """The UPDATE (and its parameters) that saves what ``record_status`` and a submit changed."""
    return _STATUS_UPDATE, {
        "application_id": application.id,
        **{f"application_{c}": getattr(application, c) for c in _STATUS_COLUMNS},
    }


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


async def document_kinds(
    session: AsyncSession, application_id: str, programmes: dict[str, CatalogProgramme] | None = None
) -> frozenset[str]:
    """Kinds of document uploaded; not queried when none of ``programmes`` asks for any."""
    if programmes is not None and not needs_documents(programmes):
        return frozenset()
    rows = await session.scalars(select(Document.kind).where(Document.application_id == application_id).distinct())
    return frozenset(rows.all())


async def replace_choice_rows(
    session: AsyncSession, application: Application, programmes: dict[str, CatalogProgramme]
) -> None:
    await session.execute(delete(ApplicationChoice).where(ApplicationChoice.application_id == application.id))
    rows = [
        {
            "application_id": application.id,
            "rank": rank,
            "programme_id": pid,
            "host_institution_id": programmes[pid].host_institution_id,
        }
        for rank, pid in enumerate(application.choices, start=1)
        if pid in programmes
    ]
    if rows:
        await session.execute(insert(ApplicationChoice), rows)


def record_status(application: Application, status: str, reason: str | None = None) -> None:
    application.status = status
    application.updated_at = now()
    # a new list, so the JSON column is seen as changed
    application.history = [
        *application.history,
        {"status": status, "at": application.updated_at.isoformat(), "reason": reason},
    ]


def eligibility(
    application: Application,
    applicant: Applicant,
    cycle: CatalogCycle,
    programmes: dict[str, CatalogProgramme],
    kinds: frozenset[str],
) -> list[ChoiceEligibility]:
    facts = ApplicantFacts(
        applicant_type=applicant.applicant_type,
        nationality=applicant.nationality,
        date_of_birth=applicant.date_of_birth,
        grade=application.grade,
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
        application_id=application.id,
        applicant_id=application.applicant_id,
        cycle_id=application.cycle_id,
        scheme_id=application.scheme_id,
        applicant_type=application.applicant_type,
        sending_country=application.sending_country,
        choices=list(application.choices),
        grade=application.grade,
        language_certificates=[LanguageCertificate(**c) for c in application.language_certificates],
        submitted_at=application.submitted_at or now(),
        email=account.email,
        name=account.name,
        preferred_language=applicant.preferred_language,
    )


def application_out(a: Application) -> ApplicationOut:
    return ApplicationOut(
        id=a.id,
        applicant_id=a.applicant_id,
        cycle_id=a.cycle_id,
        scheme_id=a.scheme_id,
        applicant_type=a.applicant_type,
        sending_country=a.sending_country,
        choices=list(a.choices),
        grade=a.grade,
        language_certificates=list(a.language_certificates),
        statement=a.statement,
        status=a.status,
        match_id=a.match_id,
        offered_programme_id=a.offered_programme_id,
        created_at=aware(a.created_at),
        updated_at=aware(a.updated_at),
        submitted_at=aware(a.submitted_at) if a.submitted_at else None,
        history=[HistoryEntry(**h) for h in a.history],
    )
