"""Staff and partner accounts are announced (account.upserted), and partner systems' client
credentials (make, use, rotate, revoke), against a fake database (in-memory SQLite)."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import StaticPool

from services.applications.models import Account, Base, PartnerClient, infra
from services.applications.service import accounts, clients
from services.applications.service.passwords import Passwords
from shared.errors import Forbidden, Invalid, NotFound, Unauthenticated
from shared.events.envelope import Envelope, decode_message
from shared.outbox import kafka_headers
from shared.principal import Principal, Role

SOURCE = "/corridor/applications"
ADMIN = Principal(sub="admin-1", role=Role.ADMIN)


@pytest.fixture
async def sessions():
    engine = create_async_engine("sqlite+aiosqlite://", poolclass=StaticPool)
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    yield async_sessionmaker(engine, expire_on_commit=False)
    await engine.dispose()


@pytest.fixture(scope="module")
def passwords() -> Passwords:
    return Passwords(time_cost=1, memory_kib=8, parallelism=1)  # cheap: tests only


async def outbox(sessions: async_sessionmaker[AsyncSession]) -> list[Envelope]:
    async with sessions() as s:
        o = infra.outbox.c
        rows = (await s.execute(select(o.key, o.payload, o.headers).order_by(o.id))).all()
    return [decode_message(r.key.encode(), r.payload, kafka_headers(r.headers)) for r in rows]


async def staff(sessions, role: Role = Role.OFFICER, **scope) -> Account:
    async with sessions() as s, s.begin():
        return await accounts.create_staff(
            s,
            infra,
            email=f"{role.value}-{len(await outbox(sessions))}@corridor.example",
            password_hash="x",
            name="Li Wei",
            role=role,
            schemes=scope.get("schemes", []),
            institutions=scope.get("institutions", []),
            countries=scope.get("countries", []),
            preferred_language="zh",
            source=SOURCE,
        )


# --- account.upserted (item 5) ---


async def test_a_new_officer_is_announced_with_contact_language_and_scope(sessions):
    officer = await staff(sessions, schemes=["sco"], institutions=["lzu"])
    (event,) = await outbox(sessions)
    assert event.type == "org.corridor.account.upserted.v1" and event.key == officer.id
    assert event.data == {
        "account_id": officer.id,
        "role": "officer",
        "name": "Li Wei",
        "email": officer.email,
        "preferred_language": "zh",
        "schemes": ["sco"],
        "institutions": ["lzu"],
        "countries": [],
        "active": True,
    }


async def test_taking_an_officers_last_scheme_away_is_refused_it_would_widen_the_scope(sessions):
    """An officer with no scheme and no institution sees every scheme: emptying a scoped
    officer's scope made the account see everything."""
    officer = await staff(sessions, schemes=["sco"])
    with pytest.raises(Invalid) as wider:
        async with sessions() as s, s.begin():
            await accounts.update_staff(s, infra, officer.id, {"schemes": []}, source=SOURCE)
    assert wider.value.code == "account.scope_would_widen" and wider.value.field == "schemes"
    async with sessions() as s:
        assert (await s.get(Account, officer.id)).schemes == ["sco"]
    async with sessions() as s, s.begin():  # narrowed to an institution instead: taken
        await accounts.update_staff(s, infra, officer.id, {"schemes": [], "institutions": ["lzu"]}, source=SOURCE)
    # a nominator "in some schemes, or in every scheme": its last scheme taken away widens it too
    hec = await staff(sessions, role=Role.NOMINATOR, schemes=["sco"], countries=["PK"])
    with pytest.raises(Invalid) as wider:
        async with sessions() as s, s.begin():
            await accounts.update_staff(s, infra, hec.id, {"schemes": []}, source=SOURCE)
    assert wider.value.code == "account.scope_would_widen"


