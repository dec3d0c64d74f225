"""SMTP sessions kept between groups of e-mails (``EmailSender``), against a real aiosmtpd
server on loopback: a group reuses the session the one before it left, a session that failed
or that the server closed is never reused, and a message never fails for a kept session
having gone stale."""

from __future__ import annotations

import asyncio
import threading

import pytest
from aiosmtpd.controller import Controller

from services.notifications.domain.templates import Extras, render
from services.notifications.service.channels import DeliveryError, EmailSender, build_email
from services.notifications.settings import Settings
from tests.support.infra import free_port

EXTRAS = Extras(portal_url="https://portal.corridor.example", contact_email="admissions@corridor.example")
MESSAGE = render("unmatched", "en", {"cycle": "SCO", "reasons": [], "name": "Ann"}, EXTRAS)
IDS = dict(sender="c@corridor.example", notification_id="n", source_event_id="e")


class _Counting:
    """Sessions (EHLOs), messages per recipient, and recipients to refuse; ``per_session``: the
    messages a session takes before MAIL is answered 421 (a server's cap per connection)."""

    def __init__(self, refuse: set[str] = frozenset(), per_session: int | None = None):
        self.lock = threading.Lock()
        self.sessions = 0
        self.received: list[str] = []
        self.refuse = refuse
        self.per_session = per_session

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        taken = getattr(session, "taken", 0)
        if self.per_session is not None and taken >= self.per_session:
            return "421 too many messages in this session"
        session.taken = taken + 1
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # aiosmtpd's hook
        with self.lock:
            self.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.received += envelope.rcpt_tos
        return "250 OK"


def _server(handler: _Counting, port: int) -> Controller:
    server = Controller(handler, hostname="127.0.0.1", port=port, server_hostname="smtp.corridor.test")
    server.start()
    return server


def _sender(port: int, **settings) -> EmailSender:
    return EmailSender(Settings(smtp_host="127.0.0.1", smtp_port=port, smtp_local_hostname="corridor.test", **settings))


def _against(handler: _Counting, scenario, **settings):
    """``scenario(sender)`` run against a server with ``handler`` on a free port; its result."""
    port = free_port()
    server = _server(handler, port)
    try:
        return asyncio.run(scenario(_sender(port, **settings)))
    finally:
        server.stop()


async def _group(sender: EmailSender, *to: str) -> None:
    async with sender.connection() as smtp:
        for address in to:
            await smtp.send(build_email(MESSAGE, to=address, **IDS))


def test_groups_in_turn_share_one_session_and_it_is_closed_at_the_end():
    handler = _Counting()

    async def groups(sender):
        for n in range(3):
            await _group(sender, f"ann{n}@example.kz", f"bob{n}@example.kz")
        kept = [client for client, _since in sender._idle]
        await sender.close()
        return kept

    kept = _against(handler, groups)
    assert handler.sessions == 1
    assert len(handler.received) == 6
    assert len(kept) == 1 and not kept[0].is_connected  # closed by close()


def test_without_keepalive_each_group_opens_its_own():
    handler = _Counting()

    async def groups(sender):
        for n in range(3):
            await _group(sender, f"ann{n}@example.kz")
        return len(sender._idle)

    idle = _against(handler, groups, smtp_keepalive_seconds=0)
    assert (handler.sessions, len(handler.received), idle) == (3, 3, 0)


def test_groups_at_once_keep_no_more_sessions_than_dispatch_concurrency():
    handler = _Counting()

    async def at_once(sender):
        await asyncio.gather(*(_group(sender, f"a{n}@example.kz", f"b{n}@example.kz") for n in range(5)))
        kept = len(sender._idle)
        await asyncio.gather(*(_group(sender, f"c{n}@example.kz") for n in range(2)))
        await sender.close()
        return kept

    assert _against(handler, at_once, dispatch_concurrency=2) == 2
    assert handler.sessions == 5  # five at once; the two later groups took the two kept
    assert len(handler.received) == 12


def test_a_session_whose_message_failed_is_not_kept():
    handler = _Counting(refuse={"nobody@example.kz"})

    async def groups(sender):
        with pytest.raises(DeliveryError) as refused:
            await _group(sender, "nobody@example.kz")
        # "550 no such mailbox": no later try can succeed (the delivery is dead at once)
        assert refused.value.permanent and "550" in refused.value.reason
        assert sender._idle == []
        await _group(sender, "ann@example.kz")

    _against(handler, groups)
    assert handler.sessions == 2
    assert handler.received == ["ann@example.kz"]


