"""An applicant who closed their account (applicant.erased) through the real consumer on SQLite:
their inbox, interview bookings and e-mails' content go, e-mails not sent are cancelled; a
notice read earlier in the same batch (written at the batch's commit) and one read after it
tell nobody; an older contact event read again brings no address back."""

from __future__ import annotations

from sqlalchemy import select

from services.notifications.domain.delivery import Channel, DeliveryStatus
from services.notifications.models import Contact, InboxEntry, Notification
from shared.clock import utcnow
from shared.events.catalog import ApplicantErased
from tests.unit.notifications.fakes import count, envelope, record, registered, submitted
from tests.unit.notifications.test_fanout import catalog, consumer


def erased(applicant_id: str, *application_ids: str) -> ApplicantErased:
    return ApplicantErased(applicant_id=applicant_id, erased_at=utcnow(), application_ids=list(application_ids))


async def test_an_erased_applicants_copies_go_and_nothing_more_is_told(db):
    dead: list[str] = []
    c = consumer(db, dead)
    await catalog(c, db)
    assert await c.process_batch([record(envelope(e), offset=10 + i) for i, e in enumerate(
        [registered("stu-a", "ru"), registered("stu-b"), submitted("app-a", "stu-a", ["p1"]), submitted("app-b", "stu-b", ["p1"])]
    )])  # fmt: skip
    assert await count(db, InboxEntry, recipient_id="stu-a") == 1

    # in one batch: a notice about them read before the erasure (its rows written at the commit),
    # the erasure, and one after it; the other applicant's notice is written
    batch = [
        submitted("app-a2", "stu-a", ["p2"]),
        erased("stu-a", "app-a", "app-a2"),
        submitted("app-a3", "stu-a", ["p1"]),
    ]
    batch.append(submitted("app-b2", "stu-b", ["p2"]))
    assert await c.process_batch([record(envelope(e), offset=20 + i) for i, e in enumerate(batch)])
    assert dead == []
    assert await count(db, InboxEntry, recipient_id="stu-a") == 0
    assert await count(db, InboxEntry, recipient_id="stu-b") == 2
    async with db.session() as s:
        mails = list(await s.scalars(select(Notification).where(Notification.recipient == "stu-a")))
        contact = await s.get(Contact, "stu-a")
    assert len(mails) == 1 and mails[0].channel == Channel.EMAIL  # the first submission's only
    assert mails[0].status == DeliveryStatus.CANCELLED and mails[0].context == {}
    assert (contact.email, contact.name, contact.language) == ("", "", "")

    # an older contact event read again (a replay) brings nothing back
    assert await c.process_batch([record(envelope(registered("stu-a", "ru")), offset=40)])
    async with db.session() as s:
        assert (await s.get(Contact, "stu-a")).email == ""


async def test_a_referee_is_not_written_to_about_a_closed_account_nor_is_a_claimed_mail_sent(db):
    """The referee's request was on another partition when the applicant closed their account:
    it names them, so it is told to nobody. A mail the dispatcher had claimed (sending) is
    cancelled: its delivery is written only on the row as claimed, so it does not go, and the
    claimed copy of its context is not written back."""
    from datetime import timedelta

    from sqlalchemy import update

    from shared.events.catalog import RefereeRequested

    dead: list[str] = []
    c = consumer(db, dead)
    await catalog(c, db)
    asked = RefereeRequested(
        request_id="rr-1", application_id="app-c", applicant_id="stu-c", applicant_name="Timur Abenov",
        referee_name="Prof. Referee", referee_email="prof@university.example", link="https://portal.example/r?t=x",
        due_at=utcnow() + timedelta(days=14),
    )  # fmt: skip
    assert await c.process_batch(
        [record(envelope(e), offset=50 + i) for i, e in enumerate([registered("stu-c"), asked])]
    )
    async with db.session() as s, s.begin():  # the dispatcher claims the referee's mail
        await s.execute(update(Notification).where(Notification.recipient == "referee:rr-1").values(status="sending"))
    closing = ApplicantErased(
        applicant_id="stu-c", erased_at=utcnow(), application_ids=["app-c"], referee_request_ids=["rr-1"]
    )
    again = RefereeRequested(**{**asked.model_dump(), "request_id": "rr-2"})  # still on its way
    assert await c.process_batch([record(envelope(e), offset=60 + i) for i, e in enumerate([closing, again])])
    async with db.session() as s:
        rows = list(await s.scalars(select(Notification).where(Notification.recipient.like("referee:%"))))
    assert [(r.recipient, r.status, r.context) for r in rows] == [("referee:rr-1", DeliveryStatus.CANCELLED, {})]
    assert dead == []
