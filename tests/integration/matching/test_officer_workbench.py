"""The officer workbench's reads over real Kafka and PostgreSQL (issue 16): a round's waitlist
with names and scores, the quota matrix of programmes by country, and the application table
of a cycle (sort, filter, search, paging), each in the caller's scope."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from shared.events.catalog import ApplicantUpdated, DocumentRejected
from shared.principal import Role
from tests.integration.matching.conftest import ok, open_cycle, publish_submitted
from tests.integration.matching.test_committee import SHEET, committee_world  # noqa: F401 - a fixture used here
from tests.integration.matching.test_endorsements import _apply, _arrived, _exchange
from tests.support.ids import uid
from tests.support.infra import wait_for
from tests.support.services import auth


class Workbench:
    def __init__(self) -> None:
        u = self.u = uid()
        self.scheme, self.cycle = f"sco-{u}", f"sco-{u}-26"
        self.lzu, self.xju = f"lzu-{u}", f"xju-{u}"
        self.med, self.rail = f"med-{u}", f"rail-{u}"
        self.officer = auth(Role.OFFICER, f"chair-{u}", schemes=[self.scheme])
        self.stranger = auth(Role.OFFICER, f"cpec-{u}", schemes=[f"cpec-{u}"])
        self.xju_officer = auth(Role.OFFICER, f"host-{u}", schemes=[self.scheme], institutions=[self.xju])
        # application -> (name, country, grade, programme)
        self.people = {
            f"b1-{u}": ("Aigerim Sarsenova", "KZ", 90.0, self.med),
            f"b2-{u}": ("Daulet Nurlanov", "KZ", 85.0, self.med),
            f"b3-{u}": ("Bilal Ahmed", "PK", 80.0, self.med),
            f"b4-{u}": ("Chen Wei", "PK", 70.0, self.rail),
        }

    def app(self, n: int) -> str:
        return f"b{n}-{self.u}"


def programme(w: Workbench, pid: str, host: str, title: str, seats: int) -> dict:
    return {
        "id": pid,
        "cycle_id": w.cycle,
        "host_institution_id": host,
        "title": title,
        "field": "medicine",
        "level": "master",
        "language": "en",
        "seats": seats,
    }


@pytest.fixture
async def world(matching, producer) -> Workbench:
    """Medicine (1 seat) at Lanzhou and Rail (2 seats) at Xinjiang; at most 1 from Kazakhstan
    over both; four applicants known by name; one round run."""
    c, w = matching, Workbench()
    med = programme(w, w.med, w.lzu, "Clinical Medicine", 1)
    now = await open_cycle(
        c,
        w.officer,
        institution={"id": w.lzu, "name": "Lanzhou University", "country": "CN"},
        scheme={"id": w.scheme, "name": "SCO", "sponsor": "CSC", "eligible_countries": ["KZ", "PK"]},
        cycle={"id": w.cycle, "scheme_id": w.scheme, "name": "SCO 2026"},
        programme=med,
    )
    admin = auth(Role.ADMIN, "admin-1")
    await ok(await c.post("/institutions", json={"id": w.xju, "name": "Xinjiang University", "country": "CN"}, headers=admin), 201)  # fmt: skip
    rail = programme(w, w.rail, w.xju, "Rail Transport", 2)
    await ok(await c.post("/programmes", json=rail, headers=w.officer), 201)
    rule = {
        "id": f"kz-{w.u}",
        "cycle_id": w.cycle,
        "label": "at most 1 from KZ",
        "scope": {"sending_country": ["KZ"]},
        "max_count": 1,
    }
    await ok(await c.post("/quota-rules", json=rule, headers=w.officer), 201)
    for app, (name, country, grade, pid) in w.people.items():
        chosen = med if pid == w.med else rail
        await publish_submitted(
            producer, app, chosen, scheme_id=w.scheme, name=name, country=country, grade=grade, at=now,
            home_institution=f"Home of {name.split()[0]}",
        )  # fmt: skip

    async def named():
        page = (await c.get(f"/cycles/{w.cycle}/applications", headers=w.officer)).json()
        return page if page["total"] == 4 and all(r["applicant_name"] for r in page["items"]) else None

    await wait_for(named, timeout=60, what="the pool and the applicants' names from Kafka")
    started = await ok(await c.post(f"/cycles/{w.cycle}/rounds", json={"seed": 7}, headers=w.officer), 202)
    w.round_id = started["round_id"]

    async def done():
        r = (await c.get(f"/rounds/{w.round_id}", headers=w.officer)).json()
        return r if r["status"] in ("completed", "failed") else None

    assert (await wait_for(done, timeout=60, what="the round"))["status"] == "completed"
    return w


async def test_the_waitlist_with_names_scores_and_scope(matching, world):
    c, w = matching, world
    ids = await ok(await c.get(f"/rounds/{w.round_id}/waitlist", headers=w.officer))
    named = await ok(await c.get(f"/rounds/{w.round_id}/waitlist/entries", headers=w.officer))
    # the same waitlists as the ids-only answer, in the same order, now with who and why
    assert {p["programme_id"]: [e["application_id"] for e in p["entries"]] for p in named} == ids
    medicine = next(p for p in named if p["programme_id"] == w.med)
    assert medicine["title"] == "Clinical Medicine" and medicine["seats"] == 1
    # Aigerim (90) holds the seat; Bilal (80) waits; Daulet (85, KZ) is held back by the country cap
    assert w.app(3) in ids[w.med]
    bilal = next(e for e in medicine["entries"] if e["application_id"] == w.app(3))
    assert bilal["applicant_name"] == "Bilal Ahmed" and bilal["sending_country"] == "PK"
    assert bilal["priority_score"] == 80.0 and bilal["grade"] == 80.0 and not bilal["committee_hidden"]
    assert bilal["home_institution"] == "Home of Bilal"
    assert [e["position"] for e in medicine["entries"]] == list(range(1, len(medicine["entries"]) + 1))
    scores = [e["priority_score"] for e in medicine["entries"]]
    assert scores == sorted(scores, reverse=True)
    assert w.app(1) not in [e["application_id"] for e in medicine["entries"]]
    # an officer of another scheme reads neither list
    for path in (f"/rounds/{w.round_id}/waitlist/entries", f"/rounds/{w.round_id}/waitlist"):
        r = await c.get(path, headers=w.stranger)
        assert r.status_code == 403 and r.json()["code"] == "scope.outside"


async def test_a_name_typed_in_another_script_is_read_by_its_passport_name(matching, producer, world):
    """Bilal typed his name in Urdu and gave his passport's Latin letters: the table and the
    waitlist carry both, a search by the Latin letters finds him, and clearing it clears it."""
    c, w = matching, world
    bilal = f"stu-{w.app(3)}"
    contact = {"applicant_id": bilal, "email": f"{w.app(3)}@x.org", "nationality": "PK", "preferred_language": "ur"}
    await producer.publish(ApplicantUpdated(**contact, name="بلال احمد", passport_name="BILAL AHMED"))

    async def row(**params):
        page = await ok(await c.get(f"/cycles/{w.cycle}/applications", params=params, headers=w.officer))
        return next((r for r in page["items"] if r["application_id"] == w.app(3)), None)

    async def renamed():
        found = await row()
        return found if found and found["passport_name"] else None

    found = await wait_for(renamed, timeout=30, what="the applicant's passport name from Kafka")
    assert (found["applicant_name"], found["passport_name"]) == ("بلال احمد", "BILAL AHMED")
    assert await row(q="bilal") is not None  # found by the Latin letters
    named = await ok(await c.get(f"/rounds/{w.round_id}/waitlist/entries", headers=w.officer))
    [waiting] = [e for p in named for e in p["entries"] if e["application_id"] == w.app(3)]
    assert (waiting["applicant_name"], waiting["passport_name"]) == ("بلال احمد", "BILAL AHMED")

    await producer.publish(ApplicantUpdated(**contact, name="بلال احمد", passport_name=None))

    async def cleared():
        found = await row()
        return found if found and found["passport_name"] is None else None

    await wait_for(cleared, timeout=30, what="the passport name cleared")
    assert await row(q="bilal") is None


async def test_waitlist_places_of_some_applications_agree_with_the_whole_waitlist(matching, world):
    """An officer's review page reads the places of its own applications only: the same
    positions as the round's whole waitlist gives, in the order asked, none for an application
    that waits nowhere or is not in the round."""
    c, w = matching, world
    whole = await ok(await c.get(f"/rounds/{w.round_id}/waitlist", headers=w.officer))
    expected: dict[str, list[tuple[str, int]]] = {}
    for pid, ids in whole.items():
        for n, app in enumerate(ids, start=1):
            expected.setdefault(app, []).append((pid, n))
    assert w.app(3) in expected  # Bilal waits for medicine
    asked = [w.app(3), w.app(1), "app-not-in-this-round", *sorted(expected)]
    got = await ok(
        await c.get(f"/rounds/{w.round_id}/waitlist/places", params={"application_id": asked}, headers=w.officer)
    )
    assert [g["application_id"] for g in got] == list(dict.fromkeys(asked))
    for g in got:
        places = sorted((p["programme_id"], p["position"]) for p in g["places"])
        assert places == sorted(expected.get(g["application_id"], [])), g["application_id"]
    assert next(g for g in got if g["application_id"] == "app-not-in-this-round")["places"] == []

    r = await c.get(f"/rounds/{w.round_id}/waitlist/places", params={"application_id": asked}, headers=w.stranger)
    assert r.status_code == 403 and r.json()["code"] == "scope.outside"
    for params in ({}, {"application_id": [f"a{i}" for i in range(501)]}):
        r = await c.get(f"/rounds/{w.round_id}/waitlist/places", params=params, headers=w.officer)
        assert r.status_code == 422 and any(e["field"].endswith("application_id") for e in r.json()["errors"]), r.text


async def test_the_quota_matrix_counts_cells_caps_and_countries(matching, world):
    c, w = matching, world
    m = await ok(await c.get(f"/cycles/{w.cycle}/quota/matrix", headers=w.officer))
    assert m["countries"] == ["KZ", "PK"] and m["seats"] == 3 and m["filled"] == 2
    rows = {r["programme_id"]: r for r in m["programmes"]}
    assert [r["title"] for r in m["programmes"]] == ["Clinical Medicine", "Rail Transport"]
    med = {cell["country"]: cell for cell in rows[w.med]["cells"]}
    rail = {cell["country"]: cell for cell in rows[w.rail]["cells"]}
    # Medicine's one seat went to Aigerim (KZ): the KZ cap of 1 is no tighter than the seat
    assert (med["KZ"]["used"], med["KZ"]["allocation"], med["KZ"]["capped"], med["KZ"]["remaining"]) == (1, 1, False, 0)
    assert (med["PK"]["used"], med["PK"]["allocation"], med["PK"]["remaining"]) == (0, 1, 0)
    # on Rail the KZ cap (1, shared with Medicine) binds and is used up there
    assert rail["KZ"]["capped"] and rail["KZ"]["shared"] and rail["KZ"]["cap_label"] == "at most 1 from KZ"
    assert (rail["KZ"]["used"], rail["KZ"]["allocation"], rail["KZ"]["remaining"]) == (0, 1, 0)
    assert (rail["PK"]["used"], rail["PK"]["allocation"], rail["PK"]["remaining"]) == (1, 2, 1)
    assert (rows[w.rail]["filled"], rows[w.rail]["remaining"]) == (1, 1)
    totals = {t["country"]: (t["used"], t["allocation"]) for t in m["by_country"]}
    assert totals == {"KZ": (1, 1), "PK": (1, 3)}
    # the dashboard it extends still answers as before
    quota = await ok(await c.get(f"/cycles/{w.cycle}/quota", headers=w.officer))
    assert {p["programme_id"]: p["filled"] for p in quota["programmes"]} == {w.med: 1, w.rail: 1}
    r = await c.get(f"/cycles/{w.cycle}/quota/matrix", headers=w.stranger)
    assert r.status_code == 403 and r.json()["code"] == "scope.outside"
    # the places used, by the stage of the match holding each: both proposed, none reviewed
    assert m["by_status"] == {"proposed": 2, "with_host": 0, "approved": 0, "accepted": 0}
    proposals = await ok(await c.get("/matches", params={"round_id": w.round_id}, headers=w.officer))
    await ok(await c.post(f"/matches/{proposals['items'][0]['id']}/approve", headers=w.officer))
    m = await ok(await c.get(f"/cycles/{w.cycle}/quota/matrix", headers=w.officer))
    assert m["by_status"] == {"proposed": 1, "with_host": 0, "approved": 1, "accepted": 0} and m["filled"] == 2


async def test_the_application_table_sorts_filters_searches_pages_in_scope(matching, world):
    c, w = matching, world

    async def table(who=None, **params) -> dict:
        return await ok(await c.get(f"/cycles/{w.cycle}/applications", params=params, headers=who or w.officer))

    def names(page: dict) -> list[str]:
        return [r["applicant_name"] for r in page["items"]]

    everyone = await table()
    assert names(everyone) == ["Aigerim Sarsenova", "Bilal Ahmed", "Chen Wei", "Daulet Nurlanov"]
    aigerim = everyone["items"][0]
    assert aigerim["status"] == "proposed" and aigerim["programme_id"] == w.med  # the live match's status
    assert aigerim["home_institution"] == "Home of Aigerim" and aigerim["choices"] == [w.med]
    # no live match: the round's outcome (medicine's one seat went to Aigerim), not "submitted"
    assert everyone["items"][1]["status"] == "waitlisted" and everyone["items"][1]["programme_id"] is None
    assert names(await table(sort="name", order="desc")) == names(everyone)[::-1]
    assert names(await table(sort="grade", order="desc")) == ["Aigerim Sarsenova", "Daulet Nurlanov", "Bilal Ahmed", "Chen Wei"]  # fmt: skip
    # a committee score sorts first when descending; the unscored follow
    await ok(await c.put(f"/cycles/{w.cycle}/pool/{w.app(4)}/score", json={"committee_score": 60}, headers=w.officer))
    by_score = await table(sort="score", order="desc")
    assert by_score["items"][0]["applicant_name"] == "Chen Wei" and by_score["items"][0]["committee_score"] == 60
    # submitted after proposed when descending; ties by application id (b2 before b3)
    assert names(await table(sort="status", order="desc", limit=2)) == ["Daulet Nurlanov", "Bilal Ahmed"]
    # filters, search and paging
    assert names(await table(sending_country="PK")) == ["Bilal Ahmed", "Chen Wei"]
    assert names(await table(status="proposed")) == ["Aigerim Sarsenova", "Chen Wei"]
    assert names(await table(status="nomination_withdrawn")) == []  # a status of 20 letters is taken
    assert names(await table(q="NURLAN")) == ["Daulet Nurlanov"]
    assert names(await table(q=w.app(2))) == ["Daulet Nurlanov"]  # the application id too
    second = await table(limit=3, offset=3)
    assert second["total"] == 4 and names(second) == ["Daulet Nurlanov"]
    for column in ("home", "choices", "documents", "flags", "received", "country"):  # every column sorts
        for order in ("asc", "desc"):
            page = await table(sort=column, order=order)
            assert page["total"] == 4 and sorted(names(page)) == sorted(names(everyone)), (column, order)
    assert names(await table(sort="home"))[0] == "Aigerim Sarsenova"  # "Home of Aigerim" first
    assert names(await table(sort="country", order="desc"))[:2] == ["Bilal Ahmed", "Chen Wei"]  # PK, then KZ
    bad = await c.get(f"/cycles/{w.cycle}/applications", params={"sort": "salary"}, headers=w.officer)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "sort"
    # scope: Xinjiang's officer sees only the application naming its programme; another scheme's none
    assert names(await table(w.xju_officer)) == ["Chen Wei"]
    r = await c.get(f"/cycles/{w.cycle}/applications", headers=w.stranger)
    assert r.status_code == 403 and r.json()["code"] == "scope.outside"


async def test_a_rejected_document_shows_flags_and_sorts_first(matching, producer, world):
    c, w = matching, world
    now = datetime.now(UTC)
    daulet = w.app(2)
    await producer.publish(
        DocumentRejected(
            application_id=daulet,
            applicant_id=f"stu-{daulet}",
            cycle_id=w.cycle,
            document_id=f"pass-{w.u}",
            kind="passport",
            reason="illegible",
            due_on=date.today() + timedelta(days=14),
            rejected_by="o-chair",
            rejected_at=now,
        )
    )

    async def flagged():
        page = (await c.get(f"/cycles/{w.cycle}/applications", params={"q": "daulet"}, headers=w.officer)).json()
        row = page["items"][0]
        return row if row["documents_rejected"] else None

    row = await wait_for(flagged, timeout=45, what="the rejected passport held")
    assert row["documents_rejected"] == ["passport"] and row["flags"] == ["documents_rejected"]
    for column in ("documents", "flags"):
        page = await ok(
            await c.get(f"/cycles/{w.cycle}/applications", params={"sort": column, "order": "desc"}, headers=w.officer)
        )
        assert page["items"][0]["application_id"] == daulet, column
        assert all(r["flags"] == [] for r in page["items"][1:]), column
    # the rows waiting for a new version, counted (the cycle page warns before a round)
    waiting = await ok(
        await c.get(f"/cycles/{w.cycle}/applications", params={"flag": "documents_rejected"}, headers=w.officer)
    )
    assert waiting["total"] == 1 and [r["application_id"] for r in waiting["items"]] == [daulet]
    r = await c.get(f"/cycles/{w.cycle}/applications", params={"flag": "tall"}, headers=w.officer)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "flag"


async def test_the_application_table_shows_the_endorsement_and_its_cohort(matching, producer):
    """Officers see what the home institution decided and the cohort it endorsed with."""
    u = uid()
    ids = await _exchange(matching, u)
    apps = [f"e{i}-{u}" for i in range(3)]
    kemu = auth(Role.COORDINATOR, f"kemu-{u}", schemes=[ids["scheme"]], institutions=[ids["kemu"]])
    await _apply(producer, ids, ids["kemu"], apps)
    await _arrived(matching, ids, ids["kemu"], kemu, 3)
    url = f"/cycles/{ids['cycle']}/endorsements/{ids['kemu']}"
    cohort = {"decisions": [{"application_id": apps[0], "state": "endorsed"}], "cohort": "Surgery 2026"}
    await ok(await matching.put(url, json=cohort, headers=kemu))
    refusal = {"decisions": [{"application_id": apps[1], "state": "not_endorsed", "reason": "transcript missing"}]}
    await ok(await matching.put(url, json=refusal, headers=kemu))

    officer = auth(Role.OFFICER, f"chair-{u}", schemes=[ids["scheme"]])
    table = await ok(await matching.get(f"/cycles/{ids['cycle']}/applications", headers=officer))
    rows = {r["application_id"]: r for r in table["items"]}
    assert (rows[apps[0]]["endorsement"], rows[apps[0]]["endorsement_cohort"]) == ("endorsed", "Surgery 2026")
    assert (rows[apps[1]]["endorsement"], rows[apps[1]]["endorsement_cohort"]) == ("not_endorsed", None)
    assert (rows[apps[2]]["endorsement"], rows[apps[2]]["endorsement_cohort"]) == (None, None)
    # the row's status says the refusal, and the status filter finds it
    assert [rows[a]["status"] for a in apps] == ["submitted", "not_endorsed", "submitted"]
    refused = await ok(
        await matching.get(f"/cycles/{ids['cycle']}/applications", params={"status": "not_endorsed"}, headers=officer)
    )
    assert refused["total"] == 1 and refused["items"][0]["application_id"] == apps[1]


# --- saved filters and actions on the selected rows ----------------------------------------------


async def test_saved_filters_are_each_officers_own_named_and_bounded(matching, committee_world):  # noqa: F811 - test_committee's fixture
    c, w = matching, committee_world
    url = f"/cycles/{w.cycle}/saved-filters"
    other = w.reviewers[w.r1]  # another officer of the same scheme
    kz = {"name": "  Kazakh   finalists ", "filters": {"status": "submitted", "sending_country": "KZ", "q": "Name",
                                                     "sort": "score", "order": "desc"}}  # fmt: skip
    saved = await ok(await c.post(url, json=kz, headers=w.chair), 201)
    assert saved["name"] == "Kazakh finalists" and saved["cycle_id"] == w.cycle
    assert saved["filters"] == {"status": "submitted", "sending_country": "KZ", "q": "Name", "sort": "score",
                                "order": "desc"}  # fmt: skip
    await ok(await c.post(url, json={"name": "all", "filters": {}}, headers=w.chair), 201)
    assert [f["name"] for f in await ok(await c.get(url, headers=w.chair))] == ["all", "Kazakh finalists"]
    # another officer neither sees nor deletes them, and may use the same name
    assert await ok(await c.get(url, headers=other)) == []
    r = await c.delete(f"{url}/{saved['id']}", headers=other)
    assert r.status_code == 404 and r.json()["code"] == "saved_filter.not_found"
    await ok(await c.post(url, json=kz, headers=other), 201)
    # the same name again (any letter case): 409; no name or over 80 characters: 422
    r = await c.post(url, json={**kz, "name": "KAZAKH FINALISTS"}, headers=w.chair)
    assert r.status_code == 409 and r.json()["code"] == "saved_filter.name_taken"
    assert r.json()["errors"][0]["field"] == "name"
    for name in ("   ", "x" * 81):
        r = await c.post(url, json={"name": name}, headers=w.chair)
        assert r.status_code == 422 and r.json()["code"] == "saved_filter.name_length", name
    r = await c.post(url, json={"name": "bad", "filters": {"sort": "salary"}}, headers=w.chair)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "filters.sort"
    # at most 50 per officer and cycle
    for i in range(48):
        await ok(await c.post(url, json={"name": f"f{i:02d}"}, headers=w.chair), 201)
    r = await c.post(url, json={"name": "one too many"}, headers=w.chair)
    assert r.status_code == 409 and r.json()["code"] == "saved_filter.too_many"
    # delete: gone, and its name free again
    assert (await c.delete(f"{url}/{saved['id']}", headers=w.chair)).status_code == 204
    assert (await c.delete(f"{url}/{saved['id']}", headers=w.chair)).status_code == 404
    await ok(await c.post(url, json=kz, headers=w.chair), 201)
    # an officer of another scheme: the cycle is outside their scope
    r = await c.get(url, headers=w.stranger)
    assert r.status_code == 403 and r.json()["code"] == "scope.outside"


async def test_the_selected_are_invited_and_given_reviewers_row_by_row(matching, committee_world):  # noqa: F811 - test_committee's fixture
    c, w = matching, committee_world
    url = f"/cycles/{w.cycle}/applications/actions"
    unknown = f"nobody-{w.u}"
    before = (await ok(await c.get("/journal", params={"cycle_id": w.cycle, "limit": 1}, headers=w.chair)))["total"]
    invited = await ok(
        await c.post(url, json={"action": "invite", "application_ids": [w.b1, unknown]}, headers=w.chair)
    )
    assert (invited["done"], invited["unchanged"], invited["refused"]) == (1, 0, 1)
    assert [(r["application_id"], r["outcome"], r["code"]) for r in invited["rows"]] == [
        (w.b1, "done", "interview.invited"),
        (unknown, "refused", "pool.not_found"),
    ]
    again = await ok(await c.post(url, json={"action": "invite", "application_ids": [w.b2, w.b1]}, headers=w.chair))
    assert [(r["outcome"], r["code"]) for r in again["rows"]] == [
        ("done", "interview.invited"),
        ("unchanged", "interview.already_invited"),
    ]
    interviews = await ok(await c.get(f"/cycles/{w.cycle}/interviews", headers=w.chair))
    assert sorted(i["application_id"] for i in interviews) == sorted([w.b1, w.b2])
    # reviewers: none without a scoresheet (the whole action is refused, nothing done)
    r = await c.post(url, json={"action": "assign", "application_ids": [w.b1]}, headers=w.chair)
    assert r.status_code == 409 and r.json()["code"] == "scoresheet.missing"
    # three each: b1 studies at Lanzhou, where r1 works, so only two may review b1 (said, not hidden)
    await ok(await c.put(f"/cycles/{w.cycle}/scoresheet", json={**SHEET, "reviewers_per_application": 3},
                         headers=w.chair))  # fmt: skip
    assigned = await ok(await c.post(url, json={"action": "assign", "application_ids": [w.b1, w.b2]}, headers=w.chair))
    b1, b2 = assigned["rows"]
    assert (b1["outcome"], b1["code"], len(b1["reviewers"])) == ("refused", "assignment.no_reviewers", 2)
    assert "1 reviewer(s) still missing" in b1["detail"] and "Reviewer r1" not in b1["reviewers"]
    assert (b2["outcome"], b2["code"], len(b2["reviewers"])) == ("done", "assignment.assigned", 3)
    assert (assigned["done"], assigned["unchanged"], assigned["refused"]) == (1, 0, 1)
    again = await ok(await c.post(url, json={"action": "assign", "application_ids": [w.b2]}, headers=w.chair))
    assert [(r["outcome"], r["code"]) for r in again["rows"]] == [("unchanged", "assignment.complete")]
    live = await ok(await c.get(f"/cycles/{w.cycle}/assignments", params={"limit": 50}, headers=w.chair))
    assert live["total"] == 5
    # one journal entry per invitation, per assignment and for the scoresheet
    after = (await ok(await c.get("/journal", params={"cycle_id": w.cycle, "limit": 1}, headers=w.chair)))["total"]
    assert after - before == 2 + 5 + 1
    # nothing selected, too many, an unknown action, another scheme's officer
    r = await c.post(url, json={"action": "invite", "application_ids": []}, headers=w.chair)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "application_ids"
    r = await c.post(url, json={"action": "delete", "application_ids": [w.b1]}, headers=w.chair)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "action"
    r = await c.post(url, json={"action": "invite", "application_ids": [w.b1]}, headers=w.stranger)
    assert r.status_code == 403 and r.json()["code"] == "scope.outside"


async def test_the_table_narrows_to_the_selected_and_carries_the_priority(matching, committee_world):  # noqa: F811 - test_committee's fixture
    c, w = matching, committee_world
    page = await ok(
        await c.get(
            f"/cycles/{w.cycle}/applications",
            params={"application_id": [w.b2, f"nobody-{w.u}"], "limit": 10},
            headers=w.chair,
        )
    )
    assert [r["application_id"] for r in page["items"]] == [w.b2] and page["total"] == 1
    assert page["items"][0]["priority_score"] == 80.0  # the grade alone while unscored


async def test_control_characters_and_overlong_ids_are_a_422_on_their_field_and_nothing_is_kept(matching):
    """PostgreSQL keeps no NUL in text: a name, a search or an id holding one is refused by
    field (never a 500), and an id longer than any application's is refused before the query."""
    c, w = matching, Workbench()
    await open_cycle(
        c,
        w.officer,
        institution={"id": w.lzu, "name": "Lanzhou University", "country": "CN"},
        scheme={"id": w.scheme, "name": "SCO", "sponsor": "CSC", "eligible_countries": ["KZ", "PK"]},
        cycle={"id": w.cycle, "scheme_id": w.scheme, "name": "SCO 2026"},
        programme=programme(w, w.med, w.lzu, "Clinical Medicine", 1),
    )
    saved = f"/cycles/{w.cycle}/saved-filters"
    for body, field in (
        ({"name": "Pakistan\x00first"}, "name"),
        ({"name": "bell\x07"}, "name"),
        ({"name": "search", "filters": {"q": "Li\x00"}}, "filters.q"),
    ):
        r = await c.post(saved, json=body, headers=w.officer)
        assert r.status_code == 422, r.text
        assert field in [e["field"] for e in r.json()["errors"]], r.text
    assert (await ok(await c.get(saved, headers=w.officer))) == []  # nothing kept
    actions = f"/cycles/{w.cycle}/applications/actions"
    for ids in (["b1\x00"], ["x" * 65]):
        r = await c.post(actions, json={"action": "invite", "application_ids": ids}, headers=w.officer)
        assert r.status_code == 422 and r.json()["errors"][0]["field"].startswith("application_ids"), r.text
    for params in ({"q": "Li\x00"}, {"application_id": ["b1\x00"]}):
        r = await c.get(f"/cycles/{w.cycle}/applications", params=params, headers=w.officer)
        assert r.status_code == 422, r.text


