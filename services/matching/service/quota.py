"""Quota rules between the database and the pure quota module: validation on save (with
the cycle's catalog as context), expansion into the engine's caps for a round, and the
dashboard of how full each rule and programme is."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.matching.domain import engine, quota
from services.matching.domain.catalog import Problem, sending_countries
from services.matching.domain.inputs import ProgrammeRow, engine_programme
from services.matching.domain.statuses import USING_STATES
from services.matching.models import Cycle, Match, PoolEntry, Programme, QuotaRule, Scheme
from services.matching.service.common import refuse_errors


def to_rule(row: QuotaRule) -> quota.QuotaRule:
    return quota.QuotaRule(
        id=row.id,
        cycle=row.cycle_id,
        label=row.label,
        scope={k: frozenset(v) for k, v in (row.scope or {}).items()},
        per=tuple(row.per or ()),
        max_count=row.max_count,
        max_share_of_seats=row.max_share_of_seats,
    )


def programme_row(p: Programme) -> ProgrammeRow:
    return ProgrammeRow(
        p.id,
        p.seats,
        p.scheme_id,
        p.cycle_id,
        p.host_institution_id,
        p.host_country,
        p.field,
        p.level,
        p.applicant_type,
        p.requirements,
    )


async def _catalog(session: AsyncSession, cycle_id: str) -> quota.Catalog:
    cycle = await session.get(Cycle, cycle_id)
    scheme = await session.get(Scheme, cycle.scheme_id) if cycle else None
    programmes = (await session.scalars(select(Programme).where(Programme.cycle_id == cycle_id))).all()
    countries = sending_countries(
        cycle.eligible_countries if cycle else [], scheme.eligible_countries if scheme else []
    )
    return quota.Catalog(
        programmes=[engine_programme(programme_row(p)) for p in programmes],
        sending_countries=frozenset(countries),
    )


def _request_field(field: str) -> str:
    # "rules[3].scope.sending_country" -> "scope.sending_country": the request's own field
    if field.startswith("rules[") and "]." in field:
        return field.split("].", 1)[1]
    return field


async def problems_for(session: AsyncSession, rule: QuotaRule) -> list[Problem]:
    """Every problem of ``rule`` among its cycle's other rules (which it replaces by id)."""
    others = (
        await session.scalars(select(QuotaRule).where(QuotaRule.cycle_id == rule.cycle_id, QuotaRule.id != rule.id))
    ).all()
    rules = [to_rule(r) for r in others] + [to_rule(rule)]
    found = quota.validate_rules(rules, await _catalog(session, rule.cycle_id))
    return [Problem(p.severity, _request_field(p.field), p.message, p.code) for p in found if p.rule_id == rule.id]


async def preview(session: AsyncSession, row: QuotaRule) -> list[quota.SizedCap]:
    """The caps ``row`` would make in its cycle as it stands, unsaved: one per value of its
    "each" dimensions, a country the cycle takes counted as if it had applicants (a round
    makes caps only for the countries and kinds it has). A rule with errors is refused as a
    save would be."""
    refuse_errors(await problems_for(session, row))
    catalog = await _catalog(session, row.cycle_id)
    kinds = sorted(catalog.applicant_types)
    applicants = [
        engine.Applicant(
            id=f"{country}/{kind}", choices=(), score=0.0, attrs={"sending_country": country, "applicant_type": kind}
        )
        for country in sorted(catalog.sending_countries)
        for kind in kinds
    ]
    return list(quota.sized_caps([to_rule(row)], catalog.programmes, applicants))


async def check_rule(session: AsyncSession, row: QuotaRule) -> list[Problem]:
    """Errors refuse the save (422); warnings come back with the saved rule."""
    return refuse_errors(await problems_for(session, row))


