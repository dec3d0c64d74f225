"""Host admission (issue 14) over the matching API, real Kafka and PostgreSQL.

The exchange path (matching, review, admission, answer): an officer's approval sends each
match to its host; the host admits (admission.decided then match.approved, the offer) or
rejects with a reason (the seat goes to the next round); decisions are versioned. The SCO
path (with a nomination stage): a host's rejection withdraws the nominee and the first on
HEC's reserve list moves up, and the next round places them.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from shared.events.catalog import (
    AccountUpserted,
    ApplicationSubmitted,
    ApplicationWithdrawn,
    LanguageCertificate,
    OfferAccepted,
    OfferDeclined,
    Topics,
)
from shared.principal import Role
from tests.integration.matching.conftest import TopicReader
from tests.support.ids import uid
from tests.support.infra import wait_for
from tests.support.services import auth

ADMIN = auth(Role.ADMIN, "admin-1")
EXCHANGE = ["matching", "review", "admission", "answer"]
SCO = ["nomination", "matching", "review", "admission", "answer"]


@dataclass
class World:
    path: list[str]
    u: str = field(default_factory=uid)

    def __post_init__(self) -> None:
        self.scheme, self.cycle, self.host, self.programme = (
            f"s-{self.u}",
            f"c-{self.u}",
            f"h-{self.u}",
            f"p-{self.u}",
        )
        self.partner = auth(Role.PARTNER, f"partner-{self.u}", institutions=[self.host], name="LZU admissions")
        self.elsewhere = auth(Role.PARTNER, f"other-{self.u}", institutions=[f"else-{self.u}"])
        self.hec = auth(Role.NOMINATOR, f"hec-{self.u}", schemes=[self.scheme], countries=["PK"])
        self.deadline = datetime.now(UTC) + timedelta(days=40)

    def a(self, name: str) -> str:
        return f"{name}-{self.u}"


async def ok(r, code=200):
    assert r.status_code == code, r.text
    return r.json()


async def build(c, producer, w: World, grades: dict[str, float], *, seats: int, allocation: int | None = None) -> None:
    """One host with one programme of ``seats``; the applications (all from PK) in the pool."""
    await ok(
        await c.post(
            "/institutions", json={"id": w.host, "name": "Lanzhou University", "country": "CN"}, headers=ADMIN
        ),
        201,
    )
    scheme = {
        "id": w.scheme,
        "name": "SCO Scholarship",
        "sponsor": "CSC",
        "eligible_countries": ["PK"],
        "path": w.path,
        "authorities": {"PK": "Higher Education Commission (HEC)"},
    }
    await ok(await c.post("/schemes", json=scheme, headers=ADMIN), 201)
    now = datetime.now(UTC)
    cycle = {
        "id": w.cycle,
        "scheme_id": w.scheme,
        "name": "2026/27",
        "opens_at": (now - timedelta(days=10)).isoformat(),
        "closes_at": (now + timedelta(days=10)).isoformat(),
        "admission_closes_at": w.deadline.isoformat(),
    }
    if "nomination" in w.path:
        cycle["nomination_closes_at"] = (now + timedelta(days=20)).isoformat()
    await ok(await c.post("/cycles", json=cycle, headers=ADMIN), 201)
    programme = {
        "id": w.programme,
        "cycle_id": w.cycle,
        "host_institution_id": w.host,
        "title": "International Relations",
        "field": "politics",
        "level": "master",
        "language": "zh",
        "seats": seats,
    }
    await ok(await c.post("/programmes", json=programme, headers=ADMIN), 201)
    if allocation is not None:
        rule = {
            "id": f"pk-{w.u}",
            "cycle_id": w.cycle,
            "label": f"at most {allocation} from PK",
            "scope": {"sending_country": ["PK"]},
            "max_count": allocation,
        }
        await ok(await c.post("/quota-rules", json=rule, headers=ADMIN), 201)
    for name, grade in grades.items():
        await producer.publish(
            ApplicationSubmitted(
                application_id=w.a(name),
                applicant_id=f"stu-{w.a(name)}",
                cycle_id=w.cycle,
                scheme_id=w.scheme,
                applicant_type="student",
                sending_country="PK",
                choices=[w.programme],
                grade=grade,
                language_certificates=[LanguageCertificate(kind="HSK", level=5)],
                submitted_at=now,
            )
        )

    async def pooled():
        page = (await c.get(f"/cycles/{w.cycle}/pool", params={"limit": 1}, headers=ADMIN)).json()
        return page if page["total"] == len(grades) else None

    await wait_for(pooled, timeout=45, what="the pool filled from Kafka")


async def run_round(c, w: World, seed: int) -> dict[str, dict]:
    """A round; its matches by application id."""
    started = await ok(await c.post(f"/cycles/{w.cycle}/rounds", json={"seed": seed}, headers=ADMIN), 202)

    async def done():
        body = (await c.get(f"/rounds/{started['round_id']}", headers=ADMIN)).json()
        return body if body["status"] in ("completed", "failed") else None

    assert (await wait_for(done, timeout=60, what="the round"))["status"] == "completed"
    page = await ok(await c.get("/matches", params={"round_id": started["round_id"], "limit": 500}, headers=ADMIN))
    return {m["application_id"]: m for m in page["items"]}


async def test_the_host_admits_or_rejects_and_changes_its_mind(matching, producer, kafka):
    c, w = matching, World(EXCHANGE)
    # the partner account, as the applications service announces it: its name says who decided
    await producer.publish(
        AccountUpserted(
            account_id=f"partner-{w.u}",
            role="partner",
            name="LZU admissions",
            email=f"admissions-{w.u}@lzu.example",
            institutions=[w.host],
        )
    )
    await build(c, producer, w, {"x1": 95.0, "x2": 90.0, "x3": 85.0}, seats=2)
    matches = await run_round(c, w, 1)
    assert set(matches) == {w.a("x1"), w.a("x2")}  # x3 waits for a seat
    x1, x2 = matches[w.a("x1")]["id"], matches[w.a("x2")]["id"]
    for m in (x1, x2):
        approved = await ok(await c.post(f"/matches/{m}/approve", headers=ADMIN))
        assert approved["status"] == "with_host" and approved["reply_by"] is None  # no offer yet

    waiting = await ok(await c.get("/admissions", params={"cycle_id": w.cycle}, headers=w.partner))
    assert [(a["match_id"], a["status"], a["decisions"]) for a in waiting["items"]] == [
        (x1, "with_host", []),
        (x2, "with_host", []),
    ]
    item = waiting["items"][0]
    assert item["decide_by"] == w.deadline.date().isoformat() and item["sending_country"] == "PK"
    assert item["programme_title"] == "International Relations" and item["grade"] == 95.0
    assert (await ok(await c.get("/admissions", params={"cycle_id": w.cycle}, headers=w.elsewhere)))["items"] == []

    # refusals: another host, no reason, an unknown reason, an unknown match
    body = {"decision": "rejected", "reason_code": "capacity"}
    r = await c.post(f"/matches/{x2}/admission", json=body, headers=w.elsewhere)
    # answered as for a missing match: the match is not confirmed, nor its host named
    assert r.status_code == 404 and r.json()["code"] == "match.not_found" and w.host not in r.text, r.text
    r = await c.post(f"/matches/{x2}/admission", json={"decision": "rejected"}, headers=w.partner)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "reason_code", r.text
    for code in ("tall", "no_decision"):  # no_decision is the deadline's, no host's
        r = await c.post(
            f"/matches/{x2}/admission", json={"decision": "rejected", "reason_code": code}, headers=w.partner
        )
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "reason_code", r.text
    r = await c.post(f"/matches/no-{w.u}/admission", json={"decision": "admitted"}, headers=w.partner)
    assert r.status_code == 404, r.text
    r = await c.post(f"/matches/{x2}/admission", json={"decision": "admitted", "note": "a\x00b"}, headers=w.partner)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "note", r.text
    r = await c.get("/admissions", params={"cycle_id": "a\x00b"}, headers=w.partner)
    assert r.status_code == 422, r.text

    # one admission by the match_id a webhook names; another host's is as missing as none
    one = await ok(await c.get(f"/admissions/{x2}", headers=w.partner))
    assert (one["match_id"], one["status"], one["host_institution_id"]) == (x2, "with_host", w.host)
    for who, match_id in ((w.elsewhere, x2), (w.partner, f"no-{w.u}")):
        r = await c.get(f"/admissions/{match_id}", headers=who)
        assert r.status_code == 404 and r.json()["code"] == "admission.not_found" and w.host not in r.text, r.text
    # the list narrowed to some applications or matches (each parameter repeatable)
    params: dict = {"application_id": [w.a("x2"), w.a("x3")]}
    assert [
        a["match_id"] for a in (await ok(await c.get("/admissions", params=params, headers=w.partner)))["items"]
    ] == [x2]
    params = {"match_id": [x1, x2]}
    assert [
        a["match_id"] for a in (await ok(await c.get("/admissions", params=params, headers=w.partner)))["items"]
    ] == [x1, x2]
    assert (await ok(await c.get("/admissions", params=params, headers=w.elsewhere)))["items"] == []
    # paged by cursor while deciding: deciding the first page's match skips none after it
    first = await ok(
        await c.get("/admissions", params={"cycle_id": w.cycle, "status": "with_host", "limit": 1}, headers=w.partner)
    )
    assert [a["match_id"] for a in first["items"]] == [x1] and first["total"] == 2 and first["next"]
    assert first["items"][0]["version"] == 0  # nothing decided yet: the version a first decision sends

    admitted = await ok(
        await c.post(f"/matches/{x1}/admission", json={"decision": "admitted", "note": "Welcome"}, headers=w.partner)
    )
    after = {"cycle_id": w.cycle, "status": "with_host", "limit": 1, "after": first["next"]}
    following = await ok(await c.get("/admissions", params=after, headers=w.partner))
    assert [a["match_id"] for a in following["items"]] == [x2] and following["next"] is None
    assert admitted["status"] == "approved" and admitted["decisions"][0]["decided_by"] == f"partner-{w.u}"
    assert admitted["decisions"][0]["decided_by_name"] == "LZU admissions"  # a partner's decisions were nobody's
    assert admitted["version"] == admitted["decisions"][-1]["version"] == 1  # as the partner guide says
    # a partner is never a reviewer
    reviewers = await ok(await c.get(f"/cycles/{w.cycle}/reviewers", headers=ADMIN))
    assert f"partner-{w.u}" not in {r["account_id"] for r in reviewers}
    rejected = await ok(
        await c.post(
            f"/matches/{x2}/admission",
            json={"decision": "rejected", "reason_code": "language", "note": "HSK 5 needed"},
            headers=w.partner,
        )
    )
    assert rejected["status"] == "host_rejected"
    r = await c.post(f"/matches/{x2}/admission", json={"decision": "admitted"}, headers=w.partner)
    assert r.status_code == 409 and r.json()["code"] == "admission.seat_released", r.text
    # the same decision again (a retry after a timeout): answered as it stands, no new version
    body = {"decision": "admitted", "note": "Welcome"}
    again = await ok(await c.post(f"/matches/{x1}/admission", json=body, headers=w.partner))
    assert again["status"] == "approved" and [d["version"] for d in again["decisions"]] == [1]
    # without the note it is another decision: nothing awaits one
    r = await c.post(f"/matches/{x1}/admission", json={"decision": "admitted"}, headers=w.partner)
    assert r.status_code == 409 and r.json()["code"] == "admission.not_awaiting", r.text
    offer = await ok(await c.get(f"/matches/{x1}", headers=ADMIN))
    assert offer["status"] == "approved" and offer["reply_by"]

    async with TopicReader(kafka.bootstrap, Topics.MATCHING.value) as reader:

        def told(envs):
            mine = [e for e in envs if e.data and e.data.get("match_id") in (x1, x2) and "proposed" not in e.type]
            return mine if len(mine) >= 5 else None

        events = await reader.wait_until(told, "the admission events")
    kinds = [(e.data["match_id"], e.type.split(".")[-3] + "." + e.type.split(".")[-2]) for e in events]
    assert [k for m, k in kinds if m == x1] == ["admission.requested", "admission.decided", "match.approved"]
    assert [k for m, k in kinds if m == x2] == ["admission.requested", "admission.decided"]
    requested = next(e for e in events if e.type.endswith("admission.requested.v1"))
    assert (
        requested.data["decide_by"] == w.deadline.date().isoformat()
        and requested.key == requested.data["application_id"]
    )
    no = next(e for e in events if e.data["match_id"] == x2 and e.type.endswith("admission.decided.v1"))
    assert (no.data["decision"], no.data["reason_code"], no.data["note"], no.data["version"]) == (
        "rejected",
        "language",
        "HSK 5 needed",
        1,
    )

    # ... but not from a page that showed no decision yet (an older tab): 409, nothing recorded
    stale = {"decision": "rejected", "reason_code": "capacity", "version": 0}
    r = await c.post(f"/matches/{x1}/admission", json=stale, headers=w.partner)
    assert r.status_code == 409 and r.json()["errors"][0]["code"] == "admission.changed", r.text
    assert r.json()["errors"][0]["field"] == "version" and r.json()["errors"][0]["status"] == "approved"
    # the host changes its mind about x1 before the applicant answered: version 2, the seat is freed
    again = await ok(
        await c.post(
            f"/matches/{x1}/admission",
            json={"decision": "rejected", "reason_code": "capacity", "version": 1},
            headers=w.partner,
        )
    )
    assert [(d["version"], d["decision"]) for d in again["decisions"]] == [(1, "admitted"), (2, "rejected")]
    rejected_list = await ok(
        await c.get("/admissions", params={"cycle_id": w.cycle, "status": "host_rejected"}, headers=w.partner)
    )
    assert {a["match_id"] for a in rejected_list["items"]} == {x1, x2}
    # one programme's (a host's filter): only its matches
    one = rejected_list["items"][0]
    params = {"cycle_id": w.cycle, "status": "host_rejected", "programme_id": one["programme_id"]}
    of_one = await ok(await c.get("/admissions", params=params, headers=w.partner))
    assert of_one["items"] and {a["programme_id"] for a in of_one["items"]} == {one["programme_id"]}
    params["programme_id"] = f"none-{w.u}"
    assert (await ok(await c.get("/admissions", params=params, headers=w.partner)))["total"] == 0

    # both seats are free: the next round places x3, and never x1 or x2 at the same programme again
    later = await run_round(c, w, 2)
    assert set(later) == {w.a("x3")}
    journal = await ok(await c.get("/journal", params={"cycle_id": w.cycle, "limit": 500}, headers=ADMIN))
    decided = [e for e in journal["items"] if e["action"] == "admission.decided"]
    assert len(decided) == 3 and {e["actor"] for e in decided} == {f"partner-{w.u}"}


async def test_a_host_rejection_moves_hecs_reserve_up(matching, producer, kafka):
    c, w = matching, World(SCO)
    await build(c, producer, w, {"n1": 95.0, "n2": 90.0, "r1": 99.0}, seats=3, allocation=2)
    body = {"nominees": [w.a("n1"), w.a("n2")], "reserve": [w.a("r1")], "not_nominated": [], "publish": True}
    await ok(await c.put(f"/cycles/{w.cycle}/nominations/PK", json=body, headers=w.hec))
    matches = await run_round(c, w, 1)
    assert set(matches) == {w.a("n1"), w.a("n2")}  # nominees only, though r1's grade is higher
    for m in matches.values():
        await ok(await c.post(f"/matches/{m['id']}/approve", headers=ADMIN))
    n2 = matches[w.a("n2")]["id"]
    body = {"decision": "rejected", "reason_code": "documents_incomplete", "note": "no transcript"}
    await ok(await c.post(f"/matches/{n2}/admission", json=body, headers=w.partner))

    candidates = await ok(
        await c.get(f"/cycles/{w.cycle}/nominations/PK/candidates", params={"limit": 50}, headers=w.hec)
    )
    states = {x["application_id"]: x["state"] for x in candidates["items"]}
    assert states == {w.a("n1"): "nominated", w.a("n2"): "withdrawn", w.a("r1"): "nominated"}
    # what became of n2's place: r1 moved up into it (the authority's page names them)
    [n2_row] = [x for x in candidates["items"] if x["application_id"] == w.a("n2")]
    assert n2_row["moved_up"]["application_id"] == w.a("r1") and n2_row["reserve_was_empty"] is False
    # the officers' table says what happened: the host's rejection, not "not nominated"
    table = await ok(await c.get(f"/cycles/{w.cycle}/applications", headers=ADMIN))
    shown = {r["application_id"]: r["status"] for r in table["items"]}
    # r1, moved up from the reserve, is a nominee waiting for a round
    assert shown == {w.a("n1"): "with_host", w.a("n2"): "host_rejected", w.a("r1"): "nominated"}
    async with TopicReader(kafka.bootstrap, Topics.MATCHING.value) as reader:

        def nominations(envs):
            mine = [e for e in envs if e.type.endswith("nomination.decided.v1") and e.data["cycle_id"] == w.cycle]
            return mine if len(mine) >= 5 else None

        told = await reader.wait_until(nominations, "the nominations told")
    last = {e.data["application_id"]: e.data for e in told}
    assert last[w.a("n2")]["state"] == "withdrawn" and last[w.a("n2")]["version"] == 2
    assert last[w.a("r1")]["state"] == "nominated" and last[w.a("r1")]["promoted"] is True

    later = await run_round(c, w, 2)  # the freed seat goes to the promoted reserve
    assert set(later) == {w.a("r1")}
    # the journal names the host's account behind the withdrawal it caused (it showed the id)
    journal = await ok(await c.get("/journal", params={"cycle_id": w.cycle, "limit": 500}, headers=ADMIN))
    (withdrawn,) = [e for e in journal["items"] if e["action"] == "nomination.withdrawn"]
    assert (withdrawn["actor"], withdrawn["actor_name"]) == (f"partner-{w.u}", "LZU admissions")
    assert withdrawn["after"]["promoted"] == w.a("r1") and set(withdrawn["applicants"]) <= {w.a("n2"), w.a("r1")}
    csv = (await c.get("/journal.csv", params={"cycle_id": w.cycle}, headers=ADMIN)).text
    (row,) = [line for line in csv.splitlines() if ",nomination.withdrawn," in line]
    assert f"partner-{w.u},LZU admissions,nomination.withdrawn" in row  # the CSV's actor_name was empty


async def test_two_decisions_at_once_make_one_version(matching, producer):
    """Two of the host's users admit the same match at the same moment: the match row's lock
    lets one through (version 1); the other finds the same decision made and is answered as it
    stands, never a version 2. A rejection at the same moment finds nothing awaiting (409)."""
    c, w = matching, World(EXCHANGE)
    await build(c, producer, w, {"y1": 90.0}, seats=1)
    (match,) = (await run_round(c, w, 3)).values()
    await ok(await c.post(f"/matches/{match['id']}/approve", headers=ADMIN))
    other = auth(Role.PARTNER, f"colleague-{w.u}", institutions=[w.host])
    answers = await asyncio.gather(
        *(
            c.post(f"/matches/{match['id']}/admission", json={"decision": "admitted"}, headers=h)
            for h in (w.partner, other)
        )
    )
    assert [r.status_code for r in answers] == [200, 200], [r.text for r in answers]
    assert [[d["version"] for d in r.json()["decisions"]] for r in answers] == [[1], [1]]
    (item,) = (await ok(await c.get("/admissions", params={"cycle_id": w.cycle}, headers=w.partner)))["items"]
    assert [d["version"] for d in item["decisions"]] == [1] and item["status"] == "approved"


async def test_the_host_lists_the_admitted_who_accepted(matching, producer):
    """After the admission the applicant's answer: the host's list by status shows an accepted
    offer under accepted, no longer under approved."""
    c, w = matching, World(EXCHANGE)
    await build(c, producer, w, {"z1": 90.0}, seats=1)
    (match,) = (await run_round(c, w, 4)).values()
    await ok(await c.post(f"/matches/{match['id']}/approve", headers=ADMIN))
    await ok(await c.post(f"/matches/{match['id']}/admission", json={"decision": "admitted"}, headers=w.partner))
    await producer.publish(
        OfferAccepted(
            application_id=match["application_id"],
            applicant_id=match["applicant_id"],
            cycle_id=w.cycle,
            match_id=match["id"],
            programme_id=match["programme_id"],
        )
    )

    async def listed(status: str) -> list[str]:
        page = await ok(await c.get("/admissions", params={"cycle_id": w.cycle, "status": status}, headers=w.partner))
        return [item["match_id"] for item in page["items"]]

    async def accepted():
        return await listed("accepted") or None

    assert await wait_for(accepted, timeout=45, what="the acceptance applied") == [match["id"]]
    assert await listed("approved") == [] and await listed("declined") == []
    # the place given up (a visa refused): the host's list shows it under withdrawn, where its notice
    # points (it had left every tab)
    await producer.publish(
        ApplicationWithdrawn(
            application_id=match["application_id"], applicant_id=match["applicant_id"], cycle_id=w.cycle
        )
    )

    async def withdrawn():
        return await listed("withdrawn") or None

    assert await wait_for(withdrawn, timeout=45, what="the withdrawal applied") == [match["id"]]
    assert await listed("accepted") == []


async def test_the_authority_cannot_take_off_a_nominee_who_holds_a_place(matching, producer):
    """n1's match is approved (with the host now: its seat held): withdrawing n1, or publishing the list without
    n1, is refused (409 nomination.placed, naming n1) and changes nothing; n2, only proposed,
    can be withdrawn and the reserve moves up."""
    c, w = matching, World(SCO)
    await build(c, producer, w, {"n1": 95.0, "n2": 90.0, "r1": 99.0}, seats=3, allocation=2)
    body = {"nominees": [w.a("n1"), w.a("n2")], "reserve": [w.a("r1")], "not_nominated": [], "publish": True}
    await ok(await c.put(f"/cycles/{w.cycle}/nominations/PK", json=body, headers=w.hec))
    matches = await run_round(c, w, 1)
    await ok(await c.post(f"/matches/{matches[w.a('n1')]['id']}/approve", headers=ADMIN))

    withdraw = {"application_id": w.a("n1"), "reason": "changed our mind"}
    r = await c.post(f"/cycles/{w.cycle}/nominations/PK/withdraw", json=withdraw, headers=w.hec)
    assert r.status_code == 409, r.text
    problem = r.json()
    assert problem["code"] == "nomination.placed" and problem["errors"][0]["field"] == "application_id"
    error = problem["errors"][0]
    assert error["application_id"] == w.a("n1") and error["status"] == "with_host", problem
    again = {
        **body,
        "nominees": [w.a("n2"), w.a("r1")],
        "reserve": [],
        "not_nominated": [{"application_id": w.a("n1")}],
    }
    r = await c.put(f"/cycles/{w.cycle}/nominations/PK", json=again, headers=w.hec)
    assert r.status_code == 409 and r.json()["code"] == "nomination.placed", r.text

    await ok(
        await c.post(
            f"/cycles/{w.cycle}/nominations/PK/withdraw",
            json={"application_id": w.a("n2"), "reason": "documents"},
            headers=w.hec,
        )
    )
    candidates = await ok(
        await c.get(f"/cycles/{w.cycle}/nominations/PK/candidates", params={"limit": 50}, headers=w.hec)
    )
    states = {x["application_id"]: x["state"] for x in candidates["items"]}
    assert states == {w.a("n1"): "nominated", w.a("n2"): "withdrawn", w.a("r1"): "nominated"}
    placed = {x["application_id"]: x["placed"] for x in candidates["items"]}
    assert placed == {w.a("n1"): "with_host", w.a("n2"): None, w.a("r1"): None}  # the pool shows who holds a seat
    # n2's proposal from the round is void with the nomination: no officer can give n2 the seat
    # beside r1, who moved up in n2's stead
    n2 = matches[w.a("n2")]["id"]
    assert (await ok(await c.get(f"/matches/{n2}", headers=ADMIN)))["status"] == "superseded"
    r = await c.post(f"/matches/{n2}/approve", headers=ADMIN)
    assert r.status_code == 409, r.text


async def test_after_a_declining_deadline_the_host_decides_no_more(matching, producer):
    """Under a scheme that declines at the admission deadline, a decision after it is refused
    (409 admission.closed) rather than racing the deadline worker; under "wait" it is taken."""
    c, w = matching, World(EXCHANGE)
    await build(c, producer, w, {"z1": 90.0}, seats=1)
    (match,) = (await run_round(c, w, 5)).values()
    await ok(await c.post(f"/matches/{match['id']}/approve", headers=ADMIN))
    scheme = await ok(await c.get(f"/schemes/{w.scheme}", headers=ADMIN))
    keep = ("name", "sponsor", "eligible_countries", "path", "authorities")
    await ok(await c.put(f"/schemes/{w.scheme}", json={**{k: scheme[k] for k in keep}, "id": w.scheme, "admission_deadline_action": "decline"}, headers=ADMIN))  # fmt: skip
    cycle = await ok(await c.get(f"/cycles/{w.cycle}", headers=ADMIN))
    passed = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    fields = ("id", "scheme_id", "name", "opens_at", "closes_at", "admission_closes_at")
    await ok(await c.put(f"/cycles/{w.cycle}", json={**{k: cycle[k] for k in fields}, "admission_closes_at": passed}, headers=ADMIN))  # fmt: skip
    r = await c.post(f"/matches/{match['id']}/admission", json={"decision": "admitted"}, headers=w.partner)
    assert (r.status_code, r.json()["code"]) == (409, "admission.closed"), r.text
    assert (await ok(await c.get(f"/matches/{match['id']}", headers=ADMIN)))["status"] == "with_host"
    await ok(await c.put(f"/schemes/{w.scheme}", json={**{k: scheme[k] for k in keep}, "id": w.scheme, "admission_deadline_action": "wait"}, headers=ADMIN))  # fmt: skip
    decided = await ok(
        await c.post(f"/matches/{match['id']}/admission", json={"decision": "admitted"}, headers=w.partner)
    )
    assert decided["status"] == "approved"


async def test_a_nominee_who_declines_the_offer_gives_the_place_to_the_reserve(matching, producer):
    """The country's allocation is a place per nominee: a nominee who declines hands it on, as
    one who withdraws does; the nominating authority's list counts what it shows."""
    c, w = matching, World(SCO)
    await build(c, producer, w, {"d1": 95.0, "d2": 90.0, "r1": 99.0}, seats=3, allocation=2)
    body = {"nominees": [w.a("d1"), w.a("d2")], "reserve": [w.a("r1")], "not_nominated": [], "publish": True}
    await ok(await c.put(f"/cycles/{w.cycle}/nominations/PK", json=body, headers=w.hec))
    matches = await run_round(c, w, 1)
    d1 = matches[w.a("d1")]
    await ok(await c.post(f"/matches/{d1['id']}/approve", headers=ADMIN))
    await ok(await c.post(f"/matches/{d1['id']}/admission", json={"decision": "admitted"}, headers=w.partner))
    declined = OfferDeclined(
        application_id=d1["application_id"],
        applicant_id=d1["applicant_id"],
        cycle_id=w.cycle,
        match_id=d1["id"],
        programme_id=d1["programme_id"],
    )
    await producer.publish(declined)
    await producer.publish(declined)  # a redelivery (a new event id, the same answer): nothing more

    async def moved_up():
        page = await ok(
            await c.get(f"/cycles/{w.cycle}/nominations/PK/candidates", params={"limit": 50}, headers=w.hec)
        )
        states = {x["application_id"]: x["state"] for x in page["items"]}
        return states if states.get(w.a("r1")) == "nominated" else None

    states = await wait_for(moved_up, timeout=45, what="the reserve moved up after the decline")
    assert states[w.a("d2")] == "nominated" and states.get(w.a("d1")) in (None, "withdrawn")
    summary = await ok(await c.get(f"/cycles/{w.cycle}/nominations/PK", headers=w.hec))
    assert summary["nominated"] == 2, summary
    assert (await ok(await c.get(f"/matches/{d1['id']}", headers=ADMIN)))["status"] == "declined"
    # the cycle's journal has the applicant's decline, once, and their leaving the list, both by
    # the applicant (the withdrawal said "applicant"); its filter and its CSV have it too
    journal = await ok(await c.get("/journal", params={"cycle_id": w.cycle, "limit": 500}, headers=ADMIN))
    theirs = [(e["action"], e["actor"]) for e in journal["items"] if e["application_id"] == w.a("d1")]
    assert ("offer.declined", d1["applicant_id"]) in theirs and ("nomination.withdrawn", d1["applicant_id"]) in theirs
    assert [a for a, _ in theirs].count("offer.declined") == 1, theirs
    params = {"cycle_id": w.cycle, "action": "offer.declined"}
    (only,) = (await ok(await c.get("/journal", params=params, headers=ADMIN)))["items"]
    assert (only["before"], only["after"]["status"]) == ({"status": "approved"}, "declined")
    csv = (await c.get("/journal.csv", params={"cycle_id": w.cycle}, headers=ADMIN)).text
    assert sum(",offer.declined," in line for line in csv.splitlines()) == 1


