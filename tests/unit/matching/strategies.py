"""Hypothesis strategies: small random matching instances, with and without caps."""

from __future__ import annotations

from hypothesis import strategies as st

from services.matching.domain.engine import Applicant, Cap, Programme

COUNTRIES = ("KZ", "UZ", "PK")
SCHEMES = ("SCO", "CPEC")
INSTITUTIONS = ("XMU", "TUCM", "NUST")
FIELDS = ("medicine", "engineering")
SCORES = (50.0, 60.0, 60.0, 70.0, 75.5, 81.5)  # repeated values: ties for the lottery


@st.composite
def instances(
    draw,
    *,
    caps: bool = True,
    fixed: bool = True,
    max_applicants: int = 12,
    max_programmes: int = 5,
    max_choices: int = 4,
    odd_choices: bool = True,
    zero_seats: bool = True,
):
    m = draw(st.integers(1, max_programmes))
    programmes = [
        Programme(
            id=f"P{j}",
            seats=draw(st.sampled_from((0, 1, 2, 2, 3, 3) if zero_seats else (1, 2, 2, 3, 3))),
            attrs={
                "scheme": draw(st.sampled_from(SCHEMES)),
                "host_institution": draw(st.sampled_from(INSTITUTIONS)),
                "field": draw(st.sampled_from(FIELDS)),
                "applicant_type": draw(st.sampled_from(("student", "faculty"))),
            },
        )
        for j in range(m)
    ]
    pids = [p.id for p in programmes]
    n = draw(st.integers(0, max_applicants) | st.just(max_applicants))
    applicants = []
    for i in range(n):
        choices = draw(st.lists(st.sampled_from(pids), max_size=max_choices, unique=True))
        inel: list[str] = []
        if odd_choices and draw(st.integers(0, 3)) == 0:
            # now and then: an unknown programme, a repeated choice, an ineligible choice
            odd = draw(st.sampled_from(["unknown", "repeat", "ineligible"]))
            if odd == "unknown":
                choices.insert(draw(st.integers(0, len(choices))), "P-unknown")
            elif choices and odd == "repeat":
                choices.append(draw(st.sampled_from(choices)))
            elif choices:
                inel.append(draw(st.sampled_from(choices)))
        attrs = {"sending_country": draw(st.sampled_from(COUNTRIES))}
        if draw(st.booleans()):
            attrs["applicant_type"] = draw(st.sampled_from(("student", "faculty")))
        applicants.append(
            Applicant(
                id=f"A{i}",
                choices=tuple(choices),
                score=draw(st.sampled_from(SCORES)),
                attrs=attrs,
                ineligible={pid: f"rejected by officer: {pid} needs HSK 4" for pid in inel},
            )
        )
    cap_list = []
    if caps:
        for c in range(draw(st.integers(0, 3))):
            scope = {}
            if draw(st.booleans()):
                scope["sending_country"] = frozenset(
                    draw(st.lists(st.sampled_from(COUNTRIES), min_size=1, unique=True))
                )
            if draw(st.booleans()):
                scope["scheme"] = frozenset((draw(st.sampled_from(SCHEMES)),))
            if draw(st.integers(0, 3)) == 0:
                scope["host_institution"] = frozenset((draw(st.sampled_from(INSTITUTIONS)),))
            if draw(st.integers(0, 3)) == 0:
                scope["programme"] = frozenset(draw(st.lists(st.sampled_from(pids), min_size=1, unique=True)))
            if draw(st.integers(0, 3)) == 0:
                scope["applicant_type"] = frozenset((draw(st.sampled_from(("student", "faculty"))),))
            limit = draw(st.sampled_from((0, 1, 1, 2, 2, 3, 4)))
            cap_list.append(Cap(id=f"C{c}", limit=limit, label=f"cap C{c}", scope=scope))
    fixed_map: dict[str, str] = {}
    if fixed and applicants:
        for a in draw(st.lists(st.sampled_from(applicants), max_size=2, unique_by=lambda a: a.id)):
            fixed_map[a.id] = draw(st.sampled_from(pids))
    seed = draw(st.integers(0, 2**32))
    return applicants, programmes, cap_list, seed, fixed_map
