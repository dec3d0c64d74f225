"""A language certificate is held on its own scale and given once per kind: "IELTS 65" (for
6.5) was taken and then met every IELTS minimum; two HSK certificates left a guess at which
one a programme's minimum was held against."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from services.applications.api.schemas import ApplicationCreate, ApplicationPatch, CertificateIn


@pytest.mark.parametrize(("kind", "level"), [("IELTS", 9), ("ielts", 6.5), ("HSK", 9), ("TOPIK", 6), ("TORFL", 4)])
def test_a_level_on_its_scale_is_taken(kind, level):
    assert CertificateIn(kind=kind, level=level).level == level


@pytest.mark.parametrize(("kind", "level", "top"), [("IELTS", 65, 9), ("HSK", 10, 9), ("TOPIK", 7, 6), ("TORFL", 5, 4)])
def test_a_level_above_its_scale_is_refused_on_the_level_with_the_top(kind, level, top):
    with pytest.raises(ValidationError) as refused:
        CertificateIn(kind=kind, level=level)
    [error] = refused.value.errors()
    assert error["type"] == "certificate.level_above_scale" and error["loc"] == ("level",)
    assert error["ctx"] == {"kind": kind, "top": top}


def test_a_scale_of_many_forms_is_held_to_the_general_bound_only():
    assert CertificateIn(kind="TOEFL", level=550).level == 550  # ITP runs to 677, iBT to 120
    with pytest.raises(ValidationError):
        CertificateIn(kind="TOEFL", level=1001)


def test_a_kind_no_programme_can_ask_for_is_refused_naming_those_it_can():
    # "ZZZ 5" was stored, and could never meet a programme's requirement
    for kind in ("DELF", "ZZZ"):
        with pytest.raises(ValidationError) as refused:
            CertificateIn(kind=kind, level=5)
        [error] = refused.value.errors()
        assert error["type"] == "certificate.unknown_kind" and error["loc"] == ("kind",)
        assert error["ctx"] == {"kinds": "HSK, IELTS, TOEFL, KAZTEST, TORFL, TOPIK"}


@pytest.mark.parametrize("model", [ApplicationCreate, ApplicationPatch])
def test_one_certificate_per_kind(model):
    extra = {"cycle_id": "sco-2026"} if model is ApplicationCreate else {}
    twice = [{"kind": "HSK", "level": 4}, {"kind": "hsk", "level": 5}]
    with pytest.raises(ValidationError) as refused:
        model(language_certificates=twice, **extra)
    [error] = refused.value.errors()
    assert error["type"] == "certificate.kind_twice" and error["loc"] == ("language_certificates",)
    kept = model(language_certificates=[{"kind": "HSK", "level": 4}, {"kind": "IELTS", "level": 6.5}], **extra)
    assert [c.kind for c in kept.language_certificates] == ["HSK", "IELTS"]


@pytest.mark.parametrize(("kind", "level", "step"), [("HSK", 4.5, "1"), ("IELTS", 6.25, "0.5"), ("TORFL", 2.5, "1")])
def test_a_level_between_the_steps_of_its_scale_is_refused(kind, level, step):
    """HSK 4.5 met a minimum of 4 with a level that does not exist."""
    with pytest.raises(ValidationError) as refused:
        CertificateIn(kind=kind, level=level)
    [error] = refused.value.errors()
    assert error["type"] == "certificate.level_step" and error["ctx"] == {"kind": kind, "step": step}
    assert CertificateIn(kind="IELTS", level=6.5).level == 6.5 and CertificateIn(kind="HSK", level=4).level == 4
