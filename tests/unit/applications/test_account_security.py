"""Issue 13 without Kafka or PostgreSQL: no service starts with a secret anyone knows, tokens
name their audience and live briefly, revocations are kept and checked, failed log-ins are
throttled and lock, and guessable passwords are refused."""

from __future__ import annotations

import importlib
import os
import stat
from datetime import timedelta

import jwt
import pytest
from sqlalchemy import func, select

from services.applications.models import Account, Base, JournalEntry, LoginThrottle, infra
from services.applications.service import accounts, throttle
from services.applications.service.device_tokens import Devices
from services.applications.service.passwords import Passwords, check_policy, common_passwords
from shared.auth import InvalidToken, issue_token, verify
from shared.clock import utcnow
from shared.db import Database
from shared.errors import Invalid, TooManyRequests, Unauthenticated
from shared.events.catalog import TokensRevoked
from shared.events.envelope import decode_message
from shared.outbox import kafka_headers
from shared.principal import Principal, Role
from shared.revocation import Revocations, record
from shared.settings import DEV_JWT_SECRET, InsecureSettings
from tests.support.mail import link_token
from tools import devstack

SOURCE = "/corridor/applications"
STRONG = "s" * 40
SERVICES = ["applications", "matching", "notifications"]


# --- item 1: secrets, audience, lifetime ---


@pytest.mark.parametrize("service", SERVICES)
@pytest.mark.parametrize("secret", [DEV_JWT_SECRET, "", "too-short-a-secret"])
def test_no_service_starts_with_a_default_empty_or_short_secret_outside_development(service, secret, tmp_path):
    settings_cls = importlib.import_module(f"services.{service}.settings").Settings
    app = importlib.import_module(f"services.{service}.app")
    settings = settings_cls(env="production", jwt_secret=secret, data_dir=tmp_path)
    with pytest.raises(InsecureSettings) as refused:
        app.create_app(settings)
    assert "JWT_SECRET" in str(refused.value) and f"{service.upper()}_JWT_SECRET" in str(refused.value)
    # A strong secret starts; so does the default in explicit development mode.
    kafka = {"kafka_username": service, "kafka_password": "k" * 20}  # production also needs its Kafka principal
    kafka["database_url"] = f"sqlite+aiosqlite:///{tmp_path}/{service}.db"  # and its database named
    if service == "applications":  # and, for the applications service, a key for files at rest
        kafka["storage_keys"] = "k1:" + STRONG
    if service == "notifications":  # and, for notifications, where e-mail goes
        kafka["smtp_host"] = "smtp.corridor.example"
    app.create_app(settings_cls(env="production", jwt_secret=STRONG, data_dir=tmp_path, **kafka))
    app.create_app(settings_cls(env="development", jwt_secret=DEV_JWT_SECRET, data_dir=tmp_path))


@pytest.mark.parametrize("service", SERVICES)
def test_outside_development_a_service_does_not_start_on_a_database_nobody_named(service, tmp_path):
    """A misspelt APPLICATIONS_DATABSE_URL had started the service on the embedded SQLite file,
    with no word, beside a PostgreSQL nobody used."""
    settings_cls = importlib.import_module(f"services.{service}.settings").Settings
    app = importlib.import_module(f"services.{service}.app")
    ready = {"jwt_secret": STRONG, "data_dir": tmp_path, "kafka_username": service, "kafka_password": "k" * 20}
    ready |= {"storage_keys": "k1:" + STRONG} if service == "applications" else {}
    ready |= {"smtp_host": "smtp.corridor.example"} if service == "notifications" else {}
    with pytest.raises(InsecureSettings) as refused:
        app.create_app(settings_cls(env="production", **ready))
    assert f"{service.upper()}_DATABASE_URL is not set" in str(refused.value)
    assert not (tmp_path / f"{service}.db").exists()  # nothing was made
    app.create_app(settings_cls(env="production", database_url=f"sqlite+aiosqlite:///{tmp_path}/x.db", **ready))
    app.create_app(settings_cls(env="development", data_dir=tmp_path))  # make run's embedded default


