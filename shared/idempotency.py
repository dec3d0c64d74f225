"""Idempotency-Key support for non-repeatable POSTs, usable by any service.

A client that may retry a request sends ``Idempotency-Key: <unique string>``. The first
request with a key runs; its answer (status and body) is stored in ``idempotency_keys``
in the SAME transaction as the state change and the outbox rows it stages. A retry with
the same key and the same request gets the stored answer back and changes nothing (so no
second event); the same key with a different request is refused with 422.

The key is reserved by inserting its row first, inside the transaction: a concurrent
retry blocks on that row (PostgreSQL) or on the write lock (SQLite) until the first
commits, then finds it and replays; if the first rolls back (a refused request) nothing
is stored and the retry runs afresh.

Answers are kept for ``<PREFIX>_IDEMPOTENCY_RETENTION_HOURS`` (24 h by default); each
service's housekeeping task deletes older ones (``purge_expired``).

    key: str | None = Depends(idempotency_key)
    async with db.session() as session, session.begin():
        return await run_idempotent(
            request, session, tables, principal=principal.sub, key=key,
            status_code=200, produce=lambda: do_the_work(session),
        )

``produce`` may instead return ``Answer(content, writes=[...])``: its Core write statements
then run together with the one that stores the answer, as one statement on PostgreSQL
(data-modifying CTEs), one after another elsewhere.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import UpdateBase

from shared.clock import utcnow
from shared.errors import Invalid
from shared.tables import InfraTables

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
_KEY_PATTERN = re.compile(r"^[\x21-\x7e]{1,200}$")  # visible ASCII, as the draft standard suggests
_PENDING = 0  # status_code of a reserved key whose request is still running (never committed)


async def idempotency_key(
    key: str | None = Header(
        default=None,
        alias=HEADER,
        description="A unique string per logical request; a retry with the same key returns the first answer. "
        "Answers are remembered for the service's retention (24 hours unless configured otherwise).",
    ),
) -> str | None:
    """FastAPI dependency: the validated Idempotency-Key header, or None."""
    if key is None:
        return None
    if not _KEY_PATTERN.match(key):
        raise Invalid("idempotency.invalid_key", "must be 1-200 visible ASCII characters without spaces", HEADER)
    return key


IdempotencyKey = Annotated[str | None, Depends(idempotency_key)]


async def request_fingerprint(request: Request) -> str:
    """SHA-256 of what makes two requests "the same": method, path, query and body."""
    digest = hashlib.sha256()
    digest.update(request.method.encode())
    digest.update(b"\0" + request.url.path.encode())
    digest.update(b"\0" + request.url.query.encode())
    digest.update(b"\0" + await request.body())
    return digest.hexdigest()


@dataclass(frozen=True)
class Once:
    """A request's Idempotency-Key, for a service that opens its own transaction: it
    ``reserve``s the key first in it and ``complete``s it with the answer before the commit."""

    principal: str
    key: str
    fingerprint: str

    @classmethod
    async def of(cls, request: Request, principal: str, key: str | None) -> Once | None:
        return None if key is None else cls(principal, key, await request_fingerprint(request))


@dataclass(frozen=True)
class StoredAnswer:
    status_code: int
    body: bytes
    content_type: str

    def response(self) -> Response:
        return Response(
            content=self.body,
            status_code=self.status_code,
            media_type=self.content_type,
            headers={REPLAYED_HEADER: "true"},
        )


_statements: dict[tuple, Any] = {}  # built once per table (and dialect): no per-request construction


def _reserve_statement(table, dialect: str):
    cache_key = ("reserve", id(table), dialect)
    if cache_key not in _statements:
        upsert = pg_insert if dialect == "postgresql" else sqlite_insert
        _statements[cache_key] = (table, upsert(table).on_conflict_do_nothing())
    return _statements[cache_key][1]


def _completion_statement(table):
    cache_key = ("complete", id(table))
    if cache_key not in _statements:
        c = table.c
        _statements[cache_key] = (
            table,
            update(table)
            .where(
                c.principal == bindparam("idempotency_principal"),
                c.key == bindparam("idempotency_key"),
            )
            .values(
                status_code=bindparam("idempotency_status_code", type_=c.status_code.type),
                response_body=bindparam("idempotency_response_body", type_=c.response_body.type),
                content_type=bindparam("idempotency_content_type", type_=c.content_type.type),
            ),
        )
    return _statements[cache_key][1]


async def reserve(
    session: AsyncSession, tables: InfraTables, *, principal: str, key: str, fingerprint: str
) -> StoredAnswer | None:
    """Claim ``key`` for this request in the caller's transaction.

    Returns None when the key is new (the caller does the work, then ``complete``), or
    the stored answer of the first request with this key. Raises 422 when the key was
    used for a different request.
    """
    table = tables.idempotency
    values = dict(
        principal=principal,
        key=key,
        request_hash=fingerprint,
        status_code=_PENDING,
        response_body=b"",
        content_type="",
        created_at=utcnow(),
    )
    dialect = session.bind.dialect.name if session.bind is not None else ""
    if dialect in ("postgresql", "sqlite"):
        # one round trip; a concurrent holder of the key makes this wait for its commit
        conn = await session.connection()
        result = await conn.execute(_reserve_statement(table, dialect), values)
        if result.rowcount == 1:
            return None
    else:
        try:
            async with session.begin_nested():
                await session.execute(insert(table).values(**values))
            return None
        except IntegrityError:
            pass
    row = (
        await session.execute(
            select(table.c.request_hash, table.c.status_code, table.c.response_body, table.c.content_type).where(
                table.c.principal == principal, table.c.key == key
            )
        )
    ).one()
    if row.request_hash != fingerprint:
        raise Invalid(
            "idempotency.key_reused",
            "this Idempotency-Key was already used for a different request; use a new key for a new request",
            HEADER,
        )
    return StoredAnswer(row.status_code, bytes(row.response_body), row.content_type)


def completion(tables: InfraTables, *, principal: str, key: str, answer: StoredAnswer) -> tuple[UpdateBase, dict]:
    """The UPDATE that stores ``answer`` for a reserved key, and its parameters."""
    return _completion_statement(tables.idempotency), {
        "idempotency_principal": principal,
        "idempotency_key": key,
        "idempotency_status_code": answer.status_code,
        "idempotency_response_body": answer.body,
        "idempotency_content_type": answer.content_type,
    }


async def complete(
    session: AsyncSession, tables: InfraTables, *, principal: str, key: str, answer: StoredAnswer
) -> None:
    statement, params = completion(tables, principal=principal, key=key, answer=answer)
    conn = await session.connection()
    await conn.execute(statement, params)


@dataclass
class Answer:
    """What ``produce`` returns when its writes are left to ``run_idempotent``: the JSON-able
    answer and the Core INSERT/UPDATE/DELETE statements that make the change, not yet run,
    each with its parameters (bind names distinct across the statements)."""

    content: Any
    writes: list[tuple[UpdateBase, dict]] = field(default_factory=list)


_combined: dict[tuple[int, ...], tuple] = {}


async def execute_together(session: AsyncSession, writes: list[tuple[UpdateBase, dict]]) -> None:
    """Run independent write statements in the session's transaction, in one round trip on
    PostgreSQL (all but the last as data-modifying CTEs of the last), in order elsewhere.
    They must not depend on each other's effects (the CTEs share one snapshot)."""
    if not writes:
        return
    conn = await session.connection()
    if conn.dialect.name == "postgresql" and len(writes) > 1:
        statements = [statement for statement, _ in writes]
        cache_key = tuple(id(s) for s in statements)
        if cache_key not in _combined:  # statements are built once, so is their combination
            combined = statements[-1]
            for i, statement in enumerate(statements[:-1]):
                combined = combined.add_cte(statement.cte(f"write_{i}"))
            _combined[cache_key] = (statements, combined)
        params: dict = {}
        for _, p in writes:
            params.update(p)
        await conn.execute(_combined[cache_key][1], params)
        return
    for statement, params in writes:
        await conn.execute(statement, params)


