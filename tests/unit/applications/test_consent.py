"""What a host may read of an applicant (domain/consent.py): only with consent, only while the
application is with that host."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from services.applications.domain.consent import Consent, Given, host_of, is_with, may_read
from services.applications.domain.lifecycle import MatchOutcome
from services.applications.models import Account, Application, Base, CatalogProgramme, IdentityRead
from services.applications.service import host_access, outcomes
from shared.errors import NotFound
from shared.events.catalog import AdmissionDecided
from shared.events.catalog import ApplicationStatus as S
from shared.principal import Principal, Role

BOTH = Given(identity=True, documents=True)


def test_consent_is_stored_and_read_back():
    given = Given(identity=True, documents=False, at=datetime(2026, 11, 30, 12, tzinfo=UTC))
    assert Given.of(given.stored()) == given
    assert Given.of(None) == Given()  # never asked: nothing is shared
    assert not Given().allows(Consent.IDENTITY) and not Given().allows(Consent.DOCUMENTS)


def test_the_host_is_the_current_one_never_one_the_application_left():
    # with the host deciding admission: that host
    assert host_of(S.WITH_HOST, "lzu", None) == "lzu"
    # lzu rejected it; a later round offered xjmu's programme (no admission stage there): xjmu, not lzu
    assert host_of(S.OFFERED, "lzu", "xjmu") == "xjmu"
    assert host_of(S.ACCEPTED, "lzu", "xjmu") == "xjmu"
    # not with any host now
    assert host_of(S.NOT_ADMITTED, "lzu", None) is None
    assert host_of(S.UNDER_REVIEW, "lzu", "xjmu") is None


@pytest.mark.parametrize("status", [S.WITH_HOST, S.OFFERED, S.ACCEPTED])
def test_a_host_reads_what_was_consented_while_the_application_is_with_it(status):
    assert may_read(status, "lzu", ["lzu", "xjmu"], BOTH, Consent.IDENTITY)
    assert may_read(status, "lzu", ["lzu"], Given(documents=True), Consent.DOCUMENTS)
    assert not may_read(status, "lzu", ["lzu"], Given(documents=True), Consent.IDENTITY)


@pytest.mark.parametrize(
    "status", [S.SUBMITTED, S.NOMINATED, S.RESERVE, S.UNDER_REVIEW, S.NOT_ADMITTED, S.DECLINED, S.WITHDRAWN]
)
def test_before_or_after_the_host_has_it_nothing_is_readable(status):
    assert not is_with(status, "lzu", ["lzu"])
    assert not may_read(status, "lzu", ["lzu"], BOTH, Consent.IDENTITY)


def test_another_institution_reads_nothing():
    assert not may_read(S.WITH_HOST, "lzu", ["xjmu"], BOTH, Consent.IDENTITY)
    assert not may_read(S.OFFERED, None, ["xjmu"], BOTH, Consent.DOCUMENTS)


async def test_a_host_that_rejected_the_applicant_reads_nothing_once_another_host_offers(tmp_path):
    """The applications service on SQLite: lzu rejected the application; a later round offered
    xjmu's programme. Only xjmu may read the identity now, and the read names xjmu."""
    engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path}/a.db")
    async with engine.begin() as c:
        await c.run_sync(Base.metadata.create_all)
    session = async_sessionmaker(engine, expire_on_commit=False)
    async with session() as s, s.begin():
        s.add(
            Application(
                id="app1",
                applicant_id="ap1",
                cycle_id="c",
                scheme_id="sco",
                sending_country="KZ",
                status="submitted",
                consent=BOTH.stored(),
            )
        )
        for pid, inst in (("pA", "lzu"), ("pB", "xjmu")):
            s.add(
                CatalogProgramme(
                    id=pid,
                    cycle_id="c",
                    scheme_id="sco",
                    host_institution_id=inst,
                    host_country="CN",
                    title=pid,
                    field="f",
                    level="l",
                    language="en",
                    seats=1,
                    applicant_type="student",
                    requirements={},
                )
            )
    async with session() as s, s.begin():
        await outcomes.apply(s, "app1", MatchOutcome.PROPOSED, "under review", match_id="m1")
        await outcomes.admission_requested(s, "m1", "app1", "pA", "lzu")
    lzu = Principal(sub="u-lzu", role=Role.PARTNER, institutions=["lzu"])
    xjmu = Principal(sub="u-xjmu", role=Role.PARTNER, institutions=["xjmu"])
    async with session() as s, s.begin():
        assert (await host_access.identity(s, lzu, "app1")).institution_id == "lzu"  # while lzu decides
        rejected = AdmissionDecided(
            match_id="m1",
            application_id="app1",
            applicant_id="ap1",
            cycle_id="c",
            programme_id="pA",
            host_institution_id="lzu",
            round_id="r1",
            rank=1,
            decision="rejected",
            reason_code="language",
            version=1,
        )
        await outcomes.admission_decided(s, rejected)
    async with session() as s, s.begin():
        await outcomes.apply(s, "app1", MatchOutcome.PROPOSED, "under review", match_id="m2")
        await outcomes.apply(s, "app1", MatchOutcome.APPROVED, "pB", match_id="m2", offered_programme_id="pB")
    async with session() as s, s.begin():
        assert (await s.scalars(host_access.considered_query(lzu))).all() == []
        [listed] = (await s.scalars(host_access.considered_query(xjmu))).all()
        assert [c.institution_id for c in await host_access.considered(s, [listed])] == ["xjmu"]
        with pytest.raises(NotFound):
            await host_access.identity(s, lzu, "app1")
        assert (await host_access.identity(s, xjmu, "app1")).institution_id == "xjmu"
    await engine.dispose()


