"""Who a Kafka client is: the one place that turns settings into aiokafka's security options.

The broker asks every client to authenticate with SASL/SCRAM-SHA-512 (``SASL_PLAINTEXT`` on
loopback, ``SASL_SSL`` with the broker's CA elsewhere) and authorises it with ACLs
(``shared.kafka.acls``). Every AIOKafka client in the system is built with
``client_options(security)``: a service passes the ``KafkaSecurity`` of its own settings;
tools, benchmarks and test helpers that pass none get ``KafkaSecurity.from_env()`` (the
``CORRIDOR_KAFKA_*`` variables).
"""

from __future__ import annotations

import os
import ssl
from dataclasses import dataclass
from typing import Any

PLAINTEXT = "PLAINTEXT"
SASL_PLAINTEXT = "SASL_PLAINTEXT"
SASL_SSL = "SASL_SSL"
PROTOCOLS = (PLAINTEXT, SASL_PLAINTEXT, SASL_SSL)
MECHANISM = "SCRAM-SHA-512"


@dataclass(frozen=True)
class KafkaSecurity:
    """The credentials and transport of one Kafka principal (``repr`` hides the password)."""

    protocol: str = PLAINTEXT
    username: str | None = None
    password: str | None = None
    cafile: str | None = None

    def __post_init__(self) -> None:
        if self.protocol not in PROTOCOLS:
            raise ValueError(f"Kafka security protocol {self.protocol!r} is not one of {', '.join(PROTOCOLS)}")
        if self.protocol != PLAINTEXT and not (self.username and self.password):
            raise ValueError(f"Kafka security protocol {self.protocol} needs a username and a password")

    def __repr__(self) -> str:
        return f"KafkaSecurity(protocol={self.protocol!r}, username={self.username!r}, cafile={self.cafile!r})"

    @property
    def authenticated(self) -> bool:
        return self.protocol != PLAINTEXT

    @classmethod
    def resolve(
        cls, protocol: str | None, username: str | None, password: str | None, cafile: str | None = None
    ) -> KafkaSecurity:
        """Unset protocol: SASL_SSL with a CA file, SASL_PLAINTEXT with a username, else PLAINTEXT."""
        if not protocol:
            protocol = (SASL_SSL if cafile else SASL_PLAINTEXT) if username else PLAINTEXT
        return cls(protocol=protocol.upper(), username=username or None, password=password or None, cafile=cafile)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> KafkaSecurity:
        """The ``CORRIDOR_KAFKA_*`` variables (tools, benchmarks, test helpers)."""
        env = os.environ if environ is None else environ
        return cls.resolve(
            env.get("CORRIDOR_KAFKA_SECURITY_PROTOCOL"),
            env.get("CORRIDOR_KAFKA_USERNAME"),
            env.get("CORRIDOR_KAFKA_PASSWORD"),
            env.get("CORRIDOR_KAFKA_CA_FILE") or None,
        )

    def as_env(self) -> dict[str, str]:
        """The variables ``from_env`` reads (to hand this principal to a child process)."""
        env = {"CORRIDOR_KAFKA_SECURITY_PROTOCOL": self.protocol}
        if self.username and self.password:
            env |= {"CORRIDOR_KAFKA_USERNAME": self.username, "CORRIDOR_KAFKA_PASSWORD": self.password}
        if self.cafile:
            env["CORRIDOR_KAFKA_CA_FILE"] = self.cafile
        return env


def client_options(security: KafkaSecurity | None = None) -> dict[str, Any]:
    """Keyword arguments for AIOKafkaProducer, AIOKafkaConsumer and AIOKafkaAdminClient."""
    sec = security if security is not None else KafkaSecurity.from_env()
    if not sec.authenticated:
        return {"security_protocol": PLAINTEXT}
    options: dict[str, Any] = {
        "security_protocol": sec.protocol,
        "sasl_mechanism": MECHANISM,
        "sasl_plain_username": sec.username,
        "sasl_plain_password": sec.password,
    }
    if sec.protocol == SASL_SSL:
        # Verifies the broker's certificate and host name against the CA (the system's when unset).
        options["ssl_context"] = ssl.create_default_context(cafile=sec.cafile)
    return options
