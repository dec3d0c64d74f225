"""Catalog routes: institutions and schemes (admins), cycles, programmes and quota rules
(officers within their scope). Every change is published on the compacted catalog topic
through the outbox (upserts keyed by the entity id, deletes as tombstones)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Literal

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field, field_validator, model_validator
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.matching import quota_check
from services.matching.api.common import (
    Page,
    Paging,
    ProblemOut,
    forbidden,
    get_or_404,
    page_of,
    refuse_errors,
    runtime_of,
)
from services.matching.domain import catalog as rules_of_catalog
from services.matching.domain.scope import manages_hosted, manages_scheme
from services.matching.domain.scoring import weight_problems
from services.matching.models import Cycle, Institution, Match, Programme, QuotaRule, Round, Scheme, infra, utcnow
from shared.api import DomainError
from shared.auth import require
from shared.events.catalog import (
    CycleUpserted,
    DocumentKind,
    InstitutionUpserted,
    ProgrammeUpserted,
    QuotaRuleUpserted,
    Requirements,
    SchemeUpserted,
)
from shared.outbox import add_event, add_tombstone
from shared.principal import Principal, Role

router = APIRouter()
staff = require(Role.OFFICER, Role.ADMIN)
admin_only = require(Role.ADMIN)

ID = r"^[a-z0-9][a-z0-9._-]{1,63}$"
COUNTRY = r"^[A-Z]{2}$"


def _utc(v: datetime) -> datetime:
    return v.replace(tzinfo=UTC) if v.tzinfo is None else v.astimezone(UTC)


# --- request bodies ------------------------------------------------------------------------


class InstitutionFields(BaseModel):
    name: str = Field(min_length=2, max_length=300)
    country: str = Field(pattern=COUNTRY, description="ISO 3166-1 alpha-2")
    kind: Literal[rules_of_catalog.INSTITUTION_KINDS] = "university"  # type: ignore[valid-type]


class InstitutionIn(InstitutionFields):
    id: str = Field(pattern=ID)


class SchemeFields(BaseModel):
    name: str = Field(min_length=2, max_length=300)
    sponsor: str = Field(min_length=2, max_length=300)
    eligible_countries: list[str] = Field(default=[], max_length=250)
    max_choices: int = Field(default=5, ge=1, le=20)

    @field_validator("eligible_countries")
    @classmethod
    def _countries(cls, v: list[str]) -> list[str]:
        return _country_list(v)


class SchemeIn(SchemeFields):
    id: str = Field(pattern=ID)


def _country_list(v: list[str]) -> list[str]:
    bad = [c for c in v if not re.fullmatch(COUNTRY, c)]
    if bad:
        raise ValueError(f"not ISO 3166-1 alpha-2 codes: {', '.join(map(str, bad))}")
    return sorted(set(v))


class CycleFields(BaseModel):
    scheme_id: str = Field(pattern=ID)
    name: str = Field(min_length=2, max_length=300)
    opens_at: datetime = Field(description="UTC; a time without offset is taken as UTC")
    closes_at: datetime
    starts_on: date | None = None
    max_choices: int = Field(default=5, ge=1, le=20)
    eligible_countries: list[str] = Field(default=[], description="empty: the scheme's")
    score_weights: dict[str, float] = {}

    @field_validator("eligible_countries")
    @classmethod
    def _countries(cls, v: list[str]) -> list[str]:
        return _country_list(v)

    @field_validator("opens_at", "closes_at")
    @classmethod
    def _as_utc(cls, v: datetime) -> datetime:
        return _utc(v)


class CycleIn(CycleFields):
    id: str = Field(pattern=ID)


class RequirementsIn(BaseModel):
    min_grade: float | None = Field(default=None, ge=0, le=100)
    language_certificate: Literal["HSK", "IELTS", "TOEFL", "KAZTEST", "TORFL", "TOPIK"] | None = None
    min_language_level: float | None = Field(default=None, ge=0, le=120)
    max_age: int | None = Field(default=None, ge=14, le=80)
    required_documents: list[DocumentKind] = Field(default=[], max_length=20)


class ProgrammeFields(BaseModel):
    cycle_id: str = Field(pattern=ID)
    host_institution_id: str = Field(pattern=ID)
    title: str = Field(min_length=2, max_length=300)
    field: str = Field(min_length=2, max_length=100)
    level: Literal[rules_of_catalog.LEVELS]  # type: ignore[valid-type]
    language: str = Field(min_length=2, max_length=16)
    seats: int = Field(ge=0, le=100000)
    applicant_type: Literal["student", "faculty"] = "student"
    requirements: RequirementsIn = RequirementsIn()


class ProgrammeIn(ProgrammeFields):
    id: str = Field(pattern=ID)


class QuotaRuleFields(BaseModel):
    cycle_id: str = Field(pattern=ID)
    label: str = Field(min_length=2, max_length=300)
    scope: dict[str, list[str]] = Field(default={}, description="dimension -> allowed values")
    per: list[str] = Field(
        default=[],
        max_length=4,
        description='one cap per value (combination) of these dimensions, e.g. ["sending_country"]',
    )
    max_count: int | None = Field(default=None, description="at most this many matched")
    max_share_of_seats: float | None = Field(
        default=None, description="at most this share (0..1] of the seats in scope"
    )

    @field_validator("per", mode="before")
    @classmethod
    def _per_list(cls, v):
        if v is None:
            return []
        return [v] if isinstance(v, str) else v

    @model_validator(mode="after")
    def _one_limit(self) -> QuotaRuleFields:
        if (self.max_count is None) == (self.max_share_of_seats is None):
            raise ValueError("give exactly one of max_count and max_share_of_seats")
        return self


class QuotaRuleIn(QuotaRuleFields):
    id: str = Field(pattern=ID)


# --- responses -------------------------------------------------------------------------------


class Saved(BaseModel):
    warnings: list[ProblemOut] = []


class InstitutionOut(InstitutionIn, Saved):
    pass


class SchemeOut(SchemeIn, Saved):
    pass


class CycleOut(CycleIn, Saved):
    pass


class ProgrammeOut(ProgrammeIn, Saved):
    scheme_id: str
    host_country: str


class QuotaRuleOut(QuotaRuleIn, Saved):
    pass


def _out(cls, row, warnings=()):
    return cls.model_validate({**row.model_dump(), "warnings": list(warnings)})


# --- shared steps ------------------------------------------------------------------------------

KINDS = {"institution": Institution, "scheme": Scheme, "cycle": Cycle, "programme": Programme, "quota-rule": QuotaRule}


async def _id_owner(session: AsyncSession, entity_id: str) -> str | None:
    for kind, model in KINDS.items():
        if await session.get(model, entity_id) is not None:
            return kind
    return None


async def _create_check(session: AsyncSession, kind: str, entity_id: str) -> None:
    owner = await _id_owner(session, entity_id)
    if owner == kind:
        raise DomainError(409, f"{kind} {entity_id!r} already exists; PUT /{kind}s/{entity_id} changes it", field="id")
    problem = rules_of_catalog.uniqueness_problem(entity_id, kind, owner)
    if problem:
        raise DomainError(409, problem[2], field="id")


def _apply(row, values: dict) -> None:
    for k, v in values.items():
        setattr(row, k, v)
    row.updated_at = utcnow()


async def _publish(session, request: Request, event, kind: str, entity_id: str) -> None:
    await add_event(session, infra, event, source=runtime_of(request).source, subject=f"{kind}:{entity_id}")


async def _tombstone(session, request: Request, kind: str, entity_id: str) -> None:
    await add_tombstone(session, infra, key=entity_id, subject=f"{kind}:{entity_id}", source=runtime_of(request).source)


async def _refuse_if_used(session, what: str, checks: list[tuple[str, object]]) -> None:
    for label, stmt in checks:
        n = await session.scalar(select(func.count()).select_from(stmt.subquery()))
        if n:
            raise DomainError(409, f"{what} still has {n} {label}; delete or move them first", field="id")


# --- institutions (admins) ---------------------------------------------------------------------


def institution_event(row: Institution) -> InstitutionUpserted:
    return InstitutionUpserted(institution_id=row.id, name=row.name, country=row.country, kind=row.kind)


@router.post("/institutions", status_code=201, response_model=InstitutionOut, tags=["catalog"])
async def create_institution(body: InstitutionIn, request: Request, _: Principal = Depends(admin_only)):
    async with runtime_of(request).db.session() as s, s.begin():
        await _create_check(s, "institution", body.id)
        row = Institution(**body.model_dump())
        s.add(row)
        await _publish(s, request, institution_event(row), "institution", row.id)
    return _out(InstitutionOut, row)


@router.put("/institutions/{institution_id}", response_model=InstitutionOut, tags=["catalog"])
async def update_institution(
    institution_id: str, body: InstitutionFields, request: Request, _: Principal = Depends(admin_only)
):
    async with runtime_of(request).db.session() as s, s.begin():
        row = await get_or_404(s, Institution, institution_id, "institution_id", "institution")
        country_changed = row.country != body.country
        _apply(row, body.model_dump())
        await _publish(s, request, institution_event(row), "institution", row.id)
        if country_changed:  # programmes carry their host's country: republish them
            for prog in (await s.scalars(select(Programme).where(Programme.host_institution_id == row.id))).all():
                prog.host_country = row.country
                prog.updated_at = utcnow()
                await _publish(s, request, programme_event(prog, row), "programme", prog.id)
    return _out(InstitutionOut, row)


@router.delete("/institutions/{institution_id}", status_code=204, tags=["catalog"])
async def delete_institution(institution_id: str, request: Request, _: Principal = Depends(admin_only)):
    async with runtime_of(request).db.session() as s, s.begin():
        row = await get_or_404(s, Institution, institution_id, "institution_id", "institution")
        await _refuse_if_used(
            s,
            f"institution {institution_id!r}",
            [
                ("programmes", select(Programme.id).where(Programme.host_institution_id == institution_id)),
            ],
        )
        await s.delete(row)
        await _tombstone(s, request, "institution", institution_id)
    return Response(status_code=204)


@router.get("/institutions", response_model=Page[InstitutionOut], tags=["catalog"])
async def list_institutions(request: Request, paging: Paging = Depends(), country: str | None = None):
    stmt = select(Institution)
    if country:
        stmt = stmt.where(Institution.country == country)
    async with runtime_of(request).db.session() as s:
        rows, total = await page_of(s, stmt, paging, [Institution.id])
    return Page(items=[_out(InstitutionOut, r) for r in rows], total=total, offset=paging.offset, limit=paging.limit)


@router.get("/institutions/{institution_id}", response_model=InstitutionOut, tags=["catalog"])
async def get_institution(institution_id: str, request: Request):
    async with runtime_of(request).db.session() as s:
        return _out(InstitutionOut, await get_or_404(s, Institution, institution_id, "institution_id", "institution"))


# --- schemes (admins) ----------------------------------------------------------------------------


def scheme_event(row: Scheme) -> SchemeUpserted:
    return SchemeUpserted(
        scheme_id=row.id,
        name=row.name,
        sponsor=row.sponsor,
        eligible_countries=row.eligible_countries,
        max_choices=row.max_choices,
    )


@router.post("/schemes", status_code=201, response_model=SchemeOut, tags=["catalog"])
async def create_scheme(body: SchemeIn, request: Request, _: Principal = Depends(admin_only)):
    async with runtime_of(request).db.session() as s, s.begin():
        await _create_check(s, "scheme", body.id)
        row = Scheme(**body.model_dump())
        s.add(row)
        await _publish(s, request, scheme_event(row), "scheme", row.id)
    return _out(SchemeOut, row)


@router.put("/schemes/{scheme_id}", response_model=SchemeOut, tags=["catalog"])
async def update_scheme(scheme_id: str, body: SchemeFields, request: Request, _: Principal = Depends(admin_only)):
    async with runtime_of(request).db.session() as s, s.begin():
        row = await get_or_404(s, Scheme, scheme_id, "scheme_id", "scheme")
        _apply(row, body.model_dump())
        warnings = []
        allowed = set(row.eligible_countries)
        for cycle in (await s.scalars(select(Cycle).where(Cycle.scheme_id == scheme_id))).all():
            extra = sorted(set(cycle.eligible_countries) - allowed) if allowed else []
            if extra:
                warnings.append(
                    (
                        "warning",
                        "eligible_countries",
                        f"cycle {cycle.id} still admits {', '.join(extra)}, which the scheme no longer lists",
                    )
                )
        await _publish(s, request, scheme_event(row), "scheme", row.id)
    return _out(SchemeOut, row, refuse_errors(warnings))


@router.delete("/schemes/{scheme_id}", status_code=204, tags=["catalog"])
async def delete_scheme(scheme_id: str, request: Request, _: Principal = Depends(admin_only)):
    async with runtime_of(request).db.session() as s, s.begin():
        row = await get_or_404(s, Scheme, scheme_id, "scheme_id", "scheme")
        await _refuse_if_used(
            s, f"scheme {scheme_id!r}", [("cycles", select(Cycle.id).where(Cycle.scheme_id == scheme_id))]
        )
        await s.delete(row)
        await _tombstone(s, request, "scheme", scheme_id)
    return Response(status_code=204)


@router.get("/schemes", response_model=Page[SchemeOut], tags=["catalog"])
async def list_schemes(request: Request, paging: Paging = Depends()):
    async with runtime_of(request).db.session() as s:
        rows, total = await page_of(s, select(Scheme), paging, [Scheme.id])
    return Page(items=[_out(SchemeOut, r) for r in rows], total=total, offset=paging.offset, limit=paging.limit)


@router.get("/schemes/{scheme_id}", response_model=SchemeOut, tags=["catalog"])
async def get_scheme(scheme_id: str, request: Request):
    async with runtime_of(request).db.session() as s:
        return _out(SchemeOut, await get_or_404(s, Scheme, scheme_id, "scheme_id", "scheme"))


# --- cycles (officers of the scheme) ---------------------------------------------------------------


def cycle_event(row: Cycle) -> CycleUpserted:
    return CycleUpserted(
        cycle_id=row.id,
        scheme_id=row.scheme_id,
        name=row.name,
        opens_at=row.opens_at,
        closes_at=row.closes_at,
        starts_on=row.starts_on,
        max_choices=row.max_choices,
        eligible_countries=row.eligible_countries,
    )


async def _cycle_checks(s: AsyncSession, body: CycleFields, who: Principal) -> list[ProblemOut]:
    if not manages_scheme(who, body.scheme_id):
        raise forbidden(f"outside your scope: scheme {body.scheme_id}", "scheme_id")
    scheme = await s.get(Scheme, body.scheme_id)
    if scheme is None:
        raise DomainError(422, f"unknown scheme {body.scheme_id!r}", field="scheme_id")
    draft = rules_of_catalog.CycleDraft(
        body.opens_at, body.closes_at, body.starts_on, body.max_choices, body.eligible_countries
    )
    problems = rules_of_catalog.cycle_problems(draft, scheme.eligible_countries, scheme.max_choices)
    problems += [("error", f, m) for f, m in weight_problems(body.score_weights)]
    return refuse_errors(problems)


@router.post("/cycles", status_code=201, response_model=CycleOut, tags=["catalog"])
async def create_cycle(body: CycleIn, request: Request, who: Principal = Depends(staff)):
    async with runtime_of(request).db.session() as s, s.begin():
        warnings = await _cycle_checks(s, body, who)
        await _create_check(s, "cycle", body.id)
        row = Cycle(**body.model_dump())
        s.add(row)
        await _publish(s, request, cycle_event(row), "cycle", row.id)
    return _out(CycleOut, row, warnings)


@router.put("/cycles/{cycle_id}", response_model=CycleOut, tags=["catalog"])
async def update_cycle(cycle_id: str, body: CycleFields, request: Request, who: Principal = Depends(staff)):
    async with runtime_of(request).db.session() as s, s.begin():
        row = await get_or_404(s, Cycle, cycle_id, "cycle_id", "cycle")
        if not manages_scheme(who, row.scheme_id):
            raise forbidden(f"outside your scope: scheme {row.scheme_id}", "cycle_id")
        if body.scheme_id != row.scheme_id:
            raise DomainError(422, "a cycle cannot move to another scheme", field="scheme_id")
        warnings = await _cycle_checks(s, body, who)
        _apply(row, body.model_dump())
        await _publish(s, request, cycle_event(row), "cycle", row.id)
    return _out(CycleOut, row, warnings)


@router.delete("/cycles/{cycle_id}", status_code=204, tags=["catalog"])
async def delete_cycle(cycle_id: str, request: Request, who: Principal = Depends(staff)):
    async with runtime_of(request).db.session() as s, s.begin():
        row = await get_or_404(s, Cycle, cycle_id, "cycle_id", "cycle")
        if not manages_scheme(who, row.scheme_id):
            raise forbidden(f"outside your scope: scheme {row.scheme_id}", "cycle_id")
        await _refuse_if_used(
            s,
            f"cycle {cycle_id!r}",
            [
                ("programmes", select(Programme.id).where(Programme.cycle_id == cycle_id)),
                ("quota rules", select(QuotaRule.id).where(QuotaRule.cycle_id == cycle_id)),
                ("rounds", select(Round.id).where(Round.cycle_id == cycle_id)),
            ],
        )
        await s.delete(row)
        await _tombstone(s, request, "cycle", cycle_id)
    return Response(status_code=204)


@router.get("/cycles", response_model=Page[CycleOut], tags=["catalog"])
async def list_cycles(request: Request, paging: Paging = Depends(), scheme_id: str | None = None):
    stmt = select(Cycle)
    if scheme_id:
        stmt = stmt.where(Cycle.scheme_id == scheme_id)
    async with runtime_of(request).db.session() as s:
        rows, total = await page_of(s, stmt, paging, [Cycle.id])
    return Page(items=[_out(CycleOut, r) for r in rows], total=total, offset=paging.offset, limit=paging.limit)


@router.get("/cycles/{cycle_id}", response_model=CycleOut, tags=["catalog"])
async def get_cycle(cycle_id: str, request: Request):
    async with runtime_of(request).db.session() as s:
        return _out(CycleOut, await get_or_404(s, Cycle, cycle_id, "cycle_id", "cycle"))


# --- programmes (officers of the scheme and host) ------------------------------------------------------


def programme_event(row: Programme, host: Institution | None) -> ProgrammeUpserted:
    return ProgrammeUpserted(
        programme_id=row.id,
        cycle_id=row.cycle_id,
        scheme_id=row.scheme_id,
        host_institution_id=row.host_institution_id,
        host_institution_name=host.name if host else "",
        host_country=row.host_country,
        title=row.title,
        field=row.field,
        level=row.level,
        language=row.language,
        seats=row.seats,
        applicant_type=row.applicant_type,
        requirements=Requirements.model_validate(row.requirements),
    )


async def _programme_context(
    s: AsyncSession, body: ProgrammeFields, who: Principal
) -> tuple[Cycle, Institution, list[ProblemOut]]:
    cycle = await s.get(Cycle, body.cycle_id)
    if cycle is None:
        raise DomainError(422, f"unknown cycle {body.cycle_id!r}", field="cycle_id")
    host = await s.get(Institution, body.host_institution_id)
    if host is None:
        raise DomainError(422, f"unknown institution {body.host_institution_id!r}", field="host_institution_id")
    if not manages_hosted(who, cycle.scheme_id, host.id):
        raise forbidden(f"outside your scope: scheme {cycle.scheme_id} at {host.id}", "host_institution_id")
    problems = rules_of_catalog.programme_problems(
        applicant_type=body.applicant_type,
        level=body.level,
        seats=body.seats,
        requirements=body.requirements.model_dump(),
        language=body.language,
    )
    return cycle, host, refuse_errors(problems)


def _programme_values(body: ProgrammeFields, cycle: Cycle, host: Institution) -> dict:
    values = body.model_dump()
    values.update(scheme_id=cycle.scheme_id, host_country=host.country)
    return values


@router.post("/programmes", status_code=201, response_model=ProgrammeOut, tags=["catalog"])
async def create_programme(body: ProgrammeIn, request: Request, who: Principal = Depends(staff)):
    async with runtime_of(request).db.session() as s, s.begin():
        cycle, host, warnings = await _programme_context(s, body, who)
        await _create_check(s, "programme", body.id)
        row = Programme(**_programme_values(body, cycle, host))
        s.add(row)
        await s.flush()
        warnings += await quota_check.recheck_cycle(s, cycle.id)
        await _publish(s, request, programme_event(row, host), "programme", row.id)
    return _out(ProgrammeOut, row, warnings)


@router.put("/programmes/{programme_id}", response_model=ProgrammeOut, tags=["catalog"])
async def update_programme(programme_id: str, body: ProgrammeFields, request: Request, who: Principal = Depends(staff)):
    async with runtime_of(request).db.session() as s, s.begin():
        row = await get_or_404(s, Programme, programme_id, "programme_id", "programme")
        if not manages_hosted(who, row.scheme_id, row.host_institution_id):
            raise forbidden(f"outside your scope: programme {programme_id}", "programme_id")
        if body.cycle_id != row.cycle_id:
            raise DomainError(422, "a programme cannot move to another cycle", field="cycle_id")
        cycle, host, warnings = await _programme_context(s, body, who)
        _apply(row, _programme_values(body, cycle, host))
        await s.flush()
        warnings += await quota_check.recheck_cycle(s, cycle.id)
        await _publish(s, request, programme_event(row, host), "programme", row.id)
    return _out(ProgrammeOut, row, warnings)


@router.delete("/programmes/{programme_id}", status_code=204, tags=["catalog"])
async def delete_programme(programme_id: str, request: Request, who: Principal = Depends(staff)):
    async with runtime_of(request).db.session() as s, s.begin():
        row = await get_or_404(s, Programme, programme_id, "programme_id", "programme")
        if not manages_hosted(who, row.scheme_id, row.host_institution_id):
            raise forbidden(f"outside your scope: programme {programme_id}", "programme_id")
        await _refuse_if_used(
            s,
            f"programme {programme_id!r}",
            [
                (
                    "matches",
                    select(Match.id).where(
                        Match.programme_id == programme_id, Match.status.in_(["proposed", "approved", "accepted"])
                    ),
                ),
            ],
        )
        cycle_id = row.cycle_id
        await s.delete(row)
        await s.flush()
        await quota_check.recheck_cycle(s, cycle_id)  # a rule naming it would now be dangling
        await _tombstone(s, request, "programme", programme_id)
    return Response(status_code=204)


@router.get("/programmes", response_model=Page[ProgrammeOut], tags=["catalog"])
async def list_programmes(
    request: Request,
    paging: Paging = Depends(),
    cycle_id: str | None = None,
    host_institution_id: str | None = None,
    field: str | None = None,
    level: str | None = None,
):
    stmt = select(Programme)
    for col, value in (
        (Programme.cycle_id, cycle_id),
        (Programme.host_institution_id, host_institution_id),
        (Programme.field, field),
        (Programme.level, level),
    ):
        if value:
            stmt = stmt.where(col == value)
    async with runtime_of(request).db.session() as s:
        rows, total = await page_of(s, stmt, paging, [Programme.id])
    return Page(items=[_out(ProgrammeOut, r) for r in rows], total=total, offset=paging.offset, limit=paging.limit)


@router.get("/programmes/{programme_id}", response_model=ProgrammeOut, tags=["catalog"])
async def get_programme(programme_id: str, request: Request):
    async with runtime_of(request).db.session() as s:
        return _out(ProgrammeOut, await get_or_404(s, Programme, programme_id, "programme_id", "programme"))


# --- quota rules (officers of the scheme) ----------------------------------------------------------------


def quota_rule_event(row: QuotaRule) -> QuotaRuleUpserted:
    return QuotaRuleUpserted(
        rule_id=row.id,
        cycle_id=row.cycle_id,
        label=row.label,
        scope=row.scope,
        per=",".join(row.per) or None,
        max_count=row.max_count,
        max_share_of_seats=row.max_share_of_seats,
    )


async def _rule_cycle(s: AsyncSession, cycle_id: str, who: Principal) -> Cycle:
    cycle = await s.get(Cycle, cycle_id)
    if cycle is None:
        raise DomainError(422, f"unknown cycle {cycle_id!r}", field="cycle_id")
    if not manages_scheme(who, cycle.scheme_id):
        raise forbidden(f"outside your scope: scheme {cycle.scheme_id}", "cycle_id")
    return cycle


@router.post("/quota-rules", status_code=201, response_model=QuotaRuleOut, tags=["catalog"])
async def create_quota_rule(body: QuotaRuleIn, request: Request, who: Principal = Depends(staff)):
    async with runtime_of(request).db.session() as s, s.begin():
        await _rule_cycle(s, body.cycle_id, who)
        await _create_check(s, "quota-rule", body.id)
        row = QuotaRule(**body.model_dump())
        s.add(row)
        await s.flush()
        warnings = await quota_check.check_rule(s, row)
        await _publish(s, request, quota_rule_event(row), "quota-rule", row.id)
    return _out(QuotaRuleOut, row, warnings)


@router.put("/quota-rules/{rule_id}", response_model=QuotaRuleOut, tags=["catalog"])
async def update_quota_rule(rule_id: str, body: QuotaRuleFields, request: Request, who: Principal = Depends(staff)):
    async with runtime_of(request).db.session() as s, s.begin():
        row = await get_or_404(s, QuotaRule, rule_id, "rule_id", "quota rule")
        if body.cycle_id != row.cycle_id:
            raise DomainError(422, "a quota rule cannot move to another cycle", field="cycle_id")
        await _rule_cycle(s, row.cycle_id, who)
        _apply(row, body.model_dump())
        await s.flush()
        warnings = await quota_check.check_rule(s, row)
        await _publish(s, request, quota_rule_event(row), "quota-rule", row.id)
    return _out(QuotaRuleOut, row, warnings)


@router.delete("/quota-rules/{rule_id}", status_code=204, tags=["catalog"])
async def delete_quota_rule(rule_id: str, request: Request, who: Principal = Depends(staff)):
    async with runtime_of(request).db.session() as s, s.begin():
        row = await get_or_404(s, QuotaRule, rule_id, "rule_id", "quota rule")
        await _rule_cycle(s, row.cycle_id, who)
        await s.delete(row)
        await _tombstone(s, request, "quota-rule", rule_id)
    return Response(status_code=204)


@router.get("/quota-rules", response_model=Page[QuotaRuleOut], tags=["catalog"])
async def list_quota_rules(
    request: Request, paging: Paging = Depends(), cycle_id: str | None = None, _: Principal = Depends(staff)
):
    stmt = select(QuotaRule)
    if cycle_id:
        stmt = stmt.where(QuotaRule.cycle_id == cycle_id)
    async with runtime_of(request).db.session() as s:
        rows, total = await page_of(s, stmt, paging, [QuotaRule.id])
    return Page(items=[_out(QuotaRuleOut, r) for r in rows], total=total, offset=paging.offset, limit=paging.limit)


@router.get("/quota-rules/{rule_id}", response_model=QuotaRuleOut, tags=["catalog"])
async def get_quota_rule(rule_id: str, request: Request, _: Principal = Depends(staff)):
    async with runtime_of(request).db.session() as s:
        return _out(QuotaRuleOut, await get_or_404(s, QuotaRule, rule_id, "rule_id", "quota rule"))


@router.post("/quota-rules/validate", response_model=list[ProblemOut], tags=["catalog"])
async def validate_quota_rule(body: QuotaRuleIn, request: Request, who: Principal = Depends(staff)):
    """Check a rule against the cycle's catalog without saving it: every problem, errors included."""
    async with runtime_of(request).db.session() as s, s.begin():
        await _rule_cycle(s, body.cycle_id, who)
        problems = await quota_check.problems_for(s, body.cycle_id, QuotaRule(**body.model_dump()))
        await s.rollback()
    return [ProblemOut(severity=a, field=b, reason=c) for a, b, c in problems]
