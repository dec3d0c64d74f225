"""The e-mail on the wire and the reasons' words: the faster paths give exactly what the
general ones gave (the bytes aiosmtplib's send_message would send, the words of worded())."""

from __future__ import annotations

import asyncio
import re
import socket
import threading
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.errors import HeaderParseError
from email.header import Header

import aiosmtplib
import pytest
from aiosmtpd.controller import Controller
from aiosmtplib.email import extract_recipients, extract_sender, flatten_message

from services.notifications.domain.templates import Extras, reason_param, reasons_in, render
from services.notifications.service import channels
from services.notifications.service.channels import (
    Attachment,
    EmailSender,
    SmtpConnection,
    _Session,
    build_email,
    flatten,
    wire_email,
)
from services.notifications.settings import Settings
from shared.reason_words import worded
from tests.support.infra import free_port

LANGUAGES = ("en", "zh", "ru", "ur")
EXTRAS = Extras(portal_url="https://portal.corridor.example", contact_email="admissions@corridor.example")
REASONS = [
    {"programme": "Programme A", "reason": "programme full", "code": "round.programme_full", "params": p}
    for p in ({"lowest": 81.5, "yours": 78.0}, {"lowest": 90, "yours": 90, "tie": "lottery"}, {"no_seats": "yes"})
] + [{"programme": "Programme B", "reason": "not eligible", "code": "eligibility.nationality", "params": {}}]
CALENDAR = Attachment(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "calendar", "invite.ics", (("method", "REQUEST"),))


def _mail(lang: str, *, sender: str, attachment: Attachment | None = None, cycle: str = "SCO 2026/27"):
    message = render("unmatched", lang, {"cycle": cycle, "reasons": REASONS, "name": "Алия Қасымова"}, EXTRAS)
    return build_email(
        message,
        sender=sender,
        to="aliya.kasymova.applicant@example.kz",
        notification_id="ntf-" + "7" * 32,
        source_event_id="evt-" + "3" * 32,
        attachment=attachment,
    )


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("sender", ["Corridor <no-reply@corridor.example>", "Коридор <no-reply@corridor.example>"])
@pytest.mark.parametrize("attachment", [None, CALENDAR])
@pytest.mark.parametrize("cte_type", ["8bit", "7bit"])
def test_a_message_is_flattened_to_the_bytes_aiosmtplib_would_send(lang, sender, attachment, cte_type):
    long_cycle = "SCO 2026/27 — " + "Шанхайская организация сотрудничества " * 3
    for cycle in ("SCO 2026/27", long_cycle):
        mail = _mail(lang, sender=sender, attachment=attachment, cycle=cycle)
        ours = flatten(mail, cte_type)  # first: fixes the boundaries in the message, as sending does
        assert ours == flatten_message(mail, cte_type=cte_type)
        parsed = message_from_bytes(ours, policy=policy.default)
        assert parsed["Subject"] == render("unmatched", lang, {"cycle": cycle, "reasons": REASONS, "name": ""}).subject
        assert parsed["Message-ID"] == "<ntf-" + "7" * 32 + "@corridor.example>"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("sender", ["Corridor <no-reply@corridor.example>", "Коридор <no-reply@corridor.example>"])
def test_an_email_written_directly_is_the_message_aiosmtplib_would_send(lang, sender, monkeypatch):
    monkeypatch.setattr(channels, "utcnow", lambda: datetime(2026, 12, 1, 12, 0, 59, tzinfo=UTC))
    long_cycle = "SCO 2026/27 — " + "Шанхайская организация сотрудничества " * 3
    ascii_cycle = "Shanghai Cooperation Organisation scholarship " * 3  # folded as plain text
    for cycle in ("SCO 2026/27", long_cycle, ascii_cycle):
        for name in ("Алия Қасымова", "", "A" * 200):
            message = render("unmatched", lang, {"cycle": cycle, "reasons": REASONS, "name": name}, EXTRAS)
            ids = dict(to="aliya@example.kz", notification_id="ntf-" + "7" * 32, source_event_id="evt-" + "3" * 32)
            wire = wire_email(message, sender=sender, **ids)
            assert wire is not None
            mail = build_email(message, sender=sender, **ids)
            # the same boundary (the generator picks one at random when it writes the message)
            mail.set_boundary(re.search(rb'boundary="([^"]+)"', wire.data).group(1).decode())
            for cte_type in ("8bit", "7bit"):
                assert wire.data == flatten_message(mail, cte_type=cte_type)
            assert (wire.sender, list(wire.recipients)) == (extract_sender(mail), extract_recipients(mail))
            assert wire.notification_id == "ntf-" + "7" * 32
            parsed = message_from_bytes(wire.data, policy=policy.default)
            assert parsed["Subject"] == message.subject
            assert [p.get_content() for p in parsed.iter_parts()] == [message.text, message.html]


