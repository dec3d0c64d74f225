"""A real SMTP server on loopback (aiosmtpd) that keeps every message it is given."""

from __future__ import annotations

import threading
from collections import defaultdict
from email import message_from_bytes, policy
from email.message import EmailMessage
from urllib.parse import parse_qs, urlsplit

from aiosmtpd.controller import Controller

from tests.support.infra import free_port, wait_for


class _Collect:
    def __init__(self, sink: MailSink):
        self.sink = sink

    async def handle_DATA(self, _server, _session, envelope):  # aiosmtpd's handler hook
        mail = message_from_bytes(envelope.content, policy=policy.default)
        with self.sink.lock:
            for rcpt in envelope.rcpt_tos:
                self.sink.messages[rcpt.lower()].append(mail)
        return "250 Message accepted for delivery"


class MailSink:
    """Messages by recipient; ``by_event`` counts them by the X-Corridor-Event-Id header."""

    def __init__(self, port: int | None = None):
        self.messages: dict[str, list[EmailMessage]] = defaultdict(list)
        self.lock = threading.Lock()
        self.port = port or free_port()
        self.controller = Controller(_Collect(self), hostname="127.0.0.1", port=self.port)

    def start(self) -> MailSink:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def to(self, address: str) -> list[EmailMessage]:
        with self.lock:
            return list(self.messages.get(address.lower(), []))

    def all(self) -> list[EmailMessage]:
        with self.lock:
            return [m for mails in self.messages.values() for m in mails]

    def message_ids_by_event(self) -> dict[str, list[str]]:
        """Per source event, the Message-ID of each message received (a resend repeats one)."""
        ids: dict[str, list[str]] = {}
        for mail in self.all():
            ids.setdefault(str(mail.get("X-Corridor-Event-Id", "")), []).append(str(mail.get("Message-ID", "")))
        return ids

    async def wait_to(self, address: str, n: int = 1, timeout: float = 40):
        async def got():
            msgs = self.to(address)
            return msgs if len(msgs) >= n else None

        return await wait_for(got, timeout=timeout, what=f"{n} e-mail(s) to {address}")


def parts(mail: EmailMessage) -> tuple[str, str]:
    """(plain text, html) of a multipart/alternative message."""
    return mail.get_body(("plain",)).get_content(), mail.get_body(("html",)).get_content()


def link_token(link: str) -> str:
    """The token of a link an account notice carries (``…?token=…&lang=…``)."""
    return parse_qs(urlsplit(link).query)["token"][0]
