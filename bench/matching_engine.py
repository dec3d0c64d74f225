"""Benchmark of the matching engine (issue 4): one command.

    python bench/matching_engine.py            # full: 20k vs the `matching` package, then 270k with caps
    python bench/matching_engine.py --quick    # the same at a tenth of the size (a minute or so)

(1) 20,000 applicants x 1,000 programmes x 10 choices, no caps: the engine against the
    `matching` package (1.4.3, HospitalResident.create_from_dictionaries + solve(optimal=
    "resident")) in the same run; the outputs must be identical; the ratio is printed.
    The engine's time counts building its input from the plain preference data (dicts and
    lists of ids), the lottery, the priority order, the matching and the matches dict; the
    package's time counts create_from_dictionaries plus solve (its hospital preference
    lists, which need our priority order, are built beforehand and reported apart).
(2) 270,000 applicants x 3,400 programmes x 10 choices in 10 schemes with a cap per
    sending country per scheme (80 caps from 80 quota rules): the engine only, timed the
    same way (quota-rule expansion included), with peak memory (tracemalloc, in a separate
    untimed run) and the process's maximum resident set size.

Instances are synthetic and seeded: popularity skew across programmes (log-normal),
10 schemes of unequal size, sending countries KZ UZ TJ KG PK CN TM RU with weights, scores
rounded to 0.1 (so ties are common and the lottery matters), ~2% ineligible choices.
Results are written to bench/results/matching_engine.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import platform
import resource
import statistics
import sys
import threading
import time
import tracemalloc
import warnings
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from services.matching.domain.engine import ApplicantPool, Programme, run_matching
from services.matching.domain.quota import QuotaRule, expand_caps

SCHEMES = [
    "SCO",
    "CSC-CPEC",
    "PK-KZ-MED",
    "LUBAN",
    "CN-KZ-VOC",
    "CP-DTVET",
    "XJMU-3+2",
    "CN-UZ-ENG",
    "CA-AGRI",
    "SILK-DOC",
]
SCHEME_WEIGHT = np.array([1.6, 2.0, 0.6, 0.9, 0.8, 1.2, 0.5, 0.8, 0.7, 0.9])
COUNTRIES = ["KZ", "UZ", "TJ", "KG", "PK", "CN", "TM", "RU"]
COUNTRY_WEIGHT = np.array([0.18, 0.20, 0.10, 0.10, 0.27, 0.05, 0.05, 0.05])
# per scheme: at most this share of the scheme's seats to one sending country
# (a little below the countries' natural shares for KZ, UZ and PK: those caps bind)
CAP_SHARE = {"KZ": 0.15, "UZ": 0.18, "TJ": 0.12, "KG": 0.12, "PK": 0.22, "CN": 0.06, "TM": 0.06, "RU": 0.06}
FIELDS = ["medicine", "engineering", "agriculture", "vocational", "economics", "chinese medicine"]
INELIGIBLE = "ineligible: HSK 3 below required 4"


@dataclass
class Plain:
    """What the service would load: plain ids, lists and dicts, as rows come from a query."""

    programmes: list[dict]  # {"id", "seats", "scheme", "host_institution", "field"}
    applicants: list[tuple[str, list[str], float, str]]  # (id, ranked programme ids, score, sending country)
    ineligible: dict[str, dict[str, str]]  # applicant id -> {programme id: reason}


def make_instance(n: int, m: int, k: int, seed: int, seat_ratio: float = 0.45) -> Plain:
    rng = np.random.default_rng(seed)
    scheme_of = rng.choice(len(SCHEMES), size=m, p=SCHEME_WEIGHT / SCHEME_WEIGHT.sum())
    seats = np.maximum(1, np.round(rng.lognormal(np.log(n * seat_ratio / m), 0.7, m))).astype(int)
    popularity = rng.lognormal(0.0, 1.1, m)  # skew: a few programmes draw most choices
    pids = [f"{SCHEMES[s]}-2026-{j:05d}" for j, s in enumerate(scheme_of.tolist())]
    programmes = [
        {
            "id": pids[j],
            "seats": int(seats[j]),
            "scheme": SCHEMES[s],
            "host_institution": f"INST-{j % 400:03d}",
            "field": FIELDS[j % len(FIELDS)],
        }
        for j, s in enumerate(scheme_of.tolist())
    ]
    scheme_seats = np.bincount(scheme_of, weights=seats, minlength=len(SCHEMES))
    demand = scheme_seats * rng.uniform(0.7, 1.4, len(SCHEMES))  # uneven pressure per scheme
    app_scheme = rng.choice(len(SCHEMES), size=n, p=demand / demand.sum())
    choices = np.empty((n, k), dtype=np.int64)
    for s in range(len(SCHEMES)):
        rows = np.flatnonzero(app_scheme == s)
        progs = np.flatnonzero(scheme_of == s)
        kk = min(k, len(progs))
        for lo in range(0, len(rows), 20000):  # Gumbel top-k: k draws without replacement by popularity
            part = rows[lo : lo + 20000]
            g = rng.gumbel(size=(len(part), len(progs))) + np.log(popularity[progs])
            top = np.argpartition(-g, kk - 1, axis=1)[:, :kk]
            order = np.argsort(-np.take_along_axis(g, top, 1), axis=1)
            choices[part, :kk] = progs[np.take_along_axis(top, order, 1)]
            choices[part, kk:] = -1
    country = rng.choice(len(COUNTRIES), size=n, p=COUNTRY_WEIGHT)
    scores = np.clip(np.round(rng.normal(70.0, 12.0, n), 1), 0.0, 100.0)
    inel_mask = rng.random((n, k)) < 0.02
    aids = [f"APP-{i:07d}" for i in range(n)]
    table = zip(aids, choices.tolist(), scores.tolist(), country.tolist(), strict=True)
    applicants = [(aid, [pids[j] for j in picks if j >= 0], score, COUNTRIES[c]) for aid, picks, score, c in table]
    ineligible: dict[str, dict[str, str]] = {}
    for i, j in zip(*np.nonzero(inel_mask & (choices >= 0)), strict=True):
        ineligible.setdefault(aids[i], {})[pids[choices[i, j]]] = INELIGIBLE
    return Plain(programmes=programmes, applicants=applicants, ineligible=ineligible)


def country_rules() -> list[QuotaRule]:
    return [
        QuotaRule(
            f"{scheme}-2026-{c}",
            scheme=scheme,
            cycle="2026",
            scope={"sending_country": frozenset({c})},
            max_share_of_seats=share,
        )
        for scheme in SCHEMES
        for c, share in CAP_SHARE.items()
    ]


def engine_round(plain: Plain, rules: list[QuotaRule], seed: int):
    """Everything from the plain data to the round's result (the timed unit)."""
    rows = plain.applicants
    ids, choices, scores, countries = (list(map(itemgetter(i), rows)) for i in range(4))
    pool = ApplicantPool(
        ids=ids, choices=choices, scores=scores, attrs={"sending_country": countries}, ineligible=plain.ineligible
    )
    programmes = [
        Programme(
            p["id"],
            p["seats"],
            {"scheme": p["scheme"], "cycle": "2026", "host_institution": p["host_institution"], "field": p["field"]},
        )
        for p in plain.programmes
    ]
    caps = expand_caps(rules, programmes, pool) if rules else []
    return run_matching(pool, programmes, caps, seed)