def test_each_email_written_directly_has_a_boundary_of_its_own():
    message = render("unmatched", "en", {"cycle": "SCO", "reasons": REASONS, "name": "Ann"}, EXTRAS)
    boundaries = {
        re.search(rb'boundary="([^"]+)"', wire.data).group(1)
        for _ in range(20)
        if (
            wire := wire_email(
                message, sender="c@corridor.example", to="a@example.kz", notification_id="n", source_event_id="e"
            )
        )
    }
    assert len(boundaries) == 20


def test_an_address_that_is_not_ascii_is_left_to_the_general_way():
    message = render("unmatched", "ru", {"cycle": "SCO", "reasons": [], "name": "Алия"}, EXTRAS)
    ids = dict(sender="c@corridor.example", notification_id="n", source_event_id="e")
    assert wire_email(message, to="алия@пример.рф", **ids) is None  # SMTPUTF8: aiosmtplib's send_message
    assert wire_email(message, to="", **ids) is None


def test_a_subjects_encoded_words_are_those_of_a_plain_header():
    cycle = "شنگھائی تعاون تنظیم " * 4
    mail = _mail("ur", sender="Corridor <no-reply@corridor.example>", cycle=cycle)
    subject = render("unmatched", "ur", {"cycle": cycle, "reasons": [], "name": ""}).subject
    written = flatten(mail).decode("ascii").split("\nSubject: ", 1)[1].split("\nFrom: ", 1)[0]
    assert written == Header(subject, "utf-8").encode(maxlinelen=78)
    assert "\n " in written  # long enough to be folded
    assert str(mail["Subject"]) == subject


class _Keep:
    def __init__(self):
        self.received: list = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.received.append((envelope.mail_from, list(envelope.rcpt_tos), list(envelope.mail_options)))
            self.received.append(envelope.original_content)
        return "250 OK"


class _Sender:
    """What SmtpConnection needs of an EmailSender: settings and a client."""

    def __init__(self, port: int):
        self.port = port
        self.settings = type("S", (), {"smtp_host": "127.0.0.1"})()

    async def local_hostname(self) -> str:
        return "corridor.test"

    def _client(self, local_hostname: str):
        return _Session(hostname="127.0.0.1", port=self.port, timeout=10, local_hostname=local_hostname)

    async def _open(self):
        client = self._client(await self.local_hostname())
        await client.connect()
        return client

    async def _keep(self, client) -> None:
        await client.quit()


