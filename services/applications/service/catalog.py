"""The catalog read model (fed by corridor.catalog.v1): keeping it, and reading it.

The handlers upsert and delete its rows; applicants browse it; applications check their
cycle and choices against it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Select, and_, case, delete, not_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.applications.domain.lifecycle import ProgrammeView, Window, WindowState, check_home_institution
from services.applications.models import (
    CatalogCycle,
    CatalogInstitution,
    CatalogProgramme,
    CatalogQuotaRule,
    CatalogScheme,
)
from shared.clock import aware
from shared.errors import Conflict, DomainError, Invalid, NotFound
from shared.translations import in_language

CatalogRow = CatalogInstitution | CatalogScheme | CatalogCycle | CatalogProgramme | CatalogQuotaRule

# --- keeping it -----------------------------------------------------------------------------


async def upsert(session: AsyncSession, model: type[CatalogRow], id_: str, **values: Any) -> None:
    """The catalog entity ``id_`` as the newest event describes it."""
    row = await session.get(model, id_)
    if row is None:
        session.add(model(id=id_, **values))
    else:
        for name, value in values.items():
            setattr(row, name, value)


KINDS: dict[str, type[CatalogRow]] = {
    "institution": CatalogInstitution,
    "scheme": CatalogScheme,
    "cycle": CatalogCycle,
    "programme": CatalogProgramme,
    "quota_rule": CatalogQuotaRule,
}


def tombstone_target(subject: str | None, key: str | None) -> tuple[list[type[CatalogRow]], str | None]:
    """(tables to delete from, entity id) from a tombstone's subject ("programme:<id>",
    "programme/<id>") and key ("<id>"). An unrecognised kind deletes the id from every table."""
    kind, ident = None, None
    if subject:
        for sep in (":", "/"):
            if sep in subject:
                kind, ident = subject.split(sep, 1)
                break
    if kind is not None:
        kind = kind.strip().lower().replace("-", "_").removeprefix("catalog.").rstrip("s")
    model = KINDS.get(kind or "")
    ident = key or ident or subject
    return ([model] if model else list(KINDS.values())), ident


async def delete_entity(session: AsyncSession, subject: str | None, key: str | None) -> None:
    """A tombstone: the entity it names leaves the read model."""
    models, ident = tombstone_target(subject, key)
    if not ident:
        return
    for model in models:
        await session.execute(delete(model).where(model.id == ident))


# --- reading it -----------------------------------------------------------------------------


def window_of(cycle: CatalogCycle) -> Window:
    return Window(aware(cycle.opens_at), aware(cycle.closes_at))


def programmes_query(
    filters: dict[str, str | None],
    first_cycles: Sequence[str] = (),
    reader_country: str | None = None,
    *,
    only_open: bool = False,
    with_closed: bool = False,
) -> Select:
    """Programmes matching every filter given (column name -> value), by id; those a reader
    from ``reader_country`` can apply to now first: of ``first_cycles`` (the cycles open to
    them), and not an exchange hosted in their own country (``abroad_only``: the other side's).
    ``only_open``: those alone. Without ``with_closed``, not those taken off offer (no seats:
    they take no new applicants)."""
    query = select(CatalogProgramme)
    if not with_closed:
        query = query.where(CatalogProgramme.seats > 0)
    for name, value in filters.items():
        if value is not None:
            query = query.where(getattr(CatalogProgramme, name) == value)
    if reader_country is not None:
        at_home = and_(
            CatalogProgramme.host_country == reader_country,
            CatalogProgramme.requirements["abroad_only"].as_boolean().is_(True),
        )
        open_to_reader = and_(CatalogProgramme.cycle_id.in_(first_cycles), not_(at_home))
        if only_open:
            query = query.where(open_to_reader)
        elif first_cycles:
            query = query.order_by(case((open_to_reader, 0), else_=1))
    return query.order_by(CatalogProgramme.id)


async def cycles_open_to(session: AsyncSession, country: str, now: datetime) -> list[str]:
    """The cycles an applicant from ``country`` can apply in at ``now``: the window open and
    the country among the cycle's sending countries (the scheme's, when the cycle names none).
    Cycles are few (tens), so this is read whole rather than asked of JSON columns."""
    cycles = (await session.execute(cycles_query(None, WindowState.OPEN, now))).scalars().all()
    schemes: dict[str, list[str]] = {}
    open_to = []
    for c in cycles:
        countries = c.eligible_countries
        if not countries:
            if c.scheme_id not in schemes:
                schemes[c.scheme_id] = await scheme_countries(session, c.scheme_id)
            countries = schemes[c.scheme_id]
        if country in countries:
            open_to.append(c.id)
    return open_to


def cycles_query(scheme: str | None, window: WindowState | None, now: datetime) -> Select:
    """Cycles of a scheme (or all) whose window is in ``window`` at ``now``, newest first."""
    query = select(CatalogCycle)
    if scheme is not None:
        query = query.where(CatalogCycle.scheme_id == scheme)
    if window == WindowState.OPEN:
        query = query.where(CatalogCycle.opens_at <= now, CatalogCycle.closes_at > now)
    elif window == WindowState.CLOSED:
        query = query.where(CatalogCycle.closes_at <= now)
    elif window == WindowState.UPCOMING:
        query = query.where(CatalogCycle.opens_at > now)
    return query.order_by(CatalogCycle.opens_at.desc(), CatalogCycle.id)


async def programme(session: AsyncSession, programme_id: str) -> CatalogProgramme:
    found = await session.get(CatalogProgramme, programme_id)
    if found is None:
        raise NotFound("programme.not_found", f"no programme {programme_id}", "programme_id")
    return found


async def cycle(session: AsyncSession, cycle_id: str) -> CatalogCycle:
    found = await session.get(CatalogCycle, cycle_id)
    if found is None:
        raise NotFound("cycle.not_found", f"no cycle {cycle_id}", "cycle_id")
    return found


async def cycle_to_apply_in(
    session: AsyncSession, cycle_id: str, missing: type[DomainError] = Conflict
) -> CatalogCycle:
    """The cycle of an application. Gone from the catalog, nothing can change (409); named
    in a new application, it is a wrong input (``missing=Invalid``, 422)."""
    found = await session.get(CatalogCycle, cycle_id)
    if found is None:
        code = "application.unknown_cycle" if missing is Invalid else "application.cycle_not_in_catalog"
        raise missing(code, f"cycle {cycle_id} is not in the catalog", "cycle_id")
    return found


async def scheme_countries(session: AsyncSession, scheme_id: str) -> list[str]:
    """The scheme's sending countries (what a cycle without its own list takes); none when
    the scheme is not in the catalog."""
    countries = await session.scalar(select(CatalogScheme.eligible_countries).where(CatalogScheme.id == scheme_id))
    return list(countries or [])


async def programmes_by_id(session: AsyncSession, ids: list[str]) -> dict[str, CatalogProgramme]:
    if not ids:
        return {}
    rows = (await session.scalars(select(CatalogProgramme).where(CatalogProgramme.id.in_(set(ids))))).all()
    return {p.id: p for p in rows}


# Between a programme's title and its host, written in a language that has its own comma.
COMMA = {"zh": "，", "ur": "، "}


def programme_name(p: CatalogProgramme | None, pid: str, language: str | None = None) -> str:
    """What an applicant reads for a programme: its title and host ("Agronomy (MSc), NUST"), in
    ``language`` where the catalog has them in it, or the id when the catalog no longer has it.
    Given in Chinese or Urdu, the two are joined by that language's comma."""
    if p is None:
        return pid
    title = in_language(p.title, p.translations, language)
    host = in_language(p.host_institution_name or "", p.host_institution_translations, language)
    if not host:
        return title
    written_in = language in (p.translations or {}) or language in (p.host_institution_translations or {})
    return f"{title}{COMMA.get(language or '', ', ') if written_in else ', '}{host}"


