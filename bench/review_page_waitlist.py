"""The officer review page's waitlist places: the round's whole waitlist, or the page's places.

    .venv/bin/python bench/review_page_waitlist.py                    # a national round's waitlist
    .venv/bin/python bench/review_page_waitlist.py --programmes 340 --places 150000

Each view of the portal's review page (``services/portal/views/officer.py``) shows, per
match on the page (50), the waitlists of the latest round the application is on. It read

- **whole**: the round's whole waitlist (``GET /rounds/{id}/waitlist``: programme id ->
  application ids), decoded from JSON and searched once per row, as ``review_rows`` did;
- **page**: the page's places only (``GET /rounds/{id}/waitlist/places``: per application,
  (programme, position)), decoded and joined (``review_rows`` today).

Only the portal's side is timed here (decoding the answer and building the rows), on a
synthetic waitlist of ``--places`` places over ``--programmes`` programmes (a 270,000 round
holds about 1.5 million: 156,052 at 27,000 in bench/matching_engine.py); the matching
service's side, serialising the answer, grows with it too and is not counted. Both must give
the same places. Writes bench/results/review_page_waitlist.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from services.portal.domain.workbench import review_rows

OUT = ROOT / "bench" / "results" / "review_page_waitlist.md"
PAGE = 50


def whole_way(answer: bytes, matches: list[dict]) -> dict[str, tuple]:
    """As the page did until 2a38867: the whole waitlist, each row's places searched in it."""
    waitlist = json.loads(answer)
    return {m["application_id"]: tuple((pid, ids.index(m["application_id"]) + 1) for pid, ids in waitlist.items() if m["application_id"] in ids) for m in matches}  # fmt: skip


def page_way(answer: bytes, matches: list[dict]) -> dict[str, tuple]:
    rows = review_rows(matches, [], [], json.loads(answer))
    return {r.match["application_id"]: r.waiting for r in rows}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--programmes", type=int, default=3400)
    p.add_argument("--places", type=int, default=1_500_000)
    p.add_argument("--views", type=int, default=5)
    p.add_argument("--out", default=str(OUT))
    args = p.parse_args()
    rng = random.Random(7)
    applicants = args.places // 6  # an applicant waits on ~6 programmes
    waitlist: dict[str, list[str]] = {f"prog-{i:04d}": [] for i in range(args.programmes)}
    pids = list(waitlist)
    for n in range(args.places):
        waitlist[pids[rng.randrange(len(pids))]].append(f"app-{n % applicants:07d}")
    for ids in waitlist.values():  # an application waits once per programme
        ids[:] = list(dict.fromkeys(ids))
    page_apps = [f"app-{a:07d}" for a in rng.sample(range(applicants), PAGE)]
    matches = [{"id": f"m{i}", "application_id": a} for i, a in enumerate(page_apps)]
    whole = json.dumps(waitlist).encode()
    places: dict[str, list[dict]] = {a: [] for a in page_apps}
    for pid, ids in waitlist.items():
        for n, a in enumerate(ids, start=1):
            if a in places:
                places[a].append({"programme_id": pid, "position": n})
    page = json.dumps([{"application_id": a, "places": places[a]} for a in page_apps]).encode()

    timed: dict[str, list[float]] = {"whole": [], "page": []}
    for _ in range(args.views):
        for name, way, answer in (("whole", whole_way, whole), ("page", page_way, page)):
            t = time.process_time()
            got = way(answer, matches)
            timed[name].append(time.process_time() - t)
            assert {a: sorted(v) for a, v in got.items()} == {
                a: sorted((w["programme_id"], w["position"]) for w in places[a]) for a in page_apps
            }, name
    best = {k: min(v) for k, v in timed.items()}
    text = f"""# The review page's waitlist places: the whole waitlist or the page's

`.venv/bin/python bench/review_page_waitlist.py --programmes {args.programmes} --places {args.places} --views {args.views}` at
{datetime.now(UTC):%Y-%m-%d %H:%M} UTC: {platform.machine()}, Python {platform.python_version()}.

A waitlist of {sum(len(v) for v in waitlist.values()):,} places over {args.programmes:,} programmes; one review page
of {PAGE} matches. The portal's CPU per view (best of {args.views}), both ways giving the same places:

| way | answer (bytes) | CPU per view (ms) |
|---|---:|---:|
| whole waitlist, searched per row (until 2a38867) | {len(whole):,} | {best["whole"] * 1e3:.1f} |
| the page's places (`GET /rounds/{{id}}/waitlist/places`) | {len(page):,} | {best["page"] * 1e3:.2f} |

**{best["whole"] / best["page"]:,.0f}x less CPU per view**, and an answer {len(whole) / len(page):,.0f}x smaller (the
matching service's side of it not counted).
"""
    Path(args.out).write_text(text)
    print(text)


if __name__ == "__main__":
    main()
