"""Quota rules: validation on save and expansion into the engine's caps."""

from __future__ import annotations

import pytest

from services.matching.domain.engine import Applicant, ApplicantPool, Programme, run_matching
from services.matching.domain.quota import Catalog, Problem, QuotaRule, expand_caps, validate_rules


def prog(
    pid: str,
    seats: int,
    scheme: str = "SCO",
    institution: str = "XJMU",
    field: str = "medicine",
    kind: str = "student",
    cycle: str = "2026",
) -> Programme:
    return Programme(
        pid,
        seats,
        {
            "scheme": scheme,
            "cycle": cycle,
            "host_institution": institution,
            "host_country": "CN",
            "field": field,
            "level": "bachelor",
            "applicant_type": kind,
        },
    )


PROGRAMMES = [
    prog("SCO-XJMU-MED", 10),
    prog("SCO-LZU-ENG", 20, institution="LZU", field="engineering"),
    prog("CPEC-CAU-AGRI", 5, scheme="CPEC", institution="CAU", field="agriculture"),
    prog("CPEC-CAU-FAC", 2, scheme="CPEC", institution="CAU", field="agriculture", kind="faculty"),
]
CATALOG = Catalog(PROGRAMMES, sending_countries=frozenset({"KZ", "UZ", "TJ", "KG", "PK"}))


def problems(*rules: QuotaRule) -> list[tuple[str, str, str]]:
    return [(p.severity, p.field, p.message) for p in validate_rules(list(rules), CATALOG)]


def test_a_sound_rule_has_no_problems():
    assert (
        problems(QuotaRule("sco-kz", scheme="SCO", cycle="2026", scope={"sending_country": {"KZ"}}, max_count=12)) == []
    )
    assert (
        problems(
            QuotaRule(
                "share",
                per=("programme", "sending_country"),
                max_share_of_seats=0.4,
                scope={"applicant_type": {"student"}},
            )
        )
        == []
    )


def test_unknown_scope_values_are_errors_that_name_the_field():
    found = problems(
        QuotaRule("r", scheme="SCO", scope={"sending_country": {"XX"}, "host_institution": {"NOPE"}}, max_count=3)
    )
    assert ("error", "scope.sending_country", "unknown sending country 'XX' (known: KG, KZ, PK, TJ, UZ)") in found
    assert any(f == "scope.host_institution" and "unknown host institution 'NOPE'" in m for _, f, m in found)
    assert problems(QuotaRule("r", scheme="ERASMUS", max_count=3))[0][:2] == ("error", "scheme")
    assert problems(QuotaRule("r", scope={"gender": {"f"}}, max_count=3))[0][:2] == ("error", "scope.gender")
    assert problems(QuotaRule("r", per=("planet",), max_count=3))[0][:2] == ("error", "per")


def test_sending_countries_are_checked_for_form_when_the_catalog_lists_none():
    catalog = Catalog(PROGRAMMES)
    bad = validate_rules([QuotaRule("r", scope={"sending_country": {"Kazakhstan"}}, max_count=1)], catalog)
    assert [(p.severity, p.field) for p in bad] == [("error", "scope.sending_country")]
    assert "ISO 3166-1 alpha-2" in bad[0].message
    assert validate_rules([QuotaRule("r", scope={"sending_country": {"KZ"}}, max_count=1)], catalog) == []


@pytest.mark.parametrize(
    ("rule", "field", "text"),
    [
        (QuotaRule("r", max_count=-1), "max_count", "must not be negative"),
        (QuotaRule("r", max_share_of_seats=1.5), "max_share_of_seats", "between 0 and 1"),
        (QuotaRule("r", max_share_of_seats=-0.1), "max_share_of_seats", "between 0 and 1"),
        (QuotaRule("r", max_share_of_seats=float("nan")), "max_share_of_seats", "must be a number"),
        (QuotaRule("r"), "max_count", "exactly one of"),
        (QuotaRule("r", max_count=1, max_share_of_seats=0.5), "max_count", "exactly one of"),
        (QuotaRule("r", max_count=2.5), "max_count", "whole number"),  # type: ignore[arg-type]
        (QuotaRule("", max_count=1), "id", "needs an id"),
        (QuotaRule("r", scope={"sending_country": set()}, max_count=1), "scope.sending_country", "empty filter"),
        (QuotaRule("r", scheme="SCO", scope={"field": {"agriculture"}}, max_count=1), "scope", "covers no programme"),
    ],
)
def test_errors(rule, field, text):
    found = validate_rules([rule], CATALOG)
    assert any(p.severity == "error" and p.field == field and text in p.message for p in found), found


