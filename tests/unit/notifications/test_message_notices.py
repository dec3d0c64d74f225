"""Messages about an application (issue 16) against fakes: an officer's message is one inbox
entry and one e-mail row for the applicant, in their language, the text as written, however
often the event comes; the applicant's reply tells no applicant (and, with no officer account
known here, nobody: test_committee_notices.py has the officers); a second message is told too."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from services.notifications.models import InboxEntry, Notification
from shared.events.catalog import ApplicationMessageSent
from tests.unit.notifications.fakes import consumer, count, envelope, record, registered

BODY = "Please bring the original diploma.\nThank you."


def message(message_id: str, direction: str = "officer_to_applicant") -> ApplicationMessageSent:
    return ApplicationMessageSent(
        message_id=message_id,
        application_id="app-1",
        applicant_id="applicant-1",
        cycle_id="sco-2026",
        direction=direction,  # type: ignore[arg-type]
        author_role="officer" if direction == "officer_to_applicant" else "applicant",
        author_name="Dr. Li Na",
        body=BODY if direction == "officer_to_applicant" else "",
        sent_at=datetime(2026, 12, 1, 3, 0, tzinfo=UTC),
    )


async def test_an_officers_message_is_told_once_and_the_reply_not_at_all(db):
    dead: list[str] = []
    c = consumer(db, dead)
    await c.process(record(envelope(registered("applicant-1", "ur", "Ayesha Khan")), 0))
    sent = envelope(message("m1"))
    await c.process(record(sent, 1))
    await c.process(record(sent, 2))  # redelivered: nothing more
    await c.process(record(envelope(message("m2", "applicant_to_officer")), 3))
    assert dead == []
    assert await count(db, InboxEntry) == 1 and await count(db, Notification) == 1
    async with db.session() as s:
        entry = (await s.scalars(select(InboxEntry))).one()
        row = (await s.scalars(select(Notification))).one()
    assert entry.recipient_id == "applicant-1" and entry.language == "ur"
    assert entry.subject.startswith("آپ کی درخواست کے بارے میں پیغام") and BODY in entry.body
    assert "Dr. Li Na" in entry.body
    assert row.template == "application_message" and row.recipient == "applicant-1" and row.context["body"] == BODY

    # another message about the same application is news: told too
    await c.process(record(envelope(message("m3")), 4))
    assert await count(db, InboxEntry) == 2 and await count(db, Notification) == 2
