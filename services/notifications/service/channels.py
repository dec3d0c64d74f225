"""The channels, adapters to the world outside: e-mail (SMTP through aiosmtplib, or .eml
files when no SMTP host is set) and webhooks signed per Standard Webhooks (httpx)."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import copy
import io
import json
import logging
import random
import re
import secrets
import socket
import sys
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.errors import HeaderParseError
from email.generator import BytesGenerator
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import Compat32
from email.utils import format_datetime, formataddr, parseaddr
from functools import lru_cache
from pathlib import Path
from typing import Any

import aiosmtplib
import aiosmtplib.email
import httpx
from standardwebhooks import Webhook

from services.notifications.domain.targets import Refusal
from services.notifications.domain.templates import RenderedMessage
from services.notifications.service.targets import TargetGuard
from services.notifications.settings import Settings
from shared.clock import utcnow

log = logging.getLogger(__name__)


# What is recorded of a failed delivery (the API and the portal show it): "refused" (the
# guard's reason is logged only: it would tell what an internal name resolves to), "failed:
# HTTP <code>", or a transport error's class and message, with the socket's addresses and errno
# taken out (the refused-or-timed-out distinction is what anyone on the internet sees of a
# public address; the address itself is not the partner's to read).
REFUSED = "refused"
FAILED = "failed"
REASON_LENGTH = 200
_SOCKET_DETAIL = re.compile(
    r"\[Errno -?\d+\]"  # [Errno 111]
    r"|\(\s*'[^']*'(?:\s*,\s*\d+)+\s*\)"  # ('10.0.0.7', 6379) as the socket names a peer
    r"|\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b"  # an IPv4 address, perhaps with its port
    r"|\[?\b(?:[0-9a-fA-F]{0,4}:){2,}[0-9a-fA-F]{0,4}\b\]?(?::\d+)?"  # an IPv6 address
    r"|\(_ssl\.c:\d+\)"  # where in OpenSSL's C source the error was raised: nothing for a partner
)


def transport_reason(exc: BaseException) -> str:
    """A transport error as recorded: ``ConnectError: All connection attempts failed``."""
    message = " ".join(_SOCKET_DETAIL.sub(" ", str(exc)).split())
    return (f"{type(exc).__name__}: {message}" if message else type(exc).__name__)[:REASON_LENGTH]


class DeliveryError(Exception):
    """A try that failed; ``status_code`` when the receiver answered; ``permanent`` when no
    later try can succeed (the mail server refused the address for good)."""

    def __init__(self, reason: str, status_code: int | None = None, *, permanent: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.status_code = status_code
        self.permanent = permanent


def new_webhook_secret() -> str:
    """A Standard Webhooks secret: ``whsec_`` + base64 of 24 random bytes."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


@dataclass(frozen=True)
class Attachment:
    """A part after the message's text and HTML (an interview's ``text/calendar``)."""

    content: bytes
    subtype: str  # of text/
    filename: str
    params: tuple[tuple[str, str], ...] = ()


def _header(value: str) -> str | Header:
    """A header value as written on the wire: ASCII as it is, anything else as UTF-8 encoded
    words (RFC 2047), which every reader decodes back to the same text."""
    return value if value.isascii() else _Utf8Header(value)


class _Utf8Header(Header):
    """``Header(text, "utf-8")`` whose encoded words are worked out once per text: encoding
    them is the costliest step of writing a message, and a round's notices share a few
    subjects per language."""

    def __init__(self, text: str):
        super().__init__(text, "utf-8")
        self._text = text

    def encode(self, splitchars: str = ";, \t", maxlinelen: int | None = None, linesep: str = "\n") -> str:
        return _encoded_words(self._text, splitchars, maxlinelen, linesep)


@lru_cache(maxsize=4096)
def _encoded_words(text: str, splitchars: str, maxlinelen: int | None, linesep: str) -> str:
    return Header(text, "utf-8").encode(splitchars, maxlinelen, linesep)


