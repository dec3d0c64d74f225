"""The engine on readable examples from the real schemes."""

from __future__ import annotations

import pytest

from services.matching.domain.engine import (
    MATCHED,
    UNMATCHED,
    WAITLISTED,
    Applicant,
    ApplicantPool,
    Cap,
    Fill,
    Programme,
    run_matching,
)
from services.matching.domain.quota import QuotaRule, expand_caps

from .checker import Instance


def sco(pid: str, seats: int, institution: str, field: str) -> Programme:
    return Programme(
        pid,
        seats,
        {
            "scheme": "SCO",
            "cycle": "2026",
            "host_institution": institution,
            "host_country": "CN",
            "field": field,
            "level": "bachelor",
            "applicant_type": "student",
        },
    )


def student(aid: str, country: str, score: float, *choices: str, **ineligible: str) -> Applicant:
    return Applicant(
        aid,
        tuple(choices),
        score,
        {"sending_country": country, "applicant_type": "student"},
        {k.replace("_", "-"): v for k, v in ineligible.items()},
    )


def test_sco_scholarship_with_a_kazakhstan_cap():
    programmes = [sco("SCO-XJMU-MED", 3, "XJMU", "medicine"), sco("SCO-LZU-ENG", 2, "LZU", "engineering")]
    applicants = [
        student("aigerim", "KZ", 92.0, "SCO-XJMU-MED", "SCO-LZU-ENG"),
        student("nursultan", "KZ", 88.0, "SCO-XJMU-MED", "SCO-LZU-ENG"),
        student("dana", "KZ", 85.0, "SCO-XJMU-MED", "SCO-LZU-ENG"),
        student("bekzod", "UZ", 80.0, "SCO-XJMU-MED", "SCO-LZU-ENG"),
        student("farrukh", "TJ", 70.0, "SCO-XJMU-MED", "SCO-LZU-ENG"),
    ]
    rule = QuotaRule("sco-2026-kz", scheme="SCO", cycle="2026", scope={"sending_country": {"KZ"}}, max_count=2)
    caps = expand_caps([rule], programmes, applicants)
    assert [(c.id, c.limit, c.label) for c in caps] == [("sco-2026-kz", 2, "country cap KZ on SCO-2026")]

    result = run_matching(applicants, programmes, caps, seed=2026)

    assert result.matches == {
        "aigerim": "SCO-XJMU-MED",
        "nursultan": "SCO-XJMU-MED",
        "bekzod": "SCO-XJMU-MED",
        "farrukh": "SCO-LZU-ENG",
    }
    dana = result.outcomes["dana"]
    assert dana.status == WAITLISTED
    assert [(r.programme, r.kind, r.message) for r in dana.reasons] == [
        ("SCO-XJMU-MED", "cap_full", "country cap KZ on SCO-2026 full"),
        ("SCO-LZU-ENG", "cap_full", "country cap KZ on SCO-2026 full"),
    ]
    assert dict(dana.waitlist_positions) == {"SCO-XJMU-MED": 1, "SCO-LZU-ENG": 1}
    farrukh = result.outcomes["farrukh"]
    assert (farrukh.status, farrukh.choice_rank) == (MATCHED, 2)
    assert [r.message for r in farrukh.reasons] == ["programme full: lowest held score 80.0 > yours 70.0"]
    assert result.waitlist == {"SCO-LZU-ENG": ["dana"], "SCO-XJMU-MED": ["dana", "farrukh"]}
    stats = result.statistics
    assert stats.caps == {"sco-2026-kz": Fill(2, 2)}
    assert stats.programmes == {"SCO-LZU-ENG": Fill(1, 2), "SCO-XJMU-MED": Fill(3, 3)}
    assert (stats.countries["KZ"].applicants, stats.countries["KZ"].matched, stats.countries["KZ"].waitlisted) == (
        3,
        2,
        1,
    )


