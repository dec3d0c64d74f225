"""Institutions: admins write, anyone reads."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from sqlalchemy import func, select

from services.matching.api.deps import Source
from services.matching.api.schemas import InstitutionFields, InstitutionIn, InstitutionOut, saved
from services.matching.models import Institution
from services.matching.service import catalog
from services.matching.service.common import get_or_not_found
from shared.api import DbSession, PageParams, Transaction
from shared.auth import Admin
from shared.paging import Page, fetch_page

router = APIRouter(tags=["catalog"])


@router.post("/institutions", status_code=201, response_model=InstitutionOut)
async def create_institution(body: InstitutionIn, session: Transaction, source: Source, caller: Admin):
    return saved(InstitutionOut, *await catalog.create_institution(session, source, caller, body.model_dump()))


@router.put("/institutions/{institution_id}", response_model=InstitutionOut)
async def update_institution(
    institution_id: str, body: InstitutionFields, session: Transaction, source: Source, caller: Admin
):
    return saved(
        InstitutionOut, *await catalog.update_institution(session, source, caller, institution_id, body.model_dump())
    )


@router.delete("/institutions/{institution_id}", status_code=204)
async def delete_institution(institution_id: str, session: Transaction, source: Source, caller: Admin):
    await catalog.delete_institution(session, source, caller, institution_id)
    return Response(status_code=204)


@router.get("/institutions", response_model=Page[InstitutionOut])
async def list_institutions(
    session: DbSession,
    paging: PageParams,
    country: str | None = None,
    order: Annotated[Literal["id", "name"], Query(description="by id (the default) or by name")] = "id",
):
    query = select(Institution)
    if country:
        query = query.where(Institution.country == country)
    keys = (Institution.id,) if order == "id" else (func.lower(Institution.name), Institution.id)
    rows, total = await fetch_page(session, query, *keys, paging=paging)
    return Page.of([saved(InstitutionOut, r) for r in rows], total, paging)


@router.get("/institutions/{institution_id}", response_model=InstitutionOut)
async def get_institution(institution_id: str, session: DbSession):
    row = await get_or_not_found(session, Institution, institution_id, field="institution_id", what="institution")
    return saved(InstitutionOut, row)