async def test_a_changed_account_is_announced_again_an_applicant_is_not_staff(sessions):
    officer = await staff(sessions, schemes=["sco"])
    async with sessions() as s, s.begin():
        await accounts.update_staff(
            s, infra, officer.id, {"schemes": ["cpec", "sco"], "name": "Li Wei (CPEC)"}, source=SOURCE
        )
    events = await outbox(sessions)
    # announced again; and the tokens issued with the old scope end (a token carries its scope)
    assert [e.type for e in events[1:]] == [
        "org.corridor.account.upserted.v1",
        "org.corridor.account.tokens_revoked.v1",
    ]
    assert events[1].data["schemes"] == ["cpec", "sco"] and events[1].data["name"] == "Li Wei (CPEC)"
    assert events[2].data["why"] == "scope_changed"
    async with sessions() as s, s.begin():
        s.add(Account(id="ap-1", email="ap@example.org", password_hash="x", role="applicant", name="A"))
    with pytest.raises(NotFound):
        async with sessions() as s, s.begin():
            await accounts.update_staff(s, infra, "ap-1", {"name": "B"}, source=SOURCE)
    assert len(await outbox(sessions)) == 3
    async with sessions() as s, s.begin():  # a name alone: announced, the tokens kept
        await accounts.update_staff(s, infra, officer.id, {"name": "Li Wei"}, source=SOURCE)
    assert [e.type for e in (await outbox(sessions))[3:]] == ["org.corridor.account.upserted.v1"]
    old_address = officer.email
    async with sessions() as s, s.begin():  # another address: the old one is told
        await accounts.update_staff(s, infra, officer.id, {"email": "Li.Wei@Elsewhere.example"}, source=SOURCE)
    told = [e.data for e in (await outbox(sessions))[4:] if e.type == "org.corridor.account.notice.v1"]
    assert [(n["kind"], n["email"]) for n in told] == [("email_changed", old_address)]
    async with sessions() as s, s.begin():  # the same address again, in any case: nothing to tell
        await accounts.update_staff(s, infra, officer.id, {"email": "LI.WEI@elsewhere.example"}, source=SOURCE)
    told = [e.data for e in (await outbox(sessions))[4:] if e.type == "org.corridor.account.notice.v1"]
    assert len(told) == 1


async def test_the_bootstrap_admin_and_accounts_made_before_are_announced_once(sessions, passwords):
    async with sessions() as s, s.begin():  # an officer from before account.upserted existed
        s.add(Account(id="old-1", email="old@corridor.example", password_hash="x", role="officer", name="Old"))
        s.add(Account(id="ap-1", email="ap@example.org", password_hash="x", role="applicant", name="A"))
    async with sessions() as s:
        await accounts.ensure_bootstrap_admin(s, infra, passwords, "Admin@corridor.example", "pw", source=SOURCE)
    async with sessions() as s, s.begin():
        assert await accounts.announce_unannounced(s, infra, source=SOURCE) == 1
    async with sessions() as s, s.begin():
        assert await accounts.announce_unannounced(s, infra, source=SOURCE) == 0
    events = await outbox(sessions)
    assert [(e.data["role"], e.data["email"]) for e in events] == [
        ("admin", "admin@corridor.example"),
        ("officer", "old@corridor.example"),
    ]


async def test_a_partner_may_act_for_several_institutions_but_not_none(sessions):
    partner = await staff(sessions, Role.PARTNER, institutions=["xju", "lzu"])
    assert partner.institutions == ["lzu", "xju"]
    with pytest.raises(Invalid) as refused:
        await staff(sessions, Role.PARTNER)
    assert refused.value.code == "account.partner_institutions"


# --- nominators (issue 14): a sending country's nominating authority ---


