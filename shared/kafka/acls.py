"""Who may do what on Kafka: one principal per service, its ACLs derived from one table.

``SERVICE_TOPICS`` says which topics each service produces and consumes; every ACL follows
from it (a new topic or consumer needs one line here, never a shell edit):

- each declared topic (produced or consumed) and its ``.dlq`` twin: DESCRIBE and CREATE
  (the service creates its topics at start-up, ``shared.kafka.admin.ensure_topics``);
- each produced topic: WRITE (WRITE on a topic is also what Kafka >= 2.8 asks of an
  idempotent producer's InitProducerId; no cluster IDEMPOTENT_WRITE is needed);
- each consumed topic: READ, and WRITE on its ``.dlq`` (poison is dead-lettered there);
- consumer groups whose id starts with the service name (PREFIXED): READ and DESCRIBE. The
  runtime's groups are ``<consumer_group>.<consumer>`` and ``consumer_group`` defaults to the
  service name, so a configured group must keep that prefix.

``admin`` is a super user (the broker's own inter-broker login, scripts, tools, tests).

    python -m shared.kafka.acls show                      # the ACLs, one per line
    python -m shared.kafka.acls apply --bootstrap H:P     # create them (as CORRIDOR_KAFKA_* = admin)
    python -m shared.kafka.acls credentials FILE          # make FILE (name=password per principal) if missing
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.protocol.admin import (
    CreateAclsRequest,
    CreateAclsRequest_v1,
    CreateAclsRequestStruct,
    DeleteAclsRequest,
    DescribeAclsRequest,
)

from shared.events.catalog import Topics
from shared.kafka.security import KafkaSecurity, client_options

ADMIN = "admin"


@dataclass(frozen=True)
class TopicAccess:
    produces: tuple[Topics, ...]
    consumes: tuple[Topics, ...]
    # Topic name prefixes the service writes to (WRITE and DESCRIBE, never CREATE): the
    # partners' own topics, which an operator creates (shared.kafka.partners).
    produces_prefixed: tuple[str, ...] = ()

    @property
    def declared(self) -> tuple[Topics, ...]:
        return tuple(dict.fromkeys((*self.produces, *self.consumes)))


# Which service produces and consumes which topic (every service also reads the
# applications topic for account.tokens_revoked, shared.revocation).
SERVICE_TOPICS: dict[str, TopicAccess] = {
    "applications": TopicAccess(
        produces=(Topics.APPLICATIONS,),
        consumes=(Topics.APPLICATIONS, Topics.CATALOG, Topics.MATCHING),
    ),
    "matching": TopicAccess(
        produces=(Topics.CATALOG, Topics.MATCHING),
        consumes=(Topics.APPLICATIONS,),
    ),
    "notifications": TopicAccess(
        produces=(Topics.NOTIFICATIONS,),
        consumes=(Topics.APPLICATIONS, Topics.CATALOG, Topics.MATCHING),
        produces_prefixed=("corridor.partner.",),  # shared.kafka.partners.PARTNER_TOPIC_PREFIX
    ),
}
PRINCIPALS = (ADMIN, *SERVICE_TOPICS)

# Kafka's wire codes (org.apache.kafka.common.resource / acl).
TOPIC, GROUP = 2, 3
LITERAL, PREFIXED = 3, 4
READ, WRITE, CREATE, DESCRIBE = 3, 4, 5, 8
ALLOW = 3
_RESOURCES = {TOPIC: "topic", GROUP: "group"}
_PATTERNS = {LITERAL: "literal", PREFIXED: "prefixed"}
_OPERATIONS = {READ: "READ", WRITE: "WRITE", CREATE: "CREATE", DESCRIBE: "DESCRIBE"}


@dataclass(frozen=True, order=True)
class Acl:
    principal: str  # "User:<name>"
    resource_type: int
    name: str
    pattern: int
    operation: int

    def __str__(self) -> str:
        return (
            f"{self.principal} ALLOW {_OPERATIONS.get(self.operation, self.operation)} on "
            f"{_RESOURCES.get(self.resource_type, self.resource_type)} {self.name} "
            f"({_PATTERNS.get(self.pattern, self.pattern)})"
        )


def service_acls(service: str, access: TopicAccess) -> set[Acl]:
    user = f"User:{service}"
    acls: set[Acl] = set()

    def topic(name: str, *ops: int) -> None:
        acls.update(Acl(user, TOPIC, name, LITERAL, op) for op in ops)

    for t in access.declared:
        topic(t.value, DESCRIBE, CREATE)
        topic(t.dlq, DESCRIBE, CREATE)
    for t in access.produces:
        topic(t.value, WRITE)
    for t in access.consumes:
        topic(t.value, READ)
        topic(t.dlq, WRITE)
    acls.update(Acl(user, TOPIC, p, PREFIXED, op) for p in access.produces_prefixed for op in (WRITE, DESCRIBE))
    acls.update(Acl(user, GROUP, service, PREFIXED, op) for op in (READ, DESCRIBE))
    return acls


def all_acls(table: dict[str, TopicAccess] | None = None) -> list[Acl]:
    table = SERVICE_TOPICS if table is None else table
    return sorted(acl for service, access in table.items() for acl in service_acls(service, access))


# ----------------------------------------------------------------------------- applying

_HOST = "*"


class _CreateAcls(CreateAclsRequest):
    """aiokafka's CreateAcls carries one ACL per request: this one carries them all (one round trip)."""

    def __init__(self, acls: Iterable[Acl]):
        self._acls = list(acls)

    def build(self, request_struct_class: type[CreateAclsRequestStruct]) -> CreateAclsRequestStruct:
        if request_struct_class is not CreateAclsRequest_v1:
            raise RuntimeError("the broker does not accept CreateAcls v1 (prefixed ACLs need Kafka >= 2.0)")
        return request_struct_class(
            [(a.resource_type, a.name, a.pattern, a.principal, _HOST, a.operation, ALLOW) for a in self._acls]
        )


