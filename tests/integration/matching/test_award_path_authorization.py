"""The authorization matrix of the award path (issue 14) over real Kafka and PostgreSQL: a
nominator sees and sets only its own country's nominations (in its own schemes), officers of
the scheme read them but do not set them; a host's partner users see and decide only the
admissions at their own institutions, and never read an applicant's name; a home
institution's coordinator reaches neither (its endorsements: tests/integration/matching/
test_endorsements.py).

One cycle with a nomination and an admission stage: HEC nominates two of three Pakistani
applicants (one in reserve), the Kazakh ministry two of three Kazakhs; a round places the
nominees, the admin approves every match, so each waits for its host (LZU or XJU).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from shared.events.catalog import ApplicantRegistered, ApplicationSubmitted, LanguageCertificate
from shared.principal import Role
from tests.support.ids import uid
from tests.support.infra import wait_for
from tests.support.services import auth

ADMIN = auth(Role.ADMIN, "admin-1")
PATH = ["nomination", "matching", "review", "admission", "answer"]


@dataclass
class World:
    u: str = field(default_factory=uid)

    def __post_init__(self) -> None:
        u = self.u
        self.scheme, self.cycle = f"sco-{u}", f"sco-{u}-2026"
        self.lzu, self.xju = f"lzu-{u}", f"xju-{u}"
        self.ir, self.pe = f"ir-{u}", f"pe-{u}"  # International Relations at LZU, Petroleum Engineering at XJU
        # application id -> (country, grade, choices, name)
        self.applicants = {
            self.a("p1"): ("PK", 95.0, [self.ir, self.pe], "Ayesha Khan"),
            self.a("p2"): ("PK", 90.0, [self.pe, self.ir], "Hamza Qureshi"),
            self.a("p3"): ("PK", 85.0, [self.ir, self.pe], "Bilal Ahmed"),
            self.a("k1"): ("KZ", 94.0, [self.pe, self.ir], "Aruzhan Seitkali"),
            self.a("k2"): ("KZ", 89.0, [self.ir, self.pe], "Timur Bekov"),
            self.a("k3"): ("KZ", 84.0, [self.pe, self.ir], "Madina Omarova"),
        }
        self.who = {
            "hec": auth(Role.NOMINATOR, "hec", schemes=[self.scheme], countries=["PK"]),
            "ministry_kz": auth(Role.NOMINATOR, "kz-ministry", schemes=[self.scheme], countries=["KZ"]),
            "hec_other_scheme": auth(Role.NOMINATOR, "hec-cpec", schemes=[f"cpec-{u}"], countries=["PK"]),
            "officer_in_scheme": auth(Role.OFFICER, "o-sco", schemes=[self.scheme]),
            "officer_other_scheme": auth(Role.OFFICER, "o-cpec", schemes=[f"cpec-{u}"]),
            "officer_xju": auth(Role.OFFICER, "o-xju", institutions=[self.xju]),
            "host_lzu": auth(Role.PARTNER, "p-lzu", institutions=[self.lzu]),
            "host_xju": auth(Role.PARTNER, "p-xju", institutions=[self.xju]),
            "host_elsewhere": auth(Role.PARTNER, "p-else", institutions=[f"else-{u}"]),
            "applicant": auth(Role.APPLICANT, f"stu-{self.a('p1')}"),
            # a home institution's coordinator (issue 14): endorses, never nominates nor admits;
            # its institutions are home institutions, never read as hosts
            "coordinator": auth(Role.COORDINATOR, "c-home", schemes=[self.scheme], institutions=[self.lzu]),
            "admin": ADMIN,
            "nobody": {},
        }

    def a(self, name: str) -> str:
        return f"{name}-{self.u}"

    def of(self, country: str) -> set[str]:
        return {app for app, (c, *_) in self.applicants.items() if c == country}


async def ok(r, code=200):
    assert r.status_code == code, r.text
    return r.json()


def items(body) -> list[dict]:
    """A page's items, or a plain list."""
    return body["items"] if isinstance(body, dict) else body


