"""Issue 15: a document an officer rejected holds the choices whose programme requires its kind
(the round's input filtering); the others compete, and a fixed application is not touched."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine
from sqlalchemy.pool import StaticPool

from services.matching.domain import engine
from services.matching.domain.inputs import PoolRow, ProgrammeRow, build_inputs, ineligibility
from services.matching.domain.reasons import code_of
from services.matching.models import Base, PoolEntry
from services.matching.service import documents
from shared.eligibility import ApplicantFacts, ProgrammeFacts
from shared.events.catalog import DocumentRejected, Requirements

TODAY = date(2026, 11, 30)


def test_only_choices_that_require_the_rejected_kind_are_held():
    facts = ApplicantFacts("student", "PK", 80.0)
    progs = {
        "needs": ProgrammeFacts("needs", "c1", "student", Requirements(required_documents=["transcript", "passport"])),
        "props": ProgrammeFacts(
            "props", "c1", "student", Requirements(document_properties={"transcript": ["attested"]})
        ),
        "free": ProgrammeFacts("free", "c1", "student", Requirements(required_documents=["passport"])),
    }
    out = ineligibility(facts, (), ["needs", "props", "free"], progs, {}, TODAY, held_kinds=["transcript"])
    assert set(out) == {"needs", "props"}
    assert code_of("ineligible", out["needs"]) == ("round.document_rejected", {"kind": "transcript"})
    assert code_of("ineligible", out["props"]) == ("round.document_rejected", {"kind": "transcript"})
    assert ineligibility(facts, (), ["needs"], progs, {}, TODAY) == {}  # nothing held: eligible


def test_a_nationality_the_cycle_does_not_take_outranks_a_held_document():
    facts = ApplicantFacts("student", "PK", 80.0)
    progs = {"needs": ProgrammeFacts("needs", "c1", "student", Requirements(required_documents=["transcript"]))}
    out = ineligibility(facts, ("KZ",), ["needs"], progs, {}, TODAY, held_kinds=["transcript"])
    assert code_of("ineligible", out["needs"])[0] == "eligibility.nationality"


def _programme(pid: str, docs: list[str]) -> ProgrammeRow:
    return ProgrammeRow(pid, 1, "s1", "c1", "h1", "CN", "cs", "master", "student", {"required_documents": docs})


def _run(held: tuple[str, ...], fixed: dict[str, str] | None = None) -> tuple[engine.MatchingResult, str]:
    inputs = build_inputs(
        programmes=[_programme("needs", ["transcript"]), _programme("free", [])],
        make_caps=lambda _p, _a: [],
        pool=[
            PoolRow("a1", "PK", "student", ("needs", "free"), 90.0, None, None, held_kinds=held),
            PoolRow("a2", "PK", "student", ("needs",), 70.0, None, None),
        ],
        eligible_countries=["PK"],
        score_weights={},
        fixed=fixed or {},
        rejected={},
        today=TODAY,
    )
    result = engine.run_matching(inputs.applicants, inputs.programmes, inputs.caps, 1, fixed=inputs.fixed)
    return result, inputs.digest


def test_a_held_application_is_not_placed_where_the_document_is_required_and_competes_again_once_fixed():
    held, held_digest = _run(("transcript",))
    assert held.outcomes["a1"].programme == "free"  # the stronger applicant loses only the held choice
    assert held.outcomes["a2"].programme == "needs"
    reasons = {r.programme: code_of(r.kind, r.message) for r in held.outcomes["a1"].reasons}
    assert reasons["needs"] == ("round.document_rejected", {"kind": "transcript"})
    fixed_again, digest = _run(())
    assert fixed_again.outcomes["a1"].programme == "needs"
    assert digest != held_digest  # the stored inputs say what was held


def test_a_held_kind_no_choice_requires_changes_nothing_and_a_fixed_match_stays():
    free, _ = _run(("cv",))
    assert free.outcomes["a1"].programme == "needs"
    fixed, _ = _run(("transcript",), fixed={"a1": "needs"})
    assert fixed.outcomes["a1"].programme == "needs"


# --- the held documents as stored (service/documents.py), over an in-memory SQLite -------------


@pytest.fixture
async def session():
    engine = create_async_engine("sqlite+aiosqlite://", poolclass=StaticPool)
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    async with async_sessionmaker(engine, expire_on_commit=False)() as s:
        for app_id, cycle in (("a1", "c1"), ("a2", "c1"), ("b1", "c2")):
            s.add(
                PoolEntry(
                    application_id=app_id,
                    applicant_id=f"stu-{app_id}",
                    cycle_id=cycle,
                    scheme_id="s1",
                    applicant_type="student",
                    sending_country="PK",
                )
            )
        await s.commit()
        yield s
    await engine.dispose()


def rejected(app_id: str, doc: str, kind: str) -> DocumentRejected:
    return DocumentRejected(
        application_id=app_id,
        applicant_id=f"stu-{app_id}",
        cycle_id="c1",
        document_id=doc,
        kind=kind,
        reason="not_attested",
        due_on=TODAY,
        rejected_by="o1",
        rejected_at=datetime(2026, 11, 30, tzinfo=UTC),
    )


async def test_a_rejection_holds_until_its_version_is_replaced_or_verified(session):
    await documents.hold(session, rejected("a1", "t1", "transcript"))
    await documents.hold(session, rejected("a1", "t1", "transcript"))  # redelivered: still one row
    await documents.hold(session, rejected("a1", "c1", "cv"))
    await documents.hold(session, rejected("b1", "t9", "transcript"))  # another cycle's pool
    await session.flush()
    assert await documents.held_kinds(session, "c1") == {"a1": ("cv", "transcript")}
    assert await documents.held_kinds(session, "c2") == {"b1": ("transcript",)}
    await documents.release(session, "a1", "other-version")  # not the held version: nothing changes
    assert await documents.held_kinds(session, "c1") == {"a1": ("cv", "transcript")}
    await documents.release(session, "a1", "t1")  # the transcript replaced (resubmitted) or verified
    assert await documents.held_kinds(session, "c1") == {"a1": ("cv",)}
    await documents.release(session, "a1", "c1")
    assert await documents.held_kinds(session, "c1") == {}
