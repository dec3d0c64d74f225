"""What officers see: the applications in their scope (``shared.scope``); admins all.

An officer scoped to schemes sees the applications in those schemes; scoped to host
institutions, those naming a programme hosted at one of them; scoped to both, both must
hold. Drafts are the applicant's own business: no officer sees them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import Select, delete, exists, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.applications.domain.passport_name import search_key
from services.applications.models import Account, Applicant, Application, ApplicationChoice, ReviewerAssignment
from shared.clock import aware_or_none
from shared.db import contains
from shared.errors import NotFound
from shared.events.catalog import ApplicationStatus
from shared.principal import Principal, Role
from shared.scope import country_filter, home_filter, institution_filter, scheme_filter


def in_scope(query: Select, officer: Principal) -> Select:
    """Limit ``query`` (over applications) to what ``officer`` may see; a committee reviewer,
    within its scope, only the applications given to it."""
    query = query.where(Application.status != ApplicationStatus.DRAFT.value)
    if officer.role == Role.REVIEWER:
        given = select(ReviewerAssignment.application_id).where(ReviewerAssignment.reviewer_id == officer.sub)
        query = query.where(Application.id.in_(given))
    schemes = scheme_filter(officer)
    if schemes is not None:
        query = query.where(Application.scheme_id.in_(schemes))
    countries = country_filter(officer)
    if countries is not None:  # a nominating authority: its own countries' applicants
        query = query.where(Application.sending_country.in_(countries))
    homes = home_filter(officer)
    if homes is not None:  # a home institution's coordinator: its own applicants
        query = query.where(Application.home_institution_id.in_(homes))
    institutions = institution_filter(officer)
    if institutions is not None:
        query = query.where(
            exists().where(
                ApplicationChoice.application_id == Application.id,
                ApplicationChoice.host_institution_id.in_(institutions),
            )
        )
    return query


def scoped_query(
    officer: Principal, cycle_id: str | None, statuses: Sequence[ApplicationStatus] | None, q: str | None = None
) -> Select:
    """The applications in scope (of a cycle, in any of some statuses; ``q``: whose applicant's
    name or e-mail contains it, any case, or whose id begins with it), oldest submission first."""
    query = in_scope(select(Application), officer)
    if cycle_id:
        query = query.where(Application.cycle_id == cycle_id)
    if statuses:
        query = query.where(Application.status.in_([s.value for s in statuses]))
    if q and q.strip():
        typed = q.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")  # as typed, not a pattern
        folded = search_key(q)
        # the passport's Latin letters too: an officer who cannot read the name typed in Urdu or
        # Cyrillic finds "BILAL AHMED" by them
        named = (
            select(Account.id)
            .outerjoin(Applicant, Applicant.id == Account.id)
            .where(
                or_(
                    Account.name.ilike(f"%{typed}%", escape="\\"),
                    Account.email.ilike(f"%{typed}%", escape="\\"),
                    # without its accents and apostrophes: "sukru" or "SUKRU" finds "Şükrü"
                    Applicant.passport_name_key.like(contains(folded), escape="\\") if folded else false(),
                )
            )
        )
        query = query.where(
            or_(Application.applicant_id.in_(named), Application.id.like(f"{typed.lower()}%", escape="\\"))
        )
    return query.order_by(Application.submitted_at, Application.id)


async def scoped_application(session: AsyncSession, officer: Principal, application_id: str) -> Application:
    application = await session.scalar(in_scope(select(Application).where(Application.id == application_id), officer))
    if application is None:
        raise NotFound("application.not_in_scope", f"no application {application_id} in your scope", "application_id")
    return application


class ApplicantFacts(NamedTuple):
    name: str = ""
    home_institution: str = ""
    date_of_birth: date | None = None
    # in Latin letters, when given: a name typed in Urdu or Russian, read by a Chinese officer
    passport_name: str | None = None
    closed_at: datetime | None = None  # the applicant closed their account (service/erasure.py)


async def applicants_of(session: AsyncSession, applicant_ids: list[str]) -> dict[str, ApplicantFacts]:
    """Name, home institution, date of birth and passport name of each applicant, for officers
    who read their applications (age limits are part of eligibility)."""
    if not applicant_ids:
        return {}
    rows = await session.execute(
        select(
            Account.id,
            Account.name,
            Applicant.home_institution,
            Applicant.date_of_birth,
            Applicant.passport_name,
            Account.erased_at,
        )
        .join(Applicant, Applicant.id == Account.id, isouter=True)
        .where(Account.id.in_(set(applicant_ids)))
    )
    return {
        row.id: ApplicantFacts(
            row.name, row.home_institution or "", row.date_of_birth, row.passport_name, aware_or_none(row.erased_at)
        )
        for row in rows
    }


async def remember_assignments(session: AsyncSession, reviewer_id: str, application_ids: Sequence[str]) -> None:
    """Applications given to a reviewer (reviewer.assigned): a committee reviewer reads them."""
    wanted = list(dict.fromkeys(application_ids))
    known = set(
        await session.scalars(
            select(ReviewerAssignment.application_id).where(
                ReviewerAssignment.reviewer_id == reviewer_id, ReviewerAssignment.application_id.in_(wanted)
            )
        )
    )  # an event delivered again adds nothing (one consumer reads a cycle's events, in order)
    session.add_all(ReviewerAssignment(reviewer_id=reviewer_id, application_id=a) for a in wanted if a not in known)


async def forget_assignments(session: AsyncSession, reviewer_id: str, application_ids: Sequence[str]) -> None:
    """Applications taken from a reviewer (given to another, a conflict, off the committee)."""
    await session.execute(
        delete(ReviewerAssignment).where(
            ReviewerAssignment.reviewer_id == reviewer_id, ReviewerAssignment.application_id.in_(list(application_ids))
        )
    )
