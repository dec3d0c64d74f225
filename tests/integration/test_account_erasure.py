"""An applicant closes their account, over real Kafka and PostgreSQL with the three services as
processes: applicant.erased reaches matching and notifications, which erase their copies
(the officers' name, the contact, the inbox, the e-mails' content), and a notice about one of
their applications that arrives afterwards is told to nobody."""

from __future__ import annotations

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from shared.clock import utcnow
from shared.events.catalog import ApplicantUpdated, ApplicationSubmitted
from tests.integration.test_slice import catalog, inbox_of, submitted_entries  # noqa: F401 - the module's fixture
from tests.support.events import publish
from tests.support.flows import register_and_submit
from tests.support.ids import uid
from tests.support.infra import wait_for


async def _one(url: str, sql: str, **params):
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            return (await conn.execute(text(sql), params)).all()
    finally:
        await engine.dispose()


async def test_every_service_erases_what_it_holds_of_a_closed_account(stack, kafka, catalog):  # noqa: F811
    async with httpx.AsyncClient(base_url=stack.applications.url, timeout=30) as c:
        who, application = await register_and_submit(c, catalog, profile={"name": "Timur Abenov"})
        await wait_for(
            lambda: _told(stack.notifications.url, who.id), timeout=60, what="the submission in the applicant's inbox"
        )
        matching, notifications = stack.urls["matching"], stack.urls["notifications"]
        await wait_for(
            lambda: _one(
                matching, "SELECT name FROM applicant_profiles WHERE applicant_id = :a AND name <> ''", a=who.id
            ),
            timeout=60,
            what="the officers' name of the applicant",
        )
        r = await c.post(f"/applications/{application['id']}/withdraw", json={}, headers=who.headers)
        assert r.status_code == 200, r.text
        r = await c.post("/me/close", json={"password": who.password}, headers=who.headers)
        assert r.status_code == 200, r.text

    await wait_for(
        lambda: _one(matching, "SELECT 1 FROM applicant_profiles WHERE applicant_id = :a AND name = ''", a=who.id),
        timeout=60,
        what="matching forgets the name",
    )
    profile = await _one(
        matching, "SELECT passport_name, home_institution, nationality FROM applicant_profiles WHERE applicant_id = :a",
        a=who.id,
    )  # fmt: skip
    assert profile == [(None, "", "KZ")]  # the sending country's figures stay
    contact = await wait_for(
        lambda: _one(
            notifications, "SELECT email, name FROM contacts WHERE applicant_id = :a AND language = ''", a=who.id
        ),
        timeout=60,
        what="notifications erases the contact",
    )
    assert contact == [("", "")]
    assert await _one(notifications, "SELECT id FROM inbox_entries WHERE recipient_id = :a", a=who.id) == []
    emails = await _one(notifications, "SELECT status, context FROM notifications WHERE recipient = :a", a=who.id)
    assert emails and all(not context or context == "{}" for _, context in emails)
    assert who.email not in str(emails)

    # an event about them that was still on its way (another partition's) tells nobody
    late = ApplicationSubmitted(
        application_id=uid("late"),
        applicant_id=who.id,
        cycle_id=catalog.cycle_id,
        scheme_id=catalog.scheme_id,
        applicant_type="student",
        sending_country="KZ",
        choices=catalog.student_programmes[:1],
        submitted_at=utcnow(),
    )
    # and an older contact event of theirs read again brings no address back
    again = ApplicantUpdated(
        applicant_id=who.id, email=who.email, name="Timur Abenov", nationality="KZ", preferred_language="ru"
    )
    await publish(kafka.bootstrap, again, late)
    await wait_for(
        lambda: _one(notifications, "SELECT 1 FROM applications WHERE application_id = :a", a=late.application_id),
        timeout=60,
        what="the late event read",
    )
    assert await _one(notifications, "SELECT id FROM inbox_entries WHERE recipient_id = :a", a=who.id) == []
    assert await _one(notifications, "SELECT email, name FROM contacts WHERE applicant_id = :a", a=who.id) == [("", "")]
    pending = await _one(
        notifications, "SELECT id FROM notifications WHERE recipient = :a AND status = 'pending'", a=who.id
    )
    assert pending == []


async def _told(url: str, applicant_id: str):
    return submitted_entries(await inbox_of(url, applicant_id)) or None