def programme_name_translations(p: CatalogProgramme | None) -> dict[str, str]:
    """``programme_name`` in each language the catalog gives the title or the host in (the other
    part as typed where it has no translation), for a reader to pick from."""
    if p is None:
        return {}
    languages = set(p.translations or {}) | set(p.host_institution_translations or {})
    return {language: programme_name(p, p.id, language) for language in sorted(languages)}


def has_translations(p: CatalogProgramme | None) -> bool:
    return p is not None and bool(p.translations or p.host_institution_translations)


async def programme_names(session: AsyncSession, ids: list[str], language: str | None = None) -> dict[str, str]:
    """``programme_name`` of each programme, in ``language``."""
    known = await programmes_by_id(session, ids)
    return {pid: programme_name(known.get(pid), pid, language) for pid in ids}


async def check_home_institution_of(session: AsyncSession, institution_id: str, sending_country: str) -> None:
    """Refuse a home institution the catalog does not have, or of another country (422)."""
    country = await session.scalar(select(CatalogInstitution.country).where(CatalogInstitution.id == institution_id))
    check_home_institution(institution_id, country, sending_country)


class Named(NamedTuple):
    """A catalog name and its translations (shared/translations.py)."""

    name: str
    translations: dict[str, str]


async def institution_names(session: AsyncSession, ids: Iterable[str | None]) -> dict[str, Named]:
    """The names of the catalog institutions ``ids`` (those the catalog has)."""
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    rows = await session.execute(
        select(CatalogInstitution.id, CatalogInstitution.name, CatalogInstitution.translations).where(
            CatalogInstitution.id.in_(wanted)
        )
    )
    return {r.id: Named(r.name, dict(r.translations or {})) for r in rows}


async def scheme_path(session: AsyncSession, scheme_id: str) -> list[str]:
    """The scheme's stages ([] = direct, or not in the catalog)."""
    return list(await session.scalar(select(CatalogScheme.path).where(CatalogScheme.id == scheme_id)) or [])


def choice_views(programmes: dict[str, Any]) -> dict[str, ProgrammeView]:
    # no seats: the officers closed the programme to new applicants (taken off offer)
    return {pid: ProgrammeView(p.id, p.cycle_id, p.applicant_type, p.seats <= 0) for pid, p in programmes.items()}
