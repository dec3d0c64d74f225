"""Property tests of the matching engine on random small instances (hypothesis)."""

from __future__ import annotations

import itertools
import random
import warnings
from contextlib import contextmanager

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import services.matching.domain.engine.run as engine_module  # the vectorised run reads _BLOCK
from services.matching.domain.engine import (
    MATCHED,
    UNMATCHED,
    WAITLISTED,
    Applicant,
    ApplicantPool,
    Cap,
    Programme,
    lottery_number,
    reference_matching,
    run_matching,
)

from .checker import Instance, covers, lottery
from .strategies import instances

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BLOCKS = st.sampled_from([1, 2, 3, 4096])  # small blocks exercise the block boundaries


@contextmanager
def block_size(size: int):
    old = engine_module._BLOCK
    engine_module._BLOCK = size
    try:
        yield
    finally:
        engine_module._BLOCK = old


def run(inst, block: int = 4096):
    applicants, programmes, caps, seed, fixed = inst
    with block_size(block):
        return run_matching(applicants, programmes, caps, seed, fixed)


@SETTINGS
@given(instances(), BLOCKS)
def test_no_seat_or_cap_exceeded_and_no_blocking_pair(inst, block):
    result = run(inst, block)
    applicants, programmes, caps, seed, fixed = inst
    assert Instance(applicants, programmes, caps, seed, fixed).problems(result.matches) == []


@SETTINGS
@given(instances(), BLOCKS)
def test_equals_the_plain_reference(inst, block):
    applicants, programmes, caps, seed, fixed = inst
    assert run(inst, block).matches == reference_matching(applicants, programmes, caps, seed, fixed)


@settings(max_examples=80, deadline=None)
@given(instances(max_applicants=5, max_programmes=3, max_choices=2))
def test_it_is_the_only_matching_without_blocking_pairs(inst):
    """Brute force: among all matchings extending the fixed ones, exactly one is feasible
    and free of priority-justified blocking pairs, and the engine returns it."""
    applicants, programmes, caps, seed, fixed = inst
    checker = Instance(applicants, programmes, caps, seed, fixed)
    movers = [a for a in applicants if a.id not in fixed]
    options = [[None, *checker.eligible_choices(a)] for a in movers]
    good = []
    for combo in itertools.product(*options):
        candidate = {a.id: pid for a, pid in zip(movers, combo, strict=False) if pid is not None}
        if not checker.problems(candidate):
            good.append(candidate)
    assert good == [run(inst).matches]


@settings(max_examples=150, deadline=None)
@given(instances(caps=False, fixed=False, zero_seats=False))
def test_without_caps_equals_the_matching_package(inst):
    from matching.games import HospitalResident

    applicants, programmes, _, seed, _ = inst
    checker = Instance(applicants, programmes, (), seed)
    resident_prefs = {a.id: checker.eligible_choices(a) for a in applicants}
    resident_prefs = {r: prefs for r, prefs in resident_prefs.items() if prefs}
    ranked = sorted(applicants, key=lambda a: checker.prio[a.id])
    hospital_prefs = {p.id: [a.id for a in ranked if p.id in resident_prefs.get(a.id, ())] for p in programmes}
    expected: dict[str, str] = {}
    if resident_prefs:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            game = HospitalResident.create_from_dictionaries(
                resident_prefs, hospital_prefs, {p.id: p.seats for p in programmes}
            )
            for hospital, residents in game.solve(optimal="resident").items():
                for resident in residents:
                    expected[resident.name] = hospital.name
    assert run(inst).matches == expected


@SETTINGS
@given(instances(), st.randoms(use_true_random=False))
def test_same_seed_same_result_whatever_the_input_order(inst, rnd):
    applicants, programmes, caps, seed, fixed = inst
    first = run_matching(applicants, programmes, caps, seed, fixed)
    shuffled = list(applicants)
    rnd.shuffle(shuffled)
    progs = list(programmes)
    rnd.shuffle(progs)
    caps2 = list(caps)
    rnd.shuffle(caps2)
    fixed2 = dict(reversed(list(fixed.items())))
    again = run_matching(shuffled, progs, caps2, seed, fixed2)
    pooled = run_matching(ApplicantPool.from_applicants(shuffled), progs, caps2, seed, fixed2)
    for other in (again, pooled):
        assert list(other.matches.items()) == list(first.matches.items())
        assert other.waitlist == first.waitlist
        assert dict(other.outcomes) == dict(first.outcomes)
        assert list(other.outcomes) == list(first.outcomes)
        assert other.statistics == first.statistics
        assert other.status == first.status
        assert other.priority == first.priority
        assert list(other.fixed.items()) == list(first.fixed.items())
        assert other.warnings == first.warnings


