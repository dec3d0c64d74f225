"""The three-node Kafka cluster (deploy/kafka/cluster.sh) and a real SMTP server for the fault suite."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

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
