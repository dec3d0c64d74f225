"""The selection committee's notices (issue 16) over real Kafka, PostgreSQL and SMTP, with the
matching service and the notifications service in one process: an officer's assignment run
for two reviewers stages one reviewer.assigned per reviewer, and each reviewer gets exactly one
e-mail and one inbox entry in their language with their own count and the link to their list;
the event delivered again tells nothing more. An applicant's reply tells the officer who wrote
in the thread once (not a colleague who did not), with the link to the thread and without the
reply; diverging scores tell the reviewers who submitted, once per flagging."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from services.matching.app import create_app as create_matching
from services.matching.settings import Settings as MatchingSettings
from services.notifications.models import Account, CycleRef
from shared.events.catalog import AccountUpserted, ApplicationMessageSent, ApplicationSubmitted, Topics
from shared.principal import Role
from tests.integration.matching.conftest import ok, open_cycle, publish_submitted
from tests.integration.notifications.helpers import find_events, service_with_mail, stored_row
from tests.support.ids import uid
from tests.support.infra import wait_for
from tests.support.mail import parts
from tests.support.services import auth, in_process
from tests.support.services import test_settings as settings_for

PORTAL = "https://portal.corridor.example"
SHEET = {
    "criteria": [{"key": "academic_record", "label": "Academic record", "weight": 1, "min": 0, "max": 10}],
    "reviewers_per_application": 1,
    "spread_threshold": 30,
}


@pytest.fixture(scope="module")
async def world(kafka, postgres):
    """(notifications app, its client, the SMTP sink, a publisher of the applications topic's
    events), and the matching service's client."""
    matching_app = create_matching(
        settings_for(MatchingSettings, await postgres.create_database("committee_matching"), kafka.bootstrap)
    )
    async with (
        service_with_mail(
            kafka, postgres, "notif_committee", source="/corridor/applications", portal_url=PORTAL
        ) as env,
        in_process(matching_app) as matching,
    ):
        yield env, matching


def _officer(account_id: str, scheme: str, language: str) -> AccountUpserted:
    """A reviewer's account: an officer, or one whose id starts "prof-" a committee's reviewer."""
    return AccountUpserted(
        account_id=account_id,
        role="reviewer" if account_id.startswith("prof-") else "officer",
        name=f"Reviewer {account_id[:2]}",
        email=f"{account_id}@corridor.example",
        preferred_language=language,
        schemes=[scheme],
    )


async def _duplicates_seen(app, before: int) -> None:
    consumer = app.state.runtime.running[0]

    async def seen():
        return consumer.stats.duplicates > before

    await wait_for(seen, timeout=30, what="the redelivery seen as a duplicate")
    await asyncio.sleep(1.5)  # time for any e-mail that should not come


@dataclass
class Cycle:
    scheme: str
    id: str
    name: str
    chair: dict[str, str]  # the chair's headers
    apps: list[str]


async def _committee(world, reviewers: dict[str, str], n_apps: int, sheet: dict) -> Cycle:
    """A cycle opened in matching with ``n_apps`` submitted applications, the ``reviewers``
    (account id: language) known to both services and the scoresheet set."""
    (app, _client, _mail, pub), m = world
    u = uid()
    scheme, cycle_id, host, prog_id = f"sco-{u}", f"sco-{u}-26", f"lzu-{u}", f"solo-{u}"
    chair = auth(Role.OFFICER, f"chair-{u}", schemes=[scheme])
    programme = {
        "id": prog_id,
        "cycle_id": cycle_id,
        "host_institution_id": host,
        "title": "Solo",
        "field": "engineering",
        "level": "master",
        "language": "zh",
        "seats": 1,
    }
    now = await open_cycle(
        m,
        chair,
        institution={"id": host, "name": "Lanzhou University", "country": "CN"},
        scheme={"id": scheme, "name": "SCO", "sponsor": "CSC", "eligible_countries": ["KZ"]},
        cycle={"id": cycle_id, "scheme_id": scheme, "name": f"SCO {u}"},
        programme=programme,
    )
    for account_id, language in reviewers.items():
        await pub.publish(_officer(account_id, scheme, language))
    apps = [f"a{i}-{u}" for i in range(n_apps)]
    for app_id in apps:
        await publish_submitted(
            pub, app_id, programme, scheme_id=scheme, name=f"Name {app_id[:2]}", country="KZ", grade=80.0, at=now
        )

    async def matching_knows():
        known = (await m.get(f"/cycles/{cycle_id}/reviewers", headers=chair)).json()
        pooled = [(await m.get(f"/pool/applications/{a}", headers=chair)).status_code for a in apps]
        return (len(known) == len(reviewers) and pooled == [200] * n_apps) or None

    await wait_for(matching_knows, timeout=90, what="the reviewers and the pool in matching")
    for account_id in reviewers:
        await stored_row(app, Account, account_id, "the reviewer's account in notifications")
    await stored_row(app, CycleRef, cycle_id, "the cycle in notifications")
    await ok(await m.put(f"/cycles/{cycle_id}/scoresheet", json=sheet, headers=chair))
    return Cycle(scheme, cycle_id, f"SCO {u}", chair, apps)


