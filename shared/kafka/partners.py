"""A partner institution's own Kafka topic: a third way to subscribe, beside webhooks and the feed.

The notifications service writes each institution's partner events (the same minimised
payload as its webhooks and feed, ``message_id`` for de-duplication) to
``corridor.partner.<institution>.v1``, when that topic exists. An operator grants a partner
access with one command, as Kafka's super user:

    python -m shared.kafka.partners grant INSTITUTION_ID [--bootstrap H:P]

which creates the topic, a SCRAM-SHA-512 principal ``partner-<institution>`` with a new
random password (printed once; running it again rotates the password: new log-ins need it,
and open connections on the partners' TLS listener must log in again within its
``connections.max.reauth.ms``),
and ACLs that let that principal READ and DESCRIBE its topic and its consumer groups
(``partner-<institution>`` or names starting ``partner-<institution>/``), and nothing else.
``revoke`` deletes its ACLs, which cuts off even open connections at once, then its credentials.

The services never hold the power to create users or ACLs: only this operator command does.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import re
import secrets
import sys
from dataclasses import dataclass
from typing import Any, TypeAlias

from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.protocol.api import Request, RequestStruct, Response
from aiokafka.protocol.types import (
    CompactArray,
    CompactBytes,
    CompactString,
    Int8,
    Int16,
    Int32,
    Schema,
    TaggedFields,
)

from shared.kafka.acls import (
    DESCRIBE,
    GROUP,
    LITERAL,
    PREFIXED,
    READ,
    TOPIC,
    Acl,
    create_acls,
    delete_acls_of,
    new_password,
)
from shared.kafka.admin import ensure_topics
from shared.kafka.security import KafkaSecurity, client_options

PARTNER_TOPIC_PREFIX = "corridor.partner."
_INSTITUTION = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")  # the catalog's ids
SCRAM_SHA_512 = 2  # Kafka's ScramMechanism code
ITERATIONS = 8192  # Kafka asks at least 4096 for SCRAM-SHA-512


def partner_topic(institution_id: str) -> str:
    """The institution's topic; ids that could not name a topic (or another's) are refused."""
    if not _INSTITUTION.match(institution_id):
        raise ValueError(f"institution id {institution_id!r} cannot name a Kafka topic ([a-z0-9._-], at most 64)")
    return f"{PARTNER_TOPIC_PREFIX}{institution_id}.v1"


def partner_user(institution_id: str) -> str:
    partner_topic(institution_id)  # the same check
    return f"partner-{institution_id}"


def partner_groups(institution_id: str) -> tuple[str, str]:
    """Its consumer groups: ``partner-<id>`` itself, and names starting ``partner-<id>/`` (a
    character no institution id has, so partner ``mit`` cannot join ``partner-mit2``'s groups)."""
    user = partner_user(institution_id)
    return user, f"{user}/"


def partner_acls(institution_id: str) -> set[Acl]:
    """Read its own topic and use its own consumer groups: nothing else."""
    user, topic = f"User:{partner_user(institution_id)}", partner_topic(institution_id)
    exact, prefix = partner_groups(institution_id)
    acls = {Acl(user, TOPIC, topic, LITERAL, op) for op in (READ, DESCRIBE)}
    acls |= {Acl(user, GROUP, exact, LITERAL, op) for op in (READ, DESCRIBE)}
    acls |= {Acl(user, GROUP, prefix, PREFIXED, op) for op in (READ, DESCRIBE)}
    return acls


# --- AlterUserScramCredentials (KIP-554): aiokafka has no request for it, its protocol module has the types


class _AlterScramResponse_v0(Response):
    API_KEY = 51
    API_VERSION = 0
    SCHEMA = Schema(
        ("throttle_time_ms", Int32),
        (
            "results",
            CompactArray(
                ("user", CompactString("utf-8")),
                ("error_code", Int16),
                ("error_message", CompactString("utf-8")),
                ("tags", TaggedFields),
            ),
        ),
        ("tags", TaggedFields),
    )


class _AlterScramRequest_v0(RequestStruct):
    FLEXIBLE_VERSION = True
    API_KEY = 51
    API_VERSION = 0
    RESPONSE_TYPE = _AlterScramResponse_v0
    SCHEMA = Schema(
        ("deletions", CompactArray(("name", CompactString("utf-8")), ("mechanism", Int8), ("tags", TaggedFields))),
        (
            "upsertions",
            CompactArray(
                ("name", CompactString("utf-8")),
                ("mechanism", Int8),
                ("iterations", Int32),
                ("salt", CompactBytes),
                ("salted_password", CompactBytes),
                ("tags", TaggedFields),
            ),
        ),
        ("tags", TaggedFields),
    )


_AlterScramStruct: TypeAlias = _AlterScramRequest_v0


class AlterScramCredentials(Request[_AlterScramStruct]):
    API_KEY = 51

    def __init__(self, upsert: dict[str, str] | None = None, delete: list[str] | None = None):
        self._upsert = upsert or {}
        self._delete = delete or []

    def build(self, request_struct_class: type[_AlterScramStruct]) -> _AlterScramStruct:
        upsertions: list[tuple[str, int, int, bytes, bytes, dict]] = []
        for name, password in self._upsert.items():
            salt = secrets.token_bytes(32)
            salted = hashlib.pbkdf2_hmac("sha512", password.encode(), salt, ITERATIONS)
            upsertions.append((name, SCRAM_SHA_512, ITERATIONS, salt, salted, {}))
        deletions: list[tuple[str, int, dict]] = [(name, SCRAM_SHA_512, {}) for name in self._delete]
        return request_struct_class(deletions, upsertions, {})


async def _alter_scram(admin: AIOKafkaAdminClient, request: AlterScramCredentials) -> None:
    # SCRAM credentials are changed through the controller; any broker forwards the request.
    response: Any = await admin._client.send(admin._client.get_random_node(), request)
    errors = [(user, code, msg) for user, code, msg, _tags in response.results if code]
    if errors:
        raise RuntimeError(f"AlterUserScramCredentials refused: {errors}")


@dataclass(frozen=True)
class PartnerAccess:
    institution_id: str
    user: str
    password: str
    topic: str
    group_prefix: str


async def grant(
    bootstrap: str,
    institution_id: str,
    *,
    security: KafkaSecurity | None = None,
    partitions: int = 3,
    replication: int = 1,
    min_insync_replicas: int | None = None,
) -> PartnerAccess:
    """Create the topic, a new password for the partner's principal, and its ACLs (as a super user)."""
    topic, user = partner_topic(institution_id), partner_user(institution_id)
    await ensure_topics(
        bootstrap, [topic], partitions, replication, min_insync_replicas, security=security, dead_letters=False
    )
    password = new_password()
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=15000, **client_options(security))
    await admin.start()
    try:
        await _alter_scram(admin, AlterScramCredentials(upsert={user: password}))
    finally:
        await admin.close()
    await create_acls(bootstrap, partner_acls(institution_id), security=security)
    return PartnerAccess(institution_id, user, password, topic, partner_groups(institution_id)[1])


