"""Pages of lists: the paging type, one page of a query, and the answer's shape.

No HTTP here, so the service layer can page queries; ``shared.api.PageParams`` reads
``offset`` and ``limit`` from a request (``KeysetPageParams`` also ``after``).

A long list (a national round's proposals) is paged by a cursor as well: ``after`` names the
last item of the page before (its sort key, opaque to the client), so each page is read from
the index where the one before ended. Paged by offset, each page read and skipped every item
before it: a round's last pages cost several times its first.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import UTC, datetime
from typing import Any, Generic, Self, TypeVar

from pydantic import BaseModel
from sqlalchemy import DateTime, func, literal, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from shared.errors import Invalid

# Beyond any real list, and well inside PostgreSQL's BIGINT: a larger offset is a 422, not a 500.
MAX_OFFSET = 1_000_000_000
MAX_LIMIT = 500


class Paging(BaseModel):
    offset: int = 0
    limit: int = 50
    after: str | None = None  # a page's ``next``: the items after it (lists paged by cursor)


async def _count(session: AsyncSession, query) -> int:
    return int(await session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0)


async def fetch_page(session: AsyncSession, query, *order_by, paging: Paging) -> tuple[list, int]:
    """One page of ``query``'s rows in ``order_by`` order, and how many it matches in all."""
    total = await _count(session, query)
    rows = (await session.scalars(query.order_by(*order_by).offset(paging.offset).limit(paging.limit))).all()
    return list(rows), total


def _cursor(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values, default=datetime.isoformat).encode()).decode().rstrip("=")


def _bad_cursor() -> Invalid:
    return Invalid("paging.bad_cursor", "after: not a cursor of this list (use a page's next as it is)", "after")


def _after(cursor: str, columns: tuple) -> list[Any]:
    """The sort key a cursor names, typed as its columns are."""
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise _bad_cursor() from None
    if not isinstance(values, list) or len(values) != len(columns):
        raise _bad_cursor()
    typed = []
    for column, value in zip(columns, values, strict=True):
        kind = getattr(column.type, "impl_instance", column.type)  # a TypeDecorator's underlying type
        if isinstance(value, str) and ("\x00" in value or not value.isprintable()):
            raise _bad_cursor()  # PostgreSQL refuses NUL in text; a lone surrogate cannot be sent
        if isinstance(kind, DateTime) and isinstance(value, str):
            try:
                value = datetime.fromisoformat(value)
                if value.tzinfo is None and kind.timezone:  # ours always carry it; one made by hand may not
                    value = value.replace(tzinfo=UTC)
                value = value.astimezone(UTC) if value.tzinfo is not None else value  # in range once in UTC
            except (ValueError, OverflowError):
                raise _bad_cursor() from None
        elif isinstance(kind, DateTime) or type(value) is not kind.python_type or isinstance(value, int):
            raise _bad_cursor()  # (an integer key would need its column's bounds checked: none is paged so yet)
        typed.append(value)
    return typed


async def fetch_keyset_page(
    session: AsyncSession, query, *columns, paging: Paging
) -> tuple[list, int | None, str | None]:
    """``fetch_page`` for a list also paged by cursor: ``columns`` (ascending, together unique)
    are its order and its cursor's key; with ``paging.after`` the page starts after that key
    (``offset`` must then be 0) and the total is not counted again (None: the first page's
    stands; counting every page was most of a cursor page's cost). Also the cursor of the page
    after this one (None: this is the last)."""
    if paging.after is not None and paging.offset:
        raise Invalid("paging.offset_with_after", "give offset or after, not both", "offset")
    total = None
    if paging.after is None:
        total = await _count(session, query)
    else:
        key = [
            literal(value, column.type) for column, value in zip(columns, _after(paging.after, columns), strict=True)
        ]
        query = query.where(tuple_(*columns) > tuple_(*key))
    # one row more than the page: whether a page follows (a full last page gets no next)
    rows = list((await session.scalars(query.order_by(*columns).offset(paging.offset).limit(paging.limit + 1))).all())
    more, rows = len(rows) > paging.limit, rows[: paging.limit]
    return rows, total, _cursor([getattr(rows[-1], c.key) for c in columns]) if more else None


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list: ``items`` from ``offset``, at most ``limit``, of ``total``."""

    items: list[T]
    total: int
    offset: int
    limit: int

    @classmethod
    def of(cls, items: list, total: int, paging: Paging) -> Self:
        return cls(items=items, total=total, offset=paging.offset, limit=paging.limit)


class KeysetPage(BaseModel, Generic[T]):
    """A page of a list also paged by cursor: ``Page``'s fields, ``next`` the ``after`` of the
    page after this one (None on the last page), and ``total`` None on a page read by cursor
    (the first page's stands)."""

    items: list[T]
    total: int | None
    offset: int
    limit: int
    next: str | None = None

    @classmethod
    def keyed(cls, items: list, total: int | None, paging: Paging, next_: str | None) -> Self:
        return cls(items=items, total=total, offset=paging.offset, limit=paging.limit, next=next_)
