"""The officer workbench's application table (issue 16): the first page with 5,000 applications in a cycle.

    .venv/bin/python bench/workbench_table.py                    # 5,000 applications, 200 timed requests per target
    .venv/bin/python bench/workbench_table.py --applications 20000 --requests 100

Target (issue 16): "page load with 5,000 applications in a cycle stays under 300 ms at the
median for the table's first page".

On real PostgreSQL and Kafka (tests/support/infra.py, or CORRIDOR_TEST_DATABASE_URL /
CORRIDOR_TEST_KAFKA_BOOTSTRAP) with the matching service under uvicorn in its own process
(tests/support/services.py), as in production.

Loading (not timed), through the production contract (bench/national_round.py's helpers):
the catalog through matching's REST API (institutions, one scheme, one cycle, P programmes,
C country caps), then ``applicant.registered`` and ``application.submitted`` for N
applicants on corridor.applications.v1 as the applications service publishes them; the
run waits until the pool holds N and every applicant's name is known, then runs one
matching round (so that the table's live-match join has a proposal for most rows) and
gives some applications a committee score.

Timed, round-robin (one request to each target in turn, so that the shared machine's
drift touches every target alike), after 10 untimed requests to each:

- matching ``GET /healthz`` (the trivial endpoint the others are divided by);
- matching ``GET /cycles/{id}/applications`` first page (50 rows, by name), as the portal asks;
- the same sorted by committee score (descending) and searched by name;
- the portal's page ``GET /officer/cycles/{id}/applications`` (the portal app in this
  process over ASGI, a signed-in officer; it reads the real matching service over HTTP:
  the cycle, the table's page, the officer's saved filters, programmes and institutions),
  and the portal's ``GET /healthz``.

Reports the median and p95 of each, and each median divided by matching's /healthz median
in the same run. Writes bench/results/workbench_table.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import platform
import re
import shutil
import signal
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import asyncpg
import httpx

from bench.matching_engine import make_instance
from bench.national_round import ADMIN, _ge_value, applicant_events, load_catalog, wait_until
from bench.notifications_pipeline import encoded, loadavg, send_all
from services.portal.app import create_app as create_portal
from services.portal.settings import Settings as PortalSettings
from shared.principal import Role
from tests.support.infra import KafkaBroker, Postgres, external_kafka, external_postgres
from tests.support.services import ServiceProcess, auth, service_env, token

OUT = ROOT / "bench" / "results" / "workbench_table.md"
TARGET_MS = 300.0


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


class OfficerLogin:
    """The applications service's sign-in as the portal calls it: a real officer token
    (signed with the test keys the matching service trusts), nothing else."""

    def __init__(self, scheme: str):
        self.token = token(Role.OFFICER, "bench-officer", schemes=[scheme])

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if (request.method, request.url.path) == ("POST", "/auth/token"):
            return httpx.Response(200, json={"access_token": self.token, "role": "officer"})
        return httpx.Response(404, json={"code": "not_found", "detail": "Not Found", "errors": []})


@contextlib.asynccontextmanager
async def portal_client(matching_url: str, scheme: str):
    """The portal app in this process, signed in as the scheme's officer."""
    # plain http inside this process: the session cookie is not marked Secure
    app = create_portal(PortalSettings(session_secret=uuid.uuid4().hex, matching_url=matching_url, https=False))
    async with app.router.lifespan_context(app):
        # the portal logs each of its calls at INFO: not part of what is measured
        logging.getLogger("httpx").setLevel(logging.WARNING)
        services = app.state.services
        await services.applications.http.aclose()
        services.applications.http = httpx.AsyncClient(
            transport=httpx.MockTransport(OfficerLogin(scheme)), base_url="http://applications"
        )
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://portal", timeout=60) as client:
            page = await client.get("/login")
            csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
            form = {"csrf": csrf, "email": "officer@bench.org", "password": "x" * 12}
            r = await client.post("/login", data=form)
            if r.status_code != 303:
                raise RuntimeError(f"portal sign-in: {r.status_code}")
            yield client


async def timed(client: httpx.AsyncClient, path: str, params: dict | None, headers: dict | None, check) -> float:
    t = time.perf_counter()
    r = await client.get(path, params=params, headers=headers)
    ms = (time.perf_counter() - t) * 1000
    if r.status_code != 200:
        raise RuntimeError(f"GET {path}: {r.status_code} {r.text[:300]}")
    check(r)
    return ms


