"""Steps every use case shares: finding a row, refusing what is out of scope, and turning
a list of problems into a refusal (errors) or data (warnings)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.matching.domain.catalog import ERROR, Problem
from services.matching.domain.quota import Problem as QuotaProblem
from services.matching.models import ApplicantProfile, Match
from shared.errors import FieldError, Forbidden, Invalid, NotFound
from shared.events.catalog import MatchEvent
from shared.principal import Principal
from shared.scope import manages_scheme, scheme_filter

T = TypeVar("T")
E = TypeVar("E", bound=MatchEvent)

# Where this service's events come from (the CloudEvents source).
SOURCE = "/corridor/matching"


async def names_and_languages(
    session: AsyncSession, applicant_ids: Iterable[str]
) -> tuple[dict[str, str], dict[str, str | None], dict[str, str | None]]:
    """Each applicant's name, the language they read messages in (None: no applicant event
    has said it yet) and their name as in the passport (None: not given), as their events said
    them: a table of a pool names its rows (a name typed in Urdu read by its Latin letters too),
    and a reason written to one reaches them as written."""
    rows = (
        await session.execute(
            select(
                ApplicantProfile.applicant_id,
                ApplicantProfile.name,
                ApplicantProfile.language,
                ApplicantProfile.passport_name,
            ).where(ApplicantProfile.applicant_id.in_(set(applicant_ids)))
        )
    ).all()
    return (
        {r.applicant_id: r.name for r in rows},
        {r.applicant_id: r.language for r in rows},
        {r.applicant_id: r.passport_name for r in rows},
    )


def name_found(needle: str, name: str, passport_name: str | None) -> bool:
    """A search of a table by name finds the name as typed or as in the passport."""
    return needle in name.casefold() or needle in (passport_name or "").casefold()


async def get_or_not_found(session: AsyncSession, model: type[T], key: str, *, field: str, what: str) -> T:
    """The row, or a 404 refusal naming the field ("cycle 'x' not found", code cycle.not_found)."""
    row = await session.get(model, key)
    if row is None:
        raise NotFound(f"{what.replace(' ', '_')}.not_found", f"{what} {key!r} not found", field)
    return row


def match_event(event: type[E], match: Match, **extra: Any) -> E:
    """A match event (approved, rejected, confirmed, ...) about ``match``."""
    return event(
        match_id=match.id,
        round_id=match.round_id,
        application_id=match.application_id,
        applicant_id=match.applicant_id,
        cycle_id=match.cycle_id,
        programme_id=match.programme_id,
        host_institution_id=match.host_institution_id,
        rank=match.rank,
        **extra,
    )


def outside_scope(what: str, field: str) -> Forbidden:
    return Forbidden("scope.outside", f"outside your scope: {what}", field)


def require_scheme(caller: Principal, scheme_id: str | None, field: str) -> None:
    """Scheme-wide things (cycles, quota rules, rounds, the dashboard): manages_scheme."""
    if not manages_scheme(caller, scheme_id):
        raise outside_scope(f"scheme {scheme_id}", field)


def managed_schemes(caller: Principal) -> list[str] | None:
    """For queries of scheme-wide things: the schemes ``manages_scheme`` allows, or None for
    all (an admin, an unscoped officer); an officer scoped to institutions only manages none."""
    schemes = scheme_filter(caller)
    if schemes is None and not manages_scheme(caller, None):
        return []
    return schemes


def refuse_errors(problems: Iterable[Problem | QuotaProblem]) -> list[Problem]:
    """Refuse (422, every error named at once) if there is an error; else the warnings, as data."""
    found = [as_problem(p) for p in problems]
    errors = [FieldError(p.field, p.message, p.code) for p in found if p.severity == ERROR]
    if errors:
        raise Invalid.of(errors)
    return found


def as_problem(p: Problem | QuotaProblem | Any) -> Problem:
    return p if isinstance(p, Problem) else Problem(p.severity, p.field, p.message, p.code)
