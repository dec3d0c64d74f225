"""A load generator: applications created and submitted through the applications API.

    python -m tools.loadgen --url http://127.0.0.1:8001 --rate 50 --count 1000 --duration 30 \\
        [--applicants 100] [--cycle ID ...] [--concurrency 64] [--out accepted.jsonl] [--no-progress]

It registers (and logs in) a pool of applicants first, then, at a steady rate, for each
application: POST /applications (a draft in an open cycle) and POST /applications/{id}/submit
with an Idempotency-Key, retried with the same key after a transport error or a 5xx (so a
lost answer never makes a second submission). It stops at --count applications or after
--duration seconds, whichever comes first, shows a progress bar on stderr, and writes one
JSON line per accepted application (the ledger a fault test checks against the services).

Loopback only: it refuses any URL whose host is not 127.0.0.1, ::1 or localhost.
Each applicant applies at most once per cycle (one active application per cycle), so the
number of applications is bounded by applicants x open cycles.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
import uuid
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from urllib.parse import urlsplit

import httpx

LOOPBACK = {"127.0.0.1", "::1", "localhost"}
PASSWORD = "kestrel-under-test-7-ferry"
NOT_SENT = "not sent: stopped or time up"  # a submit still queued when the time was up: never sent


def ensure_loopback(url: str) -> None:
    host = urlsplit(url).hostname or ""
    if host not in LOOPBACK:
        raise SystemExit(f"loadgen: refusing {url}: only loopback hosts ({', '.join(sorted(LOOPBACK))}) are allowed")


@dataclass
class Applicant:
    id: str
    email: str
    headers: dict[str, str]


@dataclass
class Target:
    cycle_id: str
    choices: list[str]


@dataclass
class Draft:
    applicant: Applicant
    application_id: str
    cycle_id: str


@dataclass
class Accepted:
    application_id: str
    applicant_id: str
    cycle_id: str
    sent_at: float  # epoch seconds when the submit request was first sent
    answered_at: float  # epoch seconds of the 200
    attempts: int


@dataclass
class LoadResult:
    accepted: list[Accepted] = field(default_factory=list)
    refused: Counter = field(default_factory=Counter)  # "create 409", "submit 503", ...
    errors: Counter = field(default_factory=Counter)  # transport errors by kind
    unanswered: list[str] = field(default_factory=list)  # submitted, never answered (ids)
    started: float = 0.0
    finished: float = 0.0
    planned: int = 0

    @property
    def elapsed(self) -> float:
        return max(self.finished - self.started, 1e-9)

    @property
    def rate(self) -> float:
        return len(self.accepted) / self.elapsed

    def summary(self) -> dict:
        return {
            "planned": self.planned,
            "accepted": len(self.accepted),
            "refused": dict(self.refused),
            "errors": dict(self.errors),
            "unanswered": len(self.unanswered),
            "seconds": round(self.elapsed, 2),
            "accepted_per_second": round(self.rate, 2),
        }


class Progress:
    """A one-line progress bar on stderr (no dependency)."""

    def __init__(self, total: int, enabled: bool, width: int = 30):
        self.total, self.enabled, self.width = max(total, 1), enabled, width
        self._last = 0.0

    def update(self, result: LoadResult, *, force: bool = False) -> None:
        now = time.monotonic()
        if not self.enabled or (not force and now - self._last < 0.2):
            return
        self._last = now
        done = len(result.accepted) + sum(result.refused.values()) + len(result.unanswered)
        filled = int(self.width * min(done, self.total) / self.total)
        rate = len(result.accepted) / max(time.time() - result.started, 1e-9)
        sys.stderr.write(
            f"\r[{'#' * filled}{'.' * (self.width - filled)}] {done}/{self.total} accepted {len(result.accepted)} "
            f"refused {sum(result.refused.values())} errors {sum(result.errors.values())} {rate:6.1f}/s"
        )
        sys.stderr.flush()

    def close(self, result: LoadResult) -> None:
        if self.enabled:
            self.update(result, force=True)
            sys.stderr.write("\n")


async def register_applicants(
    client: httpx.AsyncClient, n: int, *, nationality: str = "KZ", concurrency: int = 4
) -> list[Applicant]:
    """Register and log in ``n`` applicants (argon2 makes this the slow part; done up front)."""
    limit = asyncio.Semaphore(concurrency)
    run = uuid.uuid4().hex[:8]

    async def one(i: int) -> Applicant:
        email = f"load-{run}-{i}@example.kz"
        body = {
            "email": email,
            "password": PASSWORD,
            "name": f"Load Applicant {i}",
            "applicant_type": "student",
            "nationality": nationality,
            "home_institution": "Al-Farabi Kazakh National University",
            "date_of_birth": (date.today() - timedelta(days=365 * 22)).isoformat(),
            "preferred_language": "en",
        }
        async with limit:
            r = await client.post("/auth/register", json=body)
            if r.status_code != 201:
                raise RuntimeError(f"registering {email}: {r.status_code} {r.text[:300]}")
            applicant_id = r.json()["id"]
            t = await client.post("/auth/token", data={"username": email, "password": PASSWORD})
            t.raise_for_status()
        return Applicant(applicant_id, email, {"Authorization": f"Bearer {t.json()['access_token']}"})

    return list(await asyncio.gather(*(one(i) for i in range(n))))


async def discover_targets(client: httpx.AsyncClient, cycles: list[str] | None = None) -> list[Target]:
    """Open cycles (or the named ones) and, for each, student programmes an applicant can choose."""
    if cycles:
        ids = cycles
    else:
        r = await client.get("/cycles", params={"window": "open", "limit": 100})
        r.raise_for_status()
        ids = [c["id"] for c in r.json()["items"]]
    targets = []
    for cycle_id in ids:
        r = await client.get("/programmes", params={"cycle": cycle_id, "applicant_type": "student", "limit": 100})
        r.raise_for_status()
        progs = r.json()["items"]
        easy = [p["id"] for p in progs if not any(v for v in (p.get("requirements") or {}).values())]
        choices = (easy or [p["id"] for p in progs])[:3]
        if choices:
            targets.append(Target(cycle_id, choices))
    return targets


def application_body(target: Target) -> dict:
    return {
        "cycle_id": target.cycle_id,
        "choices": target.choices,
        "grade": 90.0,
        "language_certificates": [{"kind": "HSK", "level": 6}, {"kind": "IELTS", "level": 8}],
        "statement": "Generated by the load generator.",
    }


async def create_drafts(
    client: httpx.AsyncClient, applicants: list[Applicant], targets: list[Target], count: int, *, concurrency: int = 16
) -> list[Draft]:
    """Drafts made ahead of a timed run (run_load(drafts=...) then only submits them)."""
    pairs = [(a, t) for t in targets for a in applicants][:count]
    limit = asyncio.Semaphore(concurrency)

    async def one(applicant: Applicant, target: Target) -> Draft:
        async with limit:
            r = await client.post("/applications", json=application_body(target), headers=applicant.headers)
            if r.status_code != 201:
                raise RuntimeError(f"draft in {target.cycle_id}: {r.status_code} {r.text[:300]}")
        return Draft(applicant, r.json()["id"], target.cycle_id)

    return list(await asyncio.gather(*(one(a, t) for a, t in pairs)))


async def _post_retrying(
    client: httpx.AsyncClient, url: str, *, result: LoadResult, what: str, retries: int, **kwargs
) -> tuple[httpx.Response | None, int]:
    """POST; after a transport error or a 5xx try again (same body and Idempotency-Key)."""
    attempt = 0
    while True:
        attempt += 1
        try:
            r = await client.post(url, **kwargs)
            if r.status_code < 500 or attempt > retries:
                return r, attempt
            result.errors[f"{what} {r.status_code}"] += 1
        except httpx.HTTPError as exc:
            result.errors[f"{what} {type(exc).__name__}"] += 1
            if attempt > retries:
                return None, attempt
        await asyncio.sleep(min(0.25 * 2**attempt, 5))


async def run_load(
    url: str,
    *,
    rate: float,
    count: int,
    duration: float,
    applicants: list[Applicant],
    targets: list[Target],
    concurrency: int = 64,
    retries: int = 8,
    progress: bool = True,
    client: httpx.AsyncClient | None = None,
    stop: asyncio.Event | None = None,
    drafts: list[Draft] | None = None,
    into: LoadResult | None = None,
) -> LoadResult:
    """Submit up to ``count`` applications at ``rate`` per second for at most ``duration`` s
    (or until ``stop`` is set); waits for the requests in flight before returning."""
    ensure_loopback(url)
    pairs: list = list(drafts) if drafts is not None else [(a, t) for t in targets for a in applicants]
    planned = min(count, len(pairs))
    result = into if into is not None else LoadResult()
    result.planned = planned
    bar = Progress(planned, progress)
    own = client is None
    client = client or httpx.AsyncClient(base_url=url, timeout=30, limits=httpx.Limits(max_connections=concurrency))
    limit = asyncio.Semaphore(concurrency)

    async def one(applicant: Applicant, target: Target | Draft) -> None:
        async with limit:
            if loop.time() - t0 > duration or (stop is not None and stop.is_set()):
                result.refused[NOT_SENT] += 1  # queued too long
                return
            key = str(uuid.uuid4())
            if isinstance(target, Draft):
                await submit(applicant, target.application_id, target.cycle_id, key)
                return
            created, _ = await _post_retrying(
                client,
                "/applications",
                result=result,
                what="create",
                retries=retries,
                json=application_body(target),
                headers={**applicant.headers, "Idempotency-Key": key},
            )
            if created is None or created.status_code != 201:
                result.refused[f"create {created.status_code if created else 'no answer'}"] += 1
                return
            await submit(applicant, created.json()["id"], target.cycle_id, key)

    async def submit(applicant: Applicant, application_id: str, cycle_id: str, key: str) -> None:
        sent = time.time()
        submitted, attempts = await _post_retrying(
            client,
            f"/applications/{application_id}/submit",
            result=result,
            what="submit",
            retries=retries,
            headers={**applicant.headers, "Idempotency-Key": f"submit-{key}"},
        )
        if submitted is None:
            result.unanswered.append(application_id)
        elif submitted.status_code == 200:
            result.accepted.append(Accepted(application_id, applicant.id, cycle_id, sent, time.time(), attempts))
        else:
            result.refused[f"submit {submitted.status_code}"] += 1
        bar.update(result)

    result.started = time.time()
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    tasks = []
    try:
        for i, pair in enumerate(pairs[:planned]):
            applicant, target = (pair.applicant, pair) if isinstance(pair, Draft) else pair
            due = t0 + i / rate
            if due - t0 > duration or (stop is not None and stop.is_set()):
                break
            delay = due - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(applicant, target)))
            bar.update(result)
        await asyncio.gather(*tasks)
    finally:
        for task in tasks:
            task.cancel()
        result.finished = time.time()
        bar.close(result)
        if own:
            await client.aclose()
    return result


async def _main(args) -> int:
    ensure_loopback(args.url)
    async with httpx.AsyncClient(base_url=args.url, timeout=30) as client:
        targets = await discover_targets(client, args.cycle or None)
        if not targets:
            print("loadgen: no open cycle with student programmes", file=sys.stderr)
            return 2
        per_cycle = -(-args.count // len(targets))  # ceil: enough applicants for the count
        n = args.applicants or min(per_cycle, 1000)
        print(f"loadgen: registering {n} applicants for {len(targets)} cycle(s)...", file=sys.stderr)
        applicants = await register_applicants(client, n, nationality=args.nationality)
    result = await run_load(
        args.url,
        rate=args.rate,
        count=args.count,
        duration=args.duration,
        applicants=applicants,
        targets=targets,
        concurrency=args.concurrency,
        progress=not args.no_progress,
    )
    if args.out:
        with open(args.out, "w") as f:  # noqa: ASYNC230 - once, after the load has finished
            for a in result.accepted:
                f.write(json.dumps(asdict(a)) + "\n")
    print(json.dumps(result.summary()))
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", default="http://127.0.0.1:8001", help="the applications service (loopback only)")
    p.add_argument("--rate", type=float, default=20.0, help="applications per second")
    p.add_argument("--count", type=int, default=200, help="at most this many applications")
    p.add_argument("--duration", type=float, default=30.0, help="at most this many seconds of load")
    p.add_argument("--applicants", type=int, default=0, help="applicants to register (default: enough)")
    p.add_argument("--nationality", default="KZ")
    p.add_argument("--cycle", action="append", default=[], help="cycle id (repeatable; default: all open)")
    p.add_argument("--concurrency", type=int, default=64, help="requests in flight at most")
    p.add_argument("--out", help="write the accepted applications here, one JSON line each")
    p.add_argument("--no-progress", action="store_true")
    args = p.parse_args(argv)
    if args.rate <= 0 or args.count <= 0 or args.duration <= 0:
        p.error("--rate, --count and --duration must be positive")
    return asyncio.run(_main(args))


if __name__ == "__main__":
    raise SystemExit(main())
