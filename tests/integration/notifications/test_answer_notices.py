"""An applicant's answer to an offer reaches the staff who act on it, over real Kafka,
PostgreSQL and SMTP: the host's admissions staff hear of an acceptance (their next step is
the admission papers) and of a decline; the officers who see the application hear of a
decline, as only a new round offers the free seat. No applicant's name reaches the host."""

from __future__ import annotations

import pytest

from services.notifications.models import Account, ApplicationRef, ProgrammeRef
from shared.events.catalog import AccountUpserted, MatchConfirmed, OfferDeclined
from shared.principal import Role
from tests.integration.notifications.helpers import (
    cycle,
    known_applicant,
    programme,
    service_with_mail,
    stored_row,
    submitted,
)
from tests.support.ids import uid
from tests.support.mail import parts
from tests.support.services import auth

PORTAL = "https://portal.corridor.example"


@pytest.fixture(scope="module")
async def env(kafka, postgres):
    async with service_with_mail(kafka, postgres, "notif_answers", portal_url=PORTAL) as env:
        yield env


async def test_the_host_and_the_officers_hear_an_answer_without_the_applicants_name(env):
    app, client, mail, pub = env
    scheme, cycle_id, host, pid = uid("sco"), uid("sco-2026"), uid("lzu"), uid("ir")
    partner, officer, stranger = uid("lzu-admissions"), uid("officer"), uid("officer")
    await pub.publish(cycle(cycle_id, scheme, "SCO 2026/27"))
    await pub.publish(programme(pid, host, "International relations", cycle_id, scheme))
    people = [
        AccountUpserted(
            account_id=partner,
            role="partner",
            name="Li Wei",
            email=f"{partner}@lzu.example",
            preferred_language="zh",
            institutions=[host],
        ),
        AccountUpserted(
            account_id=officer,
            role="officer",
            name="Dana",
            email=f"{officer}@corridor.example",
            preferred_language="ru",
            schemes=[scheme],
        ),
        # an officer of another scheme hears nothing of it
        AccountUpserted(
            account_id=stranger, role="officer", name="Omar", email=f"{stranger}@corridor.example", schemes=[uid("cgs")]
        ),
    ]
    for person in people:
        await pub.publish(person)
    for who in (partner, officer, stranger):
        await stored_row(app, Account, who, "the staff accounts")
    await stored_row(app, ProgrammeRef, pid, "the programme")
    answered = {}
    for answer in ("declined", "accepted"):
        applicant, app_id = uid("stu"), uid("app")
        await known_applicant(app, pub, applicant, name="Ayesha Khan", country="PK")
        await pub.publish(submitted(app_id, applicant, cycle_id, scheme, [pid], country="PK"))
        await stored_row(app, ApplicationRef, app_id, "the application")
        answered[answer] = app_id
        ids = dict(application_id=app_id, applicant_id=applicant, cycle_id=cycle_id, programme_id=pid)
        if answer == "declined":
            await pub.publish(OfferDeclined(match_id=uid("m"), **ids))
        else:
            await pub.publish(
                MatchConfirmed(match_id=uid("m"), round_id=uid("r"), host_institution_id=host, rank=1, **ids)
            )

    declined, accepted = await mail.wait_to(f"{partner}@lzu.example", n=2)
    by_subject = {m["Subject"]: parts(m)[0] for m in (declined, accepted)}
    assert set(by_subject) == {
        "名额被放弃：International relations（SCO 2026/27）",
        "名额已被接受：International relations（SCO 2026/27）",
    }
    said = "\n".join(by_subject.values())
    assert "巴基斯坦" in said and "Ayesha" not in said  # the country, never the name
    # which of the office's universities (one office admits for four)
    assert all(f"International relations（{host} University）" in text for text in by_subject.values())
    assert (
        f"{PORTAL}/host/applications/{answered['accepted']}"
        in by_subject["名额已被接受：International relations（SCO 2026/27）"]
    )

    [freed] = await mail.wait_to(f"{officer}@corridor.example")
    assert freed["Subject"] == "Место снова свободно: International relations (SCO 2026/27)"
    assert "(страна: Пакистан)" in parts(freed)[0] and f"{PORTAL}/officer/cycles/{cycle_id}" in parts(freed)[0]
    inbox = (await client.get("/inbox", headers=auth(Role.PARTNER, partner, institutions=[host]))).json()
    assert sorted(i["event_type"] for i in inbox["items"]) == [
        "org.corridor.application.offer_declined.v1",
        "org.corridor.match.confirmed.v1",
    ]
    assert mail.to(f"{stranger}@corridor.example") == []