def test_outside_development_notifications_does_not_start_with_nowhere_to_send_e_mail(tmp_path):
    """Without an SMTP host every e-mail had gone to a folder and been counted delivered."""
    from services.notifications import app
    from services.notifications.settings import Settings as NotificationsSettings

    ready = {"jwt_secret": STRONG, "kafka_username": "n", "kafka_password": "k" * 20}
    ready |= {"database_url": f"sqlite+aiosqlite:///{tmp_path}/n.db", "data_dir": tmp_path}
    with pytest.raises(InsecureSettings, match="NOTIFICATIONS_SMTP_HOST is not set"):
        app.create_app(NotificationsSettings(env="production", **ready))
    app.create_app(NotificationsSettings(env="production", mail_dir=tmp_path / "mail", **ready))  # files, on purpose


@pytest.mark.parametrize("token", ["replace-me", "optok"])
def test_outside_development_an_operator_token_anyone_could_guess_refuses_start(token):
    from shared.settings import ServiceSettings

    settings = {"service_name": "x", "jwt_secret": STRONG, "kafka_username": "x", "kafka_password": "y" * 20}
    with pytest.raises(InsecureSettings, match="OPERATOR_TOKEN is shorter than 24 bytes"):
        ServiceSettings(env="production", operator_token=token, **settings).check_secrets()
    ServiceSettings(env="production", operator_token="t" * 32, **settings).check_secrets()
    ServiceSettings(env="production", **settings).check_secrets()  # unset: /metrics refuses everyone
    ServiceSettings(env="development", operator_token=token, **settings).check_secrets()


def test_production_is_the_default_mode(monkeypatch):
    from shared.settings import ServiceSettings

    monkeypatch.delenv("CORRIDOR_ENV", raising=False)
    monkeypatch.delenv("CORRIDOR_JWT_SECRET", raising=False)
    settings = ServiceSettings(service_name="x")
    assert not settings.is_development
    with pytest.raises(InsecureSettings, match="CORRIDOR_JWT_SECRET"):
        settings.check_secrets()


def test_make_run_generates_a_private_random_secret_per_checkout(tmp_path):
    path = tmp_path / ".run" / "jwt-secret"
    first = devstack.checkout_secret(path)
    assert len(first) >= 32 and first != DEV_JWT_SECRET
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert devstack.checkout_secret(path) == first  # kept across runs
    assert devstack.checkout_secret(tmp_path / "other") != first  # another checkout, another secret


def test_tokens_name_their_services_and_live_briefly():
    p = Principal(sub="a-1", role=Role.ADMIN)
    for_matching = issue_token(p, STRONG, audience=["matching"])
    assert verify(for_matching, STRONG, "matching").principal.sub == "a-1"
    with pytest.raises(InvalidToken):
        verify(for_matching, STRONG, "applications")
    with pytest.raises(InvalidToken):
        verify(issue_token(p, STRONG, audience=()), STRONG, "applications")  # no aud at all
    forever = {"iss": "corridor", "aud": ["applications"], "sub": "a-1", "role": "admin", "iat": 1, "exp": 4102444800}
    with pytest.raises(InvalidToken, match="longer"):
        verify(jwt.encode(forever, STRONG, algorithm="HS256"), STRONG, "applications")
    issued = verify(issue_token(p, STRONG), STRONG, "notifications").issued_at
    assert abs((utcnow() - issued).total_seconds()) < 2


# --- item 5: revocations kept and checked ---


@pytest.fixture
async def db(tmp_path):
    database = Database(f"sqlite+aiosqlite:///{tmp_path}/applications.db", Base.metadata)
    async with database.engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    yield database
    await database.dispose()