@lru_cache(maxsize=64)  # the service's sender, parsed once
def _address(value: str) -> str:
    """``Name <addr>`` with a non-ASCII display name encoded (the address itself as given)."""
    name, addr = parseaddr(value)
    return formataddr((name, addr), charset="utf-8") if name and addr else value


def _headers(
    message: RenderedMessage, *, sender: str, to: str, notification_id: str, source_event_id: str
) -> list[tuple[str, Any]]:
    """An e-mail's own headers, in order, as values compat32 writes (a ``Header`` for a
    non-ASCII subject)."""
    return [
        ("Subject", _header(message.subject)),
        ("From", _address(sender)),
        ("To", to),
        ("Date", format_datetime(utcnow())),
        # The same for every try of one notification, so a mail store can drop a second copy
        # (a message re-sent after its sender died between the server's acceptance and the record).
        ("Message-ID", f"<{notification_id}@corridor.example>"),
        ("Auto-Submitted", "auto-generated"),
        ("X-Corridor-Notification-Id", notification_id),
        ("X-Corridor-Event-Id", source_event_id),
        ("Content-Language", message.language),
    ]


def build_email(
    message: RenderedMessage,
    *,
    sender: str,
    to: str,
    notification_id: str,
    source_event_id: str,
    attachment: Attachment | None = None,
) -> Message:
    """multipart/alternative: the plain-text part, then the HTML part; UTF-8 throughout (in
    multipart/mixed with the ``attachment`` after them, when there is one).

    Built with the classic MIME classes (email.mime, the compat32 policy): building and
    flattening a message through ``EmailMessage`` and the default policy parses every header
    again and cost about 4 ms of CPU per e-mail, the largest share of the dispatcher's time;
    these cost about 0.6 ms and put the same parts and headers on the wire (bodies base64,
    a non-ASCII subject as encoded words, which also keeps its spaces when folded).
    ``wire_email`` writes the same message's bytes directly.
    """
    body = MIMEMultipart("alternative")
    body.attach(MIMEText(message.text, "plain", "utf-8"))
    body.attach(MIMEText(message.html, "html", "utf-8"))
    if attachment is None:
        mail = body
    else:
        mail = MIMEMultipart("mixed")
        mail.attach(body)
        # base64 of the text's UTF-8 as it is (an iCalendar's CRLF line ends kept)
        part = MIMEText(attachment.content.decode("utf-8"), attachment.subtype, "utf-8")
        for key, value in attachment.params:
            part.set_param(key, value)
        part.add_header("Content-Disposition", "attachment", filename=attachment.filename)
        mail.attach(part)
    for name, value in _headers(
        message, sender=sender, to=to, notification_id=notification_id, source_event_id=source_event_id
    ):
        mail[name] = value
    return mail


# A header value that compat32 writes as it is: printable ASCII words with single spaces.
_PLAIN_VALUE = re.compile(r"[\x21-\x7e]+(?: [\x21-\x7e]+)*")


class _PlainHeadersFirst(Compat32):
    """compat32 as aiosmtplib flattens a message, with a short plain header written directly:
    the classic policy passes every header through ``email.header.Header`` to fold it, which
    was most of the cost of flattening a message. The bytes are the same (a one-line ASCII
    value has nothing to fold or encode); anything else is folded as before."""

    def fold_binary(self, name: str, value: Any) -> bytes:
        if (
            isinstance(value, str)
            and len(name) + 2 + len(value) <= (self.max_line_length or 78)
            and _PLAIN_VALUE.fullmatch(value)
        ):
            return f"{name}: {value}{self.linesep}".encode("ascii")
        return super().fold_binary(name, value)


_WIRE = {cte: _PlainHeadersFirst(cte_type=cte) for cte in ("8bit", "7bit")}


def flatten(mail: Message, cte_type: str = "8bit") -> bytes:
    """The message as ``aiosmtplib``'s ``send_message`` puts it on the wire (compat32, without
    Bcc headers), faster."""
    if "Bcc" in mail or "Resent-Bcc" in mail:
        mail = copy.copy(mail)
        del mail["Bcc"]
        del mail["Resent-Bcc"]
    with io.BytesIO() as out:
        BytesGenerator(out, policy=_WIRE[cte_type]).flatten(mail)
        return out.getvalue()


