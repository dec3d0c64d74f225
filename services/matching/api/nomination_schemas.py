"""Request and response bodies of the nominations API (issue 14; only api/ imports them)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Field

from services.matching.api.schemas import Strict
from shared.events.catalog import NominationState
from shared.text import no_overrides

MAX_LIST = 5000  # a country's national pool is hundreds; far above, far below what is costly

AppId = Annotated[str, Field(max_length=64)]


class NominationSummary(BaseModel):
    cycle_id: str
    scheme_id: str
    sending_country: str
    authority: str
    authority_translations: dict[str, str] = Field(default={}, description="the authority's name in other languages")
    allocation: int | None = Field(description="the most nominees the country may have; null: no limit")
    nominated: int
    reserve: int
    status: Literal["draft", "published"]
    version: int
    published_at: datetime | None
    closes_at: datetime | None


class MovedUp(BaseModel):
    application_id: str
    applicant_name: str


class Candidate(BaseModel):
    application_id: str
    applicant_id: str
    applicant_name: str
    passport_name: str | None = Field(
        default=None, description="the name as in the passport, in Latin letters; null: not given"
    )
    messages_language: str | None = Field(
        default=None,
        description="the language the applicant reads notices in: a reason given them is sent as written",
    )
    grade: float | None
    language_certificates: list[dict[str, Any]]
    committee_score: float | None
    choices: list[str]
    held_documents: list[str] = Field(description="document kinds an officer rejected and not yet replaced")
    state: NominationState | None = Field(description="null: undecided")
    position: int | None
    reason: str | None
    placed: str | None = Field(
        default=None,
        description="the status of the candidate's match when it holds a seat (with_host, approved, accepted): "
        "such a nominee cannot be taken off; null otherwise",
    )
    received_at: datetime
    moved_up: MovedUp | None = Field(
        default=None, description="withdrawn from the nominees: the first reserve, who took the place; null otherwise"
    )
    reserve_was_empty: bool = Field(
        default=False, description="withdrawn from the nominees with nobody on the reserve list: the place stayed open"
    )


class LeftOff(Strict):
    application_id: str = Field(max_length=64)
    reason: Annotated[str | None, AfterValidator(no_overrides)] = Field(
        default=None, max_length=1000, description="told to the applicant"
    )


class NominationsIn(Strict):
    nominees: list[AppId] = Field(default=[], max_length=MAX_LIST, description="application ids, ranked")
    reserve: list[AppId] = Field(default=[], max_length=MAX_LIST, description="application ids, ranked")
    not_nominated: list[LeftOff] = Field(default=[], max_length=MAX_LIST)
    publish: bool = False
    version: int | None = Field(
        default=None,
        ge=0,
        description="the list's version as read (GET .../nominations/{country}): a list published again since (a "
        "colleague, a withdrawal) is refused 409 nomination.changed and nothing is saved; left out: not checked",
    )


class WithdrawIn(Strict):
    application_id: str = Field(max_length=64)
    reason: Annotated[str, AfterValidator(no_overrides)] = Field(min_length=1, max_length=1000)