async def test_a_revocation_refuses_earlier_tokens_and_never_moves_back(db):
    revocations = Revocations(db, infra.revoked, cache_seconds=0)
    before = utcnow()
    assert not await revocations.refuses("a-1", before)
    cut = before + timedelta(seconds=5)
    async with db.session() as s, s.begin():
        await record(s, infra.revoked, TokensRevoked(account_id="a-1", not_before=cut, why="logout"))
    assert await revocations.refuses("a-1", before)
    assert not await revocations.refuses("a-1", cut + timedelta(milliseconds=1))
    async with db.session() as s, s.begin():  # an older word does not undo a newer one
        await record(s, infra.revoked, TokensRevoked(account_id="a-1", not_before=before, why="logout"))
        await record(s, infra.revoked, TokensRevoked(account_id="a-2", not_before=before, active=False, why="disabled"))
    assert await revocations.refuses("a-1", before + timedelta(seconds=1))
    assert await revocations.refuses("a-2", before + timedelta(days=1))  # disabled: every token
    enabled = before + timedelta(seconds=1)
    async with db.session() as s, s.begin():  # enabled, then the disable arriving late again
        await record(s, infra.revoked, TokensRevoked(account_id="a-2", not_before=enabled, why="enabled"))
        await record(s, infra.revoked, TokensRevoked(account_id="a-2", not_before=before, active=False, why="disabled"))
    assert not await revocations.refuses("a-2", enabled + timedelta(seconds=1))


async def test_a_rotated_client_refuses_its_own_earlier_tokens_only(db):
    """Rotating one system's secret had ended every token of the account, its people's too."""
    revocations = Revocations(db, infra.revoked, cache_seconds=0)
    before = utcnow()
    cut = before + timedelta(seconds=5)
    async with db.session() as s, s.begin():
        rotated = TokensRevoked(account_id="p-1", client_id="pc_a", not_before=cut, why="client_rotated")
        await record(s, infra.revoked, rotated)
        revoked = TokensRevoked(account_id="p-1", client_id="pc_b", not_before=cut, active=False, why="client_revoked")
        await record(s, infra.revoked, revoked)
    assert await revocations.refuses("p-1", before, "pc_a")  # the rotated client's earlier token
    assert not await revocations.refuses("p-1", cut + timedelta(seconds=1), "pc_a")  # its new one
    assert not await revocations.refuses("p-1", before)  # a person of the account, logged in
    assert not await revocations.refuses("p-1", before, "pc_c")  # another system of it
    assert await revocations.refuses("p-1", cut + timedelta(days=1), "pc_b")  # revoked: every token


async def test_the_revocation_check_is_cached_briefly(db):
    revocations = Revocations(db, infra.revoked, cache_seconds=60)
    now = utcnow()
    assert not await revocations.refuses("a-3", now)
    async with db.session() as s, s.begin():
        await record(s, infra.revoked, TokensRevoked(account_id="a-3", not_before=now + timedelta(1), why="logout"))
    assert not await revocations.refuses("a-3", now)  # still the cached word
    revocations.forget("a-3")
    assert await revocations.refuses("a-3", now)


async def test_the_account_gate_refuses_unknown_disabled_and_revoked(db):
    account = await _staff(
        db, Passwords(time_cost=1, memory_kib=8, parallelism=1), "officer@corridor.example", Role.OFFICER
    )
    gate = accounts.AccountGate(db, cache_seconds=0)
    me = Principal(sub=account.id, role=Role.OFFICER)
    await gate.check(me, utcnow())
    with pytest.raises(Unauthenticated) as unknown:
        await gate.check(Principal(sub="nobody", role=Role.ADMIN), utcnow())
    assert unknown.value.code == "auth.unknown_account"
    issued = utcnow()
    async with db.session() as s, s.begin():
        await accounts.log_out(s, infra, account.id, source=SOURCE)
    with pytest.raises(Unauthenticated, match="revoked"):
        await gate.check(me, issued)
    await gate.check(me, utcnow())
    async with db.session() as s, s.begin():
        await accounts.set_active(s, infra, account.id, False, by="admin-1", source=SOURCE)
    with pytest.raises(Unauthenticated, match="revoked"):
        await gate.check(me, utcnow() + timedelta(seconds=1))
    async with db.session() as s:
        o = infra.outbox.c
        rows = (await s.execute(select(o.key, o.payload, o.headers).order_by(o.id))).all()
    events = [decode_message(r.key.encode(), r.payload, kafka_headers(r.headers)) for r in rows]
    kinds = [e.type for e in events]
    # the disable is announced too, as inactive: the others stop what the account may no
    # longer do (its webhook subscriptions, its staff e-mails, review assignments)
    assert [k.split(".")[-2] for k in kinds] == ["upserted", "tokens_revoked", "tokens_revoked", "notice", "upserted"]
    assert events[0].data["active"] is True and events[-1].data["active"] is False

    # disabled again (a retry, a second click): no new revocation, e-mail, journal entry or event
    fresh = utcnow() + timedelta(seconds=2)
    for _ in range(2):
        async with db.session() as s, s.begin():
            await accounts.set_active(s, infra, account.id, False, by="admin-1", source=SOURCE)
    async with db.session() as s:
        assert await s.scalar(select(func.count()).select_from(infra.outbox)) == len(rows)
        journal = (
            await s.scalars(select(JournalEntry.action).where(JournalEntry.subject == f"account:{account.id}"))
        ).all()
    assert journal.count("account.disabled") == 1
    with pytest.raises(Unauthenticated):
        await gate.check(me, fresh)  # still disabled


