"""Submitting a draft: the hot path (submits come in bursts when a window is about to close).

Core statements only: one read (the application locked, the account, the profile, the
cycle and the chosen programmes), then the status update and the outbox row, which the
caller runs together with the stored Idempotency-Key answer as one statement.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

from sqlalchemy import bindparam, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.sql.dml import UpdateBase

from services.applications.domain import lifecycle
from services.applications.models import (
    Account,
    Applicant,
    Application,
    CatalogCycle,
    CatalogProgramme,
    CatalogScheme,
)
from services.applications.service import catalog
from services.applications.service.accounts import pending_email
from services.applications.service.applications import (
    document_kinds,
    document_properties,
    eligibility,
    not_found,
    record_status,
    refuse_ineligible,
    submitted_event,
)
from services.applications.service.referee_letters import letter_positions
from shared.clock import utcnow
from shared.errors import Conflict
from shared.events.catalog import ApplicationStatus, ApplicationSubmitted
from shared.outbox import event_insert
from shared.tables import InfraTables


@dataclass
class SubmitContext:
    """What a submit works on, as plain records (no ORM identity map on the hot path)."""

    application: SimpleNamespace  # every column of the application row
    account: SimpleNamespace  # email, name, email_verified_at
    applicant: SimpleNamespace  # applicant_type, nationality, date_of_birth, preferred_language
    cycle: SimpleNamespace
    scheme_countries: list[str]  # the scheme's sending countries, for a cycle without its own
    scheme_path: list[str]  # the scheme's stages: an endorsement stage needs a home institution
    programmes: dict[str, SimpleNamespace]  # the chosen programmes the catalog knows


_APPLICATIONS = Application.__table__
_ACCOUNTS = Account.__table__
_APPLICANTS = Applicant.__table__
_CYCLES = CatalogCycle.__table__
_PROGRAMMES = CatalogProgramme.__table__
_SCHEMES = CatalogScheme.__table__
_APPLICANT_COLUMNS = ("applicant_type", "nationality", "date_of_birth", "preferred_language")
_CYCLE_COLUMNS = ("id", "opens_at", "closes_at", "starts_on", "max_choices", "eligible_countries")
_PROGRAMME_COLUMNS = (
    "id",
    "cycle_id",
    "applicant_type",
    "host_institution_id",
    "host_country",
    "requirements",
    "seats",
)
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
            _ACCOUNTS.c.email_verified_at.label("account_email_verified_at"),
            *(_APPLICANTS.c[c].label(f"applicant_{c}") for c in _APPLICANT_COLUMNS),
            *(_CYCLES.c[c].label(f"catalog_cycle_{c}") for c in _CYCLE_COLUMNS),
            _SCHEMES.c.eligible_countries.label("scheme_eligible_countries"),
            _SCHEMES.c.path.label("scheme_path"),
            *(_PROGRAMMES.c[c].label(f"programme_{c}") for c in _PROGRAMME_COLUMNS),
        )
        .select_from(
            _APPLICATIONS.join(_ACCOUNTS, _ACCOUNTS.c.id == _APPLICATIONS.c.applicant_id)
            .join(_APPLICANTS, _APPLICANTS.c.id == _APPLICATIONS.c.applicant_id)
            .outerjoin(_CYCLES, _CYCLES.c.id == _APPLICATIONS.c.cycle_id)
            .outerjoin(_SCHEMES, _SCHEMES.c.id == _CYCLES.c.scheme_id)
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
    result = await conn.execute(
        _SUBMIT_CONTEXT[conn.dialect.name], {"application_id": application_id, "applicant_id": applicant_id}
    )
    rows = result.mappings().all()
    if not rows:
        raise not_found(application_id)
    first = rows[0]
    application = SimpleNamespace(**{c.name: first[c.name] for c in _APPLICATIONS.c})
    if first["catalog_cycle_id"] is None:
        raise Conflict(
            "application.cycle_not_in_catalog", f"cycle {application.cycle_id} is not in the catalog", "cycle_id"
        )
    return SubmitContext(
        application=application,
        account=SimpleNamespace(
            email=first["account_email"],
            name=first["account_name"],
            email_verified_at=first["account_email_verified_at"],
        ),
        applicant=SimpleNamespace(**{c: first[f"applicant_{c}"] for c in _APPLICANT_COLUMNS}),
        cycle=SimpleNamespace(**{c: first[f"catalog_cycle_{c}"] for c in _CYCLE_COLUMNS}),
        scheme_countries=list(first["scheme_eligible_countries"] or []),
        scheme_path=list(first["scheme_path"] or []),
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


def _status_update(application: SimpleNamespace) -> tuple[UpdateBase, dict]:
    """The UPDATE (and its parameters) that saves what ``record_status`` and a submit changed."""
    return _STATUS_UPDATE, {
        "application_id": application.id,
        **{f"application_{c}": getattr(application, c) for c in _STATUS_COLUMNS},
    }


@dataclass
class Submitted:
    """The submitted application (a plain record) and the writes that make it so, not yet
    run: the status update and the outbox row of application.submitted."""

    application: SimpleNamespace
    writes: list[tuple[UpdateBase, dict]] = field(default_factory=list)


async def submit(
    session: AsyncSession,
    tables: InfraTables,
    applicant_id: str,
    application_id: str,
    *,
    source: str,
    address_confirmed_first: bool = False,
) -> Submitted:
    """Submit a draft: the window is open, every choice valid and eligible (each refusal
    names its choice), the home institution named under an endorsement stage, and (with
    ``address_confirmed_first``) the applicant's e-mail address confirmed from its mailbox.
    Nothing is written here: the caller runs ``writes``."""
    context = await submit_context(await session.connection(), application_id, applicant_id)
    application, cycle, programmes = context.application, context.cycle, context.programmes
    if address_confirmed_first and context.account.email_verified_at is None:
        # a new address asked for is the one whose link confirms the account now
        address = await pending_email(session, applicant_id) or context.account.email
        raise Conflict(
            "account.email_unverified",
            f"confirm your e-mail address first: open the link sent to {address}",
            "email",
            email=address,
        )
    lifecycle.check_can_submit(application.status, catalog.window_of(cycle), utcnow(), application.choices)
    lifecycle.check_choices(
        application.choices,
        cycle_id=cycle.id,
        max_choices=cycle.max_choices,
        applicant_type=application.applicant_type,
        programmes=catalog.choice_views(programmes),
    )
    lifecycle.check_home_institution_named(context.scheme_path, application.home_institution_id)
    kinds, rejected = await document_kinds(session, application.id, programmes)
    refuse_ineligible(
        eligibility(
            application,
            context.applicant,
            cycle,
            programmes,
            kinds,
            scheme_countries=context.scheme_countries,
            properties=await document_properties(session, application.id, programmes),
            letters=await letter_positions(session, application.id, programmes),
            rejected=rejected,
        )
    )
    application.submitted_at = utcnow()
    record_status(application, ApplicationStatus.SUBMITTED)
    event = event_insert(
        session,
        tables,
        submitted_event(ApplicationSubmitted, application, context.applicant),
        source=source,
    )
    return Submitted(application, [_status_update(application), event])