@dataclass(frozen=True)
class WireEmail:
    """An e-mail ready to go: its SMTP envelope and its bytes."""

    notification_id: str
    sender: str  # MAIL FROM
    recipients: tuple[str, ...]  # RCPT TO
    data: bytes


# A part's headers as compat32 writes them (the same for every message; base64 bodies)
_PART_HEADERS = {
    subtype: b"".join(
        _WIRE["8bit"].fold_binary(name, value)
        for name, value in (
            ("Content-Type", f'text/{subtype}; charset="utf-8"'),
            ("MIME-Version", "1.0"),
            ("Content-Transfer-Encoding", "base64"),
        )
    )
    for subtype in ("plain", "html")
}
_BOUNDARY_DIGITS = len(repr(sys.maxsize - 1))  # as email.generator makes a boundary
_SAME_LENGTH_BOUNDARY = b"=" * 15 + b"0" * _BOUNDARY_DIGITS + b"=="
_LINE_WITHOUT_FOLD = re.compile(rb"\n(?![ \t])")  # a header's next line not indented: a header of its own


@lru_cache(maxsize=1)
def _multipart_header() -> bytes:
    """The Content-Type header of multipart/alternative as compat32 folds it (through
    ``Header``, the line being long), for a boundary of ``_SAME_LENGTH_BOUNDARY``: every
    boundary has that length and no character the folding splits at, so it folds the same."""
    value = f'multipart/alternative; boundary="{_SAME_LENGTH_BOUNDARY.decode()}"'
    return _WIRE["8bit"].fold_binary("Content-Type", value)


@lru_cache(maxsize=64)  # the service's sender
def _envelope_sender(from_value: str) -> str | None:
    """MAIL FROM as send_message takes it from a From header."""
    envelope = Message()
    envelope["From"] = from_value
    return aiosmtplib.email.extract_sender(envelope)


def wire_email(
    message: RenderedMessage, *, sender: str, to: str, notification_id: str, source_event_id: str
) -> WireEmail | None:
    """``build_email``'s message (no attachment) as aiosmtplib's ``send_message`` would put it
    on the wire, written directly: byte for byte what ``flatten`` gives (a test compares them),
    for about a fifth of the CPU, the MIME classes and the generator's walk skipped. Every
    header goes through the same policy's ``fold_binary`` as the generator's; the bodies are
    base64 lines as ``MIMEText`` writes them, so the message is ASCII and the same for an
    8bit or 7bit server. None when an address is not ASCII (aiosmtplib's SMTPUTF8 path):
    then ``build_email``.

    The boundary is the generator's kind (``=`` * 15, random digits, ``==``): it cannot occur
    in base64 lines (at most two ``=``) or in the part headers, which is what the generator
    checks for."""
    headers = _headers(message, sender=sender, to=to, notification_id=notification_id, source_event_id=source_event_id)
    # the envelope as send_message takes it from the From and To headers
    mail_from = _envelope_sender(headers[1][1])
    recipients = aiosmtplib.email.extract_addresses(to)
    if not mail_from or not recipients or not (mail_from + "".join(recipients)).isascii():
        return None
    boundary = "=" * 15 + f"{random.randrange(sys.maxsize):0{_BOUNDARY_DIGITS}d}" + "=="
    fold = _WIRE["8bit"].fold_binary
    written = [fold(name, value) for name, value in headers]
    for line in written:  # as newer generators check (verify_generated_headers)
        if _LINE_WITHOUT_FOLD.search(line, 0, len(line) - 1):
            raise HeaderParseError(f"header value appears to contain an embedded header: {line!r}")
    delimiter = f"--{boundary}\n".encode("ascii")
    out = [
        _multipart_header().replace(_SAME_LENGTH_BOUNDARY, boundary.encode("ascii")),
        fold("MIME-Version", "1.0"),
        *written,
        b"\n",
        delimiter,
        _PART_HEADERS["plain"],
        b"\n",
        base64.encodebytes(message.text.encode("utf-8")),
        b"\n",
        delimiter,
        _PART_HEADERS["html"],
        b"\n",
        base64.encodebytes(message.html.encode("utf-8")),
        f"\n--{boundary}--\n".encode("ascii"),
    ]
    data = b"".join(out)
    if not data.isascii():  # a header compat32 would write as 8bit: the general way
        return None
    return WireEmail(notification_id, mail_from, tuple(recipients), data)