async def recheck_cycle(session: AsyncSession, cycle_id: str) -> list[Problem]:
    """After a programme changes: a rule it breaks refuses the change."""
    rows = (await session.scalars(select(QuotaRule).where(QuotaRule.cycle_id == cycle_id).order_by(QuotaRule.id))).all()
    if not rows:
        return []
    found = quota.validate_rules([to_rule(r) for r in rows], await _catalog(session, cycle_id))
    return refuse_errors(
        Problem(
            p.severity,
            "quota_rules" + (f".{p.rule_id}" if p.rule_id else ""),
            f"quota rule {p.rule_id}: {p.message}",
            p.code,
        )
        for p in found
    )


class Caps:
    """The caps of a round from its cycle's rules, and which rule and label each cap has."""

    def __init__(self, rows: Iterable[QuotaRule]):
        self.rules = [to_rule(r) for r in rows]
        self.made: dict[str, engine.Cap] = {}

    def make(self, programmes: Sequence[engine.Programme], applicants: Sequence[engine.Applicant]) -> list[engine.Cap]:
        caps = list(quota.expand_caps(self.rules, programmes, applicants))
        self.made.update({c.id: c for c in caps})
        return caps

    def rule_of(self) -> dict[str, str]:
        return {cid: rule_of_cap(cid, self.rules) for cid in self.made}

    def labels(self) -> dict[str, str]:
        return {cid: c.label for cid, c in self.made.items()}


def rule_of_cap(cap_id: str, rules: Iterable[quota.QuotaRule]) -> str:
    for rid in sorted((r.id for r in rules), key=len, reverse=True):
        if cap_id == rid or cap_id.startswith((rid + ":", rid + "/", rid + "[")):
            return rid
    return cap_id


async def dashboard(session: AsyncSession, cycle: Cycle) -> dict[str, Any]:
    """How full each quota rule (each of its caps) and each programme of the cycle is now:
    the matches that hold a place (USING_STATES) count."""
    programmes = (
        await session.scalars(select(Programme).where(Programme.cycle_id == cycle.id).order_by(Programme.id))
    ).all()
    rules = (
        await session.scalars(select(QuotaRule).where(QuotaRule.cycle_id == cycle.id).order_by(QuotaRule.id))
    ).all()
    matches = (
        await session.scalars(select(Match).where(Match.cycle_id == cycle.id, Match.status.in_(USING_STATES)))
    ).all()
    pool = (await session.scalars(select(PoolEntry).where(PoolEntry.cycle_id == cycle.id))).all()
    eng_progs = {p.id: engine_programme(programme_row(p)) for p in programmes}
    applicants = {
        e.application_id: engine.Applicant(
            id=e.application_id,
            choices=tuple(e.choices),
            score=0.0,
            attrs={"sending_country": e.sending_country, "applicant_type": e.applicant_type},
        )
        for e in pool
    }
    caps = Caps(rules)
    made = caps.make(list(eng_progs.values()), list(applicants.values()))
    rule_of = caps.rule_of()
    pairs = [
        (applicants[m.application_id], eng_progs[m.programme_id])
        for m in matches
        if m.application_id in applicants and m.programme_id in eng_progs
    ]
    by_rule: dict[str, list[dict[str, Any]]] = {r.id: [] for r in rules}
    for cap in made:
        used = sum(1 for a, p in pairs if cap.covers(a, p))
        by_rule.setdefault(rule_of[cap.id], []).append(
            {"cap_id": cap.id, "label": cap.label, "used": used, "cap": cap.limit}
        )
    labels = {r.id: r.label for r in rules}
    rule_fills = [
        {
            "rule_id": rid,
            "label": labels.get(rid, rid),
            "used": sum(c["used"] for c in fills),
            "cap": sum(c["cap"] for c in fills),
            "caps": fills,
        }
        for rid, fills in by_rule.items()
    ]
    programme_fills = []
    for p in programmes:
        counts = {str(st): 0 for st in USING_STATES}
        for m in matches:
            if m.programme_id == p.id:
                counts[m.status] += 1
        programme_fills.append(
            {
                "programme_id": p.id,
                "title": p.title,
                "host_institution_id": p.host_institution_id,
                "filled": sum(counts.values()),
                "seats": p.seats,
                "by_status": counts,
            }
        )
    return {"cycle_id": cycle.id, "rules": rule_fills, "programmes": programme_fills}