def test_cpec_programme_gives_at_most_40_percent_of_its_seats_to_one_country():
    programme = Programme(
        "CPEC-CAU-AGRI",
        5,
        {"scheme": "CPEC", "cycle": "2026", "host_institution": "CAU", "field": "agriculture", "level": "master"},
    )
    applicants = [student(f"pk{i}", "PK", 90.0 - i, "CPEC-CAU-AGRI") for i in range(4)] + [
        student("kz1", "KZ", 75.0, "CPEC-CAU-AGRI"),
        student("kz2", "KZ", 74.0, "CPEC-CAU-AGRI"),
        student("uz1", "UZ", 60.0, "CPEC-CAU-AGRI"),
    ]
    rule = QuotaRule(
        "cpec-share", scheme="CPEC", cycle="2026", per=("programme", "sending_country"), max_share_of_seats=0.4
    )
    caps = expand_caps([rule], [programme], applicants)
    assert {c.id: c.limit for c in caps} == {
        "cpec-share[programme=CPEC-CAU-AGRI,sending_country=KZ]": 2,
        "cpec-share[programme=CPEC-CAU-AGRI,sending_country=PK]": 2,
        "cpec-share[programme=CPEC-CAU-AGRI,sending_country=UZ]": 2,
    }
    result = run_matching(applicants, [programme], caps, seed=1)
    assert sorted(result.matches) == ["kz1", "kz2", "pk0", "pk1", "uz1"]
    pk2 = result.outcomes["pk2"]
    assert pk2.status == WAITLISTED
    assert [r.message for r in pk2.reasons] == ["country cap PK on CPEC-CAU-AGRI (CPEC-2026) full"]
    assert result.waitlist["CPEC-CAU-AGRI"] == ["pk2", "pk3"]


def test_luban_workshop_takes_at_most_one_faculty_member_per_host_institution():
    def luban(pid: str, seats: int, kind: str, field: str) -> Programme:
        return Programme(
            pid,
            seats,
            {
                "scheme": "LUBAN",
                "cycle": "2026",
                "host_institution": "TUCM",
                "host_country": "CN",
                "field": field,
                "level": "non-degree",
                "applicant_type": kind,
            },
        )

    programmes = [
        luban("LUBAN-TUCM-THERMAL-FAC", 2, "faculty", "urban thermal energy application technology"),
        luban("LUBAN-TUCM-SURVEY-FAC", 2, "faculty", "engineering measurement technology"),
        luban("LUBAN-TUCM-THERMAL-STU", 2, "student", "urban thermal energy application technology"),
    ]

    def teacher(aid: str, score: float, *choices: str) -> Applicant:
        return Applicant(aid, choices, score, {"sending_country": "TJ", "applicant_type": "faculty"})

    applicants = [
        teacher("rustam", 90.0, "LUBAN-TUCM-THERMAL-FAC", "LUBAN-TUCM-SURVEY-FAC"),
        teacher("zarina", 85.0, "LUBAN-TUCM-SURVEY-FAC"),
        teacher("sino", 80.0, "LUBAN-TUCM-THERMAL-FAC"),
        student("firuz", "TJ", 70.0, "LUBAN-TUCM-THERMAL-STU"),
        student("malika", "TJ", 65.0, "LUBAN-TUCM-THERMAL-STU"),
    ]
    rule = QuotaRule(
        "luban-faculty",
        scheme="LUBAN",
        cycle="2026",
        scope={"applicant_type": {"faculty"}},
        per=("host_institution",),
        max_count=1,
    )
    caps = expand_caps([rule], programmes, applicants)
    assert [(c.label, c.limit) for c in caps] == [("faculty cap on TUCM (LUBAN-2026)", 1)]

    result = run_matching(applicants, programmes, caps, seed=7)
    assert result.matches == {
        "rustam": "LUBAN-TUCM-THERMAL-FAC",
        "firuz": "LUBAN-TUCM-THERMAL-STU",
        "malika": "LUBAN-TUCM-THERMAL-STU",
    }
    for name in ("zarina", "sino"):
        out = result.outcomes[name]
        assert out.status == WAITLISTED
        assert {r.message for r in out.reasons} == {"faculty cap on TUCM (LUBAN-2026) full"}