async def run(args) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="workbench-table-"))
    pg, kafka = external_postgres(), external_kafka()
    own_pg, own_kafka = pg is None, kafka is None
    pgdir = Path(tempfile.gettempdir()) / f"corridor-pg-workbench-{uuid.uuid4().hex[:8]}"
    matching: ServiceProcess | None = None
    conn = None
    load_before = loadavg()
    try:
        if own_kafka:
            os.environ.setdefault("KAFKA_JVM_PERFORMANCE_OPTS", "-XX:+UseSerialGC")
            kafka = await asyncio.to_thread(KafkaBroker.launch, tmp / "kafka")
        if own_pg:
            pg = await asyncio.to_thread(Postgres.launch, pgdir)
        url = await pg.create_database("workbench_matching")
        env = service_env("matching", url, kafka.bootstrap, CORRIDOR_LOG_LEVEL="WARNING")
        matching = await asyncio.to_thread(ServiceProcess("matching", env, tmp / "matching.log").start, 120)
        conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))

        # ---- loading: not timed
        t_load = time.monotonic()
        run_id = uuid.uuid4().hex[:6]
        n = args.applications
        plain = make_instance(n, args.programmes, 10, args.seed)
        m = httpx.AsyncClient(base_url=matching.url, timeout=120)
        print(f"loading the catalog: {args.programmes} programmes, {args.caps} caps...", file=sys.stderr)
        cat = await load_catalog(m, plain, args.caps, run_id)
        events, _owner = applicant_events(plain, cat, run_id)
        print(f"publishing {len(events)} applicant events...", file=sys.stderr)
        await send_all(kafka.bootstrap, [encoded(e) for e in events])

        async def pool_named():
            return await conn.fetchval(
                "select count(*) from pool_entries e join applicant_profiles p on p.applicant_id = e.applicant_id"
                " where e.cycle_id = $1 and p.name <> ''",
                cat["cycle"],
            )

        await wait_until("the pool with names", lambda: _ge_value(pool_named, n), args.timeout, 2)
        started = await m.post(f"/cycles/{cat['cycle']}/rounds", json={"seed": args.seed}, headers=ADMIN)
        if started.status_code != 202:
            raise RuntimeError(f"round: {started.status_code} {started.text[:300]}")
        round_id = started.json()["round_id"]

        async def round_done():
            r = (await m.get(f"/rounds/{round_id}", headers=ADMIN)).json()
            if r["status"] == "failed":
                raise RuntimeError(f"round failed: {r.get('error')}")
            return r if r["status"] == "completed" else None

        round_row = await wait_until("the round", round_done, args.timeout, 1)
        # a committee score for every tenth application (the score column is not all empty)
        await conn.execute(
            "update pool_entries set committee_score = (abs(hashtext(application_id)) % 1000) / 10.0"
            " where cycle_id = $1 and abs(hashtext(application_id)) % 10 = 0",
            cat["cycle"],
        )
        load_s = time.monotonic() - t_load
        pool_total = await conn.fetchval("select count(*) from pool_entries where cycle_id = $1", cat["cycle"])
        live = await conn.fetchval(
            "select count(*) from matches where cycle_id = $1 and status = 'proposed'", cat["cycle"]
        )

        # ---- timed
        officer = auth(Role.OFFICER, "bench-officer", schemes=[cat["scheme"]])
        table = f"/cycles/{cat['cycle']}/applications"

        def first_page(r: httpx.Response) -> None:
            body = r.json()
            if body["total"] != n or len(body["items"]) != 50:
                raise RuntimeError(f"the table answered {body['total']} rows, {len(body['items'])} on the page")

        def searched(r: httpx.Response) -> None:
            if not r.json()["items"]:
                raise RuntimeError("the search found nobody")

        def healthy(_r: httpx.Response) -> None:
            return None

        def portal_page(r: httpx.Response) -> None:
            rows = len(re.findall(r'<tr id="app-', r.text))
            if rows != 50:
                raise RuntimeError(f"the portal page shows {rows} rows")

        targets: dict[str, tuple] = {
            "matching GET /healthz": (m, "/healthz", None, None, healthy),
            "matching table, first page (by name)": (m, table, {"limit": 50}, officer, first_page),
            "matching table, by committee score desc": (
                m,
                table,
                {"limit": 50, "sort": "score", "order": "desc"},
                officer,
                first_page,
            ),
            "matching table, searched by name": (m, table, {"limit": 50, "q": "applicant 12"}, officer, searched),
        }
        samples: dict[str, list[float]] = {k: [] for k in targets}
        portal_keys = ("portal GET /healthz", "portal page /officer/cycles/{id}/applications")
        async with portal_client(matching.url, cat["scheme"]) as portal:
            targets[portal_keys[0]] = (portal, "/healthz", None, None, healthy)
            targets[portal_keys[1]] = (portal, f"/officer/cycles/{cat['cycle']}/applications", None, None, portal_page)
            samples.update({k: [] for k in portal_keys})
            for _ in range(10):  # warm-up: connections, caches, the planner
                for client, path, params, headers, check in targets.values():
                    await timed(client, path, params, headers, check)
            print(f"timing {args.requests} requests per target...", file=sys.stderr)
            for _ in range(args.requests):
                for name, (client, path, params, headers, check) in targets.items():
                    samples[name].append(await timed(client, path, params, headers, check))
        await m.aclose()
        return {
            "args": vars(args),
            "load_s": load_s,
            "pool_total": pool_total,
            "live_matches": live,
            "round": {k: round_row.get(k) for k in ("matched", "waitlisted", "unmatched")},
            "samples": samples,
            "load_before": load_before,
            "load_after": loadavg(),
        }
    finally:
        if conn is not None:
            with contextlib.suppress(Exception):
                await conn.close()
        if matching is not None:
            matching.stop()
        if own_kafka and kafka is not None:
            await asyncio.to_thread(kafka.stop)
        if own_pg and pg is not None:
            await asyncio.to_thread(pg.stop)
            shutil.rmtree(pgdir, ignore_errors=True)
        if args.keep:
            print(f"logs kept in {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def figures(res: dict) -> dict[str, dict[str, float]]:
    base = statistics.median(res["samples"]["matching GET /healthz"])
    return {
        name: {
            "median": statistics.median(v),
            "p95": pct(v, 0.95),
            "min": min(v),
            "ratio": statistics.median(v) / base if base else float("nan"),
        }
        for name, v in res["samples"].items()
    }


def write_report(res: dict, command: str) -> None:
    f = figures(res)
    main = f["matching table, first page (by name)"]
    page = f["portal page /officer/cycles/{id}/applications"]
    lines = [
        "# Officer workbench: the application table's first page (`bench/workbench_table.py`)",
        "",
        f"Run {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}: `{command}`",
        "",
        f"Machine: {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores "
        f"(shared with other work); load average {res['load_before']} at the start, {res['load_after']} at the end.",
        "",
        f"Cycle: {res['pool_total']} applications in the pool (names known), {res['args']['programmes']} programmes, "
        f"{res['args']['caps']} country caps; one round run ({res['live_matches']} live proposals; "
        f"{res['round']['waitlisted']} waitlisted, {res['round']['unmatched']} unmatched); every tenth application "
        f"has a committee score. Loading took {res['load_s']:.0f} s (not timed).",
        "",
        f"Timed: {res['args']['requests']} requests per target, one at a time, round-robin over the targets "
        "(after 10 untimed each). Times are wall-clock from the client, in milliseconds.",
        "",
        "| target | median ms | p95 ms | min ms | median / matching /healthz |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, x in f.items():
        lines.append(f"| {name} | {x['median']:.1f} | {x['p95']:.1f} | {x['min']:.1f} | {x['ratio']:.1f}x |")
    verdict = "meets" if page["median"] < TARGET_MS and main["median"] < TARGET_MS else "misses"
    lines += [
        "",
        f"Target (issue 16): the table's first page under {TARGET_MS:.0f} ms at the median with 5,000 "
        f"applications. This run {verdict} it: the matching read's median is {main['median']:.1f} ms and the "
        f"portal page's (which also reads the cycle, the saved filters, programmes and institutions) "
        f"{page['median']:.1f} ms.",
        "",
        "The ratio column is the figure to compare between runs: absolute times drift with the load on this "
        "shared machine, and the trivial endpoint measured in the same run drifts with them.",
        "",
    ]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines))


def _interrupt(*_):
    raise KeyboardInterrupt


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--applications", type=int, default=5_000)
    p.add_argument("--programmes", type=int, default=300)
    p.add_argument("--caps", type=int, default=20, help="country caps (quota rules)")
    p.add_argument("--requests", type=int, default=200, help="timed requests per target")
    p.add_argument("--seed", type=int, default=16)
    p.add_argument("--timeout", type=float, default=900, help="for each wait")
    p.add_argument("--keep", action="store_true", help="keep the temp dir (the service's log)")
    args = p.parse_args()
    signal.signal(signal.SIGTERM, _interrupt)  # stopped with SIGTERM: the servers it started are stopped too
    res = asyncio.run(run(args))
    write_report(res, " ".join([".venv/bin/python bench/workbench_table.py", *sys.argv[1:]]))
    print(OUT.read_text())


if __name__ == "__main__":
    main()
