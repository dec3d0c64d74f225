"""A delivered e-mail sent again ("the applicant never got it"): a copy of its own, numbered,
journaled with its reason; refused, with the reason said, where a copy would be wrong."""

from __future__ import annotations

import pytest

from services.notifications.domain.delivery import Channel, DeliveryStatus
from services.notifications.models import Contact, JournalEntry, Notification
from services.notifications.service import deliveries
from shared.clock import utcnow
from shared.errors import Conflict, Invalid, NotFound
from shared.principal import Principal, Role

ADMIN = Principal(sub="acc_ops", role=Role.ADMIN)


def offer(status: str = DeliveryStatus.DELIVERED, **kw) -> Notification:
    fields = dict(
        source_event_id="evt_1",
        event_type="org.corridor.match.approved.v1",
        channel=Channel.EMAIL,
        recipient="stu_1",
        template="offer_made",
        context={"programme": "TCM 3+2", "institution": "XJMU", "cycle": "SCO 2026"},
        status=status,
    )
    return Notification(**{**fields, **kw})


def reset_link_spent() -> Notification:
    # delivered: the reset link is dropped from the row (try_stored)
    context = {"email": "a@example.kz", "name": "A", "link": None, "expires_at": "2026-12-05T12:00:00+00:00"}
    return offer(template="account_password_reset", recipient="acc_1", context=context)


async def test_a_copy_is_a_new_numbered_row_and_the_first_stays_delivered(db):
    async with db.session() as s, s.begin():
        s.add(offer(id="ntf_first"))
        s.add(Contact(applicant_id="stu_1", email="Stu@Example.kz", name="Stu", language="ru", as_of=utcnow()))
    async with db.session() as s, s.begin():
        copy = await deliveries.resend(s, "ntf_first", ADMIN, "  filed as spam  ")
        again = await deliveries.resend(s, "ntf_first", ADMIN, "still not there")
    assert (copy.resend, again.resend) == (1, 2) and len({copy.id, again.id, "ntf_first"}) == 3
    assert copy.status == DeliveryStatus.PENDING and copy.attempts == 0 and copy.context["programme"] == "TCM 3+2"
    async with db.session() as s:
        first = await s.get(Notification, "ntf_first")
        assert first.status == DeliveryStatus.DELIVERED
        from sqlalchemy import select

        journal = (await s.execute(select(JournalEntry).order_by(JournalEntry.id))).scalars().all()
        assert [(j.action, j.reason) for j in journal] == [
            ("delivery.resent", "filed as spam"),
            ("delivery.resent", "still not there"),
        ]
        rows, total = await deliveries.notifications(s, _paging(), address="stu@EXAMPLE.kz")
        assert total == 3 and {r.resend for r in rows} == {0, 1, 2}
        to = await deliveries.addressees_of(s, rows)
        assert {a.email for a in to.values()} == {"Stu@Example.kz"}


@pytest.mark.parametrize(
    ("row", "refusal", "code"),
    [
        (offer(status=DeliveryStatus.DEAD), Conflict, "delivery.not_delivered"),
        (offer(status=DeliveryStatus.PENDING), Conflict, "delivery.not_delivered"),
        (reset_link_spent(), Conflict, "delivery.link_spent"),
        (offer(channel=Channel.WEBHOOK, template=None, recipient="sub_1"), NotFound, "delivery.not_found"),
    ],
)
async def test_a_copy_is_refused_where_it_would_be_wrong(db, row, refusal, code):
    row.id = "ntf_x"
    async with db.session() as s, s.begin():
        s.add(row)
    async with db.session() as s, s.begin():
        with pytest.raises(refusal) as refused:
            await deliveries.resend(s, "ntf_x", ADMIN, "why")
    assert refused.value.code == code
    async with db.session() as s:
        assert len((await deliveries.notifications(s, _paging()))[0]) == 1  # nothing added


async def test_a_reason_is_required(db):
    async with db.session() as s, s.begin():
        s.add(offer(id="ntf_first"))
    async with db.session() as s, s.begin():
        with pytest.raises(Invalid) as refused:
            await deliveries.resend(s, "ntf_first", ADMIN, "   ")
    assert refused.value.errors[0].field == "reason"


def test_which_rows_can_be_sent_again():
    assert deliveries.resendable(offer())
    assert not deliveries.resendable(offer(status=DeliveryStatus.DEAD))
    assert not deliveries.resendable(reset_link_spent())
    # a lock notice's link (the log-in page) is optional: sent again without it
    lock = reset_link_spent()
    lock.template, lock.context = "account_locked", {"email": "a@example.kz", "name": "A", "link": None}
    assert deliveries.resendable(lock)


def _paging():
    from shared.paging import Paging

    return Paging(offset=0, limit=50)


async def test_the_operators_gauge_counts_what_waits_dead_this_week_by_channel(tmp_path):
    """/metrics says how many deliveries wait dead (an alert on the counter's increase() fired
    once and resolved while they still waited); one replayed or older than a week leaves it."""
    from datetime import timedelta

    import httpx

    from services.notifications.app import create_app
    from services.notifications.settings import Settings
    from shared.migrations import migrate

    app = create_app(
        Settings(env="development", smtp_host="smtp.invalid", database_url=f"sqlite+aiosqlite:///{tmp_path}/n.db")
    )
    runtime = app.state.runtime
    await migrate(runtime.db)
    long_ago = utcnow() - timedelta(days=8)
    async with runtime.db.session() as s, s.begin():
        s.add(offer(DeliveryStatus.DEAD, id="ntf_a"))
        s.add(offer(DeliveryStatus.DEAD, id="ntf_b", source_event_id="evt_2"))
        s.add(offer(DeliveryStatus.DEAD, id="ntf_old", source_event_id="evt_3", created_at=long_ago))
        s.add(offer(DeliveryStatus.DELIVERED, id="ntf_ok", source_event_id="evt_4"))
        s.add(offer(DeliveryStatus.DEAD, id="ntf_hook", channel=Channel.WEBHOOK, recipient="sub_1", template=None))

    async def scraped() -> dict[str, float]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://n") as c:
            text = (await c.get("/metrics")).text
        found = {}
        for line in text.splitlines():
            if line.startswith("corridor_notifications_dead{"):
                channel = line.split('channel="')[1].split('"')[0]
                found[channel] = float(line.rsplit(" ", 1)[1])
        return found

    assert await scraped() == {"email": 2.0, "webhook": 1.0}
    async with runtime.db.session() as s, s.begin():
        await deliveries.replay(s, "ntf_a", None, ADMIN, "mended")
    assert (await scraped())["email"] == 1.0
    await runtime.db.dispose()