# --- item 4: throttling and the password policy ---


async def test_failures_are_free_then_delayed_doubling_then_locked(db):
    policy = throttle.Policy(free_per_account=2, delay_seconds=1, max_delay_seconds=8, lock_after=6)
    assert [policy.delay(n, 2) for n in range(1, 8)] == [0, 0, 1, 2, 4, 8, 8]
    key, now = throttle.account_key("A@x.kz "), utcnow()
    assert key == throttle.account_key("a@x.kz")
    locked = []
    for i in range(6):
        async with db.session() as s, s.begin():
            at = now + timedelta(seconds=100 * i)  # each after the previous delay
            locked.append(await throttle.record_failure(s, key, policy, at, free=2, may_lock=True))
    assert locked == [False] * 5 + [True]
    async with db.session() as s:
        with pytest.raises(TooManyRequests) as refused:
            await throttle.check(s, [key], now + timedelta(seconds=501))
    assert refused.value.code == "auth.locked" and refused.value.retry_after > 800
    async with db.session() as s, s.begin():
        await throttle.forget(s, key)
    async with db.session() as s:
        await throttle.check(s, [key], now + timedelta(seconds=501))


async def test_attempts_in_flight_give_their_counts_back_in_any_order(db):
    """Two right passwords in flight at once, given back in the order they were counted or the
    other: the address ends as it began (a snapshot put back by the later one leaked the first's
    count, and a busy address crept into delays)."""
    policy = throttle.Policy(free_per_address=1, delay_seconds=30)
    key, now = throttle.address_key("10.9.9.9"), utcnow()
    for order in ((0, 1), (1, 0)):
        taken = []
        for i in range(2):
            async with db.session() as s, s.begin():
                at = now + timedelta(microseconds=i + 1)
                _locked, before = await throttle.reserve(s, [(key, 1, False)], policy, at)
                taken.append((before[key], at))
        for i in order:
            async with db.session() as s, s.begin():
                await throttle.give_back(s, key, *taken[i], policy, 1)
        async with db.session() as s:
            assert await s.get(LoginThrottle, key) is None, order
            await throttle.check(s, [key], now)


async def test_a_right_password_before_a_wrong_one_leaves_no_delay_the_wrong_one_alone_would_not(db):
    """A right password counted, then a wrong one (its delay worked out on both counts), then the
    right one gives its count back: one failure is left, inside the free one, so no delay."""
    policy = throttle.Policy(free_per_address=1, delay_seconds=30)
    key, now = throttle.address_key("10.9.9.10"), utcnow()
    async with db.session() as s, s.begin():
        _l, right = await throttle.reserve(s, [(key, 1, False)], policy, now)
    wrong_at = now + timedelta(microseconds=1)
    async with db.session() as s, s.begin():
        await throttle.reserve(s, [(key, 1, False)], policy, wrong_at)
    async with db.session() as s:
        with pytest.raises(TooManyRequests):  # two counted: the wrong one's delay stands for now
            await throttle.check(s, [key], wrong_at)
    async with db.session() as s, s.begin():
        await throttle.give_back(s, key, right[key], now, policy, 1)
    async with db.session() as s:
        assert (await s.get(LoginThrottle, key)).failures == 1
        await throttle.check(s, [key], wrong_at)  # the one wrong password is free