@SETTINGS
@given(instances(), BLOCKS)
def test_outcomes_waitlists_and_statistics(inst, block):
    applicants, programmes, caps, seed, fixed = inst
    result = run(inst, block)
    checker = Instance(applicants, programmes, caps, seed, fixed)
    progs = {p.id: p for p in programmes}
    assert result.waitlist == checker.expected_waitlist(result.matches)
    assert set(result.outcomes) == {a.id for a in applicants}
    assert set(result.fixed.items()) == set(fixed.items())
    for a in applicants:
        out = result.outcomes[a.id]
        assert out.applicant == a.id
        if a.id in fixed:
            assert (out.status, out.programme, out.fixed, out.reasons) == (MATCHED, fixed[a.id], True, ())
            assert a.id not in result.matches
            continue
        placed = result.matches.get(a.id)
        distinct = list(dict.fromkeys(a.choices))
        above = distinct[: distinct.index(placed)] if placed else distinct
        # one reason per distinct choice ranked above the placement, in order
        assert [r.programme for r in out.reasons] == above
        for reason in out.reasons:
            pid = reason.programme
            if pid not in progs:
                assert reason.kind == "unknown_programme"
            elif pid in a.ineligible:
                assert (reason.kind, reason.message) == ("ineligible", a.ineligible[pid])
            else:
                names = checker.blocking_constraints(a, pid, result.matches)
                seat = f"seats of {pid}" in names
                assert names, (a.id, pid)
                assert reason.kind == ("programme_full" if seat else "cap_full")
                cap_ids = {c.id for c in caps if c.label in names}
                assert set(reason.caps) == cap_ids
                for cid in reason.caps:
                    assert f"cap {cid} full" in reason.message
                holders = [checker.by_id[b] for b, q in result.matches.items() if q == pid]
                if seat and holders:
                    low = min(b.score for b in holders)
                    sign = "=" if low == a.score else ">"
                    assert f"programme full: lowest held score {low!r} {sign} yours {a.score!r}" in reason.message
                assert out.waitlist_positions[pid] == result.waitlist[pid].index(a.id) + 1
        listed = {r.programme for r in out.reasons if r.kind in ("programme_full", "cap_full")}
        assert set(out.waitlist_positions) == listed
        if placed:
            assert (out.status, out.programme, out.choice_rank) == (MATCHED, placed, a.choices.index(placed) + 1)
        else:
            assert out.status == (WAITLISTED if listed else UNMATCHED)
            assert out.programme is None
        assert result.status[a.id] == out.status

    stats = result.statistics
    held = dict(fixed) | result.matches
    for p in programmes:
        assert stats.programmes[p.id].used == sum(1 for q in held.values() if q == p.id)
        assert stats.programmes[p.id].limit == p.seats
    for cap in caps:
        used = sum(1 for b, q in held.items() if covers(cap, checker.by_id[b], progs[q]))
        assert (stats.caps[cap.id].used, stats.caps[cap.id].limit) == (used, cap.limit)
    assert stats.applicants == len(applicants)
    assert (stats.matched, stats.fixed) == (len(result.matches), len(fixed))
    assert stats.matched + stats.fixed + stats.waitlisted + stats.unmatched == len(applicants)
    assert sum(c.applicants for c in stats.countries.values()) == len(applicants)


@settings(max_examples=60, deadline=None)
@given(instances())
def test_progress_is_reported_up_to_one(inst):
    applicants, programmes, caps, seed, fixed = inst
    seen: list[float] = []
    with block_size(2):
        run_matching(applicants, programmes, caps, seed, fixed, progress=seen.append)
    assert seen and seen[-1] == 1.0
    assert seen == sorted(seen) and all(0 <= f <= 1 for f in seen)


@settings(max_examples=60, deadline=None)
@given(instances(), st.integers(0, 2**32))
def test_the_seed_only_breaks_ties(inst, other_seed):
    applicants, programmes, caps, seed, fixed = inst
    distinct = [Applicant(a.id, a.choices, 10.0 * i, a.attrs, a.ineligible) for i, a in enumerate(applicants)]
    one = run_matching(distinct, programmes, caps, seed, fixed)
    two = run_matching(distinct, programmes, caps, other_seed, fixed)
    assert one.matches == two.matches


def test_lottery_number_follows_its_specification():
    for seed, aid in [(0, "A1"), (42, "APP-0001"), (-7, "申请人"), (2**40, "x")]:
        assert lottery_number(seed, aid) == lottery(seed, aid)


def test_larger_random_instances_match_the_reference():
    """A few instances big enough to span many blocks of the fast path."""
    rng = random.Random(7)
    for trial in range(3):
        programmes = [
            Programme(
                f"P{j:02d}",
                rng.randint(0, 6),
                {"scheme": rng.choice(["SCO", "CPEC"]), "field": rng.choice(["med", "eng"])},
            )
            for j in range(25)
        ]
        applicants = [
            Applicant(
                f"A{i:03d}",
                tuple(rng.sample([p.id for p in programmes], rng.randint(0, 6))),
                rng.choice([55.0, 60.0, 65.0, 70.0, 80.0]),
                {"sending_country": rng.choice(["KZ", "UZ", "PK", "TJ"])},
            )
            for i in range(160)
        ]
        caps = [
            Cap(f"{c}-{s}", rng.randint(2, 15), f"country cap {c} on {s}", {"sending_country": {c}, "scheme": {s}})
            for c in ["KZ", "UZ", "PK"]
            for s in ["SCO", "CPEC"]
        ] + [Cap("med-PK", 5, "PK medicine cap", {"sending_country": {"PK"}, "field": {"med"}})]
        fixed = {applicants[0].id: programmes[0].id, applicants[1].id: programmes[1].id}
        expected = reference_matching(applicants, programmes, caps, trial, fixed)
        for block in (7, 4096):
            with block_size(block):
                result = run_matching(applicants, programmes, caps, trial, fixed)
            assert result.matches == expected
        assert Instance(applicants, programmes, caps, trial, fixed).problems(result.matches) == []
