"""The selection committee over real Kafka and PostgreSQL: reviewers known from
account.upserted, applicants' home institutions from applicant.registered, even assignment
without conflicts, hidden scores until submitted, the composite changing a round's outcome,
one journal entry per action (CSV export too), and scope for an officer of another scheme."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import create_async_engine

from shared.events.catalog import AccountUpserted
from shared.principal import Role
from tests.integration.matching.conftest import ok, open_cycle, publish_submitted
from tests.support.ids import uid
from tests.support.infra import wait_for
from tests.support.services import auth

SHEET = {
    "criteria": [
        {"key": "academic_record", "label": "Academic record", "weight": 2, "min": 0, "max": 10},
        {"key": "research_plan", "label": "Research plan", "weight": 1, "min": 0, "max": 10},
    ],
    "reviewers_per_application": 2,
    "spread_threshold": 30,
    "reason": "committee rules 2026",
}


class Committee:
    def __init__(self) -> None:
        u = self.u = uid()
        self.scheme, self.cycle, self.lzu, self.prog = f"sco-{u}", f"sco-{u}-26", f"lzu-{u}", f"solo-{u}"
        self.chair = auth(Role.OFFICER, f"chair-{u}", schemes=[self.scheme])
        self.stranger = auth(Role.OFFICER, f"cpec-{u}", schemes=[f"cpec-{u}"])
        self.reviewers = {f"r{i}-{u}": auth(Role.OFFICER, f"r{i}-{u}", schemes=[self.scheme]) for i in (1, 2, 3)}
        self.r1 = f"r1-{u}"
        # b1 ranks first on grade; b2 studies elsewhere; b1 studies at Lanzhou, where r1 works
        self.b1, self.b2 = f"b1-{u}", f"b2-{u}"


async def _journal_total(c, w: Committee, **params) -> int:
    page = await ok(await c.get("/journal", params={"cycle_id": w.cycle, "limit": 1, **params}, headers=w.chair))
    return page["total"]


@pytest.fixture
async def committee_world(matching, producer) -> Committee:
    c, w = matching, Committee()
    programme = {
        "id": w.prog,
        "cycle_id": w.cycle,
        "host_institution_id": w.lzu,
        "title": "Solo",
        "field": "engineering",
        "level": "master",
        "language": "zh",
        "seats": 1,
    }
    now = await open_cycle(
        c,
        w.chair,
        institution={"id": w.lzu, "name": "Lanzhou University", "country": "CN"},
        scheme={"id": w.scheme, "name": "SCO", "sponsor": "CSC", "eligible_countries": ["KZ", "UZ"]},
        cycle={"id": w.cycle, "scheme_id": w.scheme, "name": "SCO 2026"},
        programme=programme,
    )
    for rid in w.reviewers:
        institutions = [w.lzu] if rid == w.r1 else []
        await producer.publish(
            AccountUpserted(
                account_id=rid,
                role="officer",
                name=f"Reviewer {rid[:2]}",
                email=f"{rid}@x.org",
                schemes=[w.scheme],
                institutions=institutions,
            )
        )
    for app, grade, home in ((w.b1, 85.0, "Lanzhou  University"), (w.b2, 80.0, "Tashkent University")):
        await publish_submitted(
            producer,
            app,
            programme,
            scheme_id=w.scheme,
            name=f"Name {app[:2]}",
            country="KZ",
            grade=grade,
            at=now,
            home_institution=home,
        )

    async def known():
        reviewers = (await c.get(f"/cycles/{w.cycle}/reviewers", headers=w.chair)).json()
        r = await c.get(f"/pool/applications/{w.b1}/reviews", headers=w.chair)
        ready = len(reviewers) == 3 and r.status_code == 200 and r.json()["home_institution"]
        ready = ready and (await c.get(f"/pool/applications/{w.b2}", headers=w.chair)).status_code == 200
        return ready or None

    await wait_for(known, timeout=90, what="reviewers, applicants and the pool from Kafka")
    return w


async def test_scoresheet_assignment_hidden_scores_composite_and_journal(matching, committee_world):
    c, w = matching, committee_world
    # a scoresheet: validated, scoped, journaled
    bad = await c.put(
        f"/schemes/{w.scheme}/scoresheet",
        json={**SHEET, "criteria": [{**SHEET["criteria"][0], "weight": 0}]},
        headers=w.chair,
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "criteria.0.weight"
    assert bad.json()["errors"][0]["code"] == "scoresheet.weight_not_positive"
    r = await c.put(f"/schemes/{w.scheme}/scoresheet", json=SHEET, headers=w.stranger)
    assert r.status_code == 403 and r.json()["code"] == "scope.outside"
    before = await _journal_total(c, w)
    # the journal of a cycle holds its cycle's entries; a scheme's sheet has no cycle: count the scheme's
    all_before = (await ok(await c.get("/journal", params={"limit": 1}, headers=w.chair)))["total"]
    sheet = await ok(await c.put(f"/schemes/{w.scheme}/scoresheet", json=SHEET, headers=w.chair))
    assert "weighted mean" in sheet["composite_rule"]
    assert (await ok(await c.get("/journal", params={"limit": 1}, headers=w.chair)))["total"] == all_before + 1
    assert (await ok(await c.get(f"/cycles/{w.cycle}/scoresheet", headers=w.chair)))["id"] == sheet["id"]

    # assignment: 2 each, r1 never on b1 (home institution), one journal entry per assignment
    assigned = await ok(await c.post(f"/cycles/{w.cycle}/assignments", headers=w.chair))
    pairs = {(a["application_id"], a["reviewer_id"]) for a in assigned["created"]}
    assert len(pairs) == 4 and (w.b1, w.r1) not in pairs and assigned["short"] == {}
    # who else may be given each: b1's third reviewer is of b1's own institution, b2's is free
    for app in (w.b1, w.b2):
        view = await ok(await c.get(f"/pool/applications/{app}/reviews", headers=w.chair))
        others = set(w.reviewers) - {r for a, r in pairs if a == app}
        assert view["eligible_reviewers"] == ([] if app == w.b1 else sorted(others)), (app, view["eligible_reviewers"])
    assert await _journal_total(c, w) == before + 4
    r = await c.post(f"/cycles/{w.cycle}/assignments", headers=w.stranger)
    assert r.status_code == 403

    # b2's reviewers score independently
    on_b2 = [a for a in assigned["created"] if a["application_id"] == w.b2]
    first, second = on_b2
    h1, h2 = w.reviewers[first["reviewer_id"]], w.reviewers[second["reviewer_id"]]
    refused = await c.put(
        f"/assignments/{first['id']}/scores", json={"scores": {"academic_record": 5, "research_plan": 5}}, headers=h2
    )
    assert refused.status_code == 403 and refused.json()["code"] == "review.not_yours"
    out_of_range = await c.put(
        f"/assignments/{first['id']}/scores", json={"scores": {"academic_record": 12}}, headers=h1
    )
    assert out_of_range.status_code == 422
    assert {e["field"] for e in out_of_range.json()["errors"]} == {"scores.academic_record", "scores.research_plan"}
    n = await _journal_total(c, w)
    await ok(
        await c.put(
            f"/assignments/{first['id']}/scores",
            json={"scores": {"academic_record": 10, "research_plan": 10}, "comment": "Very strong."},
            headers=h1,
        )
    )
    assert await _journal_total(c, w) == n + 1
    seen = await ok(await c.get(f"/pool/applications/{w.b2}/reviews", headers=h2))
    theirs = next(x for x in seen["reviews"] if x["assignment_id"] == first["id"])
    assert theirs["hidden"] is True and theirs["scores"] is None and theirs["composite"] is None
    assert seen["composite"] is None
    # nor through the pool entry, the moderation list or the journal
    entry = await ok(await c.get(f"/pool/applications/{w.b2}", headers=h2))
    assert entry["committee_score"] is None and entry["committee_hidden"] is True
    assert (await ok(await c.get(f"/pool/applications/{w.b2}", headers=w.chair)))["committee_score"] == 100.0
    scored = await ok(await c.get("/journal", params={"application_id": w.b2}, headers=h2))
    theirs = next(e for e in scored["items"] if e["action"] == "review.scored")
    assert theirs["withheld"] is True and theirs["after"] is None and theirs["reason"] == ""  # nor the comment
    csv = (await c.get("/journal.csv", params={"application_id": w.b2}, headers=h2)).text
    assert "Very strong." not in csv and "Very strong." not in str(seen)
    moderation = await ok(await c.get(f"/cycles/{w.cycle}/moderation", headers=h2))
    assert all(x["composite"] is None for x in moderation["items"] if x["application_id"] == w.b2)
    await ok(
        await c.put(
            f"/assignments/{second['id']}/scores",
            json={"scores": {"academic_record": 4, "research_plan": 10}, "comment": "thin"},
            headers=h2,
        )
    )
    seen = await ok(await c.get(f"/pool/applications/{w.b2}/reviews", headers=h2))
    assert not any(x["hidden"] for x in seen["reviews"])
    # 100 and (2*40 + 100)/3 = 60 -> composite 80, spread 40 > 30: flagged
    assert (seen["composite"], seen["spread"], seen["flagged"]) == (80.0, 40.0, True)
    flagged = await ok(await c.get(f"/cycles/{w.cycle}/moderation", params={"flagged": "true"}, headers=w.chair))
    assert [(x["application_id"], x["submitted"], x["flagged"]) for x in flagged["items"]] == [(w.b2, 2, True)]
    assert (await c.get(f"/cycles/{w.cycle}/moderation", headers=w.stranger)).status_code == 403
    mine = await ok(await c.get("/reviews/assigned", params={"cycle_id": w.cycle, "sort": "name"}, headers=h2))
    row = next(x for x in mine["items"] if x["application_id"] == w.b2)
    assert (
        row["flagged"] is True
        and row["name"] == "Name b2"
        and row["nationality"] == "KZ"
        and row["choices"] == [w.prog]
    )

    # b1's reviewers give it 0: its composite is 0
    for a in (x for x in assigned["created"] if x["application_id"] == w.b1):
        body = {"scores": {"academic_record": 0, "research_plan": 0}}
        await ok(await c.put(f"/assignments/{a['id']}/scores", json=body, headers=w.reviewers[a["reviewer_id"]]))
    b1 = await ok(await c.get(f"/pool/applications/{w.b1}", headers=w.chair))
    b2 = await ok(await c.get(f"/pool/applications/{w.b2}", headers=w.chair))
    assert (b1["committee_score"], b2["committee_score"]) == (0.0, 80.0)
    assert b2["priority_score"] > b1["priority_score"]  # (80 + 80) / 2 > (85 + 0) / 2
    # the pool lists applicants by name (the interview invitations, the workbench)
    listed = await ok(await c.get(f"/cycles/{w.cycle}/pool", headers=w.chair))
    names = {e["application_id"]: e["applicant_name"] for e in listed["items"]}
    assert names[w.b1] == f"Name {w.b1[:2]}" and names[w.b2] == f"Name {w.b2[:2]}"

    # the round: b2 now takes the single seat b1's grade alone would have won
    n = await _journal_total(c, w)
    started = await ok(await c.post(f"/cycles/{w.cycle}/rounds", json={"seed": 1}, headers=w.chair), 202)

    async def done():
        body = (await c.get(f"/rounds/{started['round_id']}", headers=w.chair)).json()
        return body if body["status"] in ("completed", "failed") else None

    assert (await wait_for(done, timeout=60, what="the round"))["status"] == "completed"
    matches = await ok(await c.get("/matches", params={"round_id": started["round_id"]}, headers=w.chair))
    assert [m["application_id"] for m in matches["items"]] == [w.b2]
    assert await _journal_total(c, w) == n + 1
    # both fully reviewed: the committee score counted, and the waitlist shows that priority
    rnd = await ok(await c.get(f"/rounds/{started['round_id']}", headers=w.chair))
    assert rnd["statistics"]["priority"]["components"] == ["grade", "committee"]
    assert rnd["statistics"]["priority"]["short_of_reviews"] == 0
    (waiting,) = await ok(await c.get(f"/rounds/{started['round_id']}/waitlist/entries", headers=w.chair))
    assert [(e["application_id"], e["priority_score"]) for e in waiting["entries"]] == [(w.b1, 42.5)]
    # approving the match: one entry more, with before and after
    await ok(await c.post(f"/matches/{matches['items'][0]['id']}/approve", headers=w.chair))
    entries = await ok(await c.get("/journal", params={"application_id": w.b2}, headers=w.chair))
    assert entries["items"][0]["action"] == "match.approved"
    programme = matches["items"][0]["programme_id"]
    assert entries["items"][0]["before"] == {"status": "proposed", "programme_id": programme}
    assert entries["items"][0]["after"]["status"] == "approved"
    assert [e["action"] for e in entries["items"]].count("review.scored") == 2

    # reassignment: one entry, the new reviewer is not r1 for b1
    b1_assignment = next(x for x in assigned["created"] if x["application_id"] == w.b1)
    n = await _journal_total(c, w)
    conflict = await c.post(f"/assignments/{b1_assignment['id']}/reassign", json={"reviewer_id": w.r1}, headers=w.chair)
    assert conflict.status_code == 409 and conflict.json()["code"] == "assignment.conflict"
    assert await _journal_total(c, w) == n

    # CSV export, and scope: another scheme's officer reads nothing
    csv = await c.get("/journal.csv", params={"application_id": w.b2}, headers=w.chair)
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert csv.content.startswith("\ufeff".encode())  # a byte-order mark, for spreadsheet programs
    lines = csv.text.lstrip("\ufeff").strip().splitlines()
    assert lines[0].startswith("id,at,actor") and sum("review.scored" in x for x in lines) == 2
    assert (await c.get("/journal", params={"cycle_id": w.cycle}, headers=w.stranger)).status_code == 403
    assert (await c.get("/journal", params={"application_id": w.b2}, headers=w.stranger)).status_code == 404
    assert (await c.get(f"/pool/applications/{w.b2}/reviews", headers=w.stranger)).status_code == 404
    assert (await c.get("/journal.csv", params={"cycle_id": w.cycle}, headers=w.stranger)).status_code == 403


# The committee's reading routes (test_rounds.py classifies every reading route of the
# service; these are checked here, in a cycle that has a scoresheet, reviews and a journal).
COMMITTEE_READS = {
    ("GET", "/schemes/{scheme_id}/scoresheet"),
    ("GET", "/cycles/{cycle_id}/scoresheet"),
    ("GET", "/cycles/{cycle_id}/reviewers"),
    ("GET", "/cycles/{cycle_id}/assignments"),
    ("GET", "/cycles/{cycle_id}/moderation"),
    ("GET", "/pool/applications/{application_id}/reviews"),
    ("GET", "/reviews/assigned"),
    ("GET", "/journal"),
    ("GET", "/journal.csv"),
}
JOURNAL_FILTERS = [{"cycle_id": "{cycle_id}"}, {"application_id": "{application_id}"}]


async def test_no_committee_route_shows_a_scheme_to_an_officer_of_another(matching, committee_world):
    c, w = matching, committee_world
    await ok(await c.put(f"/schemes/{w.scheme}/scoresheet", json=SHEET, headers=w.chair))
    assigned = await ok(await c.post(f"/cycles/{w.cycle}/assignments", headers=w.chair))
    mine = next(a for a in assigned["created"] if a["application_id"] == w.b2)
    own = w.reviewers[mine["reviewer_id"]]  # a reviewer of the scheme: an officer of it too
    body = {"scores": {"academic_record": 7, "research_plan": 8}}
    await ok(await c.put(f"/assignments/{mine['id']}/scores", json=body, headers=own))
    ids = {"scheme_id": w.scheme, "cycle_id": w.cycle, "application_id": w.b2}
    others = {
        "scheme": w.stranger,
        "institution": auth(Role.OFFICER, "o-elsewhere", institutions=[f"elsewhere-{w.u}"]),
    }
    calls = [(p, {}) for _, p in sorted(COMMITTEE_READS)]
    calls += [(p, q) for p in ("/journal", "/journal.csv") for q in JOURNAL_FILTERS]
    for path, query in calls:
        url = path.format(**ids)
        params = {k: v.format(**ids) for k, v in query.items()}
        mine_r = await c.get(url, params=params, headers=own)
        assert mine_r.status_code == 200, (url, params, mine_r.text)
        csv = path.endswith(".csv")
        if csv:
            assert len(mine_r.text.strip().splitlines()) > 1, (url, params)
        elif isinstance(mine_r.json(), dict) and "total" in mine_r.json():
            assert mine_r.json()["total"] > 0, (url, params)
        elif isinstance(mine_r.json(), list):
            assert mine_r.json(), url
        for who, headers in others.items():
            r = await c.get(url, params=params, headers=headers)
            assert r.status_code in (200, 403, 404), (who, url, params, r.status_code, r.text)
            if r.status_code == 403:
                assert r.json()["code"] == "scope.outside", (who, url)
            elif r.status_code == 200 and csv:
                assert len(r.text.strip().splitlines()) == 1, (who, url, params, r.text)  # the header only
            elif r.status_code == 200:
                answer = r.json()
                empty = answer == [] or (isinstance(answer, dict) and answer.get("total") == 0)
                assert empty, (who, url, params, r.text)


async def test_a_reviewer_scoped_to_another_host_is_not_given_applications_they_cannot_open(
    matching, committee_world, producer
):
    """An officer of the scheme scoped to another host institution counts among its reviewers
    but sees none of these applications (all at Lanzhou): given them, each was 'not found'."""
    c, w = matching, committee_world
    outsider = f"r4-{w.u}"
    await producer.publish(
        AccountUpserted(
            account_id=outsider,
            role="officer",
            name="Reviewer r4",
            email=f"{outsider}@x.org",
            schemes=[w.scheme],
            institutions=[f"elsewhere-{w.u}"],
        )
    )

    async def four():
        return len((await c.get(f"/cycles/{w.cycle}/reviewers", headers=w.chair)).json()) == 4 or None

    await wait_for(four, timeout=60, what="the fourth reviewer from Kafka")
    await ok(
        await c.put(f"/schemes/{w.scheme}/scoresheet", json={**SHEET, "reviewers_per_application": 3}, headers=w.chair)
    )
    assigned = await ok(await c.post(f"/cycles/{w.cycle}/assignments", headers=w.chair))
    given = {(a["application_id"], a["reviewer_id"]) for a in assigned["created"]}
    assert given and not any(r == outsider for _, r in given)
    for app, reviewer in given:  # everyone given one can open it
        headers = w.reviewers[reviewer]
        assert (await c.get(f"/pool/applications/{app}/reviews", headers=headers)).status_code == 200
    r4 = auth(Role.OFFICER, outsider, schemes=[w.scheme], institutions=[f"elsewhere-{w.u}"])
    assert (await c.get(f"/pool/applications/{w.b2}/reviews", headers=r4)).status_code == 404


async def test_the_journal_refuses_edits_in_the_database(matching, committee_world):
    c, w = matching, committee_world
    await ok(await c.put(f"/cycles/{w.cycle}/scoresheet", json=SHEET, headers=w.chair))
    engine = create_async_engine(matching.database_url)
    try:
        async with engine.connect() as conn:
            with pytest.raises(DBAPIError, match="append-only"):
                await conn.execute(text("UPDATE journal SET reason = 'x' WHERE cycle_id = :c"), {"c": w.cycle})
            await conn.rollback()
            with pytest.raises(DBAPIError, match="append-only"):
                await conn.execute(text("DELETE FROM journal WHERE cycle_id = :c"), {"c": w.cycle})
    finally:
        await engine.dispose()