class _Session(aiosmtplib.SMTP):
    """An SMTP client that knows what it carried: when it connected, how many messages it had
    accepted, and whether the message in hand reached DATA (before DATA nothing of it can
    have been accepted, so it may go again over another session)."""

    opened_at = 0.0
    accepted = 0
    reached_data = False

    async def connect(self, *args: Any, **kwargs: Any) -> Any:
        response = await super().connect(*args, **kwargs)
        self.opened_at = time.monotonic()
        return response

    async def data(self, *args: Any, **kwargs: Any) -> Any:
        self.reached_data = True
        return await super().data(*args, **kwargs)


def refused_for_good(exc: BaseException) -> bool:
    """The server refused every recipient with a permanent (5xx) reply, "550 no such user":
    trying again for a day changes nothing. A refusal of the session (a 5xx to AUTH or MAIL
    FROM: the operator's settings) or a temporary one (4xx) is retried as before."""
    if not isinstance(exc, aiosmtplib.SMTPRecipientsRefused) or not exc.recipients:
        return False
    return all(500 <= refused.code < 600 for refused in exc.recipients)


def _closing_or_gone(exc: BaseException) -> bool:
    """The server closed the session or is closing it (421): the session's state, not the
    message's."""
    if isinstance(exc, aiosmtplib.SMTPServerDisconnected | ConnectionError):
        return True
    return isinstance(exc, aiosmtplib.SMTPResponseException) and exc.code == 421


