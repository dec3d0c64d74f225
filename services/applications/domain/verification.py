"""Document review (issue 15): the state of each version, who may change it how, the
re-upload task's deadline, and what a document carries (attestation, translation,
nostrification). Pure.

A version is ``pending`` when uploaded; an officer makes it ``verified`` or ``rejected``
(with a reason from ``REJECTION_REASONS`` and a note). A rejection is a task for the
applicant: upload a new version by ``due_on``. The new version supersedes the rejected one
(which is kept) and is ``pending`` again. Only the newest version of a document is reviewed.
An officer may correct a decision (verified -> rejected, rejected -> verified), never repeat it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import get_args

from shared.errors import Conflict, FieldError, Invalid
from shared.events.catalog import ApplicationStatus, DocumentProperty, DocumentRejectionReason
from shared.text import has_overrides


class DocumentState(StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"


class Attestation(StrEnum):
    HEC = "hec"
    IBCC = "ibcc"
    APOSTILLE = "apostille"
    EMBASSY = "embassy"


class TranslationLanguage(StrEnum):
    ZH = "zh"
    EN = "en"


# An application that takes no more documents, not even a re-upload an officer asked for.
CLOSED = frozenset({ApplicationStatus.WITHDRAWN.value, ApplicationStatus.DECLINED.value})
REJECTION_REASONS: tuple[str, ...] = get_args(DocumentRejectionReason)
DOCUMENT_PROPERTIES: tuple[str, ...] = get_args(DocumentProperty)

# A re-upload task's deadline when the officer names none, and the furthest one allowed.
DEFAULT_TASK_DAYS = 14
MAX_TASK_DAYS = 180
MAX_NOTE = 1000


def check_can_review(state: str, superseded: bool, to: DocumentState) -> None:
    """Refuse reviewing an old version, or repeating the decision a version already has."""
    if superseded:
        raise Conflict(
            "document.superseded", "a newer version of this document was uploaded; review that one", "document_id"
        )
    if to == DocumentState.PENDING:
        raise Invalid("document.bad_state", "a review verifies or rejects", "state")
    if state == to:
        raise Conflict(f"document.already_{to.value}", f"this version is already {to.value}", "document_id")


def task_due(today: date, due_on: date | None) -> date:
    """The re-upload task's last day: the officer's, or ``DEFAULT_TASK_DAYS`` from today.
    It must be after today and at most ``MAX_TASK_DAYS`` away."""
    if due_on is None:
        return today + timedelta(days=DEFAULT_TASK_DAYS)
    if due_on <= today:
        raise Invalid("document.due_in_past", "the deadline must be after today", "due_on", today=today.isoformat())
    if due_on > today + timedelta(days=MAX_TASK_DAYS):
        raise Invalid(
            "document.due_too_far",
            f"the deadline is at most {MAX_TASK_DAYS} days away",
            "due_on",
            max_days=MAX_TASK_DAYS,
        )
    return due_on


def checked_rejection(reason: str, note: str | None) -> tuple[str, str]:
    """The reason (one of the set list) and the note, trimmed; "other" needs a note."""
    note = (note or "").strip()
    errors = []
    if reason not in REJECTION_REASONS:
        errors.append(
            FieldError("reason", f"reason must be one of {', '.join(REJECTION_REASONS)}", "document.bad_reason")
        )
    if len(note) > MAX_NOTE:
        errors.append(FieldError("note", f"the note is at most {MAX_NOTE} characters", "document.note_too_long"))
    if reason == "other" and not note:
        errors.append(FieldError("note", "say what is wrong when the reason is 'other'", "document.note_required"))
    if errors:
        raise Invalid.of(errors)
    return reason, note


def task_open(state: str, superseded: bool) -> bool:
    """A rejected version nobody replaced yet: the applicant has something to do."""
    return state == DocumentState.REJECTED and not superseded


def task_overdue(state: str, superseded: bool, due_on: date | None, today: date) -> bool:
    """An open re-upload task whose last day (``due_on``, UTC) has passed: it still stands
    (a late upload is taken, and goes to the reviewer), but both sides should see it is late."""
    return task_open(state, superseded) and due_on is not None and today > due_on


@dataclass(frozen=True)
class Properties:
    """What one version of a document carries: attestation, certified translation, nostrification."""

    attested_by: str | None = None
    attestation_number: str | None = None
    attested_on: date | None = None
    translation_language: str | None = None
    translation_certified_by: str | None = None
    nostrified: bool = False

    def held(self) -> frozenset[str]:
        """As the programme requirement vocabulary (``shared.events.catalog.DocumentProperty``)."""
        out: set[str] = set()
        if self.attested_by:
            out |= {"attested", f"attested:{self.attested_by}"}
        if self.translation_language:
            out.add(f"translated:{self.translation_language}")
        if self.nostrified:
            out.add("nostrified")
        return frozenset(out)

    def check(self, today: date) -> Properties:
        """An attestation names its number and date (not in the future); a translation who
        certified it. The properties trimmed, or every problem at once."""
        number = (self.attestation_number or "").strip() or None
        translator = (self.translation_certified_by or "").strip() or None
        errors = []
        if self.attested_by and not number:
            errors.append(
                FieldError(
                    "attestation_number", "an attestation needs its number", "document.attestation_number_missing"
                )
            )
        if self.attested_by and self.attested_on is None:
            errors.append(
                FieldError("attested_on", "an attestation needs its date", "document.attestation_date_missing")
            )
        if self.attested_on is not None and self.attested_on > today:
            errors.append(
                FieldError("attested_on", "the attestation date is in the future", "document.attestation_in_future")
            )
        if not self.attested_by and (number or self.attested_on):
            errors.append(FieldError("attested_by", "say who attested the document", "document.attested_by_missing"))
        for name, value in (("attestation_number", number), ("translation_certified_by", translator)):
            # C1 controls too: bytes that were no UTF-8 arrive read as Latin-1 (U+0080-U+009F among them)
            if value and any(unicodedata.category(ch) == "Cc" for ch in value):
                errors.append(FieldError(name, "must not contain control characters", "document.control_characters"))
            elif value and has_overrides(value):
                errors.append(
                    FieldError(name, "must not contain text direction overrides", "document.direction_controls")
                )
        if self.translation_language and not translator:
            errors.append(
                FieldError(
                    "translation_certified_by", "say who certified the translation", "document.translator_missing"
                )
            )
        if errors:
            raise Invalid.of(errors)
        return Properties(
            self.attested_by, number, self.attested_on, self.translation_language, translator, self.nostrified
        )
