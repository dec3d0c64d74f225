"""Request and response bodies of host admission (only api/ imports them)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, Field

from services.matching.api.schemas import Strict
from services.matching.service.admission import Admission
from shared.clock import aware
from shared.events.catalog import HostAdmissionReason
from shared.text import no_overrides


def _printable(value: str | None) -> str | None:
    """The host's note goes to the applicant (events, e-mail, portal): no control characters."""
    if value is not None and (any(ord(ch) < 32 and ch not in "\n\r\t" for ch in value) or "\x7f" in value):
        raise ValueError("must not contain control characters")
    return value


class AdmissionIn(Strict):
    decision: Literal["admitted", "rejected"]
    reason_code: HostAdmissionReason | None = Field(
        default=None, description="required with a rejection: why, from the set list"
    )
    note: Annotated[str | None, AfterValidator(_printable), AfterValidator(no_overrides)] = Field(
        default=None, max_length=2000, description="the host's words to the applicant"
    )
    version: int | None = Field(
        default=None,
        ge=0,
        description="the decision's version the decider saw (0: none yet); when another was recorded since "
        "(an older page, a colleague), 409 admission.changed and nothing is recorded",
    )


class DecisionOut(BaseModel):
    version: int
    decision: str
    reason_code: str | None
    note: str | None
    decided_by: str
    decided_by_name: str = Field(default="", description="the decider's name, when known")
    decided_at: datetime


class AdmissionOut(BaseModel):
    """A match as the host's admissions list shows it; no applicant name (identity needs the
    applicant's consent)."""

    match_id: str
    application_id: str
    cycle_id: str
    programme_id: str
    programme_title: str
    programme_translations: dict[str, str] = Field(description="the title in other languages: language code -> title")
    host_institution_id: str
    sending_country: str
    grade: float | None
    status: str = Field(description="with_host | approved (admitted: the offer) | host_rejected | accepted | ...")
    decide_by: date | None = Field(description="the host's last day (UTC) to decide, if the cycle sets one")
    decide_before: datetime | None = Field(
        default=None,
        description="the cycle's admission deadline itself (UTC), if it sets one: a decision from then on is refused"
        " 409 admission.closed where the scheme declines at the deadline",
    )
    decisions: list[DecisionOut] = Field(description="every decision, oldest version first")
    version: int = Field(
        default=0,
        description="the newest decision's version (0: none yet): send it back with a change of mind, as the "
        "partner guide shows",
    )

    @classmethod
    def of(cls, a: Admission) -> AdmissionOut:
        return cls(
            match_id=a.match_id,
            application_id=a.application_id,
            cycle_id=a.cycle_id,
            programme_id=a.programme_id,
            programme_title=a.programme_title,
            programme_translations=a.programme_translations,
            host_institution_id=a.host_institution_id,
            sending_country=a.sending_country,
            grade=a.grade,
            status=a.status,
            decide_by=a.decide_by,
            decide_before=a.decide_before,
            decisions=[
                DecisionOut(
                    version=d.version,
                    decision=d.decision,
                    reason_code=d.reason_code,
                    note=d.note,
                    decided_by=d.decided_by,
                    decided_by_name=a.deciders.get(d.decided_by, ""),
                    decided_at=aware(d.decided_at),
                )
                for d in a.decisions
            ],
            version=max((d.version for d in a.decisions), default=0),
        )