async def test_log_in_is_refused_while_throttled_even_with_the_right_password(db):
    passwords = Passwords(time_cost=1, memory_kib=8, parallelism=1)
    await _admin(db, passwords)
    policy = throttle.Policy(free_per_account=1, delay_seconds=30)

    async def attempt(password: str):
        return await accounts.log_in(
            db, infra, passwords, policy, "admin@corridor.example", password, "10.0.0.5", source=SOURCE
        )

    for _ in range(2):
        with pytest.raises(Unauthenticated):
            await attempt("wrong")
    with pytest.raises(TooManyRequests) as refused:
        await attempt("right-password-here")
    assert refused.value.code == "auth.throttled" and 1 <= refused.value.retry_after <= 30


async def _staff(db, passwords: Passwords, email: str, role: Role = Role.ADMIN) -> Account:
    async with db.session() as s, s.begin():
        return await accounts.create_staff(
            s,
            infra,
            email=email,
            password_hash=await passwords.hash("right-password-here"),
            name="Admin",
            role=role,
            schemes=[],
            institutions=[],
            source=SOURCE,
        )


async def _admin(db, passwords: Passwords, email: str = "admin@corridor.example") -> None:
    await _staff(db, passwords, email)


async def _lock_notices(db) -> int:
    return sum(1 for notice in await _notices(db) if notice["kind"] == "locked")


async def test_a_strangers_lock_does_not_keep_out_a_client_that_logged_in_before(db):
    """Anyone can lock an account by sending wrong passwords; the owner's browser, which
    logged in to it before, still gets in (its device token), the stranger does not."""
    passwords = Passwords(time_cost=1, memory_kib=8, parallelism=1)
    await _admin(db, passwords)
    devices = Devices(STRONG, timedelta(days=30))
    email = "admin@corridor.example"
    owners = devices.mint(email)  # the owner's browser logged in last week
    policy = throttle.Policy(free_per_account=100, free_per_address=100, lock_after=3, lock_seconds=900)

    async def attempt(password: str, *, token: str | None = None, address: str = "203.0.113.9"):
        return await accounts.log_in(
            db, infra, passwords, policy, email, password, address, device=devices.known(token, email), source=SOURCE
        )

    for _ in range(2):
        with pytest.raises(Unauthenticated):
            await attempt("guess")
    with pytest.raises(TooManyRequests) as locking:  # the third locks it, and says so
        await attempt("guess")
    assert locking.value.code == "auth.locked" and "device_token" in locking.value.reason
    # the stranger is refused even with the right password, from another address too
    with pytest.raises(TooManyRequests) as refused:
        await attempt("right-password-here", address="198.51.100.7")
    assert refused.value.code == "auth.locked"
    # the owner's browser gets in, from wherever it is
    principal = await attempt("right-password-here", token=owners, address="192.0.2.44")
    assert principal.role == Role.ADMIN
    # and its log-in did not lift the strangers' lock
    with pytest.raises(TooManyRequests):
        await attempt("right-password-here", address="198.51.100.7")
    # a token of another account, or a forged one, is a client like any other
    others = devices.mint("someone@corridor.example")
    forged = Devices("another-secret-" + STRONG, timedelta(days=30)).mint(email)
    for token in (others, forged, "not-a-token", owners + "x"):
        with pytest.raises(TooManyRequests):
            await attempt("right-password-here", token=token)
    assert await _lock_notices(db) == 1  # the owner was told once