def test_a_kept_session_the_server_closed_gives_way_to_a_new_one():
    """The server restarted between two groups: the kept session is gone, and the next
    group's message goes over a new session instead of failing."""
    handler, restarted, port = _Counting(), _Counting(), free_port()
    servers = [_server(handler, port)]
    sender = _sender(port)

    async def groups():
        await _group(sender, "ann@example.kz")
        assert len(sender._idle) == 1
        await asyncio.to_thread(servers[0].stop)
        servers.append(await asyncio.to_thread(_server, restarted, port))
        await _group(sender, "bob@example.kz")
        await sender.close()

    try:
        asyncio.run(groups())
    finally:
        servers[-1].stop()
    assert handler.received == ["ann@example.kz"]
    assert (restarted.sessions, restarted.received) == (1, ["bob@example.kz"])


class _ClosingOnNoop(_Counting):
    """A server that answers a NOOP by closing the session (as one about to time it out)."""

    async def handle_NOOP(self, server, session, envelope, arg):
        return "421 closing the session"


class _SlowNoop(_Counting):
    async def handle_NOOP(self, server, session, envelope, arg):
        await asyncio.sleep(5)
        return "250 OK"


async def _two_groups_the_second_on_a_checked_session(sender):
    """Two groups; the session the first kept, and whether it is still connected after the second."""
    await _group(sender, "ann@example.kz")
    [(first, _since)] = sender._idle
    await _group(sender, "bob@example.kz")
    connected = first.is_connected
    await sender.close()
    return connected


def test_a_kept_session_that_does_not_answer_its_check_gives_way_to_a_new_one(monkeypatch):
    monkeypatch.setattr(EmailSender, "CHECK_AFTER_SECONDS", 0.0)  # every kept session is checked
    handler = _ClosingOnNoop()
    assert _against(handler, _two_groups_the_second_on_a_checked_session) is False
    assert handler.sessions == 2
    assert handler.received == ["ann@example.kz", "bob@example.kz"]


def test_a_session_kept_longer_than_the_keepalive_is_not_used():
    handler = _Counting()

    async def groups(sender):
        await _group(sender, "ann@example.kz")
        [(client, since)] = sender._idle
        sender._idle = [(client, since - 6)]  # let go six seconds ago
        await _group(sender, "bob@example.kz")
        assert not client.is_connected
        await sender.close()

    _against(handler, groups, smtp_keepalive_seconds=5)
    assert handler.sessions == 2
    assert handler.received == ["ann@example.kz", "bob@example.kz"]


def test_a_message_refused_421_on_a_session_that_carried_others_goes_over_a_new_one():
    """A server that takes two messages per session (as Exchange caps them per connection)
    answers the third MAIL with 421: nothing of it was accepted, so it goes over a new session
    instead of failing."""
    handler = _Counting(per_session=2)

    async def groups(sender):
        await _group(sender, "a@example.kz", "b@example.kz", "c@example.kz")
        await _group(sender, "d@example.kz", "e@example.kz")
        await sender.close()

    _against(handler, groups)
    assert handler.received == ["a@example.kz", "b@example.kz", "c@example.kz", "d@example.kz", "e@example.kz"]
    assert handler.sessions == 3


def test_a_fresh_session_refused_421_fails_the_message_once():
    handler = _Counting(per_session=0)

    async def group(sender):
        with pytest.raises(DeliveryError, match="421") as refused:
            await _group(sender, "a@example.kz")
        assert not refused.value.permanent  # a session's refusal: tried again later

    _against(handler, group)
    assert (handler.sessions, handler.received) == (1, [])


def test_a_session_that_carried_its_share_is_not_kept(monkeypatch):
    monkeypatch.setattr(EmailSender, "MESSAGES_PER_SESSION", 3)
    handler = _Counting()

    async def groups(sender):
        await _group(sender, "a@example.kz", "b@example.kz")  # kept: 2 of 3
        await _group(sender, "c@example.kz", "d@example.kz")  # 4: closed
        assert sender._idle == []
        await _group(sender, "e@example.kz")
        await sender.close()

    _against(handler, groups)
    assert handler.sessions == 2
    assert len(handler.received) == 5


def test_a_group_cancelled_while_its_kept_session_is_checked_closes_that_session(monkeypatch):
    monkeypatch.setattr(EmailSender, "CHECK_AFTER_SECONDS", 0.0)
    handler = _SlowNoop()

    async def cancelled(sender):
        await _group(sender, "a@example.kz")
        [(kept, _since)] = sender._idle
        task = asyncio.create_task(_group(sender, "b@example.kz"))
        await asyncio.sleep(0.3)  # in its NOOP
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return kept, sender._idle

    kept, idle = _against(handler, cancelled)
    assert not kept.is_connected
    assert idle == []
    assert handler.received == ["a@example.kz"]
