"""All of the matching service's routes."""

from fastapi import APIRouter

from services.matching.api import (
    admission,
    committee,
    cycles,
    endorsements,
    institutions,
    interviews,
    journal,
    nominations,
    pool,
    programmes,
    quota,
    quota_rules,
    review,
    rounds,
    schemes,
    workbench,
)

router = APIRouter()
for module in (
    institutions,
    schemes,
    cycles,
    programmes,
    quota_rules,
    pool,
    rounds,
    review,
    quota,
    committee,
    journal,
    interviews,
    admission,
    nominations,
    endorsements,
    workbench,
):
    router.include_router(module.router)