async def test_an_assignment_run_tells_each_reviewer_once_with_their_count(world, kafka):
    (app, client, mail, pub), m = world
    u = uid()
    zh, ru = f"li-{u}", f"prof-petrov-{u}"  # an officer and a committee's reviewer account
    c = await _committee(world, {zh: "zh", ru: "ru"}, 3, SHEET)
    cycle_id, chair, apps, name = c.id, c.chair, c.apps, c.name
    run = await ok(await m.post(f"/cycles/{cycle_id}/assignments", headers=chair))
    given = {r: sorted(a["application_id"] for a in run["created"] if a["reviewer_id"] == r) for r in (zh, ru)}
    assert sorted(len(v) for v in given.values()) == [1, 2] and sorted(given[zh] + given[ru]) == sorted(apps)

    [to_zh] = await mail.wait_to(f"{zh}@corridor.example")
    [to_ru] = await mail.wait_to(f"{ru}@corridor.example")
    link = f"{PORTAL}/officer/committee?cycle_id={cycle_id}&scored=false"
    assert to_zh["Subject"] == f"待评审的申请：新增 {len(given[zh])} 份（{name}）"
    assert to_ru["Subject"] == f"Заявки на оценку: новых — {len(given[ru])} ({name})"
    for message in (to_zh, to_ru):
        text, html = parts(message)
        assert link in text and f'href="{link.replace("&", "&amp;")}"' in html
    for account_id, language, role in ((zh, "zh", Role.OFFICER), (ru, "ru", Role.REVIEWER)):
        inbox = (await client.get("/inbox", headers=auth(role, account_id))).json()
        assert [(i["event_type"], i["language"]) for i in inbox["items"]] == [
            ("org.corridor.reviewer.assigned.v1", language)
        ]

    # the matching service put one event per reviewer on its topic; one delivered again tells nothing
    events = await find_events(
        kafka.bootstrap,
        Topics.MATCHING.value,
        lambda e: e.type == "org.corridor.reviewer.assigned.v1" and e.data["cycle_id"] == cycle_id,
        n=2,
    )
    assert sorted((e.data["reviewer_id"], e.data["count"]) for e in events) == sorted(
        (r, len(a)) for r, a in given.items()
    )
    before = app.state.runtime.running[0].stats.duplicates
    await pub.send(events[0], Topics.MATCHING.value)
    await _duplicates_seen(app, before)
    assert len(mail.to(f"{zh}@corridor.example")) == len(mail.to(f"{ru}@corridor.example")) == 1


def _message(app_id: str, applicant: str, cycle_id: str, author: str = "") -> ApplicationMessageSent:
    """An officer's message (``author``: their account id), or the applicant's reply (no author)."""
    return ApplicationMessageSent(
        message_id=uid("msg"),
        application_id=app_id,
        applicant_id=applicant,
        cycle_id=cycle_id,
        direction="officer_to_applicant" if author else "applicant_to_officer",
        author_role="officer" if author else "applicant",
        author_id=author or applicant,
        author_name="Dr. Li Na" if author else "Ayesha Khan",
        body="Please bring the diploma." if author else "",
        sent_at=datetime.now(UTC),
    )


async def test_an_applicants_reply_tells_the_officer_who_wrote_once(world):
    (app, client, mail, pub), _m = world
    u = uid()
    scheme, cycle_id, app_id, applicant = f"csc-{u}", f"csc-{u}-26", f"app-{u}", f"stu-{u}"
    writer, colleague = f"writer-{u}", f"colleague-{u}"
    await pub.publish(_officer(writer, scheme, "ur"))
    await pub.publish(_officer(colleague, scheme, "en"))
    await pub.publish(
        ApplicationSubmitted(
            application_id=app_id,
            applicant_id=applicant,
            cycle_id=cycle_id,
            scheme_id=scheme,
            applicant_type="student",
            sending_country="PK",
            choices=[],
            grade=80.0,
            submitted_at=datetime.now(UTC),
        )
    )
    for account_id in (writer, colleague):
        await stored_row(app, Account, account_id, "the officer's account")
    # the officer's message and the applicant's reply: one application, one partition, in order
    await pub.publish(_message(app_id, applicant, cycle_id, author=writer))
    sent = await pub.publish(_message(app_id, applicant, cycle_id))
    [message] = await mail.wait_to(f"{writer}@corridor.example")
    assert message["Subject"] == f"درخواست گزار نے جواب دیا: درخواست {app_id[:8]} ({cycle_id})"
    text, html = parts(message)
    assert f"{PORTAL}/officer/applications/{app_id}/messages" in text and 'dir="rtl"' in html
    assert "Ayesha" not in text and "diploma" not in text

    before = app.state.runtime.running[0].stats.duplicates
    await pub.send(sent, Topics.APPLICATIONS.value)
    await _duplicates_seen(app, before)
    assert len(mail.to(f"{writer}@corridor.example")) == 1
    assert mail.to(f"{colleague}@corridor.example") == []  # the officer who did not write
    inbox = (await client.get("/inbox", headers=auth(Role.OFFICER, writer, schemes=[scheme]))).json()
    assert inbox["total"] == 1 and inbox["items"][0]["event_type"] == "org.corridor.application.message_sent.v1"