def timed(fn, repeat: int) -> tuple[list[float], list[float], Any]:
    """Wall-clock and CPU times of ``repeat`` calls, and the last result."""
    times, cpu, out = [], [], None
    for _ in range(repeat):
        out = None
        gc.collect()
        c0, t0 = time.process_time(), time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return times, cpu, out


def run_oracle(plain: Plain, priority: list[str]) -> tuple[dict[str, str], float, float]:
    """The `matching` package's resident-optimal matching; (matches, prefs time, package time)."""
    from matching.games import HospitalResident

    t0 = time.perf_counter()
    resident_prefs = {}
    for aid, choices, _, _ in plain.applicants:
        bad = plain.ineligible.get(aid, {})
        prefs = [p for p in dict.fromkeys(choices) if p not in bad]
        if prefs:
            resident_prefs[aid] = prefs
    hospital_prefs: dict[str, list[str]] = {p["id"]: [] for p in plain.programmes}
    for aid in priority:
        for pid in resident_prefs.get(aid, ()):
            hospital_prefs[pid].append(aid)
    capacities = {p["id"]: p["seats"] for p in plain.programmes}
    t_prefs = time.perf_counter() - t0

    box: dict = {}

    def work():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            t1 = time.perf_counter()
            game = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, capacities)
            solved = game.solve(optimal="resident")
            box["time"] = time.perf_counter() - t1
        box["matches"] = {r.name: h.name for h, rs in solved.items() for r in rs}

    sys.setrecursionlimit(1_000_000)
    threading.stack_size(512 * 1024 * 1024)  # deep copies of the player graph recurse deeply
    t = threading.Thread(target=work)
    t.start()
    t.join()
    threading.stack_size(0)
    if "matches" not in box:
        raise RuntimeError("the matching package failed")
    return box["matches"], t_prefs, box["time"]