async def test_a_client_that_logged_in_before_is_locked_by_its_own_failures_alone(db):
    passwords = Passwords(time_cost=1, memory_kib=8, parallelism=1)
    await _admin(db, passwords)
    devices = Devices(STRONG, timedelta(days=30))
    email = "admin@corridor.example"
    laptop, phone = devices.mint(email), devices.mint(email)
    policy = throttle.Policy(free_per_account=100, free_per_address=100, lock_after=3, lock_seconds=900)

    async def attempt(password: str, token: str | None, address: str = "192.0.2.44"):
        return await accounts.log_in(
            db, infra, passwords, policy, email, password, address, device=devices.known(token, email), source=SOURCE
        )

    for _ in range(2):
        with pytest.raises(Unauthenticated):
            await attempt("forgotten", laptop)
    with pytest.raises(TooManyRequests) as locked:
        await attempt("forgotten", laptop)
    assert locked.value.code == "auth.locked" and "from this client" in locked.value.reason
    with pytest.raises(TooManyRequests):
        await attempt("right-password-here", laptop)
    # the phone and a new browser are not refused by the laptop's lock, and nobody was e-mailed
    assert (await attempt("right-password-here", phone)).role == Role.ADMIN
    assert (await attempt("right-password-here", None, "203.0.113.9")).role == Role.ADMIN
    assert await _lock_notices(db) == 0
    # a password reset forgets the laptop's failures with the account's
    async with db.session() as s, s.begin():
        await throttle.forget_account(s, email)
        other = throttle.device_key("someone@corridor.example", "abc")
        s.add(LoginThrottle(key=other, failures=1))
    assert (await attempt("right-password-here", laptop)).role == Role.ADMIN
    async with db.session() as s:
        assert await s.get(LoginThrottle, other) is not None  # another account's client is left alone


async def test_strangers_behind_the_owners_address_do_not_hold_up_a_client_that_logged_in_before(db):
    """A campus shares one address: others' failures there had delayed the owner's own browser."""
    passwords = Passwords(time_cost=1, memory_kib=8, parallelism=1)
    await _admin(db, passwords)
    await _staff(db, passwords, "other@corridor.example")
    devices = Devices(STRONG, timedelta(days=30))
    owners = devices.mint("admin@corridor.example")
    policy = throttle.Policy(free_per_account=100, free_per_address=1, delay_seconds=30, lock_after=50)
    campus = "198.51.100.20"
    for _ in range(2):  # someone else on the campus, guessing another account
        with pytest.raises(Unauthenticated):
            await accounts.log_in(
                db, infra, passwords, policy, "other@corridor.example", "guess", campus, source=SOURCE
            )
    with pytest.raises(TooManyRequests) as waiting:  # a browser unknown to the account waits
        await accounts.log_in(
            db, infra, passwords, policy, "admin@corridor.example", "right-password-here", campus, source=SOURCE
        )
    assert waiting.value.code == "auth.throttled"
    known = devices.known(owners, "admin@corridor.example")
    principal = await accounts.log_in(
        db,
        infra,
        passwords,
        policy,
        "admin@corridor.example",
        "right-password-here",
        campus,
        device=known,
        source=SOURCE,
    )
    assert principal.role == Role.ADMIN


async def test_a_strangers_lock_does_not_stop_the_owner_changing_the_password(db):
    passwords = Passwords(time_cost=1, memory_kib=8, parallelism=1)
    await _admin(db, passwords)
    email = "admin@corridor.example"
    policy = throttle.Policy(free_per_account=100, free_per_address=100, lock_after=2, lock_seconds=900)
    for _ in range(2):
        with pytest.raises((Unauthenticated, TooManyRequests)):
            await accounts.log_in(db, infra, passwords, policy, email, "guess", "203.0.113.9", source=SOURCE)
    async with db.session() as s:
        account_id = (await s.scalar(select(Account).where(Account.email == email))).id
    account = await accounts.check_current_password(db, passwords, policy, account_id, "right-password-here")
    assert account.email == email


def test_a_device_token_is_no_access_token_and_no_access_token_is_one():
    devices = Devices(STRONG, timedelta(days=30))
    token = devices.mint("admin@corridor.example")
    with pytest.raises(InvalidToken):
        verify(token, STRONG, None)
    access = issue_token(Principal(sub="a-1", role=Role.ADMIN), STRONG)
    assert devices.known(access, "admin@corridor.example") is None
    assert devices.known(token, " Admin@Corridor.Example ") is not None  # the address as typed at log-in
    expired = Devices(STRONG, timedelta(seconds=-1)).mint("admin@corridor.example")
    assert devices.known(expired, "admin@corridor.example") is None


