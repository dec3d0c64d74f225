"""Quota rules between the database and the pure quota module: validation on save (with
the cycle's catalog as context) and expansion into the engine's caps for a round."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.matching.api.common import ProblemOut, refuse_errors
from services.matching.domain import quota
from services.matching.domain.inputs import ProgrammeRow, engine_programme
from services.matching.models import Cycle, Programme, QuotaRule, Scheme

Problem = tuple[str, str, str]


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


def _programme_rows(programmes: Iterable[Programme]) -> list[ProgrammeRow]:
    return [
        ProgrammeRow(
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
        for p in programmes
    ]


async def _catalog(s: AsyncSession, cycle_id: str):
    cycle = await s.get(Cycle, cycle_id)
    scheme = await s.get(Scheme, cycle.scheme_id) if cycle else None
    programmes = (await s.scalars(select(Programme).where(Programme.cycle_id == cycle_id))).all()
    countries = cycle.eligible_countries or (scheme.eligible_countries if scheme else [])
    return quota.Catalog(
        programmes=[engine_programme(p) for p in _programme_rows(programmes)],
        sending_countries=frozenset(countries),
    )


async def problems_for(s: AsyncSession, cycle_id: str, rule: QuotaRule) -> list[Problem]:
    """The problems of ``rule`` among the cycle's other rules (which it replaces by id)."""
    others = (await s.scalars(select(QuotaRule).where(QuotaRule.cycle_id == cycle_id, QuotaRule.id != rule.id))).all()
    rules = [to_rule(r) for r in others] + [to_rule(rule)]
    found = quota.validate_rules(rules, await _catalog(s, cycle_id))
    return [_as_tuple(p) for p in found if _about(p, rule.id, len(rules) - 1)]


def _as_tuple(p) -> Problem:
    return (p.severity, _field(p.field), p.message)


def _field(field: str) -> str:
    # "rules[3].scope.sending_country" -> "scope.sending_country": the request's own field
    if field.startswith("rules[") and "]." in field:
        return field.split("].", 1)[1]
    return field


def _about(p, rule_id: str, index: int) -> bool:
    return p.rule_id == rule_id


async def check_rule(s: AsyncSession, row: QuotaRule) -> list[ProblemOut]:
    """Errors refuse the save (422); warnings are returned with the saved rule."""
    return refuse_errors(await problems_for(s, row.cycle_id, row))


async def recheck_cycle(s: AsyncSession, cycle_id: str) -> list[ProblemOut]:
    """After a programme changes: a rule it breaks refuses the change."""
    rows = (await s.scalars(select(QuotaRule).where(QuotaRule.cycle_id == cycle_id).order_by(QuotaRule.id))).all()
    if not rows:
        return []
    found = quota.validate_rules([to_rule(r) for r in rows], await _catalog(s, cycle_id))
    problems = []
    for p in found:
        rid = p.rule_id
        problems.append((p.severity, "quota_rules" + (f".{rid}" if rid else ""), f"quota rule {rid}: {p.message}"))
    return refuse_errors(problems)


def cap_factory(rows: Iterable[QuotaRule]):
    """(make_caps(programmes, applicants), cap id -> rule id, cap id -> label) for a round."""
    rules = [to_rule(r) for r in rows]
    made: dict[str, object] = {}

    def make_caps(programmes, applicants):
        caps = list(quota.expand_caps(rules, programmes, applicants))
        made.update({c.id: c for c in caps})
        return caps

    def cap_rules() -> dict[str, str]:
        return {cid: rule_of_cap(cid, rules) for cid in made}

    def cap_labels() -> dict[str, str]:
        return {cid: c.label for cid, c in made.items()}

    return make_caps, cap_rules, cap_labels


def rule_of_cap(cap_id: str, rules) -> str:
    ids = sorted((r.id for r in rules), key=len, reverse=True)
    for rid in ids:
        if (
            cap_id == rid
            or cap_id.startswith(rid + ":")
            or cap_id.startswith(rid + "/")
            or cap_id.startswith(rid + "[")
        ):
            return rid
    return cap_id