def test_ineligible_choices_are_skipped_with_the_callers_reason():
    programmes = [sco("SCO-XJMU-MED", 1, "XJMU", "medicine"), sco("SCO-LZU-ENG", 1, "LZU", "engineering")]
    applicants = [
        student("aliya", "KZ", 95.0, "SCO-XJMU-MED", "SCO-LZU-ENG", SCO_XJMU_MED="ineligible: HSK 3 below required 4"),
        student("timur", "UZ", 78.0, "SCO-LZU-ENG", "SCO-XJMU-MED", "SCO-NOT-OFFERED"),
    ]
    result = run_matching(applicants, programmes, seed=3)
    assert result.matches == {"aliya": "SCO-LZU-ENG", "timur": "SCO-XJMU-MED"}
    assert [(r.kind, r.message) for r in result.outcomes["aliya"].reasons] == [
        ("ineligible", "ineligible: HSK 3 below required 4")
    ]
    assert result.waitlist["SCO-XJMU-MED"] == []  # aliya is not eligible there
    assert [(r.kind, r.message) for r in result.outcomes["timur"].reasons] == [
        ("programme_full", "programme full: lowest held score 95.0 > yours 78.0")
    ]


def test_score_ties_are_broken_by_the_seeded_lottery_only():
    programmes = [sco("SCO-XJMU-MED", 1, "XJMU", "medicine")]
    applicants = [student(f"a{i}", "KZ", 80.0, "SCO-XJMU-MED") for i in range(6)]
    winners = {seed: run_matching(applicants, programmes, seed=seed).matches for seed in range(30)}
    assert all(len(m) == 1 for m in winners.values())
    assert len({tuple(m) for m in winners.values()}) > 1  # different seeds, different winners
    assert run_matching(applicants, programmes, seed=11).matches == winners[11]
    loser = next(a.id for a in applicants if a.id not in winners[11])
    assert run_matching(applicants, programmes, seed=11).outcomes[loser].reasons[0].message == (
        "programme full: lowest held score 80.0 = yours 80.0 (tie broken by lottery)"
    )


def test_a_later_round_keeps_approved_matches_and_fills_freed_seats_from_the_waitlist():
    programmes = [sco("SCO-XJMU-MED", 2, "XJMU", "medicine")]
    applicants = [
        student(name, "UZ", score, "SCO-XJMU-MED")
        for name, score in [("a", 90.0), ("b", 85.0), ("c", 80.0), ("d", 75.0)]
    ]
    first = run_matching(applicants, programmes, seed=5)
    assert first.matches == {"a": "SCO-XJMU-MED", "b": "SCO-XJMU-MED"}
    assert first.waitlist["SCO-XJMU-MED"] == ["c", "d"]

    # a accepted the offer, b declined (and leaves the pool): round 2
    pool = [x for x in applicants if x.id != "b"]
    second = run_matching(pool, programmes, seed=5, fixed={"a": "SCO-XJMU-MED"})
    assert second.matches == {"c": "SCO-XJMU-MED"}
    assert second.fixed == {"a": "SCO-XJMU-MED"}
    assert second.outcomes["a"].fixed and second.outcomes["a"].status == MATCHED
    assert second.outcomes["d"].waitlist_positions["SCO-XJMU-MED"] == 1
    assert second.statistics.programmes["SCO-XJMU-MED"] == Fill(2, 2)


def test_fixed_matches_over_a_lowered_cap_stay_and_nothing_new_is_added_under_it():
    programmes = [sco("SCO-XJMU-MED", 5, "XJMU", "medicine")]
    applicants = [student(n, "KZ", s, "SCO-XJMU-MED") for n, s in [("a", 70.0), ("b", 60.0), ("c", 99.0)]]
    cap = Cap("kz", 1, "country cap KZ on SCO-2026", {"sending_country": {"KZ"}})
    result = run_matching(applicants, programmes, [cap], seed=1, fixed={"a": "SCO-XJMU-MED", "b": "SCO-XJMU-MED"})
    assert result.matches == {}
    assert result.statistics.caps["kz"] == Fill(2, 1)
    assert result.warnings == [
        "country cap KZ on SCO-2026: fixed matches exceed the limit (2 > 1); nothing new is added under it"
    ]
    assert result.outcomes["c"].reasons[0].message == "country cap KZ on SCO-2026 full"