@pytest.mark.parametrize(
    "password,code",
    [
        ("aaaaaaaaaa", "password.trivial"),
        (" " * 10, "password.trivial"),
        ("abababababab", "password.trivial"),
        ("password12", "password.common"),
        ("Password2024", "password.common"),
        ("iloveyou!!", "password.common"),
        ("aigerim.n@mail.kz", "password.personal"),
        ("my-aigerim-pass", "password.personal"),
        ("nurlanovna#1990", "password.personal"),
    ],
)
def test_guessable_passwords_are_refused(password, code):
    with pytest.raises(Invalid) as refused:
        check_policy(password, email="aigerim.n@mail.kz", name="Aigerim Nurlanovna")
    assert refused.value.code == code and refused.value.field == "password"
    if code == "password.personal":  # the part found is said, and it is in the password
        found = refused.value.errors[0].context["contains"]
        assert found.casefold() in ("aigerim.n@mail.kz", "aigerim", "nurlanovna")  # as the person wrote it


def test_good_passwords_pass_and_the_shipped_list_is_loaded():
    assert len(common_passwords()) > 10_000
    for password in ["correct horse battery staple", "quiet-orchid-lantern-47", "Xk8#mQ2pL9vR"]:
        check_policy(password, email="aigerim.n@mail.kz", name="Aigerim Nurlanovna")


def test_a_trusted_proxy_is_an_address_or_a_network_of_them():
    """A cluster's portal pods have no fixed address: their network is trusted instead, and
    only their X-Forwarded-For is believed."""
    from services.applications.api.deps import _trusted

    assert _trusted("127.0.0.1", ["127.0.0.1"]) and _trusted("10.4.2.17", ["10.0.0.0/8"])
    assert _trusted("fd00::5", ["fd00::/64"]) and not _trusted("fd01::5", ["fd00::/64"])
    for peer, proxies in (("192.168.1.5", ["10.0.0.0/8"]), ("10.0.0.1", []), ("unknown", ["10.0.0.0/8"])):
        assert not _trusted(peer, proxies), (peer, proxies)
    assert not _trusted("10.0.0.1", ["not-a-network/8"])  # a bad entry trusts nothing


# --- a new e-mail address is confirmed from its mailbox ---


async def _applicant(db, email: str):
    from datetime import date

    async with db.session() as s, s.begin():
        account, _ = await accounts.register(
            s,
            infra,
            accounts.Registration(email, "x", "Aigerim", "student", "KZ", "KazNU", date(2003, 4, 5), "ru"),
            source=SOURCE,
        )
    return account


async def _notices(db) -> list:
    async with db.session() as s:
        o = infra.outbox.c
        rows = (await s.execute(select(o.key, o.payload, o.headers).order_by(o.id))).all()
    events = [decode_message(r.key.encode(), r.payload, kafka_headers(r.headers)) for r in rows]
    return [e.data for e in events if e.type.endswith("account.notice.v1")]


