"""The three-node Kafka cluster (deploy/kafka/cluster.sh) and a real SMTP server for the fault suite."""

from __future__ import annotations

import email
import os
import subprocess
import threading
from dataclasses import dataclass, field
from email.policy import default as default_policy
from pathlib import Path

from aiosmtpd.controller import Controller

from tests.support.infra import ROOT, free_port

CLUSTER_SH = ROOT / "deploy" / "kafka" / "cluster.sh"


@dataclass
class KafkaCluster:
    base: Path
    bootstrap: str = ""

    def run(self, *args: str, timeout: float = 240) -> str:
        out = subprocess.run(
            ["bash", str(CLUSTER_SH), *args, "--base-dir", str(self.base)],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=ROOT,
        )
        if out.returncode != 0:
            raise RuntimeError(f"cluster.sh {' '.join(args)} failed:\n{out.stdout}\n{out.stderr}")
        return out.stdout

    def start(self) -> None:
        ports = ",".join(str(free_port()) for _ in range(3))
        cports = ",".join(str(free_port()) for _ in range(3))
        out = self.run("start", "--ports", ports, "--controller-ports", cports, "--watch-pid", str(os.getpid()))
        self.bootstrap = out.strip().splitlines()[-1]

    def stop(self) -> None:
        self.run("stop")

    def resume(self) -> None:
        self.run("resume", "--watch-pid", str(os.getpid()))

    def kill_node(self, n: int) -> None:
        self.run("kill-node", str(n))

    def start_node(self, n: int) -> None:
        self.run("start-node", str(n), "--watch-pid", str(os.getpid()))


@dataclass
class Mail:
    to: str
    event_id: str
    notification_id: str
    subject: str


@dataclass
class MailSink:
    """aiosmtpd collecting every message it is given (a real SMTP conversation)."""

    port: int = field(default_factory=free_port)
    messages: list[Mail] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _controller: Controller | None = None

    async def handle_DATA(self, _server, _session, envelope):  # aiosmtpd handler hook
        msg = email.message_from_bytes(envelope.content, policy=default_policy)
        with self._lock:
            self.messages.append(
                Mail(
                    to=",".join(envelope.rcpt_tos),
                    event_id=str(msg.get("X-Corridor-Event-Id", "")),
                    notification_id=str(msg.get("X-Corridor-Notification-Id", "")),
                    subject=str(msg.get("Subject", "")),
                )
            )
        return "250 Message accepted for delivery"

    def start(self) -> None:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()

    def by_event(self) -> dict[str, int]:
        with self._lock:
            counts: dict[str, int] = {}
            for m in self.messages:
                counts[m.event_id] = counts.get(m.event_id, 0) + 1
            return counts