def test_proposal_order_would_matter_for_literal_deferred_acceptance_but_not_here():
    """The example of the module docstring: cap "KZ at institution I" (r1, r2) limit 1;
    priorities y > x > z. Literal DA with proposals in the order x, z, y wastes r2."""
    programmes = [
        Programme("r1", 1, {"host_institution": "I"}),
        Programme("r2", 1, {"host_institution": "I"}),
        Programme("s", 1, {"host_institution": "J"}),
    ]
    applicants = [
        Applicant("y", ("r1",), 90.0, {"sending_country": "PK"}),
        Applicant("x", ("r1", "s"), 80.0, {"sending_country": "KZ"}),
        Applicant("z", ("r2",), 70.0, {"sending_country": "KZ"}),
    ]
    cap = Cap("kz-i", 1, "country cap KZ at I", {"sending_country": {"KZ"}, "host_institution": {"I"}})

    def literal_da(order: list[str]) -> dict[str, str]:
        by_id = {a.id: a for a in applicants}
        progs = {p.id: p for p in programmes}
        held: dict[str, str] = {}
        nxt = {a.id: 0 for a in applicants}
        queue = list(order)
        while queue:
            aid = queue.pop(0)
            a = by_id[aid]
            if nxt[aid] >= len(a.choices):
                continue
            pid = a.choices[nxt[aid]]
            nxt[aid] += 1
            held[aid] = pid
            for members, limit in [
                ([b for b, q in held.items() if q == pid], progs[pid].seats),
                ([b for b, q in held.items() if cap.covers(by_id[b], progs[q])], cap.limit)
                if cap.covers(a, progs[pid])
                else ([], 1),
            ]:
                if len(members) > limit:
                    worst = min(members, key=lambda b: by_id[b].score)
                    del held[worst]
                    queue.append(worst)
                    break
        return held

    assert literal_da(["x", "z", "y"]) == {"y": "r1", "x": "s"}  # z out, r2 empty, cap unused
    result = run_matching(applicants, programmes, [cap], seed=0)
    assert result.matches == {"y": "r1", "x": "s", "z": "r2"}
    assert literal_da(["y", "x", "z"]) == result.matches  # priority order: the same
    assert Instance(applicants, programmes, [cap]).problems(literal_da(["x", "z", "y"])) == [
        "blocking pair (z, r2); z holds None"
    ]


def test_the_pool_form_gives_the_same_result_as_applicant_objects():
    programmes = [sco("SCO-XJMU-MED", 1, "XJMU", "medicine"), sco("SCO-LZU-ENG", 1, "LZU", "engineering")]
    pool = ApplicantPool(
        ids=["a", "b", "c"],
        choices=[["SCO-XJMU-MED"], ["SCO-XJMU-MED", "SCO-LZU-ENG"], ["SCO-LZU-ENG"]],
        scores=[70.0, 80.0, 75.0],
        attrs={"sending_country": ["KZ", "UZ", "KZ"]},
        ineligible={"c": {"SCO-LZU-ENG": "ineligible: IELTS 5.5 below required 6.0"}},
    )
    by_pool = run_matching(pool, programmes, seed=9)
    by_objects = run_matching(pool.applicants(), programmes, seed=9)
    assert by_pool.matches == by_objects.matches == {"b": "SCO-XJMU-MED"}
    assert dict(by_pool.outcomes) == dict(by_objects.outcomes)
    assert by_pool.outcomes["c"].status == UNMATCHED


