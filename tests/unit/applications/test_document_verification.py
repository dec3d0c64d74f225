"""Document review (issue 15) with fakes: the verification state machine, the re-upload
task's deadline, versions kept, what a document carries and what eligibility says of it.
The service runs against an in-memory SQLite database and a temporary documents folder."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select, update

from services.applications.api.schemas import DocumentOut, OfficerDocumentOut
from services.applications.domain import verification
from services.applications.domain.verification import DocumentState, Properties
from services.applications.models import Application, CatalogProgramme, Document, infra
from services.applications.service import applications, documents
from services.applications.service.storage import FileStore
from shared.clock import utcnow
from shared.eligibility import ApplicantFacts, CycleFacts, ProgrammeFacts, coded_reasons
from shared.errors import Conflict, Invalid, NotFound
from shared.events.catalog import DocumentKind, Requirements
from shared.principal import Principal, Role
from tests.unit.applications import test_service as base
from tests.unit.applications.test_service import SOURCE, Db, draft, submitted


@pytest.fixture
async def db():
    """The fake database of test_service.py (a fresh in-memory SQLite with a cycle and programmes)."""
    async for fake in base.db.__wrapped__():
        yield fake


PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
OFFICER = Principal(sub="officer-1", role=Role.OFFICER, schemes=("sco",))
STRANGER = Principal(sub="officer-2", role=Role.OFFICER, schemes=("other-scheme",))
TODAY = date(2026, 12, 1)


# --- the rules (pure) ---


def test_a_pending_version_can_be_verified_or_rejected_but_a_decision_is_never_repeated():
    for to in (DocumentState.VERIFIED, DocumentState.REJECTED):
        verification.check_can_review("pending", False, to)  # allowed
    verification.check_can_review("verified", False, DocumentState.REJECTED)  # a correction
    verification.check_can_review("rejected", False, DocumentState.VERIFIED)
    with pytest.raises(Conflict) as again:
        verification.check_can_review("verified", False, DocumentState.VERIFIED)
    assert again.value.code == "document.already_verified"
    with pytest.raises(Conflict) as old:
        verification.check_can_review("pending", True, DocumentState.VERIFIED)
    assert old.value.code == "document.superseded"


def test_the_task_deadline_defaults_to_fourteen_days_and_must_be_ahead_but_not_too_far():
    assert verification.task_due(TODAY, None) == date(2026, 12, 15)
    assert verification.task_due(TODAY, date(2026, 12, 2)) == date(2026, 12, 2)
    with pytest.raises(Invalid) as past:
        verification.task_due(TODAY, TODAY)
    assert past.value.code == "document.due_in_past" and past.value.field == "due_on"
    with pytest.raises(Invalid) as far:
        verification.task_due(TODAY, TODAY + timedelta(days=181))
    assert far.value.code == "document.due_too_far"


def test_a_rejection_takes_a_reason_from_the_list_and_other_needs_a_note():
    assert verification.checked_rejection("not_attested", "  HEC stamp missing  ") == (
        "not_attested",
        "HEC stamp missing",
    )
    with pytest.raises(Invalid) as bad:
        verification.checked_rejection("ugly", "")
    assert bad.value.field == "reason" and bad.value.code == "document.bad_reason"
    with pytest.raises(Invalid) as other:
        verification.checked_rejection("other", " ")
    assert other.value.field == "note" and other.value.code == "document.note_required"


def test_properties_are_checked_and_named_in_the_requirement_vocabulary():
    p = Properties("hec", " A-123 ", date(2026, 1, 5), "zh", "Notary Li", True).check(TODAY)
    assert p.attestation_number == "A-123"
    assert p.held() == frozenset({"attested", "attested:hec", "translated:zh", "nostrified"})
    with pytest.raises(Invalid) as missing:
        Properties("ibcc", None, None, "en", "").check(TODAY)
    assert [e.field for e in missing.value.errors] == ["attestation_number", "attested_on", "translation_certified_by"]
    with pytest.raises(Invalid) as future:
        Properties("hec", "1", TODAY + timedelta(days=1)).check(TODAY)
    assert future.value.errors[0].code == "document.attestation_in_future"
    with pytest.raises(Invalid) as control:
        Properties("hec", "A\x00", date(2026, 1, 5)).check(TODAY)
    assert control.value.field == "attestation_number"
    # bytes that were no UTF-8 arrive read as Latin-1 (a C1 control among them): refused, not stored garbled
    with pytest.raises(Invalid) as garbled:
        Properties(None, None, None, "en", "\xed\xa0\x80abc").check(TODAY)
    assert (garbled.value.field, garbled.value.errors[0].code) == (
        "translation_certified_by",
        "document.control_characters",
    )
    # a name shown to officers and hosts in another order than typed
    with pytest.raises(Invalid) as turned:
        Properties(None, None, None, "en", "Ali\u202egnp.exe").check(TODAY)
    assert (turned.value.field, turned.value.errors[0].code) == (
        "translation_certified_by",
        "document.direction_controls",
    )


def test_eligibility_says_precisely_which_property_is_missing():
    req = Requirements(document_properties={"transcript": ["attested:hec", "translated:zh"], "diploma": ["nostrified"]})
    facts = ApplicantFacts(
        "student",
        "PK",
        80.0,
        document_properties={"transcript": frozenset({"attested", "attested:ibcc"}), "diploma": frozenset()},
    )
    reasons = coded_reasons(facts, CycleFacts("c"), ProgrammeFacts("p", "c", "student", req), TODAY)
    assert [(r.code, dict(r.params)) for r in reasons] == [
        ("eligibility.document_not_attested", {"kind": "transcript", "by": "hec"}),
        ("eligibility.document_not_translated", {"kind": "transcript", "language": "zh"}),
        ("eligibility.document_not_nostrified", {"kind": "diploma"}),
    ]
    assert reasons[0].text == "transcript must be attested by HEC"
    # not known (the matching service's pool): not checked
    unknown = ApplicantFacts("student", "PK", 80.0)
    assert coded_reasons(unknown, CycleFacts("c"), ProgrammeFacts("p", "c", "student", req), TODAY) == []


# --- the service, with a fake database ---


def _upload(content: bytes = PDF, name: str = "transcript.pdf") -> documents.Upload:
    chunks = [content]

    async def read(_n: int) -> bytes:
        return chunks.pop() if chunks else b""

    return documents.Upload(name, "application/pdf", read)


async def _put(db: Db, ref, folder, kind=DocumentKind.TRANSCRIPT, replaces=None, **props) -> Document:
    async with db.sessions() as s:
        return await documents.upload(
            s,
            infra,
            ref.applicant_id,
            ref.id,
            kind,
            _upload(),
            store=FileStore(folder),
            limit=1024 * 1024,
            source=SOURCE,
            replaces=replaces,
            properties=Properties(**props),
        )


async def _types(db: Db) -> list[str]:
    return [e.type for e in await db.outbox() if ".document." in e.type]


async def test_reject_then_reupload_then_verify_keeps_every_version_and_who_reviewed_it(db, tmp_path):
    ref = await draft(db, ["easy"])
    first = await _put(db, ref, tmp_path)
    await submitted(db, ref)
    async with db.tx() as s:
        rejected = await documents.reject(
            s,
            infra,
            OFFICER,
            ref.id,
            first.id,
            reason="not_attested",
            note="HEC stamp missing",
            due_on=None,
            source=SOURCE,
        )
    out = DocumentOut.of(rejected)
    assert out.state == "rejected" and out.task_open and out.due_on == utcnow().date() + timedelta(days=14)
    assert out.rejection_reason == "not_attested" and out.rejection_note == "HEC stamp missing"
    event = [e for e in await db.outbox() if e.type.endswith("document.rejected.v1")][0]
    assert event.data["reason"] == "not_attested" and event.data["note"] == "HEC stamp missing"
    assert event.data["applicant_id"] == ref.applicant_id and event.key == ref.id

    # the window closing does not stop the re-upload the officer asked for
    async with db.tx() as s:
        await s.execute(update(Application).where(Application.id == ref.id).values(status="under_review"))
    second = await _put(
        db,
        ref,
        tmp_path,
        kind=None,
        replaces=first.id,
        attested_by="hec",
        attestation_number="H-9",
        attested_on=date(2026, 1, 5),
    )
    assert (second.version, second.replaces, second.state, second.kind) == (2, first.id, "pending", "transcript")
    async with db.sessions() as s:
        versions = {d.id: d for d in await documents.officer_documents(s, OFFICER, ref.id)}
    assert versions[first.id].superseded and versions[first.id].state == "rejected"  # kept, task closed
    assert not DocumentOut.of(versions[first.id]).task_open
    assert versions[first.id].reviewed_by == "officer-1"

    async with db.tx() as s:
        with pytest.raises(Conflict) as old:
            await documents.verify(s, infra, OFFICER, ref.id, first.id, source=SOURCE)
    assert old.value.code == "document.superseded"
    async with db.tx() as s:
        verified = await documents.verify(s, infra, OFFICER, ref.id, second.id, source=SOURCE)
    assert OfficerDocumentOut.of(verified).reviewed_by == "officer-1" and verified.state == "verified"
    assert await _types(db) == [
        "org.corridor.document.rejected.v1",
        "org.corridor.document.resubmitted.v1",
        "org.corridor.document.verified.v1",
    ]
    resubmitted = [e for e in await db.outbox() if e.type.endswith("document.resubmitted.v1")][0]
    assert resubmitted.data["reviewed_by"] == "officer-1" and resubmitted.data["replaces"] == first.id
    assert len(list(tmp_path.iterdir())) == 2  # no file was destroyed


async def test_an_officer_out_of_scope_sees_and_reviews_nothing(db, tmp_path):
    ref = await draft(db, ["easy"])
    doc = await _put(db, ref, tmp_path)
    async with db.tx() as s:
        with pytest.raises(NotFound):  # a draft: no officer sees it
            await documents.verify(s, infra, OFFICER, ref.id, doc.id, source=SOURCE)
    await submitted(db, ref)
    async with db.tx() as s:
        with pytest.raises(NotFound) as hidden:
            await documents.reject(
                s, infra, STRANGER, ref.id, doc.id, reason="illegible", note="", due_on=None, source=SOURCE
            )
    assert hidden.value.code == "application.not_in_scope"
    assert await _types(db) == []


async def test_a_replacement_is_refused_for_an_old_version_a_wrong_kind_or_a_closed_window(db, tmp_path):
    ref = await draft(db, ["easy"])
    first = await _put(db, ref, tmp_path)
    with pytest.raises(Invalid) as kind:
        await _put(db, ref, tmp_path, kind=DocumentKind.PASSPORT, replaces=first.id)
    assert kind.value.code == "document.kind_mismatch" and kind.value.field == "kind"
    await _put(db, ref, tmp_path, kind=None, replaces=first.id)  # a draft can be edited: fine
    with pytest.raises(Conflict) as old:
        await _put(db, ref, tmp_path, kind=None, replaces=first.id)
    assert old.value.code == "document.superseded" and old.value.field == "replaces"
    # no rejection and the application no longer editable: no new version
    await submitted(db, ref)
    async with db.tx() as s:
        current = await s.scalar(select(Document).where(Document.superseded.is_(False)))
        await s.execute(update(Application).where(Application.id == ref.id).values(status="under_review"))
    with pytest.raises(Conflict):
        await _put(db, ref, tmp_path, kind=None, replaces=current.id)
    assert await _types(db) == []  # a draft's new version is not announced


async def test_a_rejected_document_does_not_count_and_missing_properties_are_named(db, tmp_path):
    async with db.tx() as s:
        await s.execute(
            update(CatalogProgramme)
            .where(CatalogProgramme.id == "easy")
            .values(
                requirements={
                    "required_documents": ["transcript"],
                    "document_properties": {"transcript": ["attested:hec"]},
                }
            )
        )
    ref = await draft(db, ["easy"])
    doc = await _put(db, ref, tmp_path, attested_by="ibcc", attestation_number="I-1", attested_on=date(2026, 1, 2))
    async with db.sessions() as s:
        verdict = (await applications.preview_eligibility(s, ref.applicant_id, ref.id))[0]
    assert [r.code for r in verdict.details] == ["eligibility.document_not_attested"]
    async with db.tx() as s:
        await s.execute(update(Document).where(Document.id == doc.id).values(state="rejected"))
    async with db.sessions() as s:
        verdict = (await applications.preview_eligibility(s, ref.applicant_id, ref.id))[0]
    # said as what it is: rejected, a new version to upload (not "missing", which reads as never sent)
    assert [r.code for r in verdict.details] == ["eligibility.document_rejected"]
    assert verdict.details[0].params == {"kind": "transcript"}