def test_a_message_sent_over_a_session_has_send_messages_envelope_and_bytes():
    keep = _Keep()
    port = free_port()
    server = Controller(keep, hostname="127.0.0.1", port=port)
    server.start()

    message = render("unmatched", "ru", {"cycle": "SCO 2026/27", "reasons": REASONS, "name": "Алия"}, EXTRAS)
    ids = dict(
        sender="Коридор <no-reply@corridor.example>",
        to="aliya.kasymova.applicant@example.kz",
        notification_id="ntf-1",
        source_event_id="evt-1",
    )
    wire = wire_email(message, **ids)
    assert wire is not None
    written = build_email(message, **ids)
    written.set_boundary(re.search(rb'boundary="([^"]+)"', wire.data).group(1).decode())
    written.replace_header("Date", message_from_bytes(wire.data)["Date"])

    async def both():
        mail = _mail("ru", sender="Коридор <no-reply@corridor.example>", attachment=CALENDAR)
        async with SmtpConnection(_Sender(port)) as smtp:  # type: ignore[arg-type]
            await smtp.send(mail)
            await smtp.send(wire)
        client = aiosmtplib.SMTP(hostname="127.0.0.1", port=port, timeout=10)
        async with client:
            await client.send_message(mail)
            await client.send_message(written)

    try:
        asyncio.run(both())
    finally:
        server.stop()
    ours_envelope, ours, wire_envelope, ours_wire, theirs_envelope, theirs, written_envelope, theirs_written = (
        keep.received
    )
    assert ours_envelope == theirs_envelope
    assert ours_envelope[:2] == ("no-reply@corridor.example", ["aliya.kasymova.applicant@example.kz"])
    assert "BODY=8BITMIME" in ours_envelope[2]
    assert ours == theirs
    assert wire_envelope == written_envelope  # with the same SIZE= option
    assert wire_envelope[:2] == ours_envelope[:2]
    assert ours_wire == theirs_written


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_reason_is_worded_as_worded_says_also_when_asked_again(lang):
    expected = [{**r, "reason": worded(lang, r, reason_param) or r["reason"]} if r.get("code") else r for r in REASONS]
    assert reasons_in(lang, REASONS) == expected
    assert reasons_in(lang, REASONS) == expected  # the second time from what was kept
    assert expected[0]["reason"] != "programme full"  # worded by code, in the reader's words
    changed = [{**REASONS[0], "params": {"lowest": 81.5, "yours": 77.0}}]
    assert reasons_in(lang, changed)[0]["reason"] == worded(lang, changed[0], reason_param)
    assert reasons_in(lang, changed)[0]["reason"] != expected[0]["reason"]


@pytest.mark.parametrize("to", ["a@example.kz\nBcc: b@example.kz", "a@example.kz\nb@example.kz"])
def test_an_address_with_a_line_of_its_own_is_refused_not_written(to):
    message = render("unmatched", "en", {"cycle": "SCO", "reasons": [], "name": "Ann"}, EXTRAS)
    ids = dict(sender="c@corridor.example", notification_id="n", source_event_id="e")
    with pytest.raises(HeaderParseError):
        wire_email(message, to=to, **ids)


class _Greeted(_Keep):
    """Keeps the name each session gave in EHLO."""

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.received.append(session.host_name)
        return "250 OK"


@pytest.mark.parametrize("configured", ["mail-out.corridor.test", None])
def test_the_ehlo_name_is_the_settings_or_this_hosts_looked_up_once(configured, monkeypatch):
    """Each group of e-mails opens a session (none kept here): the name it gives is the
    setting, else this host's FQDN, looked up once for every session (not in a thread at each
    connection)."""
    looked_up: list[str] = []

    def getfqdn(name: str = "") -> str:
        looked_up.append(name)
        return "host.corridor.test"

    monkeypatch.setattr(socket, "getfqdn", getfqdn)
    keep = _Greeted()
    port = free_port()
    # named, so that the server does not look up this host's name itself
    server = Controller(keep, hostname="127.0.0.1", port=port, server_hostname="smtp.corridor.test")
    server.start()
    sender = EmailSender(
        Settings(smtp_host="127.0.0.1", smtp_port=port, smtp_local_hostname=configured, smtp_keepalive_seconds=0)
    )
    message = render("unmatched", "en", {"cycle": "SCO", "reasons": [], "name": "Ann"}, EXTRAS)
    ids = dict(sender="c@corridor.example", notification_id="n", source_event_id="e")

    async def three_sessions():
        for n in range(3):
            async with sender.connection() as smtp:
                await smtp.send(build_email(message, to=f"ann{n}@example.kz", **ids))

    try:
        asyncio.run(three_sessions())
    finally:
        server.stop()
    assert keep.received == [configured or "host.corridor.test"] * 3
    assert len(looked_up) == (0 if configured else 1)