async def build(c, w: World) -> None:
    for inst, name in ((w.lzu, "Lanzhou University"), (w.xju, "Xinjiang University")):
        await ok(await c.post("/institutions", json={"id": inst, "name": name, "country": "CN"}, headers=ADMIN), 201)
    scheme = {
        "id": w.scheme,
        "name": "SCO Scholarship",
        "sponsor": "CSC",
        "eligible_countries": ["KZ", "PK"],
        "path": PATH,
        "authorities": {"PK": "Higher Education Commission (HEC)", "KZ": "Ministry of Science and Higher Education"},
    }
    await ok(await c.post("/schemes", json=scheme, headers=ADMIN), 201)
    now = datetime.now(UTC)
    cycle = {
        "id": w.cycle,
        "scheme_id": w.scheme,
        "name": "SCO 2026/27",
        "opens_at": (now - timedelta(days=10)).isoformat(),
        "closes_at": (now + timedelta(days=10)).isoformat(),
        "nomination_closes_at": (now + timedelta(days=20)).isoformat(),
        "admission_closes_at": (now + timedelta(days=40)).isoformat(),
    }
    await ok(await c.post("/cycles", json=cycle, headers=ADMIN), 201)
    for pid, host in ((w.ir, w.lzu), (w.pe, w.xju)):
        programme = {
            "id": pid,
            "cycle_id": w.cycle,
            "host_institution_id": host,
            "title": pid,
            "field": "engineering",
            "level": "master",
            "language": "zh",
            "seats": 3,
        }
        await ok(await c.post("/programmes", json=programme, headers=ADMIN), 201)
    for country in ("PK", "KZ"):  # each country's allocation: 2
        rule = {
            "id": f"{country.lower()}-{w.u}",
            "cycle_id": w.cycle,
            "label": f"at most 2 from {country}",
            "scope": {"sending_country": [country]},
            "max_count": 2,
        }
        await ok(await c.post("/quota-rules", json=rule, headers=ADMIN), 201)


@pytest.fixture(scope="module")
async def world(matching, producer) -> World:
    """The pool filled from Kafka and both countries' lists published."""
    c, w = matching, World()
    await build(c, w)
    now = datetime.now(UTC)
    for app_id, (country, grade, choices, name) in w.applicants.items():
        # the applicant's name reaches matching with applicant.registered, as from the applications service
        await producer.publish(
            ApplicantRegistered(
                applicant_id=f"stu-{app_id}", email=f"{app_id}@example.org", name=name, nationality=country
            )
        )
        await producer.publish(
            ApplicationSubmitted(
                application_id=app_id,
                applicant_id=f"stu-{app_id}",
                cycle_id=w.cycle,
                scheme_id=w.scheme,
                applicant_type="student",
                sending_country=country,
                choices=choices,
                grade=grade,
                language_certificates=[LanguageCertificate(kind="HSK", level=5)],
                submitted_at=now,
            )
        )

    async def pooled():
        page = (await c.get(f"/cycles/{w.cycle}/pool", params={"limit": 1}, headers=ADMIN)).json()
        return page if page["total"] == len(w.applicants) else None

    await wait_for(pooled, timeout=45, what="the pool filled from Kafka")
    for country, nominator, (n1, n2, r1) in (
        ("PK", "hec", "p1 p2 p3".split()),
        ("KZ", "ministry_kz", "k1 k2 k3".split()),
    ):
        body = {"nominees": [w.a(n1), w.a(n2)], "reserve": [w.a(r1)], "not_nominated": [], "publish": True}
        summary = await ok(await c.put(f"/cycles/{w.cycle}/nominations/{country}", json=body, headers=w.who[nominator]))
        assert summary["status"] == "published" and summary["nominated"] == 2 and summary["reserve"] == 1
    return w


@pytest.fixture(scope="module")
async def with_host(matching, world) -> dict[str, dict]:
    """A round on the nominees, every match approved by the admin: application id -> match."""
    c, w = matching, world
    started = await ok(await c.post(f"/cycles/{w.cycle}/rounds", json={"seed": 7}, headers=ADMIN), 202)

    async def done():
        body = (await c.get(f"/rounds/{started['round_id']}", headers=ADMIN)).json()
        return body if body["status"] in ("completed", "failed") else None

    assert (await wait_for(done, timeout=60, what="the round"))["status"] == "completed"
    page = await ok(await c.get("/matches", params={"round_id": started["round_id"], "limit": 500}, headers=ADMIN))
    matches = {m["application_id"]: m for m in page["items"]}
    nominees = {w.a(x) for x in ("p1", "p2", "k1", "k2")}
    assert set(matches) == nominees  # the round placed the nominees only
    for m in matches.values():
        approved = await ok(await c.post(f"/matches/{m['id']}/approve", headers=ADMIN))
        assert approved["status"] == "with_host", approved
    return matches


# --- nominations ---------------------------------------------------------------------------


# who -> the countries of this cycle they see (None: refused with that status)
LIST_SEES: dict[str, set[str] | int] = {
    "hec": {"PK"},
    "ministry_kz": {"KZ"},
    "officer_in_scheme": {"PK", "KZ"},
    "admin": {"PK", "KZ"},
    "host_lzu": 403,
    "applicant": 403,
    "coordinator": 403,
    "nobody": 401,
}