async def test_diverging_scores_tell_the_reviewers_who_submitted_once(world):
    (_app, _client, mail, _pub), m = world
    u = uid()
    one, two = f"one-{u}", f"two-{u}"
    c = await _committee(world, {one: "en", two: "ur"}, 1, {**SHEET, "reviewers_per_application": 2})
    run = await ok(await m.post(f"/cycles/{c.id}/assignments", headers=c.chair))
    assignment = {a["reviewer_id"]: a["id"] for a in run["created"]}
    assert set(assignment) == {one, two}
    await mail.wait_to(f"{one}@corridor.example")
    await mail.wait_to(f"{two}@corridor.example")

    async def score(reviewer: str, value: float) -> None:
        headers = auth(Role.OFFICER, reviewer, schemes=[c.scheme])
        url = f"/assignments/{assignment[reviewer]}/scores"
        await ok(await m.put(url, json={"scores": {"academic_record": value}}, headers=headers))

    await score(one, 10)
    await score(two, 2)  # 100 and 20: a spread of 80, over the threshold of 30
    [_, flagged] = await mail.wait_to(f"{two}@corridor.example", n=2)
    assert flagged["Subject"] == f"نظرِ ثانی کے لیے اسکور: درخواست {c.apps[0][:8]} ({c.name})"
    text, _html = parts(flagged)
    assert f"{PORTAL}/officer/committee/applications/{c.apps[0]}" in text and "80.0" in text
    [_, to_one] = await mail.wait_to(f"{one}@corridor.example", n=2)
    assert to_one["Subject"] == f"Scores to moderate: application {c.apps[0][:8]} ({c.name})"
    await score(two, 3)  # a spread of 70: still flagged, nothing new to tell
    await asyncio.sleep(2)
    assert len(mail.to(f"{one}@corridor.example")) == len(mail.to(f"{two}@corridor.example")) == 2


async def test_a_conflict_declared_by_a_reviewer_tells_the_schemes_officers_once(world):
    # the application sat at "1 of 2 reviewers" and nobody heard of it
    (app, _client, mail, pub), m = world
    u = uid()
    officer, reviewer = f"li-{u}", f"prof-petrov-{u}"  # an officer and a committee's reviewer account
    c = await _committee(world, {officer: "zh", reviewer: "ru"}, 2, SHEET)
    run = await ok(await m.post(f"/cycles/{c.id}/assignments", headers=c.chair))
    conflicted = next(a["application_id"] for a in run["created"] if a["reviewer_id"] == reviewer)
    r = await m.post(
        f"/pool/applications/{conflicted}/conflicts",
        json={"reason": "I supervised this applicant's thesis"},
        headers=auth(Role.REVIEWER, reviewer, schemes=[c.scheme]),
    )
    assert r.status_code == 204, r.text
    subject = f"评审人声明了利益冲突：申请 {conflicted[:8]}（{c.name}）"

    async def told_of_it():
        return [x for x in mail.to(f"{officer}@corridor.example") if x["Subject"] == subject] or None

    [told] = await wait_for(told_of_it, timeout=40, what="the officers' notice of the conflict")
    assert f"/officer/committee/applications/{conflicted}" in parts(told)[0]
    await asyncio.sleep(1.5)
    assert all("конфликт" not in (m_["Subject"] or "") for m_ in mail.to(f"{reviewer}@corridor.example"))


async def test_a_review_given_to_another_tells_the_reviewer_it_was_taken_from(world):
    # the reviewer heard nothing, and their old link opened "not found"
    (app, _client, mail, pub), m = world
    u = uid()
    officer, reviewer = f"li-{u}", f"prof-petrov-{u}"
    c = await _committee(world, {officer: "zh", reviewer: "ru"}, 2, SHEET)  # one reviewer per application
    run = await ok(await m.post(f"/cycles/{c.id}/assignments", headers=c.chair))
    theirs = next(a for a in run["created"] if a["reviewer_id"] == reviewer)
    await ok(await m.post(f"/assignments/{theirs['id']}/reassign", json={"reviewer_id": officer}, headers=c.chair))
    subject = f"Рецензии переданы другому эксперту: 1 ({c.name})"

    async def told():
        return [x for x in mail.to(f"{reviewer}@corridor.example") if x["Subject"] == subject] or None

    [message] = await wait_for(told, timeout=40, what="the notice to the reviewer the review was taken from")
    assert f"/officer/committee?cycle_id={c.id}" in parts(message)[0]
