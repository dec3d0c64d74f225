"""What a consumer retries without end (the database or broker away) and what it dead-letters
after its attempts: a lost connection is the first, also when the driver raises it unwrapped
(a COPY on the driver's own connection: shared.outbox.copy_records)."""

from __future__ import annotations

import asyncpg
import pytest
from sqlalchemy.exc import OperationalError

from shared.kafka.consumer import TRANSIENT


@pytest.mark.parametrize(
    "exc",
    [
        asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed in the middle of operation"),
        asyncpg.exceptions.AdminShutdownError("terminating connection due to administrator command"),
        asyncpg.exceptions.CannotConnectNowError("the database system is starting up"),
        OperationalError("SELECT 1", {}, ConnectionResetError()),
        ConnectionResetError(),
    ],
)
def test_a_lost_or_refused_database_connection_is_retried(exc):
    assert isinstance(exc, TRANSIENT)


@pytest.mark.parametrize(
    "exc",
    [
        asyncpg.exceptions.UniqueViolationError("duplicate key value violates unique constraint"),
        asyncpg.exceptions.DataError("invalid input syntax"),
        ValueError("a handler's bug"),
    ],
)
def test_what_fails_the_same_way_each_time_is_not(exc):
    assert not isinstance(exc, TRANSIENT)