@pytest.mark.parametrize("who", list(LIST_SEES))
async def test_the_nominations_list_shows_only_the_callers_countries(matching, world, who):
    r = await matching.get(f"/cycles/{world.cycle}/nominations", headers=world.who[who])
    expected = LIST_SEES[who]
    if isinstance(expected, int):
        assert r.status_code == expected, r.text
        return
    assert r.status_code == 200, r.text
    seen = {s["sending_country"] for s in items(r.json())}
    assert expected <= seen and seen <= {"PK", "KZ"} and (who not in ("hec", "ministry_kz") or seen == expected)


@pytest.mark.parametrize("who", ["hec_other_scheme", "officer_other_scheme", "officer_xju"])
async def test_outside_the_scheme_no_country_is_shown(matching, world, who):
    r = await matching.get(f"/cycles/{world.cycle}/nominations", headers=world.who[who])
    assert r.status_code == 403 or (r.status_code == 200 and items(r.json()) == []), r.text


# who -> status reading Pakistan's list and its candidates
READS_PK = {
    "hec": 200,
    "officer_in_scheme": 200,
    "admin": 200,
    "ministry_kz": 403,
    "hec_other_scheme": 403,
    "officer_other_scheme": 403,
    "officer_xju": 403,
    "host_lzu": 403,
    "applicant": 403,
    "coordinator": 403,
    "nobody": 401,
}


@pytest.mark.parametrize("who,status", list(READS_PK.items()))
async def test_pakistans_list_and_pool_are_read_by_hec_and_the_schemes_officers_only(matching, world, who, status):
    base = f"/cycles/{world.cycle}/nominations/PK"
    summary = await matching.get(base, headers=world.who[who])
    assert summary.status_code == status, summary.text
    candidates = await matching.get(f"{base}/candidates", params={"limit": 500}, headers=world.who[who])
    assert candidates.status_code == status, candidates.text
    if status == 200:
        assert summary.json()["sending_country"] == "PK" and summary.json()["authority"].startswith("Higher Education")
        listed = {c["application_id"] for c in candidates.json()["items"]}
        assert listed == world.of("PK")  # the whole national pool, and no Kazakh
        assert "Aruzhan" not in candidates.text


async def test_a_nominator_finds_no_other_countrys_applicant_by_name(matching, world):
    async def named():  # names arrive by applicant.registered, on their own partition
        r = await matching.get(f"/cycles/{world.cycle}/nominations/KZ/candidates", headers=ADMIN)
        return all(c["applicant_name"] for c in r.json()["items"]) or None

    await wait_for(named, timeout=30, what="the applicants' names in matching")
    for who, country, foreign in (("hec", "PK", "Aruzhan"), ("ministry_kz", "KZ", "Ayesha")):
        r = await matching.get(
            f"/cycles/{world.cycle}/nominations/{country}/candidates", params={"q": foreign}, headers=world.who[who]
        )
        assert r.status_code == 200 and r.json()["total"] == 0, r.text
    r = await matching.get(
        f"/cycles/{world.cycle}/nominations/KZ/candidates", params={"q": "Aruzhan"}, headers=world.who["ministry_kz"]
    )
    assert [c["application_id"] for c in r.json()["items"]] == [world.a("k1")]


# who -> status setting or withdrawing Pakistan's nominations (officers read, they do not nominate)
SETS_PK = {
    "ministry_kz": 403,
    "hec_other_scheme": 403,
    "officer_in_scheme": 403,
    "officer_other_scheme": 403,
    "host_lzu": 403,
    "applicant": 403,
    "coordinator": 403,
    "nobody": 401,
}


@pytest.mark.parametrize("who,status", list(SETS_PK.items()))
async def test_only_pakistans_authority_sets_its_list(matching, world, who, status):
    w, base = world, f"/cycles/{world.cycle}/nominations/PK"
    before = await ok(await matching.get(base, headers=ADMIN))
    body = {"nominees": [w.a("p3")], "reserve": [], "not_nominated": [], "publish": True}
    r = await matching.put(base, json=body, headers=w.who[who])
    assert r.status_code == status, r.text
    r = await matching.post(f"{base}/withdraw", json={"application_id": w.a("p1"), "reason": "x"}, headers=w.who[who])
    assert r.status_code == status, r.text
    after = await ok(await matching.get(base, headers=ADMIN))
    assert (after["version"], after["nominated"], after["reserve"]) == (before["version"], 2, 1)


async def test_a_nominator_cannot_put_another_countrys_applicant_on_its_list(matching, world):
    w = world
    body = {"nominees": [w.a("p1"), w.a("k3")], "reserve": [w.a("p3")], "not_nominated": [], "publish": True}
    r = await matching.put(f"/cycles/{w.cycle}/nominations/PK", json=body, headers=w.who["hec"])
    assert r.status_code == 422 and r.json()["code"] == "nomination.not_in_pool", r.text
    assert r.json()["errors"][0]["field"] == "nominees.1"
    after = await ok(await matching.get(f"/cycles/{w.cycle}/nominations/PK", headers=ADMIN))
    assert (after["nominated"], after["reserve"]) == (2, 1)


