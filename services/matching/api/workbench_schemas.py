"""Answers of the officer workbench (issue 16): the waitlist with names and scores, the quota
matrix of programmes by sending country, the application table of a cycle, an officer's saved
filters of that table and the actions on its selected rows."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from services.matching.api.schemas import Strict
from shared.text import no_overrides


class WaitlistEntryOut(BaseModel):
    position: int = Field(description="1 is the next to be placed when a seat frees")
    application_id: str
    applicant_id: str
    applicant_name: str = Field(description="as the applicant's events said it; empty when not known yet")
    passport_name: str | None = Field(
        default=None, description="the name as in the passport, in Latin letters; null: not given"
    )
    sending_country: str
    home_institution: str | None
    grade: float | None
    interview_score: float | None
    committee_score: float | None
    committee_hidden: bool = Field(description="you review it and have not submitted: the committee score is withheld")
    priority_score: float = Field(description="what ordered the waitlist (the cycle's weighted mean)")


class WaitlistProgrammeOut(BaseModel):
    programme_id: str
    title: str
    seats: int
    entries: list[WaitlistEntryOut]


class WaitlistPlaceOut(BaseModel):
    programme_id: str
    position: int = Field(description="1 is the next to be placed when a seat frees")


class WaitlistPlacesOut(BaseModel):
    application_id: str
    places: list[WaitlistPlaceOut] = Field(
        description="each waitlist of the round the application is on (its choices above the one it holds, if any)"
    )


class MatrixCellOut(BaseModel):
    country: str
    used: int = Field(description="matches holding a place at this programme from this country")
    allocation: int = Field(description="the tightest cap on the pair, else the programme's seats")
    capped: bool = Field(description="a quota rule caps the pair (else the allocation is the seats)")
    shared: bool = Field(description="the tightest cap counts other programmes or countries too")
    cap_label: str | None = None
    remaining: int = Field(description="places still open to this country here: seats and every cap on the pair")


class MatrixRowOut(BaseModel):
    programme_id: str
    title: str
    host_institution_id: str
    seats: int
    filled: int
    remaining: int
    cells: list[MatrixCellOut]


class MatrixCountryOut(BaseModel):
    country: str
    used: int
    allocation: int = Field(description="sum of the country's cells, bounded by a cap over all programmes")


class QuotaMatrixOut(BaseModel):
    cycle_id: str
    countries: list[str]
    programmes: list[MatrixRowOut]
    by_country: list[MatrixCountryOut]
    seats: int
    filled: int = Field(description="places used by a match at any stage (the sum of by_status)")
    by_status: dict[str, int] = Field(
        default_factory=dict,
        description="places used, by the status of the match holding each: proposed (no officer has"
        " reviewed it), with_host (approved, awaiting the host's admission), approved (offered, awaiting"
        " the applicant's answer), accepted",
    )


class WorkbenchSort(StrEnum):
    NAME = "name"
    COUNTRY = "country"
    HOME = "home"
    CHOICES = "choices"
    STATUS = "status"
    DOCUMENTS = "documents"
    SCORE = "score"
    GRADE = "grade"
    FLAGS = "flags"
    RECEIVED = "received"


class WorkbenchRowOut(BaseModel):
    application_id: str
    applicant_id: str
    applicant_name: str
    passport_name: str | None = Field(
        default=None, description="the name as in the passport, in Latin letters; null: not given"
    )
    sending_country: str
    home_institution: str | None
    choices: list[str]
    status: str = Field(
        description="the live match's status (proposed, with_host, approved, accepted), else the pool's"
    )
    programme_id: str | None = Field(description="the programme of the live match, if any")
    documents_rejected: list[str] = Field(description="kinds of documents that stand rejected (holding choices)")
    grade: float | None
    committee_score: float | None
    committee_hidden: bool
    reviews_submitted: int
    spread: float | None
    flags: list[str] = Field(description="documents_rejected | score_spread | withdrawn | declined")
    received_at: datetime
    endorsement: str | None = Field(
        default=None,
        description="the home institution's decision (endorsed, not_endorsed); none while it has not decided",
    )
    endorsement_cohort: str | None = Field(
        default=None, description="the named cohort the coordinator endorsed this application with, if any"
    )
    priority_score: float | None = Field(
        default=None, description="what orders the application in a round (the cycle's weighted mean)"
    )


# Text PostgreSQL can keep and a person can type: no control characters (a NUL is a 500 there).
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"
# One application's id as the table holds it (64 characters at most, printable).
ApplicationIdIn = Annotated[str, Field(min_length=1, max_length=64, pattern=PRINTABLE)]


class TableFilterIn(Strict):
    """The table's parameters a saved filter keeps (GET /cycles/{id}/applications)."""

    status: str | None = Field(default=None, max_length=32, pattern=r"^[a-z_]+$")
    sending_country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    q: str | None = Field(default=None, max_length=100, pattern=PRINTABLE)
    sort: WorkbenchSort | None = None
    order: Literal["asc", "desc"] | None = None


class SavedFilterIn(Strict):
    name: Annotated[str, StringConstraints(max_length=200), AfterValidator(no_overrides)] = Field(
        description="1 to 80 characters (spaces trimmed), unique for you in this cycle"
    )
    filters: TableFilterIn = Field(default_factory=TableFilterIn)


class SavedFilterOut(BaseModel):
    id: str
    cycle_id: str
    name: str
    filters: dict[str, str] = Field(description="status, sending_country, q, sort, order: those set")
    created_at: datetime


class BulkActionIn(Strict):
    action: Literal["invite", "assign"] = Field(
        description="invite: to interview; assign: reviewers, the scoresheet's number each"
    )
    application_ids: list[ApplicationIdIn] = Field(min_length=1, max_length=500)


class BulkRowOut(BaseModel):
    application_id: str
    outcome: Literal["done", "unchanged", "refused"] = Field(
        description="done; unchanged: already so; refused: see code and detail"
    )
    code: str = Field(
        description="interview.invited | interview.already_invited | interview.withdrawn | "
        "assignment.assigned | assignment.complete | assignment.not_submitted | "
        "assignment.no_reviewers | pool.not_found"
    )
    detail: str
    reviewers: list[str] = Field(default_factory=list, description="names of the reviewers this action assigned")


class BulkActionOut(BaseModel):
    action: str
    done: int
    unchanged: int
    refused: int
    rows: list[BulkRowOut] = Field(description="one per selected application, in the order sent")