async def test_a_row_without_a_live_match_says_what_ended_it(matching, world):
    """An officer's rejection reads "rejected" (it waits for the next round), not "submitted";
    a later round's outcome then replaces it; the filter finds each by what it shows."""
    c, w = matching, world

    async def status_of(app: str) -> str:
        page = await ok(await c.get(f"/cycles/{w.cycle}/applications", params={"q": app}, headers=w.officer))
        return page["items"][0]["status"]

    proposals = await ok(
        await c.get("/matches", params={"round_id": w.round_id, "status": "proposed"}, headers=w.officer)
    )
    aigerim = next(m for m in proposals["items"] if m["application_id"] == w.app(1))
    await ok(
        await c.post(f"/matches/{aigerim['id']}/reject", json={"reason": "incomplete transcript"}, headers=w.officer)
    )
    assert await status_of(w.app(1)) == "rejected"
    rejected = await ok(
        await c.get(f"/cycles/{w.cycle}/applications", params={"status": "rejected"}, headers=w.officer)
    )
    assert rejected["total"] == 1 and [r["application_id"] for r in rejected["items"]] == [w.app(1)]
    waitlisted = await ok(
        await c.get(f"/cycles/{w.cycle}/applications", params={"status": "waitlisted"}, headers=w.officer)
    )
    assert waitlisted["total"] == len(waitlisted["items"]) and w.app(1) not in {
        r["application_id"] for r in waitlisted["items"]
    }
    # the next round decides again: its outcome (or its proposal) is what the row says now
    started = await ok(await c.post(f"/cycles/{w.cycle}/rounds", json={"seed": 8}, headers=w.officer), 202)

    async def done():
        r = (await c.get(f"/rounds/{started['round_id']}", headers=w.officer)).json()
        return r if r["status"] in ("completed", "failed") else None

    assert (await wait_for(done, timeout=60, what="the second round"))["status"] == "completed"
    assert await status_of(w.app(1)) in ("proposed", "waitlisted", "unmatched")