async def _described(admin: AIOKafkaAdminClient) -> set[Acl]:
    ANY = 1  # resource type, pattern type, operation and permission: any
    request = DescribeAclsRequest(ANY, None, ANY, None, None, ANY, ANY)  # None: any name, principal, host
    response = await admin._client.send(admin._client.get_random_node(), request)
    if response.error_code:
        raise RuntimeError(f"DescribeAcls failed: {response.error_code} {response.error_message}")
    return {
        Acl(principal, rtype, name, pattern, op)
        for rtype, name, pattern, entries in response.resources
        for principal, _host, op, permission in entries
        if permission == ALLOW
    }


async def apply_acls(bootstrap: str, security: KafkaSecurity | None = None, timeout: float = 30.0) -> list[Acl]:
    """Create the ACLs (as a super user); returns them once the broker enforces them all.

    Creating an ACL that exists changes nothing, so this runs on every start. ACLs go through
    the KRaft controller: the broker applies them a moment later, hence the wait."""
    wanted = all_acls()
    await create_acls(bootstrap, wanted, security=security, timeout=timeout)
    return wanted


async def create_acls(
    bootstrap: str, wanted: Iterable[Acl], *, security: KafkaSecurity | None = None, timeout: float = 30.0
) -> None:
    """Create ``wanted`` (as a super user) and wait until the broker enforces them all."""
    wanted = list(wanted)
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=15000, **client_options(security))
    await admin.start()
    deadline = asyncio.get_running_loop().time() + timeout
    try:
        # A cluster just started may answer metadata before any broker has registered (no node
        # to send to yet: "node id None"); ask again until one has.
        while (node := admin._client.get_random_node()) is None:
            if asyncio.get_running_loop().time() > deadline:
                raise RuntimeError(f"no broker known at {bootstrap} after {timeout}s")
            await asyncio.sleep(0.2)
            await admin._client.force_metadata_update()
        # aiokafka's admin client has no create_acls; its protocol module has the request.
        response = await admin._client.send(node, _CreateAcls(wanted))
        errors = [(code, msg) for code, msg in response.creation_responses if code]
        if errors:
            raise RuntimeError(f"CreateAcls refused: {errors[:3]}")
        while missing := set(wanted) - await _described(admin):
            if asyncio.get_running_loop().time() > deadline:
                raise RuntimeError(f"{len(missing)} ACLs not in force after {timeout}s, e.g. {min(missing)}")
            await asyncio.sleep(0.1)
    finally:
        await admin.close()


async def delete_acls_of(
    bootstrap: str, principal: str, *, security: KafkaSecurity | None = None, timeout: float = 30.0
) -> None:
    """Delete every ACL of ``principal`` ("User:<name>") and wait until none is in force.
    ACLs are checked on every request, so this cuts off even its open connections at once."""
    ANY = 1  # resource type, pattern type, operation and permission: any
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=15000, **client_options(security))
    await admin.start()
    try:
        request = DeleteAclsRequest(ANY, None, ANY, principal, None, ANY, ANY)
        response: Any = await admin._client.send(admin._client.get_random_node(), request)
        errors = [(code, msg) for code, msg, _matching in response.filter_responses if code]
        if errors:
            raise RuntimeError(f"DeleteAcls refused: {errors}")
        deadline = asyncio.get_running_loop().time() + timeout
        while any(acl.principal == principal for acl in await _described(admin)):
            if asyncio.get_running_loop().time() > deadline:
                raise RuntimeError(f"ACLs of {principal} still in force after {timeout}s")
            await asyncio.sleep(0.1)
    finally:
        await admin.close()


# ----------------------------------------------------------------------------- credentials


def new_password() -> str:
    # url-safe: fits a JAAS string and a shell word without quoting trouble.
    return secrets.token_urlsafe(32)


def read_credentials(path: Path) -> dict[str, str]:
    creds: dict[str, str] = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, password = line.strip().partition("=")
            creds[name] = password
    return creds


def ensure_credentials(path: Path) -> dict[str, str]:
    """``path`` (name=password, one per principal, mode 0600): read, completed with a random
    password for any principal it lacks, written back if it changed."""
    creds = read_credentials(path) if path.exists() else {}
    missing = [name for name in PRINCIPALS if len(creds.get(name, "")) < 16]
    if missing or not path.exists():
        creds |= {name: new_password() for name in missing}
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write("# Kafka SCRAM-SHA-512 principals of this checkout (kafka.sh start --users)\n")
            f.writelines(f"{name}={creds[name]}\n" for name in PRINCIPALS)
    os.chmod(path, 0o600)
    return creds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.kafka.acls", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("show", help="print the ACLs")
    apply = sub.add_parser("apply", help="create the ACLs (CORRIDOR_KAFKA_* must name a super user)")
    apply.add_argument("--bootstrap", default=os.environ.get("CORRIDOR_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"))
    creds = sub.add_parser("credentials", help="make a credentials file for kafka.sh start --users")
    creds.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    if args.command == "show":
        for acl in all_acls():
            print(acl)
    elif args.command == "apply":
        acls = asyncio.run(apply_acls(args.bootstrap))
        print(f"{len(acls)} ACLs in force for {', '.join(SERVICE_TOPICS)}")
    else:
        ensure_credentials(args.file)
        print(args.file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