async def revoke(bootstrap: str, institution_id: str, *, security: KafkaSecurity | None = None) -> None:
    """End the partner's access at once: its ACLs go first (checked on every request, so an
    open connection reads nothing more), then its credentials (no new log-in)."""
    await delete_acls_of(bootstrap, f"User:{partner_user(institution_id)}", security=security)
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=15000, **client_options(security))
    await admin.start()
    try:
        await _alter_scram(admin, AlterScramCredentials(delete=[partner_user(institution_id)]))
    finally:
        await admin.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.kafka.partners", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("grant", "revoke"):
        cmd = sub.add_parser(name)
        cmd.add_argument("institution_id")
        cmd.add_argument("--bootstrap", default=os.environ.get("CORRIDOR_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"))
        if name == "grant":
            cmd.add_argument("--partitions", type=int, default=int(os.environ.get("CORRIDOR_TOPIC_PARTITIONS", "3")))
            cmd.add_argument(
                "--replication", type=int, default=int(os.environ.get("CORRIDOR_TOPIC_REPLICATION_FACTOR", "1"))
            )
            min_isr = os.environ.get("CORRIDOR_MIN_INSYNC_REPLICAS")
            cmd.add_argument("--min-insync-replicas", type=int, default=int(min_isr) if min_isr else None)
    args = parser.parse_args(argv)
    if args.command == "grant":
        access = asyncio.run(
            grant(
                args.bootstrap,
                args.institution_id,
                partitions=args.partitions,
                replication=args.replication,
                min_insync_replicas=args.min_insync_replicas,
            )
        )
        print(f"bootstrap:     {args.bootstrap}")
        print("mechanism:     SCRAM-SHA-512")
        print(f"user:          {access.user}")
        print(f"password:      {access.password}   (shown once; grant again to rotate)")
        print(f"topic:         {access.topic}")
        print(f"groups:        {access.user}, or names starting {access.group_prefix}")
    else:
        asyncio.run(revoke(args.bootstrap, args.institution_id))
        print(f"{partner_user(args.institution_id)}: credentials removed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
