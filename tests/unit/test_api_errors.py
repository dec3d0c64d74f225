"""Error answers every service shares (shared/api.py)."""

import httpx
from fastapi import FastAPI
from pydantic import BaseModel, Field
from sqlalchemy.exc import OperationalError

from shared.api import install_error_handlers


def app_with_routes() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)

    class Body(BaseModel):
        grade: float = Field(ge=0, le=100)

    @app.post("/things")
    async def create(body: Body):
        return body

    @app.get("/db-down")
    async def db_down():
        raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))

    return app


async def test_validation_errors_name_the_field_and_the_reason():
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app_with_routes()), base_url="http://t") as c:
        r = await c.post("/things", json={"grade": 140})
    assert r.status_code == 422
    [item] = r.json()["detail"]
    assert item["field"] == "grade" and "less than or equal to 100" in item["reason"]


async def test_an_unreachable_database_is_503_with_retry_after_not_500():
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app_with_routes()), base_url="http://t") as c:
        r = await c.get("/db-down")
    assert r.status_code == 503 and r.headers["retry-after"] == "2"
    assert "database is unavailable" in r.json()["detail"][0]["reason"]
