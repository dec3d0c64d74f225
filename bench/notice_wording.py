"""A round's waitlist notice rendered with each reason's words worded afresh vs kept.

    .venv/bin/python bench/notice_wording.py               # 2000 notices, 3 rounds
    .venv/bin/python bench/notice_wording.py -n 500 --rounds 2

A waitlisted applicant's notice (services/notifications/domain/templates.py ``render``) lists
a reason per refused choice; a full programme's reason names the lowest score holding a seat
and the applicant's own (``round.programme_full``), numbers babel writes in the reader's
language. The notice is rendered twice per applicant (the inbox entry's text, then the
e-mail). "nothing kept" words each parameter and reason every time, close to what the service
did before (it kept a reason's words by its parameters as JSON, which the applicant's own score
seldom repeats, and paid for the JSON); "kept" is
today's ``render`` (each parameter's words kept per language, key, type and value, each
reason's per language, code and parameters). The same notices (three positions, seven
reasons with scores drawn at random to one decimal, the four languages in turn), in the same
process, alternating; the ratio is per round.

Writes bench/results/notice_wording.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from services.notifications.domain import templates

OUT = ROOT / "bench" / "results" / "notice_wording.md"
LANGUAGES = ("en", "ru", "zh", "ur")


def contexts(n: int, seed: int = 1) -> list[dict]:
    rng = random.Random(seed)
    return [
        {
            "cycle": "SCO 2027/28",
            "name": "Aliya Kasymova",
            "positions": [{"programme": f"Programme {i}", "position": rng.randint(1, 300)} for i in range(3)],
            "reasons": [
                {
                    "programme": f"Programme {i}",
                    "reason": "programme full",
                    "code": "round.programme_full",
                    "params": {"lowest": round(rng.uniform(60, 95), 1), "yours": round(rng.uniform(50, 90), 1)},
                }
                for i in range(3, 10)
            ],
        }
        for _ in range(n)
    ]


def timed(notices: list[dict]) -> float:
    """Seconds per notice."""
    t0 = time.perf_counter()
    for i, context in enumerate(notices):
        templates.render("waitlisted", LANGUAGES[i % len(LANGUAGES)], context, html=False)
    return (time.perf_counter() - t0) / len(notices)


def afresh(notices: list[dict]) -> float:
    kept_param, kept_reason = templates._reason_param, templates._worded
    templates._reason_param = kept_param.__wrapped__  # type: ignore[assignment]
    templates._worded = kept_reason.__wrapped__  # type: ignore[assignment]
    try:
        return timed(notices)
    finally:
        templates._reason_param, templates._worded = kept_param, kept_reason


def kept(notices: list[dict]) -> float:
    templates._reason_param.cache_clear()  # each round starts with nothing kept
    templates._worded.cache_clear()
    return timed(notices)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-n", type=int, default=2000, help="notices per round and side")
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args()
    load = os.getloadavg()
    notices = contexts(args.n)
    for i in range(len(LANGUAGES)):  # the templates compiled before anything is timed
        templates.render("waitlisted", LANGUAGES[i], notices[0], html=False)
    rounds = []
    for r in range(args.rounds):
        sides = (afresh, kept) if r % 2 == 0 else (kept, afresh)
        seconds = {side.__name__: side(notices) for side in sides}
        rounds.append(seconds)
        print(f"  round {r + 1}: {seconds}", file=sys.stderr)
    fresh = statistics.median(r["afresh"] for r in rounds)
    kept_s = statistics.median(r["kept"] for r in rounds)
    ratios = [r["afresh"] / r["kept"] for r in rounds]
    text = "\n".join(
        [
            "# A waitlist notice rendered: reasons worded afresh vs kept",
            "",
            f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({platform.machine()}), "
            f"Python {platform.python_version()}; load average {' '.join(f'{x:.2f}' for x in load)} before.",
            f"Command: `.venv/bin/python bench/notice_wording.py -n {args.n} --rounds {args.rounds}`.",
            "",
            f"{args.n} waitlist notices (three positions, seven `round.programme_full` reasons with the lowest "
            "held score and the applicant's, drawn at random to one decimal; en, ru, zh, ur in turn), "
            "each rendered as the inbox entry's text, per side and round; each round starts with nothing kept.",
            "",
            "| | µs per notice (median of rounds) |",
            "|---|---:|",
            f"| nothing kept | {fresh * 1e6:.0f} |",
            f"| kept (today's `render`) | {kept_s * 1e6:.0f} |",
            "",
            f"**Ratio nothing kept / kept: {statistics.median(ratios):.2f}** "
            f"(per round: {', '.join(f'{x:.2f}' for x in ratios)}).",
            "",
        ]
    )
    OUT.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
