"""Quota dashboard: how full each quota rule and each programme of a cycle is right now.

"Used" counts the matches that hold a place: proposed (by the latest round, awaiting
review), approved (offered) and accepted (confirmed). Rejected, declined, withdrawn and
superseded matches free their place and are not counted.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field
from sqlalchemy import select

from services.matching import quota_check
from services.matching.api.common import forbidden, get_or_404, runtime_of
from services.matching.domain import engine
from services.matching.domain.inputs import USING_STATES, ProgrammeRow, engine_programme
from services.matching.domain.scope import manages_scheme
from services.matching.models import Cycle, Match, PoolEntry, Programme, QuotaRule
from shared.auth import require
from shared.principal import Principal, Role

router = APIRouter(tags=["quota"])


class CapFill(BaseModel):
    cap_id: str
    label: str
    used: int
    cap: int


class RuleFill(BaseModel):
    rule_id: str
    label: str
    used: int = Field(description="sum over the rule's caps (one per value of its 'per' dimension)")
    cap: int
    caps: list[CapFill]


class ProgrammeFill(BaseModel):
    programme_id: str
    title: str
    host_institution_id: str
    filled: int
    seats: int
    by_status: dict[str, int]


class QuotaOut(BaseModel):
    cycle_id: str
    counted_statuses: list[str] = list(USING_STATES)
    rules: list[RuleFill]
    programmes: list[ProgrammeFill]


@router.get("/cycles/{cycle_id}/quota", response_model=QuotaOut)
async def quota_dashboard(cycle_id: str, request: Request, who: Principal = Depends(require(Role.OFFICER, Role.ADMIN))):
    async with runtime_of(request).db.session() as s:
        cycle = await get_or_404(s, Cycle, cycle_id, "cycle_id", "cycle")
        if not manages_scheme(who, cycle.scheme_id):
            raise forbidden(f"outside your scope: scheme {cycle.scheme_id}", "cycle_id")
        programmes = (
            await s.scalars(select(Programme).where(Programme.cycle_id == cycle_id).order_by(Programme.id))
        ).all()
        rules = (await s.scalars(select(QuotaRule).where(QuotaRule.cycle_id == cycle_id).order_by(QuotaRule.id))).all()
        matches = (
            await s.scalars(select(Match).where(Match.cycle_id == cycle_id, Match.status.in_(USING_STATES)))
        ).all()
        pool = (await s.scalars(select(PoolEntry).where(PoolEntry.cycle_id == cycle_id))).all()
    eng_progs = {
        p.id: engine_programme(
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
        )
        for p in programmes
    }
    applicants = {
        e.application_id: engine.Applicant(
            id=e.application_id,
            choices=tuple(e.choices),
            score=0.0,
            attrs={"sending_country": e.sending_country, "applicant_type": e.applicant_type},
        )
        for e in pool
    }
    make_caps, cap_rules, cap_labels = quota_check.cap_factory(rules)
    caps = make_caps(list(eng_progs.values()), list(applicants.values()))
    rule_of = cap_rules()
    pairs = [
        (applicants[m.application_id], eng_progs[m.programme_id])
        for m in matches
        if m.application_id in applicants and m.programme_id in eng_progs
    ]
    by_rule: dict[str, list[CapFill]] = {r.id: [] for r in rules}
    for cap in caps:
        used = sum(1 for a, p in pairs if cap.covers(a, p))
        by_rule.setdefault(rule_of[cap.id], []).append(
            CapFill(cap_id=cap.id, label=cap.label, used=used, cap=cap.limit)
        )
    labels = {r.id: r.label for r in rules}
    rule_fills = [
        RuleFill(
            rule_id=rid,
            label=labels.get(rid, rid),
            used=sum(c.used for c in fills),
            cap=sum(c.cap for c in fills),
            caps=fills,
        )
        for rid, fills in by_rule.items()
    ]
    prog_fills = []
    for p in programmes:
        counts = {st: 0 for st in USING_STATES}
        for m in matches:
            if m.programme_id == p.id:
                counts[m.status] += 1
        prog_fills.append(
            ProgrammeFill(
                programme_id=p.id,
                title=p.title,
                host_institution_id=p.host_institution_id,
                filled=sum(counts.values()),
                seats=p.seats,
                by_status=counts,
            )
        )
    return QuotaOut(cycle_id=cycle_id, rules=rule_fills, programmes=prog_fills)
