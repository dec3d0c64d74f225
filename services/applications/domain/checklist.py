"""The checklist of an application (issue 15): for each choice, every requirement of its
programme with its state and what to do next, each as a stable code with parameters (a
reader words them in its own language). Pure.

The verdicts are the shared eligibility rules' (``shared.eligibility.coded_reasons``): a
requirement is unmet exactly when a rule gives a reason for it. The checklist adds what
those rules do not say: whether a document awaits review, was verified or was rejected
(with the reason and the re-upload deadline), and how the referee letters stand.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any

from services.applications.domain.referees import WAITING, RefereeState
from services.applications.domain.verification import DocumentState, task_overdue
from shared.eligibility import ApplicantFacts, CycleFacts, ProgrammeFacts, Reason, coded_reasons, not_in_catalog


class Requirement(StrEnum):
    NATIONALITY = "requirement.nationality"
    APPLICANT_TYPE = "requirement.applicant_type"
    AGE = "requirement.age"
    GRADE = "requirement.grade"
    LANGUAGE_CERTIFICATE = "requirement.language_certificate"
    DOCUMENT = "requirement.document"
    DOCUMENT_PROPERTY = "requirement.document_property"
    LETTERS = "requirement.letters"
    PROGRAMME = "requirement.programme"  # the programme itself: gone from the catalog, another cycle


class ItemState(StrEnum):
    MET = "met"
    UNMET = "unmet"
    UNKNOWN = "unknown"  # a fact the applicant has not given yet (a birth date)
    MISSING = "missing"
    AWAITING_REVIEW = "awaiting_review"
    VERIFIED = "verified"
    REJECTED = "rejected"


class Next(StrEnum):
    NONE = "next.none"
    UPLOAD = "next.upload"  # {kind}
    REUPLOAD = "next.reupload"  # {kind, due_on}
    AWAIT_REVIEW = "next.await_review"  # {kind}
    UPLOAD_WITH_PROPERTY = "next.upload_with_property"  # {kind, property}
    NAME_REFEREES = "next.name_referees"  # {missing}
    AWAIT_LETTERS = "next.await_letters"  # {outstanding}
    ENTER_GRADE = "next.enter_grade"  # {min_grade}
    ADD_CERTIFICATE = "next.add_certificate"  # {certificate[, min_level]}
    COMPLETE_PROFILE = "next.complete_profile"
    CANNOT_MEET = "next.cannot_meet"  # this choice cannot be met: choose another programme


DONE = frozenset({ItemState.MET, ItemState.VERIFIED})


@dataclass(frozen=True)
class DocumentFact:
    """One version of a document as the checklist needs it."""

    id: str
    kind: str
    version: int
    state: str  # a DocumentState
    superseded: bool
    held: frozenset[str] = frozenset()  # what it carries (verification.Properties.held())
    rejection_reason: str | None = None
    rejection_note: str | None = None
    due_on: date | None = None
    overdue: bool = False  # a rejected version whose re-upload deadline has passed (``build`` sets it)


@dataclass(frozen=True)
class LetterFact:
    state: str  # a RefereeState, as shown (a request past its deadline is expired)
    position: str


@dataclass(frozen=True)
class Item:
    code: Requirement
    params: Mapping[str, Any]
    state: ItemState
    next: Next
    next_params: Mapping[str, Any] = field(default_factory=dict)
    reason: Reason | None = None  # the eligibility rule's reason when unmet
    documents: tuple[DocumentFact, ...] = ()  # the current versions of the kind (document items)
    letters: Mapping[str, int] = field(default_factory=dict)  # letter state -> how many (letters item)

    @property
    def done(self) -> bool:
        return self.state in DONE


@dataclass(frozen=True)
class ChoiceChecklist:
    rank: int
    programme_id: str
    eligible: bool  # the shared rules find nothing missing
    items: tuple[Item, ...]

    @property
    def done(self) -> bool:
        """Eligible and nothing left to review: every document verified."""
        return all(i.done for i in self.items)


def letters_complete(checklists: Sequence[ChoiceChecklist]) -> bool:
    """Every letter the choices ask for is in (False when none asks for letters)."""
    items = [i for c in checklists for i in c.items if i.code == Requirement.LETTERS]
    return bool(items) and all(i.done for i in items)


def facts_with(
    base: ApplicantFacts, documents: Sequence[DocumentFact], letters: Sequence[LetterFact]
) -> ApplicantFacts:
    """The applicant's facts with what the documents and letters say, as a submit judges
    them: a document counts when its newest version is not rejected; a letter when submitted."""
    current = [d for d in documents if not d.superseded and d.state != DocumentState.REJECTED]
    properties: dict[str, frozenset[str]] = {}
    for d in current:
        properties[d.kind] = properties.get(d.kind, frozenset()) | d.held
    kinds = frozenset(d.kind for d in current)
    rejected = frozenset(
        d.kind for d in documents if not d.superseded and d.state == DocumentState.REJECTED and d.kind not in kinds
    )
    return replace(
        base,
        document_kinds=kinds,
        rejected_kinds=rejected,
        document_properties=properties,
        letter_positions=tuple(letter.position for letter in letters if letter.state == RefereeState.SUBMITTED),
    )


class _Reasons:
    """The rules' reasons for one programme; each requirement takes its own."""

    def __init__(self, reasons: Sequence[Reason]):
        self.left = list(reasons)

    def take(self, code: str, **params: Any) -> Reason | None:
        for r in self.left:
            if r.code == code and all(r.params.get(k) == v for k, v in params.items()):
                self.left.remove(r)
                return r
        return None

    def exact(self, code: str, params: Mapping[str, Any]) -> Reason | None:
        for r in self.left:
            if r.code == code and dict(r.params) == dict(params):
                self.left.remove(r)
                return r
        return None