async def test_a_new_address_moves_only_once_its_mailbox_opens_the_link(db):
    """The address moved as soon as it was typed: mistyped, or someone else's, it took the
    account's password resets; and a refusal told whether another account had the address."""
    me = await _applicant(db, "aigerim@example.kz")
    other = await _applicant(db, "taken@example.kz")
    confirming = accounts.Confirming("https://portal.example/email-change?token=", 3600)
    async with db.session() as s, s.begin():
        await accounts.update_profile(
            s, infra, me.id, {"email": "New@Example.kz"}, source=SOURCE, confirming=confirming
        )
    async with db.session() as s:
        assert (await s.get(Account, me.id)).email == "aigerim@example.kz"  # not yet
        assert await accounts.pending_email(s, me.id) == "new@example.kz"
    asked, confirm = await _notices(db)  # the address the account has hears of it at once
    assert (asked["kind"], asked["email"]) == ("email_change_requested", "aigerim@example.kz")
    assert confirm["kind"] == "email_confirm" and confirm["email"] == "new@example.kz"
    assert confirm["preferred_language"] == "ru" and confirm["link"].startswith(
        "https://portal.example/email-change?token="
    )
    assert confirm["link"].endswith("&lang=ru")  # the page it opens speaks the e-mail's language
    token = link_token(confirm["link"])

    # another account's address: answered alike, no link sent, the earlier link ended
    async with db.session() as s, s.begin():
        await accounts.update_profile(
            s, infra, me.id, {"email": "taken@example.kz"}, source=SOURCE, confirming=confirming
        )
    assert [n["kind"] for n in await _notices(db)].count("email_confirm") == 1
    async with db.session() as s:  # the same answer as for a free address
        assert await accounts.pending_email(s, me.id) == "taken@example.kz"
    with pytest.raises(Invalid) as ended:
        async with db.session() as s, s.begin():
            await accounts.confirm_email_change(s, infra, token, source=SOURCE)
    assert ended.value.code == "email_change.invalid"

    # asked again: the new link moves the address, once; the old address is told
    async with db.session() as s, s.begin():
        await accounts.update_profile(
            s, infra, me.id, {"email": "new@example.kz"}, source=SOURCE, confirming=confirming
        )
    token = link_token((await _notices(db))[-1]["link"])
    async with db.session() as s, s.begin():
        await accounts.confirm_email_change(s, infra, token, source=SOURCE)
    async with db.session() as s:
        assert (await s.get(Account, me.id)).email == "new@example.kz"
        assert (await s.get(Account, other.id)).email == "taken@example.kz"
        assert await accounts.pending_email(s, me.id) is None
    told = (await _notices(db))[-1]
    assert (told["kind"], told["email"]) == ("email_changed", "aigerim@example.kz")
    # opened again once used: the address it confirmed stands confirmed (not "unknown, used or
    # expired", which sent people to ask for a new link); nothing changes, nobody is told
    told_before = len(await _notices(db))
    async with db.session() as s, s.begin():
        again, changed = await accounts.confirm_email_change(s, infra, token, source=SOURCE)
    assert (again.email, changed) == ("new@example.kz", False) and len(await _notices(db)) == told_before
    # once the account has moved on to another address, the old link is refused again
    async with db.session() as s, s.begin():
        await accounts.update_profile(s, infra, me.id, {"email": "third@example.kz"}, source=SOURCE)
    with pytest.raises(Invalid):
        async with db.session() as s, s.begin():
            await accounts.confirm_email_change(s, infra, token, source=SOURCE)


async def test_links_to_new_addresses_go_out_three_an_hour(db):
    """Each new address typed sends a link to it: a few an hour, not a way to mail strangers."""
    me = await _applicant(db, "aigerim@example.kz")
    confirming = accounts.Confirming("https://portal.example/email-change?token=", 3600)
    for i in range(5):
        async with db.session() as s, s.begin():
            await accounts.update_profile(
                s, infra, me.id, {"email": f"new-{i}@example.kz"}, source=SOURCE, confirming=confirming
            )
    notices = await _notices(db)
    assert [n["email"] for n in notices if n["kind"] == "email_confirm"] == [f"new-{i}@example.kz" for i in range(3)]
    # the account's own address hears of the requests, as many an hour
    assert [n["email"] for n in notices if n["kind"] == "email_change_requested"] == ["aigerim@example.kz"] * 3
    async with db.session() as s:  # the answer is the same: the latest address waits
        assert await accounts.pending_email(s, me.id) == "new-4@example.kz"


async def test_an_empty_stored_hash_verifies_no_password_not_even_the_dummys():
    """A closed account keeps an empty hash (service/erasure.py): the dummy that a missing
    account is verified against (its password is in the source) must not let it in."""
    from services.applications.service.passwords import Passwords

    passwords = Passwords(time_cost=1, memory_kib=8192)
    assert not await passwords.verify("", "corridor-no-such-account")
    assert not await passwords.verify(None, "corridor-no-such-account")
    assert await passwords.verify(await passwords.hash("river-stone-55-owl"), "river-stone-55-owl")