class EmailSender:
    """Sends through the configured SMTP server (or writes files when none is set), keeping up
    to ``dispatch_concurrency`` sessions open between groups of e-mails for
    ``smtp_keepalive_seconds``: a national round's groups of ten each opened their own (TCP,
    EHLO, QUIT; with STARTTLS and AUTH, a handshake per ten messages). A session carries at
    most ``MESSAGES_PER_SESSION`` messages and lives at most ``SESSION_SECONDS`` (as Postfix
    bounds its reuse: servers cap messages per connection)."""

    # A session idle longer than this is asked for a NOOP (answered within NOOP_SECONDS)
    # before it is used again: the server may have closed it meanwhile, and a message should
    # not fail for that.
    CHECK_AFTER_SECONDS = 1.0
    NOOP_SECONDS = 2.0
    MESSAGES_PER_SESSION = 100
    SESSION_SECONDS = 300.0
    QUIT_SECONDS = 2.0

    def __init__(self, settings: Settings):
        self.settings = settings
        self._local_hostname = settings.smtp_local_hostname
        self._idle: list[tuple[_Session, float]] = []  # (session, when let go), oldest first

    async def local_hostname(self) -> str:
        """The EHLO name: the setting, else this host's FQDN, looked up once (aiosmtplib
        looks it up in a thread at every connection, and a round opens thousands)."""
        if self._local_hostname is None:
            self._local_hostname = await asyncio.to_thread(socket.getfqdn)
        return self._local_hostname

    def _client(self, local_hostname: str) -> _Session:
        s = self.settings
        return _Session(
            hostname=s.smtp_host,
            local_hostname=local_hostname,
            port=s.smtp_port,
            start_tls=s.smtp_starttls,
            use_tls=s.smtp_use_tls,
            # empty is unset (compose passes an unset variable as ""): no AUTH with an empty name
            username=s.smtp_username or None,
            password=(s.smtp_password.get_secret_value() or None) if s.smtp_password else None,
            timeout=s.smtp_timeout_seconds,
        )

    def connection(self) -> SmtpConnection:
        """A connection for several messages in turn (a kept session, or one opened at the
        first message; kept again at the end if all went well, else closed)."""
        return SmtpConnection(self)

    async def _open(self, *, kept: bool = True) -> _Session:
        """A session ready for a message: the most recently kept one that still answers (unless
        ``kept`` is False), else a new one."""
        while kept and self._idle:
            client, since = self._idle.pop()
            idle = time.monotonic() - since
            if not client.is_connected or idle > self.settings.smtp_keepalive_seconds:
                client.close()
                continue
            if idle > self.CHECK_AFTER_SECONDS:
                try:
                    await client.noop(timeout=self.NOOP_SECONDS)
                except (TimeoutError, aiosmtplib.SMTPException, OSError):
                    client.close()
                    continue
                except BaseException:  # cancelled: the session's state is unknown
                    client.close()
                    raise
            return client
        client = self._client(await self.local_hostname())
        await client.connect()
        return client

    def _keepable(self, client: _Session, now: float) -> bool:
        return (
            client.is_connected
            and self.settings.smtp_keepalive_seconds > 0
            and client.accepted < self.MESSAGES_PER_SESSION
            and now - client.opened_at <= self.SESSION_SECONDS
            and len(self._idle) < max(1, self.settings.dispatch_concurrency)
        )

    async def _keep(self, client: _Session) -> None:
        """A session whose messages all went: kept for the next group, or closed (QUIT)."""
        now = time.monotonic()
        kept = []
        for c, since in self._idle:  # those idle past the keepalive go now
            if now - since > self.settings.smtp_keepalive_seconds:
                c.close()
            else:
                kept.append((c, since))
        self._idle = kept
        if self._keepable(client, now):
            self._idle.append((client, now))
            return
        await self._quit(client)

    async def _quit(self, client: aiosmtplib.SMTP) -> None:
        """QUIT, briefly; the connection is closed whatever happens (cancellation included)."""
        try:
            with contextlib.suppress(TimeoutError, aiosmtplib.SMTPException, OSError):
                await client.quit(timeout=self.QUIT_SECONDS)
        finally:
            client.close()

    async def close(self) -> None:
        """Closes the kept sessions (QUIT, all at once), at the dispatcher's end."""
        idle, self._idle = self._idle, []
        try:
            await asyncio.gather(*(self._quit(client) for client, _since in idle))
        finally:
            for client, _since in idle:
                client.close()

    def _write_file(self, mail: Message | WireEmail) -> None:
        folder: Path = self.settings.mail_folder
        folder.mkdir(parents=True, exist_ok=True)
        if isinstance(mail, WireEmail):
            notification_id, data = mail.notification_id, mail.data
        else:
            notification_id, data = mail["X-Corridor-Notification-Id"], bytes(mail)
        name = f"{utcnow():%Y%m%dT%H%M%S}-{notification_id or uuid.uuid4().hex}.eml"
        tmp = folder / (name + ".tmp")
        tmp.write_bytes(data)
        tmp.rename(folder / name)  # a reader never sees half a message