# --- host admission ------------------------------------------------------------------------


# who -> the hosts whose admissions they see in this cycle (an int: refused with that status)
ADMISSIONS_SEE: dict[str, str | set[str] | int] = {
    "host_lzu": "lzu",
    "host_xju": "xju",
    "host_elsewhere": set(),
    "officer_xju": "xju",
    "officer_in_scheme": {"lzu", "xju"},
    "admin": {"lzu", "xju"},
    "officer_other_scheme": set(),
    "hec": 403,
    "ministry_kz": 403,
    "applicant": 403,
    "coordinator": 403,
    "nobody": 401,
}


@pytest.mark.parametrize("who", list(ADMISSIONS_SEE))
async def test_a_host_sees_only_the_admissions_at_its_own_institutions(matching, world, with_host, who):
    w = world
    r = await matching.get("/admissions", params={"cycle_id": w.cycle, "limit": 500}, headers=w.who[who])
    expected = ADMISSIONS_SEE[who]
    if isinstance(expected, int):
        assert r.status_code == expected, r.text
        return
    assert r.status_code == 200, r.text
    hosts = {"lzu": w.lzu, "xju": w.xju}
    want = {hosts[h] for h in ([expected] if isinstance(expected, str) else expected)}
    listed = r.json()["items"]
    assert {a["host_institution_id"] for a in listed} == want
    expected_matches = {m["id"] for m in with_host.values() if m["host_institution_id"] in want}
    assert {a["match_id"] for a in listed} == expected_matches
    assert all(a["status"] == "with_host" for a in listed)
    if who.startswith("host_"):  # no applicant names to partners (identity needs consent)
        assert "applicant_name" not in r.text
        assert not any(name in r.text for *_, name in w.applicants.values())


@pytest.mark.parametrize("who", ["host_lzu", "host_elsewhere"])
async def test_a_host_cannot_ask_for_another_hosts_admissions(matching, world, with_host, who):
    r = await matching.get(
        "/admissions", params={"cycle_id": world.cycle, "institution_id": world.xju}, headers=world.who[who]
    )
    assert r.status_code == 403 or (r.status_code == 200 and r.json()["items"] == []), r.text


# who -> status deciding a match at LZU (only LZU's partner users, officers of LZU's programmes, admins);
# another host's partner is answered as for a missing match (404): it is neither confirmed nor named
DECIDES_AT_LZU = {
    "host_xju": 404,
    "host_elsewhere": 404,
    "officer_xju": 403,
    "officer_other_scheme": 403,
    "hec": 403,
    "ministry_kz": 403,
    "applicant": 403,
    "coordinator": 403,  # scoped to LZU as its home institution: not LZU's admissions office
    "nobody": 401,
}


def at(world: World, with_host: dict[str, dict], host: str) -> dict:
    return next(m for m in with_host.values() if m["host_institution_id"] == host)


@pytest.mark.parametrize("who,status", list(DECIDES_AT_LZU.items()))
async def test_only_the_host_decides_its_admissions(matching, world, with_host, who, status):
    match = at(world, with_host, world.lzu)
    body = {"decision": "rejected", "reason_code": "capacity", "note": "not from you"}
    r = await matching.post(f"/matches/{match['id']}/admission", json=body, headers=world.who[who])
    assert r.status_code == status, r.text
    mine = await ok(await matching.get("/admissions", params={"cycle_id": world.cycle}, headers=world.who["host_lzu"]))
    (item,) = [a for a in mine["items"] if a["match_id"] == match["id"]]
    assert item["status"] == "with_host" and item["decisions"] == []


async def test_the_host_admits_at_its_own_institution(matching, world, with_host):
    match = at(world, with_host, world.xju)
    r = await matching.post(
        f"/matches/{match['id']}/admission", json={"decision": "admitted"}, headers=world.who["host_lzu"]
    )
    assert r.status_code == 404 and r.json()["code"] == "match.not_found" and world.xju not in r.text, r.text
    body = await ok(
        await matching.post(
            f"/matches/{match['id']}/admission",
            json={"decision": "admitted", "note": "Welcome to Urumqi"},
            headers=world.who["host_xju"],
        )
    )
    assert body["match_id"] == match["id"] and body["status"] == "approved"
    assert [(d["version"], d["decision"], d["decided_by"]) for d in body["decisions"]] == [(1, "admitted", "p-xju")]
