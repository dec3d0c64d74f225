"""Request and response bodies of the message routes (issue 16)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from services.applications.domain.messages import MAX_BODY
from services.applications.models import Message
from shared.api import RequestBody
from shared.clock import aware


class MessageIn(RequestBody):
    model_config = ConfigDict(extra="forbid")

    # blank or control characters: refused by domain/messages.py, also with ``body`` as the field
    body: str = Field(max_length=MAX_BODY, description=f"the message, 1 to {MAX_BODY} characters once trimmed")


class MessageOut(BaseModel):
    id: str
    application_id: str
    direction: str = Field(description="officer_to_applicant | applicant_to_officer")
    author_role: str = Field(description="officer, admin, coordinator, nominator or applicant")
    author_name: str
    body: str
    created_at: datetime

    @classmethod
    def of(cls, m: Message) -> MessageOut:
        return cls(
            id=m.id,
            application_id=m.application_id,
            direction=m.direction,
            author_role=m.author_role,
            author_name=m.author_name,
            body=m.body,
            created_at=aware(m.created_at),
        )
