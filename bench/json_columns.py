"""JSON columns' text: the standard library's json, or orjson (shared/jsontext.py).

    .venv/bin/python bench/json_columns.py                  # 20 rounds of 500 events each way
    .venv/bin/python bench/json_columns.py --rounds 20 --events 500

A round's consumer batch in notifications writes, per outcome event, five partner feed
entries (``payload``: ``domain/partner.project``) and an e-mail row (``context``, the
template's), each a JSON column, by COPY: SQLAlchemy's bind processor of the column turns each
value into text (``shared/outbox.copy_records``), in this process. Each side binds the same
batch's rows with the PostgreSQL dialect's processors of an engine made

- **json**: as SQLAlchemy makes it by default (``json.dumps`` / ``json.loads``);
- **orjson**: as ``shared/db.make_engine`` makes it (``json_text``);

taking turns by rounds; the texts, read back with json.loads (as both engines read them), must
give back the same values. No database is needed: only this process's CPU is measured. Writes
bench/results/json_columns.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy.dialects import postgresql

from bench.notifications_pipeline import loadavg
from services.notifications.domain.partner import project
from services.notifications.models import Notification, PartnerFeedEntry
from shared.jsontext import json_text
from shared.outbox import _bound

OUT = ROOT / "bench" / "results" / "json_columns.md"


def batch(events: int) -> tuple[list[tuple], list[tuple]]:
    """A round's batch of waitlisted notices: (feed payload,) x 5 and (context,) per event."""
    at = datetime.now(UTC)
    feed, contexts = [], []
    for i in range(events):
        waitlist = [{"programme_id": f"prog-{i % 3400 + k}", "position": 10 + k} for k in range(3)]
        for partner in range(5):
            feed.append(
                (
                    project(
                        "application.waitlisted",
                        timestamp=at,
                        institution_id=f"inst-{partner}",
                        application_id=f"app-{i:07d}",
                        cycle_id="sco-2026",
                        scheme_id="sco",
                        sending_country="KZ",
                        applicant_type="student",
                        programme_ids=[f"prog-{i % 3400 + partner}"],
                        waitlist=waitlist,
                    ),
                )
            )
        reasons = [
            {"programme_id": f"prog-{i % 3400 + k}", "reason": "seats_full", "params": {"rank": k + 3}}
            for k in range(6)
        ]
        contexts.append(
            (
                {
                    "application_id": f"app-{i:07d}",
                    "cycle": "SCO Scholarship 2026",
                    "positions": waitlist,
                    "reasons": reasons,
                    "name": "Айгерим Нурланқызы",
                },
            )
        )
    return feed, contexts


def bind_processor(serializer, model):
    """The PostgreSQL dialect's bind processor of the model's JSON column, with ``serializer``."""
    d = postgresql.asyncpg.dialect(json_serializer=serializer)
    column = model.__table__.c["payload" if model is PartnerFeedEntry else "context"]
    return column.type.dialect_impl(d).bind_processor(d)


def one_round(serializer, feed, contexts) -> tuple[float, list]:
    """CPU seconds binding the batch's JSON values; the values read back from the texts."""
    feed_bind, ctx_bind = bind_processor(serializer, PartnerFeedEntry), bind_processor(serializer, Notification)
    t = time.process_time()
    texts = [row[0] for row in _bound(feed, [feed_bind])] + [row[0] for row in _bound(contexts, [ctx_bind])]
    bound = time.process_time() - t
    return bound, [json.loads(x) for x in texts]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rounds", type=int, default=20)
    p.add_argument("--events", type=int, default=500)
    p.add_argument("--out", default=str(OUT))
    args = p.parse_args()

    sides = {"json": json.dumps, "orjson": json_text}
    feed, contexts = batch(args.events)
    expected = [v[0] for v in feed] + [v[0] for v in contexts]
    expected = json.loads(json.dumps(expected, default=str))
    load_before = loadavg()
    times: dict[str, list[float]] = {k: [] for k in sides}
    for _ in range(args.rounds):
        for name, serializer in sides.items():
            bound, values = one_round(serializer, feed, contexts)
            assert values == expected, name
            times[name].append(bound)
    load_after = loadavg()
    n_values = len(expected)
    med = {k: statistics.median(v) for k, v in times.items()}
    rows = [f"| {k} | {med[k] * 1e3:.1f} | {med[k] / n_values * 1e6:.1f} |" for k in sides]
    text = f"""# JSON columns' text: json or orjson

`.venv/bin/python bench/json_columns.py --rounds {args.rounds} --events {args.events}` at
{datetime.now(UTC):%Y-%m-%d %H:%M} UTC: {platform.machine()}, Python {platform.python_version()};
load average {load_before} before, {load_after} after.

A round's consumer batch of {args.events} waitlisted notices in notifications: {len(feed):,} partner feed
payloads and {len(contexts):,} e-mail contexts ({n_values:,} JSON values), bound as COPY binds them
(`shared/outbox._bound` with the PostgreSQL dialect's processor of each column); the sides take turns,
{args.rounds} rounds each, and their texts must read back as the same values. This process's CPU, median
of the rounds:

| side | bind ms / batch | bind µs / value |
|---|---:|---:|
{chr(10).join(rows)}

**json / orjson: binding {med["json"] / med["orjson"]:.1f}x.** Both read with json.loads (orjson would read
an integer beyond 64 bits as a float).
"""
    Path(args.out).write_text(text)
    print(text)


if __name__ == "__main__":
    main()
