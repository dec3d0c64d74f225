"""Two notification service processes, one database, one consumer group: nothing is sent twice."""

from __future__ import annotations

from collections import Counter

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from shared.events.catalog import ApplicantRegistered, Topics
from shared.principal import Role
from tests.integration.notifications.helpers import WebhookReceiver, programme, submitted
from tests.support.events import EventPublisher
from tests.support.ids import uid
from tests.support.infra import wait_for
from tests.support.mail import MailSink
from tests.support.services import ServiceProcess, auth, fresh_group, service_env

N_APPLICANTS = 40
N_REDELIVERED = 10


@pytest.fixture(scope="module")
async def two_instances(kafka, postgres, tmp_path_factory):
    logs = tmp_path_factory.mktemp("notif-scale")
    mail = MailSink().start()
    hooks = WebhookReceiver().start()
    db_url = await postgres.create_database("notifscale")
    group = fresh_group("notifications", kafka.bootstrap)  # both instances share it
    extra = {
        "CONSUMER_GROUP": group,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(mail.port),
        "DISPATCH_POLL_SECONDS": "0.1",
        "DISPATCH_BATCH_SIZE": "5",
        "RETRY_SCHEDULE_SECONDS": "[0.2, 0.4, 0.8]",
        "WEBHOOK_TIMEOUT_SECONDS": "2",
        # the receiver is on loopback: allowed explicitly (issue 13), over http
        "WEBHOOK_REQUIRE_HTTPS": "false",
        "WEBHOOK_ALLOW": "127.0.0.1/32",
    }
    procs = [
        ServiceProcess(
            "notifications",
            service_env("notifications", db_url, kafka.bootstrap, **extra),
            logs / f"notifications-{i}.log",
        )
        for i in (1, 2)
    ]
    try:
        procs[0].start()  # the first migrates the database
        procs[1].start()
        yield procs, mail, hooks, db_url
    finally:
        for p in procs:
            p.stop()
        hooks.stop()
        mail.stop()


async def test_two_instances_in_one_group_send_each_notification_once(two_instances, kafka):
    procs, mail, hooks, db_url = two_instances
    first, second = procs
    cycle_id, scheme, inst, prog = uid("cyc"), uid("sco"), uid("inst"), uid("prog")
    path = f"/{uid('scale')}"
    pub = await EventPublisher(kafka.bootstrap).start()
    engine = create_async_engine(db_url)
    try:
        async with httpx.AsyncClient(timeout=10) as c:
            r = await c.post(
                f"{first.url}/webhooks/subscriptions",
                json={"url": hooks.plan(path, [])},
                headers=auth(Role.PARTNER, "p", institutions=[inst]),
            )
            assert r.status_code == 201, r.text
        await pub.publish(programme(prog, inst, "Luban Workshop: Engineering Measurement", cycle_id, scheme))

        async def programme_known():
            async with engine.connect() as conn:
                return await conn.scalar(text("SELECT count(*) FROM programmes WHERE programme_id = :p"), {"p": prog})

        await wait_for(programme_known, timeout=60, what="programme consumed")

        applicants = [uid("stu") for _ in range(N_APPLICANTS)]
        for applicant in applicants:  # their contacts, as the applications service publishes them on registration
            await pub.publish(
                ApplicantRegistered(
                    applicant_id=applicant,
                    email=f"{applicant}@example.kz",
                    name="Aigerim Nurlanovna",
                    preferred_language="ru",
                    nationality="KZ",
                )
            )

        async def contacts_known():
            async with engine.connect() as conn:
                n = await conn.scalar(
                    text("SELECT count(*) FROM contacts WHERE applicant_id = ANY(:ids)"), {"ids": applicants}
                )
            return n == len(applicants)

        await wait_for(contacts_known, timeout=60, what="every applicant's contact")
        envelopes = []
        for applicant in applicants:
            envelopes.append(
                await pub.publish(submitted(uid("app"), applicant, cycle_id, scheme, [prog], language="ru"))
            )
        for env in envelopes[:N_REDELIVERED]:  # the same CloudEvents again
            await pub.send(env, Topics.APPLICATIONS.value)

        async def all_mailed():
            return all(mail.to(f"{a}@example.kz") for a in applicants)

        await wait_for(all_mailed, timeout=60, what="an e-mail to every applicant")
        event_ids = [e.id for e in envelopes]

        async def settled():
            async with engine.connect() as conn:
                rows = (
                    await conn.execute(
                        text(
                            "SELECT channel, status, count(*) FROM notifications WHERE source_event_id = ANY(:ids) "
                            "GROUP BY channel, status"
                        ),
                        {"ids": event_ids},
                    )
                ).all()
            counts = {(ch, st): n for ch, st, n in rows}
            done = (
                counts.get(("email", "delivered")) == N_APPLICANTS
                and counts.get(("webhook", "delivered")) == N_APPLICANTS
            )
            return counts if done and len(counts) == 2 else None

        await wait_for(settled, timeout=60, what="every row delivered")

        # Sending precedes marking delivered: with every row delivered, any double send has happened.
        per_mail = Counter()
        for a in applicants:
            for m in mail.to(f"{a}@example.kz"):
                per_mail[(a, m["X-Corridor-Event-Id"])] += 1
        assert len(per_mail) == N_APPLICANTS and set(per_mail.values()) == {1}
        accepted = [r for r in hooks.accepted(path)]
        per_hook = Counter(r.headers["webhook-id"] for r in accepted)
        assert len(per_hook) == N_APPLICANTS and set(per_hook.values()) == {1}

        async with engine.connect() as conn:
            inbox = dict(
                (
                    await conn.execute(
                        text(
                            "SELECT recipient_id, count(*) FROM inbox_entries WHERE recipient_id = ANY(:a) GROUP BY recipient_id"
                        ),
                        {"a": applicants},
                    )
                ).all()
            )
        assert len(inbox) == N_APPLICANTS and set(inbox.values()) == {1}

        async with httpx.AsyncClient(timeout=10) as c:
            admin = auth(Role.ADMIN, "ops")
            stats = [(await c.get(f"{p.url}/dispatcher", headers=admin)).json() for p in procs]
            ready = [(await c.get(f"{p.url}/readyz")).json()["consumers"]["notify"] for p in procs]
        # both dispatchers took part, and between them delivered each row once
        assert all(s["delivered"] > 0 for s in stats), stats
        print("dispatchers:", stats, "consumers:", ready)
    finally:
        await engine.dispose()
        await pub.stop()
