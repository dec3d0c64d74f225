"""The award path (issue 14) told over real Kafka, PostgreSQL, an SMTP server and an HTTP
receiver: the nominating authority's decisions and the host's admission reach the applicant
by e-mail and inbox in their language, exactly once (a redelivered event tells nothing
more); the host institution gets signed webhooks and feed items with the minimised payload;
an offer that follows an admission says the host admitted the applicant."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from standardwebhooks import Webhook

from services.notifications.models import Account, ApplicationRef, CycleRef, ProgrammeRef, SchemeRef
from shared.events.catalog import (
    AccountUpserted,
    AdmissionDecided,
    AdmissionRequested,
    MatchApproved,
    NominationDecided,
    NominationState,
    SchemeUpserted,
    Stage,
    Topics,
)
from shared.principal import Role
from tests.integration.notifications.helpers import (
    WebhookReceiver,
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

HEC = "Higher Education Commission (HEC)"
SCHEME = uid("sco")
NOTE = "HSK 4 is required <before> enrolment."


@pytest.fixture(scope="module")
async def env(kafka, postgres):
    hooks = WebhookReceiver().start()
    async with service_with_mail(
        kafka,
        postgres,
        "notif_award",
        source="/corridor/matching",
        feed_settle_seconds=0.2,
        # the receiver is on loopback: allowed explicitly, over http
        webhook_require_https=False,
        webhook_allow=["127.0.0.1/32"],
    ) as (app, client, mail, pub):
        cycle_id, inst, prog = uid("sco-2026"), uid("xjmu"), uid("tcm")
        await pub.publish(
            SchemeUpserted(
                scheme_id=SCHEME,
                name="SCO Scholarship",
                sponsor="SCO University",
                eligible_countries=["PK", "KZ"],
                path=[Stage.NOMINATION, Stage.MATCHING, Stage.REVIEW, Stage.ADMISSION, Stage.ANSWER],
                authorities={"PK": HEC},
            )
        )
        await pub.publish(cycle(cycle_id, SCHEME, "SCO Scholarship 2026/27"))
        await pub.publish(programme(prog, inst, "Traditional Chinese Medicine 3+2", cycle_id, SCHEME))
        await stored_row(app, SchemeRef, SCHEME, "the scheme")
        await stored_row(app, CycleRef, cycle_id, "the cycle")
        await stored_row(app, ProgrammeRef, prog, "the programme")
        try:
            yield app, client, mail, pub, hooks, (cycle_id, inst, prog)
        finally:
            hooks.stop()


async def _applicant(env, language: str) -> tuple[str, str, str, str]:
    """A registered applicant (contact stored) with a submitted application (stored):
    (applicant, address, application, the text of the "application received" e-mail)."""
    app, client, mail, pub, _hooks, (cycle_id, _inst, prog) = env
    applicant, app_id = uid("stu"), uid("app")
    address = f"{applicant}@example.pk"
    await registered(
        (app, client, mail, pub),
        applicant,
        email=address,
        name="Ayesha Khan",
        preferred_language=language,
        nationality="PK",
    )
    await pub.publish(submitted(app_id, applicant, cycle_id, SCHEME, [prog], language=language, country="PK"))
    await stored_row(app, ApplicationRef, app_id, "the application")
    [received] = await mail.wait_to(address, timeout=60)  # "application received"
    return applicant, address, app_id, parts(received)[0]


def by_subject(mails) -> dict:
    return {str(m["Subject"]): m for m in mails}


def _nomination(env, applicant: str, app_id: str, state: NominationState, version: int, **kw) -> NominationDecided:
    cycle_id = env[5][0]
    return NominationDecided(
        application_id=app_id,
        applicant_id=applicant,
        cycle_id=cycle_id,
        scheme_id=SCHEME,
        sending_country="PK",
        state=state,
        version=version,
        authority=HEC,
        **kw,
    )


def _match(env, applicant: str, app_id: str, match_id: str) -> dict:
    cycle_id, inst, prog = env[5]
    return {
        "match_id": match_id,
        "round_id": uid("r"),
        "application_id": app_id,
        "applicant_id": applicant,
        "cycle_id": cycle_id,
        "programme_id": prog,
        "host_institution_id": inst,
        "rank": 1,
    }


async def test_the_sco_chain_is_told_in_urdu_once_and_the_host_gets_signed_minimal_webhooks(env):
    app, client, mail, pub, hooks, (cycle_id, inst, prog) = env
    partner = auth(Role.PARTNER, uid("host-admissions"), institutions=[inst])
    r = await client.post(
        "/webhooks/subscriptions",
        json={"url": hooks.plan(f"/{uid('h')}", []), "event_types": ["admission.requested", "admission.decided"]},
        headers=partner,
    )
    assert r.status_code == 201, r.text
    sub = r.json()
    path = sub["url"].removeprefix(hooks.base)
    applicant, address, app_id, received = await _applicant(env, "ur")
    assert f"آپ کی درخواست پہلے {HEC} کے پاس جائے گی" in received  # the nomination stage comes first

    # the authority publishes: reserve position 1; a nominee withdraws: moved up
    await pub.publish(_nomination(env, applicant, app_id, NominationState.RESERVE, 1, position=1))
    await pub.publish(_nomination(env, applicant, app_id, NominationState.NOMINATED, 2, position=12, promoted=True))
    mails = by_subject(await mail.wait_to(address, n=3, timeout=60))
    reserve = mails["ریزرو فہرست، نمبر 1: SCO Scholarship 2026/27"]
    assert f"{HEC} نے آپ کو SCO Scholarship 2026/27 کی ریزرو فہرست میں نمبر 1 پر رکھا ہے۔" in parts(reserve)[0]
    assert 'dir="rtl"' in parts(mails["ریزرو فہرست سے نامزدگی: SCO Scholarship 2026/27"])[1]

    # officers approve the match: with the host; the host rejects it with a reason
    match_id = uid("m")
    await pub.publish(AdmissionRequested(**_match(env, applicant, app_id, match_id), decide_by=date(2027, 5, 31)))
    rejected = await pub.publish(
        AdmissionDecided(
            **_match(env, applicant, app_id, match_id),
            decision="rejected",
            reason_code="language",
            note=NOTE,
            version=1,
        )
    )
    mails = by_subject(await mail.wait_to(address, n=5, timeout=60))
    with_host = mails["داخلے کے لیے میزبان ادارے کے پاس: Traditional Chinese Medicine 3+2"]
    assert "یہ ابھی داخلے کی پیشکش نہیں ہے" in parts(with_host)[0]
    text, html = parts(mails["داخلہ نہیں ملا: Traditional Chinese Medicine 3+2"])
    assert "آپ کی زبان کی مہارت پروگرام کے تقاضوں پر پوری نہیں اترتی" in text and "language" not in text
    # the note isolated in its own direction (FSI/PDI; <bdi> in the HTML), in Urdu's quotes
    assert f"میزبان ادارے کا نوٹ: ”\u2068{NOTE}\u2069“" in text and "&lt;before&gt;" in html

    # the host: two signed webhooks, the feed the same two, nothing personal, never the note
    async def two_hooks():
        got = hooks.accepted(path)
        return got if len(got) >= 2 else None

    got = await wait_for(two_hooks, timeout=60, what="the host's webhooks")
    # sent concurrently by the dispatcher: they may arrive in either order
    signed = {h.headers["webhook-id"]: Webhook(sub["secret"]).verify(h.body, h.headers) for h in got}
    bodies = {b["type"]: b for b in signed.values()}
    assert sorted(bodies) == ["admission.decided", "admission.requested"]
    assert bodies["admission.requested"]["data"] == {
        "institution_id": inst,
        "application_id": app_id,
        "cycle_id": cycle_id,
        "scheme_id": SCHEME,
        "status": "with_host",
        "sending_country": "PK",
        "applicant_type": "student",
        "programme_ids": [prog],
        "match_id": match_id,
        "admission": {"decide_by": "2027-05-31"},
    }
    assert bodies["admission.decided"]["data"]["status"] == "not_admitted"
    assert bodies["admission.decided"]["data"]["admission"] == {
        "decision": "rejected",
        "reason_code": "language",
        "version": 1,
    }
    for h in got:
        for personal in ("Ayesha", "@example", applicant, "HSK 4"):
            assert personal not in h.body.decode()

    async def feed_items():
        r = await client.get("/partner/feed", params={"limit": 100}, headers=partner)
        items = [i for i in r.json()["items"] if i["data"]["application_id"] == app_id]
        return items if len(items) >= 3 else None

    items = await wait_for(feed_items, timeout=60, what="the host's feed")
    assert [i["type"] for i in items] == ["application.submitted", "admission.requested", "admission.decided"]
    assert signed[items[2]["message_id"]]["type"] == "admission.decided"  # one id across webhook and feed

    # the rejection redelivered, then the nomination withdrawn by it (the matching service's
    # release): neither is told again; the host's decision already said why, in its words
    consumer = app.state.runtime.running[0]
    duplicates = consumer.stats.duplicates
    await pub.send(rejected, Topics.MATCHING.value)
    await pub.publish(
        _nomination(env, applicant, app_id, NominationState.WITHDRAWN, 3, reason=NOTE, host_rejected=True)
    )

    async def redelivery_seen():
        return consumer.stats.duplicates > duplicates

    await wait_for(redelivery_seen, timeout=60, what="the redelivery seen")
    await asyncio.sleep(1.5)  # time for any e-mail or webhook that should not come
    assert len(mail.to(address)) == 5 and len(hooks.at(path)) == 2
    inbox = (await client.get("/inbox", headers=auth(Role.APPLICANT, applicant), params={"limit": 20})).json()
    types = sorted(i["event_type"] for i in inbox["items"])
    assert types == sorted(
        ["org.corridor.application.submitted.v1"]
        + ["org.corridor.nomination.decided.v1"] * 2
        + ["org.corridor.admission.requested.v1", "org.corridor.admission.decided.v1"]
    )
    assert all(i["language"] == "ur" for i in inbox["items"])


async def test_an_admission_is_told_by_the_offer_which_says_the_host_admitted(env):
    app, client, mail, pub, _hooks, (_cycle_id, inst, _prog) = env
    applicant, address, app_id, received = await _applicant(env, "en")
    assert f"Your application goes first to {HEC}, which nominates candidates from your country" in received
    await pub.publish(_nomination(env, applicant, app_id, NominationState.NOMINATED, 1, position=4))
    match_id = uid("m")
    await pub.publish(AdmissionRequested(**_match(env, applicant, app_id, match_id)))
    await pub.publish(AdmissionDecided(**_match(env, applicant, app_id, match_id), decision="admitted", version=1))
    await pub.publish(MatchApproved(**_match(env, applicant, app_id, match_id), reply_by=date(2027, 6, 15)))
    await mail.wait_to(address, n=4, timeout=60)
    await asyncio.sleep(1.0)  # the admission itself sends no e-mail
    mails = by_subject(mail.to(address))
    assert len(mail.to(address)) == 4 and set(mails) == {
        "Application received: SCO Scholarship 2026/27",
        "Nominated: SCO Scholarship 2026/27",
        "With the host for admission: Traditional Chinese Medicine 3+2",
        "Offer of a place: Traditional Chinese Medicine 3+2",
    }
    nominated = parts(mails["Nominated: SCO Scholarship 2026/27"])[0]
    assert (
        f"You have been nominated for SCO Scholarship 2026/27 by {HEC} (number 4 on its nomination list)." in nominated
    )
    offer = parts(mails["Offer of a place: Traditional Chinese Medicine 3+2"])[0]
    assert f"{inst} University has reviewed your application and admitted you." in offer
    assert "Please reply by June 15, 2027." in offer

    # the host's feed: the admission and the offer that followed it
    async def statuses():
        r = await client.get(
            "/partner/feed", params={"limit": 100}, headers=auth(Role.PARTNER, "p", institutions=[inst])
        )
        got = [i["data"]["status"] for i in r.json()["items"] if i["data"]["application_id"] == app_id]
        return got if len(got) >= 4 else None

    assert await wait_for(statuses, timeout=60, what="the feed") == ["submitted", "with_host", "admitted", "offered"]


async def test_the_authority_hears_that_a_nominee_declined_and_who_moved_up_and_the_applicant_nothing_more(env):
    app, client, mail, pub, _hooks, (cycle_id, _inst, _prog) = env
    nominator = uid("hec")
    await pub.publish(
        AccountUpserted(
            account_id=nominator,
            role="nominator",
            name="HEC desk",
            email=f"{nominator}@hec.example",
            preferred_language="en",
            schemes=[SCHEME],
            countries=["PK"],
        )
    )
    await stored_row(app, Account, nominator, "the authority's account")
    applicant, address, app_id, _ = await _applicant(env, "ur")
    reserve, reserve_app = uid("stu"), uid("app")
    await registered(
        (app, client, mail, pub), reserve, email=f"{reserve}@example.pk", name="Sana Iqbal", nationality="PK"
    )
    await pub.publish(submitted(reserve_app, reserve, cycle_id, SCHEME, [_prog], country="PK"))
    await stored_row(app, ApplicationRef, reserve_app, "the reserve's application")
    await pub.publish(
        _nomination(
            env, applicant, app_id, NominationState.WITHDRAWN, 2, applicant_left="declined", replaced_by=reserve_app
        )
    )
    [told] = await mail.wait_to(f"{nominator}@hec.example", timeout=60)
    text = parts(told)[0]
    assert told["Subject"].startswith("Off your list: Ayesha Khan")
    assert "Ayesha Khan, on your list for" in text and "declined the offer of a place and is off your list." in text
    assert "Sana Iqbal, first on your reserve list, moved up to the nomination list and is told." in text
    await asyncio.sleep(1.5)  # the applicant's own step tells them nothing more
    assert len(mail.to(address)) == 1  # "application received" only