def json_answer(status_code: int, content: Any) -> StoredAnswer:
    if isinstance(content, BaseModel):
        body = content.model_dump_json().encode()
    else:
        body = json.dumps(jsonable_encoder(content), separators=(",", ":"), ensure_ascii=False).encode()
    return StoredAnswer(status_code, body, "application/json")


async def run_idempotent(
    request: Request,
    session: AsyncSession,
    tables: InfraTables,
    *,
    principal: str,
    key: str | None,
    status_code: int,
    produce: Callable[[], Awaitable[Any]],
    secret: str | None = None,
) -> Response:
    """Run ``produce`` once per key, inside the caller's open transaction, and answer JSON.

    ``produce`` does the state change (and stages its events) in ``session`` and returns
    the JSON-able answer. Without a key it simply runs. ``secret``: the field of an answer that
    shows a secret once (a client's, a webhook's signing secret): the answer kept for a retry has
    it null (rotate it if the first answer was lost), and no cache keeps either (RFC 6749 5.1).
    """
    stored = None
    if key is not None:
        fingerprint = await request_fingerprint(request)
        stored = await reserve(session, tables, principal=principal, key=key, fingerprint=fingerprint)
    if stored is not None:
        response = stored.response()
    else:
        produced = await produce()
        if isinstance(produced, Answer):
            answer = json_answer(status_code, produced.content)
            writes = list(produced.writes)
            if key is not None:
                writes.append(completion(tables, principal=principal, key=key, answer=answer))
            await execute_together(session, writes)
        else:
            answer = json_answer(status_code, produced)
            if key is not None:
                keep = (
                    answer if secret is None else json_answer(status_code, produced.model_copy(update={secret: None}))
                )
                await complete(session, tables, principal=principal, key=key, answer=keep)
        response = Response(
            content=answer.body,
            status_code=answer.status_code,
            media_type=answer.content_type,
            headers={REPLAYED_HEADER: "false"} if key is not None else None,
        )
    if secret is not None:
        response.headers["Cache-Control"] = "no-store"
    return response


async def purge_expired(db, tables: InfraTables, *, older_than: datetime) -> int:
    """Delete remembered answers created before ``older_than``; returns how many."""
    keys = tables.idempotency
    async with db.session() as session, session.begin():
        result = await session.execute(delete(keys).where(keys.c.created_at < older_than))
    return result.rowcount or 0
