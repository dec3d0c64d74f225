"""A webhook subscription lives by the account that made it: disabling that account, or
taking an institution out of its scope, stops its subscriptions there (journaled, final);
the others, an active admin's and a newer account version's, stand. Without this, a leaked
partner account that an admin disabled kept its address receiving every event."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from services.notifications.domain.journal import Action
from services.notifications.models import InstitutionRef, JournalEntry, WebhookSubscription
from services.notifications.service import partners
from shared.events.catalog import AccountUpserted
from shared.principal import Principal, Role
from tests.unit.notifications.fakes import consumer, envelope, guard, record

PARTNER = Principal(sub="p-1", role=Role.PARTNER, institutions=["xjmu", "lzu"])
COLLEAGUE = Principal(sub="p-2", role=Role.PARTNER, institutions=["xjmu"])
ADMIN = Principal(sub="ops-1", role=Role.ADMIN)


async def subscribe(db, caller: Principal, institution: str) -> str:
    async with db.session() as s, s.begin():
        await s.merge(InstitutionRef(institution_id=institution, name=institution.upper()))  # in the catalog
        sub = await partners.subscribe(
            s,
            caller,
            url=f"https://{institution}.example/hook",
            event_types=["application.offered"],
            institution_id=institution,
            description="",
            guard=guard(),
        )
        return sub.id


def account(caller: Principal, **kw) -> AccountUpserted:
    return AccountUpserted(
        account_id=caller.sub,
        role=kw.pop("role", caller.role.value),
        name="Intake office",
        email=f"{caller.sub}@example.cn",
        institutions=kw.pop("institutions", list(caller.institutions)),
        **kw,
    )


async def active(db) -> dict[str, bool]:
    async with db.session() as s:
        return {sub.id: sub.active for sub in await s.scalars(select(WebhookSubscription))}


async def consume(db, *envs, start: int = 0) -> None:
    dead: list[str] = []
    c = consumer(db, dead)
    for i, env in enumerate(envs):
        await c.process(record(env, offset=start + i))
    assert dead == []


async def test_a_disabled_accounts_subscriptions_stop_and_the_others_stand(db):
    xjmu, lzu = await subscribe(db, PARTNER, "xjmu"), await subscribe(db, PARTNER, "lzu")
    colleagues, admins = await subscribe(db, COLLEAGUE, "xjmu"), await subscribe(db, ADMIN, "lzu")
    await consume(db, envelope(account(PARTNER)), envelope(account(ADMIN)))  # as they are: nothing stops
    assert all((await active(db)).values())
    await consume(db, envelope(account(PARTNER, active=False)), start=2)
    assert await active(db) == {xjmu: False, lzu: False, colleagues: True, admins: True}
    async with db.session() as s:
        journal = (await s.scalars(select(JournalEntry).order_by(JournalEntry.id))).all()
    stops = [e for e in journal if e.action == Action.SUBSCRIPTION_DELETED.value]
    assert sorted(e.subject for e in stops) == sorted([f"subscription:{xjmu}", f"subscription:{lzu}"])
    assert all(e.reason == "the account that made it was disabled" and e.actor == "corridor" for e in stops)


async def test_an_institution_out_of_the_scope_stops_only_its_subscriptions(db):
    xjmu, lzu = await subscribe(db, PARTNER, "xjmu"), await subscribe(db, PARTNER, "lzu")
    await consume(db, envelope(account(PARTNER, institutions=["xjmu"])))
    assert await active(db) == {xjmu: True, lzu: False}


async def test_an_older_version_of_the_account_changes_nothing(db):
    xjmu = await subscribe(db, PARTNER, "xjmu")
    newer = envelope(account(PARTNER))
    older = envelope(account(PARTNER, active=False))
    older = older.model_copy(update={"time": newer.time - timedelta(minutes=5)})
    await consume(db, newer, older)  # the disable arrives after its own undoing: kept out
    assert await active(db) == {xjmu: True}


async def test_an_admin_disabled_stops_what_the_admin_subscribed(db):
    admins = await subscribe(db, ADMIN, "lzu")
    await consume(db, envelope(account(ADMIN, institutions=[])))
    assert await active(db) == {admins: True}
    await consume(db, envelope(account(ADMIN, institutions=[], active=False)), start=1)
    assert await active(db) == {admins: False}


async def test_a_disable_read_late_does_not_stop_a_subscription_made_after_it(db):
    """Disabled, enabled again, subscribed: the disable, read late by a lagging consumer, is
    the newest version stored, yet the subscription made after it stands."""
    late = envelope(account(PARTNER, active=False))
    late = late.model_copy(update={"time": late.time - timedelta(minutes=10)})
    made_after = await subscribe(db, PARTNER, "xjmu")
    await consume(db, late)
    assert await active(db) == {made_after: True}
