"""All of the matching service's routes."""

from fastapi import APIRouter

from services.matching.api import catalog, pool, quota, review, rounds

router = APIRouter()
for module in (catalog, pool, rounds, review, quota):
    router.include_router(module.router)