def test_a_cap_that_can_never_bind_is_a_warning():
    found = problems(QuotaRule("r", scheme="SCO", max_count=30))
    assert found == [("warning", "max_count", "never binds: limit 30 is not below the 30 seats in scope")]
    assert problems(QuotaRule("r", scheme="SCO", max_count=29)) == []
    per_programme = problems(QuotaRule("r", per=("programme",), max_count=20))
    assert per_programme == [
        ("warning", "max_count", "never binds: limit 20 is not below the seats of any programme in scope")
    ]
    assert problems(QuotaRule("r", max_share_of_seats=1.0))[0][0] == "warning"


def test_zero_caps_and_shares_that_round_down_to_zero_are_warnings():
    assert problems(QuotaRule("r", scheme="SCO", max_count=0)) == [
        ("warning", "max_count", "a cap of 0 keeps everyone in scope out")
    ]
    found = problems(QuotaRule("r", scheme="CPEC", per=("programme", "sending_country"), max_share_of_seats=0.4))
    assert found == [
        (
            "warning",
            "max_share_of_seats",
            "share 0.4 rounds down to 0 on 1 group(s) (e.g. CPEC-CAU-FAC): nobody in scope can be placed there",
        )
    ]


def test_duplicates_and_contradictions_are_warnings():
    a = QuotaRule("a", scheme="SCO", scope={"sending_country": {"KZ"}}, max_count=5)
    b = QuotaRule("b", scheme="SCO", scope={"sending_country": {"KZ"}}, max_count=5)
    c = QuotaRule("c", scheme="SCO", scope={"sending_country": {"KZ"}}, max_count=7)
    found = validate_rules([a, b, c], CATALOG)
    assert [(p.rule_id, p.severity, p.message) for p in found] == [
        ("b", "warning", "duplicates rule 'a' (same scope and limit)"),
        ("c", "warning", "contradicts rule 'a': same scope, different limit (max 5 vs max 7); the tighter one applies"),
    ]
    again = validate_rules([a, QuotaRule("a", scheme="CPEC", max_count=1)], CATALOG)
    assert [(p.severity, p.field, p.message) for p in again] == [("error", "id", "duplicate rule id 'a'")]


def test_errors_come_before_warnings_and_carry_the_rule_id():
    found = validate_rules([QuotaRule("w", scheme="SCO", max_count=0), QuotaRule("e", max_count=-3)], CATALOG)
    assert [(p.severity, p.rule_id) for p in found] == [("error", "e"), ("warning", "w")]
    assert isinstance(found[0], Problem)


def applicants() -> list[Applicant]:
    return [
        Applicant(f"{c}{i}", ("SCO-XJMU-MED",), 50.0, {"sending_country": c, "applicant_type": "student"})
        for c in ("KZ", "UZ", "PK")
        for i in range(2)
    ]


def test_per_country_rules_expand_to_one_cap_per_country_in_the_pool():
    rule = QuotaRule("sco-country", scheme="SCO", cycle="2026", per=("sending_country",), max_share_of_seats=0.25)
    caps = expand_caps([rule], PROGRAMMES, applicants())
    assert [(c.id, c.limit, c.label) for c in caps] == [
        ("sco-country[sending_country=KZ]", 7, "country cap KZ on SCO-2026"),
        ("sco-country[sending_country=PK]", 7, "country cap PK on SCO-2026"),
        ("sco-country[sending_country=UZ]", 7, "country cap UZ on SCO-2026"),
    ]
    assert dict(caps[0].scope) == {
        "scheme": frozenset({"SCO"}),
        "cycle": frozenset({"2026"}),
        "sending_country": frozenset({"KZ"}),
    }
    pool = ApplicantPool.from_applicants(applicants())
    assert expand_caps([rule], PROGRAMMES, pool) == caps


def test_a_country_filter_limits_the_per_country_expansion():
    rule = QuotaRule(
        "central-asia", per=("sending_country",), scope={"sending_country": {"KZ", "UZ", "TJ"}}, max_count=3
    )
    assert [c.id for c in expand_caps([rule], PROGRAMMES, applicants())] == [
        "central-asia[sending_country=KZ]",
        "central-asia[sending_country=UZ]",
    ]


