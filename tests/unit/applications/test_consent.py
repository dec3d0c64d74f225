"""What a host may read of an applicant (domain/consent.py): only with consent, only while the
application is with that host."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.applications.domain.consent import Consent, Given, host_of, is_with, may_read
from shared.events.catalog import ApplicationStatus as S

BOTH = Given(identity=True, documents=True)


def test_consent_is_stored_and_read_back():
    given = Given(identity=True, documents=False, at=datetime(2026, 11, 30, 12, tzinfo=UTC))
    assert Given.of(given.stored()) == given
    assert Given.of(None) == Given()  # never asked: nothing is shared
    assert not Given().allows(Consent.IDENTITY) and not Given().allows(Consent.DOCUMENTS)


def test_the_deciding_host_wins_over_the_offered_programmes():
    assert host_of("lzu", "xjmu") == "lzu"
    assert host_of(None, "xjmu") == "xjmu"
    assert host_of(None, None) is None


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
