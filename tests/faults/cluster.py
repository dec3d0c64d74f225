"""The three-node Kafka cluster (deploy/kafka/cluster.sh) and a real SMTP server for the fault suite."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from shared.kafka.acls import apply_acls, ensure_credentials, read_credentials
from shared.kafka.security import SASL_PLAINTEXT, KafkaSecurity
from tests.support.infra import ROOT, USERS_ENV, free_port, run_coroutine

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
        """Fresh, authenticated (SASL/SCRAM, the ACLs of shared.kafka.acls) like the single broker:
        the services log in as themselves (service_env), this process as admin."""
        ports = ",".join(str(free_port()) for _ in range(3))
        cports = ",".join(str(free_port()) for _ in range(3))
        users = self.base.parent / f"{self.base.name}-users"
        ensure_credentials(users)
        out = self.run(
            "start",
            "--ports",
            ports,
            "--controller-ports",
            cports,
            "--watch-pid",
            str(os.getpid()),
            "--users",
            str(users),
        )
        self.bootstrap = out.strip().splitlines()[-1]
        admin = KafkaSecurity(SASL_PLAINTEXT, "admin", read_credentials(users)["admin"])
        run_coroutine(apply_acls(self.bootstrap, admin))
        os.environ.update(admin.as_env())
        os.environ[USERS_ENV] = str(users)

    def stop(self) -> None:
        self.run("stop")

    def resume(self) -> None:
        self.run("resume", "--watch-pid", str(os.getpid()))

    def kill_node(self, n: int) -> None:
        self.run("kill-node", str(n))

    def start_node(self, n: int) -> None:
        self.run("start-node", str(n), "--watch-pid", str(os.getpid()))
