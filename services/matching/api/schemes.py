"""Schemes: admins write, anyone reads."""

from __future__ import annotations

from fastapi import APIRouter, Response
from sqlalchemy import select

from services.matching.api.deps import Source
from services.matching.api.schemas import SchemeFields, SchemeIn, SchemeOut, saved
from services.matching.models import Scheme
from services.matching.service import catalog
from services.matching.service.common import get_or_not_found
from shared.api import DbSession, PageParams, Transaction
from shared.auth import Admin
from shared.paging import Page, fetch_page

router = APIRouter(tags=["catalog"])


@router.post("/schemes", status_code=201, response_model=SchemeOut)
async def create_scheme(body: SchemeIn, session: Transaction, source: Source, caller: Admin):
    return saved(SchemeOut, *await catalog.create_scheme(session, source, caller, body.model_dump()))


@router.put("/schemes/{scheme_id}", response_model=SchemeOut)
async def update_scheme(scheme_id: str, body: SchemeFields, session: Transaction, source: Source, caller: Admin):
    return saved(SchemeOut, *await catalog.update_scheme(session, source, caller, scheme_id, body.model_dump()))


@router.delete("/schemes/{scheme_id}", status_code=204)
async def delete_scheme(scheme_id: str, session: Transaction, source: Source, caller: Admin):
    await catalog.delete_scheme(session, source, caller, scheme_id)
    return Response(status_code=204)


@router.get("/schemes", response_model=Page[SchemeOut])
async def list_schemes(session: DbSession, paging: PageParams):
    rows, total = await fetch_page(session, select(Scheme), Scheme.id, paging=paging)
    return Page.of([saved(SchemeOut, r) for r in rows], total, paging)


@router.get("/schemes/{scheme_id}", response_model=SchemeOut)
async def get_scheme(scheme_id: str, session: DbSession):
    return saved(SchemeOut, await get_or_not_found(session, Scheme, scheme_id, field="scheme_id", what="scheme"))
