"""Tables owned by the applications service (its own database, its own migrations)."""

from datetime import UTC, datetime

from sqlalchemy import JSON, Column
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from shared.tables import add_infra_tables


class Base(SQLModel, registry=registry()):
    pass


infra = add_infra_tables(Base.metadata)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Application(Base, table=True):
    __tablename__ = "applications"

    id: str = Field(primary_key=True, max_length=64)
    applicant_id: str = Field(index=True, max_length=64)
    cycle_id: str = Field(index=True, max_length=64)
    scheme_id: str = Field(max_length=64)
    applicant_type: str = Field(default="student", max_length=16)
    sending_country: str = Field(max_length=2)
    choices: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    grade: float | None = None
    status: str = Field(default="draft", max_length=16)
    email: str = Field(max_length=320)
    name: str = Field(max_length=200)
    preferred_language: str = Field(default="en", max_length=8)
    created_at: datetime = Field(default_factory=utcnow)
    submitted_at: datetime | None = None
