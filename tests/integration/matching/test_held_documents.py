"""Issue 15 over real Kafka and PostgreSQL: a required document an officer rejected keeps the
application out of the programmes requiring it (the outcome says why, by code) until the
applicant uploads a new version or an officer verifies it after all."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from shared.events.catalog import ApplicationSubmitted, DocumentRejected, DocumentResubmitted, DocumentVerified
from shared.principal import Role
from tests.support.ids import uid
from tests.support.infra import wait_for
from tests.support.services import auth

ADMIN = auth(Role.ADMIN, "admin-1")


async def _ok(r, code=200):
    assert r.status_code == code, r.text
    return r.json()


async def _catalog(c, u: str, officer: dict) -> tuple[str, str, str]:
    """A cycle with two one-seat programmes: ``needs`` requires a transcript, ``free`` does not."""
    scheme, cycle, host = f"cgs-{u}", f"cgs-{u}-2026", f"lzu-{u}"
    await _ok(await c.post("/institutions", json={"id": host, "name": "LZU", "country": "CN"}, headers=ADMIN), 201)
    body = {"id": scheme, "name": "CGS", "sponsor": "CSC", "eligible_countries": ["PK"]}
    await _ok(await c.post("/schemes", json=body, headers=ADMIN), 201)
    now = datetime.now(UTC)
    body = {
        "id": cycle,
        "scheme_id": scheme,
        "name": "CGS 2026",
        "opens_at": (now - timedelta(days=5)).isoformat(),
        "closes_at": (now + timedelta(days=5)).isoformat(),
    }
    await _ok(await c.post("/cycles", json=body, headers=officer), 201)
    needs, free = f"needs-{u}", f"free-{u}"
    for pid, req in ((needs, {"required_documents": ["transcript", "passport"]}), (free, {})):
        programme = {
            "id": pid,
            "cycle_id": cycle,
            "host_institution_id": host,
            "title": pid,
            "field": "engineering",
            "level": "master",
            "language": "zh",
            "seats": 1,
            "requirements": req,
        }
        await _ok(await c.post("/programmes", json=programme, headers=officer), 201)
    return scheme, cycle, needs


async def _round(c, cycle: str, officer: dict) -> dict[str, dict]:
    started = await _ok(await c.post(f"/cycles/{cycle}/rounds", json={"seed": 7}, headers=officer), 202)

    async def done():
        body = (await c.get(f"/rounds/{started['round_id']}", headers=officer)).json()
        return body if body["status"] in ("completed", "failed") else None

    assert (await wait_for(done, timeout=60, what="the round"))["status"] == "completed"
    page = await _ok(await c.get(f"/rounds/{started['round_id']}/outcomes", params={"limit": 100}, headers=officer))
    return {o["application_id"]: o for o in page["items"]}


async def test_a_rejected_required_document_holds_the_choice_until_it_is_replaced_or_verified(matching, producer):
    c, u = matching, uid()
    officer = auth(Role.OFFICER, "o-cgs", schemes=[f"cgs-{u}"])
    scheme, cycle, needs = await _catalog(c, u, officer)
    free = f"free-{u}"
    strong, weak = f"strong-{u}", f"weak-{u}"
    for app_id, grade in ((strong, 95.0), (weak, 70.0)):
        await producer.publish(
            ApplicationSubmitted(
                application_id=app_id,
                applicant_id=f"stu-{app_id}",
                cycle_id=cycle,
                scheme_id=scheme,
                applicant_type="student",
                sending_country="PK",
                choices=[needs, free],
                grade=grade,
                submitted_at=datetime.now(UTC),
            )
        )
    about = {"application_id": strong, "applicant_id": f"stu-{strong}", "cycle_id": cycle}
    now = datetime.now(UTC)
    due = date.today() + timedelta(days=14)
    # the strong applicant's transcript (required by `needs`) and CV (required by nothing) are rejected
    for doc, kind in (("t1", "transcript"), ("cv1", "cv")):
        await producer.publish(
            DocumentRejected(
                **about,
                document_id=f"{doc}-{u}",
                kind=kind,
                reason="not_attested",
                due_on=due,
                rejected_by="o-cgs",
                rejected_at=now,
            )
        )
    engine = create_async_engine(c.database_url)

    async def held(n: int):
        async with engine.connect() as conn:
            rows = (
                await conn.execute(
                    text("select document_id from held_documents where application_id = :a"), {"a": strong}
                )
            ).all()
        return rows if len(rows) == n else None

    async def pooled():
        page = (await c.get(f"/cycles/{cycle}/pool", params={"limit": 1}, headers=officer)).json()
        return page if page["total"] == 2 else None

    try:
        await wait_for(pooled, timeout=45, what="the pool filled from Kafka")
        await wait_for(lambda: held(2), timeout=45, what="the rejections held")
        first = await _round(c, cycle, officer)
        # the strong applicant lost only the choice requiring the transcript; the weak one takes it
        assert first[strong]["programme_id"] == free, first[strong]
        assert first[weak]["programme_id"] == needs, first[weak]
        why = {r["programme_id"]: r for r in first[strong]["reasons"]}[needs]
        assert why["code"] == "round.document_rejected" and why["params"] == {"kind": "transcript"}, why

        # a new version replaces the rejected transcript: the application competes for `needs` again
        await producer.publish(
            DocumentResubmitted(**about, document_id=f"t2-{u}", kind="transcript", version=2, replaces=f"t1-{u}")
        )
        await wait_for(lambda: held(1), timeout=45, what="the transcript released")
        second = await _round(c, cycle, officer)
        assert second[strong]["programme_id"] == needs, second[strong]
        assert all(r.get("code") != "round.document_rejected" for r in second[strong]["reasons"])

        # the new version is rejected too, then an officer verifies it after all
        await producer.publish(
            DocumentRejected(
                **about,
                document_id=f"t2-{u}",
                kind="transcript",
                version=2,
                reason="illegible",
                due_on=due,
                rejected_by="o-cgs",
                rejected_at=now,
            )
        )
        await wait_for(lambda: held(2), timeout=45, what="the second version held")
        third = await _round(c, cycle, officer)
        assert third[strong]["programme_id"] == free
        await producer.publish(
            DocumentVerified(
                **about, document_id=f"t2-{u}", kind="transcript", version=2, verified_by="o-cgs", verified_at=now
            )
        )
        await wait_for(lambda: held(1), timeout=45, what="the verified version released")
        fourth = await _round(c, cycle, officer)
        assert fourth[strong]["programme_id"] == needs
    finally:
        await engine.dispose()