async def test_a_nominator_is_announced_with_its_countries_and_its_token_carries_them(sessions):
    hec = await staff(sessions, Role.NOMINATOR, schemes=["sco"], countries=["PK", "PK"])
    assert hec.countries == ["PK"] and hec.institutions == []
    (event,) = await outbox(sessions)
    assert event.data["role"] == "nominator"
    assert event.data["countries"] == ["PK"] and event.data["schemes"] == ["sco"]
    principal = accounts.principal_of(hec)
    assert principal.role == Role.NOMINATOR and principal.countries == ["PK"] and principal.schemes == ["sco"]


@pytest.mark.parametrize(
    "role,scope,code,field",
    [
        (Role.NOMINATOR, {"schemes": ["sco"]}, "account.nominator_countries", "countries"),
        (
            Role.NOMINATOR,
            {"countries": ["KZ"], "institutions": ["lzu"]},
            "account.nominator_institutions",
            "institutions",
        ),
        (Role.OFFICER, {"schemes": ["sco"], "countries": ["PK"]}, "account.countries_for_nominators", "countries"),
        (Role.PARTNER, {"institutions": ["lzu"], "countries": ["PK"]}, "account.countries_for_nominators", "countries"),
        (Role.ADMIN, {"countries": ["PK"]}, "account.countries_for_nominators", "countries"),
    ],
)
async def test_only_a_nominator_is_scoped_by_country_and_always_is(sessions, role, scope, code, field):
    with pytest.raises(Invalid) as refused:
        await staff(sessions, role, **scope)
    assert refused.value.code == code and refused.value.field == field
    assert await outbox(sessions) == []  # nothing announced


async def test_a_nominators_countries_change_and_cannot_be_emptied(sessions):
    kz = await staff(sessions, Role.NOMINATOR, schemes=["sco"], countries=["KZ"])
    async with sessions() as s, s.begin():
        changed = await accounts.update_staff(s, infra, kz.id, {"countries": ["UZ", "KZ"]}, source=SOURCE)
    assert changed.countries == ["KZ", "UZ"]
    announced, revoked = (await outbox(sessions))[-2:]
    assert announced.data["countries"] == ["KZ", "UZ"] and revoked.data["why"] == "scope_changed"
    with pytest.raises(Invalid) as refused:
        async with sessions() as s, s.begin():
            await accounts.update_staff(s, infra, kz.id, {"countries": []}, source=SOURCE)
    assert refused.value.code == "account.nominator_countries"
    async with sessions() as s:
        assert (await s.get(Account, kz.id)).countries == ["KZ", "UZ"]
    assert len(await outbox(sessions)) == 3


# --- partner client credentials (item 6) ---