@pytest.mark.parametrize(
    ("applicants", "programmes", "caps", "fixed", "message"),
    [
        ([student("a", "KZ", 1.0), student("a", "UZ", 2.0)], [], [], {}, "duplicate applicant id 'a'"),
        ([], [sco("P", 1, "I", "f"), sco("P", 2, "I", "f")], [], {}, "duplicate programme id 'P'"),
        ([], [sco("P", -1, "I", "f")], [], {}, "seats must be a non-negative integer"),
        ([], [], [Cap("c", -1, "c", {})], {}, "limit must be a non-negative integer"),
        ([], [], [Cap("c", 1, "c", {}), Cap("c", 2, "c", {})], {}, "duplicate cap id 'c'"),
        ([student("a", "KZ", float("nan"))], [], [], {}, "score must be a finite number"),
        ([], [sco("P", 1, "I", "f")], [], {"ghost": "P"}, "fixed assignment for unknown applicant 'ghost'"),
        ([student("a", "KZ", 1.0)], [], [], {"a": "P"}, "fixed assignment of 'a' to unknown programme 'P'"),
    ],
)
def test_inconsistent_input_is_refused_with_a_clear_message(applicants, programmes, caps, fixed, message):
    with pytest.raises(ValueError, match=message):
        run_matching(applicants, programmes, caps, seed=1, fixed=fixed)


def test_the_seed_must_be_an_integer():
    with pytest.raises(ValueError, match="seed must be an integer"):
        run_matching([], [], seed="42")  # type: ignore[arg-type]


def test_an_empty_round():
    result = run_matching([], [sco("P", 1, "I", "f")], seed=1)
    assert (result.matches, result.waitlist, dict(result.outcomes)) == ({}, {"P": []}, {})
    assert result.statistics.programmes == {"P": Fill(0, 1)}


def test_a_lottery_collision_falls_back_to_the_applicant_id(monkeypatch):
    import numpy as np

    import services.matching.domain.engine.run as engine_module

    monkeypatch.setattr(engine_module, "_lotteries", lambda seed, ids: np.zeros(len(ids), dtype=np.uint64))
    programmes = [sco("SCO-XJMU-MED", 1, "XJMU", "medicine")]
    applicants = [student(aid, "KZ", score, "SCO-XJMU-MED") for aid, score in [("b", 80.0), ("a", 80.0), ("c", 90.0)]]
    result = run_matching(applicants, programmes, seed=1)
    assert result.priority == ["c", "a", "b"]
    assert result.matches == {"c": "SCO-XJMU-MED"}


def test_cap_scopes_read_each_key_from_its_side():
    from services.matching.domain.engine import scope_value

    p = Programme("P", 5, {"host_institution": "XJMU", "applicant_type": "faculty", "level": "faculty visit"})
    typed = Applicant("a", ("P",), 1.0, {"sending_country": "UZ", "applicant_type": "student", "track": "3+2"})
    untyped = Applicant("b", ("P",), 1.0, {"sending_country": "UZ"})
    assert scope_value("sending_country", typed, p) == "UZ"
    assert scope_value("applicant_type", typed, p) == "student"
    assert scope_value("applicant_type", untyped, p) == "faculty"  # falls back to the programme
    assert scope_value("programme.applicant_type", typed, p) == "faculty"
    assert scope_value("applicant.track", typed, p) == "3+2"
    assert scope_value("programme", typed, p) == "P"
    assert scope_value("level", typed, p) == "faculty visit"
    assert Cap("c", 1, "c", {"sending_country": "UZ"}).scope["sending_country"] == frozenset({"UZ"})

    teachers = [Applicant(f"t{i}", ("P",), 90.0 - i, {"sending_country": "UZ", "track": "3+2"}) for i in range(3)]
    cap = Cap("track", 1, "3+2 track cap", {"applicant.track": {"3+2"}, "applicant_type": {"faculty"}})
    result = run_matching(teachers, [p], [cap], seed=1)
    assert result.matches == {"t0": "P"}
    assert result.outcomes["t1"].reasons[0].message == "3+2 track cap full"


def test_a_pool_refuses_reasons_for_unknown_applicants_and_bad_columns():
    with pytest.raises(ValueError, match="unknown applicant 'ghost'"):
        run_matching(ApplicantPool(["a"], [["P"]], [1.0], ineligible={"ghost": {"P": "x"}}), [], seed=1)
    with pytest.raises(ValueError, match="same length"):
        ApplicantPool(["a", "b"], [["P"]], [1.0, 2.0])
    with pytest.raises(ValueError, match="wrong length"):
        ApplicantPool(["a"], [["P"]], [1.0], attrs={"sending_country": []})