async def test_a_match_withdrawn_before_the_host_decided_stays_in_the_hosts_lists(matching, producer):
    """Withdrawn while it waited for the host's decision: its link (the partner re-reads each
    webhook's admission) answered 404, and it left every tab, while a decision on it said
    "withdrawn". It reads withdrawn, under withdrawn."""
    c, w = matching, World(EXCHANGE)
    await build(c, producer, w, {"z1": 90.0}, seats=1)
    (match,) = (await run_round(c, w, 4)).values()
    await ok(await c.post(f"/matches/{match['id']}/approve", headers=ADMIN))
    waiting = await ok(await c.get(f"/admissions/{match['id']}", headers=w.partner))
    assert waiting["status"] == "with_host"
    await producer.publish(
        ApplicationWithdrawn(
            application_id=match["application_id"], applicant_id=match["applicant_id"], cycle_id=w.cycle
        )
    )

    async def withdrawn():
        r = await c.get(f"/admissions/{match['id']}", headers=w.partner)
        return r.json() if r.status_code == 200 and r.json()["status"] == "withdrawn" else None

    gone = await wait_for(withdrawn, timeout=45, what="the withdrawal applied")
    assert gone["match_id"] == match["id"] and gone["decisions"] == []
    page = await ok(await c.get("/admissions", params={"cycle_id": w.cycle, "status": "withdrawn"}, headers=w.partner))
    assert [item["match_id"] for item in page["items"]] == [match["id"]]
    r = await c.post(f"/matches/{match['id']}/admission", json={"decision": "admitted"}, headers=w.partner)
    assert r.status_code == 409, r.text  # nothing to decide now
