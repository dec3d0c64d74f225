"""Tables owned by the matching service (its own database, its own migrations)."""

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


class PoolEntry(Base, table=True):
    """One application in a cycle's pool, as the applications service last described it."""

    __tablename__ = "pool_entries"

    application_id: str = Field(primary_key=True, max_length=64)
    applicant_id: str = Field(index=True, max_length=64)
    cycle_id: str = Field(index=True, max_length=64)
    scheme_id: str = Field(max_length=64)
    applicant_type: str = Field(max_length=16)
    sending_country: str = Field(max_length=2)
    choices: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    grade: float | None = None
    status: str = Field(default="submitted", max_length=16)
    received_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
