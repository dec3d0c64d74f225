"""Constructing table-model instances with pydantic's default-factory question asked per
instance (as pydantic 2.14 does) and answered once per factory (shared/model_defaults.py),
side by side in one process.

    .venv/bin/python bench/model_defaults.py            # 3,000 instances of each model, 3 rounds

For each model: microseconds per instance, uncached and cached, alternating rounds; the ratio
is uncached / cached (median of the rounds). Writes bench/results/model_defaults.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pydantic._internal import _fields

from services.applications.models import Account, Application
from services.matching.models import Match, PoolEntry
from services.notifications.models import InboxEntry, Notification

RESULTS = ROOT / "bench" / "results" / "model_defaults.md"

MODELS = {
    "matching PoolEntry": lambda i: PoolEntry(
        application_id=f"a{i}",
        applicant_id="p",
        cycle_id="c",
        scheme_id="s",
        applicant_type="student",
        sending_country="KZ",
    ),
    "matching Match": lambda i: Match(
        id=f"m{i}",
        round_id="r",
        cycle_id="c",
        scheme_id="s",
        application_id=f"a{i}",
        applicant_id="p",
        programme_id="g",
        host_institution_id="h",
        rank=1,
    ),
    "applications Account": lambda i: Account(
        id=f"p{i}", email=f"x{i}@example.kz", password_hash="h", role="applicant", name="N"
    ),
    "applications Application": lambda i: Application(
        id=f"a{i}", applicant_id="p", cycle_id="c", scheme_id="s", sending_country="KZ"
    ),
    "notifications Notification": lambda i: Notification(
        source_event_id=f"e{i}", event_type="t", channel="email", recipient="r"
    ),
    "notifications InboxEntry": lambda i: InboxEntry(
        recipient_id="r", source_event_id=f"e{i}", event_type="t", subject="s", body="b", language="en"
    ),
}


def per_instance(make, n: int) -> float:
    start = time.perf_counter()
    for i in range(n):
        make(i)
    return (time.perf_counter() - start) / n * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=3000, help="instances of each model per round")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    cached = _fields.takes_validated_data_argument  # installed by the models' import
    uncached = next(
        c.cell_contents
        for c in cached.__closure__ or ()
        if getattr(c.cell_contents, "__module__", "") == _fields.__name__
    )
    load = os.getloadavg()
    rows = []
    for name, make in MODELS.items():
        make(0)  # first sight: schema, caches
        times: dict[str, list[float]] = {"uncached": [], "cached": []}
        for _ in range(args.rounds):
            for label, fn in (("uncached", uncached), ("cached", cached)):
                _fields.takes_validated_data_argument = fn
                times[label].append(per_instance(make, args.n))
        _fields.takes_validated_data_argument = cached
        ratios = [u / c for u, c in zip(times["uncached"], times["cached"], strict=True)]
        rows.append(
            (name, statistics.median(times["uncached"]), statistics.median(times["cached"]), statistics.median(ratios))
        )
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Table-model instances: pydantic's default-factory question per instance vs once per factory",
        "",
        f"Run {now} on {os.cpu_count()} cores ({platform.machine()}), Python {platform.python_version()}; "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at the start.",
        f"Command: `.venv/bin/python bench/model_defaults.py -n {args.n} --rounds {args.rounds}`.",
        "",
        "Each model constructed as the services construct it (only the required fields given, the rest "
        "from defaults), the two ways alternating in one process; medians of the rounds.",
        "",
        "| model | µs per instance, asked per instance | µs, answer kept per factory | **ratio** |",
        "|---|---:|---:|---:|",
        *(f"| {n} | {u:.1f} | {c:.1f} | **{r:.1f}x** |" for n, u, c, r in rows),
        "",
    ]
    RESULTS.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
