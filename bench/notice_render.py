"""A round's notices rendered: every template through Jinja, or plain substitutions written directly.

    .venv/bin/python bench/notice_render.py                # 2,000 notices a side and round, 5 rounds
    .venv/bin/python bench/notice_render.py -n 500 --rounds 3

Each applicant told in a round costs two renders (``services/notifications/domain/templates.py``
``render``): the inbox entry's text when the consumer batch commits, the e-mail's text and HTML
when it is sent; each render writes a dozen template sources (subject, greeting, paragraphs,
each list item). Most sources are plain substitutions (``{{ cycle }}``, ``{{ item.programme }}``).
**As it was** (until 2026-12-02): each source rendered by Jinja (a new context and its frames per
source); **as it is**: today's ``_text``, which writes a source of plain substitutions itself
and leaves the rest (tags, filters) to Jinja. The same notices on both sides: the round's two
kinds, half waitlisted (three positions, seven reasons with scores drawn at random), half
offers, in en, ru, zh and ur in turn, each rendered as the inbox's text and as the e-mail; in
one process, alternating sides, the ratio per round. Both sides must write the same text.

Writes bench/results/notice_render.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.notice_wording import LANGUAGES
from bench.notice_wording import contexts as waitlist_contexts
from services.notifications.domain import templates
from services.notifications.domain.templates import Extras, render

OUT = ROOT / "bench" / "results" / "notice_render.md"
EXTRAS = Extras(portal_url="https://portal.corridor.example/applications/app-1", contact_email="help@corridor.example")
TODAYS = templates._text


def jinja_text(source: str, context: Mapping[str, Any]) -> str:
    """``_text`` as it was: every source not fixed text rendered by Jinja."""
    compiled = templates._compiled(source)
    if compiled.fixed is not None:
        return compiled.fixed
    return compiled.template.render({k: context[k] for k in compiled.names if k in context})


def notices(n: int) -> list[tuple[str, dict]]:
    waitlisted = waitlist_contexts(n // 2 + 1)
    out: list[tuple[str, dict]] = []
    for i in range(n):
        if i % 2 == 0:
            out.append(("waitlisted", waitlisted[i // 2]))
        else:
            programme = f"Programme {i % 3400}"
            out.append(
                (
                    "offer_made",
                    {
                        "programme": programme,
                        "institution": "Xinjiang Medical University",
                        "cycle": "SCO 2027/28",
                        "name": "Aliya Kasymova",
                    },
                )
            )
    return out


def rendered(batch: list[tuple[str, dict]]) -> tuple[float, list[str]]:
    """Seconds per notice (inbox text and e-mail), and what was written."""
    out = []
    t0 = time.perf_counter()
    for i, (kind, context) in enumerate(batch):
        language = LANGUAGES[i % len(LANGUAGES)]
        inbox = render(kind, language, context, html=False)
        mail = render(kind, language, {**context, "page": "/applications/app-1"}, EXTRAS)
        out.append(inbox.text + mail.text + mail.html)
    return (time.perf_counter() - t0) / len(batch), out


def side(name: str, batch: list[tuple[str, dict]]) -> tuple[float, list[str]]:
    templates._text = jinja_text if name == "as it was" else TODAYS
    try:
        return rendered(batch)
    finally:
        templates._text = TODAYS


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-n", type=int, default=2000, help="notices per round and side")
    p.add_argument("--rounds", type=int, default=5)
    args = p.parse_args()
    load = os.getloadavg()
    batch = notices(args.n)
    rendered(batch[:8])  # the templates compiled before anything is timed
    rounds = []
    for r in range(args.rounds):
        order = ("as it was", "as it is") if r % 2 == 0 else ("as it is", "as it was")
        seconds, texts = {}, {}
        for name in order:
            seconds[name], texts[name] = side(name, batch)
        if texts["as it was"] != texts["as it is"]:
            raise SystemExit("the two sides wrote different notices")
        rounds.append(seconds)
        print(f"  round {r + 1}: {seconds}", file=sys.stderr)
    was = statistics.median(r["as it was"] for r in rounds)
    now = statistics.median(r["as it is"] for r in rounds)
    ratios = [r["as it was"] / r["as it is"] for r in rounds]
    text = "\n".join(
        [
            "# A round's notices rendered: every template through Jinja, or plain substitutions written directly",
            "",
            f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores ({platform.machine()}), "
            f"Python {platform.python_version()}; load average {' '.join(f'{x:.2f}' for x in load)} before.",
            f"Command: `.venv/bin/python bench/notice_render.py -n {args.n} --rounds {args.rounds}`.",
            "",
            f"{args.n} notices a side and round (half waitlisted: three positions, seven reasons; half offers;"
            " en, ru, zh, ur in turn), each rendered as the inbox entry's text and as the e-mail (text and HTML),"
            " as the service renders each applicant's notice; both sides wrote the same bytes.",
            "",
            "| | µs per notice, both renders (median of rounds) |",
            "|---|---:|",
            f"| as it was (every source through Jinja) | {was * 1e6:.0f} |",
            f"| as it is (plain substitutions written directly) | {now * 1e6:.0f} |",
            "",
            f"**Ratio as it was / as it is: {statistics.median(ratios):.2f}** "
            f"(per round: {', '.join(f'{x:.2f}' for x in ratios)}).",
            "",
        ]
    )
    OUT.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