class SmtpConnection:
    """Sends messages one after another over one SMTP session.

    Opening a session (TCP, EHLO, STARTTLS, AUTH) costs more than a message; after any
    failure the session is dropped and the next message opens a fresh one, so one
    message's failure never becomes another's.
    """

    def __init__(self, sender: EmailSender):
        self.sender = sender
        self._client: _Session | None = None

    async def __aenter__(self) -> SmtpConnection:
        return self

    async def __aexit__(self, *exc) -> None:
        await self._drop(polite=exc[0] is None)

    async def send(self, mail: Message | WireEmail) -> None:
        if not self.sender.settings.smtp_host:
            await asyncio.to_thread(self.sender._write_file, mail)
            return
        try:
            if self._client is None or not self._client.is_connected:
                self._client = None
                self._client = await self.sender._open()
            try:
                await self._sent(self._client, mail)
            except (aiosmtplib.SMTPException, OSError) as exc:
                # A session that had carried messages, closed before this one reached DATA
                # (a server's cap per connection, an idle timeout): nothing of it was accepted,
                # so it goes once more over a new session instead of failing.
                if not (self._client.accepted and not self._client.reached_data and _closing_or_gone(exc)):
                    raise
                await self._drop(polite=False)
                self._client = await self.sender._open(kept=False)
                await self._sent(self._client, mail)
        except (TimeoutError, aiosmtplib.SMTPException, OSError) as exc:
            await self._drop(polite=False)
            raise DeliveryError(f"smtp: {type(exc).__name__}: {exc}", permanent=refused_for_good(exc)) from exc
        except BaseException:
            await self._drop(polite=False)  # the session's state is unknown: never reuse it
            raise

    async def _sent(self, client: _Session, mail: Message | WireEmail) -> None:
        """``_send``, counting the session's accepted messages."""
        client.reached_data = False
        await self._send(client, mail)
        client.accepted += 1

    @staticmethod
    async def _send(client: aiosmtplib.SMTP, mail: Message | WireEmail) -> None:
        """``client.send_message(mail)``: the same envelope, options and bytes (see ``flatten``
        and ``wire_email``)."""
        if isinstance(mail, WireEmail):  # ASCII throughout: no SMTPUTF8, the same bytes for 7bit
            await client._ehlo_or_helo_if_needed()
            body = ["BODY=8BITMIME"] if client.supports_extension("8BITMIME") else []
            await client.sendmail(mail.sender, list(mail.recipients), mail.data, mail_options=body)
            return
        sender = aiosmtplib.email.extract_sender(mail)
        recipients = aiosmtplib.email.extract_recipients(mail)
        if sender is None or not recipients:
            await client.send_message(mail)  # its own error for a message without addresses
            return
        await client._ehlo_or_helo_if_needed()
        options: list[str] = []
        if not (sender + "".join(recipients)).isascii():
            if not client.supports_extension("smtputf8"):
                await client.send_message(mail)  # its own refusal
                return
            options.append("SMTPUTF8")
        cte_type = "7bit"
        if client.supports_extension("8BITMIME"):
            options.append("BODY=8BITMIME")
            cte_type = "8bit"
        if "SMTPUTF8" in options:  # compat32 cannot write UTF-8 headers: as aiosmtplib does
            await client.send_message(mail, mail_options=options)
            return
        await client.sendmail(sender, recipients, flatten(mail, cte_type), mail_options=options)

    async def _drop(self, polite: bool) -> None:
        """``polite``: the session ended well, kept for the next group (``EmailSender._keep``);
        else closed at once (its state is unknown)."""
        client, self._client = self._client, None
        if client is None or not client.is_connected:
            return
        if polite:
            await self.sender._keep(client)
            return
        client.close()


@dataclass(frozen=True)
class SignedRequest:
    body: bytes
    headers: dict[str, str]


def sign_webhook(
    secrets: str | Sequence[str], message_id: str, payload: dict[str, Any], now: datetime | None = None
) -> SignedRequest:
    """Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature (v1, HMAC-SHA256).

    Several secrets (a rotation's overlap) give several signatures, space-separated; a
    receiver accepts the request when any of them verifies with its secret.
    """
    now = now or utcnow()
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    keys = [secrets] if isinstance(secrets, str) else list(secrets)
    signature = " ".join(Webhook(key).sign(message_id, now, body) for key in keys)
    return SignedRequest(
        body=body.encode(),
        headers={
            "content-type": "application/json",
            "user-agent": "Corridor-Webhooks/1.0",
            "webhook-id": message_id,
            "webhook-timestamp": str(int(now.timestamp())),
            "webhook-signature": signature,
        },
    )


@dataclass
class _HostPool:
    """The pooled connections to one host name (an httpx client; its pool keeps them per address)."""

    client: httpx.AsyncClient
    in_flight: int = 0


