"""Re-upload task alerts over real PostgreSQL and Kafka (issue 15): after an officer rejects a
document over the API, the worker on a moved clock reminds the applicant once
(document.task_due on corridor.applications.v1, through the outbox), a second instance
sends nothing more, and after the re-upload nothing is sent at all, not even when the
deadline passes."""

from __future__ import annotations

from datetime import date, timedelta

from services.applications.domain.task_alerts import closes_at
from services.applications.models import infra
from services.applications.service.task_alerts import TaskAlerts
from shared.principal import Role
from tests.integration.applications.test_document_review import PDF2, upload
from tests.support.accounts import staff_headers
from tests.support.flows import create_draft, register, submit


async def test_one_reminder_per_alert_and_nothing_after_the_re_upload(service, catalog, events):
    c = service.client
    who = await register(c)
    app_id = (await create_draft(c, who, catalog, choices=[catalog.student_programmes[1]]))["id"]
    first = (await upload(c, who, app_id, kind="transcript")).json()
    assert (await submit(c, who, app_id)).status_code == 200
    admin = await service.admin_headers()
    officer = await staff_headers(c, admin, Role.OFFICER, schemes=[catalog.scheme_id])
    due = date.today() + timedelta(days=10)
    r = await c.post(
        f"/officer/applications/{app_id}/documents/{first['id']}/reject",
        headers=officer,
        json={"reason": "not_attested", "note": "HEC stamp missing", "due_on": due.isoformat()},
    )
    assert r.status_code == 200, r.text

    runtime = service.app.state.runtime
    worker = TaskAlerts(runtime.db, infra, [3, 1], runtime.source)
    restarted = TaskAlerts(runtime.db, infra, [3, 1], runtime.source)
    end = closes_at(due)
    assert await worker.step(end - timedelta(days=4)) == 0
    assert await worker.step(end - timedelta(days=3)) == 1
    assert await restarted.step(end - timedelta(days=2)) == 0  # that reminder is claimed
    [reminder] = await events.wait(app_id, "document.task_due")
    assert reminder.data["alert"] == "near" and reminder.data["days_left"] == 3
    assert reminder.data["document_id"] == first["id"] and reminder.data["kind"] == "transcript"
    assert reminder.data["due_on"] == due.isoformat() and reminder.data["applicant_id"] == who.id

    r = await upload(c, who, app_id, content=PDF2, replaces=first["id"])
    assert r.status_code == 201, r.text
    assert await worker.step(end - timedelta(hours=20)) == 0
    assert await restarted.step(end + timedelta(hours=1)) == 0
    await events.settle(1.5)
    assert len(events.of(app_id, "document.task_due")) == 1
