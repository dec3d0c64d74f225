"""Endorsement by the home institution (issue 14) told over real Kafka, PostgreSQL and an SMTP
server: the institution's decisions reach the applicant by e-mail and inbox in their language,
exactly once per change (a redelivered event, and an older version arriving late, tell
nothing); the institution's coordinators are reminded of the endorsement deadline in their
language and the scheme's officers hear when it passed. Events are published as the matching
service publishes them."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from services.notifications.models import Account, ApplicationRef, CycleRef, InstitutionRef, ProgrammeRef, SchemeRef
from shared.events.catalog import (
    AccountUpserted,
    EndorsementDecided,
    EndorsementState,
    InstitutionUpserted,
    SchemeUpserted,
    Stage,
    StageDeadlineNear,
    StageDeadlinePassed,
    Topics,
)
from shared.principal import Role
from tests.integration.notifications.helpers import (
    cycle,
    programme,
    registered,
    service_with_mail,
    stored_row,
    submitted,
)
from tests.support.ids import uid
from tests.support.infra import wait_for
from tests.support.mail import parts
from tests.support.services import auth

SCHEME = uid("pk-kz-med")
KEMU = "King Edward Medical University"
REASON = "Your grades are below the exchange's 70% minimum."
CLOSES = datetime(2027, 3, 1, 23, 59, tzinfo=UTC)


@pytest.fixture(scope="module")
async def env(kafka, postgres):
    async with service_with_mail(kafka, postgres, "notif_endorse", source="/corridor/matching") as (
        app,
        client,
        mail,
        pub,
    ):
        cycle_id, home, prog = uid("pk-kz-2027"), uid("kemu"), uid("kaznmu-med")
        await pub.publish(
            SchemeUpserted(
                scheme_id=SCHEME,
                name="PK-KZ Medical Exchange",
                sponsor="KazNMU",
                eligible_countries=["PK"],
                path=[Stage.ENDORSEMENT, Stage.MATCHING, Stage.REVIEW, Stage.ADMISSION, Stage.ANSWER],
            )
        )
        await pub.publish(cycle(cycle_id, SCHEME, "PK-KZ Medical Exchange 2027"))
        await pub.publish(programme(prog, uid("kaznmu"), "General Medicine exchange", cycle_id, SCHEME))
        await pub.publish(InstitutionUpserted(institution_id=home, name=KEMU, country="PK"))
        await stored_row(app, SchemeRef, SCHEME, "the scheme")
        await stored_row(app, CycleRef, cycle_id, "the cycle")
        await stored_row(app, ProgrammeRef, prog, "the programme")
        await stored_row(app, InstitutionRef, home, "the home institution")
        yield app, client, mail, pub, (cycle_id, home, prog)


def _decision(env, applicant: str, app_id: str, state: EndorsementState, version: int, **kw) -> EndorsementDecided:
    cycle_id, home, _prog = env[4]
    return EndorsementDecided(
        application_id=app_id,
        applicant_id=applicant,
        cycle_id=cycle_id,
        scheme_id=SCHEME,
        home_institution_id=home,
        institution=KEMU,
        state=state,
        version=version,
        **kw,
    )


def by_subject(mails) -> dict:
    return {str(m["Subject"]): m for m in mails}


async def test_each_change_of_the_institutions_mind_is_told_once_in_russian(env):
    app, client, mail, pub, (cycle_id, home, prog) = env
    applicant, app_id = uid("stu"), uid("app")
    address = f"{applicant}@example.pk"
    await registered(
        (app, client, mail, pub),
        applicant,
        email=address,
        name="Ayesha Khan",
        preferred_language="ru",
        nationality="PK",
    )
    application = submitted(app_id, applicant, cycle_id, SCHEME, [prog], language="ru", country="PK")
    await pub.publish(application.model_copy(update={"home_institution_id": home}))
    await stored_row(app, ApplicationRef, app_id, "the application")
    [received] = await mail.wait_to(address, timeout=60)
    assert f"Сначала заявку рассмотрит ваше учебное заведение ({KEMU})" in parts(received)[0]

    # endorsed in a cohort; the coordinator changes their mind (version 2, with a reason)
    endorsed = await pub.publish(_decision(env, applicant, app_id, EndorsementState.ENDORSED, 1, cohort="Lahore 2027"))
    refused = await pub.publish(_decision(env, applicant, app_id, EndorsementState.NOT_ENDORSED, 2, reason=REASON))
    mails = by_subject(await mail.wait_to(address, n=3, timeout=60))
    text = parts(mails["Учебное заведение рекомендовало вашу заявку: PK-KZ Medical Exchange 2027"])[0]
    assert f"Ваше учебное заведение ({KEMU}) рекомендовало вашу заявку на конкурс «PK-KZ Medical Exchange 2027»" in text
    assert "в составе группы «Lahore 2027»" in text and "участвует в распределении мест" in text
    text, html = parts(mails["Учебное заведение не дало рекомендацию: PK-KZ Medical Exchange 2027"])
    assert f"Указанная причина: «{REASON}»" in text and "exchange&#39;s 70%" in html

    # both redelivered, and version 1 again as a new event (older than the one told): nothing more
    consumer = app.state.runtime.running[0]
    duplicates = consumer.stats.duplicates
    await pub.send(endorsed, Topics.MATCHING.value)
    await pub.send(refused, Topics.MATCHING.value)
    await pub.publish(_decision(env, applicant, app_id, EndorsementState.ENDORSED, 1, cohort="Lahore 2027"))
    # then endorsed again (version 3): told
    await pub.publish(_decision(env, applicant, app_id, EndorsementState.ENDORSED, 3))
    mails = await mail.wait_to(address, n=4, timeout=60)
    last = parts(mails[-1])[0]
    assert str(mails[-1]["Subject"]) == "Учебное заведение рекомендовало вашу заявку: PK-KZ Medical Exchange 2027"
    assert "группы" not in last  # no cohort this time

    async def redeliveries_seen():
        return consumer.stats.duplicates >= duplicates + 2

    await wait_for(redeliveries_seen, timeout=60, what="the redeliveries seen")
    await asyncio.sleep(1.5)  # time for any e-mail that should not come
    assert len(mail.to(address)) == 4
    inbox = (await client.get("/inbox", headers=auth(Role.APPLICANT, applicant), params={"limit": 20})).json()
    types = sorted(i["event_type"] for i in inbox["items"])
    assert types == ["org.corridor.application.submitted.v1"] + ["org.corridor.endorsement.decided.v1"] * 3
    assert all(i["language"] == "ru" for i in inbox["items"])


async def test_coordinators_are_reminded_in_their_language_and_officers_hear_the_deadline_passed(env):
    app, client, mail, pub, (cycle_id, home, _prog) = env
    coordinator, elsewhere, officer = uid("kemu-coord"), uid("aku-coord"), uid("officer")
    for account in (
        AccountUpserted(
            account_id=coordinator,
            role="coordinator",
            name="Rabia Anwar",
            email=f"{coordinator}@kemu.example.pk",
            preferred_language="ur",
            schemes=[SCHEME],
            institutions=[home],
        ),
        AccountUpserted(
            account_id=elsewhere,
            role="coordinator",
            name="Other",
            email=f"{elsewhere}@aku.example.pk",
            schemes=[SCHEME],
            institutions=[uid("aku")],
        ),
        AccountUpserted(
            account_id=officer, role="officer", name="Officer", email=f"{officer}@corridor.example", schemes=[SCHEME]
        ),
    ):
        await pub.publish(account)
        await stored_row(app, Account, account.account_id, "the account")

    common = {"cycle_id": cycle_id, "scheme_id": SCHEME, "closes_at": CLOSES, "institution_id": home, "pending": 4}
    near = await pub.publish(StageDeadlineNear(**common, stage="endorsement", days_left=3))
    await pub.publish(StageDeadlinePassed(**common, stage="endorsement"))
    [reminder] = await mail.wait_to(f"{coordinator}@kemu.example.pk", timeout=60)
    assert str(reminder["Subject"]) == "توثیق کی آخری تاریخ 3 دن میں: PK-KZ Medical Exchange 2027"
    text, html = parts(reminder)
    assert f"PK-KZ Medical Exchange 2027 میں {KEMU} کی 4 درخواستیں" in text and 'dir="rtl"' in html
    [passed] = await mail.wait_to(f"{officer}@corridor.example", timeout=60)
    assert str(passed["Subject"]) == "Endorsement deadline passed: PK-KZ Medical Exchange 2027"
    assert f"{KEMU} had not decided on 4 application(s) in PK-KZ Medical Exchange 2027" in parts(passed)[0]

    consumer = app.state.runtime.running[0]
    duplicates = consumer.stats.duplicates
    await pub.send(near, Topics.MATCHING.value)  # redelivered: told once

    async def redelivery_seen():
        return consumer.stats.duplicates > duplicates

    await wait_for(redelivery_seen, timeout=60, what="the redelivery seen")
    await asyncio.sleep(1.5)  # time for any e-mail that should not come
    assert len(mail.to(f"{coordinator}@kemu.example.pk")) == 1 and len(mail.to(f"{officer}@corridor.example")) == 1
    assert mail.to(f"{elsewhere}@aku.example.pk") == []
    # the coordinator reads the reminder in the inbox too (in Urdu); the other institution's has none
    headers = auth(Role.COORDINATOR, coordinator, schemes=[SCHEME], institutions=[home])
    [entry] = (await client.get("/inbox", headers=headers)).json()["items"]
    assert entry["language"] == "ur" and entry["subject"] == str(reminder["Subject"])
    other = auth(Role.COORDINATOR, elsewhere, schemes=[SCHEME], institutions=[uid("aku")])
    assert (await client.get("/inbox", headers=other)).json()["total"] == 0