class WebhookSender:
    """POSTs signed webhooks, to checked addresses only (``service/targets.py``).

    Each request goes to the address the guard checked, with the URL's host as the Host
    header and TLS server name, so DNS cannot switch it after the check. Connections are kept
    alive between deliveries (a round tells a partner of thousands of applications: a TCP
    and TLS handshake each was most of a delivery's cost), in one pool per (scheme, Host
    header, TLS server name): a connection made and verified for one host name is never used
    for another, even at the same address, and one to an address the guard no longer returns
    is not used (the pool is keyed by address). One idle longer than ``KEEPALIVE_SECONDS`` is
    not used again (closed at its pool's next request), shorter than most servers' own
    keep-alive, so that a request seldom meets a connection the server is just closing (that
    delivery fails and is tried again later); the least recently used hosts' idle pools beyond
    ``MAX_HOSTS`` are closed. Redirects are never followed and proxies from the
    environment are ignored. What a partner reads of a failure is "refused", the HTTP status,
    or the transport error's class and message without the socket's addresses
    (``transport_reason``); the addresses go to the log.
    """

    KEEPALIVE_SECONDS = 1.0
    KEEPALIVE_CONNECTIONS = 8  # idle ones kept per host and address
    MAX_HOSTS = 64

    def __init__(
        self, settings: Settings, *, guard: TargetGuard | None = None, transport: httpx.AsyncBaseTransport | None = None
    ):
        self.settings = settings
        self.guard = guard or TargetGuard(settings.webhook_policy, timeout=settings.webhook_resolve_timeout_seconds)
        self._transport = transport
        self._tls = httpx.create_ssl_context(trust_env=False)  # one CA store for every pool (each checks its host)
        self._pools: dict[tuple[str, str, str | None], _HostPool] = {}  # oldest use first

    def _pool(self, key: tuple[str, str, str | None]) -> _HostPool:
        pool = self._pools.pop(key, None)
        if pool is None:
            pool = _HostPool(
                httpx.AsyncClient(
                    timeout=self.settings.webhook_timeout_seconds,
                    follow_redirects=False,
                    trust_env=False,
                    limits=httpx.Limits(
                        max_keepalive_connections=self.KEEPALIVE_CONNECTIONS, keepalive_expiry=self.KEEPALIVE_SECONDS
                    ),
                    verify=self._tls,
                    transport=self._transport,
                )
            )
        self._pools[key] = pool  # now the most recently used
        return pool

    async def _close_unused(self) -> None:
        """Beyond ``MAX_HOSTS``, the pools of the least recently used hosts with nothing in flight."""
        while len(self._pools) > self.MAX_HOSTS:
            key = next((k for k, p in self._pools.items() if not p.in_flight), None)
            if key is None:
                return
            pool = self._pools.pop(key)  # out before the await: no other task takes it or closes it again
            with contextlib.suppress(Exception):  # closing another host's pool must not fail this delivery
                await pool.client.aclose()

    async def send(self, url: str, request: SignedRequest) -> int:
        try:
            checked = await self.guard.check(url)
        except Refusal as exc:
            log.warning("webhook to %s refused: %s (%s)", url, exc.reason, exc.code)
            raise DeliveryError(REFUSED) from exc
        target = checked.target
        address = str(checked.address)
        extensions = {}
        sni = None
        if target.scheme == "https" and target.ip is None:
            sni = extensions["sni_hostname"] = target.host  # TLS: the name's certificate, at the checked address
        pool = self._pool((target.scheme, target.host_header, sni))
        pool.in_flight += 1
        try:
            response = await pool.client.post(
                httpx.URL(target.url).copy_with(host=address),
                content=request.body,
                headers={**request.headers, "host": target.host_header},
                extensions=extensions,
            )
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            # the dispatcher logs the failure with its subscription; the address tried is detail
            log.debug("webhook to %s (%s) failed: %s: %s", url, address, type(exc).__name__, exc)
            raise DeliveryError(transport_reason(exc)) from exc
        finally:
            pool.in_flight -= 1
            await self._close_unused()
        if not 200 <= response.status_code < 300:
            raise DeliveryError(f"{FAILED}: HTTP {response.status_code}", status_code=response.status_code)
        return response.status_code

    async def close(self) -> None:
        pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            await pool.client.aclose()
