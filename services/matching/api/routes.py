"""All of the matching service's routes."""

from fastapi import APIRouter

from services.matching.api import (
    committee,
    cycles,
    institutions,
    interviews,
    journal,
    pool,
    programmes,
    quota,
    quota_rules,
    review,
    rounds,
    schemes,
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
):
    router.include_router(module.router)