SHARED = {"app-yes": BOTH, "app-no": Given(), "app-id": Given(identity=True)}


async def _three_with_lzu(tmp_path, *, accounts: bool = False):
    """A database with three applications with the host lzu: sharing everything, nothing, the
    identity only (``SHARED``); their applicants' accounts too when asked."""
    engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path}/a.db")
    async with engine.begin() as c:
        await c.run_sync(Base.metadata.create_all)
    session = async_sessionmaker(engine, expire_on_commit=False)
    async with session() as s, s.begin():
        for app_id, given in SHARED.items():
            if accounts:
                s.add(Account(id="ap-" + app_id, email=f"{app_id}@example.kz", password_hash="x", role="applicant", name="Name " + app_id))  # fmt: skip
            s.add(
                Application(
                    id=app_id,
                    applicant_id="ap-" + app_id,
                    cycle_id="c",
                    scheme_id="sco",
                    sending_country="KG",
                    status="with_host",
                    host_institution_id="lzu",
                    consent=given.stored(),
                )
            )
    return engine, session


async def test_an_officer_and_a_host_read_the_consent_of_the_applications_asked(tmp_path):
    """The officer's review page and the host's admission cards say whether the applicant shares
    their identity and documents with the host (a host rejected an applicant for "incomplete
    documents" it could not see). Only the applications asked; an officer only those in scope."""
    engine, session = await _three_with_lzu(tmp_path)
    shared = SHARED
    async with session() as s, s.begin():
        s.add(
            Application(
                id="app-csc",
                applicant_id="ap-c",
                cycle_id="c2",
                scheme_id="csc",
                sending_country="KG",
                status="submitted",
            )
        )
    officer = Principal(sub="o1", role=Role.OFFICER, schemes=["sco"])
    async with session() as s:
        asked = ["app-no", "app-yes", "app-id", "app-csc", "app-none"]
        got = await host_access.consents_in_scope(s, officer, asked)
        assert got == {a: Given(g.identity, g.documents) for a, g in shared.items()}  # never set: no time
        assert not got["app-no"].allows(Consent.DOCUMENTS) and got["app-id"].allows(Consent.IDENTITY)
        lzu = Principal(sub="u-lzu", role=Role.PARTNER, institutions=["lzu"])
        some = (await s.scalars(host_access.considered_query(lzu, None, ["app-no", "app-id"]))).all()
        assert sorted(a.id for a in some) == ["app-id", "app-no"]
        assert len((await s.scalars(host_access.considered_query(lzu))).all()) == 3
    await engine.dispose()


async def test_a_hosts_list_names_those_who_share_their_identity_and_records_the_read_once_a_day(tmp_path):
    """An admissions list of bare application ids left the host unable to tell whom it admitted;
    a name is part of the identity, so only those who share it are named, and the read is
    recorded for the applicant, not again at every page of the list."""
    engine, session = await _three_with_lzu(tmp_path, accounts=True)
    lzu = Principal(sub="u-lzu", role=Role.PARTNER, institutions=["lzu"])

    async def listed() -> dict[str, str]:
        async with session() as s, s.begin():
            cards = await host_access.considered(s, (await s.scalars(host_access.considered_query(lzu))).all())
            return await host_access.names(s, lzu, cards)

    assert await listed() == {"app-yes": ("Name app-yes", None), "app-id": ("Name app-id", None)}
    assert await listed() == {"app-yes": ("Name app-yes", None), "app-id": ("Name app-id", None)}
    async with session() as s:
        reads = (await s.scalars(select(IdentityRead))).all()
    assert sorted((r.application_id, r.institution_id, r.what) for r in reads) == [
        ("app-id", "lzu", "name"),
        ("app-yes", "lzu", "name"),
    ]
    await engine.dispose()