def test_share_of_each_programme_per_country_is_floored():
    rule = QuotaRule("share", scheme="CPEC", per=("programme", "sending_country"), max_share_of_seats=0.4)
    caps = expand_caps([rule], PROGRAMMES, applicants())
    limits = {c.id: c.limit for c in caps}
    assert limits["share[programme=CPEC-CAU-AGRI,sending_country=PK]"] == 2  # floor(0.4 * 5)
    assert limits["share[programme=CPEC-CAU-FAC,sending_country=PK]"] == 0  # floor(0.4 * 2)
    assert len(caps) == 6


def test_labels_can_be_given_as_templates():
    rule = QuotaRule(
        "r",
        scheme="SCO",
        cycle="2026",
        per=("sending_country",),
        max_count=3,
        label="SCO {cycle}: at most 3 from {sending_country}",
    )
    assert [c.label for c in expand_caps([rule], PROGRAMMES, applicants())] == [
        "SCO 2026: at most 3 from KZ",
        "SCO 2026: at most 3 from PK",
        "SCO 2026: at most 3 from UZ",
    ]


def test_a_label_fills_only_dimensions_in_braces_and_never_reaches_into_objects():
    """A label had been filled by str.format: an attribute or a format spec in braces answered
    500, or made a label megabytes long. Only {dimension} is filled; the rest stays as typed,
    and the API refuses it before it is stored."""
    from services.matching.domain.quota import label_placeholders

    for label in ("{sending_country.__class__} cap", "{sending_country:>2000000}", "{sending_country!r} {0}"):
        rule = QuotaRule("r", scheme="SCO", per=("sending_country",), max_count=3, label=label)
        caps = expand_caps([rule], PROGRAMMES, applicants())
        assert [c.label for c in caps] == [label] * 3 and all(len(c.label) < 40 for c in caps)
        assert label_placeholders(label)
    assert label_placeholders("{programme}: at most 3 from {sending_country}") == []


def test_a_rule_covering_no_programme_expands_to_nothing_and_a_bad_limit_is_refused():
    assert expand_caps([QuotaRule("r", scheme="ERASMUS", max_count=1)], PROGRAMMES) == []
    with pytest.raises(ValueError, match="exactly one of"):
        expand_caps([QuotaRule("r")], PROGRAMMES)
    with pytest.raises(ValueError, match="non-negative"):
        expand_caps([QuotaRule("r", max_count=-2)], PROGRAMMES)


def test_expanded_caps_drive_the_engine():
    rule = QuotaRule("sco-country", scheme="SCO", per=("sending_country",), max_count=1)
    apps = [
        Applicant(f"{c}{i}", ("SCO-XJMU-MED", "SCO-LZU-ENG"), 90.0 - i, {"sending_country": c})
        for c in ("KZ", "UZ")
        for i in range(3)
    ]
    result = run_matching(apps, PROGRAMMES, expand_caps([rule], PROGRAMMES, apps), seed=1)
    assert result.matches == {"KZ0": "SCO-XJMU-MED", "UZ0": "SCO-XJMU-MED"}
    assert [r.message for r in result.outcomes["KZ1"].reasons] == [
        "country cap KZ on SCO full",
        "country cap KZ on SCO full",
    ]


def test_a_rule_for_a_whole_cycle_counts_each_programme_once():
    programmes = [Programme("no-scheme", 3, {"cycle": "2026"}), prog("SCO-X", 2), prog("OLD", 4, cycle="2025")]
    caps = expand_caps([QuotaRule("cycle-2026", cycle="2026", max_share_of_seats=0.5)], programmes)
    assert [(c.id, c.limit) for c in caps] == [("cycle-2026", 2)]  # floor(0.5 * (3 + 2))


def test_a_fixed_label_on_a_per_rule_names_each_caps_value():
    rule = QuotaRule("r", scheme="SCO", per=("sending_country",), max_count=3, label="SCO: at most 3 per country")
    assert [c.label for c in expand_caps([rule], PROGRAMMES, applicants())] == [
        "SCO: at most 3 per country (KZ)",
        "SCO: at most 3 per country (PK)",
        "SCO: at most 3 per country (UZ)",
    ]
