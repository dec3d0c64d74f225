"""Response models of the checklist routes (issue 15): every state and next step is a stable
code with parameters, never words (a reader words them in its language)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from services.applications.domain.checklist import ChoiceChecklist, DocumentFact, Item


class ChecklistDocumentOut(BaseModel):
    """A current version of a required document (the officer verifies or rejects it by id)."""

    id: str
    version: int
    state: str = Field(description="pending | verified | rejected")
    rejection_reason: str | None = Field(default=None, description="a DocumentRejectionReason")
    rejection_note: str | None = None
    due_on: date | None = Field(default=None, description="the last day (UTC) to upload a new version")
    overdue: bool = Field(default=False, description="rejected, and the last day to upload a new version has passed")

    @classmethod
    def of(cls, d: DocumentFact) -> ChecklistDocumentOut:
        return cls(
            id=d.id,
            version=d.version,
            state=d.state,
            rejection_reason=d.rejection_reason,
            rejection_note=d.rejection_note,
            due_on=d.due_on,
            overdue=d.overdue,
        )


class NextOut(BaseModel):
    code: str = Field(
        description="what to do next, e.g. next.reupload {kind, due_on[, overdue: true once it has passed]}; "
        "next.none when done"
    )
    params: dict[str, Any] = {}


class ChecklistItemOut(BaseModel):
    code: str = Field(description="the requirement, e.g. requirement.document {kind}")
    params: dict[str, Any] = {}
    state: str = Field(description="met | unmet | unknown | missing | awaiting_review | verified | rejected")
    done: bool
    next: NextOut
    reason: dict[str, Any] | None = Field(default=None, description="the eligibility rule's reason: code, params, text")
    documents: list[ChecklistDocumentOut] = []
    letters: dict[str, int] = Field(default={}, description="letter state -> how many (letters only)")

    @classmethod
    def of(cls, i: Item) -> ChecklistItemOut:
        return cls(
            code=i.code.value,
            params=dict(i.params),
            state=i.state.value,
            done=i.done,
            next=NextOut(code=i.next.value, params=dict(i.next_params)),
            reason=i.reason.as_dict() if i.reason is not None else None,
            documents=[ChecklistDocumentOut.of(d) for d in i.documents],
            letters=dict(i.letters),
        )


class ChoiceChecklistOut(BaseModel):
    rank: int
    programme_id: str
    programme_name: str
    programme_name_translations: dict[str, str] = Field(
        default={}, description="programme_name in other languages: language code -> name"
    )
    eligible: bool = Field(description="the eligibility rules find nothing missing")
    done: bool = Field(description="eligible, every document verified")
    items: list[ChecklistItemOut]


class ChecklistOut(BaseModel):
    application_id: str
    status: str
    choices: list[ChoiceChecklistOut]

    @classmethod
    def of(
        cls,
        application_id: str,
        status: str,
        choices: list[ChoiceChecklist],
        names: dict[str, str],
        translations: dict[str, dict[str, str]] | None = None,
    ):
        return cls(
            application_id=application_id,
            status=status,
            choices=[
                ChoiceChecklistOut(
                    rank=c.rank,
                    programme_id=c.programme_id,
                    programme_name=names.get(c.programme_id, c.programme_id),
                    programme_name_translations=(translations or {}).get(c.programme_id, {}),
                    eligible=c.eligible,
                    done=c.done,
                    items=[ChecklistItemOut.of(i) for i in c.items],
                )
                for c in choices
            ],
        )
