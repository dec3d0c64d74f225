"""Tables owned by the notifications service (its own database, its own migrations)."""

from datetime import UTC, datetime

from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

from shared.tables import add_infra_tables


class Base(SQLModel, registry=registry()):
    pass


infra = add_infra_tables(Base.metadata)


def utcnow() -> datetime:
    return datetime.now(UTC)


class InboxEntry(Base, table=True):
    """A message in an applicant's portal inbox; one per (source event, recipient)."""

    __tablename__ = "inbox_entries"
    __table_args__ = (UniqueConstraint("source_event_id", "recipient_id", name="uq_inbox_event_recipient"),)

    id: int | None = Field(default=None, primary_key=True)
    recipient_id: str = Field(index=True, max_length=64)
    source_event_id: str = Field(max_length=64)
    event_type: str = Field(max_length=200)
    subject: str = Field(max_length=300)
    body: str
    language: str = Field(default="en", max_length=8)
    created_at: datetime = Field(default_factory=utcnow)
    read_at: datetime | None = None