def check_feasible(plain: Plain, result, rules) -> None:
    seats = {p["id"]: p["seats"] for p in plain.programmes}
    scheme = {p["id"]: p["scheme"] for p in plain.programmes}
    filled: dict[str, int] = {}
    per_cap: dict[tuple[str, str], int] = {}
    prefs = {aid: choices for aid, choices, _, _ in plain.applicants}
    country = {aid: c for aid, _, _, c in plain.applicants}
    for aid, pid in result.matches.items():
        assert pid in prefs[aid] and pid not in plain.ineligible.get(aid, {})
        filled[pid] = filled.get(pid, 0) + 1
        key = (scheme[pid], country[aid])
        per_cap[key] = per_cap.get(key, 0) + 1
    assert all(filled[p] <= seats[p] for p in filled), "a programme exceeds its seats"
    scheme_seats: dict[str, int] = {}
    for p in plain.programmes:
        scheme_seats[p["scheme"]] = scheme_seats.get(p["scheme"], 0) + p["seats"]
    for rule in rules:
        (c,) = rule.scope["sending_country"]
        limit = int(rule.max_share_of_seats * scheme_seats.get(rule.scheme, 0) + 1e-9)
        assert per_cap.get((rule.scheme, c), 0) <= limit, f"cap {rule.id} exceeded"


