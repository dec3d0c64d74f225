"""Quota rules: officers of the scheme write and read; a rule can be checked unsaved."""

from __future__ import annotations

from fastapi import APIRouter, Response

from services.matching.api.deps import Source
from services.matching.api.schemas import CapPreview, ProblemOut, QuotaRuleFields, QuotaRuleIn, QuotaRuleOut, saved
from services.matching.models import QuotaRule
from services.matching.service import catalog
from shared.api import DbSession, PageParams, Transaction
from shared.auth import Staff
from shared.paging import Page, fetch_page

router = APIRouter(tags=["catalog"])


@router.post("/quota-rules", status_code=201, response_model=QuotaRuleOut)
async def create_quota_rule(body: QuotaRuleIn, session: Transaction, source: Source, caller: Staff):
    return saved(QuotaRuleOut, *await catalog.create_quota_rule(session, source, caller, body.model_dump()))


@router.put("/quota-rules/{rule_id}", response_model=QuotaRuleOut)
async def update_quota_rule(rule_id: str, body: QuotaRuleFields, session: Transaction, source: Source, caller: Staff):
    return saved(QuotaRuleOut, *await catalog.update_quota_rule(session, source, caller, rule_id, body.model_dump()))


@router.delete("/quota-rules/{rule_id}", status_code=204)
async def delete_quota_rule(rule_id: str, session: Transaction, source: Source, caller: Staff):
    await catalog.delete_quota_rule(session, source, caller, rule_id)
    return Response(status_code=204)


@router.get("/quota-rules", response_model=Page[QuotaRuleOut])
async def list_quota_rules(session: DbSession, paging: PageParams, caller: Staff, cycle_id: str | None = None):
    """The rules of the schemes the caller manages (of one cycle, if named: 403 outside them)."""
    query = await catalog.quota_rules_query(session, caller, cycle_id)
    rows, total = await fetch_page(session, query, QuotaRule.id, paging=paging)
    return Page.of([saved(QuotaRuleOut, r) for r in rows], total, paging)


@router.get("/quota-rules/{rule_id}", response_model=QuotaRuleOut)
async def get_quota_rule(rule_id: str, session: DbSession, caller: Staff):
    return saved(QuotaRuleOut, await catalog.visible_quota_rule(session, caller, rule_id))


@router.post("/quota-rules/validate", response_model=list[ProblemOut])
async def validate_quota_rule(body: QuotaRuleIn, session: DbSession, caller: Staff):
    """Check a rule against the cycle's catalog without saving it: every problem, errors included."""
    return [ProblemOut.of(p) for p in await catalog.validate_quota_rule(session, caller, body.model_dump())]


@router.post("/quota-rules/preview", response_model=Page[CapPreview])
async def preview_quota_rule(body: QuotaRuleIn, session: DbSession, paging: PageParams, caller: Staff):
    """The caps a rule would make in its cycle now, without saving it, a page at a time: one per
    value of its "each" dimensions (every country the cycle takes, whether or not it has
    applicants yet), each with its label filled in, its limit and the seats it was taken of.
    A rule with errors is refused (422) as a save would be."""
    caps = await catalog.preview_quota_rule(session, caller, body.model_dump())
    shown = caps[paging.offset : paging.offset + paging.limit]
    return Page.of([CapPreview.of(c) for c in shown], len(caps), paging)