async def test_a_partner_client_gets_a_partner_token_until_rotated_or_revoked(sessions, passwords):
    partner = await staff(sessions, Role.PARTNER, institutions=["lzu", "xju"])
    me = Principal(sub=partner.id, role=Role.PARTNER, institutions=partner.institutions)
    async with sessions() as s, s.begin():
        client, secret = await clients.create(s, passwords, me, partner.id, "admissions system")
    async with sessions() as s:
        stored = await s.get(PartnerClient, client.id)
    assert secret not in stored.secret_hash and stored.secret_hash.startswith("$argon2id$")

    async def token(client_id: str, client_secret: str) -> Principal:
        async with sessions() as s, s.begin():
            return await clients.authenticate(s, passwords, client_id, client_secret)

    principal = await token(client.id, secret)
    assert principal.role == Role.PARTNER and principal.sub == partner.id
    assert principal.institutions == ["lzu", "xju"]
    async with sessions() as s, s.begin():  # a disabled partner's client is refused at the door
        (await s.get(Account, partner.id)).active = False
    with pytest.raises(Unauthenticated) as refused:
        await token(client.id, secret)
    assert refused.value.code == "auth.account_disabled"
    async with sessions() as s, s.begin():
        (await s.get(Account, partner.id)).active = True
    for client_id, wrong in [(client.id, "wrong"), ("pc_nope", secret)]:
        with pytest.raises(Unauthenticated) as refused:
            await token(client_id, wrong)
        assert refused.value.code == "auth.bad_client_credentials"

    assert principal.client_id == client.id  # a machine's token says so

    def revoked() -> list[str]:
        return [e.data["why"] for e in events if e.type.endswith("account.tokens_revoked.v1")]

    # an admin rotates it: the old secret stops working, and the tokens got with it
    events = await outbox(sessions)
    async with sessions() as s, s.begin():
        rotated, new_secret = await clients.rotate(
            s, passwords, ADMIN, partner.id, client.id, tables=infra, source=SOURCE
        )
    assert new_secret != secret and rotated.rotated_at is not None
    events = (await outbox(sessions))[len(events) :]
    # the client's tokens, not the account's: its people and its other systems keep theirs
    assert revoked() == ["client_rotated"] and events[-1].data["account_id"] == partner.id
    assert events[-1].data["client_id"] == client.id and events[-1].data["active"] is True
    with pytest.raises(Unauthenticated):
        await token(client.id, secret)
    machine = await token(client.id, new_secret)
    assert machine.sub == partner.id

    # its own token cannot make, rotate or revoke clients (a leaked secret would outlive its revocation)
    for attempt in (
        clients.create(None, passwords, machine, partner.id, "mine"),  # type: ignore[arg-type]
        clients.rotate(None, passwords, machine, partner.id, client.id, tables=infra, source=SOURCE),  # type: ignore[arg-type]
        clients.revoke(None, machine, partner.id, client.id, tables=infra, source=SOURCE),  # type: ignore[arg-type]
    ):
        with pytest.raises(Forbidden) as refused:
            await attempt
        assert refused.value.code == "partner_client.machine_token"

    before = len(await outbox(sessions))
    async with sessions() as s, s.begin():
        await clients.revoke(s, me, partner.id, client.id, tables=infra, source=SOURCE)
    events = (await outbox(sessions))[before:]
    assert revoked() == ["client_revoked"]
    assert events[-1].data["client_id"] == client.id and events[-1].data["active"] is False
    async with sessions() as s, s.begin():  # revoked again: nothing more happens
        await clients.revoke(s, me, partner.id, client.id, tables=infra, source=SOURCE)
    assert len(await outbox(sessions)) == before + 1
    with pytest.raises(Unauthenticated):
        await token(client.id, new_secret)
    async with sessions() as s:
        listed = (await s.scalars(await clients.clients_query(s, me, partner.id))).all()
    assert [(c.id, c.revoked_at is not None) for c in listed] == [(client.id, True)]


async def test_a_partner_manages_only_its_own_clients(sessions, passwords):
    mine = await staff(sessions, Role.PARTNER, institutions=["lzu"])
    theirs = await staff(sessions, Role.PARTNER, institutions=["xju"])
    me = Principal(sub=mine.id, role=Role.PARTNER, institutions=["lzu"])
    async with sessions() as s, s.begin():
        client, _ = await clients.create(s, passwords, ADMIN, theirs.id, "their system")
    for attempt in (
        clients.create(None, passwords, me, theirs.id, "x"),  # type: ignore[arg-type]  # refused before any query
        clients.rotate(None, passwords, me, theirs.id, client.id, tables=infra, source=SOURCE),  # type: ignore[arg-type]
        clients.revoke(None, me, theirs.id, client.id, tables=infra, source=SOURCE),  # type: ignore[arg-type]
    ):
        with pytest.raises(Forbidden) as refused:
            await attempt
        assert refused.value.code == "partner_client.not_yours"
    officer = await staff(sessions, schemes=["sco"])
    with pytest.raises(NotFound):  # an admin makes clients for partners only
        async with sessions() as s, s.begin():
            await clients.create(s, passwords, ADMIN, officer.id, "x")


def test_a_journal_cell_never_starts_as_a_formula():
    from shared.journal import cell

    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"):
        assert cell(text) == "'" + text, text
    assert cell("Aigerim") == "Aigerim" and cell(None) == "" and cell(3) == "3"