def _property_reason(reasons: _Reasons, kind: str, wanted: str) -> Reason | None:
    """The reason the rules give when the ``kind`` lacks ``wanted`` (as shared.eligibility words it)."""
    what, _sep, detail = wanted.partition(":")
    if what == "attested":
        return reasons.exact(
            "eligibility.document_not_attested", {"kind": kind, "by": detail} if detail else {"kind": kind}
        )
    if what == "translated":
        return reasons.exact("eligibility.document_not_translated", {"kind": kind, "language": detail})
    return reasons.exact("eligibility.document_not_nostrified", {"kind": kind})


def _num(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def _met(code: Requirement, params: Mapping[str, Any], reason: Reason | None, fix: Next, **fix_params: Any) -> Item:
    if reason is None:
        return Item(code, params, ItemState.MET, Next.NONE)
    return Item(code, params, ItemState.UNMET, fix, fix_params, reason)


def _document_item(kind: str, reason: Reason | None, current: tuple[DocumentFact, ...]) -> Item:
    params = {"kind": kind}
    rejected = [d for d in current if d.state == DocumentState.REJECTED]
    if reason is not None:  # no current version that is not rejected
        if rejected:
            due = min((d.due_on for d in rejected if d.due_on), default=None)
            fix: dict[str, Any] = {"kind": kind, "due_on": due.isoformat()} if due else {"kind": kind}
            if any(d.overdue for d in rejected):
                fix["overdue"] = True  # the deadline has passed: the applicant is late, the reviewer waits
            return Item(Requirement.DOCUMENT, params, ItemState.REJECTED, Next.REUPLOAD, fix, reason, current)
        return Item(Requirement.DOCUMENT, params, ItemState.MISSING, Next.UPLOAD, {"kind": kind}, reason, current)
    if any(d.state == DocumentState.VERIFIED for d in current):
        return Item(Requirement.DOCUMENT, params, ItemState.VERIFIED, Next.NONE, {}, None, current)
    return Item(
        Requirement.DOCUMENT, params, ItemState.AWAITING_REVIEW, Next.AWAIT_REVIEW, {"kind": kind}, None, current
    )


def _property_item(kind: str, wanted: str, reason: Reason | None, current: tuple[DocumentFact, ...]) -> Item:
    params = {"kind": kind, "property": wanted}
    standing = [d for d in current if d.state != DocumentState.REJECTED]
    if reason is not None:
        fix = {"kind": kind, "property": wanted}
        return Item(
            Requirement.DOCUMENT_PROPERTY, params, ItemState.UNMET, Next.UPLOAD_WITH_PROPERTY, fix, reason, current
        )
    if not standing:  # the rules say the document itself is missing (the document item says how)
        if current:
            return Item(
                Requirement.DOCUMENT_PROPERTY, params, ItemState.REJECTED, Next.REUPLOAD, {"kind": kind}, None, current
            )
        return Item(
            Requirement.DOCUMENT_PROPERTY, params, ItemState.MISSING, Next.UPLOAD, {"kind": kind}, None, current
        )
    carrying = [d for d in standing if wanted in d.held]
    if any(d.state == DocumentState.VERIFIED for d in carrying):
        return Item(Requirement.DOCUMENT_PROPERTY, params, ItemState.VERIFIED, Next.NONE, {}, None, current)
    return Item(
        Requirement.DOCUMENT_PROPERTY,
        params,
        ItemState.AWAITING_REVIEW,
        Next.AWAIT_REVIEW,
        {"kind": kind},
        None,
        current,
    )


def _letters_item(count: int, positions: tuple[str, ...], reason: Reason | None, letters: Sequence[LetterFact]) -> Item:
    relevant = [letter for letter in letters if not positions or letter.position in positions]
    states = dict(sorted(Counter(letter.state for letter in relevant).items()))
    received = states.get(RefereeState.SUBMITTED.value, 0)
    params = {"required": count, "received": received, "positions": list(positions)}
    if reason is None:
        return Item(Requirement.LETTERS, params, ItemState.MET, Next.NONE, {}, None, letters=states)
    outstanding = sum(1 for letter in relevant if letter.state in WAITING)
    if received + outstanding >= count:
        fix, fix_params = Next.AWAIT_LETTERS, {"outstanding": outstanding}
    else:
        fix, fix_params = Next.NAME_REFEREES, {"missing": count - received - outstanding}
    return Item(Requirement.LETTERS, params, ItemState.UNMET, fix, fix_params, reason, letters=states)


def programme_items(
    facts: ApplicantFacts,
    cycle: CycleFacts,
    programme: ProgrammeFacts,
    documents: Sequence[DocumentFact],
    letters: Sequence[LetterFact],
    today: date,
) -> tuple[bool, list[Item]]:
    """Whether the rules find the applicant eligible, and every requirement of the programme
    (``facts`` as ``facts_with`` makes them)."""
    rules = coded_reasons(facts, cycle, programme, today)
    reasons = _Reasons(rules)
    req = programme.requirements
    items: list[Item] = []
    params: dict[str, Any]
    if cycle.eligible_countries:
        params = {"nationality": facts.nationality, "eligible": list(cycle.eligible_countries)}
        # an exchange's programme in the applicant's own country fails on nationality too
        failed = reasons.take("eligibility.nationality") or reasons.take("eligibility.host_country")
        items.append(_met(Requirement.NATIONALITY, params, failed, Next.CANNOT_MEET))
    items.append(
        _met(
            Requirement.APPLICANT_TYPE,
            {"required": programme.applicant_type},
            reasons.take("eligibility.applicant_type"),
            Next.CANNOT_MEET,
        )
    )
    if req.max_age is not None:
        if facts.date_of_birth is None:
            items.append(Item(Requirement.AGE, {"max_age": req.max_age}, ItemState.UNKNOWN, Next.COMPLETE_PROFILE))
        else:
            items.append(
                _met(Requirement.AGE, {"max_age": req.max_age}, reasons.take("eligibility.too_old"), Next.CANNOT_MEET)
            )
    if req.min_grade is not None:
        min_grade = _num(req.min_grade)
        params = {"min_grade": min_grade}
        if (r := reasons.take("eligibility.no_grade")) is not None:
            items.append(_met(Requirement.GRADE, params, r, Next.ENTER_GRADE, min_grade=min_grade))
        else:
            items.append(_met(Requirement.GRADE, params, reasons.take("eligibility.grade_below"), Next.CANNOT_MEET))
    if req.language_certificate:
        wanted = req.language_certificate.strip().upper()
        params = {"certificate": wanted}
        if req.min_language_level is not None:
            params["min_level"] = _num(req.min_language_level)
        r = reasons.take("eligibility.certificate_missing") or reasons.take("eligibility.certificate_below")
        items.append(_met(Requirement.LANGUAGE_CERTIFICATE, params, r, Next.ADD_CERTIFICATE, **params))
    current = {
        kind: tuple(
            replace(d, overdue=task_overdue(d.state, d.superseded, d.due_on, today))
            for d in documents
            if d.kind == kind and not d.superseded
        )
        for kind in {*req.required_documents, *req.document_properties}
    }
    for kind in req.required_documents:
        said = reasons.take("eligibility.document_missing", kind=kind) or reasons.take(
            "eligibility.document_rejected", kind=kind
        )
        items.append(_document_item(kind, said, current[kind]))
    for kind, needed in req.document_properties.items():
        for wanted in needed:
            items.append(_property_item(kind, wanted, _property_reason(reasons, kind, wanted), current[kind]))
    if req.letters is not None and req.letters.count > 0:
        r = reasons.take("eligibility.letters_missing")
        items.append(_letters_item(req.letters.count, tuple(req.letters.positions), r, letters))
    # anything else the rules said (another cycle's programme) is a requirement of its own
    for r in reasons.left:
        items.append(Item(Requirement.PROGRAMME, {}, ItemState.UNMET, Next.CANNOT_MEET, {}, r))
    return not rules, items


def build(
    base: ApplicantFacts,
    cycle: CycleFacts,
    choices: Sequence[str],
    programmes: Mapping[str, ProgrammeFacts],
    documents: Sequence[DocumentFact],
    letters: Sequence[LetterFact],
    today: date,
) -> list[ChoiceChecklist]:
    """One checklist per choice, in rank order."""
    facts = facts_with(base, documents, letters)
    out = []
    for rank, pid in enumerate(choices, start=1):
        programme = programmes.get(pid)
        if programme is None:
            gone = Item(Requirement.PROGRAMME, {}, ItemState.UNMET, Next.CANNOT_MEET, {}, not_in_catalog())
            out.append(ChoiceChecklist(rank, pid, False, (gone,)))
            continue
        eligible, items = programme_items(facts, cycle, programme, documents, letters, today)
        out.append(ChoiceChecklist(rank, pid, eligible, tuple(items)))
    return out