def fmt_s(x: float) -> str:
    return f"{x * 1000:.0f} ms" if x < 1 else f"{x:.2f} s"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="a tenth of the sizes (for a smoke run)")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "matching_engine.md"))
    args = ap.parse_args()
    scale = 10 if args.quick else 1
    small = (20_000 // scale, 1_000 // scale, 10)
    large = (270_000 // scale, 3_400 // scale, 10)
    seed = 2026
    lines: list[str] = []
    load_start = os.getloadavg()

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    say(f"# Matching engine benchmark{' (--quick)' if args.quick else ''}")
    say()
    say(f"- date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}")
    say(f"- machine: {os.cpu_count()} cores, {platform.machine()}, {platform.system()} {platform.release()}")
    say(f"- python {platform.python_version()}, numpy {np.__version__}")
    say(f"- load average at start (1/5/15 min): {load_start[0]:.2f} / {load_start[1]:.2f} / {load_start[2]:.2f}")
    say("- command: `python bench/matching_engine.py" + (" --quick`" if args.quick else "`"))
    say()

    # ------------------------------------------------------------------ (1) vs matching
    n, m, k = small
    say(f"## 1. No caps: {n:,} applicants x {m:,} programmes x {k} choices, engine vs `matching` 1.4.3")
    say()
    t0 = time.perf_counter()
    plain = make_instance(n, m, k, seed=1)
    say(
        f"instance generated in {time.perf_counter() - t0:.1f} s (not timed); "
        f"{sum(p['seats'] for p in plain.programmes):,} seats"
    )
    times, cpu, result = timed(lambda: engine_round(plain, [], seed), repeat=7)
    eng = statistics.median(times)
    oracle, t_prefs, t_oracle = run_oracle(plain, result.priority)
    identical = oracle == result.matches
    say()
    say("| | time |")
    say("|---|---|")
    say(
        f"| engine, plain data -> matches (median of {len(times)}; best {fmt_s(min(times))}; "
        f"CPU {fmt_s(statistics.median(cpu))}) | {fmt_s(eng)} |"
    )
    say(f"| `matching`: create_from_dictionaries + solve | {fmt_s(t_oracle)} |")
    say(f"| (its hospital preference lists, built beforehand, not counted) | {fmt_s(t_prefs)} |")
    say()
    say(f"- matched: {len(result.matches):,}; outputs identical: **{identical}**")
    say(f"- speed-up: **{t_oracle / eng:,.0f}x** (median), {t_oracle / min(times):,.0f}x (best)")
    assert identical, "the engine and the matching package disagree"
    say()
    del oracle, plain, result
    gc.collect()

    # -------------------------------------------------------------- (2) large with caps
    n, m, k = large
    rules = country_rules()
    say(
        f"## 2. Country caps: {n:,} applicants x {m:,} programmes x {k} choices, "
        f"{len(SCHEMES)} schemes, {len(rules)} caps"
    )
    say()
    t0 = time.perf_counter()
    plain = make_instance(n, m, k, seed=2)
    say(
        f"instance generated in {time.perf_counter() - t0:.1f} s (not timed); "
        f"{sum(p['seats'] for p in plain.programmes):,} seats, "
        f"{sum(len(v) for v in plain.ineligible.values()):,} ineligible choices"
    )
    times, cpu, result = timed(lambda: engine_round(plain, rules, seed), repeat=7)
    check_feasible(plain, result, rules)
    nocap_times, _, nocap = timed(lambda: engine_round(plain, [], seed), repeat=3)
    del nocap
    st = result.statistics
    binding = sum(1 for f in st.caps.values() if f.used >= f.limit)

    t1 = time.perf_counter()
    wl = result.waitlist
    t_wl = time.perf_counter() - t1
    t1 = time.perf_counter()
    outcomes = [result.outcomes[a[0]] for a in plain.applicants]
    t_out = time.perf_counter() - t1
    n_reasons = sum(len(o.reasons) for o in outcomes)
    del outcomes, wl
    gc.collect()

    tracemalloc.start()
    engine_round(plain, rules, seed)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    say()
    say("| | time |")
    say("|---|---|")
    say(
        f"| engine with caps, plain data -> matches (median of {len(times)}; best {fmt_s(min(times))}; "
        f"CPU {fmt_s(statistics.median(cpu))}) | **{fmt_s(statistics.median(times))}** |"
    )
    say(f"| same instance without caps (median of {len(nocap_times)}) | {fmt_s(statistics.median(nocap_times))} |")
    say(
        f"| then, on demand: all waitlists ({sum(len(v) for v in result.waitlist.values()):,} entries) "
        f"| {fmt_s(t_wl)} |"
    )
    say(f"| then, on demand: all {n:,} outcomes with {n_reasons:,} reasons | {fmt_s(t_out)} |")
    say()
    say(
        f"- matched {len(result.matches):,} of {n:,}; waitlisted {st.waitlisted:,}; unmatched {st.unmatched:,}; "
        f"caps full: {binding} of {len(st.caps)}; no seat or cap exceeded (checked)"
    )
    say(f"- peak memory of one run (tracemalloc, Python and numpy allocations): **{peak / 2**20:,.0f} MiB**")
    say(f"- maximum resident set size of the whole benchmark process: {maxrss_mb:,.0f} MiB")
    load_end = os.getloadavg()
    say(
        f"- load average at the end: {load_end[0]:.2f} / {load_end[1]:.2f} / {load_end[2]:.2f} "
        "(the machine is shared: figures under load are pessimistic)"
    )
    say()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n")
    print(f"written to {out}")


if __name__ == "__main__":
    main()
