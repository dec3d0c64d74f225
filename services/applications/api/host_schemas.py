"""Request and answer bodies of the consent and host-access routes (api/host.py)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from services.applications.api.schemas import DocumentOut
from services.applications.domain.consent import Given
from services.applications.domain.referees import RefereeState, shown_state
from services.applications.models import Document, IdentityRead, RefereeRequest
from services.applications.service.host_access import Considered, Identity
from shared.api import RequestBody
from shared.clock import aware, aware_or_none, utcnow


class ConsentIn(RequestBody):
    model_config = ConfigDict(extra="forbid")

    host_identity: bool = Field(
        description="the host institution that considers the application may read the applicant's name, "
        "date of birth, nationality, e-mail and home institution (to issue an admission letter)"
    )
    host_documents: bool = Field(
        description="... and the uploaded documents (passport, transcript, ...) and the referees' letters"
    )


class ConsentOut(BaseModel):
    host_identity: bool
    host_documents: bool
    at: datetime | None = Field(description="when the applicant last set it (null: never asked)")

    @classmethod
    def of(cls, given: Given) -> ConsentOut:
        return cls(
            host_identity=given.identity, host_documents=given.documents, at=aware(given.at) if given.at else None
        )


class ConsentOfOut(ConsentOut):
    """An application's consent as an officer reads it before approving a match."""

    application_id: str
    messages_language: str | None = Field(
        default=None,
        description="the language the applicant reads notices in: a note or message to them is sent as written, "
        "so write it in this language where you can",
    )

    @classmethod
    def of_application(cls, application_id: str, given: Given, language: str | None = None) -> ConsentOfOut:
        return cls(application_id=application_id, messages_language=language, **ConsentOut.of(given).model_dump())


class IdentityReadOut(BaseModel):
    institution_id: str
    what: str = Field(
        description='"identity", "name" (the admissions list), "document:<id>" or "letter:<referee request id>"'
    )
    read_at: datetime

    @classmethod
    def of(cls, r: IdentityRead) -> IdentityReadOut:
        return cls(institution_id=r.institution_id, what=r.what, read_at=aware(r.read_at))


class ConsideredOut(BaseModel):
    """An application with the host now: ids, status and what the applicant consented to."""

    application_id: str
    cycle_id: str
    scheme_id: str
    status: str
    sending_country: str
    applicant_type: str
    institution_id: str
    match_id: str | None
    consent: ConsentOut
    messages_language: str | None = Field(
        default=None,
        description="the language the applicant reads notices in: a note or message to them is sent as written, "
        "so write it in this language where you can",
    )
    name: str | None = Field(
        default=None,
        description="with_names=true: the applicant's name, when they let the host read their identity (recorded "
        "as an identity read, at most once a day per application); otherwise null",
    )
    passport_name: str | None = Field(
        default=None,
        description="with_names=true, beside name: the name as in the passport, in Latin letters, when the "
        "applicant gave it; otherwise null",
    )

    @classmethod
    def of(cls, c: Considered) -> ConsideredOut:
        a = c.application
        return cls(
            application_id=a.id,
            cycle_id=a.cycle_id,
            scheme_id=a.scheme_id,
            status=a.status,
            sending_country=a.sending_country,
            applicant_type=a.applicant_type,
            institution_id=c.institution_id,
            match_id=a.match_id,
            consent=ConsentOut.of(c.consent),
            messages_language=c.messages_language,
        )


class IdentityOut(BaseModel):
    application_id: str
    applicant_id: str
    name: str
    email: str
    date_of_birth: date | None
    nationality: str
    home_institution: str
    applicant_type: str
    institution_id: str = Field(description="the host institution this read was made for")
    passport_name: str | None = Field(
        default=None,
        description="the name as in the passport, in Latin letters, for the admission letter and the visa form "
        "(JW202); null: the applicant has not given it yet",
    )

    @classmethod
    def of(cls, i: Identity) -> IdentityOut:
        return cls(**i.__dict__)


class HostDocumentOut(BaseModel):
    """A document as the host sees it: the current version of each, what it is and carries,
    never the officers' review of it (their notes are for the applicant)."""

    id: str
    kind: str
    original_name: str
    content_type: str
    size: int
    sha256: str
    version: int
    created_at: datetime
    attested_by: str | None
    attestation_number: str | None
    attested_on: date | None
    translation_language: str | None
    nostrified: bool

    @classmethod
    def of(cls, d: Document) -> HostDocumentOut:
        fields = DocumentOut.fields_of(d)
        return cls(**{k: fields[k] for k in cls.model_fields})


class HostLetterOut(BaseModel):
    """A referee's letter as the host sees it: who was asked and how it stands; the letter
    itself is read through its own route (a recorded read). Never the referee's e-mail."""

    id: str
    name: str
    position: str
    institution: str
    state: str = Field(description="requested, opened, submitted, declined or expired")
    received_at: datetime | None = Field(description="when the letter arrived (null: not submitted)")
    letter: Literal["file", "text"] | None = Field(description="a PDF or a text written in the form (null: none)")

    @classmethod
    def of(cls, r: RefereeRequest) -> HostLetterOut:
        submitted = r.state == RefereeState.SUBMITTED
        return cls(
            id=r.id,
            name=r.name,
            position=r.position,
            institution=r.institution,
            state=shown_state(r.state, aware(r.due_at), utcnow()),
            received_at=aware_or_none(r.answered_at) if submitted else None,
            letter=("file" if r.letter_stored_name else "text") if submitted else None,
        )
