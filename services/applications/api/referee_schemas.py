"""Request and response models of the referee routes (issue 15)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, Field

from services.applications.api.schemas import Name, Text, bounded_text, in_typed_order
from services.applications.domain.referees import remind_from, shown_state
from services.applications.models import RefereeRequest
from services.applications.service.referees import MAX_LETTER_CHARS, MIN_LETTER_CHARS, Referee, RefereeView
from shared.api import RequestBody
from shared.clock import aware, aware_or_none, utcnow
from shared.events.catalog import RefereePosition

RefereeLanguage = Literal["en", "zh", "ru", "ur"]


class RefereeIn(RequestBody):
    model_config = ConfigDict(extra="forbid")  # as every other request body: a field not known is refused
    # shown to officers and hosts beside the letter: visible, in the order typed
    name: Name = Field(min_length=2, max_length=200)
    email: EmailStr = Field(max_length=320)
    position: RefereePosition
    institution: Name = Field(min_length=2, max_length=200)
    relationship: Text = Field(min_length=2, max_length=200, description="how the referee knows the applicant")
    language: RefereeLanguage = Field(default="en", description="the language of the referee's e-mails and page")

    def referee(self) -> Referee:
        return Referee(
            self.name, str(self.email), self.position.value, self.institution, self.relationship, self.language
        )


class RefereeOut(BaseModel):
    """A request as the applicant sees it: its state, never the letter."""

    id: str
    name: str
    email: str
    position: str
    institution: str
    relationship: str
    language: str
    state: str = Field(description="requested, opened, submitted, declined or expired")
    due_at: datetime
    created_at: datetime
    opened_at: datetime | None
    answered_at: datetime | None
    last_reminded_at: datetime | None
    decline_reason: str | None = Field(default=None, description="declined: the referee's reason, if they gave one")
    remind_from: datetime | None = Field(
        default=None,
        description="still waiting: from when a reminder is taken (at most one a day, counting the request's own "
        "e-mail); before it, POST .../remind answers 429",
    )

    @classmethod
    def of(cls, r: RefereeRequest, remind_gap: timedelta | None = None) -> RefereeOut:
        state = shown_state(r.state, aware(r.due_at), utcnow())
        return cls(
            id=r.id,
            name=r.name,
            email=r.email,
            position=r.position,
            institution=r.institution,
            relationship=r.relationship,
            language=r.language,
            state=state,
            due_at=aware(r.due_at),
            created_at=aware(r.created_at),
            opened_at=aware_or_none(r.opened_at),
            answered_at=aware_or_none(r.answered_at),
            last_reminded_at=aware_or_none(r.last_reminded_at),
            decline_reason=r.decline_reason,
            remind_from=None
            if remind_gap is None
            else remind_from(state, aware_or_none(r.last_reminded_at), aware(r.created_at), remind_gap),
        )


class OfficerLetterOut(RefereeOut):
    """What an officer sees of a letter: who wrote it and in what form."""

    letter: Literal["file", "text"] | None = None
    letter_size: int | None = None

    @classmethod
    def of(cls, r: RefereeRequest, remind_gap: timedelta | None = None) -> OfficerLetterOut:
        base = RefereeOut.of(r, remind_gap).model_dump()
        kind: Literal["file", "text"] | None = None
        if r.state == "submitted":
            kind = "file" if r.letter_stored_name else "text"
        return cls(**base, letter=kind, letter_size=r.letter_size)


class RefereeRequestView(BaseModel):
    """What the referee's link shows: this one request."""

    referee_name: str
    language: str
    state: str
    due_at: datetime
    applicant_name: str
    programmes: list[str]

    @classmethod
    def of(cls, v: RefereeView) -> RefereeRequestView:
        return cls(
            referee_name=v.request.name,
            language=v.request.language,
            state=v.request.state,
            due_at=aware(v.request.due_at),
            applicant_name=v.applicant_name,
            programmes=v.programmes,
        )


class RefereeDeclineIn(RequestBody):
    model_config = ConfigDict(extra="forbid")

    # the bound on the text itself: on the optional, it was said in "items", not characters
    reason: bounded_text(500) | None = Field(  # type: ignore[valid-type]
        default=None, description="why you decline (optional, at most 500 characters): told to the applicant as written"
    )


class LetterTextIn(RequestBody):
    # the service counts the letter without its surrounding spaces (referee.letter_too_short);
    # the document says the same minimum
    text: Annotated[str, AfterValidator(in_typed_order)] = Field(
        min_length=1,
        max_length=MAX_LETTER_CHARS,
        description=f"the letter: at least {MIN_LETTER_CHARS} characters besides surrounding spaces",
        json_schema_extra={"minLength": MIN_LETTER_CHARS},
    )


class RefereeAnswerOut(BaseModel):
    state: str
